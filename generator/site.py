"""The MkDocs adapter: the only module that imports mkdocs (the site engine may change one day).

It reads the user's mkdocs.yml safely, owns the settings the generator must control, runs MkDocs
in-process with its log captured, and adds the diacritic-folded search field afterwards.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, Position, did_you_mean, suggestion
from generator.loader import Invalid, Mapping, Node, Scalar, Sequence, load_yaml
from generator.search_index import FOLDED_FIELDS, finish_index, page_entries

CONFIG_FILE = "mkdocs.yml"
_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
# Values copied from Material's documentation: looked up in this table, never imported by a
# name the user wrote.
PYTHON_NAMES: dict[str, tuple[str, str]] = {
    "material.extensions.emoji.twemoji": ("material.extensions.emoji", "twemoji"),
    "material.extensions.emoji.to_svg": ("material.extensions.emoji", "to_svg"),
    "pymdownx.superfences.fence_code_format": ("pymdownx.superfences", "fence_code_format"),
}
ALLOWED_TAGS = frozenset({"!ENV", "!relative", *(_PYTHON_NAME + name for name in PYTHON_NAMES)})
OWNED_KEYS = ("docs_dir", "site_dir", "nav", "use_directory_urls")
OWNED_THEME_KEYS = ("language", "font")
# Plugins that rewrite the nav or the docs folder, or replace search: they fight our settings.
CONFLICTING_PLUGINS = frozenset(
    {
        "awesome-pages",
        "literate-nav",
        "section-index",
        "gen-files",
        "monorepo",
        "multirepo",
        "same-dir",
        "include-dir-to-nav",
        "mkdocs-nav-weight",
    }
)
SEARCH_PLUGINS = ("search", "material/search")


class SiteError(Exception):
    """MkDocs failed on pages we generated: a bug of ours (exit 3)."""


@dataclass(frozen=True)
class _Relative:
    suffix: str


@dataclass(frozen=True)
class _Env:
    names: tuple[str, ...]
    default: Any


@dataclass
class SiteConfig:
    """The user's mkdocs.yml as plain data (tags kept as markers) with key positions."""

    values: dict[str, Any] = field(default_factory=dict)
    path: str = CONFIG_FILE
    exists: bool = False


# --- reading and checking mkdocs.yml ------------------------------------------------------------


def read_site_config(project: Path, diagnostics: Diagnostics) -> SiteConfig:
    """Load mkdocs.yml (optional) and report what handbook cannot build with."""
    file = project / CONFIG_FILE
    if not file.is_file():
        return SiteConfig()
    document = load_yaml(file, CONFIG_FILE, diagnostics, ALLOWED_TAGS)
    if document is None or document.root is None:
        return SiteConfig(exists=True)
    root = document.root
    if not isinstance(root, Mapping):
        diagnostics.error(root.pos, "mkdocs.yml must be a mapping of settings")
        return SiteConfig(exists=True)
    _check_owned(root, diagnostics)
    _check_theme(root, diagnostics)
    _check_plugins(root, diagnostics)
    _check_toc(root, diagnostics)
    values = _plain(root)
    assert isinstance(values, dict)
    return SiteConfig(values, CONFIG_FILE, exists=True)


def _entry(mapping: Mapping, key: str) -> tuple[Scalar, Node] | None:
    return mapping.entries.get(key)


def _check_owned(root: Mapping, diagnostics: Diagnostics) -> None:
    for key in OWNED_KEYS:
        entry = _entry(root, key)
        if entry:
            diagnostics.warning(entry[0].pos, f"'{key}' is set by handbook; your value is ignored")


def _check_theme(root: Mapping, diagnostics: Diagnostics) -> None:
    entry = _entry(root, "theme")
    if entry is None:
        return
    theme = entry[1]
    if isinstance(theme, Scalar):
        name: Node | None = theme
    elif isinstance(theme, Mapping):
        name = theme.entries["name"][1] if "name" in theme.entries else None
        for key in OWNED_THEME_KEYS:
            owned = theme.entries.get(key)
            if owned:
                diagnostics.warning(
                    owned[0].pos, f"'theme.{key}' is set by handbook; your value is ignored"
                )
    else:
        diagnostics.error(theme.pos, "'theme' must be a name or a mapping of settings")
        return
    if isinstance(name, Scalar) and name.value != "material":
        diagnostics.error(
            name.pos, f"theme '{name.value}' is not supported; handbook builds with 'material'"
        )


