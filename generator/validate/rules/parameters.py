"""Rules on parameters: path template variables declared and required, `in` valid, no twins."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Level, join_pointer
from generator.validate.rules.context import TEMPLATE, Context
from generator.validate.rules.registry import Finding, rule

PARAM_LOCATIONS = ("query", "header", "path", "cookie")


@rule(
    "path-param-undeclared",
    Level.ERROR,
    "a path template variable has no matching `in: path` parameter",
)
def path_param_undeclared(ctx: Context) -> Iterator[Finding]:
    for op in ctx.operations:
        params = ctx.effective_params(op)
        declared = {p.data.get("name") for p in params if p.data.get("in") == "path"}
        # a variable of a fixed query in the path key (`?key={APIKEY}`) may be a query parameter
        queried = {p.data.get("name") for p in params if p.data.get("in") == "query"}
        in_query = set(TEMPLATE.findall(op.path.partition("?")[2]))
        for name in dict.fromkeys(TEMPLATE.findall(op.path)):
            if name not in declared and not (name in in_query and name in queried):
                yield (
                    op.pointer,
                    (
                        f"path template variable '{{{name}}}' of {op.label} has no "
                        f"parameter with name '{name}' and `in: path`"
                    ),
                )


@rule(
    "path-param-unused", Level.ERROR, "an `in: path` parameter does not appear in the path template"
)
def path_param_unused(ctx: Context) -> Iterator[Finding]:
    for op in ctx.operations:
        template = set(TEMPLATE.findall(op.path))
        for p in ctx.effective_params(op):
            name = p.data.get("name")
            if p.data.get("in") == "path" and name not in template:
                yield p.pointer, f"path parameter '{name}' is not in the path '{op.path}'"


@rule(
    "path-param-not-required",
    Level.ERROR,
    "an `in: path` parameter lacks `required: true` (a MUST in OpenAPI 3.0)",
)
def path_param_not_required(ctx: Context) -> Iterator[Finding]:
    # An error, not a warning: the spec says MUST, and a path cannot be built without the value,
    # so a generator that trusted `required: false` would emit a broken optional argument.
    for p in ctx.all_params:
        if p.data.get("in") == "path" and p.data.get("required") is not True:
            yield p.pointer, f"path parameter '{p.data.get('name')}' must have `required: true`"


@rule(
    "duplicate-parameter", Level.ERROR, "one parameter list declares the same name and `in` twice"
)
def duplicate_parameter(ctx: Context) -> Iterator[Finding]:
    for at, owner in ctx.param_owners():
        seen: set[tuple[str, str]] = set()
        for p in ctx.params(owner, at):
            if p.key in seen:
                yield (
                    p.pointer,
                    (
                        f"parameter '{p.data.get('name')}' (in: {p.data.get('in')}) "
                        "is declared twice"
                    ),
                )
            seen.add(p.key)


@rule("invalid-param-in", Level.ERROR, "a parameter's `in` is not query, header, path or cookie")
def invalid_param_in(ctx: Context) -> Iterator[Finding]:
    for p in ctx.all_params:
        where = p.data.get("in")
        if where not in PARAM_LOCATIONS:
            yield (
                join_pointer(p.pointer, "in"),
                (
                    f"parameter '{p.data.get('name')}' has `in: {where}`; expected one of "
                    + ", ".join(PARAM_LOCATIONS)
                    + (
                        " (Swagger 2.0 `body`/`formData` parameters become a requestBody in 3.0)"
                        if where in ("body", "formData")
                        else ""
                    )
                ),
            )
