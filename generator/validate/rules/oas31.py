"""Rules for OpenAPI 3.1 documents only (registered beside the 3.0 rules; silent on 3.0).

`webhooks` (3.1 section 4.8.1) are requests the API sends to its users, so a client has no method
for them: each one is reported, so that nobody looks for it in the generated package. Schema
keywords the compiled validators cannot check are reported rather than silently ignored, and so is
a `jsonSchemaDialect` other than OpenAPI 3.1's own.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer
from generator.oas31 import webhooks
from generator.validate.rules.context import Context
from generator.validate.rules.registry import Finding, rule


@rule(
    "webhook-not-generated",
    Level.WARNING,
    "an OpenAPI 3.1 webhook is read but gets no client method (the API sends it, not the client)",
)
def webhook_not_generated(ctx: Context) -> Iterator[Finding]:
    for name, method in webhooks(ctx.spec.source):
        pointer = join_pointer("/webhooks", name)
        if method == "$ref":
            yield pointer, f"webhook {name!r} (a $ref path item) is read, not generated"
        else:
            yield (
                join_pointer(pointer, method),
                f"webhook {name!r} ({method.upper()}) is read but not generated: the API sends it",
            )


_UNCHECKED = {
    "unevaluatedItems": "unevaluatedItems is not checked by the generated validators",
    "$dynamicRef": "$dynamicRef (dynamic scope) is not followed by the generated validators",
    "$dynamicAnchor": "$dynamicAnchor is only a target of $dynamicRef, which is not followed",
}
_SCHEMA_DATA = frozenset({"example", "examples", "default", "enum", "const"})
_DIALECTS = frozenset(
    {
        "https://spec.openapis.org/oas/3.1/dialect/base",
        "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
        "https://json-schema.org/draft/2020-12/schema",
    }
)


@rule(
    "schema-keyword-unchecked",
    Level.WARNING,
    "an OpenAPI 3.1 schema uses a keyword the generated validators do not check "
    "(unevaluatedItems, $dynamicRef)",
)
def schema_keyword_unchecked(ctx: Context) -> Iterator[Finding]:
    from generator.oas31 import is_31, schema_roots

    if not is_31(ctx.spec.source):
        return
    stack = list(schema_roots(ctx.spec.source))
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, list):
            stack.extend((join_pointer(pointer, i), v) for i, v in enumerate(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in _UNCHECKED:
                    yield join_pointer(pointer, key), _UNCHECKED[key] + "; values pass unchecked"
                elif key not in _SCHEMA_DATA and not key.startswith("x-"):
                    stack.append((join_pointer(pointer, key), value))


@rule(
    "schema-dialect-unknown",
    Level.WARNING,
    "jsonSchemaDialect names a dialect other than OpenAPI 3.1's; schemas are read as 3.1's",
)
def schema_dialect_unknown(ctx: Context) -> Iterator[Finding]:
    dialect = ctx.spec.source.get("jsonSchemaDialect")
    if isinstance(dialect, str) and dialect.rstrip("#") not in _DIALECTS:
        yield (
            "/jsonSchemaDialect",
            f"dialect {dialect!r} is not OpenAPI 3.1's; schemas are read as the OAS 3.1 dialect "
            "(JSON Schema 2020-12)",
        )
