"""Rules on data values checked against their schema: examples and defaults.

Values are checked with validators compiled from the document's own schemas, by the same schema
compiler the generated client uses.
"""

from __future__ import annotations

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
    candidates = []
    for path, schema in ctx.schema_paths:
        if "default" not in schema:
            continue
        kind = schema.get("type")
        if isinstance(kind, str) and not type_matches(schema["default"], kind):
            continue
        candidates.append((pointer_of(path), schema["default"]))
    if not candidates:
        return
    checker = value_checker(ctx)
    for pointer, default in candidates:
        problem = checker.problem(default, pointer)
        if problem:
            yield join_pointer(pointer, "default"), f"default value does not match: {problem}"


@rule(
    "example-mismatch", Level.WARNING, "a parameter or media type example does not match its schema"
)
def example_mismatch(ctx: Context) -> Iterator[Finding]:
    checks: list[tuple[str, Any, str]] = []  # (where, value, schema pointer)
    for pointer, obj in ctx.media_and_params:
        schema_pointer = join_pointer(pointer, "schema")
        if "example" in obj:
            checks.append((join_pointer(pointer, "example"), obj["example"], schema_pointer))
        examples = obj.get("examples")
        for name, ex in examples.items() if isinstance(examples, dict) else ():
            resolved = ctx.deref(ex)
            if isinstance(resolved, dict) and "value" in resolved:
                where = join_pointer(pointer, "examples", name)
                where = where if "$ref" in ex else join_pointer(where, "value")
                checks.append((where, resolved["value"], schema_pointer))
    if not checks:
        return
    checker = value_checker(ctx)
    for where, value, schema_pointer in checks:
        problem = checker.problem(value, schema_pointer)
        if problem:
            yield where, f"example does not match its schema: {problem}"


_CHECKERS: weakref.WeakKeyDictionary[Context, ExampleChecker] = weakref.WeakKeyDictionary()


def value_checker(ctx: Context) -> ExampleChecker:
    """One validator module for every schema with a `default` and every parameter or media type
    schema with an example: both rules share it, so the document's schemas are compiled (and
    the module executed) once."""
    checker = _CHECKERS.get(ctx)
    if checker is None:
        pointers = {pointer_of(path) for path, schema in ctx.schema_paths if "default" in schema}
        pointers.update(
            join_pointer(pointer, "schema")
            for pointer, obj in ctx.media_and_params
            if "example" in obj or "examples" in obj
        )
        checker = _CHECKERS[ctx] = ExampleChecker(ctx.spec.data, sorted(pointers))
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
