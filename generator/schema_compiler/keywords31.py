"""The JSON Schema 2020-12 keywords OpenAPI 3.1 adds to the 3.0 Schema Object, as inline checks.

Active only when the compiler runs in the 2020-12 dialect (an OpenAPI 3.1 document, or
``dialect="2020-12"``). Each schema node is first rewritten by `generator.oas31.normalize_schema`
into the 3.0 spelling where one exists (type arrays, `null`, `const`, numeric exclusive bounds,
`$ref` with siblings, boolean schemas), so `keywords.emit` checks those; this module adds the
keywords 3.0 has no spelling for (JSON Schema 2020-12 core section 10, validation section 6):

- arrays: `prefixItems` and the `items` after them, `contains` / `minContains` / `maxContains`;
- objects: `patternProperties` (and `additionalProperties` next to it: the names no pattern and
  no property matches), `propertyNames`, `dependentRequired`, `dependentSchemas`;
- `if` / `then` / `else`;
- `unevaluatedProperties` where the evaluated names are known when compiling: properties,
  patternProperties and additionalProperties of the schema itself, of its `allOf` branches and
  `$ref` targets (statically), and of `anyOf` / `oneOf` branches, `if` / `then` / `else` and
  `dependentSchemas` (decided at run time by which of them apply). A conditional branch that has
  its own conditional branches or patterns is reported as a compile issue and not checked.

`unevaluatedItems`, `$dynamicRef` and refs to `$id` / `$anchor` are not checked (compile issues);
`tests/corpus/test_json_schema_suite_2020.py` lists every suite case that needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.oas31 import ADDITIONAL_AFTER_PATTERNS, REST_ITEMS, normalize_schema
from generator.schema_compiler.refs import UnresolvableRef, resolve_pointer

if TYPE_CHECKING:
    from generator.schema_compiler.emit import FunctionEmitter

__all__ = ["KEYS", "emit"]

_ARRAY_KEYS = ("prefixItems", REST_ITEMS, "contains")
_OBJECT_KEYS = (
    "patternProperties",
    ADDITIONAL_AFTER_PATTERNS,
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
)
KEYS = frozenset((*_ARRAY_KEYS, *_OBJECT_KEYS, "if", "unevaluatedItems", "$dynamicRef"))
"""Keywords this module checks (or reports as unchecked)."""


def emit(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    """The 2020-12-only checks of one normalized schema against local `v`."""
    if any(key in schema for key in _ARRAY_KEYS):
        with em.block(f"if isinstance({v}, list):"):
            _prefix_items(em, schema, v, path, ptr)
            _contains(em, schema, v, path, ptr)
    if any(key in schema for key in _OBJECT_KEYS):
        with em.block(f"if isinstance({v}, dict):"):
            _patterns(em, schema, v, path, ptr)
            _property_names(em, schema, v, path, ptr)
            _dependent(em, schema, v, path, ptr)
            _unevaluated(em, schema, v, path, ptr)
    if "if" in schema:
        _conditional(em, schema, v, path, ptr)
    for key, why in (
        ("unevaluatedItems", "unevaluatedItems is not checked by specgen"),
        ("$dynamicRef", "$dynamicRef (dynamic scope) is not followed by specgen"),
    ):
        if key in schema:
            em.state.issue(f"{ptr}/{key}", why)


def _function(em: FunctionEmitter, sub: Any, ptr: str) -> str | None:
    node = normalize_schema(sub)
    if isinstance(node, Mapping) and "$ref" in node:
        return em.state.ref_function(node["$ref"], ptr)
    return em.state.schema_function(node, ptr)


def _path(em: FunctionEmitter, path: str) -> Any:
    from generator.schema_compiler.keywords import _BoundPath

    return _BoundPath(em, path)


def _drop_unused_item(em: FunctionEmitter, mark: int, key: str, item: str, v: str) -> None:
    """``for k, v in x.items():`` -> ``for k in x:`` when the body never reads the value, and
    ``for _k in x:`` when it reads neither (a quick twin's bare ``return False``): ruff B007."""
    import re

    if mark >= len(em.lines):
        return
    body = em.lines[mark + 1 :]
    if not any(re.search(rf"\b{item}\b", line) for line in body):
        uses_key = any(re.search(rf"\b{key}\b", line) for line in body)
        name = key if uses_key else f"_{key}"
        header = em.lines[mark]
        em.lines[mark] = header.replace(f"for {key}, {item} in {v}.items():", f"for {name} in {v}:")


# arrays ---------------------------------------------------------------------------------------


def _prefix_items(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    prefix = schema.get("prefixItems")
    if prefix is not None and not isinstance(prefix, list):
        em.state.issue(f"{ptr}/prefixItems", "prefixItems must be a list of schemas; ignored")
        prefix = None
    rest_given = REST_ITEMS in schema
    if prefix is None and not rest_given:
        return
    prefix = prefix or []
    bound = _path(em, path)
    for i, sub in enumerate(prefix):
        item = em.var("v")
        mark = len(em.lines)
        with em.block(f"if len({v}) > {i}:"):
            em.line(f"{item} = {v}[{i}]")
            em.schema(sub, item, bound.child(str(i)), f"{ptr}/prefixItems/{i}")
        if len(em.lines) == mark + 2:
            del em.lines[mark:]
    if rest_given:
        rest = schema[REST_ITEMS]
        count = len(prefix)
        if rest is False or rest == {"not": {}}:
            with em.block(f"if len({v}) > {count}:"):
                em.fail(path, "items", em.msg(f"more than {count} items (items is false)"))
        else:
            index, item = em.var("i"), em.var("v")
            with em.block(f"for {index}, {item} in enumerate({v}[{count}:], {count}):"):
                em.schema(rest, item, bound.child(index), f"{ptr}/items")
    bound.release()


def _contains(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    if "contains" not in schema:
        return
    from generator.schema_compiler.keywords import _count

    low = _count(em, schema, "minContains", ptr)
    high = _count(em, schema, "maxContains", ptr)
    low = 1 if low is None else low
    if low == 0 and high is None:
        return
    fn = _function(em, schema["contains"], f"{ptr}/contains")
    if fn is None:
        return
    em.state.use("matches")
    path = em.bind_path(path)
    count, item = em.var("n"), em.var("x")
    em.line(f"{count} = sum(1 for {item} in {v} if matches({fn}, {item}, {path}, mode))")
    if low > 0:
        with em.block(f"if {count} < {low}:"):
            em.fail(path, "contains", em.msg(f"fewer than {low} items match 'contains'"))
    if high is not None:
        with em.block(f"if {count} > {high}:"):
            em.fail(path, "maxContains", em.msg(f"more than {high} items match 'contains'"))


# objects --------------------------------------------------------------------------------------


def _compiled_patterns(
    em: FunctionEmitter, schema: Mapping[str, Any], ptr: str
) -> list[tuple[str, Any, str]] | None:
    """(pattern constant, subschema, pointer) per patternProperties entry; None if unusable."""
    raw = schema.get("patternProperties")
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        em.state.issue(f"{ptr}/patternProperties", "patternProperties must be a mapping; ignored")
        return None
    found = []
    for source, sub in raw.items():
        where = f"{ptr}/patternProperties/{source}"
        constant = em.state.pattern(source, where)
        if constant is None:
            return None
        found.append((constant, sub, where))
    return found


def _patterns(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    patterns = _compiled_patterns(em, schema, ptr)
    if not patterns and ADDITIONAL_AFTER_PATTERNS not in schema:
        return
    if patterns is None:
        return
    props = schema.get("properties")
    names = [k for k in props if isinstance(k, str)] if isinstance(props, Mapping) else []
    bound = _path(em, path)
    key, item = em.var("k"), em.var("v")
    loop = len(em.lines)
    with em.block(f"for {key}, {item} in {v}.items():"):
        for constant, sub, where in patterns:
            with em.block(f"if {constant}.search({key}) is not None:"):
                em.schema(sub, item, bound.child(key), where)
        if ADDITIONAL_AFTER_PATTERNS in schema:
            extra = schema[ADDITIONAL_AFTER_PATTERNS]
            tests = [f"{key} not in {em.state.string_set(names)}"] if names else []
            tests += [f"{constant}.search({key}) is None" for constant, _, _ in patterns]
            mark, indent = len(em.lines), em.indent
            for test in tests:
                em.line(f"if {test}:")
                em.indent += 1
            if extra is False or extra == {"not": {}}:
                message = "property is not allowed (additionalProperties is false)"
                em.fail(bound.child(key), "additionalProperties", em.msg(message))
            else:
                em.schema(extra, item, bound.child(key), f"{ptr}/additionalProperties")
            em.indent = indent
            if len(em.lines) == mark + len(tests):
                del em.lines[mark:]
    _drop_unused_item(em, loop, key, item, v)
    bound.release()


def _property_names(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    if "propertyNames" not in schema:
        return
    bound = _path(em, path)
    key = em.var("k")
    with em.block(f"for {key} in {v}:"):
        em.schema(schema["propertyNames"], key, bound.child(key), f"{ptr}/propertyNames")
    bound.release()


def _dependent(em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str) -> None:
    required = schema.get("dependentRequired")
    if required is not None and not isinstance(required, Mapping):
        em.state.issue(f"{ptr}/dependentRequired", "dependentRequired must be a mapping; ignored")
        required = None
    bound = _path(em, path)
    for name, needed in (required or {}).items():
        if not isinstance(needed, list) or not all(isinstance(n, str) for n in needed):
            em.state.issue(f"{ptr}/dependentRequired/{name}", "must be a list of names; ignored")
            continue
        with em.block(f"if {em.state.text(name)} in {v}:"):
            for other in dict.fromkeys(needed):
                text = em.state.text(other)
                with em.block(f"if {text} not in {v}:"):
                    message = em.msg(f"missing (required when {name!r} is present)")
                    em.fail(bound.child(text), "dependentRequired", message)
    schemas = schema.get("dependentSchemas")
    if schemas is not None and not isinstance(schemas, Mapping):
        em.state.issue(f"{ptr}/dependentSchemas", "dependentSchemas must be a mapping; ignored")
        schemas = None
    for name, sub in (schemas or {}).items():
        with em.block(f"if {em.state.text(name)} in {v}:"):
            em.schema(sub, v, bound.expr, f"{ptr}/dependentSchemas/{name}")
    bound.release()


# if / then / else -----------------------------------------------------------------------------


def _conditional(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    if "then" not in schema and "else" not in schema:
        return
    test = _function(em, schema["if"], f"{ptr}/if")
    if test is None:
        return
    mark = len(em.lines)
    path = em.bind_path(path)
    written = len(em.lines) + 1  # the binding (if any) and the flag
    flag = em.var("c")
    em.line(f"{flag} = matches({test}, {v}, {path}, mode)")
    if "then" in schema:
        with em.block(f"if {flag}:"):
            em.schema(schema["then"], v, path, f"{ptr}/then")
    if "else" in schema:
        with em.block(f"if not {flag}:"):
            em.schema(schema["else"], v, path, f"{ptr}/else")
    if len(em.lines) == written:
        del em.lines[mark:]
    else:
        em.state.use("matches")


# unevaluatedProperties ------------------------------------------------------------------------


@dataclass
class _Evaluated:
    """Property names a schema evaluates: listed names, name patterns, or all of them."""

    names: set[str] = field(default_factory=set)
    patterns: list[str] = field(default_factory=list)
    everything: bool = False
    branches: list[tuple[str, Any, _Evaluated]] = field(default_factory=list)
    """(kind, what decides, evaluated) for branches known only at run time."""
    unsupported: str = ""


def _collect(
    em: FunctionEmitter, raw: Any, into: _Evaluated, seen: set[str], *, nested: bool
) -> None:
    """Add what `raw` evaluates to `into`: static parts, and its conditional branches."""
    schema = normalize_schema(raw)
    if not isinstance(schema, Mapping):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return
        try:
            target = resolve_pointer(em.state.document, ref)
        except UnresolvableRef:
            into.unsupported = f"$ref {ref!r} cannot be followed"
            return
        _collect(em, target, into, seen | {ref}, nested=nested)
        return
    props = schema.get("properties")
    if isinstance(props, Mapping):
        into.names.update(k for k in props if isinstance(k, str))
    patterns = schema.get("patternProperties")
    if isinstance(patterns, Mapping):
        into.patterns.extend(str(p) for p in patterns)
    extra = {"additionalProperties", ADDITIONAL_AFTER_PATTERNS}
    if extra & schema.keys() or (nested and "unevaluatedProperties" in schema):
        into.everything = True
    for sub in schema.get("allOf") or () if isinstance(schema.get("allOf"), list) else ():
        _collect(em, sub, into, seen, nested=True)
    conditional: list[tuple[str, Any, Any]] = []
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key) or () if isinstance(schema.get(key), list) else ():
            conditional.append(("match", sub, sub))
    if "if" in schema:
        conditional.append(("match", schema["if"], schema["if"]))
        if "then" in schema:
            conditional.append(("match", schema["if"], schema["then"]))
        if "else" in schema:
            conditional.append(("no-match", schema["if"], schema["else"]))
    dependent = schema.get("dependentSchemas")
    for name, sub in dependent.items() if isinstance(dependent, Mapping) else ():
        conditional.append(("present", name, sub))
    for kind, decider, sub in conditional:
        branch = _Evaluated()
        _collect(em, sub, branch, seen, nested=True)
        into.unsupported = into.unsupported or branch.unsupported
        if branch.names or branch.everything or branch.patterns or branch.branches:
            into.branches.append((kind, decider, branch))


@dataclass
class _Runtime:
    """Locals of the run-time part: names evaluated by branches, and "all evaluated"."""

    seen: str = ""
    every: str = ""


def _unevaluated(
    em: FunctionEmitter, schema: Mapping[str, Any], v: str, path: str, ptr: str
) -> None:
    if "unevaluatedProperties" not in schema:
        return
    rule = schema["unevaluatedProperties"]
    evaluated = _Evaluated()
    _collect(em, schema, evaluated, set(), nested=False)
    if evaluated.unsupported:
        em.state.issue(
            f"{ptr}/unevaluatedProperties",
            f"unevaluatedProperties not checked: {evaluated.unsupported}",
        )
        return
    if evaluated.everything or rule is True or rule == {}:
        return
    constants = _constants(em, evaluated.patterns, ptr)
    if constants is None:
        return
    mark = len(em.lines)
    path = em.bind_path(path)
    local = _Runtime()
    if evaluated.branches:
        local.seen, local.every = em.var("e"), em.var("a")
        em.line(f"{local.seen}: set[str] = set()")
        em.line(f"{local.every} = False")
        if not _branches(em, evaluated.branches, v, path, local, ptr):
            del em.lines[mark:]  # nothing half-written (an issue says why)
            return
        if any("matches(" in line for line in em.lines[mark:]):
            em.state.use("matches")
    key, item = em.var("k"), em.var("v")
    known = em.state.string_set(sorted(evaluated.names)) if evaluated.names else ""
    conditions = [f"not {local.every}"] if local.every else []
    conditions += [f"for {key}, {item} in {v}.items()"]
    conditions += [f"{key} not in {known}"] if known else []
    conditions += [f"{key} not in {local.seen}"] if local.seen else []
    conditions += [f"{constant}.search({key}) is None" for constant in constants]
    indent, loop = em.indent, len(em.lines) + (1 if local.every else 0)
    for test in conditions:
        em.line(f"{test}:" if test.startswith("for ") else f"if {test}:")
        em.indent += 1
    child = f"({path}, {key})"
    if rule is False or rule == {"not": {}}:
        message = "property is not allowed (unevaluatedProperties is false)"
        em.fail(child, "unevaluatedProperties", em.msg(message))
    else:
        em.schema(rule, item, child, f"{ptr}/unevaluatedProperties")
    em.indent = indent
    _drop_unused_item(em, loop, key, item, v)


def _constants(em: FunctionEmitter, patterns: list[str], ptr: str) -> list[str] | None:
    found = []
    for source in patterns:
        constant = em.state.pattern(source, f"{ptr}/patternProperties")
        if constant is None:
            return None
        found.append(constant)
    return found


def _branches(
    em: FunctionEmitter,
    branches: list[tuple[str, Any, _Evaluated]],
    v: str,
    path: str,
    local: _Runtime,
    ptr: str,
) -> bool:
    """Run-time code adding what each applying branch evaluates; False if one cannot be."""
    for kind, decider, branch in branches:
        if kind == "present":
            test = f"{em.state.text(decider)} in {v}"
        else:
            fn = _function(em, decider, f"{ptr}/unevaluatedProperties")
            if fn is None:
                return False
            test = f"matches({fn}, {v}, {path}, mode)"
            test = test if kind == "match" else f"not {test}"
        constants = _constants(em, branch.patterns, ptr)
        if constants is None:
            return False
        em.line(f"if {test}:")
        em.indent += 1
        if branch.everything:
            em.line(f"{local.every} = True")
        if branch.names:
            em.line(f"{local.seen}.update({em.state.string_set(sorted(branch.names))})")
        for constant in constants:
            key = em.var("k")
            em.line(f"{local.seen}.update({key} for {key} in {v} if {constant}.search({key}))")
        ok = _branches(em, branch.branches, v, path, local, ptr)
        if em.lines[-1].rstrip().endswith(":"):
            em.line("pass")
        em.indent -= 1
        if not ok:
            return False
    return True
