"""The content format as data: one field list per file kind.

The validator walks files with these specs, and `handbook schema` turns the same specs into JSON
Schema, so editors' autocompletion and the validator cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.text import ID_PATTERN


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


@dataclass(frozen=True)
class Obj:
    name: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


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


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    description: str = ""
    managers_only: bool = False  # text shown only in the managers edition (role `coaching`)


VISIBILITY = Field(
    "visibility", Choice(("staff", "managers")), description="Who may see it (default staff)"
)
TEXT, MD = Text(), MarkdownText()

ORGANISATION = Obj(
    "organisation",
    (
        Field("name", TEXT, True, "The organisation's full name"),
        Field("short_name", TEXT, description="Used in headers and footers"),
        Field("language", Choice(("vi", "en")), True, "Labels, search, dates and sorting"),
        Field("logo", ContentPath(), description="Image under content/"),
        Field("review_every_months", Integer(1, 120), description="SOP review cycle (default 12)"),
        Field(
            "departments",
            ListOf(
                Obj(
                    "department",
                    (
                        Field("id", Identifier("department id"), True),
                        Field("name", TEXT, True),
                        Field("description", MD),
                    ),
                ),
                non_empty=True,
            ),
            True,
        ),
    ),
)

ROLE = Obj(
    "role",
    (
        Field("title", TEXT, True, "Job title"),
        Field("department", Ref("department"), True),
        Field("reports_to", Ref("role"), description="Role id of the direct manager"),
        VISIBILITY,
        Field("purpose", MD, True, "Why this position exists"),
        Field("responsibilities", ListOf(MD, non_empty=True), True),
        Field(
            "competencies",
            ListOf(
                Obj(
                    "competency",
                    (
                        Field("name", TEXT, True),
                        Field("level", Integer(1, 5)),
                        Field("description", MD),
                    ),
                )
            ),
        ),
        Field("sops", ListOf(Ref("sop")), True, "SOP ids in learning order"),
        Field(
            "kpis",
            ListOf(
                Obj(
                    "role KPI",
                    (Field("kpi", Ref("kpi"), True), Field("target", Number())),
                )
            ),
        ),
        Field(
            "onboarding",
            ListOf(
                Obj(
                    "onboarding phase",
                    (
                        Field("phase", TEXT, True),
                        Field("goals", ListOf(MD, non_empty=True), True),
                        Field("sops", ListOf(Ref("sop"))),
                        Field("check", MD),
                    ),
                )
            ),
        ),
        Field("coaching", ListOf(MD), managers_only=True, description="Managers edition only"),
    ),
)

SOP = Obj(
    "sop",
    (
        Field("title", TEXT, True),
        Field("code", TEXT, True, "Printed document code, unique"),
        Field("version", TEXT, True),
        Field("effective", Date(), True, "In force since"),
        Field("reviewed", Date(), description="Last confirmed still right"),
        Field("owner", Ref("role", required_single=True), True),
        VISIBILITY,
        Field("purpose", MD, True),
        Field("scope", MD),
        Field("tools", ListOf(TEXT)),
        Field("prerequisites", ListOf(MD)),
        Field(
            "steps",
            ListOf(
                Obj(
                    "step",
                    (
                        Field("action", MD, True, "What to do"),
                        Field("id", Identifier("step id")),
                        Field("standard", MD, description="What done right looks like"),
                        Field("why", MD),
                        Field("critical", Boolean()),
                        Field("time", TEXT),
                        Field("image", ContentPath()),
                        Field("warnings", ListOf(MD)),
                    ),
                ),
                non_empty=True,
            ),
            True,
        ),
        Field(
            "common_mistakes",
            ListOf(Obj("common mistake", (Field("mistake", MD, True), Field("consequence", MD)))),
        ),
        Field("kpis", ListOf(Ref("kpi"))),
        Field(
            "quiz",
            ListOf(
                Obj(
                    "quiz question",
                    (
                        Field("question", MD, True),
                        Field("choices", ListOf(TEXT), True),
                        Field("answer", Integer(0), True, "0-based index into choices"),
                        Field("explain", MD),
                    ),
                )
            ),
        ),
        Field(
            "revisions",
            ListOf(
                Obj(
                    "revision",
                    (
                        Field("version", TEXT, True),
                        Field("date", Date(), True),
                        Field("changes", MD, True),
                        Field("by", TEXT),
                    ),
                )
            ),
            description="Newest first",
        ),
        Field("tags", ListOf(TEXT)),
    ),
)

PROCESS = Obj(
    "process",
    (
        Field("title", TEXT, True),
        Field("owner", Ref("role", required_single=True), True, "Accountable role (the A)"),
        VISIBILITY,
        Field("purpose", MD, True),
        Field("trigger", MD),
        Field("outcome", MD),
        Field(
            "steps",
            ListOf(
                Obj(
                    "process step",
                    (
                        Field("title", TEXT, True),
                        Field("role", Ref("role", required_single=True), True, "Responsible (R)"),
                        Field("sop", Ref("sop")),
                        Field("description", MD),
                        Field("consulted", ListOf(Ref("role"))),
                        Field("informed", ListOf(Ref("role"))),
                    ),
                ),
                non_empty=True,
            ),
            True,
        ),
        Field("kpis", ListOf(Ref("kpi"))),
    ),
)

KPI = Obj(
    "kpi",
    (
        Field("name", TEXT, True),
        VISIBILITY,
        Field("definition", MD, True, "What is measured"),
        Field("value", MD, True, "Why it matters to the customer and the business"),
        Field("formula", TEXT, True),
        Field("unit", TEXT, True),
        Field("direction", Choice(("higher_is_better", "lower_is_better")), True),
        Field("target", Number(), True),
        Field("threshold", Number(), description="Past it, the KPI is off track"),
        Field("frequency", Choice(("daily", "weekly", "monthly", "quarterly", "yearly")), True),
        Field("data_source", TEXT, True),
        Field("owner", Ref("role", required_single=True), True),
        Field("kind", Choice(("leading", "lagging"))),
    ),
)

OKR = Obj(
    "okr",
    (
        Field("period", TEXT, True),
        VISIBILITY,
        Field("start", Date(), True),
        Field("end", Date(), True),
        Field(
            "objectives",
            ListOf(
                Obj(
                    "objective",
                    (
                        Field("objective", MD, True),
                        Field("owner", Ref("role", required_single=True), True),
                        Field(
                            "key_results",
                            ListOf(
                                Obj(
                                    "key result",
                                    (
                                        Field("result", MD, True),
                                        Field("kpi", Ref("kpi")),
                                        Field("target", Number()),
                                        Field("roles", ListOf(Ref("role"))),
                                    ),
                                ),
                                non_empty=True,
                            ),
                            True,
                        ),
                    ),
                ),
                non_empty=True,
            ),
            True,
        ),
    ),
)

GLOSSARY_TERM = Obj(
    "glossary term",
    (
        Field("term", TEXT, True),
        Field("definition", MD, True),
        Field("id", Identifier("glossary id")),
    ),
)
GLOSSARY = ListOf(GLOSSARY_TERM)

FILE_KINDS: dict[str, Obj | ListOf] = {
    "organisation": ORGANISATION,
    "role": ROLE,
    "sop": SOP,
    "process": PROCESS,
    "kpi": KPI,
    "okr": OKR,
    "glossary": GLOSSARY,
}


# --- JSON Schema -----------------------------------------------------------------------------

NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Editors read `version: 1.2` as a number: text fields accept any scalar.
_TEXT_SCHEMA: dict[str, Any] = {"type": ["string", "number", "boolean"]}


def json_schema() -> dict[str, Any]:
    """One draft 2020-12 document with a definition per file kind."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/handbook/handbook/schema.json",
        "title": "handbook content files",
        "$defs": {name: _type_schema(spec) for name, spec in FILE_KINDS.items()},
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_KINDS],
    }


def _type_schema(spec: FieldType) -> dict[str, Any]:
    if isinstance(spec, Obj):
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in spec.fields if f.required],
            "properties": {f.name: _field_schema(f) for f in spec.fields},
        }
    if isinstance(spec, ListOf):
        schema: dict[str, Any] = {"type": "array", "items": _type_schema(spec.item)}
        if spec.non_empty:
            schema["minItems"] = 1
        return schema
    if isinstance(spec, Text | MarkdownText | ContentPath):
        return dict(_TEXT_SCHEMA)
    if isinstance(spec, Number):
        return {"type": "number"}
    if isinstance(spec, Integer):
        schema = {"type": "integer"}
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
        return schema
    if isinstance(spec, Boolean):
        return {"type": "boolean"}
    if isinstance(spec, Date):
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    if isinstance(spec, Choice):
        return {"enum": list(spec.values)}
    # Identifier | Ref
    return {"type": "string", "pattern": ID_PATTERN.pattern}


def _field_schema(spec: Field) -> dict[str, Any]:
    schema = _type_schema(spec.type)
    if spec.description:
        schema["description"] = spec.description
    return schema
