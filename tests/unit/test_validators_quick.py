"""Quick twins: a container validator's `_q_x(data, mode) -> bool` is True exactly when the
validator finds no problem, for every value and direction (or False for a value of a subclass,
which the validator itself then accepts); their presence never changes what is reported."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from typing import Any

import pytest

from generator.runtime.validation import QUICK, REQUEST, RESPONSE, Sink, Stop, validate
from generator.schema_compiler import compile_validators, load_module

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "components": {
        "schemas": {
            "Device": {
                "type": "object",
                "required": ["id", "kind", "size", "created"],
                "properties": {
                    "id": {"type": "string", "minLength": 2, "readOnly": True},
                    "secret": {"type": "string", "writeOnly": True},
                    "created": {"type": "integer", "format": "int64", "readOnly": True},
                    "kind": {"type": "string", "enum": ["cam", "hub"]},
                    "size": {"type": "number", "minimum": 0, "nullable": True},
                    "on": {"type": "boolean"},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                    "meta": {
                        "type": "object",
                        "additionalProperties": {"type": "integer"},
                    },
                    "child": {"$ref": "#/components/schemas/Device"},
                    "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    "deep": {
                        "type": "object",
                        "properties": {
                            "a": {
                                "type": "object",
                                "properties": {
                                    "b": {
                                        "type": "object",
                                        "properties": {
                                            "c": {"type": "array", "items": {"type": "string"}}
                                        },
                                    }
                                },
                            }
                        },
                    },
                },
                "additionalProperties": False,
            }
        }
    },
}


class Kind(enum.StrEnum):
    CAM = "cam"


class Big(int):
    pass


VALID = {"id": "d1", "kind": "cam", "size": 1.5, "created": 1}
VALUES: list[Any] = [
    VALID,
    {**VALID, "size": None, "on": True, "tags": ["a"], "meta": {"x": 1}},
    {**VALID, "child": VALID, "either": "s", "deep": {"a": {"b": {"c": ["x"]}}}},
    {**VALID, "deep": {"a": {"b": {"c": ["x", 1]}}}},
    {**VALID, "id": "d"},
    {**VALID, "kind": "dog"},
    {**VALID, "kind": ["cam"]},  # unhashable where an enum value is expected
    {**VALID, "size": -1},
    {**VALID, "size": True},
    {**VALID, "on": 1},
    {**VALID, "on": None},  # present null is not absent
    {**VALID, "tags": None, "meta": None},
    {**VALID, "tags": ["a", "b", "c"]},
    {**VALID, "meta": {"x": 1.5}},
    {**VALID, "child": {"kind": "cam"}},
    {**VALID, "either": 1.5},
    {**VALID, "created": 2**63},
    {**VALID, "created": -(2**63)},  # valid; the twin's bit_length test leaves it to the full
    {**VALID, "created": 2**63 - 1},
    {**VALID, "created": True},
    {**VALID, "secret": "s"},
    {**VALID, "extra": 1},
    {"kind": "cam", "size": 0},  # readOnly required properties absent
    {"id": "d1", "size": 1.5, "created": 1},  # required `kind` absent: the twin's KeyError
    {"id": "d1", "kind": "cam", "created": 1},  # required nullable `size` absent
    {**VALID, "kind": Kind.CAM},  # subclasses: the twin says no, the validator accepts
    {**VALID, "created": Big(3)},
    OrderedDict(VALID),
    [VALID],
    None,
]


@pytest.fixture(scope="module")
def module() -> Any:
    compiled = compile_validators(
        {
            "device": {"$ref": "#/components/schemas/Device"},
            "devices": {"type": "array", "items": {"$ref": "#/components/schemas/Device"}},
        },
        document=DOCUMENT,
        runtime_import="generator.runtime",
    )
    assert not compiled.issues
    return load_module(compiled)


def _quick(fn: Any, data: Any, mode: int) -> bool:
    try:
        fn(data, "$", Sink(1), mode | QUICK)
    except Stop:
        return False
    return True


@pytest.mark.parametrize("mode", [0, REQUEST, RESPONSE])
@pytest.mark.parametrize("index", range(len(VALUES)))
def test_twin_answers_what_the_validator_finds(module: Any, index: int, mode: int) -> None:
    data = VALUES[index]
    direction = {0: None, REQUEST: "request", RESPONSE: "response"}[mode]
    for name in ("validate_device", "validate_devices"):
        value = data if name == "validate_device" else [VALID, data]
        fn = getattr(module, name)
        twin = getattr(module, "_q" + fn.__name__ if fn.__name__.startswith("_") else "_q_" + name)
        problems = validate(fn, value, direction=direction)
        conservative = type(data) is OrderedDict or (
            isinstance(data, dict)
            and any(type(v) in (Kind, Big) or v == -(2**63) for v in data.values())
        )
        if conservative:
            assert not twin(value, mode)  # the full check decides, as for plain JSON values
            plain = json.loads(json.dumps(value))
            assert problems == validate(fn, plain, direction=direction)
            assert twin(plain, mode) is (not problems) or -(2**63) in data.values()
        else:
            assert twin(value, mode) is (not problems), (data, mode, problems)
        assert _quick(fn, value, mode) is (not problems)


def test_problems_are_reported_with_paths(module: Any) -> None:
    value = [VALID, {**VALID, "deep": {"a": {"b": {"c": ["x", 1]}}}, "kind": "dog"}]
    problems = validate(module.validate_devices, value, direction="response")
    assert [(p.path, p.keyword) for p in problems] == [
        ("$[1].kind", "enum"),
        ("$[1].deep.a.b.c[1]", "type"),
    ]
    assert validate(module.validate_devices, [{**VALID, "kind": Kind.CAM}]) == []


def test_twins_only_for_openapi_30_and_issues_reported_once() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["components"]["schemas"]["Device"]["properties"]["bad"] = {"pattern": "(?<=a+)b"}
    compiled = compile_validators(
        {"device": {"$ref": "#/components/schemas/Device"}},
        document=document,
        runtime_import="generator.runtime",
    )
    assert "def _q_r" in compiled.source
    assert [i.pointer for i in compiled.issues] == [
        "#/components/schemas/Device/properties/bad/pattern"
    ]
    document["openapi"] = "3.1.0"
    compiled = compile_validators(
        {"device": {"$ref": "#/components/schemas/Device"}},
        document=document,
        runtime_import="generator.runtime",
    )
    assert "def _q" not in compiled.source


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "object", "additionalProperties": False}, {}, {"a": 1}),
        (
            {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
            {"a": [1]},
            {"a": 1, "b": 2},
        ),
        ({"type": "object", "additionalProperties": {"type": "string"}}, {"a": "x"}, {"a": 1}),
    ],
)
def test_additional_properties_twins(schema: Any, good: Any, bad: Any) -> None:
    compiled = compile_validators(
        {"x": schema}, document={"openapi": "3.0.3"}, runtime_import="generator.runtime"
    )
    module = load_module(compiled)
    assert module._q_validate_x(good, 0) and validate(module.validate_x, good) == []
    assert not module._q_validate_x(bad, 0)
    assert [p.keyword for p in validate(module.validate_x, bad)] == [
        "additionalProperties" if schema["additionalProperties"] is False else "type"
    ]


@pytest.mark.parametrize("index", range(len(VALUES)))
def test_without_twins_the_same_problems(module: Any, index: int) -> None:
    """`quick_twins=False` (a document's examples): no twin in the source, the same answers."""
    compiled = compile_validators(
        {"devices": {"type": "array", "items": {"$ref": "#/components/schemas/Device"}}},
        document=DOCUMENT,
        runtime_import="generator.runtime",
        quick_twins=False,
    )
    assert "def _q" not in compiled.source
    plain = load_module(compiled)
    for value in (VALUES[index], [VALUES[index]]):
        for direction in (None, "request", "response"):
            expected = validate(module.validate_devices, value, direction=direction)
            assert validate(plain.validate_devices, value, direction=direction) == expected


def test_type_problems_keep_their_message() -> None:
    """Type failures are written as short `fail_type` calls; the message is as before."""
    compiled = compile_validators(
        {
            "x": {
                "type": "object",
                "properties": {"a_rather_long_property_name": {"type": "string"}},
            }
        },
        document={"openapi": "3.0.3"},
        runtime_import="generator.runtime",
    )
    assert "fail_type(sink, mode, " in compiled.source
    assert "type_name" not in compiled.source  # imported only when used
    assert "    fail,\n" not in compiled.source  # `fail_type` is no use of `fail`
    fn = load_module(compiled).validate_x
    assert [str(p) for p in validate(fn, {"a_rather_long_property_name": 1})] == [
        "$.a_rather_long_property_name: expected string, got integer (type)"
    ]
    assert [str(p) for p in validate(fn, [])] == ["$: expected object, got array (type)"]


def test_functions_with_one_body_are_emitted_once() -> None:
    """Parameters mostly share a few schemas: one function per body, the others aliases of it
    (laid out as ruff does when a line is too long), each still reporting its own problems."""
    long = "get_a_rather_long_operation_name_with_its_parameter_name_"
    schemas = {f"{long}{n}": {"type": "string", "maxLength": 3} for n in range(3)}
    schemas["other"] = {"type": "string", "maxLength": 4}
    schemas["listed"] = {"type": "array", "items": {"type": "string"}}
    schemas["listed_too"] = {"type": "array", "items": {"type": "string"}}
    compiled = compile_validators(
        schemas, document={"openapi": "3.0.3"}, runtime_import="generator.runtime"
    )
    source = compiled.source
    assert source.count("maxLength") == 2  # one body for the three, one for `other`
    assert f"validate_{long}1 = (\n    validate_{long}0\n)" in source
    assert "_q_validate_listed_too = _q_validate_listed" in source
    module = load_module(compiled)
    for name in schemas:
        fn = getattr(module, compiled.functions[name])
        assert validate(fn, ["x"] if "listed" in name else "xyz") == []
        assert [p.keyword for p in validate(fn, 7)] == ["type"]
    assert [p.keyword for p in validate(module.validate_other, "abcde")] == ["maxLength"]


def test_required_properties_read_by_subscript() -> None:
    """A twin reads required properties by subscript inside ``try``: an absent one is False
    (and the full function names it), a presence-only one is an ``in`` test."""
    document = {
        "openapi": "3.0.3",
        "components": {"schemas": {"Leaf": {"type": "object", "required": ["n"]}}},
    }
    schema = {
        "type": "object",
        "required": ["any", "leaf", "name"],
        "properties": {
            "any": {},
            "leaf": {"$ref": "#/components/schemas/Leaf"},
            "name": {"type": "string"},
        },
    }
    compiled = compile_validators(
        {"x": schema}, document=document, runtime_import="generator.runtime"
    )
    assert 'data["name"]' in compiled.source and '"any" not in data' in compiled.source
    assert "except KeyError:" in compiled.source
    module = load_module(compiled)
    good = {"any": None, "leaf": {"n": 1}, "name": "a"}
    assert module._q_validate_x(good, 0) and validate(module.validate_x, good) == []
    for absent in ("any", "leaf", "name"):
        value = {k: v for k, v in good.items() if k != absent}
        assert not module._q_validate_x(value, 0)
        assert [str(p) for p in validate(module.validate_x, value)] == [
            f"$.{absent}: missing (required)"
        ]
    nested = {**good, "leaf": {}}
    assert not module._q_validate_x(nested, 0)
    assert [p.path for p in validate(module.validate_x, nested)] == ["$.leaf.n"]
