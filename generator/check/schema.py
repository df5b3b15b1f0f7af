"""`handbook schema`: the JSON Schema of the content files, from the model's field declarations.

Editors' autocompletion and the validator read the same declarations, so they cannot disagree.
"""

from __future__ import annotations

from generator.check.values import DATE_PATTERN
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
    MarkdownText,
    Number,
    Obj,
    Ref,
    Text,
    content_fields,
)
from generator.model.handbook import Kpi, OkrPeriod, Organisation, Process, Role, Sop, Term
from generator.text import ID_PATTERN

JsonSchema = dict[str, object]

FILE_KINDS: dict[str, FieldType] = {
    "organisation": Obj(Organisation),
    "role": Obj(Role),
    "sop": Obj(Sop),
    "process": Obj(Process),
    "kpi": Obj(Kpi),
    "okr": Obj(OkrPeriod),
    "glossary": ListOf(Obj(Term)),
}
# Editors read `version: 1.2` as a number: text fields accept any scalar.
_TEXT_TYPES = ["string", "number", "boolean"]


def json_schema() -> JsonSchema:
    """One draft 2020-12 document with a definition per file kind."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/handbook/handbook/schema.json",
        "title": "handbook content files",
        "$defs": {name: _type_schema(spec) for name, spec in FILE_KINDS.items()},
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_KINDS],
    }


def _object_schema(model: type[Declared]) -> JsonSchema:
    fields = content_fields(model)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _field_schema(f) for f in fields},
    }


def _type_schema(spec: FieldType) -> JsonSchema:
    match spec:
        case Obj():
            return _object_schema(spec.model)
        case ListOf():
            schema: JsonSchema = {"type": "array", "items": _type_schema(spec.item)}
            if spec.non_empty:
                schema["minItems"] = 1
            return schema
        case Text() | MarkdownText() | ContentPath():
            return {"type": list(_TEXT_TYPES)}
        case Number():
            return {"type": "number"}
        case Integer():
            schema = {"type": "integer"}
            if spec.minimum is not None:
                schema["minimum"] = spec.minimum
            if spec.maximum is not None:
                schema["maximum"] = spec.maximum
            return schema
        case Boolean():
            return {"type": "boolean"}
        case Date():
            return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
        case Choice():
            return {"enum": list(spec.values)}
        case Identifier() | Ref():
            return {"type": "string", "pattern": ID_PATTERN.pattern}


def _field_schema(spec: ContentField) -> JsonSchema:
    schema = _type_schema(spec.type)
    if spec.description:
        schema["description"] = spec.description
    if spec.default not in (None, (), ""):
        schema["default"] = spec.default
    return schema
