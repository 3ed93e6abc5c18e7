"""The OpenAPI 3.0 Schema Object keywords, each written as inline checks.

Semantics follow OpenAPI 3.0.3 as openapi-schema-validator's OAS30Validator reads it (the
reference the differential test compares against), with two deliberate departures so that the
validators agree with the generated annotations and decoders: `nullable: true` beside
allOf/oneOf/anyOf with no `type` accepts null (the `allOf: [$ref]` idiom for a nullable
reference), and a discriminator value outside the mapping falls back to trying the alternatives
(reported as a discriminator problem when none or, for oneOf, several accept the value). Otherwise
`nullable` only relaxes `type`; `enum` must list null to accept it; siblings of `$ref` are
ignored; a required property that is readOnly is required only in responses, a writeOnly one
only in requests (neither, without a direction);
`discriminator` next to oneOf/anyOf picks the alternative from its mapping (or the component
name) instead of trying them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator.oas31 import normalize_schema
from generator.schema_compiler import keywords31, writer
from generator.schema_compiler.refs import UnresolvableRef, resolve_pointer

if TYPE_CHECKING:
    from generator.schema_compiler.emit import FunctionEmitter

__all__ = ["FORMAT_CHECKERS", "INTEGER_FORMATS", "emit", "has_checks"]

FORMAT_CHECKERS = {
    "date-time": "is_date_time",
    "date": "is_date",
    "email": "is_email",
    "hostname": "is_hostname",
    "ipv4": "is_ipv4",
    "ipv6": "is_ipv6",
    "uri": "is_uri",
    "byte": "is_byte",
}
"""String formats checked, and the runtime function checking each. Others are annotations."""

INTEGER_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
"""Integer formats checked inline as ranges (float/double/binary/password accept any value)."""

_TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "integer": "type({v}) is int or (isinstance({v}, int) and not isinstance({v}, bool))",
    "number": "isinstance({v}, (int, float)) and not isinstance({v}, bool)",
    "boolean": "isinstance({v}, bool)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
}
_QUICK_TYPE_TESTS = {
    "string": "type({v}) is str",
    "integer": "type({v}) is int",
    "number": "type({v}) in (float, int)",
    "boolean": "type({v}) is bool",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
}
"""A quick twin's type tests: the exact types `json.loads` gives, one call each. A subclass
(an IntEnum, an OrderedDict) fails them, which only sends the value to the full function."""
_STRING_KEYS = ("minLength", "maxLength", "pattern", "format")
_NUMBER_KEYS = ("minimum", "maximum", "multipleOf", "format")
_OBJECT_KEYS: tuple[str, ...] = ("properties", "required", "additionalProperties")
_OBJECT_KEYS += ("minProperties", "maxProperties")
_ARRAY_KEYS = ("items", "minItems", "maxItems", "uniqueItems")
_CHECKING = set(_STRING_KEYS + _NUMBER_KEYS + _OBJECT_KEYS + _ARRAY_KEYS)
_CHECKING |= {"type", "enum", "allOf", "anyOf", "oneOf", "not", "readOnly", "writeOnly", "$ref"}
_COMBINED = frozenset({"allOf", "oneOf", "anyOf"})
_COMPONENT = re.compile(r"#/components/schemas/([^/]+)\Z")


def has_checks(schema: Mapping[str, Any]) -> bool:
    """Whether a schema may check anything (used to decide on spilling into a function)."""
    return any(key in schema for key in _CHECKING) or any(key in schema for key in keywords31.KEYS)


def emit(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    """All checks of one (non-$ref) schema against local `v`."""
    kind = schema.get("type")
    if kind is not None and (not isinstance(kind, str) or kind not in _TYPE_TESTS):
        em.state.issue(ptr, "type must be one of the six OpenAPI 3.0 type names; ignored")
        kind = None
    if kind is not None:
        if schema.get("nullable") is True:
            with em.block(f"if {v} is not None:"):
                _typed(em, kind, schema, v, path, ptr)
        else:
            _typed(em, kind, schema, v, path, ptr)
    else:
        _untyped(em, schema, v, path, ptr)
    if "enum" in schema:
        # a quick twin has already returned unless the value is an exact str (or None)
        _enum(em, schema["enum"], v, path, ptr, known_str=em.quick and kind == "string")
    if kind is None and schema.get("nullable") is True and _COMBINED.intersection(schema):
        # `nullable: true` beside allOf/oneOf/anyOf and no type (`allOf: [$ref]` is how OAS 3.0
        # makes a reference nullable): null is accepted, as the Python annotation says
        with em.block(f"if {v} is not None:"):
            _combinators(em, schema, v, path, ptr)
    else:
        _combinators(em, schema, v, path, ptr)
    if schema.get("readOnly") is True:
        em.state.use("REQUEST")
        with em.block("if mode & REQUEST:"):
            em.fail(path, "readOnly", em.msg("read-only value is not allowed in a request"))
    if schema.get("writeOnly") is True:
        em.state.use("RESPONSE")
        with em.block("if mode & RESPONSE:"):
            em.fail(path, "writeOnly", em.msg("write-only value is not expected in a response"))
    if em.state.dialect_2020:
        keywords31.emit(em, schema, v, path, ptr)


def _type_failure(em: FunctionEmitter, kind: str, v: str, path: str) -> tuple[str, str, str]:
    """The `guarded` failure when `v` (at `path`) is not of JSON type `kind`."""
    return (path, kind, v)


def _typed(
    em: FunctionEmitter, kind: str, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    absent = em.absent if em.absent == v else ""
    em.absent = ""
    test = _TYPE_TESTS[kind].format(v=v)
    if kind == "integer" and not em.fits(f"if not ({test}):"):
        test = f"isinstance({v}, int) and type({v}) is not bool"
    if kind == "string" and schema.get("format") == "int-or-string":
        # Kubernetes' IntOrString: an integer is as valid as a string (typed `int | str`)
        test = f"isinstance({v}, (str, int)) and not isinstance({v}, bool)"
        with em.guarded(test, _type_failure(em, kind, v, path), absent):
            with em.block(f"if isinstance({v}, str):"):
                _string(em, schema, v, path, ptr)
        return
    if kind == "string" and schema.get("format") == "binary":
        # binary content may be given as bytes (a file body); only str gets string keywords
        failure = _type_failure(em, kind, v, path)
        with em.guarded(f"isinstance({v}, (str, bytes))", failure, absent):
            with em.block(f"if isinstance({v}, str):"):
                _string(em, schema, v, path, ptr)
        return
    if em.quick:
        test = _QUICK_TYPE_TESTS[kind].format(v=v)
    with em.guarded(test, _type_failure(em, kind, v, path), absent):
        if kind == "string":
            _string(em, schema, v, path, ptr)
        elif kind in ("integer", "number"):
            _number(em, schema, v, path, ptr, integer=kind == "integer")
        elif kind == "object":
            _object(em, schema, v, path, ptr)
        elif kind == "array":
            _array(em, schema, v, path, ptr)


def _untyped(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    if any(key in schema for key in _STRING_KEYS):
        with em.block(f"if isinstance({v}, str):"):
            _string(em, schema, v, path, ptr)
    if any(key in schema for key in _NUMBER_KEYS):
        with em.block(f"if {_TYPE_TESTS['number'].format(v=v)}:"):
            _number(em, schema, v, path, ptr, integer=False)
    if any(key in schema for key in _OBJECT_KEYS):
        with em.block(f"if isinstance({v}, dict):"):
            _object(em, schema, v, path, ptr)
    if any(key in schema for key in _ARRAY_KEYS):
        with em.block(f"if isinstance({v}, list):"):
            _array(em, schema, v, path, ptr)


# scalars --------------------------------------------------------------------------------------


def _count(em: FunctionEmitter, schema: Mapping[str, Any], key: str, ptr: str) -> int | None:
    """A non-negative integer keyword value, or None (with an issue when malformed)."""
    value = schema.get(key)
    if value is None:
        return None
    if type(value) is int and value >= 0:
        return value
    if type(value) is float and value >= 0 and value.is_integer():
        return int(value)
    em.state.issue(f"{ptr}/{key}", f"{key} must be a non-negative integer; ignored")
    return None


def _numeric(em: FunctionEmitter, schema: Mapping[str, Any], key: str, ptr: str) -> Any:
    value = schema.get(key)
    if value is None:
        return None
    if type(value) in (int, float):
        return value
    em.state.issue(f"{ptr}/{key}", f"{key} must be a number; ignored")
    return None


def _sizes(
    em: FunctionEmitter,
    schema: Mapping[str, Any],
    v: str,
    path: str,
    ptr: str,
    keys: tuple[str, str],
    what: str,
) -> None:
    low, high = (_count(em, schema, key, ptr) for key in keys)
    if low is None and high is None:
        return
    size = f"len({v})"
    if low is not None and high is not None:
        size = em.var("n")
        em.line(f"{size} = len({v})")
    if low is not None and low > 0:
        with em.block(f"if {size} < {low}:"):
            em.fail(path, keys[0], em.msg(f"fewer than {low} {what}"))
    if high is not None:
        with em.block(f"if {size} > {high}:"):
            em.fail(path, keys[1], em.msg(f"more than {high} {what}"))


def _string(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    _sizes(em, schema, v, path, ptr, ("minLength", "maxLength"), "characters")
    if "pattern" in schema:
        pattern = em.state.pattern(schema["pattern"], f"{ptr}/pattern")
        if pattern is not None:
            with em.block(f"if {pattern}.search({v}) is None:"):
                text = f"does not match pattern {schema['pattern']!r}"
                em.fail(path, "pattern", em.msg(text))
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in FORMAT_CHECKERS and fmt in em.state.formats:
        checker = FORMAT_CHECKERS[fmt]
        em.state.use(checker)
        with em.block(f"if not {checker}({v}):"):
            em.fail(path, "format", em.msg(f"not a valid {fmt}"))


def _number(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str, *, integer: bool
) -> None:
    for key, op, excl_op, word in (("minimum", "<", "<=", ">"), ("maximum", ">", ">=", "<")):
        bound = _numeric(em, schema, key, ptr)
        if bound is None:
            continue
        exclusive = schema.get("exclusive" + key[:1].upper() + key[1:]) is True
        with em.block(f"if {v} {excl_op if exclusive else op} {em.state.number(bound)}:"):
            em.fail(path, key, em.msg(f"must be {word}{'' if exclusive else '='} {bound!r}"))
    divisor = _numeric(em, schema, "multipleOf", ptr)
    if divisor is not None and divisor <= 0:
        em.state.issue(f"{ptr}/multipleOf", "multipleOf must be greater than 0; ignored")
    elif divisor is not None:
        if integer and type(divisor) is int:
            test = f"{v} % {em.state.number(divisor)}"
        else:
            em.state.use("is_multiple_of")
            test = f"not is_multiple_of({v}, {em.state.multiple(divisor)})"
        with em.block(f"if {test}:"):
            em.fail(path, "multipleOf", em.msg(f"not a multiple of {divisor!r}"))
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in INTEGER_FORMATS and fmt in em.state.formats:
        low, high = INTEGER_FORMATS[fmt]
        test = f"not {low} <= {v} <= {high}"
        if not integer:
            test = f"isinstance({v}, int) and {test}"
        elif em.quick:  # an exact int here; refuses the lowest value too, which only sends it
            test = f"{v}.bit_length() > {high.bit_length()}"  # to the full check (cheaper)
        with em.block(f"if {test}:"):
            em.fail(path, "format", em.msg(f"out of {fmt} range"))


def _enum(
    em: FunctionEmitter, values: Any, v: str, path: str, ptr: str, known_str: bool = False
) -> None:
    if values == [] and em.state.dialect_2020:  # 2020-12 allows it: nothing is valid
        em.fail(path, "enum", em.msg("no value is allowed (enum is empty)"))
        return
    if not isinstance(values, list) or not values:
        em.state.issue(f"{ptr}/enum", "enum must be a non-empty array; ignored")
        return
    shown = ", ".join(repr(value) for value in values[:5]) + (", ..." if len(values) > 5 else "")
    message = em.msg(f"not one of the allowed values ({shown})")
    if all(type(value) is str for value in values):
        allowed = em.state.string_set(values)
        test = (
            f"{v} not in {allowed}"
            if known_str
            else f"not (isinstance({v}, str) and {v} in {allowed})"
        )
        with em.block(f"if {test}:"):
            em.fail(path, "enum", message)
        return
    try:
        allowed = em.state.json_set(values)
    except (TypeError, ValueError):
        em.state.issue(f"{ptr}/enum", "enum values are not JSON data; ignored")
        return
    em.state.use("json_key")
    with em.block(f"if json_key({v}) not in {allowed}:"):
        em.fail(path, "enum", message)


# containers -----------------------------------------------------------------------------------


class _BoundPath:
    """A container's path bound to a local on first use (and only if used)."""

    def __init__(self, em: FunctionEmitter, path: str) -> None:
        self.em = em
        if em.quick:  # a quick twin builds no path
            self.expr = self.name = path
            return
        self.expr = path
        self.name = path if path.isidentifier() else em.var("p")
        self.index = len(em.lines)
        if self.name != path:
            em.line(f"{self.name} = {path}")

    def child(self, key: str) -> str:
        if self.em.quick:
            return self.name
        return f"({self.name}, {key})"

    def release(self) -> None:
        """Drop the binding line if nothing used it (ruff would flag an unused local)."""
        if self.name == self.expr:
            return
        used = re.compile(rf"\b{self.name}\b")
        if not any(used.search(line) for line in self.em.lines[self.index + 1 :]):
            del self.em.lines[self.index]


