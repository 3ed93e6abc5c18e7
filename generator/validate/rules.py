"""Semantic rules: what the OpenAPI JSON Schema cannot express.

Each rule is one small function registered with a stable code, a level and a one-line
description (Kiota's habit), so a user can switch any of them off with `--disable CODE`.
A rule yields `(pointer, message)` pairs; the caller turns them into `Diagnostic`s and asks the
loader for file positions only then (positions cost a second parse).

Rules read the document through `Context`, which indexes operations, parameters, schemas and
refs once, so that the 952 KB platform spec is checked in a few tens of milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.diagnostics import Level, join_pointer
from generator.load import LoadedSpec
from generator.resolve import RefProblem, RefResolver

Finding = tuple[str, str]
"""(JSON pointer, message)."""

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PARAM_LOCATIONS = ("query", "header", "path", "cookie")
SCHEMA_TYPES = ("array", "boolean", "integer", "number", "object", "string")
STATUS_CODE = re.compile(r"^(default|[1-5](\d\d|XX))$")
TEMPLATE = re.compile(r"\{([^{}]*)\}")

# Keys whose values are data, not OpenAPI objects: never look for refs or schemas inside.
_DATA_KEYS = frozenset({"example", "default", "enum"})
# Keys whose values map arbitrary user-chosen names to objects.
_NAMED_MAPS = frozenset(
    {
        "properties",
        "responses",
        "schemas",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "content",
        "variables",
        "encoding",
        "mapping",
        "scopes",
        "paths",
    }
)
_SCHEMA_CHILDREN = ("items", "not", "additionalProperties")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    description: str
    check: Callable[[Context], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(code: str, level: Level, description: str) -> Callable[[Callable[..., Any]], Any]:
    def register(func: Callable[[Context], Iterable[Finding]]) -> Callable[..., Any]:
        assert code not in RULES, code
        RULES[code] = Rule(code, level, description, func)
        return func

    return register


# --- the shared index -------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    pointer: str
    data: dict[str, Any]
    path_item: dict[str, Any]
    path_item_pointer: str

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Param:
    pointer: str
    data: dict[str, Any]  # the resolved parameter object

    @property
    def key(self) -> tuple[str, str]:
        name, where = str(self.data.get("name")), str(self.data.get("in"))
        return (name.lower() if where == "header" else name, where)


class Context:
    """The document plus indexes computed on first use and shared by all rules."""

    def __init__(self, spec: LoadedSpec, *, allow_remote: bool, allow_outside: bool) -> None:
        self.spec = spec
        self.data = spec.data
        self.resolver = RefResolver(spec, allow_remote, allow_outside)
        self.allow_remote = allow_remote

    def deref(self, node: Any) -> Any:
        """Follow local (and allowed file) refs; None when a ref cannot be followed."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            seen += 1
            if seen > 32:
                return None
            try:
                _, _, node = self.resolver.value(node["$ref"], self.resolver.root_key)
            except RefProblem:
                return None
        return node

    @cached_property
    def operations(self) -> list[Operation]:
        ops = []
        paths = self.data.get("paths")
        for path, item in paths.items() if isinstance(paths, dict) else ():
            item_pointer = join_pointer("/paths", path)
            item = self.deref(item)
            if not isinstance(item, dict) or path.startswith("x-"):
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    ops.append(
                        Operation(
                            path, method, join_pointer(item_pointer, method), op, item, item_pointer
                        )
                    )
        return ops

    def params(self, owner: dict[str, Any], pointer: str) -> list[Param]:
        found = []
        params = owner.get("parameters")
        for i, raw in enumerate(params if isinstance(params, list) else ()):
            param = self.deref(raw)
            if isinstance(param, dict):
                found.append(Param(join_pointer(pointer, "parameters", i), param))
        return found

    def effective_params(self, op: Operation) -> list[Param]:
        """Path-level parameters overridden by operation-level ones with the same name+in."""
        merged = {p.key: p for p in self.params(op.path_item, op.path_item_pointer)}
        merged.update({p.key: p for p in self.params(op.data, op.pointer)})
        return list(merged.values())

    @cached_property
    def all_params(self) -> list[Param]:
        """Every parameter object written in the document (refs not followed, so each once)."""
        found = []
        for pointer, owner in self._param_owners():
            params = owner.get("parameters")
            for i, raw in enumerate(params if isinstance(params, list) else ()):
                if isinstance(raw, dict) and "$ref" not in raw:
                    found.append(Param(join_pointer(pointer, "parameters", i), raw))
        comps = _get(self.data, "components", "parameters")
        for name, raw in comps.items() if isinstance(comps, dict) else ():
            if isinstance(raw, dict) and "$ref" not in raw:
                found.append(Param(join_pointer("/components/parameters", name), raw))
        return found

    def _param_owners(self) -> Iterator[tuple[str, dict[str, Any]]]:
        paths = self.data.get("paths")
        for path, item in paths.items() if isinstance(paths, dict) else ():
            if isinstance(item, dict):
                pointer = join_pointer("/paths", path)
                yield pointer, item
                for method in METHODS:
                    if isinstance(item.get(method), dict):
                        yield join_pointer(pointer, method), item[method]

    @cached_property
    def objects(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(pointer, parent key, object) for every mapping outside data values and extensions."""
        found: list[tuple[str, str, dict[str, Any]]] = []
        stack: list[tuple[Any, str, str, str]] = [(self.data, "", "", "")]
        while stack:
            node, pointer, key, parent_key = stack.pop()
            if isinstance(node, dict):
                found.append((pointer, key, node))
                for k, v in node.items():
                    if isinstance(v, (dict, list)) and not _is_data(k, key, parent_key):
                        stack.append((v, join_pointer(pointer, k), k, key))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, (dict, list)):
                        stack.append((v, join_pointer(pointer, i), "[]", key))
        found.sort(key=lambda t: t[0])
        return found

    @cached_property
    def refs(self) -> list[tuple[str, Any]]:
        """(pointer of the $ref value, the $ref value) for every reference object."""
        return [
            (join_pointer(p, "$ref"), o["$ref"])
            for p, key, o in self.objects
            if "$ref" in o and key not in _NAMED_MAPS
        ]  # not a property named "$ref"

    @cached_property
    def schemas(self) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, schema) for every schema written in the document, nested ones included."""
        roots: list[tuple[str, Any]] = []
        comps = _get(self.data, "components", "schemas")
        for name, schema in comps.items() if isinstance(comps, dict) else ():
            roots.append((join_pointer("/components/schemas", name), schema))
        for pointer, key, obj in self.objects:
            if key != "properties" and isinstance(obj.get("schema"), dict):
                roots.append((join_pointer(pointer, "schema"), obj["schema"]))
        seen: dict[str, dict[str, Any]] = {}
        while roots:
            pointer, schema = roots.pop()
            if not isinstance(schema, dict) or pointer in seen or "$ref" in schema:
                continue
            seen[pointer] = schema
            for k in _SCHEMA_CHILDREN:
                if isinstance(schema.get(k), dict):
                    roots.append((join_pointer(pointer, k), schema[k]))
            for k in _SCHEMA_LISTS:
                for i, sub in enumerate(
                    schema.get(k) or () if isinstance(schema.get(k), list) else ()
                ):
                    roots.append((join_pointer(pointer, k, i), sub))
            props = schema.get("properties")
            for name, sub in props.items() if isinstance(props, dict) else ():
                roots.append((join_pointer(pointer, "properties", name), sub))
        return sorted(seen.items())

    @cached_property
    def media_and_params(self) -> list[tuple[str, dict[str, Any]]]:
        """Objects that may carry `schema` + `example`/`examples`: media types, parameters,
        headers."""
        return [
            (p, o)
            for p, _, o in self.objects
            if isinstance(o.get("schema"), dict) and ("example" in o or "examples" in o)
        ]


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _is_data(key: str, owner_key: str, owner_parent_key: str) -> bool:
    """Is `key`, inside the object found under `owner_key`, a data value (no OpenAPI inside)?"""
    if owner_key in _NAMED_MAPS:  # e.g. a property or a response *named* default/example/enum
        return False
    if key == "value" and owner_parent_key == "examples":  # Example Object's literal value
        return True
    return key in _DATA_KEYS or key.startswith("x-")


# --- operations and parameters ------------------------------------------------------------


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
    "path-param-undeclared",
    Level.ERROR,
    "a path template variable has no matching `in: path` parameter",
)
def path_param_undeclared(ctx: Context) -> Iterator[Finding]:
    for op in ctx.operations:
        params = ctx.effective_params(op)
        declared = {p.data.get("name") for p in params if p.data.get("in") == "path"}
        for name in dict.fromkeys(TEMPLATE.findall(op.path)):
            if name not in declared:
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
    for pointer, owner in ctx._param_owners():
        seen: set[tuple[str, str]] = set()
        for p in ctx.params(owner, pointer):
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


