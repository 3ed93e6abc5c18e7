"""Differential test: compiled validators vs openapi-schema-validator's OAS30Validator.

For every component schema of the 18 specs under ../shared/specs, hypothesis generates instances
(valid ones from hypothesis-jsonschema, plus mutations of them and arbitrary JSON, which are mostly
invalid) and the verdict of the compiled validator must equal the reference's.

Reference set-up, and why:

* OAS30Validator with a FormatChecker holding the OAS checks (int32, int64, float, double, byte,
  binary, password) and jsonschema's draft4 checkers present in this environment (date-time,
  email, ipv4, ipv6). The compiled validators assert exactly those formats (`FORMATS`); uri and
  hostname, which jsonschema checks only with optional packages, are covered by the JSON Schema
  suite instead.
* Direction-free semantics on both sides (``direction=None``; OAS30Validator's neutral mode).
* hypothesis-jsonschema reads JSON Schema, not OAS 3.0: schemas are converted first (`nullable`
  becomes a type list, OAS-only keywords and annotation-only formats are dropped, component refs
  point into ``definitions``). Schemas it still cannot generate for are listed in the report of
  `test_coverage_report` with the reason; the arbitrary-JSON strategy still runs on them.

``SPECGEN_SOAK=1`` raises the examples per schema from 12 to 300 and randomizes the seed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_path
from generator.runtime.validation import Validator, validate
from generator.schema_compiler import compile_validators, load_module

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")
openapi_schema_validator = pytest.importorskip("openapi_schema_validator")


class _LegacyMany:
    """hypothesis-jsonschema 0.23.1 drives ``cu.many`` with ``more()``; hypothesis 6.170 (the
    project's pin) replaced that with a ``with``/``for`` protocol. This adapter speaks the old
    protocol over the new class, so the latest hypothesis-jsonschema runs unchanged."""

    def __init__(self, data: Any, **kwargs: Any) -> None:
        from hypothesis.internal.conjecture.utils import many

        self._many = many(data, **kwargs)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._steps)
        except StopIteration:
            self._many.__exit__(None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


def _patch_hypothesis_jsonschema() -> None:
    import types

    from hypothesis_jsonschema import _from_schema

    if not hasattr(_from_schema.cu.many, "more"):
        _from_schema.cu = types.SimpleNamespace(many=_LegacyMany)


_patch_hypothesis_jsonschema()

SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs"
SOAK = os.environ.get("SPECGEN_SOAK") == "1"
FORMATS = frozenset({"int32", "int64", "byte", "date-time", "email", "ipv4", "ipv6"})
_OAS_ONLY = {"nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs"}
_OAS_ONLY |= {"example", "deprecated"}
_GENERATED_FORMATS = {"date-time", "date", "email", "ipv4", "ipv6", "hostname", "uri"}

SETTINGS = settings(
    max_examples=300 if SOAK else 12,
    deadline=None,
    derandomize=not SOAK,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _spec_files() -> list[Path]:
    files = sorted((SPECS / "soracom").glob("*.yml")) + sorted((SPECS / "soracam").glob("*.yml"))
    return files


@cache
def _document(name: str) -> dict[str, Any]:
    return load_path(SPECS / name).data


@cache
def _compiled(name: str) -> dict[str, Validator]:
    """Every component schema of one spec, compiled into one module; schema name -> function."""
    schemas = _document(name).get("components", {}).get("schemas", {})
    names = {f"c{i}": key for i, key in enumerate(schemas)}
    compiled = compile_validators(
        {alias: schemas[key] for alias, key in names.items()},
        document=_document(name),
        runtime_import="generator.runtime",
        formats=FORMATS,
    )
    module = load_module(compiled, f"differential_{len(names)}")
    return {key: getattr(module, compiled.functions[alias]) for alias, key in names.items()}


def _format_checker() -> Any:
    from jsonschema import FormatChecker
    from jsonschema._format import draft4_format_checker
    from openapi_schema_validator._format import oas30_format_checker

    checker = FormatChecker(formats=())
    for source in (oas30_format_checker, draft4_format_checker):
        for name, (func, raises) in source.checkers.items():
            if name in FORMATS or name in ("float", "double", "binary", "password"):
                checker.checkers[name] = (func, raises)
    return checker


@cache
def _reference(name: str, schema_name: str) -> Any:
    document = _document(name)
    root = {
        "$ref": "#/components/schemas/" + schema_name.replace("~", "~0").replace("/", "~1"),
        "components": document["components"],
    }
    return openapi_schema_validator.OAS30Validator(root, format_checker=_format_checker())


def to_json_schema(schema: Any) -> Any:
    """OAS 3.0 Schema Object -> JSON Schema draft4 that hypothesis-jsonschema can read."""
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        return {"$ref": ref.replace("#/components/schemas/", "#/definitions/", 1)}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _OAS_ONLY or key.startswith("x-"):
            continue
        if key == "format" and value not in _GENERATED_FORMATS:
            continue
        if key in ("properties",) and isinstance(value, Mapping):
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = to_json_schema(value)
        else:
            out[key] = value
    if schema.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["type"] = out["type"][0]  # OAS 3.0: enum without null still refuses null
    return out


def _valid_strategy(name: str, schema_name: str) -> tuple[Any, str]:
    """hypothesis-jsonschema's strategy for the schema, or (None, why it cannot make one)."""
    components = _document(name)["components"]["schemas"]
    converted = to_json_schema(components[schema_name])
    converted["definitions"] = {k: to_json_schema(v) for k, v in components.items()}
    try:
        strategy = hypothesis_jsonschema.from_schema(converted)
        strategy.validate()
    except Exception as exc:  # noqa: BLE001 - the reason is reported, not hidden
        return None, f"{type(exc).__name__}: {str(exc)[:120]}"
    return strategy, ""


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """`value` with one node replaced, one key dropped or one key added (usually invalid)."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value)))
        action = draw(st.integers(0, 2))
        copy = dict(value)
        if action == 0:
            del copy[key]
        elif action == 1:
            copy[key] = draw(mutated(copy[key]))
        else:
            copy[draw(st.text(max_size=6))] = draw(JSON)
        return copy
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        copy = list(value)
        copy[index] = draw(mutated(copy[index]))
        return copy
    return draw(JSON)


def _schema_params() -> list[Any]:
    params = []
    for path in _spec_files():
        name = f"{path.parent.name}/{path.name}"
        for schema_name in _document(name).get("components", {}).get("schemas", {}):
            params.append(pytest.param(name, schema_name, id=f"{path.stem}:{schema_name}"))
    return params


PARAMS = _schema_params()
UNSUPPORTED: dict[tuple[str, str], str] = {}


def test_all_eighteen_specs_are_covered() -> None:
    assert len(_spec_files()) == 18
    assert len(PARAMS) > 700


@pytest.mark.parametrize(("spec", "schema_name"), PARAMS)
def test_verdicts_agree(spec: str, schema_name: str) -> None:
    ours = _compiled(spec)[schema_name]
    reference = _reference(spec, schema_name)
    valid, why = _valid_strategy(spec, schema_name)
    if valid is None:
        UNSUPPORTED[(spec, schema_name)] = why
        strategy = JSON
    else:
        strategy = st.one_of(valid, valid.flatmap(mutated), JSON)

    @SETTINGS
    @given(strategy)
    def check(instance: Any) -> None:
        expected = reference.is_valid(instance)
        problems = validate(ours, instance)
        assert (not problems) == expected, (instance, problems, expected)

    check()


def test_coverage_report() -> None:
    """Lists schemas hypothesis-jsonschema could not generate for (run after the others)."""
    for (spec, schema_name), why in sorted(UNSUPPORTED.items()):
        print(f"no valid-instance strategy: {spec} {schema_name}: {why}")
