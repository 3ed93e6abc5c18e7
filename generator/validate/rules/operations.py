"""Rules on operations and paths: unique operationIds, status codes, distinct path templates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer
from generator.validate.rules.context import TEMPLATE, Context, Operation
from generator.validate.rules.registry import Finding, rule

STATUS_CODE = re.compile(r"^(default|[1-5](\d\d|XX))$")


@rule("duplicate-operation-id", Level.ERROR, "two operations share one operationId")
def duplicate_operation_id(ctx: Context) -> Iterator[Finding]:
    first: dict[str, Operation] = {}
    for op in ctx.operations:
        op_id = op.data.get("operationId")
        if not isinstance(op_id, str):
            continue
        if op_id in first:
            yield (
                join_pointer(op.pointer, "operationId"),
                f"operationId '{op_id}' of {op.label} is already used by {first[op_id].label}",
            )
        else:
            first[op_id] = op


@rule(
    "invalid-response-code",
    Level.ERROR,
    "a response key is not an HTTP status code, an nXX range or `default`",
)
def invalid_response_code(ctx: Context) -> Iterator[Finding]:
    for op in ctx.operations:
        responses = op.data.get("responses")
        for code in responses if isinstance(responses, dict) else ():
            if not STATUS_CODE.match(code) and not code.startswith("x-"):
                yield (
                    join_pointer(op.pointer, "responses", code),
                    f"response key '{code}' of {op.label} is not a status code "
                    "(100-599, 1XX-5XX or default)",
                )


@rule(
    "path-template-duplicate",
    Level.ERROR,
    "two paths differ only in the names of their template variables",
)
def path_template_duplicate(ctx: Context) -> Iterator[Finding]:
    paths = ctx.data.get("paths")
    first: dict[str, str] = {}
    for path in paths if isinstance(paths, dict) else ():
        shape = TEMPLATE.sub("{}", path)
        if shape in first:
            yield (
                join_pointer("/paths", path),
                (f"path '{path}' is the same template as '{first[shape]}' (OpenAPI forbids this)"),
            )
        else:
            first[shape] = path
