"""Each content field is declared once, on the model: the declarations agree with the types."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal

import pytest

from generator.check.schema import FILE_KINDS
from generator.model.fields import (
    MD,
    TEXT,
    Boolean,
    Choice,
    ContentPath,
    Date,
    Declared,
    FieldType,
    Identifier,
    Integer,
    ListOf,
    MarkdownText,
    Number,
    Obj,
    Ref,
    Text,
    content_fields,
    declare,
    is_declared,
)
from generator.model.markdown import Markdown


def _models(spec: FieldType, found: dict[str, type[Declared]]) -> None:
    if isinstance(spec, ListOf):
        _models(spec.item, found)
    elif isinstance(spec, Obj) and spec.model.NAME not in found:
        found[spec.model.NAME] = spec.model
        for field in content_fields(spec.model):
            _models(field.type, found)


MODELS: dict[str, type[Declared]] = {}
for kind in FILE_KINDS.values():
    _models(kind, MODELS)


def _python_type(spec: FieldType) -> object:
    """The annotation a declaration means (before `| None` for optional scalars)."""
    match spec:
        case ListOf():
            return tuple[_python_type(spec.item), ...]  # type: ignore[misc]
        case Obj():
            return spec.model
        case MarkdownText():
            return Markdown
        case Number():
            return Decimal
        case Integer():
            return int
        case Boolean():
            return bool
        case Date():
            return date
        case Text() | Identifier() | Ref() | ContentPath() | Choice():
            return str


def _matches(annotation: object, spec: FieldType) -> bool:
    if isinstance(spec, Choice) and typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation)) == set(spec.values)
    return annotation == _python_type(spec)


def test_every_content_model_is_reached() -> None:
    assert set(MODELS) >= {"organisation", "role", "sop", "process", "kpi", "okr", "step"}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_field_is_declared_or_derived(name: str) -> None:
    model = MODELS[name]
    undeclared = [f.name for f in dataclasses.fields(model) if not is_declared(f)]
    assert undeclared == []


@pytest.mark.parametrize("name", sorted(MODELS))
def test_annotations_agree_with_declarations(name: str) -> None:
    model = MODELS[name]
    hints = typing.get_type_hints(model)
    for field in content_fields(model):
        annotation = hints[field.name]
        union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        if union and type(None) in typing.get_args(annotation):
            (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
            assert not field.required and field.default is None, field.name
        assert _matches(annotation, field.type), (name, field.name, annotation)
        if isinstance(field.type, ListOf) and not field.required:
            assert field.default == (), field.name


def test_required_means_no_default() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Example:
        NAME: typing.ClassVar[str] = "example"
        title: str = dataclasses.field(metadata=declare(TEXT, "A title"))
        note: Markdown | None = dataclasses.field(default=None, metadata=declare(MD))

    fields = {f.name: f for f in content_fields(Example)}
    assert fields["title"].required and fields["title"].description == "A title"
    assert not fields["note"].required and fields["note"].default is None
