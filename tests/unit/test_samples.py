"""Samples (issue 9, point 8): `specgen call --sample-body` and the dynamic smoke test's sample
generator build values the compiled validators accept for recursive required properties and
nested allOf of objects and arrays, in each direction (readOnly left out of requests, writeOnly
out of responses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.dynamic.samples import sample
from generator.load import load_path
from generator.resolve import bundle
from generator.runtime.validation import validate
from generator.schema_compiler import compile_validators, load_module

REPO = Path(__file__).resolve().parents[2]
RECURSIVE = REPO.parent / "shared" / "cases" / "wire" / "recursive-required-sample.yaml"
NESTED = REPO / "tests" / "data" / "samples" / "nested-allof.yaml"


def _problems(spec: Path, schema: Any, value: Any, direction: str) -> list[str]:
    document = bundle(load_path(spec))
    module = load_module(
        compile_validators({"s": schema}, document=document, runtime_import="generator.runtime")
    )
    return [str(p) for p in validate(module.validate_s, value, direction=direction)]


def _all_values(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, dict):
        for item in value.values():
            out += _all_values(item)
    elif isinstance(value, list):
        for item in value:
            out += _all_values(item)
    return out


@pytest.mark.skipif(not RECURSIVE.is_file(), reason=f"wire cases not at {RECURSIVE.parent}")
def test_recursive_required_sample_body_from_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "call", str(RECURSIVE), "createNode", "--sample-body"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    body = json.loads(result.stdout)
    assert body["children"]  # a real nested value, ending in an empty list
    node = {"$ref": "#/components/schemas/Node"}
    assert _problems(RECURSIVE, node, body, "request") == []


@pytest.mark.parametrize("direction", ["request", "response"])
@pytest.mark.parametrize("name", ["Base", "Mid", "Top", "Tree"])
def test_nested_all_of_samples_are_valid(name: str, direction: str) -> None:
    document = bundle(load_path(NESTED))
    schema = {"$ref": f"#/components/schemas/{name}"}
    value = sample(schema, document, direction=direction)
    assert _problems(NESTED, schema, value, direction) == []
    assert "value" not in _all_values(value)  # never the placeholder string
    flat = json.dumps(value)
    if direction == "request":
        assert '"id"' not in flat  # readOnly, even though required
    else:
        assert '"secret"' not in flat  # writeOnly, even though required


def test_all_of_of_arrays_merges_the_constraints() -> None:
    document = bundle(load_path(NESTED))
    tags = document["components"]["schemas"]["Mid"]["allOf"][1]["properties"]["tags"]
    value = sample(tags, document)
    assert value == ["user@example.com", "user1@example.com"]  # minItems 2, unique, emails