@rule(
    "security-scheme-undefined",
    Level.WARNING,
    "a security requirement names a scheme not in components.securitySchemes",
)
def security_scheme_undefined(ctx: Context) -> Iterator[Finding]:
    # A MUST in the spec, yet only a warning here: credentials are set by the user through the
    # client's auth seam, so an undeclared name cannot make the generated code wrong, and
    # Soracom's own sandbox spec has this fault but must still generate.
    schemes = _get(ctx.data, "components", "securitySchemes")
    defined = set(schemes) if isinstance(schemes, dict) else set()
    places = [("/security", ctx.data.get("security"))]
    places += [
        (join_pointer(op.pointer, "security"), op.data.get("security")) for op in ctx.operations
    ]
    for pointer, reqs in places:
        for i, req in enumerate(reqs if isinstance(reqs, list) else ()):
            for name in req if isinstance(req, dict) else ():
                if name not in defined:
                    yield (
                        join_pointer(pointer, i, name),
                        f"security scheme '{name}' is not defined in components.securitySchemes",
                    )


# --- references ---------------------------------------------------------------------------


def _ref_problems(ctx: Context, code: str) -> Iterator[Finding]:
    for pointer, ref in ctx.refs:
        if not isinstance(ref, str):
            if code == "unresolved-ref":
                yield pointer, f"$ref must be a string, not {type(ref).__name__} ({ref!r})"
            continue
        try:
            ctx.resolver.value(ref, ctx.resolver.root_key)
        except RefProblem as problem:
            if problem.code == code:
                yield (
                    pointer,
                    problem.message
                    if problem.message.startswith("$ref")
                    else (f"$ref '{ref}': {problem.message}"),
                )


