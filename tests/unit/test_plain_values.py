"""Defaults and examples a schema plainly accepts skip the compiled validators, exactly.

`plainly_valid` may only say "valid" where the compiled validator (the one that reports
`default-mismatch` / `example-mismatch`) accepts the value too; every other case is left to it.
Checked here on a grid of scalar schemas and values, under both dialects.
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import pytest

from generator.load import load_bytes
from generator.validate import validate
from generator.validate.rules import examples
from generator.validate.rules.examples import ExampleChecker, plainly_valid

SCHEMAS: list[dict[str, Any]] = [
    {},
    {"description": "d", "x-note": 1},
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "object"},
    {"type": "string", "nullable": True},
    {"type": "string", "enum": ["a", "b"]},
    {"type": "integer", "enum": [1, 2]},
    {"enum": [1, True, "1", 1.5, None]},
    {"enum": [1.0]},
    {"type": "integer", "minimum": 1, "maximum": 10},
    {"type": "number", "minimum": 0.5, "exclusiveMinimum": True},
    {"type": "number", "maximum": 10, "exclusiveMaximum": True},
    {"type": "number", "maximum": 10, "exclusiveMaximum": False},
    {"type": "integer", "format": "int32"},
    {"type": "string", "format": "date-time"},
    {"type": "string", "minLength": 2},
    {"minimum": 3},
    {"type": "integer", "exclusiveMinimum": 3},
    {"type": ["integer", "null"]},
    {"const": 1},
    {"type": "integer", "readOnly": True},
]
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    3,
    10,
    11,
    2**40,
    -1,
    0.5,
    1.0,
    1.5,
    10.0,
    float("nan"),
    "",
    "a",
    "c",
    "1",
    "2024-01-01T00:00:00Z",
    [1],
    {"a": 1},
]


def _checker(openapi: str) -> ExampleChecker:
    data = {
        "openapi": openapi,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {f"S{i}": schema for i, schema in enumerate(SCHEMAS)}},
    }
    pointers = [f"/components/schemas/S{i}" for i in range(len(SCHEMAS))]
    return ExampleChecker(data, pointers)


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_plainly_valid_only_where_the_compiled_validator_accepts(openapi: str) -> None:
    checker = _checker(openapi)
    plain = 0
    for (index, schema), value in itertools.product(enumerate(SCHEMAS), VALUES):
        if plainly_valid(value, schema):
            plain += 1
            found = checker.problem(value, f"/components/schemas/S{index}")
            assert found is None, (schema, value, found)
    assert plain > 40  # the shortcut is taken on the common cases, not just allowed


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        (10, {"type": "integer", "default": 10, "description": "page size"}),
        ("and", {"type": "string", "enum": ["and", "or"], "default": "and"}),
        (5, {"type": "integer", "minimum": 1, "maximum": 100}),
        (True, {"type": "boolean", "x-go-name": "b"}),
    ],
)
def test_common_defaults_are_plain(value: Any, schema: dict[str, Any]) -> None:
    assert plainly_valid(value, schema)


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        (True, {"type": "integer"}),  # a bool is no integer
        (True, {"enum": [1]}),  # nor equal to 1 in JSON
        (1, {"enum": [1.0]}),  # JSON-equal, but left to the validator
        (None, {"type": "string", "nullable": True}),
        ("x", {"$ref": "#/components/schemas/S"}),
        ("x", {"type": "string", "format": "email"}),
        (3, {"minimum": 3, "exclusiveMinimum": True}),
        ([1], {}),
        (float("inf"), {"type": "number"}),
    ],
)
def test_what_is_not_plain_is_left_to_the_validator(value: Any, schema: dict[str, Any]) -> None:
    assert not plainly_valid(value, schema)


BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "default": 10, "maximum": 100},
                        "example": 5,
                    }
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
    "components": {"schemas": {"Mode": {"type": "string", "enum": ["a", "b"], "default": "a"}}},
}


def _validate(data: dict[str, Any]) -> list[str]:
    spec = load_bytes(json.dumps(data).encode(), "spec.json")
    return [d.format() for d in validate(spec)]


def test_a_document_of_plain_values_compiles_no_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("compiled a validator for plainly valid values")

    monkeypatch.setattr(examples, "ExampleChecker", refuse)
    assert _validate(BASE) == []


def test_a_value_that_is_not_plain_is_still_checked_and_reported() -> None:
    data = copy.deepcopy(BASE)
    data["components"]["schemas"]["Mode"]["default"] = "c"
    data["paths"]["/pets"]["get"]["parameters"][0]["example"] = 500
    found = _validate(data)
    assert len(found) == 2, found
    assert "example-mismatch: example does not match its schema: must be <= 100" in found[0]
    assert "default-mismatch: default value does not match: not one of the allowed" in found[1]
