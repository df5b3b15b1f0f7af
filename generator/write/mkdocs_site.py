"""The MkDocs adapter: the only module that imports mkdocs (the site engine may change one day).

It merges the user's mkdocs.yml (read and checked by `check.site_config`) with the settings the
generator must own and runs MkDocs in-process with its log captured. Material's search UI is
kept (the box in the header, the results panel, its labels and highlighting) and answered by the
site's own search worker over Pagefind (see `write.search`): Material's lunr index stays empty.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import socket
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.site_config import (
    CONFIG_FILE,
    OWNED_KEYS,
    Env,
    PythonName,
    Relative,
    SiteConfig,
)
from generator.check.site_plugins import SEARCH_PLUGINS
from generator.diagnostics import UsageError
from generator.text import slugify

# The functions `!!python/name:` may name (see check.site_config), by module and attribute.
_PYTHON_NAMES: dict[str, tuple[str, str]] = {
    "material.extensions.emoji.twemoji": ("material.extensions.emoji", "twemoji"),
    "material.extensions.emoji.to_svg": ("material.extensions.emoji", "to_svg"),
    "pymdownx.superfences.fence_code_format": ("pymdownx.superfences", "fence_code_format"),
}


class SiteError(Exception):
    """MkDocs failed on pages we generated: a bug of ours (exit 3)."""


class TemplateRefusedError(Exception):
    """A template of the user's (theme.custom_dir, extra_templates) tried to reach Python."""


@dataclass(frozen=True)
class SiteBuild:
    """What the adapter needs besides the pages: decided by the build, not by MkDocs."""

    site_name: str
    language: str
    logo: str | None  # docs-relative path of the organisation logo, if any
    nav: list[Any]
    extra_css: list[str]
    extra_javascript: list[str]
    search_worker: str  # site-relative URL of the worker that answers Material's search box


def build_site(
    project: Path,
    config: SiteConfig,
    docs_dir: Path,
    site_dir: Path,
    build: SiteBuild,
    generated: dict[str, str],
    log: Callable[[str], None],
    hand_written: Collection[str] = (),
) -> list[tuple[str, str]]:
    """Run MkDocs over a docs folder holding the `hand_written` files (paths under docs/);
    `generated` pages (docs path -> Markdown) are written into it here. Returns MkDocs'
    warnings about hand-written pages, as (page, message).

    Raises SiteError for MkDocs errors, and for warnings about generated pages (our bug)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from jinja2.exceptions import SecurityError
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    stashes: dict[str, list[str]] = {}
    for rel, markdown in generated.items():
        text, stashes[rel] = stash_raw_html(markdown)
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    values = _merged_config(config, docs_dir, site_dir, build)
    mkdocs_config = MkDocsConfig(config_file_path=str(project / CONFIG_FILE))
    mkdocs_config.load_dict(_bind_placeholders(values, mkdocs_config))
    with _captured_mkdocs_log() as records:
        errors, _ = mkdocs_config.validate()
        if errors:
            problems = "; ".join(f"{name}: {error}" for name, error in errors)
            raise SiteError(f"MkDocs configuration: {problems}")
        plugin = _generated_pages_plugin(stashes, build.search_worker)
        mkdocs_config.plugins["handbook/generated-pages"] = plugin
        try:
            mkdocs_config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(mkdocs_config)
            finally:
                mkdocs_config.plugins.on_shutdown()
        except SecurityError as problem:
            raise TemplateRefusedError(str(problem)) from None
        except MkDocsException as problem:
            raise SiteError(f"MkDocs: {problem}") from problem
    # Warnings about mkdocs.yml were reported by `check` (see config_problems).
    messages = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    theirs = [(page, m) for m in messages if (page := _hand_written_page(m, hand_written))]
    ours = [m for m in messages if not _hand_written_page(m, hand_written)]
    if ours:
        raise SiteError("MkDocs reported problems in generated pages: " + " | ".join(ours))
    log(f"Site: {_count_pages(site_dir)} pages")
    return theirs


def config_problems(project: Path, config: SiteConfig) -> list[tuple[str, str, bool]]:
    """What MkDocs' own validation says of the user's settings, as (setting, message, is
    an error), for `check` to report at the setting. Only for a mkdocs.yml without errors of
    its own: validating loads the plugins and extensions it names."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config.defaults import MkDocsConfig

    with tempfile.TemporaryDirectory(prefix="handbook-check-") as folder:
        docs, site = Path(folder) / "docs", Path(folder) / "site"
        docs.mkdir()
        build = SiteBuild(config_site_name(config), "en", None, [], [], [], "")
        values = _merged_config(config, docs, site, build)
        mkdocs_config = MkDocsConfig(config_file_path=str(project / CONFIG_FILE))
        with _captured_mkdocs_log():
            try:
                mkdocs_config.load_dict(_bind_placeholders(values, mkdocs_config))
                errors, warnings = mkdocs_config.validate()
            except Exception as problem:  # a plugin or extension refusing its options
                return [("", f"MkDocs cannot use these settings: {problem}", True)]
    return [(name, str(error), True) for name, error in errors] + [
        (name, str(warning), False) for name, warning in warnings
    ]