@rule("unresolved-ref", Level.ERROR, "a $ref points to nothing (missing file or JSON pointer)")
def unresolved_ref(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "unresolved-ref")


@rule(
    "ref-outside-folder",
    Level.ERROR,
    "a $ref points to a file outside the spec's folder (refused unless allowed)",
)
def ref_outside_folder(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "ref-outside-folder")


@rule("ref-remote", Level.ERROR, "a $ref points to a URL (refused unless allowed)")
def ref_remote(ctx: Context) -> Iterator[Finding]:
    return _ref_problems(ctx, "ref-remote")


# --- schemas -------------------------------------------------------------------------------


@rule("invalid-schema-type", Level.ERROR, "a schema `type` is not one of the six OpenAPI 3.0 types")
def invalid_schema_type(ctx: Context) -> Iterator[Finding]:
    for pointer, schema in ctx.schemas:
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
            join_pointer(pointer, "type"),
            (f"schema type {kind!r} is not one of {', '.join(SCHEMA_TYPES)}{hint}"),
        )


@rule("invalid-pattern", Level.ERROR, "a schema `pattern` is not a valid regular expression")
def invalid_pattern(ctx: Context) -> Iterator[Finding]:
    for pointer, schema in ctx.schemas:
        pattern = schema.get("pattern")
        if not isinstance(pattern, str) or _compiles(pattern) or _python_only_gap(pattern):
            continue  # a gap is valid ECMA-262 that Python's `re` does not speak: no false alarm
        yield join_pointer(pointer, "pattern"), f"pattern {pattern!r} is not a valid regex"


