"""JSON-Schema-Test-Suite draft4: every case whose schema uses only OpenAPI 3.0 keywords.

`draft4-summary.json` (beside the suite) marks, per test group, the keywords OpenAPI 3.0 does not
have; the groups with none are the 689 "OAS-clean" cases this test runs through the compiled
validators, with format assertion on (the optional/format files are OAS formats). Each group's
schema is compiled with itself as the document, so ``#`` and ``#/properties/...`` refs resolve
as the suite means them. Cases that cannot pass are listed in `SKIPPED` with the reason; none are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.runtime.validation import Validator, validate
from generator.schema_compiler import compile_validators, load_module

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "json-schema-test-suite"

SKIPPED: dict[tuple[str, str, str], str] = {}
"""(file, group, case) -> why it cannot pass. Empty: every OAS-clean case passes."""


def _cases() -> list[Any]:
    if not SUITE.is_dir():
        return []
    summary = json.loads((SUITE / "draft4-summary.json").read_text(encoding="utf-8"))
    params = []
    for entry in summary:
        clean = {g["description"] for g in entry["group_detail"] if not g["oas30_issues"]}
        if not clean:
            continue
        groups = json.loads((SUITE / "draft4" / entry["file"]).read_text(encoding="utf-8"))
        for gi, group in enumerate(groups):
            if group["description"] not in clean:
                continue
            for ci, case in enumerate(group["tests"]):
                key = (entry["file"], group["description"], case["description"])
                marks = [pytest.mark.skip(reason=SKIPPED[key])] if key in SKIPPED else []
                case_id = f"{entry['file']}:{gi}:{ci}"
                params.append(pytest.param(entry["file"], gi, ci, id=case_id, marks=marks))
    return params


CASES = _cases()


@cache
def _group(file: str, index: int) -> dict[str, Any]:
    groups: list[dict[str, Any]] = json.loads((SUITE / "draft4" / file).read_text(encoding="utf-8"))
    return groups[index]


@cache
def _validator(file: str, index: int) -> Validator:
    schema = _group(file, index)["schema"]
    compiled = compile_validators(
        {"root": schema}, document=schema, runtime_import="generator.runtime"
    )
    assert not compiled.issues, compiled.issues
    fn: Validator = getattr(load_module(compiled), compiled.functions["root"])
    return fn


def test_suite_is_present_and_complete() -> None:
    """The corpus is there, and the OAS-clean count is the 689 the summary promises."""
    assert SUITE.is_dir(), f"missing corpus: {SUITE}"
    assert len(CASES) == 689


@pytest.mark.parametrize(("file", "group", "case"), CASES)
def test_case(file: str, group: int, case: int) -> None:
    test = _group(file, group)["tests"][case]
    problems = validate(_validator(file, group), test["data"])
    assert (not problems) == test["valid"], (test["description"], test["data"], problems)
