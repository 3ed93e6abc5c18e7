"""Structural check: the document against the official OpenAPI 3.0 or 3.1 JSON Schema.

The schema is the one shipped inside the installed `openapi_spec_validator` package (not a
copy committed here), checked with `jsonschema`'s Draft 4 validator, which is the reference.
An OpenAPI 3.1 document is checked against the package's `v3.1/schema.json` (the OAI schema of
2022-10-07, draft 2020-12) the same way; it leaves Schema Objects to `$dynamicRef: #meta`
(any object or boolean), so schema keywords are judged by the rules and the compiler, not here.

Speed: `jsonschema` needs ~0.5 s for the 952 KB platform spec. When the Rust `jsonschema_rs`
is importable it answers "valid?" in a few milliseconds, and `jsonschema` then runs only on
documents that have errors, to report them with paths and readable messages.

Noise: the schema says "Schema or Reference" (a `oneOf`) at almost every level, so one typo
yields an error per branch. Each top-level error is narrowed to its most relevant leaf
(`jsonschema.exceptions.best_match` logic, steered by whether the object has a `$ref`),
reported once per pointer, and the total is capped.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import join_pointer

if TYPE_CHECKING:  # jsonschema is imported only to explain errors: it costs ~60 ms at start-up
    from jsonschema.exceptions import ValidationError

CODE = "oas-schema"
DESCRIPTION = "the document does not match the OpenAPI 3.0 JSON Schema"
MAX_ERRORS = 50

Finding = tuple[str, str]
"""(JSON pointer, message)."""


@cache
def _schema(version: str = "v3.0") -> dict[str, Any]:
    # find_spec locates the package without importing it (its import costs ~0.15 s).
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed (it comes with openapi-core)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    path = folder / "resources" / "schemas" / version / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if version == "v3.1":
        _fix_31_errata(schema["$defs"])
    return schema


def _fix_31_errata(defs: dict[str, Any]) -> None:
    """The two corrections the OAI made to the packaged 2022-10-07 schema later (v3.1-dev
    `schema.yaml`): the Link Object's `server` field was misspelled `body`, and `example` and
    `examples` are mutually exclusive (3.1.0 section 4.8.12.1: "MUST NOT contain both")."""
    link = defs.get("link", {}).get("properties", {})
    if "body" in link and "server" not in link:
        link["server"] = link.pop("body")
    examples = defs.get("examples")
    if isinstance(examples, dict) and "not" not in examples:
        examples["not"] = {"required": ["example", "examples"]}


def _version(data: dict[str, Any]) -> str:
    version = data.get("openapi")
    return "v3.1" if isinstance(version, str) and version.startswith("3.1") else "v3.0"


@cache
def _validator(version: str = "v3.0") -> Any:
    schema = _schema(version)
    from jsonschema.validators import validator_for

    return validator_for(schema)(schema)


@cache
def _fast_is_valid(version: str = "v3.0") -> Any:
    """`is_valid` of jsonschema_rs when installed (formats off, as jsonschema here), else None."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        if version == "v3.1":
            return jsonschema_rs.Draft202012Validator(
                _schema(version), validate_formats=False
            ).is_valid
        return jsonschema_rs.Draft4Validator(_schema(), validate_formats=False).is_valid
    except Exception:  # an incompatible jsonschema_rs: fall back to the reference
        return None


# Leaf errors that a semantic rule reports better: a schema `type` or a parameter `in` outside
# the allowed values. Leaving them to the rule also makes disabling that rule effective.
_OWNED_BY_RULES = {("type", "enum"), ("type", "type"), ("in", "enum")}


def check(data: dict[str, Any]) -> list[Finding]:
    """Every structural problem as (pointer, message), at most MAX_ERRORS, most relevant first."""
    version = _version(data)
    fast = _fast_is_valid(version)
    findings: dict[str, str] = {}
    if version == "v3.1":
        findings.update(_schema_objects(data))
    if fast is not None and fast(data):
        return list(findings.items())[:MAX_ERRORS]
    for error in _validator(version).iter_errors(data):
        for pointer, message in _explain(error):
            findings.setdefault(pointer, message)
        if len(findings) >= MAX_ERRORS:
            break
    return list(findings.items())[:MAX_ERRORS]


def _schema_objects(data: dict[str, Any]) -> dict[str, str]:
    """OAS 3.1 Schema Objects against the JSON Schema 2020-12 meta-schema.

    The OAS 3.1 schema leaves them to `$dynamicRef: #meta` (any object or boolean), so, as
    openapi-spec-validator does, each one is checked on its own: `properties: {name: string}`
    is an error here, not a schema that accepts anything.
    """
    from generator.oas31 import schema_roots

    try:
        from jsonschema_rs import meta

        fast_valid: Any = meta.is_valid
    except ImportError:  # pragma: no cover - jsonschema_rs is optional
        fast_valid = None
    findings: dict[str, str] = {}
    for root, schema in schema_roots(data):
        try:
            if fast_valid is not None and fast_valid(schema):
                continue
        except Exception:  # not JSON-like to the Rust side: let jsonschema explain
            pass
        from jsonschema import Draft202012Validator

        for error in Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(schema):
            leaf = _leaf(error)
            pointer = join_pointer(root, *leaf.absolute_path)
            findings.setdefault(pointer, _message(leaf))
            if len(findings) >= MAX_ERRORS:
                return findings
    return findings


def _explain(error: ValidationError) -> Iterator[Finding]:
    leaf = _leaf(error)
    path = list(leaf.absolute_path)
    if path and (str(path[-1]), leaf.validator) in _OWNED_BY_RULES:
        return
    pointer = join_pointer("", *path)
    if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
        for key in _unexpected(leaf):
            yield join_pointer(pointer, key), f"unexpected field '{key}'"
        return
    yield pointer, _message(leaf)


def _leaf(error: ValidationError) -> ValidationError:
    """Descend oneOf/anyOf contexts to the error most likely meant by the author."""
    while error.context:
        instance = error.instance
        has_ref = isinstance(instance, dict) and "$ref" in instance
        candidates = [e for e in error.context if _is_ref_branch(e) == has_ref] or error.context
        error = max(candidates, key=_deeper)
    return error


def _deeper(error: ValidationError) -> tuple[int, Any]:
    # Prefer the branch that got furthest into the instance, then jsonschema's own relevance.
    from jsonschema.exceptions import relevance

    return len(error.absolute_path), relevance(error)


def _is_ref_branch(error: ValidationError) -> bool:
    return "Reference" in str(error.schema_path) or (
        isinstance(error.schema, dict) and error.schema.get("required") == ["$ref"]
    )


def _unexpected(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    instance: Any = error.instance
    return [k for k in instance if k not in known and not any(p.search(k) for p in patterns)] or [
        "?"
    ]


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _message(error: ValidationError) -> str:
    kind = error.validator
    schema_value: Any = error.validator_value
    if kind == "type":
        return f"{_short(error.instance)} is not of type {_short(schema_value)}"
    if kind == "enum":
        options = ", ".join(_short(v, 30) for v in schema_value)
        return f"{_short(error.instance)} is not one of {options}"
    if kind == "required":
        return error.message
    if kind == "pattern":
        return f"{_short(error.instance)} does not match the pattern {schema_value!r}"
    if kind in ("oneOf", "anyOf"):
        return f"{_short(error.instance)} is not valid here (matches none of the allowed forms)"
    if kind == "uniqueItems":
        return f"{_short(error.instance)} has duplicate items"
    if kind in ("minProperties", "minItems"):
        return f"{_short(error.instance)} is empty; at least {schema_value} entry expected"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."
