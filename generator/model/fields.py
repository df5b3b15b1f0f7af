"""The vocabulary of field declarations: what a content field may hold, as data.

Each content field is declared once, on its model dataclass:
`purpose: Markdown = field(metadata=declare(MD, "Why this position exists"))`. The annotation is
the typed model, the declaration says what the file holds, and a field without a default is
required. `check.schema` writes the JSON Schema and `check.objects` validates files from the
same declarations. Fields the content does not hold (an item's id, a step's number, links worked
out after checking) are declared `derived`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import MISSING, dataclass
from functools import cache
from typing import Any, ClassVar, Protocol

FIELD_KEY = "handbook"


@dataclass(frozen=True)
class Text:
    """Plain text, kept exactly as written (`version: 1.10` is "1.10")."""


@dataclass(frozen=True)
class MarkdownText:
    """Markdown with `[[kind:id]]` links."""


@dataclass(frozen=True)
class Number:
    """An unquoted decimal number."""


@dataclass(frozen=True)
class Integer:
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Boolean:
    pass


@dataclass(frozen=True)
class Date:
    pass


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Identifier:
    """A new id (department, step, glossary term) following the id pattern."""

    what: str


@dataclass(frozen=True)
class Ref:
    """The id of an existing item of `kind`.

    `required_single`: a staff item may not point at a managers-only one, since the staff
    edition could not render it without leaking.
    """

    kind: str
    required_single: bool = False


@dataclass(frozen=True)
class ContentPath:
    """A path relative to content/; `image` restricts it to the image formats."""

    image: bool = True


@dataclass(frozen=True)
class ListOf:
    item: FieldType
    non_empty: bool = False


class Declared(Protocol):
    """A model dataclass whose fields are declared: `NAME` names it in messages."""

    NAME: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]


@dataclass(frozen=True)
class Obj:
    """A mapping of fields: those declared on `model`."""

    model: type[Declared]

    @property
    def name(self) -> str:
        return self.model.NAME


FieldType = (
    Text
    | MarkdownText
    | Number
    | Integer
    | Boolean
    | Date
    | Choice
    | Identifier
    | Ref
    | ContentPath
    | ListOf
    | Obj
)

TEXT, MD = Text(), MarkdownText()


@dataclass(frozen=True)
class _Declaration:
    type: FieldType
    description: str
    managers_only: bool


@dataclass(frozen=True)
class _Derived:
    description: str
    position: bool


def declare(
    field_type: FieldType, description: str = "", *, managers_only: bool = False
) -> Mapping[str, object]:
    """Metadata of a content field; `managers_only`: text shown only in the managers edition."""
    return {FIELD_KEY: _Declaration(field_type, description, managers_only)}


def derived(description: str, *, position: bool = False) -> Mapping[str, object]:
    """Metadata of a field the content does not hold; `position`: the item's 1-based place in
    its list (steps are numbered from 1)."""
    return {FIELD_KEY: _Derived(description, position)}


@dataclass(frozen=True)
class ContentField:
    """One declared field as the schema and the validator read it."""

    name: str
    type: FieldType
    required: bool
    default: object  # None for required fields
    description: str
    managers_only: bool


@cache
def content_fields(model: type[Declared]) -> tuple[ContentField, ...]:
    """The fields a file holds for `model`, in declaration order."""
    found = []
    for spec in dataclasses.fields(model):
        declaration = spec.metadata.get(FIELD_KEY)
        if not isinstance(declaration, _Declaration):
            continue
        has_default = spec.default is not MISSING
        found.append(
            ContentField(
                name=spec.name,
                type=declaration.type,
                required=not has_default and spec.default_factory is MISSING,
                default=spec.default if has_default else None,
                description=declaration.description,
                managers_only=declaration.managers_only,
            )
        )
    return tuple(found)


@cache
def position_field(model: type[Declared]) -> str | None:
    """The derived field that holds an item's place in its list, if the model has one."""
    for spec in dataclasses.fields(model):
        declaration = spec.metadata.get(FIELD_KEY)
        if isinstance(declaration, _Derived) and declaration.position:
            return spec.name
    return None


def is_declared(spec: dataclasses.Field[object]) -> bool:
    """Whether a dataclass field carries a declaration (content or derived)."""
    return isinstance(spec.metadata.get(FIELD_KEY), _Declaration | _Derived)
