"""The plugins and Markdown extensions mkdocs.yml may name: an allow-list, because each name
is code that MkDocs would import and run.

Admitted: Python-Markdown's and pymdown-extensions' documented extensions, Material's documented
plugins that fetch nothing and run no code of their own, and search (handbook sets its
options). The extensions that read files (`pymdownx.snippets`, `pymdownx.b64`) read only inside
docs/: handbook sets their base path, and a user value for it is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import entry_points

from generator.diagnostics import Diagnostics, did_you_mean, suggestion
from generator.load.yaml_tree import Mapping, Node, Scalar, Sequence

SEARCH_PLUGINS = ("search", "material/search")
ALLOWED_PLUGINS = frozenset(
    {*SEARCH_PLUGINS, "material/tags", "material/blog", "material/meta", "material/typeset"}
)
# Installed with Material, documented, and refused, each for its reason.
REFUSED_PLUGINS = {
    "material/privacy": "downloads external assets during the build (handbook builds offline)",
    "material/social": "draws social cards with fonts and images fetched from the internet",
    "material/info": "sends a request to GitHub during the build",
    "material/optimize": "runs external image tools and writes a cache into the project",
    "material/projects": "builds other MkDocs projects, running their hooks",
    "material/group": "switches other plugins on, which handbook cannot check",
}
# Plugins that rewrite the nav, the docs folder or the URLs, or replace search: they fight
# the settings handbook owns.
CONFLICTING_PLUGINS = frozenset(
    {
        "material/offline",
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

_PYTHON_MARKDOWN = (
    "abbr admonition attr_list codehilite def_list extra fenced_code footnotes legacy_attrs"
    " legacy_em md_in_html meta nl2br sane_lists smarty tables toc wikilinks"
).split()
_PYMDOWN = (
    "arithmatex b64 betterem blocks.admonition blocks.caption blocks.definition blocks.details"
    " blocks.html blocks.tab caret critic details emoji escapeall extra fancylists highlight"
    " inlinehilite keys magiclink mark pathconverter progressbar quotes saneheaders smartsymbols"
    " snippets striphtml superfences tabbed tasklist tilde"
).split()
ALLOWED_EXTENSIONS = frozenset(
    {
        *_PYTHON_MARKDOWN,
        *(f"markdown.extensions.{name}" for name in _PYTHON_MARKDOWN),
        *(f"pymdownx.{name}" for name in _PYMDOWN),
        "material.extensions.preview",
    }
)
# Options of the file-reading extensions that handbook sets: they read inside docs/ only.
OWNED_EXTENSION_OPTIONS = {
    "pymdownx.snippets": ("base_path", "restrict_base_path", "url_download", "url_request_headers"),
    "pymdownx.b64": ("base_path",),
}


def named_entries(node: Node) -> Iterator[tuple[Scalar, Node | None]]:
    """(name, options) of each entry of a plugins or markdown_extensions setting, written as a
    list of names and one-key mappings, or as one mapping."""
    if isinstance(node, Mapping):
        yield from node.entries.values()
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Scalar):
                yield item, None
            elif isinstance(item, Mapping) and len(item.entries) == 1:
                yield next(iter(item.entries.values()))


def check_plugins(node: Node, diagnostics: Diagnostics) -> None:
    installed = {plugin.name for plugin in entry_points(group="mkdocs.plugins")}
    for name, options in named_entries(node):
        plugin = name.value
        if plugin in SEARCH_PLUGINS:
            if options is not None and not (isinstance(options, Mapping) and not options.entries):
                diagnostics.warning(
                    name.pos, f"options of plugin '{plugin}' are set by handbook; yours are ignored"
                )
        elif plugin not in installed:
            material = f"material/{plugin}"
            hint = (
                suggestion(material)
                if material in ALLOWED_PLUGINS
                else did_you_mean(plugin, ALLOWED_PLUGINS)
            )
            diagnostics.error(name.pos, f"plugin '{plugin}' is not installed{hint}")
        elif plugin in CONFLICTING_PLUGINS:
            diagnostics.error(
                name.pos,
                f"plugin '{plugin}' conflicts with handbook, which builds the nav, docs folder"
                " and URLs itself; remove it",
            )
        elif plugin in REFUSED_PLUGINS:
            diagnostics.error(
                name.pos, f"plugin '{plugin}' is not allowed: it {REFUSED_PLUGINS[plugin]}"
            )
        elif plugin not in ALLOWED_PLUGINS:
            diagnostics.error(
                name.pos,
                f"plugin '{plugin}' is not allowed: handbook runs only plugins it knows fetch"
                " nothing and run no code of their own",
            )


def check_extensions(node: Node, diagnostics: Diagnostics) -> None:
    for name, options in named_entries(node):
        extension = name.value
        if extension not in ALLOWED_EXTENSIONS:
            hint = did_you_mean(extension, ALLOWED_EXTENSIONS)
            diagnostics.error(
                name.pos,
                f"Markdown extension '{extension}' is not allowed (handbook loads only"
                f" Python-Markdown's and pymdown-extensions' documented extensions){hint}",
            )
            continue
        if not isinstance(options, Mapping):
            continue
        for option in OWNED_EXTENSION_OPTIONS.get(extension, ()):
            if option in options.entries:
                diagnostics.error(
                    options.entries[option][0].pos,
                    f"'{option}' of {extension} is set by handbook: it reads files inside"
                    " docs/ only; remove it",
                )
        if extension in ("toc", "markdown.extensions.toc") and "slugify" in options.entries:
            diagnostics.warning(
                options.entries["slugify"][0].pos,
                "'toc.slugify' is set by handbook (Vietnamese-safe anchors); yours is ignored",
            )