def _plugin_entries(root: Mapping) -> Iterator[tuple[Scalar, Node | None]]:
    entry = _entry(root, "plugins")
    if entry is None:
        return
    plugins = entry[1]
    if isinstance(plugins, Mapping):
        for key, value in plugins.entries.values():
            yield key, value
    elif isinstance(plugins, Sequence):
        for item in plugins.items:
            if isinstance(item, Scalar):
                yield item, None
            elif isinstance(item, Mapping) and len(item.entries) == 1:
                key, value = next(iter(item.entries.values()))
                yield key, value


def _installed_plugins() -> set[str]:
    return {plugin.name for plugin in entry_points(group="mkdocs.plugins")}


def _check_plugins(root: Mapping, diagnostics: Diagnostics) -> None:
    installed = _installed_plugins()
    for name, options in _plugin_entries(root):
        plugin = name.value
        if plugin in SEARCH_PLUGINS:
            if options is not None and not (isinstance(options, Mapping) and not options.entries):
                diagnostics.warning(
                    name.pos, f"options of plugin '{plugin}' are set by handbook; yours are ignored"
                )
        elif plugin not in installed:
            material = f"material/{plugin}"
            hint = (
                suggestion(material) if material in installed else did_you_mean(plugin, installed)
            )
            diagnostics.error(name.pos, f"plugin '{plugin}' is not installed{hint}")
        elif plugin in CONFLICTING_PLUGINS:
            diagnostics.error(
                name.pos,
                f"plugin '{plugin}' conflicts with handbook, which builds the nav and docs"
                " folder itself; remove it",
            )


def _check_toc(root: Mapping, diagnostics: Diagnostics) -> None:
    entry = _entry(root, "markdown_extensions")
    if entry is None or not isinstance(entry[1], Sequence):
        return
    for item in entry[1].items:
        if isinstance(item, Mapping) and "toc" in item.entries:
            options = item.entries["toc"][1]
            if isinstance(options, Mapping) and "slugify" in options.entries:
                diagnostics.warning(
                    options.entries["slugify"][0].pos,
                    "'toc.slugify' is set by handbook (Vietnamese-safe anchors); yours is ignored",
                )


