"""Walks a file's nodes against the model's field declarations and builds the model objects.

`ObjectChecker.build(node, Sop, ...)` checks a mapping against the fields declared on `Sop`
(unknown and empty keys, missing required fields, every value's type) and returns the typed
object with `Where` it was written, for the checks that span fields. Nothing raises: problems go
to the diagnostics and a mapping with a missing or broken required field builds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from generator.check.values import ValueChecker
from generator.diagnostics import Position, did_you_mean
from generator.load.yaml_tree import Invalid, Mapping, Node, Scalar, Sequence
from generator.model.fields import (
    Boolean,
    Choice,
    ContentField,
    ContentPath,
    Date,
    Declared,
    FieldType,
    Identifier,
    Integer,
    ListOf,
    Number,
    Obj,
    Ref,
    content_fields,
    position_field,
)

T = TypeVar("T", bound=Declared)
V = TypeVar("V", covariant=True)

_EMPTY_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass
class Where:
    """Where a checked value was written: its own position, its key's, and its parts'."""

    pos: Position
    key: Position | None = None
    fields: dict[str, Where] = field(default_factory=dict)
    items: list[Where] = field(default_factory=list)

    def at(self, name: str) -> Position:
        """The position of a field's value."""
        return self.fields[name].pos


@dataclass(frozen=True)
class Checked(Generic[V]):
    value: V
    where: Where


def construct(model: type[T], values: dict[str, object]) -> T:
    """A model object from checked values: the declarations guarantee their types."""
    return model(**values)


class ObjectChecker(ValueChecker):
    """Checks one file's mappings and lists, reporting problems as it goes."""

    def build(
        self, node: Node | None, model: type[T], at: Position, **derived: object
    ) -> Checked[T] | None:
        """The `model` object a mapping declares, or None; `at` is where an empty file's
        missing fields are reported, `derived` the values the file does not hold."""
        fields = content_fields(model)
        if node is None:
            for spec in fields:
                if spec.required:
                    self.diagnostics.error(at, f"missing required field '{spec.name}'")
            return None
        if isinstance(node, Invalid):
            return None
        if not isinstance(node, Mapping):
            self._wrong_type(node, f"a {model.NAME} (a mapping of fields)")
            return None
        values: dict[str, object] = dict(derived)
        where = Where(node.pos)
        by_name = {spec.name: spec for spec in fields}
        for name, (key, value) in node.entries.items():
            declared = by_name.get(name)
            if declared is None:
                self.diagnostics.error(
                    key.pos, f"unknown key '{name}'{did_you_mean(name, by_name)}"
                )
                continue
            if _is_empty(value):
                self.diagnostics.error(key.pos, f"field '{name}' is empty")
                continue
            result = self.value(value, declared.type, declared)
            if result is not None:
                values[name], where.fields[name] = result.value, result.where
                where.fields[name].key = key.pos
        first_key = next(iter(node.entries.values()))[0].pos if node.entries else node.pos
        for spec in fields:
            if spec.required and spec.name not in node.entries:
                self.diagnostics.error(first_key, f"missing required field '{spec.name}'")
        if any(spec.required and spec.name not in values for spec in fields):
            return None
        return Checked(construct(model, values), where)

    def value(self, node: Node, spec: FieldType, field: ContentField) -> Checked[object] | None:
        if isinstance(node, Invalid):
            return None
        if isinstance(spec, Obj):
            return self.build(node, spec.model, node.pos)
        if isinstance(spec, ListOf):
            return self._list(node, spec, field)
        if not isinstance(node, Scalar):
            self._wrong_type(node, _expected(spec))
            return None
        converted = self.scalar(node, spec, field)
        return None if converted is None else Checked(converted, Where(node.pos))

    def _list(self, node: Node, spec: ListOf, field: ContentField) -> Checked[object] | None:
        if not isinstance(node, Sequence):
            self._wrong_type(node, f"a list ({_expected(spec.item)} per item)")
            return None
        if spec.non_empty and not node.items:
            self.diagnostics.error(node.pos, f"field '{field.name}' needs at least one item")
            return None
        items: list[object] = []
        where = Where(node.pos)
        for index, item in enumerate(node.items, start=1):
            checked = self._item(item, spec.item, field, index)
            if checked is not None:
                items.append(checked.value)
                where.items.append(checked.where)
        if len(items) != len(node.items):
            return None
        return Checked(tuple(items), where)

    def _item(
        self, node: Node, spec: FieldType, field: ContentField, number: int
    ) -> Checked[object] | None:
        if isinstance(spec, Obj):
            place = position_field(spec.model)
            derived: dict[str, object] = {place: number} if place else {}
            return self.build(node, spec.model, node.pos, **derived)
        if _is_empty(node):
            self.diagnostics.error(node.pos, f"empty item in '{field.name}'")
            return None
        return self.value(node, spec, field)

    def _wrong_type(self, node: Node, expected: str) -> None:
        if isinstance(node, Scalar):
            self.diagnostics.error(
                node.pos, f"'{node.value}' is not valid here (expected {expected})"
            )
        else:
            found = "a mapping" if isinstance(node, Mapping) else "a list"
            self.diagnostics.error(node.pos, f"expected {expected}, found {found}")


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and (
        node.value == "" if not node.plain else node.value in _EMPTY_SCALARS
    )


def _expected(spec: FieldType) -> str:
    if isinstance(spec, Obj):
        return f"a {spec.name}"
    if isinstance(spec, ListOf):
        return "a list"
    names: dict[type, str] = {
        Number: "a number",
        Integer: "a whole number",
        Boolean: "true or false",
        Date: "a date",
        Choice: "one of the allowed words",
        Identifier: "an id",
        Ref: "an id",
        ContentPath: "a path under content/",
    }
    return names.get(type(spec), "text")
