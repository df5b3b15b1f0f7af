"""Scalar values of content files -> typed values, each problem reported at the value.

Booleans are only `true`/`false`, numbers only unquoted decimals, dates only unquoted
`YYYY-MM-DD`; text keeps the scalar exactly as written. References must name an existing id,
and a staff item's required single reference may not name a managers-only item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from generator.check.files import ContentFiles
from generator.check.markdown import MarkdownCompiler, content_path, url_problem
from generator.check.references import kind_label, unknown_reference
from generator.diagnostics import Diagnostics, Position, did_you_mean, suggestion
from generator.fontset import FontCoverage
from generator.load.yaml_tree import Scalar
from generator.model.fields import (
    Boolean,
    Choice,
    ContentField,
    ContentPath,
    Date,
    FieldType,
    Identifier,
    Integer,
    ListOf,
    MarkdownText,
    Number,
    Obj,
    Ref,
    Text,
)
from generator.model.markdown import LINK_KINDS, RESERVED_CHARACTERS, Markdown
from generator.text import control_characters, is_ascii_digits, is_valid_id, slugify

NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# `handbook import` writes this where a document lacked a required text.
DRAFT_PLACEHOLDER = "TODO:"
_NUMBER = re.compile(NUMBER_PATTERN)
_DATE = re.compile(DATE_PATTERN)


@dataclass
class Context:
    """What every file's check may consult: known ids, visibilities, the project's files."""

    diagnostics: Diagnostics
    known: Mapping[str, frozenset[str]]
    managers_only: set[tuple[str, str]]  # (kind, id) of items with visibility: managers
    managers_sources: frozenset[str]  # their files, as paths under content/
    fonts: FontCoverage
    files: ContentFiles
    compiler: MarkdownCompiler


class ValueChecker:
    """Converts the scalars of one item's file, reporting problems as it goes."""

    def __init__(self, context: Context, kind: str, visibility: str) -> None:
        self.context = context
        self.diagnostics = context.diagnostics
        self.kind = kind
        self.staff_item = visibility == "staff"

    def scalar(self, node: Scalar, spec: FieldType, field: ContentField) -> object | None:
        """The typed value of `node`, or None after reporting why it is not valid."""
        self._check_characters(node.value, node.pos)
        if isinstance(spec, Text | MarkdownText) and node.value.startswith(DRAFT_PLACEHOLDER):
            self.diagnostics.warning(node.pos, f"draft placeholder left in '{field.name}'")
        match spec:
            case Text():
                return node.value
            case MarkdownText():
                return self.markdown(node.value, node.pos, managers_text=field.managers_only)
            case Number():
                return self._number(node)
            case Integer():
                return self._integer(node, spec, field)
            case Boolean():
                return self._boolean(node, field)
            case Date():
                return self._date(node)
            case Choice():
                return self._choice(node, spec, field)
            case Identifier():
                return self._identifier(node, spec)
            case Ref():
                return self.reference(
                    node.value, node.pos, spec.kind, required_single=spec.required_single
                )
            case ContentPath():
                return self._content_path(node, spec)
            case ListOf() | Obj():
                raise AssertionError("containers are walked by ObjectChecker")

    def _invalid(self, node: Scalar, what: str, expected: str, hint: str = "") -> None:
        self.diagnostics.error(
            node.pos, f"'{node.value}' is not a valid {what} (expected {expected}){hint}"
        )

    def _number(self, node: Scalar) -> Decimal | None:
        if node.plain and _NUMBER.fullmatch(node.value):
            return Decimal(node.value)
        self._invalid(node, "number", "an unquoted decimal number such as 95 or 97.5")
        return None

    def _boolean(self, node: Scalar, field: ContentField) -> bool | None:
        if node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self._invalid(node, f"value for '{field.name}'", "true or false")
        return None

    def _date(self, node: Scalar) -> date | None:
        parsed = _parse_iso_date(node.value) if node.plain and _DATE.fullmatch(node.value) else None
        if parsed is None:
            self._invalid(node, "date", "YYYY-MM-DD, unquoted, e.g. 2026-01-15")
        return parsed

    def _choice(self, node: Scalar, spec: Choice, field: ContentField) -> str | None:
        if node.value in spec.values:
            return node.value
        expected = " or ".join(f"'{v}'" for v in spec.values)
        self._invalid(node, field.name, expected, did_you_mean(node.value, spec.values))
        return None

    def _integer(self, node: Scalar, spec: Integer, field: ContentField) -> int | None:
        low, high = spec.minimum, spec.maximum
        if node.plain and is_ascii_digits(node.value):
            number = int(node.value)
            if (low is None or number >= low) and (high is None or number <= high):
                return number
        if low is not None and high is not None:
            expected = f"a whole number from {low} to {high}"
        elif low is not None:
            expected = f"a whole number from {low} up"
        else:
            expected = "a whole number"
        self._invalid(node, field.name, expected)
        return None

    def _identifier(self, node: Scalar, spec: Identifier) -> str | None:
        text = node.value
        if spec.what == "step id" and is_ascii_digits(text):
            self._invalid(node, spec.what, "a name with a letter: digits alone mean a step number")
            return None
        if not is_valid_id(text):
            slug = slugify(text)
            hint = suggestion(slug) if slug else ""
            self._invalid(node, spec.what, "lowercase letters, digits and single hyphens", hint)
            return None
        return text

    def reference(
        self, text: str, pos: Position, kind: str, *, required_single: bool
    ) -> str | None:
        problem = unknown_reference(kind, text, self.context.known[kind])
        if problem is not None:
            self.diagnostics.error(pos, problem)
            return None
        if required_single and self.staff_item and (kind, text) in self.context.managers_only:
            self.diagnostics.error(
                pos,
                f"{kind_label(kind)} '{text}' is managers-only, but this staff"
                f" {kind_label(self.kind)} needs it (the staff edition could not show it)",
            )
            return None
        return text

    def _content_path(self, node: Scalar, spec: ContentPath) -> str | None:
        problem = url_problem(node.value, image=spec.image)
        path = content_path(node.value)
        if problem is None and path is None:
            problem = f"'{node.value}' is not a path under content/"
        if problem is None and path is not None:
            problem = self.context.files.problem(path, image=spec.image)
        if problem is None and path is not None and self.staff_item:
            problem = self.context.files.staff_problem(path, self.context.managers_sources)
        if problem is not None:
            self.diagnostics.error(node.pos, problem)
            return None
        return path

    def markdown(self, text: str, pos: Position, *, managers_text: bool = False) -> Markdown:
        compiled = self.context.compiler.compile(text)
        for problem in compiled.problems:
            (self.diagnostics.error if problem.error else self.diagnostics.warning)(
                pos, problem.message
            )
        staff_text = self.staff_item and not managers_text
        for ref in compiled.file_refs:
            file_problem = self.context.files.problem(ref.path, image=ref.image)
            if file_problem is None and staff_text:
                file_problem = self.context.files.staff_problem(
                    ref.path, self.context.managers_sources
                )
            if file_problem:
                self.diagnostics.error(pos, file_problem)
        for target in compiled.markdown.links:
            self._link(target.kind, target.target, pos, staff_text=staff_text)
        return compiled.markdown

    def _link(self, kind: str, target: str, pos: Position, *, staff_text: bool) -> None:
        if kind not in LINK_KINDS:
            hint = did_you_mean(kind, LINK_KINDS)
            self.diagnostics.error(pos, f"unknown link kind '{kind}' in [[{kind}:{target}]]{hint}")
            return
        known = self.context.known[kind]
        if target not in known:
            self.diagnostics.error(
                pos,
                f"unknown {kind_label(kind)} '{target}' in [[{kind}:{target}]]"
                f"{did_you_mean(target, known)}",
            )
        elif staff_text and (kind, target) in self.context.managers_only:
            self.diagnostics.error(
                pos,
                f"[[{kind}:{target}]] links to a managers-only"
                f" {kind_label(kind)} from text the staff edition shows",
            )

    def _check_characters(self, text: str, pos: Position) -> None:
        for char in control_characters(text):
            self.diagnostics.error(
                pos, f"control character U+{ord(char):04X} is not allowed in text; remove it"
            )
        reserved = RESERVED_CHARACTERS.intersection(text)
        for char in sorted(reserved):
            self.diagnostics.error(pos, f"character U+{ord(char):04X} is reserved; remove it")
        for char in self.context.fonts.missing(text):
            self.diagnostics.warning(
                pos,
                f"character '{char}' (U+{ord(char):04X}) is in no font of the books;"
                f" they will show [U+{ord(char):04X}]",
            )


def _parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