def _plain(node: Node) -> Any:
    if isinstance(node, Mapping):
        return {key: _plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        items = [_plain(item) for item in node.items]
        if node.tag == "!ENV":
            return _Env(tuple(str(i) for i in items[:-1]) or (str(items[0]),), items[-1])
        return items
    if isinstance(node, Scalar):
        if node.tag == "!ENV":
            return _Env((node.value,), None)
        if node.tag == "!relative":
            return _Relative(node.value)
        if node.tag and node.tag.startswith(_PYTHON_NAME):
            module, name = PYTHON_NAMES[node.tag.removeprefix(_PYTHON_NAME)]
            return getattr(importlib.import_module(module), name)
        if node.plain:
            return _plain_scalar(node.value)
        return node.value
    assert isinstance(node, Invalid)
    return None


def _plain_scalar(value: str) -> Any:
    if value in ("", "~", "null"):
        return None
    if value in ("true", "True"):
        return True
    if value in ("false", "False"):
        return False
    for number_type in (int, float):
        with contextlib.suppress(ValueError):
            return number_type(value)
    return value


# --- hand-written pages in docs/ -----------------------------------------------------------------

RESERVED_SECTIONS = frozenset(
    {"roles", "sops", "processes", "kpis", "okrs", "glossary", "raci", "tags", "audit",
     "checklists", "_content", "pdf", "assets", "search"}
)  # fmt: skip


def check_docs_folder(project: Path, diagnostics: Diagnostics) -> int:
    """Report hand-written pages at generated paths; returns how many docs files were read."""
    docs = project / "docs"
    if not docs.is_dir():
        return 0
    count = 0
    for file in sorted(docs.rglob("*")):
        rel = file.relative_to(docs)
        if not file.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        count += 1
        first = rel.parts[0] if len(rel.parts) > 1 else ""
        is_home = rel.as_posix() in ("index.md", "README.md")
        if is_home or (first in RESERVED_SECTIONS and (file.suffix == ".md" or first == "assets")):
            if first == "assets" and rel.parts[1:2] != ("handbook",):
                continue
            diagnostics.error(
                Position(f"docs/{rel.as_posix()}"),
                "this page would replace a page handbook generates; move it to another folder",
            )
    return count


# --- building -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteBuild:
    """What the adapter needs besides the pages: decided by the build, not by MkDocs."""

    site_name: str
    language: str
    logo: str | None  # docs-relative path of the organisation logo, if any
    nav: list[Any]
    extra_css: list[str]
    extra_javascript: list[str]


def build_site(
    project: Path,
    config: SiteConfig,
    docs_dir: Path,
    site_dir: Path,
    build: SiteBuild,
    generated: dict[str, str],
    log: Callable[[str], None],
) -> list[str]:
    """Run MkDocs over a docs folder holding hand-written files; `generated` pages (docs path ->
    Markdown) are written into it here. Returns MkDocs' warnings about hand-written pages.

    Raises SiteError for MkDocs errors, and for warnings about generated pages (our bug)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
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
        errors, warnings = mkdocs_config.validate()
        if errors:
            problems = "; ".join(f"{name}: {error}" for name, error in errors)
            raise SiteError(f"MkDocs configuration: {problems}")
        search_entries: list[dict[str, Any]] = []
        plugin = _generated_pages_plugin(stashes, search_entries)
        mkdocs_config.plugins["handbook/generated-pages"] = plugin
        try:
            mkdocs_config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(mkdocs_config)
            finally:
                mkdocs_config.plugins.on_shutdown()
        except MkDocsException as problem:
            raise SiteError(f"MkDocs: {problem}") from problem
    messages = [f"mkdocs.yml: '{name}': {warning}" for name, warning in warnings]
    messages += [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    ours = [m for m in messages if not _about_hand_written_page(m, project)]
    if ours:
        raise SiteError("MkDocs reported problems in generated pages: " + " | ".join(ours))
    index_file = site_dir / "search" / "search_index.json"
    if index_file.is_file():
        finish_index(index_file, search_entries)
    log(f"Site: {_count_pages(site_dir)} pages")
    return messages


def _merged_config(
    config: SiteConfig, docs_dir: Path, site_dir: Path, build: SiteBuild
) -> dict[str, Any]:
    values = {k: v for k, v in config.values.items() if k not in OWNED_KEYS}
    values.setdefault("site_name", build.site_name)
    theme = values.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {})
    theme["name"] = "material"
    theme["language"] = build.language
    theme["font"] = False  # no font is fetched from the internet
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
    values["markdown_extensions"] = _markdown_extensions(values.get("markdown_extensions"))
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
    search = {
        "search": {
            "lang": language,
            # lunr's trimmer cuts Vietnamese words ("giá" -> "gi"): keep the stop words only.
            "pipeline": ["stopWordFilter"],
            "fields": {field: {"boost": boost} for field, boost in FOLDED_FIELDS.items()},
        }
    }
    plugins: list[Any] = [search]
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


def _markdown_extensions(user: Any) -> list[Any]:
    from generator.text import slugify as spec_slugify

    def toc_slugify(value: str, separator: str) -> str:
        return spec_slugify(value)

    extensions: list[Any] = []
    toc_options: dict[str, Any] = {"permalink": True}
    for item in user or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name == "toc":
            toc_options.update(options or {})
            continue
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
    if isinstance(values, _Env):
        for name in values.names:
            if name in os.environ:
                return os.environ[name]
        return values.default
    if isinstance(values, _Relative):
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


_DOC_FILE = re.compile(r"Doc file '([^']+)'")


def _about_hand_written_page(message: str, project: Path) -> bool:
    match = _DOC_FILE.search(message)
    return match is not None and (project / "docs" / match.group(1)).is_file()


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


def _generated_pages_plugin(
    stashes: dict[str, list[str]], search_entries: list[dict[str, Any]]
) -> Any:
    """Puts generated pages' raw HTML back and writes their search entries (see search_index)."""
    from mkdocs.plugins import BasePlugin

    class GeneratedPages(BasePlugin):  # type: ignore[type-arg, no-untyped-call]
        def on_page_content(self, html: str, page: Any, **kwargs: Any) -> str:
            chunks = stashes.get(page.file.src_uri)
            if chunks is None:
                return html
            search = page.meta.get("search") or {}
            search_entries.extend(
                page_entries(page.url, html, chunks, _STASHED, search.get("boost"))
            )
            page.meta["search"] = {"exclude": True}  # indexed above, not by Material again
            return _STASHED.sub(lambda match: chunks[int(match.group(1))], html)

    return GeneratedPages()


# --- preview server -------------------------------------------------------------------------------


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
