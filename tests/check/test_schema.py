"""The JSON Schema carries the training fields (v2) with the validator's own bounds."""

from __future__ import annotations

from typing import Any

from generator.check.schema import json_schema


def _properties(schema: dict[str, Any], *path: str) -> dict[str, Any]:
    node: dict[str, Any] = schema["$defs"][path[0]]
    for key in path[1:]:
        node = node["properties"][key]
        node = node.get("items", node)
    properties: dict[str, Any] = node["properties"]
    return properties


def test_schema_has_the_training_fields_with_their_bounds_and_defaults() -> None:
    schema = json_schema()
    sop = _properties(schema, "sop")
    assert sop["refresh_months"]["type"] == "integer"
    assert sop["refresh_months"]["minimum"] == 1
    assert "refresh_months" not in schema["$defs"]["sop"]["required"]
    revision = _properties(schema, "sop", "revisions")
    assert revision["retrain"]["type"] == "boolean"
    assert revision["retrain"]["default"] is True
    organisation = _properties(schema, "organisation")
    assert organisation["training_due_days"] == {
        "type": "integer",
        "minimum": 1,
        "description": organisation["training_due_days"]["description"],
        "default": 30,
    }
    phase = _properties(schema, "role", "onboarding")
    assert phase["due_days"]["type"] == "integer"
    assert phase["due_days"]["minimum"] == 0
    assert (
        "due_days" not in schema["$defs"]["role"]["properties"]["onboarding"]["items"]["required"]
    )
