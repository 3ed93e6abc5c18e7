"""Lenient mode: repair the violations real-world specs commonly carry, each as a warning.

Strict is the default and `specgen validate` never repairs. With `--lenient` (generate, call),
`Client.from_spec(..., lenient=True)` or `lenient = true` in a pin, `repair` runs before
validation on a copy of the document and turns each violation below into a warning with a
stable code and a deterministic repair; whatever it does not repair is still an error.

The repairs (also printed by `specgen validate --list-rules`):

- `duplicate-key`: a key written twice in one mapping (e.g. the same path twice): the first
  occurrence wins, wholesale, in YAML and JSON alike.
- `path-template-duplicate`: path templates that differ only in variable names (`/a/{id}`,
  `/a/{key}`): both path items are kept as written (a client never routes, so each operation
  keeps its own template and argument names); when both declare the same method, the first in
  document order wins and the later operation is dropped.
- `path-param-undeclared`: a template variable with no `in: path` parameter gets one on the
  operation: `{name, in: path, required: true, schema: {type: string}}`.
- `path-param-not-required`: an `in: path` parameter without `required: true` gets it.
- `default-type-mismatch`: a default of the wrong type is converted when the conversion is exact
  (`"false"` -> false, `"10"` -> 10, `"1.5"` -> 1.5, `10` -> `"10"` for a string), else dropped.
- `later-draft-keyword`: JSON Schema keywords from drafts after OAS 3.0's: honoured are `const`
  (-> `enum: [value]`), type arrays (`[string, "null"]` -> `type: string, nullable: true`; several
  non-null types -> no `type`, any value), numeric `exclusiveMinimum`/`exclusiveMaximum`
  (-> `minimum`/`maximum` + boolean flag) and `examples` (the first becomes `example`); ignored
  (removed) are `$recursiveAnchor`, `$recursiveRef`, `$dynamicAnchor`, `$dynamicRef`, `$anchor`,
  `$id`, `$schema`, `$comment`, `$defs`, `definitions`, `if`/`then`/`else`, `contains`,
  `minContains`, `maxContains`, `prefixItems`, `propertyNames`, `dependentRequired`,
  `dependentSchemas`, `dependencies`, `unevaluatedProperties`, `unevaluatedItems`,
  `contentMediaType`, `contentEncoding`, `contentSchema` (the generated validators accept more).
- `required-empty`: `required: []` in a schema is removed (it requires nothing).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, Level, join_pointer
from generator.load import LoadedSpec

__all__ = ["LENIENT_DISABLED", "REPAIRS", "Repair", "repair"]


@dataclass(frozen=True)
class Repair:
    code: str
    description: str


REPAIRS: dict[str, Repair] = {
    r.code: r
    for r in (
        Repair("duplicate-key", "a key written twice in one mapping: the first occurrence wins"),
        Repair(
            "path-template-duplicate",
            "same path template twice: both kept; on the same method the first in document "
            "order wins, the later operation is dropped",
        ),
        Repair(
            "path-param-undeclared",
            "undeclared path template variable: added as a required string path parameter",
        ),
        Repair("path-param-not-required", "path parameter without `required: true`: set to true"),
        Repair(
            "default-type-mismatch",
            'default of the wrong type: converted when exact ("false" -> false, "10" -> 10), '
            "else dropped",
        ),
        Repair(
            "later-draft-keyword",
            "JSON Schema keyword after OAS 3.0: const -> enum, type arrays -> type + nullable, "
            "numeric exclusive bounds -> 3.0 form, examples -> example; $recursiveAnchor and "
            "other unsupported keywords removed",
        ),
        Repair("required-empty", "`required: []` removed (it requires nothing)"),
    )
}

LENIENT_DISABLED = frozenset({"path-template-duplicate"})
"""Rules whose findings the repair deliberately leaves in place (both path items are kept)."""

# Honoured keywords are rewritten by `_rewrite_later_draft`; these are removed.
IGNORED_KEYWORDS = (
    "$recursiveAnchor",
    "$recursiveRef",
    "$dynamicAnchor",
    "$dynamicRef",
    "$anchor",
    "$id",
    "$schema",
    "$comment",
    "$defs",
    "definitions",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "prefixItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
)
_OAS30_TYPES = ("array", "boolean", "integer", "number", "object", "string")
_INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")

Finding = tuple[str, str, str]
"""(code, JSON pointer, message)."""


def repair(spec: LoadedSpec) -> tuple[LoadedSpec, list[Diagnostic]]:
    """A repaired copy of `spec` and one located warning per repair, in document order.

    The copy keeps the original bytes, so positions and the spec's sha256 are those of the file.
    """
    from generator.validate.rules.context import Context

    fixed = copy.copy(spec)  # keeps what else the spec carries (a 3.1 original, positions)
    fixed.data = copy.deepcopy(spec.data)
    ctx = Context(fixed, allow_remote=False, allow_outside=False)
    findings: list[Finding] = []
    for pointer, schema in ctx.schemas:  # later drafts first: a type array decides the type
        findings.extend(_rewrite_later_draft(pointer, schema))
    for pointer, schema in ctx.schemas:
        findings.extend(_fix_default(pointer, schema))
    findings.extend(_fix_duplicate_templates(ctx))
    findings.extend(_fix_path_params(ctx))
    located = [spec.diagnostic(code, Level.WARNING, message, p) for code, p, message in findings]
    return fixed, [*spec.load_warnings, *sorted(located, key=_order)]


def _order(d: Diagnostic) -> tuple[int, int, str, str]:
    loc = d.location
    return (loc.line if loc else 0, loc.col if loc else 0, d.pointer, d.code)


# --- schemas -----------------------------------------------------------------------------------


def _rewrite_later_draft(pointer: str, schema: dict[str, Any]) -> Iterator[Finding]:
    code = "later-draft-keyword"
    kind = schema.get("type")
    if isinstance(kind, list):
        named = [t for t in kind if isinstance(t, str)]
        real = list(dict.fromkeys(t for t in named if t in _OAS30_TYPES))
        nullable = "null" in named
        if len(real) == 1:
            schema["type"] = real[0]
            outcome = f"type '{real[0]}'"
        else:
            del schema["type"]
            outcome = "no type (any value)"
        if nullable:
            schema["nullable"] = True
            outcome += ", nullable: true"
        yield code, join_pointer(pointer, "type"), f"type array {_short(kind)} read as {outcome}"
    elif kind == "null":
        del schema["type"]
        schema["nullable"] = True
        yield code, join_pointer(pointer, "type"), "type 'null' read as nullable: true"
    if "const" in schema:
        value = schema.pop("const")
        if "enum" not in schema:
            schema["enum"] = [value]
            if value is None:
                schema["nullable"] = True
        yield code, join_pointer(pointer, "const"), f"const {_short(value)} read as enum: [value]"
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(bound)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            schema[flag], schema[bound] = value, True
            yield (
                code,
                join_pointer(pointer, bound),
                f"numeric {bound}: {value} read as {flag}: {value}, {bound}: true",
            )
    if isinstance(schema.get("examples"), list):
        examples = schema.pop("examples")
        if examples and "example" not in schema:
            schema["example"] = examples[0]
        yield code, join_pointer(pointer, "examples"), "examples list: the first kept as example"
    for keyword in IGNORED_KEYWORDS:
        if keyword in schema:
            del schema[keyword]
            yield code, join_pointer(pointer, keyword), f"'{keyword}' ignored (removed)"
    if schema.get("required") == []:
        del schema["required"]
        yield "required-empty", join_pointer(pointer, "required"), "`required: []` removed"


def _fix_default(pointer: str, schema: dict[str, Any]) -> Iterator[Finding]:
    from generator.validate.rules.schemas import type_matches

    kind = schema.get("type")
    if "default" not in schema or not isinstance(kind, str) or kind not in _OAS30_TYPES:
        return
    value = schema["default"]
    if type_matches(value, kind):
        return
    where = join_pointer(pointer, "default")
    converted = _convert(value, kind)
    if converted is _NO_CONVERSION:
        del schema["default"]
        yield "default-type-mismatch", where, f"default {_short(value)} is not {kind}: dropped"
    else:
        schema["default"] = converted
        yield (
            "default-type-mismatch",
            where,
            f"default {_short(value)} is not {kind}: read as {_short(converted)}",
        )


_NO_CONVERSION = object()


def _convert(value: Any, kind: str) -> Any:
    """`value` as JSON type `kind` when the conversion loses nothing, else `_NO_CONVERSION`."""
    if kind == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if kind == "integer" and isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    if kind == "number" and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return _NO_CONVERSION
        if math.isfinite(number):
            return int(value) if _INTEGER.match(value) else number
    if kind == "string" and isinstance(value, (bool, int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return _NO_CONVERSION
        return json.dumps(value)
    return _NO_CONVERSION


# --- paths -------------------------------------------------------------------------------------


def _fix_duplicate_templates(ctx: Any) -> Iterator[Finding]:
    from generator.validate.rules.context import METHODS, TEMPLATE

    paths = ctx.data.get("paths")
    if not isinstance(paths, dict):
        return
    first: dict[str, str] = {}
    for path in list(paths):
        item = paths[path]
        if path.startswith("x-") or not isinstance(item, dict) or "$ref" in item:
            continue
        shape = TEMPLATE.sub("{}", path)
        if shape not in first:
            first[shape] = path
            continue
        kept = paths[first[shape]]
        dropped = [m for m in METHODS if m in item and isinstance(kept, dict) and m in kept]
        for method in dropped:
            del item[method]
        message = f"path '{path}' is the same template as '{first[shape]}': both kept"
        if dropped:
            message += "; its " + ", ".join(m.upper() for m in dropped) + " dropped (first wins)"
        yield "path-template-duplicate", join_pointer("/paths", path), message
    # The rule indexes operations once; dropped ones must not be repaired below.
    ctx.__dict__.pop("operations", None)


def _fix_path_params(ctx: Any) -> Iterator[Finding]:
    from generator.validate.rules.context import TEMPLATE

    for op in ctx.operations:
        params = ctx.effective_params(op)
        for p in params:
            if p.data.get("in") == "path" and p.data.get("required") is not True:
                p.data["required"] = True
                name = p.data.get("name")
                yield (
                    "path-param-not-required",
                    p.pointer,
                    f"path parameter {_short(name)} read as required: true",
                )
        declared = {_text(p.data.get("name")) for p in params if p.data.get("in") == "path"}
        in_query = set(TEMPLATE.findall(op.path.partition("?")[2]))  # `?key={APIKEY}`
        declared |= in_query & {
            _text(p.data.get("name")) for p in params if p.data.get("in") == "query"
        }
        for name in dict.fromkeys(TEMPLATE.findall(op.path)):
            if name in declared:
                continue
            own = op.data.setdefault("parameters", [])
            if not isinstance(own, list):
                continue  # a mistyped list stays an error
            own.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
            yield (
                "path-param-undeclared",
                op.pointer,
                f"path variable '{{{name}}}' of {op.label} has no parameter: "
                "added as a required string path parameter",
            )


def _text(value: Any) -> str | None:
    """A name as written, or None when it is not a string (the validator reports that)."""
    return value if isinstance(value, str) else None


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
