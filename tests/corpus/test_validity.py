"""The validity corpus (../shared/corpus/validity, verdicts in EXPECTED.json) judged by
`load` + `validate` with default options.

A verdict is "invalid" when there is at least one error, load errors included. EXPECTED.json
has more verdicts than valid/invalid; each maps to what a strict OpenAPI 3.0 tool must say:

- fragment (ref target), not-a-spec (empty files), out-of-scope (Swagger 2.0): refused
  (invalid), and the out-of-scope ones with `unsupported-version`;
- valid per suite; questionable: invalid, as their reason says (no `paths`, REQUIRED in 3.0);
- valid-but-hostile: valid (the payloads are in strings; generated code must escape them).

Where we disagree, DISAGREEMENTS says why; the test asserts the actual disagreements are
exactly those, so any change in behaviour on the corpus shows up here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.load import load_path
from generator.validate import validate

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "validity"

WANTED = {
    "valid": "valid",
    "invalid": "invalid",
    "fragment (ref target)": "invalid",
    "not-a-spec": "invalid",
    "out-of-scope (Swagger 2.0)": "invalid",
    "valid per suite; questionable (see reason)": "invalid",
    "valid-but-hostile": "valid",
}

_MERMADE = "mermade-openapi3-examples/3.0/"
_OSV = "openapi-spec-validator/"
_OUTSIDE = (
    "refers to a file outside the spec's folder, which specgen refuses by policy "
    "(issue 2 point 3) unless --allow-outside-refs is given"
)
_SWAGGER = "a Swagger 2.0 document; specgen refuses 2.0 by design ('not supported')"
_RELATIVE_URL = (
    "externalDocs.url 'P)Zun!ngse1(f7' is a valid RFC 3986 relative reference "
    "(only unreserved characters and sub-delims), and OAS 3.0 allows relative URLs; "
    "the fuzzer's stricter idea of the format is not the spec's"
)
_TEMPLATE_CODE = (
    "the injected path contains `{ ... }` code blocks, which by OAS path templating "
    "are template variables with no declared path parameter: path-param-undeclared"
)

DISAGREEMENTS: dict[str, str] = {
    _MERMADE
    + "fail/OAI/api-with-examples.yaml": "contested YAML: flow mappings whose continuation lines are indented less than their "
    "key; ruamel.yaml (like PyYAML) parses them, only strict YAML 1.2 parsers reject, and "
    "the rest of the document is valid",
    _MERMADE + "fail/fuzz1/0e5805a8-5699-4428-9449-423c281d88c6.yaml": _RELATIVE_URL,
    _MERMADE + "fail/fuzz1/6b245d6c-716f-47bc-b347-c26ab9c92d0b.yaml": _RELATIVE_URL,
    _MERMADE + "pass/cyclical.yaml": _OUTSIDE + " (../partial/cycledef.yaml)",
    _MERMADE + "pass/externalPathItemRef.yaml": _OUTSIDE + " (../resources/include.yaml)",
    _MERMADE + "pass/fiendish/ref-encoding2.yaml": _SWAGGER,
    _MERMADE
    + "pass/fiendish/ref-encoding3.yaml": "contested: `with+space` resolved as a space by some tools, but '+' is not a space in an "
    "RFC 3986 fragment; specgen resolves strictly and reports unresolved-ref",
    _MERMADE + "pass/resolution/twolevel/index.yaml": _SWAGGER,
    _MERMADE + "malicious/rapid7-java.json": _TEMPLATE_CODE,
    _MERMADE + "malicious/rapid7-js.json": _TEMPLATE_CODE,
    _OSV + "data/v2.0/petstore.yaml": _SWAGGER,
    _OSV + "data/v3.0/petstore-separate/spec/openapi.yaml": _OUTSIDE + " (../common/schemas)",
    _OSV + "data/v3.2/petstore.yaml": "OpenAPI 3.2; specgen reads OpenAPI 3.0.x only",
    _OSV
    + "extracted-inline-cases/parameter_default_value_custom_format_invalid.yaml": "invalid only under the custom format checker that the upstream test registers in code; "
    "the file alone is valid (unknown formats are allowed by OAS 3.0)",
}


def _entries() -> list[dict[str, str]]:
    expected = CORPUS / "EXPECTED.json"
    if not expected.is_file():
        pytest.skip(f"validity corpus not found at {CORPUS}")
    return json.loads(expected.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _judge(path: Path) -> list[Diagnostic]:
    try:
        return [d for d in validate(load_path(path)) if d.is_error]
    except SpecError as exc:
        return [d for d in exc.diagnostics if d.is_error]


def test_validity_corpus():
    entries = _entries()
    disagreements: dict[str, str] = {}
    for entry in entries:
        assert entry["expected"] in WANTED, f"new verdict kind in EXPECTED.json: {entry}"
        errors = _judge(CORPUS / entry["file"])
        got = "invalid" if errors else "valid"
        if entry["expected"] == "out-of-scope (Swagger 2.0)":
            assert [d.code for d in errors] == ["unsupported-version"], entry["file"]
        if entry["expected"] == "not-a-spec":
            assert [d.code for d in errors] == ["load-empty"], entry["file"]
        if got != WANTED[entry["expected"]]:
            first = errors[0].format() if errors else "no errors"
            disagreements[entry["file"]] = f"expected {entry['expected']}, got {got}: {first}"
    unexplained = {f: why for f, why in disagreements.items() if f not in DISAGREEMENTS}
    no_longer = sorted(set(DISAGREEMENTS) - set(disagreements))
    assert unexplained == {}, "new disagreements with EXPECTED.json"
    assert no_longer == [], "listed disagreements that now agree: remove them from the list"
    agree = len(entries) - len(disagreements)
    print(f"validity corpus: {agree}/{len(entries)} agree, {len(disagreements)} listed")
