"""Rules on data values checked against their schema: examples and defaults.

Values are checked with validators compiled from the document's own schemas, by the same schema
compiler the generated client uses.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Level, join_pointer, pointer_of
from generator.validate.rules.context import Context
from generator.validate.rules.registry import Finding, rule
from generator.validate.rules.schemas import type_matches


@rule(
    "default-mismatch",
    Level.WARNING,
    "a schema's `default` has the right type but breaks another constraint (enum, format...)",
)
def default_mismatch(ctx: Context) -> Iterator[Finding]:
    # A warning: generated code can still be built (the client just should not send such a
    # default), and real specs do this (Soracom's `default: and` on enum query parameters).
    checks = _value_checks(ctx).defaults
    if not checks:
        return
    checker = value_checker(ctx)
    for pointer, default in checks:
        problem = checker.problem(default, pointer)
        if problem:
            yield join_pointer(pointer, "default"), f"default value does not match: {problem}"


@rule(
    "example-mismatch", Level.WARNING, "a parameter or media type example does not match its schema"
)
def example_mismatch(ctx: Context) -> Iterator[Finding]:
    checks = _value_checks(ctx).examples
    if not checks:
        return
    checker = value_checker(ctx)
    for where, value, schema_pointer in checks:
        problem = checker.problem(value, schema_pointer)
        if problem:
            yield where, f"example does not match its schema: {problem}"


class _ValueChecks:
    """The defaults and examples left to the compiled validators, in document order: those a
    schema plainly accepts (`plainly_valid`) are left out, since they cannot produce a finding."""

    def __init__(self, ctx: Context) -> None:
        self.defaults: list[tuple[str, Any]] = []  # (schema pointer, default)
        for path, schema in ctx.schema_paths:
            if "default" not in schema:
                continue
            kind = schema.get("type")
            if isinstance(kind, str) and not type_matches(schema["default"], kind):
                continue  # reported by another rule
            if not plainly_valid(schema["default"], schema):
                self.defaults.append((pointer_of(path), schema["default"]))
        self.examples: list[tuple[str, Any, str]] = []  # (where, value, schema pointer)
        for pointer, obj in ctx.media_and_params:
            media_schema = obj.get("schema")
            schema_pointer = join_pointer(pointer, "schema")
            if "example" in obj and not plainly_valid(obj["example"], media_schema):
                self.examples.append(
                    (join_pointer(pointer, "example"), obj["example"], schema_pointer)
                )
            examples = obj.get("examples")
            for name, ex in examples.items() if isinstance(examples, dict) else ():
                resolved = ctx.deref(ex)
                if not isinstance(resolved, dict) or "value" not in resolved:
                    continue
                if plainly_valid(resolved["value"], media_schema):
                    continue
                where = join_pointer(pointer, "examples", name)
                where = where if "$ref" in ex else join_pointer(where, "value")
                self.examples.append((where, resolved["value"], schema_pointer))

    def schema_pointers(self) -> list[str]:
        pointers = {pointer for pointer, _ in self.defaults}
        pointers.update(pointer for _, _, pointer in self.examples)
        return sorted(pointers)


_VALUE_CHECKS: weakref.WeakKeyDictionary[Context, _ValueChecks] = weakref.WeakKeyDictionary()


def _value_checks(ctx: Context) -> _ValueChecks:
    checks = _VALUE_CHECKS.get(ctx)
    if checks is None:
        checks = _VALUE_CHECKS[ctx] = _ValueChecks(ctx)
    return checks


_ANNOTATIONS = frozenset(
    {"default", "description", "title", "example", "examples", "deprecated", "externalDocs"}
    | {"xml", "nullable", "$comment"}
)
"""Schema keywords that accept every value (`nullable` only relaxes `type`)."""
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
"""Scalar types by the exact Python type of a loaded value (a bool is no integer)."""


def plainly_valid(value: Any, schema: Any) -> bool:
    """Whether `schema` accepts the scalar `value` by a check that needs no compiled validator:
    only `type` (one scalar type), `enum` (the same value, of the same type, listed),
    `minimum`/`maximum` (with boolean `exclusive*`) and annotations. False means "not known":
    the compiled validator decides (every other keyword, `$ref`, null, containers, NaN).
    """
    if not isinstance(schema, dict) or value is None or type(value) not in (str, int, float, bool):
        return False
    if type(value) is float and not math.isfinite(value):
        return False
    for key in schema:
        if key not in _ANNOTATIONS and key not in _PLAIN_KEYS and not key.startswith("x-"):
            return False
    kind = schema.get("type")
    if kind is not None and (
        not isinstance(kind, str) or type(value) not in _PLAIN_TYPES.get(kind, ())
    ):
        return False
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list) or not any(
            type(item) is type(value) and item == value for item in values
        ):
            return False
    return _within_bounds(value, schema)


_PLAIN_KEYS = frozenset(
    {"type", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
)


def _within_bounds(value: Any, schema: dict[str, Any]) -> bool:
    bounded = [key for key in ("minimum", "maximum") if key in schema]
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        if key in schema and not isinstance(schema[key], bool):
            return False  # 3.1's numeric form: left to the compiler
    if not bounded:
        return True
    if type(value) not in (int, float):
        return False
    for key in bounded:
        bound = schema[key]
        if type(bound) not in (int, float) or (type(bound) is float and not math.isfinite(bound)):
            return False
        exclusive = schema.get("exclusive" + key[:1].upper() + key[1:]) is True
        below = value < bound or (exclusive and value == bound)
        above = value > bound or (exclusive and value == bound)
        if (key == "minimum" and below) or (key == "maximum" and above):
            return False
    return True


_CHECKERS: weakref.WeakKeyDictionary[Context, ExampleChecker] = weakref.WeakKeyDictionary()


def value_checker(ctx: Context) -> ExampleChecker:
    """One validator module for every schema whose `default`, and every parameter or media type
    schema whose example, is not plainly valid: both rules share it, so the document's schemas
    are compiled (and the module executed) once."""
    checker = _CHECKERS.get(ctx)
    if checker is None:
        pointers = _value_checks(ctx).schema_pointers()
        checker = _CHECKERS[ctx] = ExampleChecker(ctx.spec.data, pointers)
    return checker


class ExampleChecker:
    """Validates example values with validators compiled from the document's own schemas.

    The same compiler the generated client uses (tested against jsonschema's OAS30Validator on
    the JSON-Schema-Test-Suite and on every component schema of the Soracom specs), with plain
    JSON Schema semantics (no request/response direction) and OpenAPI's formats. One module is
    compiled for all example schemas of the document; `$ref`s resolve against the whole document.
    """

    def __init__(self, data: dict[str, Any], schema_pointers: list[str]) -> None:
        from generator.schema_compiler import compile_validators, load_module

        self.names = {pointer: f"example_{index}" for index, pointer in enumerate(schema_pointers)}
        schemas = {name: {"$ref": "#" + pointer} for pointer, name in self.names.items()}
        compiled = compile_validators(
            schemas, document=data, runtime_import="generator.runtime", quick_twins=False
        )  # each example is checked once: quick twins would only add code to compile
        self.module = load_module(compiled, "specgen_example_validators")
        self.functions = compiled.functions

    def problem(self, value: Any, schema_pointer: str) -> str | None:
        from generator.runtime.validation import validate

        function = getattr(self.module, self.functions[self.names[schema_pointer]], None)
        if function is None:  # the schema could not be compiled; reported by other rules
            return None
        problems = validate(function, value, max_problems=1)
        if not problems:
            return None
        first = problems[0]
        where = first.path[1:].replace(".", "/").replace("[", "/").replace("]", "")
        message = first.message if len(first.message) <= 160 else first.message[:157] + "..."
        if first.keyword == "required" and "/" in where:
            where, missing = where.rsplit("/", 1)
            message = f"required property {missing!r} is missing"
        return f"at {where}: {message}" if where else message
