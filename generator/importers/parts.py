"""The parts of an SOP as the recogniser finds them, before they are written as YAML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generator.importers.blocks import Paragraph, paragraphs_markdown


@dataclass
class StepPart:
    """One step: from a list item (its own text, then nested items) or a table row."""

    first: Paragraph | None = None  # the list item's or paragraph's own text
    level: int = 0
    numbered: bool = True
    from_list: bool = False
    more: list[Paragraph] = field(default_factory=list)  # nested items, continuation text
    table_action: str | None = None  # a step table's action cell, as Markdown
    standard: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    time: str | None = None
    critical: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.table_action is not None:
            return self.table_action
        head = self.first.markdown if self.first is not None else ""
        rest = paragraphs_markdown(self.more)
        return "\n\n".join(text for text in (head, rest) if text)

    @property
    def plain_text(self) -> str:
        """The step's words without Markdown, for hints ("might be critical")."""
        parts = [self.first] if self.first is not None else []
        texts = [p.plain for p in [*parts, *self.more]]
        return " ".join([*texts, self.table_action or "", *self.standard, *self.warnings])


@dataclass
class MistakePart:
    mistake: str
    consequence: str | None = None
    level: int = 0


@dataclass(frozen=True)
class Leftover:
    """A paragraph or cell the recogniser could not place: it goes into a comment."""

    text: str
    origin: str = "body"  # "body", "header" or "footer"
    step: int | None = None  # the step number of a step table's row it came from
    column: str = ""  # that row's column header


@dataclass
class Recognised:
    title: str | None = None
    code: str | None = None
    version: str | None = None
    effective: date | None = None
    owner: str | None = None  # as the document writes it (a title or an id)
    purpose: list[Paragraph] = field(default_factory=list)
    scope: list[Paragraph] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    steps: list[StepPart] = field(default_factory=list)
    mistakes: list[MistakePart] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)  # label language -> labels seen
    images: int = 0
    unread_dates: list[str] = field(default_factory=list)  # effective dates we could not read

    def section_markdown(self, name: str) -> str:
        return paragraphs_markdown(self.purpose if name == "purpose" else self.scope)
