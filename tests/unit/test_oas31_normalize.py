"""`generator.oas31`: each 2020-12 spelling rewritten into the 3.0 one with the same meaning."""

from __future__ import annotations

import json

import pytest

from generator.load import load_bytes
from generator.oas31 import (
    ADDITIONAL_AFTER_PATTERNS,
    REST_ITEMS,
    downgrade,
    normalize_schema,
    webhooks,
)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (True, {}),
        (False, {"not": {}}),
        ({"type": ["string", "null"]}, {"type": "string", "nullable": True}),
        ({"type": ["null", "integer"]}, {"type": "integer", "nullable": True}),
        ({"type": "null"}, {"enum": [None], "nullable": True}),
        (
            {"type": ["integer", "string"]},
            {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        ),
        (
            {"type": ["integer", "string", "null"]},
            {
                "nullable": True,
                "anyOf": [
                    {"type": "integer", "nullable": True},
                    {"type": "string", "nullable": True},
                ],
            },
        ),
        ({"const": "dog"}, {"enum": ["dog"]}),
        ({"const": 1, "enum": [1, 2]}, {"enum": [1, 2], "allOf": [{"enum": [1]}]}),
        ({"examples": ["a", "b"]}, {"examples": ["a", "b"], "example": "a"}),
        ({"exclusiveMinimum": 0}, {"minimum": 0, "exclusiveMinimum": True}),
        ({"exclusiveMinimum": 5, "minimum": 2}, {"minimum": 5, "exclusiveMinimum": True}),
        ({"exclusiveMinimum": 2, "minimum": 5}, {"minimum": 5}),
        ({"exclusiveMaximum": 9, "maximum": 20}, {"maximum": 9, "exclusiveMaximum": True}),
        ({"exclusiveMaximum": 20, "maximum": 9}, {"maximum": 9}),
        ({"$ref": "#/x", "description": "d"}, {"$ref": "#/x", "description": "d"}),
        ({"$ref": "#/x", "minLength": 1}, {"minLength": 1, "allOf": [{"$ref": "#/x"}]}),
        ({"prefixItems": [{}], "items": False}, {"prefixItems": [{}], REST_ITEMS: {"not": {}}}),
        (
            {"patternProperties": {"^a": {}}, "additionalProperties": False},
            {"patternProperties": {"^a": {}}, ADDITIONAL_AFTER_PATTERNS: False},
        ),
        ({"items": True}, {"items": {}}),
        ({"type": "string", "minLength": 1}, {"type": "string", "minLength": 1}),
    ],
)
def test_normalize_schema(schema: object, expected: object) -> None:
    assert normalize_schema(schema) == expected
    assert normalize_schema(normalize_schema(schema)) == normalize_schema(schema)  # idempotent


def test_downgrade_reaches_every_schema_and_leaves_data_alone() -> None:
    doc = {
        "openapi": "3.1.0",
        "paths": {
            "/a": {
                "get": {
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}
                    ],
                    "responses": {
                        "default": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"items": {"const": 1}},
                                    "examples": {"e": {"value": {"schema": {"const": 2}}}},
                                }
                            },
                        }
                    },
                }
            }
        },
        "webhooks": {
            "hook": {"post": {"requestBody": {"content": {"a/b": {"schema": {"type": "null"}}}}}}
        },
        "components": {
            "schemas": {"S": {"properties": {"p": {"exclusiveMinimum": 1}}, "x-keep": {"const": 3}}}
        },
    }
    before = json.dumps(doc, sort_keys=True)
    out = downgrade(doc)
    assert json.dumps(doc, sort_keys=True) == before  # the input is not changed
    get = out["paths"]["/a"]["get"]
    assert get["parameters"][0]["schema"] == {"type": "string", "nullable": True}
    media = get["responses"]["default"]["content"]["application/json"]
    assert media["schema"] == {"items": {"enum": [1]}}
    assert media["examples"]["e"]["value"] == {"schema": {"const": 2}}  # data
    hook = out["webhooks"]["hook"]["post"]["requestBody"]["content"]["a/b"]["schema"]
    assert hook == {"enum": [None], "nullable": True}
    schema = out["components"]["schemas"]["S"]
    assert schema["properties"]["p"] == {"minimum": 1, "exclusiveMinimum": True}
    assert schema["x-keep"] == {"const": 3}
    assert webhooks(doc) == [("hook", "post")]


def test_load_keeps_the_31_document_as_written() -> None:
    text = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"A": {"type": ["string", "null"]}}},
    }
    spec = load_bytes(json.dumps(text).encode(), "a.json")
    assert spec.source["components"]["schemas"]["A"] == {"type": ["string", "null"]}
    assert spec.data["components"]["schemas"]["A"] == {"type": "string", "nullable": True}


def test_other_versions_are_still_refused() -> None:
    from generator.diagnostics import SpecError

    for version in ("3.2.0", "4.0", "2.0"):
        with pytest.raises(SpecError, match="specgen reads OpenAPI 3.0.x and 3.1.x"):
            load_bytes(json.dumps({"openapi": version}).encode(), "a.json")
