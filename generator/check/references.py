"""Ids a project defines, and the one message for a reference to an id that does not exist."""

from __future__ import annotations

from collections.abc import Collection

from generator.diagnostics import did_you_mean

_KIND_LABEL = {"sop": "SOP", "kpi": "KPI", "okr": "OKR period"}


def kind_label(kind: str) -> str:
    """A kind as messages name it: 'SOP', 'KPI', 'OKR period', 'role' ..."""
    return _KIND_LABEL.get(kind, kind)


def unknown_reference(kind: str, text: str, known: Collection[str]) -> str | None:
    """The message for `text` naming no `kind` in `known` (with a hint), or None when it does."""
    if text in known:
        return None
    return f"unknown {kind_label(kind)} '{text}'{did_you_mean(text, known)}"