def config_site_name(config: SiteConfig) -> str:
    name = config.values.get("site_name")
    return name if isinstance(name, str) else "handbook"


def _merged_config(
    config: SiteConfig, docs_dir: Path, site_dir: Path, build: SiteBuild
) -> dict[str, Any]:
    # MkDocs' own config classes check the user's values from here on.
    values: dict[str, Any] = {k: v for k, v in config.values.items() if k not in OWNED_KEYS}
    values.setdefault("site_name", build.site_name)
    theme = values.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {})
    theme["name"] = "material"
    theme["language"] = build.language
    theme["font"] = False  # no font is fetched from the internet
    # The page a search result opens shows the words searched for (Material's highlighter).
    features = theme.get("features")
    features = list(features) if isinstance(features, list) else []
    theme["features"] = (
        features if "search.highlight" in features else [*features, "search.highlight"]
    )
    if build.logo and "logo" not in theme:
        theme["logo"] = build.logo
    if build.logo and "favicon" not in theme:
        theme["favicon"] = build.logo
    values["theme"] = theme
    values["docs_dir"] = str(docs_dir)
    values["site_dir"] = str(site_dir)
    values["use_directory_urls"] = True
    values["nav"] = build.nav
    values["plugins"] = _plugins(values.get("plugins"), build.language)
    values["markdown_extensions"] = _markdown_extensions(
        values.get("markdown_extensions"), docs_dir
    )
    values["extra_css"] = [*(values.get("extra_css") or []), *build.extra_css]
    values["extra_javascript"] = [*(values.get("extra_javascript") or []), *build.extra_javascript]
    values["validation"] = {
        "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "warn"},
        "links": {
            "not_found": "warn",
            "anchors": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
        },
    }
    values["strict"] = False  # warnings are collected and judged here, not by MkDocs
    return values


def _plugins(user: Any, language: str) -> list[Any]:
    # Material's search plugin draws the search box and results panel; it indexes no page.
    plugins: list[Any] = [{"search": {"lang": language}}]
    entries = (
        user.items()
        if isinstance(user, dict)
        else [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in user or []]
    )
    for name, options in entries:
        if name in SEARCH_PLUGINS:
            continue
        plugins.append({name: options} if options else name)
    return plugins


