"""The settings mkdocs.yml may hold (MkDocs 1.6 and Material 9) and the kind of value each takes,
so that a typo or a wrong type is a diagnostic at its place, not a failed build."""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from pathlib import Path

from generator.diagnostics import Diagnostics, did_you_mean
from generator.load.yaml_tree import Invalid, Mapping, Node, Scalar, Sequence

TEXT, LIST, MAP, FLAG = "text", "list", "mapping", "flag"
# Refused outright: they run code (hooks) or read another file that nothing here checks.
REFUSED_KEYS = {
    "hooks": "hooks run Python code, and handbook runs no code from mkdocs.yml; remove 'hooks'",
    "INHERIT": "INHERIT reads settings from another file; put the settings in mkdocs.yml",
}
SETTINGS: dict[str, tuple[str, ...]] = {
    "site_name": (TEXT,),
    "site_url": (TEXT,),
    "site_description": (TEXT,),
    "site_author": (TEXT,),
    "copyright": (TEXT,),
    "repo_url": (TEXT,),
    "repo_name": (TEXT,),
    "edit_uri": (TEXT,),
    "edit_uri_template": (TEXT,),
    "remote_branch": (TEXT,),
    "remote_name": (TEXT,),
    "dev_addr": (TEXT,),
    "theme": (TEXT, MAP),
    "extra": (MAP,),
    "extra_css": (LIST,),
    "extra_javascript": (LIST,),
    "extra_templates": (LIST,),
    "markdown_extensions": (LIST, MAP),
    "mdx_configs": (MAP,),
    "plugins": (LIST, MAP),
    "watch": (LIST,),
    "strict": (FLAG,),
    "validation": (MAP,),
    "exclude_docs": (TEXT,),
    "draft_docs": (TEXT,),
    "not_in_nav": (TEXT,),
    "docs_dir": (TEXT,),
    "site_dir": (TEXT,),
    "nav": (LIST,),
    "use_directory_urls": (FLAG,),
}
THEME_SETTINGS: dict[str, tuple[str, ...]] = {
    "name": (TEXT,),
    "custom_dir": (TEXT,),
    "static_templates": (LIST,),
    "locale": (TEXT,),
    "language": (TEXT,),
    "direction": (TEXT,),
    "features": (LIST,),
    "palette": (MAP, LIST),
    "font": (MAP, FLAG),
    "icon": (MAP,),
    "logo": (TEXT,),
    "favicon": (TEXT,),
}
_FOUND = {Scalar: "text", Sequence: "a list", Mapping: "a mapping"}


def check_settings(root: Mapping, project: Path, diagnostics: Diagnostics) -> None:
    """Refused keys, unknown keys (with a hint) and wrong kinds of value, at their places."""
    for key, (key_node, value) in root.entries.items():
        if key in REFUSED_KEYS:
            diagnostics.error(key_node.pos, REFUSED_KEYS[key])
        elif key not in SETTINGS:
            diagnostics.error(key_node.pos, f"unknown setting '{key}'{did_you_mean(key, SETTINGS)}")
        else:
            _check_kind(key, value, SETTINGS[key], diagnostics)
    theme = root.entries.get("theme")
    if theme is not None and isinstance(theme[1], Mapping):
        _check_theme_settings(theme[1], project, diagnostics)


def _check_theme_settings(theme: Mapping, project: Path, diagnostics: Diagnostics) -> None:
    for key, (_, value) in theme.entries.items():
        if key in THEME_SETTINGS:
            _check_kind(f"theme.{key}", value, THEME_SETTINGS[key], diagnostics)
    custom = theme.entries.get("custom_dir")
    if custom is not None and isinstance(custom[1], Scalar):
        folder = (project / custom[1].value).resolve()
        if not folder.is_relative_to(project.resolve()) or not folder.is_dir():
            diagnostics.error(
                custom[1].pos,
                f"theme.custom_dir '{custom[1].value}' must be a folder inside the project",
            )


def _check_kind(key: str, value: Node, kinds: tuple[str, ...], diagnostics: Diagnostics) -> None:
    if isinstance(value, Invalid) or _kind(value) in kinds:
        return
    if isinstance(value, Scalar | Sequence) and value.tag == "!ENV":
        return  # known only when the environment is read
    if isinstance(value, Scalar) and value.plain and value.value in ("", "~", "null"):
        return  # empty: MkDocs' default
    expected = " or ".join(_WORDS[kind] for kind in kinds)
    found = f"'{value.value}'" if isinstance(value, Scalar) else _FOUND[type(value)]
    diagnostics.error(value.pos, f"'{key}' must be {expected} (found {found})")


_WORDS: MappingType[str, str] = {
    TEXT: "text",
    LIST: "a list",
    MAP: "a mapping of settings",
    FLAG: "true or false",
}


def _kind(value: Node) -> str:
    if isinstance(value, Sequence):
        return LIST
    if isinstance(value, Mapping):
        return MAP
    assert isinstance(value, Scalar)
    if value.plain and value.value in ("true", "false", "True", "False", "yes", "no"):
        return FLAG
    if value.plain and _is_number(value.value):
        return "number"
    return TEXT


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
