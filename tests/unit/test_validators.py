"""Compiled validators: paths, the problem cap, directions, nullable, discriminator, recursion,
determinism, and the compiled SoraCam module passing ruff and mypy --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.literals import LINE_LENGTH
from generator.load import load_path
from generator.runtime.validation import Problem, Validator, is_valid, validate
from generator.schema_compiler import compile_validators, load_module

REPO = Path(__file__).resolve().parents[2]
SORACAM = REPO.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"


def compiled(schema: Any, document: Any = None, **options: Any) -> Validator:
    result = compile_validators(
        {"it": schema},
        document=document if document is not None else {},
        runtime_import="generator.runtime",
        **options,
    )
    fn: Validator = getattr(load_module(result), result.functions["it"])
    return fn


def paths(problems: list[Problem]) -> list[str]:
    return [p.path for p in problems]


def pairs(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.keyword) for p in problems]


CAT = "#/components/schemas/Cat"
TREE = "#/components/schemas/Tree"


RECORDS = {
    "type": "object",
    "properties": {
        "records": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["time"],
                "properties": {"time": {"type": "integer", "format": "int64"}},
            },
        },
        "odd key": {"type": "string"},
    },
}


def test_problem_paths_name_the_value() -> None:
    fn = compiled(RECORDS)
    data = {"records": [{"time": 1}, {"time": 2}, {"time": 3}, {"time": "noon"}, {}]}
    problems = validate(fn, data)
    assert paths(problems) == ["$.records[3].time", "$.records[4].time"]
    assert [p.keyword for p in problems] == ["type", "required"]
    assert problems[0].message == "expected integer, got string"
    assert paths(validate(fn, {"odd key": 1})) == ["$['odd key']"]


def test_all_problems_collected_up_to_the_cap() -> None:
    fn = compiled(RECORDS)
    data = {"records": [{"time": "x"}] * 500}
    assert len(validate(fn, data)) == 100
    assert len(validate(fn, data, max_problems=7)) == 7
    assert len(validate(fn, {"records": [{"time": "x"}] * 3})) == 3
    assert not is_valid(fn, data)


def test_direction_read_only_and_write_only() -> None:
    schema = {
        "type": "object",
        "required": ["id", "password", "name"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "password": {"type": "string", "writeOnly": True},
            "name": {"type": "string"},
        },
    }
    fn = compiled(schema)
    # request: id must not be sent, password is required
    assert validate(fn, {"password": "p", "name": "n"}, direction="request") == []
    problems = validate(fn, {"id": "1", "name": "n"}, direction="request")
    assert [(p.path, p.keyword) for p in problems] == [
        ("$.id", "readOnly"),
        ("$.password", "required"),
    ]
    # response: id is required, password is not expected
    assert validate(fn, {"id": "1", "name": "n"}, direction="response") == []
    problems = validate(fn, {"password": "p", "name": "n"}, direction="response")
    assert [(p.path, p.keyword) for p in problems] == [
        ("$.id", "required"),
        ("$.password", "writeOnly"),
    ]
    # no direction: neither is required nor refused (OAS30Validator's reading)
    assert validate(fn, {"name": "n"}) == []
    with pytest.raises(ValueError):
        validate(fn, {}, direction="sideways")


def test_nullable_relaxes_type_only() -> None:
    assert validate(compiled({"type": "string", "nullable": True}), None) == []
    assert paths(validate(compiled({"type": "string"}), None)) == ["$"]
    enum = compiled({"type": "string", "nullable": True, "enum": ["a"]})
    assert [p.keyword for p in validate(enum, None)] == ["enum"]
    assert validate(compiled({"type": "string", "nullable": True, "enum": ["a", None]}), None) == []


PETS = {
    "components": {
        "schemas": {
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {"kitty": "#/components/schemas/Cat"},
                },
            },
            "Cat": {
                "type": "object",
                "required": ["kind", "meows"],
                "properties": {"kind": {"type": "string"}, "meows": {"type": "boolean"}},
            },
            "Dog": {
                "type": "object",
                "required": ["kind", "barks"],
                "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}},
            },
        }
    }
}


def test_discriminator_picks_the_branch() -> None:
    fn = compiled({"$ref": "#/components/schemas/Pet"}, PETS)
    assert validate(fn, {"kind": "kitty", "meows": True}) == []
    assert validate(fn, {"kind": "Dog", "barks": False}) == []
    wrong = validate(fn, {"kind": "Dog", "meows": True})
    assert [(p.path, p.keyword) for p in wrong] == [("$.barks", "required")]
    unknown = validate(fn, {"kind": "Cow"})
    assert [(p.path, p.keyword) for p in unknown] == [("$.kind", "discriminator")]
    assert "'Cow'" in unknown[0].message and "'kitty'" in unknown[0].message
    assert [p.keyword for p in validate(fn, {"meows": True})] == ["discriminator"]
    assert [p.keyword for p in validate(fn, [])] == ["type"]


def test_one_of_any_of_not_without_discriminator() -> None:
    one = compiled({"oneOf": [{"type": "integer"}, {"minimum": 2}]})
    assert validate(one, 1) == [] and validate(one, 2.5) == []
    assert [p.message for p in validate(one, 3)] == ["matches more than one oneOf alternative"]
    any_ = compiled({"anyOf": [{"type": "string"}, {"type": "boolean"}]})
    assert validate(any_, True) == [] and [p.keyword for p in validate(any_, 1)] == ["anyOf"]
    not_ = compiled({"not": {"type": "string"}})
    assert validate(not_, 1) == [] and [p.keyword for p in validate(not_, "x")] == ["not"]


def test_recursive_schema_and_deep_data() -> None:
    document = {
        "components": {
            "schemas": {
                "Tree": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "integer"},
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Tree"},
                        },
                    },
                }
            }
        }
    }
    fn = compiled({"$ref": "#/components/schemas/Tree"}, document)
    tree = {"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]}
    assert paths(validate(fn, tree)) == ["$.children[0].children[0].value"]
    deep: dict[str, Any] = {"value": 0}
    for _ in range(5000):
        deep = {"children": [deep]}
    assert [p.keyword for p in validate(fn, deep)] == ["depth"]


def test_exact_numbers_and_json_equality() -> None:
    assert validate(compiled({"multipleOf": 0.1}), 0.3) == []
    assert validate(compiled({"multipleOf": 0.01}), 19.99) == []
    assert validate(compiled({"multipleOf": 0.5}), 1e308) == []
    assert validate(compiled({"multipleOf": 3}), 10)
    unique = compiled({"type": "array", "uniqueItems": True})
    assert validate(unique, [1, 1.0])
    assert validate(unique, [1, True]) == []
    assert validate(unique, [{"a": [1]}, {"a": [1.0]}])
    enum = compiled({"enum": [1, {"a": False}]})
    assert validate(enum, 1.0) == [] and validate(enum, True) and validate(enum, {"a": 0})
    assert validate(compiled({"maxLength": 1}), "\U0001f432") == []


def test_int_formats_and_unknown_formats() -> None:
    int32 = compiled({"type": "integer", "format": "int32"})
    assert validate(int32, 2**31 - 1) == [] and validate(int32, 2**31)
    assert validate(compiled({"type": "string", "format": "yyyy"}), "anything") == []
    assert validate(compiled({"type": "string", "format": "date-time"}, formats=()), "x") == []
    binary = compiled({"type": "string", "format": "binary", "minLength": 3})
    assert validate(binary, b"\x00") == [] and validate(binary, "ab")


def test_issues_reported_not_raised() -> None:
    result = compile_validators(
        {"a": {"pattern": "(?<=a+)b"}, "b": {"$ref": "#/nowhere"}, "c": {"minLength": "5"}},
        document={},
    )
    messages = [str(issue) for issue in result.issues]
    assert any("pattern not checked" in m for m in messages)
    assert any("points at nothing" in m for m in messages)
    assert any("minLength must be" in m for m in messages)


def _soracam() -> tuple[dict[str, Any], dict[str, Any]]:
    document = load_path(SORACAM).data
    return document, dict(document["components"]["schemas"])


def test_compilation_is_deterministic() -> None:
    document, schemas = _soracam()
    first = compile_validators(schemas, document=document)
    document, schemas = _soracam()  # a fresh load: nothing shared but the bytes
    second = compile_validators(schemas, document=document)
    assert first.source == second.source
    assert first.functions == second.functions
    assert "validate_SoraCamEvent" in first.functions.values()


@pytest.mark.skipif(
    shutil.which("ruff", path=str(Path(sys.executable).parent)) is None, reason="ruff not installed"
)
@pytest.mark.slow
def test_soracam_module_is_ruff_and_mypy_strict_clean(tmp_path: Path) -> None:
    document, schemas = _soracam()
    source = compile_validators(schemas, document=document).source
    pkg = tmp_path / "pkg"
    (pkg / "_runtime").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "_runtime" / "__init__.py").write_text("")
    shutil.copy(REPO / "generator" / "runtime" / "validation.py", pkg / "_runtime")
    (pkg / "validators.py").write_text(source)
    bin_dir = Path(sys.executable).parent
    # The project's rules at the generated package's line length, which the compiler writes at.
    config = ["--config", str(REPO / "pyproject.toml"), "--line-length", str(LINE_LENGTH)]
    for command in (
        [str(bin_dir / "ruff"), "check", *config, "pkg"],
        [str(bin_dir / "ruff"), "format", "--check", *config, "pkg/validators.py"],  # not _runtime
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pkg"],
    ):
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
