"""The user's mkdocs.yml: read safely, checked for what handbook cannot build with.

Reading needs no MkDocs: the file is YAML with a few MkDocs tags (`!ENV`, `!relative`, and the
`!!python/name:` values Material's documentation uses), kept as markers that the MkDocs adapter
(`write.mkdocs_site`) turns into what MkDocs' own loader would have produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.check.site_plugins import check_extensions, check_plugins
from generator.check.site_settings import check_settings
from generator.diagnostics import Diagnostics, Position
from generator.load.yaml_tree import (
    Invalid,
    Mapping,
    Node,
    Scalar,
    Sequence,
    load_yaml,
    plain_scalar,
)

CONFIG_FILE = "mkdocs.yml"
PYTHON_NAME_TAG = "tag:yaml.org,2002:python/name:"
# Values copied from Material's documentation: looked up by the adapter in its own table, never
# imported by a name the user wrote.
PYTHON_NAMES = frozenset(
    {
        "material.extensions.emoji.twemoji",
        "material.extensions.emoji.to_svg",
        "pymdownx.superfences.fence_code_format",
    }
)
ALLOWED_TAGS = frozenset({"!ENV", "!relative", *(PYTHON_NAME_TAG + name for name in PYTHON_NAMES)})
OWNED_KEYS = ("docs_dir", "site_dir", "nav", "use_directory_urls")
OWNED_THEME_KEYS = ("language", "font")


@dataclass(frozen=True)
class Relative:
    """`!relative` with its suffix (`$config_dir/...`, `$docs_dir/...` or empty)."""

    suffix: str


@dataclass(frozen=True)
class Env:
    """`!ENV NAME` or `!ENV [NAME, ..., default]`."""

    names: tuple[str, ...]
    default: ConfigValue


@dataclass(frozen=True)
class PythonName:
    """`!!python/name:` of one of `PYTHON_NAMES`."""

    name: str


ConfigValue = (
    str
    | int
    | float
    | bool
    | None
    | list["ConfigValue"]
    | dict[str, "ConfigValue"]
    | Relative
    | Env
    | PythonName
)


@dataclass
class SiteConfig:
    """The user's mkdocs.yml as plain data (tags kept as markers), where each top-level
    setting's value was written, and whether the file had errors (then MkDocs never sees it)."""

    values: dict[str, ConfigValue] = field(default_factory=dict)
    path: str = CONFIG_FILE
    exists: bool = False
    positions: dict[str, Position] = field(default_factory=dict)
    has_errors: bool = False


def read_site_config(project: Path, diagnostics: Diagnostics) -> SiteConfig:
    """Load mkdocs.yml (optional) and report what handbook cannot build with."""
    file = project / CONFIG_FILE
    if not file.is_file():
        return SiteConfig()
    found = Diagnostics()
    config = _read(project, file, found)
    config.has_errors = found.has_errors()
    diagnostics.extend(found)
    return config


def _read(project: Path, file: Path, diagnostics: Diagnostics) -> SiteConfig:
    document = load_yaml(file, CONFIG_FILE, diagnostics, ALLOWED_TAGS, root=project)
    if document is None or document.root is None:
        return SiteConfig(exists=True)
    root = document.root
    if not isinstance(root, Mapping):
        diagnostics.error(root.pos, "mkdocs.yml must be a mapping of settings")
        return SiteConfig(exists=True)
    check_settings(root, project, diagnostics)
    _check_owned(root, diagnostics)
    _check_theme(root, diagnostics)
    if "plugins" in root.entries:
        check_plugins(root.entries["plugins"][1], diagnostics)
    if "markdown_extensions" in root.entries:
        check_extensions(root.entries["markdown_extensions"][1], diagnostics)
    values = {key: _plain(value) for key, (_, value) in root.entries.items()}
    positions = {key: value.pos for key, (_, value) in root.entries.items()}
    return SiteConfig(values, CONFIG_FILE, exists=True, positions=positions)


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


def _plain(node: Node) -> ConfigValue:
    if isinstance(node, Mapping):
        return {key: _plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        items = [_plain(item) for item in node.items]
        if node.tag == "!ENV":
            # pyyaml-env-tag: the variables to try in order; the last item is the default
            # when there are two or more.
            if len(items) == 1:
                return Env((str(items[0]),), None)
            return Env(tuple(str(item) for item in items[:-1]), items[-1])
        return items
    if isinstance(node, Scalar):
        if node.tag == "!ENV":
            return Env((node.value,), None)
        if node.tag == "!relative":
            return Relative(node.value)
        if node.tag and node.tag.startswith(PYTHON_NAME_TAG):
            return PythonName(node.tag.removeprefix(PYTHON_NAME_TAG))
        return _config_scalar(node.value) if node.plain else node.value
    assert isinstance(node, Invalid)
    return None


def _config_scalar(value: str) -> ConfigValue:
    plain = plain_scalar(value)
    assert plain is None or isinstance(plain, str | int | float | bool)
    return plain