@rule(
    "pattern-redos",
    Level.WARNING,
    "a schema `pattern` has nested quantifiers: exponential time on a backtracking engine",
)
def pattern_redos(ctx: Context) -> Iterator[Finding]:
    from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate
    from generator.schema_compiler.redos import Unsupported, nfa_program, redos_risk

    for pointer, schema in ctx.schemas:
        pattern = schema.get("pattern")
        if not isinstance(pattern, str):
            continue
        try:
            translated = translate(pattern)
        except UnsupportedPattern:
            continue
        risk = redos_risk(translated)
        if not risk:
            continue
        try:
            nfa_program(translated)
            outcome = "specgen checks it with its linear-time engine, not `re`"
        except Unsupported as exc:
            outcome = f"specgen does not check it ({exc})"
        yield (
            join_pointer(pointer, "pattern"),
            f"pattern {pattern!r} has {risk}: some inputs take exponential time on a "
            f"backtracking regex engine (ReDoS); {outcome}",
        )


def _compiles(pattern: str) -> bool:
    from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate

    try:
        re.compile(translate(pattern))
        return True
    except (UnsupportedPattern, re.error):
        pass
    try:
        re.compile(pattern)  # the translator is strict; Python may still accept it as written
        return True
    except re.error:
        return False


def _python_only_gap(pattern: str) -> bool:
    return bool(re.search(r"\\[pPu]\{|\(\?<[A-Za-z]", pattern))


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "array": (list,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
    "string": (str,),
}


def _type_matches(value: Any, kind: str) -> bool:
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
    for pointer, schema in ctx.schemas:
        kind = schema.get("type")
        if (
            "default" in schema
            and isinstance(kind, str)
            and not _type_matches(schema["default"], kind)
        ):
            yield (
                join_pointer(pointer, "default"),
                (f"default {schema['default']!r} is not of type '{kind}'"),
            )


@rule(
    "default-mismatch",
    Level.WARNING,
    "a schema's `default` has the right type but breaks another constraint (enum, format...)",
)
def default_mismatch(ctx: Context) -> Iterator[Finding]:
    # A warning: generated code can still be built (the client just should not send such a
    # default), and real specs do this (Soracom's `default: and` on enum query parameters).
    candidates = []
    for pointer, schema in ctx.schemas:
        kind = schema.get("type")
        if "default" not in schema or (
            isinstance(kind, str) and not _type_matches(schema["default"], kind)
        ):
            continue
        candidates.append((pointer, schema["default"]))
    if not candidates:
        return
    checker = ExampleChecker(ctx.spec.data, sorted({pointer for pointer, _ in candidates}))
    for pointer, default in candidates:
        problem = checker.problem(default, pointer)
        if problem:
            yield join_pointer(pointer, "default"), f"default value does not match: {problem}"


# Fields whose value MUST be a URL (3.0.3 "format of a URL"); relative references are allowed.
_URL_FIELDS = frozenset(
    {"termsOfService", "url", "authorizationUrl", "tokenUrl", "refreshUrl", "openIdConnectUrl"}
)
_URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_URL_OWNERS = frozenset(
    {
        "info",
        "contact",
        "license",
        "externalDocs",
        "implicit",
        "password",
        "clientCredentials",
        "authorizationCode",
        "[]",
    }
)


@rule(
    "invalid-url",
    Level.ERROR,
    "a URL field (info, contact, license, externalDocs, OAuth flows) is not a valid URI reference",
)
def invalid_url(ctx: Context) -> Iterator[Finding]:
    for pointer, key, obj in ctx.objects:
        if key not in _URL_OWNERS or pointer.startswith("/servers") or "/servers/" in pointer:
            continue  # server URLs are templates ({var}); their own rules apply
        for field_name in _URL_FIELDS & obj.keys():
            value = obj[field_name]
            if isinstance(value, str) and not _URI_REFERENCE.match(value):
                yield (
                    join_pointer(pointer, field_name),
                    (f"{field_name} {value!r} is not a valid URL (RFC 3986 URI reference)"),
                )


@rule("invalid-email", Level.ERROR, "contact.email is not an email address")
def invalid_email(ctx: Context) -> Iterator[Finding]:
    email = _get(ctx.data, "info", "contact", "email")
    if isinstance(email, str) and not _EMAIL.match(email):
        yield "/info/contact/email", f"contact email {email!r} is not an email address"


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
    checker = ExampleChecker(ctx.spec.data, sorted({p for _, _, p in checks}))
    for where, value, schema_pointer in checks:
        problem = checker.problem(value, schema_pointer)
        if problem:
            yield where, f"example does not match its schema: {problem}"


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
        compiled = compile_validators(schemas, document=data, runtime_import="generator.runtime")
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