def _flags(em: FunctionEmitter, schema: Any) -> tuple[bool, bool]:
    """(readOnly, writeOnly) of a property schema, following $refs."""
    for _ in range(16):
        if not (isinstance(schema, Mapping) and "$ref" in schema):
            break
        try:
            schema = resolve_pointer(em.state.document, schema["$ref"])
        except UnresolvableRef:
            return False, False
    if not isinstance(schema, Mapping):
        return False, False
    return schema.get("readOnly") is True, schema.get("writeOnly") is True


def _object(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    props = schema.get("properties") or {}
    if not isinstance(props, Mapping) or not all(isinstance(k, str) for k in props):
        em.state.issue(f"{ptr}/properties", "properties must map names to schemas; ignored")
        props = {}
    required = schema.get("required") or []
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
        em.state.issue(f"{ptr}/required", "required must be a list of names; ignored")
        required = []
    bound = _BoundPath(em, path)
    mark = len(em.lines)
    for name, sub in props.items():
        _property(em, name, sub, name in required, v, bound, f"{ptr}/properties/{name}")
    if any(", MISSING)" in line for line in em.lines[mark:]):
        em.state.use("MISSING")
    for name in dict.fromkeys(required):
        if name not in props:
            with em.block(f"if {em.state.text(name)} not in {v}:"):
                em.fail(bound.child(em.state.text(name)), "required", em.msg("missing"))
    _additional(em, schema, props, v, bound, ptr)
    bound.release()
    _sizes(em, schema, v, path, ptr, ("minProperties", "maxProperties"), "properties")


def _property(
    em: FunctionEmitter, name: str, sub: Any, required: bool, v: str, bound: _BoundPath, ptr: str
) -> None:
    key = em.state.text(name)
    item = em.var("v")
    mark = len(em.lines)
    em.line(f"{item} = {v}.get({key}, MISSING)")
    if not required and em.quick and _typed_not_null(sub) and _ONLY_TYPED.isdisjoint(sub):
        em.absent = item  # the type test comes first; MISSING fails it, but is let through
        em.schema(sub, item, bound.child(key), ptr)
        if not em.absent:
            return
        em.absent = ""  # not written as a type test (a call): as any optional property
        del em.lines[mark + 1 :]
    if not required:
        with em.block(f"if {item} is not MISSING:"):
            em.schema(sub, item, bound.child(key), ptr)
        if len(em.lines) == mark + 1:
            del em.lines[mark:]
        return
    read_only, write_only = _flags(em, sub)
    if em.quick and not (read_only or write_only) and em.subscripts:
        # a subscript, cheaper than a `get` call: an absent key raises KeyError, which the
        # twin answers with False (see `FunctionEmitter.finish`)
        em.lines[mark] = f"{em.lines[mark].partition(' = ')[0]} = {v}[{key}]"
        em.keyed = True
        em.schema(sub, item, bound.child(key), ptr)
        if len(em.lines) == mark + 1:  # nothing checks the value: only its presence
            em.lines[mark:] = []
            with em.block(f"if {key} not in {v}:"):
                em.fail(bound.child(key), "required", em.msg("missing"))
        return
    if em.quick and not (read_only or write_only) and _typed_not_null(sub):
        em.schema(sub, item, bound.child(key), ptr)  # its type test refuses MISSING too
        return
    with em.block(f"if {item} is MISSING:"):
        if read_only and write_only:
            pass
        elif read_only or write_only:
            direction = "RESPONSE" if read_only else "REQUEST"
            em.state.use(direction)
            with em.block(f"if mode & {direction}:"):
                em.fail(bound.child(key), "required", em.msg("missing"))
        else:
            em.fail(bound.child(key), "required", em.msg("missing"))
    with em.block("else:"):
        em.schema(sub, item, bound.child(key), ptr)
    if len(em.lines) == mark + 1:
        del em.lines[mark:]
    elif em.lines[mark + 1].strip() == "else:":  # no required check: plain optional property
        del em.lines[mark:]
        _property(em, name, sub, False, v, bound, ptr)


_ONLY_TYPED = frozenset(
    {"enum", "allOf", "anyOf", "oneOf", "not", "readOnly", "writeOnly", "discriminator"}
)
"""Keywords checked after a schema's type test, which an absent value must not reach."""


def _typed_not_null(schema: Any) -> bool:
    """Whether a schema starts with a type test no absent value (MISSING) passes."""
    return (
        isinstance(schema, Mapping)
        and "$ref" not in schema
        and schema.get("type") in _TYPE_TESTS
        and schema.get("nullable") is not True
    )


def _additional(
    em: FunctionEmitter,
    schema: Mapping[str, Any],
    props: Mapping[str, Any],
    v: str,
    bound: _BoundPath,
    ptr: str,
) -> None:
    extra = schema.get("additionalProperties", True)
    if extra is True or extra == {}:
        return
    known = em.state.string_set(list(props)) if props else None
    key = em.var("k")
    if extra is False:
        message = em.msg("property is not allowed (additionalProperties is false)")
        header = f"if not {v}.keys() <= {known}:" if known else f"if {v}:"
        if em.quick:  # the test is the verdict: no key to name
            with em.block(header):
                em.fail(bound.name, "additionalProperties", message)
            return
        with em.block(header):
            with em.block(f"for {key} in {v}:"):
                if known:
                    with em.block(f"if {key} not in {known}:"):
                        em.fail(bound.child(key), "additionalProperties", message)
                else:
                    em.fail(bound.child(key), "additionalProperties", message)
        return
    if not isinstance(extra, Mapping):
        em.state.issue(f"{ptr}/additionalProperties", "must be a boolean or a schema; ignored")
        return
    item = em.var("v")
    mark = len(em.lines)
    if em.quick and not known:  # no key to test, and no path to build from it
        with em.block(f"for {item} in {v}.values():"):
            em.schema(extra, item, bound.child(key), f"{ptr}/additionalProperties")
        _drop_unused_item(em, mark, item, f"for _ in {v}:")
        return
    with em.block(f"for {key}, {item} in {v}.items():"):
        if known:
            with em.block(f"if {key} not in {known}:"):
                em.schema(extra, item, bound.child(key), f"{ptr}/additionalProperties")
        else:
            em.schema(extra, item, bound.child(key), f"{ptr}/additionalProperties")
    _drop_unused_item(em, mark, item, f"for {key} in {v}:")


def _array(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    _sizes(em, schema, v, path, ptr, ("minItems", "maxItems"), "items")
    if schema.get("uniqueItems") is True:
        em.state.use("has_duplicates")
        with em.block(f"if has_duplicates({v}):"):
            em.fail(path, "uniqueItems", em.msg("items are not unique"))
    items = schema.get("items")
    if items is None:
        return
    if not isinstance(items, Mapping):
        em.state.issue(f"{ptr}/items", "items must be a single schema in OpenAPI 3.0; ignored")
        return
    bound = _BoundPath(em, path)
    mark = len(em.lines)
    if em.quick:
        item = em.var("v")
        inline, em.inline_items = em.inline_items, False
        with em.block(f"for {item} in {v}:"):
            ref = items.get("$ref") if inline else None
            target = _resolved(em, ref) if isinstance(ref, str) else None
            if target is not None and isinstance(ref, str):  # the item's checks, not a call
                em.schema(target, item, path, ref)
            else:
                em.schema(items, item, path, f"{ptr}/items")
        _drop_unused_item(em, mark, item, f"for _ in {v}:")
        return
    index, item = em.var("i"), em.var("v")
    with em.block(f"for {index}, {item} in enumerate({v}):"):
        em.schema(items, item, bound.child(index), f"{ptr}/items")
    _drop_unused_item(em, mark, item, f"for {index} in range(len({v})):")
    bound.release()


INLINE_ITEM_NODES = 40
"""A list item's schema is written inline in an entry point's twin only when it is this small
(schema objects) and refers to nothing: large ones would copy much code for one call saved."""


def _resolved(em: FunctionEmitter, ref: str) -> Any:
    """The schema `ref` points at when it is small and self-contained, else None."""
    try:
        target = resolve_pointer(em.state.document, ref)
    except UnresolvableRef:
        return None
    nodes, stack = 0, [target]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            nodes += 1
            if "$ref" in node or nodes > INLINE_ITEM_NODES:
                return None
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return target


def _drop_unused_item(em: FunctionEmitter, mark: int, item: str, header: str) -> None:
    """Rewrite a loop whose body never reads the item (say a readOnly-only schema, which checks
    the direction, not the value) to loop over keys/indexes only: ruff B007 flags unused loop
    variables, and every generated module must lint clean whatever the schema's shape."""
    if len(em.lines) <= mark:
        return  # the loop had no body and was dropped
    used = re.compile(rf"\b{item}\b")
    if not any(used.search(line) for line in em.lines[mark + 1 :]):
        indent = em.lines[mark][: len(em.lines[mark]) - len(em.lines[mark].lstrip())]
        em.lines[mark] = indent + header


# combinators ----------------------------------------------------------------------------------


def _branches(em: FunctionEmitter, schema: Mapping[str, Any], key: str, ptr: str) -> list[Any]:
    branches = schema.get(key)
    if branches is None:
        return []
    if not isinstance(branches, list) or not branches:
        em.state.issue(f"{ptr}/{key}", f"{key} must be a non-empty list of schemas; ignored")
        return []
    return branches


def _branch_function(em: FunctionEmitter, branch: Any, ptr: str) -> str | None:
    if em.state.dialect_2020:
        branch = normalize_schema(branch)
    if isinstance(branch, Mapping) and "$ref" in branch:
        return em.state.ref_function(branch["$ref"], ptr)
    return em.state.schema_function(branch, ptr)


def _combinators(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    for i, branch in enumerate(_branches(em, schema, "allOf", ptr)):
        em.schema(branch, v, path, f"{ptr}/allOf/{i}")
    discriminated = False
    if "discriminator" in schema and ("oneOf" in schema or "anyOf" in schema):
        discriminated = _discriminator(em, schema, v, path, ptr)
    combined = not discriminated and any(key in schema for key in ("anyOf", "oneOf"))
    if (combined or "not" in schema) and not path.isidentifier():
        path = em.bind_path(path)  # only when a check below uses it (else an unused local)
    for key in ("anyOf", "oneOf"):
        branches = _branches(em, schema, key, ptr)
        if not branches or discriminated:
            continue
        found = [_branch_function(em, b, f"{ptr}/{key}/{i}") for i, b in enumerate(branches)]
        fns = [fn for fn in found if fn is not None]
        if len(fns) != len(found):
            continue
        if len(fns) == 1:
            em.state.use("matches")
            with em.block(f"if not matches({fns[0]}, {v}, {path}, mode):"):
                em.fail(path, key, em.msg(f"does not match the {key} schema"))
            continue
        table = em.state.function_tuple(fns)
        if key == "anyOf":
            em.state.use("any_match")
            with em.block(f"if not any_match({table}, {v}, {path}, mode):"):
                em.fail(path, "anyOf", em.msg("matches none of the anyOf alternatives"))
            continue
        em.state.use("count_matches")
        count = em.var("n")
        em.lines.extend(_assign(em, count, "count_matches", [table, v, path, "mode"]))
        with em.block(f"if {count} == 0:"):
            em.fail(path, "oneOf", em.msg("matches none of the oneOf alternatives"))
        with em.block(f"if {count} > 1:"):
            em.fail(path, "oneOf", em.msg("matches more than one oneOf alternative"))
    if "not" in schema:
        fn = _branch_function(em, schema["not"], f"{ptr}/not")
        if fn is not None:
            em.state.use("matches")
            with em.block(f"if matches({fn}, {v}, {path}, mode):"):
                em.fail(path, "not", em.msg("must not match the schema in 'not'"))


def _assign(em: FunctionEmitter, target: str, func: str, args: list[str]) -> list[str]:
    return writer.call(em.indent, f"{target} = ", func, args)


def _discriminator(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> bool:
    spec = schema["discriminator"]
    prop = spec.get("propertyName") if isinstance(spec, Mapping) else None
    mapping = spec.get("mapping") or {} if isinstance(spec, Mapping) else None
    if not isinstance(prop, str) or not isinstance(mapping, Mapping):
        em.state.issue(f"{ptr}/discriminator", "malformed discriminator; alternatives tried")
        return False
    entries: dict[str, str] = {}
    for value, target in mapping.items():
        if not isinstance(value, str) or not isinstance(target, str):
            em.state.issue(f"{ptr}/discriminator/mapping", "mapping must map strings to refs")
            return False
        ref = target if target.startswith("#") else f"#/components/schemas/{target}"
        fn = em.state.ref_function(ref, f"{ptr}/discriminator/mapping")
        if fn is None:
            return False
        entries[value] = fn
    for key in ("oneOf", "anyOf"):
        for branch in _branches(em, schema, key, ptr):
            target = branch.get("$ref") if isinstance(branch, Mapping) else None
            m = _COMPONENT.match(target) if isinstance(target, str) else None
            if m:
                ref = m.group()
                name = m[1].replace("~1", "/").replace("~0", "~")
                fn = em.state.ref_function(ref, f"{ptr}/{key}")
                if fn is not None and name not in entries:
                    entries[name] = fn
    table = em.state.dispatch_table(sorted(entries.items()))
    key = em.state.text(prop)
    shown = ", ".join(repr(value) for value in sorted(entries)[:8])
    unknown = em.msg(f"unknown value for discriminator {prop!r} (expected one of {shown}): ")
    tag, fn = em.var("t"), em.var("f")
    em.state.use("short_repr")
    fallback = _fallback_test(em, schema, v, path, ptr)
    with em.guarded(f"isinstance({v}, dict)", _type_failure(em, "object", v, path)):
        em.line(f"{tag} = {v}.get({key})")
        em.line(f"{fn} = {table}.get({tag}) if isinstance({tag}, str) else None")
        em.line(f"if {fn} is not None:")
        em.indent += 1
        em.call(fn, v, path)
        em.indent -= 1
        if fallback:
            em.line(f"elif {fallback}:")
            em.indent += 1
            em.line("pass  # no tag the mapping knows, but exactly one alternative accepts it")
            em.indent -= 1
        em.line(f"elif not {tag}:")
        em.indent += 1
        em.fail(f"({path}, {key})", "discriminator", em.msg("missing discriminator property"))
        em.indent -= 1
        em.line("else:")
        em.indent += 1
        em.fail(f"({path}, {key})", "discriminator", f"{unknown} + short_repr({tag})")
        em.indent -= 1
    return True


def _fallback_test(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> str:
    """The test that the alternatives accept `v` (oneOf: exactly one; anyOf: any), or ""."""
    key = "oneOf" if "oneOf" in schema else "anyOf"
    branches = _branches(em, schema, key, ptr)
    found = [_branch_function(em, b, f"{ptr}/{key}/{i}") for i, b in enumerate(branches)]
    fns = [fn for fn in found if fn is not None]
    if not fns or len(fns) != len(found):
        return ""
    table = em.state.function_tuple(fns)
    if key == "anyOf":
        em.state.use("any_match")
        return f"any_match({table}, {v}, {path}, mode)"
    em.state.use("count_matches")
    return f"count_matches({table}, {v}, {path}, mode) == 1"
