"""Issue 15, class 4 and acceptance 2: no network request during `check` or `build`.

A local listener stands in for the internet: the project points every URL it can at it
(`site_url`, `repo_url`, favicon, extra CSS and JavaScript, social links, images and links in
`docs/` pages and in content). The build runs in a subprocess whose interpreter, and every PDF
worker it spawns, carries an audit hook (via `sitecustomize`) that records each socket connect,
name lookup and urllib request: the listener must stay silent and the record empty.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import TODAY, Run
from support_hostile import (
    assert_content_error,
    assert_no_crash,
    find_diagnostic,
    locate,
    minimal_copy,
    replace_in,
    run_cli,
)

# The allow-list derived for issue 15 (see the report that came with these tests): every name
# here fetches nothing at build time and runs no code of the user's. Sources:
# - Material plugins: https://squidfunk.github.io/mkdocs-material/plugins/ (one page each) and
#   the plugin sources in material/plugins/*/plugin.py (privacy, social and info import
#   `requests`; projects builds other MkDocs projects; group enables other plugins; optimize
#   runs pngquant and writes a cache outside the output).
ALLOWED_PLUGINS = (
    "search",  # MkDocs' own; handbook sets its options
    "material/search",
    "material/tags",  # https://squidfunk.github.io/mkdocs-material/plugins/tags/
    "material/blog",  # https://squidfunk.github.io/mkdocs-material/plugins/blog/
    "material/meta",  # https://squidfunk.github.io/mkdocs-material/plugins/meta/
    # material/offline is refused by check (it rewrites the URLs handbook owns), so not here.
    "material/typeset",  # https://squidfunk.github.io/mkdocs-material/plugins/typeset/
)
# - Python-Markdown: https://python-markdown.github.io/extensions/ (short and dotted names).
PYTHON_MARKDOWN_EXTENSIONS = (
    "abbr",
    "admonition",
    "attr_list",
    "codehilite",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
)
# - PyMdown Extensions: https://facelessuser.github.io/pymdown-extensions/ (the index of
#   extensions); snippets and b64 read files, so handbook must pin their base path to docs/
#   (and snippets' url_download to false).
PYMDOWN_EXTENSIONS = (
    "pymdownx.arithmatex",
    "pymdownx.b64",
    "pymdownx.betterem",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.caption",
    "pymdownx.blocks.definition",
    "pymdownx.blocks.details",
    "pymdownx.blocks.html",
    "pymdownx.blocks.tab",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.escapeall",
    "pymdownx.extra",
    "pymdownx.fancylists",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.mark",
    "pymdownx.pathconverter",
    "pymdownx.progressbar",
    "pymdownx.quotes",
    "pymdownx.saneheaders",
    "pymdownx.smartsymbols",
    "pymdownx.snippets",
    "pymdownx.striphtml",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
)
# - Material's own Markdown extension (instant previews):
#   https://squidfunk.github.io/mkdocs-material/setup/setting-up-navigation/#instant-previews
MATERIAL_EXTENSIONS = ("material.extensions.preview",)
# Options copied from Material's documentation, for the extensions that need them.
_EXTENSION_OPTIONS = {
    "pymdownx.arithmatex": "generic: true",
    "pymdownx.emoji": (
        "emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "emoji_generator: !!python/name:material.extensions.emoji.to_svg"
    ),
    "pymdownx.superfences": (
        "custom_fences:\n"
        "  - name: mermaid\n"
        "    class: mermaid\n"
        "    format: !!python/name:pymdownx.superfences.fence_code_format"
    ),
    "toc": "permalink: true",
}
# Material plugins that fetch or run code: each an error at its name from `check`.
REFUSED_PLUGINS = ("material/privacy", "material/social", "material/info", "material/projects")

_SITECUSTOMIZE = '''
"""Test hook: record every network attempt of this interpreter (issue 15, no network)."""
import os
import socket
import sys

_LOG = os.environ.get("HANDBOOK_TEST_NETWORK_LOG")


def _record(event, args):
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
    elif event not in ("socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        return
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {event} {args[1:] if event == 'socket.connect' else args!r}\\n")


if _LOG:
    sys.addaudithook(_record)
'''


@dataclass
class Listener:
    port: int
    hits: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A TCP server on 127.0.0.1 that records every connection (and answers an empty 200)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    found = Listener(server.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    found.hits.append(connection.recv(4096))
                    connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join(5)
        server.close()


@dataclass
class Audited:
    log: Path
    env: dict[str, str]

    def attempts(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


@pytest.fixture
def audited(tmp_path: Path) -> Audited:
    hook = tmp_path / "network-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    return Audited(log, {"PYTHONPATH": str(hook), "HANDBOOK_TEST_NETWORK_LOG": str(log)})


def _allow_list_config(url: str) -> str:
    extensions = []
    for name in (*PYTHON_MARKDOWN_EXTENSIONS, *PYMDOWN_EXTENSIONS, *MATERIAL_EXTENSIONS):
        options = _EXTENSION_OPTIONS.get(name)
        if options:
            extensions.append(f"  - {name}:\n" + textwrap.indent(options, " " * 6))
        else:
            extensions.append(f"  - {name}")
    plugins = "\n".join(f"  - {name}" for name in ALLOWED_PLUGINS if name != "material/search")
    return (
        "site_name: Trà Sen\n"
        f"site_url: {url}/site/\n"
        f"repo_url: {url}/repo/\n"
        "edit_uri: edit/main/docs/\n"
        "theme:\n"
        "  name: material\n"
        f"  favicon: {url}/favicon.png\n"
        "  features: [navigation.instant, navigation.instant.prefetch, content.code.copy]\n"
        "extra:\n"
        "  social:\n"
        "    - icon: fontawesome/brands/github\n"
        f"      link: {url}/social\n"
        "  alternate:\n"
        "    - name: English\n"
        f"      link: {url}/en/\n"
        f"extra_css:\n  - {url}/extra.css\n"
        f"extra_javascript:\n  - {url}/extra.js\n"
        f"plugins:\n{plugins}\n"
        "markdown_extensions:\n" + "\n".join(extensions) + "\n"
    )


def _docs_page(url: str) -> str:
    return (
        "# Trang thêm\n\n"
        f"![ảnh từ xa]({url}/image.png)\n\n"
        f'<img src="{url}/raw.png" alt="ảnh HTML">\n\n'
        f"[liên kết]({url}/link) và {url}/magic-link\n\n"
        "``` mermaid\ngraph LR\n  A --> B\n```\n\n"
        "$$ E = mc^2 $$\n\n"
        "++ctrl+alt+del++ ==đánh dấu== ^^chèn^^ ~~xoá~~ :smile:\n\n"
        "!!! note\n    Ghi chú.\n"
    )


def _network_project(tmp_path: Path, url: str) -> Path:
    project = minimal_copy(tmp_path)
    (project / "mkdocs.yml").write_text(_allow_list_config(url), encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "them.md").write_text(_docs_page(url), encoding="utf-8")
    # Content may link the web (books keep the link clickable); nothing may fetch it.
    replace_in(
        project / "content" / "sops" / "pha-tra.yml",
        "purpose: Mỗi ly trà sen có cùng hương vị.",
        f"purpose: Mỗi ly trà sen có cùng hương vị; xem [công thức]({url}/cong-thuc).",
    )
    return project


def _assert_offline(listener: Listener, audited: Audited, *runs: Run) -> None:
    for run in runs:
        assert_no_crash(run)
    assert listener.hits == [], f"the build connected to the listener: {listener.hits}"
    assert audited.attempts() == [], "network attempts:\n" + "\n".join(audited.attempts())


@pytest.mark.e2e
def test_a_full_build_with_every_allowed_plugin_and_extension_makes_no_request(
    tmp_path: Path, listener: Listener, audited: Audited
) -> None:
    project = _network_project(tmp_path, listener.url)
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path, env=audited.env)
    assert checked.code == 0, checked.err
    out = tmp_path / "site"
    built = run_cli(
        "build", str(project), "--out", str(out), "--today", TODAY, "--jobs", "2",
        cwd=tmp_path, env=audited.env,
    )  # fmt: skip
    assert built.code == 0, built.err + built.out
    assert any((out / "pdf").glob("*.pdf")), "the build wrote no books"
    _assert_offline(listener, audited, checked, built)
    # Nothing written outside the output: no plugin cache in the project or the current folder.
    assert not (project / ".cache").exists() and not (tmp_path / ".cache").exists()


def test_the_audit_hook_sees_a_request(
    tmp_path: Path, listener: Listener, audited: Audited
) -> None:
    # The guard of the test above: the hook and the listener do catch a real request.
    script = tmp_path / "fetch.py"
    script.write_text(
        f"import urllib.request\nurllib.request.urlopen('{listener.url}/probe').read()\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, str(script)], env={**audited.env}, check=True, capture_output=True
    )
    assert listener.hits and any("socket.connect" in line for line in audited.attempts())


@pytest.mark.parametrize("plugin", REFUSED_PLUGINS)
def test_a_plugin_that_fetches_is_an_error_at_its_name(
    tmp_path: Path, listener: Listener, audited: Audited, plugin: str
) -> None:
    project = minimal_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(f"site_name: Trà Sen\nplugins:\n  - {plugin}\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "them.md").write_text(_docs_page(listener.url), encoding="utf-8")
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path, env=audited.env)
    assert_content_error(checked, "mkdocs.yml", locate(config, plugin), (plugin,))
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(tmp_path / "site"), "--today", TODAY,
        cwd=tmp_path, env=audited.env,
    )  # fmt: skip
    assert built.code == 1
    _assert_offline(listener, audited, checked, built)


def test_a_refused_plugin_inside_a_group_is_an_error(tmp_path: Path, listener: Listener) -> None:
    project = minimal_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        "site_name: Trà Sen\nplugins:\n  - material/group:\n      enabled: true\n"
        "      plugins:\n        - material/privacy\n",
        encoding="utf-8",
    )
    checked = run_cli("check", str(project), "--today", TODAY)
    assert_no_crash(checked)
    assert checked.code == 1
    at_group = find_diagnostic(checked.err, "mkdocs.yml", locate(config, "material/group"))
    at_nested = find_diagnostic(checked.err, "mkdocs.yml", locate(config, "material/privacy"))
    assert at_group or at_nested, checked.err


def test_snippets_never_download(tmp_path: Path, listener: Listener, audited: Audited) -> None:
    project = minimal_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        "site_name: Trà Sen\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      url_download: true\n",
        encoding="utf-8",
    )
    (project / "docs").mkdir()
    (project / "docs" / "them.md").write_text(
        f'# Thêm\n\n--8<-- "{listener.url}/doan.md"\n', encoding="utf-8"
    )
    checked = run_cli("check", str(project), "--today", TODAY, cwd=tmp_path, env=audited.env)
    built = run_cli(
        "build", str(project), "--no-pdf", "--out", str(tmp_path / "site"), "--today", TODAY,
        cwd=tmp_path, env=audited.env,
    )  # fmt: skip
    _assert_offline(listener, audited, checked, built)
    assert find_diagnostic(checked.err, "mkdocs.yml", locate(config, "url_download"), None)
