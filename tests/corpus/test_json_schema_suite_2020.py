"""JSON-Schema-Test-Suite draft 2020-12 through the compiled validators in the OpenAPI 3.1 dialect.

Every group of the core files and of optional/format runs, compiled with itself as the document
(``dialect="2020-12"``), unless its schema needs something specgen does not do; those are listed
in `UNSUPPORTED` (by keyword, with the reason) and `SKIPPED_FORMATS` / `SKIPPED_CASES`, and a
test asserts the lists are exactly what the suite needs (no stale entry, nothing unexplained).
Core files run with format as an annotation (2020-12's default); optional/format files with
format assertion on, as the suite means them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.literals import LINE_LENGTH
from generator.runtime.validation import Validator, validate
from generator.schema_compiler import DEFAULT_FORMATS, compile_validators, load_module

SUITE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "json-schema-test-suite-2020-12"
)
METASCHEMA = "https://json-schema.org/draft/2020-12/schema"

UNSUPPORTED: dict[str, str] = {
    "$dynamicRef": (
        "dynamic scope resolution; OAS 3.1 documents meet it only in the OAS meta-schema, and "
        "the compiler follows static JSON-pointer refs"
    ),
    "$anchor": (
        "refs to plain-name anchors (`#foo`); OAS 3.1 refs in real documents are JSON pointers, "
        "which is what the resolve stage and the compiler follow"
    ),
    "$id": (
        "an embedded `$id` changes the base URI of the refs under it; the compiler resolves refs "
        "against the one bundled document"
    ),
    "remote $ref": (
        "a ref to a URL, URN or relative file (`http://localhost:1234/...`, `urn:...`, "
        "`tree.json`); specgen bundles files in the resolve stage and refuses URLs by policy"
    ),
    "unevaluatedItems": "unevaluatedItems is not compiled (a compile issue is reported)",
    "$vocabulary": (
        "a custom meta-schema that switches vocabularies off; specgen always applies the "
        "2020-12 validation vocabulary"
    ),
}

SKIPPED_FORMATS: dict[str, str] = {
    name: "format not asserted by specgen (an annotation, as 2020-12 allows); asserted are "
    + ", ".join(sorted(DEFAULT_FORMATS))
    for name in (
        "duration",
        "idn-email",
        "idn-hostname",
        "iri",
        "iri-reference",
        "json-pointer",
        "regex",
        "relative-json-pointer",
        "time",
        "uri-reference",
        "uri-template",
        "uuid",
    )
}

_IDNA = (
    "hostname checks RFC 1123 labels; the IDNA 2008 rules for A-labels (valid Punycode, "
    "RFC 5892 contextual rules, Bidi) are not checked"
)
SKIPPED_CASES: dict[tuple[str, int, int], str] = {
    ("optional/format/hostname.json", 1, case): _IDNA
    for case in (0, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19, 21, 22, 24, 25, 29, 32, 33)
}
SKIPPED_CASES[("optional/format/hostname.json", 1, 37)] = _IDNA
SKIPPED_CASES[("type.json", 0, 1)] = (
    "2020-12 counts 1.0 as an integer; specgen's `integer` is a Python int, and accepting 1.0 "
    "would let a model field typed `int` hold a float (a value of the wrong type), so 1.0 is "
    "refused as in OpenAPI 3.0"
)


def _needs(schema: Any, root: bool = True) -> set[str]:
    """The `UNSUPPORTED` keys a group schema needs."""
    found: set[str] = set()
    if isinstance(schema, list):
        for item in schema:
            found |= _needs(item, False)
        return found
    if not isinstance(schema, dict):
        return found
    if root and schema.get("$schema", METASCHEMA) != METASCHEMA:
        found.add("$vocabulary")
    for key, value in schema.items():
        if key in ("$dynamicRef", "$dynamicAnchor"):
            found.add("$dynamicRef")
        elif key == "$anchor":
            found.add("$anchor")
        elif key == "$id" and not root:
            found.add("$id")
        elif key == "unevaluatedItems":
            found.add("unevaluatedItems")
        elif key == "$ref" and isinstance(value, str):
            if value.startswith("#") and not value.startswith(("#/", "#%")) and value != "#":
                found.add("$anchor")
            elif not value.startswith("#"):
                found.add("remote $ref")
        if key not in ("enum", "const", "default", "examples"):
            found |= _needs(value, False)
    return found


def _files() -> list[str]:
    core = sorted(p.name for p in SUITE.glob("*.json"))
    formats = sorted(
        f"optional/format/{p.name}" for p in (SUITE / "optional" / "format").glob("*.json")
    )
    return core + formats


@cache
def _groups(file: str) -> list[dict[str, Any]]:
    return json.loads((SUITE / file).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _skip_reason(file: str, gi: int, ci: int) -> str | None:
    group = _groups(file)[gi]
    needs = _needs(group["schema"])
    if needs:
        return "; ".join(f"{k}: {UNSUPPORTED[k]}" for k in sorted(needs))
    fmt = group["schema"].get("format") if isinstance(group["schema"], dict) else None
    if file.startswith("optional/") and fmt in SKIPPED_FORMATS:
        return f"format {fmt}: {SKIPPED_FORMATS[fmt]}"
    return SKIPPED_CASES.get((file, gi, ci))


def _cases() -> list[Any]:
    if not SUITE.is_dir():
        return []
    params = []
    for file in _files():
        for gi, group in enumerate(_groups(file)):
            for ci, _ in enumerate(group["tests"]):
                reason = _skip_reason(file, gi, ci)
                marks = [pytest.mark.skip(reason=reason)] if reason else []
                params.append(pytest.param(file, gi, ci, id=f"{file}:{gi}:{ci}", marks=marks))
    return params


CASES = _cases()


@cache
def _validator(file: str, index: int) -> Validator:
    schema = _groups(file)[index]["schema"]
    formats = DEFAULT_FORMATS if file.startswith("optional/format/") else ()
    compiled = compile_validators(
        {"root": schema},
        document=schema if isinstance(schema, dict) else {},
        runtime_import="generator.runtime",
        formats=formats,
        dialect="2020-12",
    )
    assert not compiled.issues, [str(issue) for issue in compiled.issues]
    fn: Validator = getattr(load_module(compiled), compiled.functions["root"])
    return fn


def test_suite_is_present_and_the_lists_are_exact() -> None:
    """The corpus is there; most cases run; every listed skip is still needed."""
    assert SUITE.is_dir(), f"missing corpus: {SUITE}"
    skipped = [p for p in CASES if p.marks]
    run = len(CASES) - len(skipped)
    print(f"2020-12 suite: {run} cases run, {len(skipped)} skipped of {len(CASES)}")
    assert (len(CASES), run) == (2063, 1419)
    for (file, gi, ci), _ in SKIPPED_CASES.items():
        test = _groups(file)[gi]["tests"][ci]
        assert not test["valid"] or (file, gi, ci) == ("type.json", 0, 1), (file, gi, ci)
    used = set().union(*(_needs(g["schema"]) for f in _files() for g in _groups(f)))
    assert used == set(UNSUPPORTED)


def test_unsupported_keywords_are_reported_not_ignored() -> None:
    """What the compiler cannot check shows up as a compile issue, never as a silent pass."""
    schema = {"unevaluatedItems": False, "prefixItems": [{"type": "integer"}]}
    compiled = compile_validators(
        {"root": schema}, document=schema, runtime_import="generator.runtime", dialect="2020-12"
    )
    assert [issue.pointer for issue in compiled.issues] == ["root/unevaluatedItems"]


@pytest.mark.parametrize(("file", "group", "case"), CASES)
def test_case(file: str, group: int, case: int) -> None:
    test = _groups(file)[group]["tests"][case]
    problems = validate(_validator(file, group), test["data"])
    assert (not problems) == test["valid"], (test["description"], test["data"], problems)


@pytest.mark.slow
def test_compiled_modules_are_ruff_and_mypy_strict_clean(tmp_path: Path) -> None:
    """Every module compiled for a supported group passes ruff check, ruff format --check and
    mypy --strict, as generated code must (the 2020-12 layer writes its own loops and flags)."""
    import subprocess
    import sys

    package = tmp_path / "suite2020"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    count = 0
    for file in _files():
        for group in _groups(file):
            if _needs(group["schema"]):
                continue
            schema = group["schema"]
            compiled = compile_validators(
                {"root": schema},
                document=schema if isinstance(schema, dict) else {},
                runtime_import="generator.runtime",
                dialect="2020-12",
            )
            (package / f"m{count}.py").write_text(compiled.source, encoding="utf-8")
            count += 1
    assert count > 300
    root = Path(__file__).resolve().parents[2]
    config = str(root / "pyproject.toml")  # the project's rules, not ruff's defaults
    width = ["--line-length", str(LINE_LENGTH)]  # the generated package's, the compiler's layout
    for command in (
        ["ruff", "check", "--no-cache", "--config", config, *width, str(package)],
        ["ruff", "format", "--check", "--no-cache", "--config", config, *width, str(package)],
        ["mypy", "--strict", "--no-incremental", str(package)],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=root, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