def _markdown_extensions(user: Any, docs_dir: Path) -> list[Any]:
    def toc_slugify(value: str, separator: str) -> str:
        return slugify(value)

    # The extensions that read files read inside docs/ only, and never download.
    reading_files: dict[str, dict[str, Any]] = {
        "pymdownx.snippets": {
            "base_path": [str(docs_dir)],
            "restrict_base_path": True,
            "url_download": False,
        },
        "pymdownx.b64": {"base_path": str(docs_dir)},
    }
    extensions: list[Any] = []
    toc_options: dict[str, Any] = {"permalink": True}
    entries = (
        list(user.items())
        if isinstance(user, dict)
        else [next(iter(i.items())) if isinstance(i, dict) else (i, None) for i in user or []]
    )
    for name, options in entries:
        if name in ("toc", "markdown.extensions.toc"):
            toc_options.update(options or {})
            continue
        if name in reading_files:
            options = {**(options or {}), **reading_files[name]}
        extensions.append({name: options} if options else name)
    toc_options["slugify"] = toc_slugify
    extensions.append({"toc": toc_options})
    for required in ("attr_list",):  # generated headings carry their ids as attributes
        if required not in [e if isinstance(e, str) else next(iter(e)) for e in extensions]:
            extensions.append(required)
    return extensions


def _bind_placeholders(values: Any, mkdocs_config: Any) -> Any:
    """Turn !ENV and !relative markers into what MkDocs' own loader would have produced."""
    from mkdocs.utils.yaml import ConfigDirPlaceholder, DocsDirPlaceholder, RelativeDirPlaceholder

    if isinstance(values, dict):
        return {k: _bind_placeholders(v, mkdocs_config) for k, v in values.items()}
    if isinstance(values, list):
        return [_bind_placeholders(v, mkdocs_config) for v in values]
    if isinstance(values, Env):
        for name in values.names:
            if name in os.environ:
                return os.environ[name]
        return _bind_placeholders(values.default, mkdocs_config)
    if isinstance(values, PythonName):
        module, attribute = _PYTHON_NAMES[values.name]
        return getattr(importlib.import_module(module), attribute)
    if isinstance(values, Relative):
        suffix = values.suffix
        for prefix, placeholder in (
            ("$config_dir", ConfigDirPlaceholder),
            ("$docs_dir", DocsDirPlaceholder),
        ):
            if suffix.startswith(prefix):
                return placeholder(mkdocs_config, suffix.removeprefix(prefix).lstrip("/"))
        return RelativeDirPlaceholder(mkdocs_config, suffix)
    return values


class _ListHandler(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _captured_mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """MkDocs and Material log through 'mkdocs'; keep their lines off the user's terminal."""
    logger = logging.getLogger("mkdocs")
    records: list[logging.LogRecord] = []
    handler = _ListHandler(records)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


def _hand_written_page(message: str, hand_written: Collection[str]) -> str | None:
    """The hand-written page a MkDocs message is about ("Doc file 'x.md' ..."), if any (file
    names may hold quotes, so the message is matched against the names, not parsed)."""
    return next((page for page in hand_written if f"Doc file '{page}'" in message), None)


def _count_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html"))


# --- raw HTML of generated pages -------------------------------------------------------------

_STASH_TOKEN = "HBSTASH{}HB"
_STASHED = re.compile(r"<p>HBSTASH(\d+)HB</p>")
_HEADING = re.compile(r"#{1,6}\s")


def stash_raw_html(markdown: str) -> tuple[str, list[str]]:
    """Replace every run of lines between headings with a token paragraph.

    Generated pages are HTML blocks between Markdown headings (kept for MkDocs' table of contents
    and anchors). Python-Markdown would pass the HTML through unchanged, but parsing it costs
    most of a large build; the plugin below puts it back after conversion. A heading is a line
    starting with '#' after a blank line: content HTML never starts a line with '#' (the site's
    Markdown renderer writes it as '&#35;')."""
    lines = markdown.split("\n")
    output: list[str] = []
    chunks: list[str] = []
    run: list[str] = []
    body_start = _front_matter_end(lines)
    output.extend(lines[:body_start])

    def flush() -> None:
        while run and not run[-1].strip():
            run.pop()
        if any(line.strip() for line in run):
            if output and output[-1]:
                output.append("")
            output.extend([_STASH_TOKEN.format(len(chunks)), ""])
            chunks.append("\n".join(run).strip("\n"))
        run.clear()

    previous_blank = True
    for line in lines[body_start:]:
        if previous_blank and _HEADING.match(line):
            flush()
            output.append(line)
        elif run or line.strip():
            run.append(line)
        else:
            output.append(line)
        previous_blank = not line.strip()
    flush()
    return "\n".join(output) + "\n", chunks


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0] == "---":
        for index in range(1, len(lines)):
            if lines[index] == "---":
                return index + 1
    return 0


