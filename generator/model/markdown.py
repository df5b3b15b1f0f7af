"""Content Markdown as the model holds it: converted and sanitised HTML with placeholders.

`[[kind:id]]` links and content files render differently in the site and in the books, so the
HTML keeps a placeholder for each (`LINK_OPEN n LINK_CLOSE`, n indexing `links`; `FILE_MARK` +
the path under content/), filled in per output by `render.common.markdown`.
"""

from __future__ import annotations

from dataclasses import dataclass

LINK_KINDS = ("role", "process", "sop", "kpi", "okr", "term")
# Private-use characters: content may not contain them (validation refuses them).
LINK_OPEN, LINK_CLOSE, FILE_MARK = "\ue000", "\ue001", "\ue002"
RESERVED_CHARACTERS = frozenset((LINK_OPEN, LINK_CLOSE, FILE_MARK))


@dataclass(frozen=True)
class Link:
    """A `[[kind:id|text]]` reference inside Markdown text."""

    kind: str
    target: str
    text: str | None


@dataclass(frozen=True)
class Markdown:
    """Content Markdown, already converted and sanitised (see the module docstring)."""

    source: str
    html: str
    links: tuple[Link, ...] = ()
    files: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.source.strip())
