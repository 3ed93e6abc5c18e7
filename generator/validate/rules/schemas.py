"""Rules on schema keywords: `type` is an OpenAPI 3.0 type, `default` is of that type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Level, pointer_of
from generator.validate.rules.context import Context
from generator.validate.rules.registry import Finding, rule

SCHEMA_TYPES = ("array", "boolean", "integer", "number", "object", "string")


@rule("invalid-schema-type", Level.ERROR, "a schema `type` is not one of the six OpenAPI 3.0 types")
def invalid_schema_type(ctx: Context) -> Iterator[Finding]:
    for path, schema in ctx.schema_paths:
        if "type" not in schema:
            continue
        kind = schema["type"]
        if kind in SCHEMA_TYPES:
            continue
        hint = ""
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            hint = "; OpenAPI 3.0 has no null type, use `nullable: true`"
        elif isinstance(kind, list):
            hint = "; OpenAPI 3.0 takes a single type (lists are 3.1)"
        yield (
            pointer_of(path, "type"),
            (f"schema type {kind!r} is not one of {', '.join(SCHEMA_TYPES)}{hint}"),
        )


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "array": (list,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
    "string": (str,),
}


def type_matches(value: Any, kind: str) -> bool:
    if value is None or kind not in _JSON_TYPES:
        return True  # null defaults are `nullable`'s business; unknown types have their rule
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES[kind])


@rule(
    "default-type-mismatch",
    Level.ERROR,
    "a schema's `default` is not of the schema's `type` (a MUST in OpenAPI 3.0)",
)
def default_type_mismatch(ctx: Context) -> Iterator[Finding]:
    for path, schema in ctx.schema_paths:
        if "default" not in schema:
            continue
        kind = schema.get("type")
        if (
            "default" in schema
            and isinstance(kind, str)
            and not type_matches(schema["default"], kind)
        ):
            yield (
                pointer_of(path, "default"),
                (f"default {schema['default']!r} is not of type '{kind}'"),
            )


def _declared_properties(ctx: Context, node: Any, depth: int = 0) -> set[str]:
    """The property names a schema declares, through `$ref` and nested `allOf`."""
    schema = ctx.deref(node)
    if not isinstance(schema, dict) or depth > 16:
        return set()
    names = (
        set(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else set()
    )
    for branch in schema.get("allOf") or [] if isinstance(schema.get("allOf"), list) else []:
        names |= _declared_properties(ctx, branch, depth + 1)
    return names


@rule(
    "closed-schema-composition",
    Level.WARNING,
    "`additionalProperties: false` beside allOf/anyOf/oneOf refuses the properties its branches "
    "declare (it sees only the schema's own `properties`)",
)
def closed_schema_composition(ctx: Context) -> Iterator[Finding]:
    """JSON Schema applies `additionalProperties` to the properties of its own schema object
    only, so `{additionalProperties: false, allOf: [{$ref: Base}]}` refuses every property of
    `Base` (ShipEngine's response bodies): the clients' validators then warn on every real
    response, `strict` mode refuses them, and the mock can make no data."""
    for path, schema in ctx.schema_paths:
        if schema.get("additionalProperties") is not False or "patternProperties" in schema:
            continue
        own = (
            set(schema.get("properties") or {})
            if isinstance(schema.get("properties"), dict)
            else set()
        )
        for keyword in ("allOf", "anyOf", "oneOf"):
            branches = schema.get(keyword)
            if not isinstance(branches, list):
                continue
            refused = (
                sorted(set().union(*(_declared_properties(ctx, b) for b in branches)) - own)
                if branches
                else []
            )
            if refused:
                shown = ", ".join(repr(n) for n in refused[:5]) + (
                    ", ..." if len(refused) > 5 else ""
                )
                yield (
                    pointer_of(path, "additionalProperties"),
                    f"`additionalProperties: false` sees only this schema's own `properties`, so "
                    f"{shown} from its {keyword} can never be present; declare them here too or "
                    "drop `additionalProperties: false`",
                )
                break