# Where Material's templates name its own (lunr) search worker.
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def _generated_pages_plugin(stashes: dict[str, list[str]], search_worker: str) -> Any:
    """Puts generated pages' raw HTML back, and hands Material's search box to our worker."""
    from mkdocs.plugins import BasePlugin, event_priority

    class GeneratedPages(BasePlugin):  # type: ignore[type-arg, no-untyped-call]
        def on_page_content(self, html: str, page: Any, **kwargs: Any) -> str:
            # Pagefind indexes every page after the build; lunr's index would only be
            # downloaded by every visitor and never used.
            page.meta["search"] = {"exclude": True}
            return html

        @event_priority(100)  # first: other plugins see the page as served
        def on_post_page(self, output: str, page: Any, **kwargs: Any) -> str:
            # The raw HTML goes back into the finished page, not into `page.content`: the
            # theme and the other plugins then pass a few tokens around instead of a large
            # page's megabytes (Material's search plugin runs a regex over every page's
            # content, even an excluded one's).
            chunks = stashes.get(page.file.src_uri)
            if chunks is None:
                return output
            return _STASHED.sub(lambda match: chunks[int(match.group(1))], output)

        def on_env(self, env: Any, **kwargs: Any) -> Any:
            self.sandbox = sandboxed(env)
            _replace_search_worker(self.sandbox, search_worker)
            return self.sandbox

        def on_pre_template(self, template: Any, template_name: str, config: Any) -> Any:
            # `extra_templates` are compiled by MkDocs outside the theme's environment.
            if template.environment is self.sandbox:
                return template
            source = (Path(config["docs_dir"]) / template_name).read_text(encoding="utf-8")
            return self.sandbox.from_string(source)

    return GeneratedPages()


def _replace_search_worker(env: Any, search_worker: str) -> None:
    """Material takes its search worker's URL from the page (`__config.search`) and documents
    that a site may answer its search box with a worker of its own: the theme's `url` filter
    gives ours wherever a template asks for Material's."""
    from jinja2 import pass_context

    theme_url = env.filters["url"]

    @pass_context
    def url(context: Any, value: str) -> str:
        if search_worker and _MATERIAL_WORKER.fullmatch(value):
            value = search_worker
        return str(theme_url(context, value))

    env.filters["url"] = url


def sandboxed(env: Any) -> Any:
    """The theme's Jinja environment as a sandbox: templates from `theme.custom_dir` and
    `extra_templates` are the user's data and may restyle pages, never reach Python (no
    `__globals__`, no unsafe methods)."""
    from jinja2.sandbox import SandboxedEnvironment

    sandbox = SandboxedEnvironment(
        loader=env.loader,
        extensions=[type(extension) for extension in env.extensions.values()],
        autoescape=env.autoescape,
        auto_reload=env.auto_reload,
        undefined=env.undefined,
        finalize=env.finalize,
        trim_blocks=env.trim_blocks,
        lstrip_blocks=env.lstrip_blocks,
        keep_trailing_newline=env.keep_trailing_newline,
    )
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    sandbox.globals.update(env.globals)
    sandbox.policies.update(env.policies)
    return sandbox


# --- preview server -------------------------------------------------------------------------------


def check_address(host: str, port: int) -> None:
    """UsageError (one line, exit 2) unless the preview can listen on `host`:`port`: a port in
    use or an address that is not this machine's is found before the first build."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, OverflowError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(f"cannot serve on {host}:{port}: {reason}") from None


def serve(
    root: Path,
    host: str,
    port: int,
    watch: list[Path],
    rebuild: Callable[[], None],
) -> None:
    """Serve `root` with live reload, calling `rebuild` whenever a watched path changes."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root))
    for path in watch:
        if path.exists():
            server.watch(str(path))
    with _captured_mkdocs_log():
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
