"""Stage 5, naming: every Python identifier is decided here, once, on the IR.

Spec strings (operationIds, property names, tags, enum values) can be anything: keywords,
builtins, dunders, leading digits, dashes, spaces, non-ASCII. They become valid, readable,
deterministic identifiers (`from` -> `from_`, `2fa` -> `n2fa`, `日本` -> `u65e5_u672c`), with
collisions resolved by suffixes in spec order. Wire names are never changed; templates never
case-convert spec strings themselves.
"""

from __future__ import annotations

import builtins
import hashlib
import itertools
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NewType

from generator.ir.model import Api, EnumSchema, ObjectSchema, Operation, Schema
from generator.security import TOKEN_TYPES

Identifier = NewType("Identifier", str)
"""A valid, non-reserved snake_case Python name (attribute, argument, method, module), made
only by this module's scopes; templates print it as is."""
ClassName = NewType("ClassName", str)
"""A valid PascalCase Python class name (model, enum, resource, alias), made only here."""
ConstantName = NewType("ConstantName", str)
"""A valid UPPER_CASE Python name (enum member, operation constant), made only here."""

_BUILTINS = frozenset(dir(builtins))
_AMBIGUOUS = frozenset({"l", "I", "O"})
"""Names pycodestyle refuses (E741-E743: read as 1 and 0); SendGrid's `l`/`r` operands."""
_WORD_BOUNDARY = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])|[A-Z]")


def _ascii_words(text: str) -> list[str]:
    """Split any string into ASCII words; non-ASCII letters become stable `uXXXX` words."""
    if text.isascii():  # the common case: no normalization, and the words never span a
        return _WORD_BOUNDARY.findall(text)  # separator, so one pass over the whole text
    return _any_words(text)


def _any_words(text: str) -> list[str]:
    """`_ascii_words` of any text, character by character."""
    normalized = unicodedata.normalize("NFKD", text)
    chunks: list[str] = []
    current = []
    for char in normalized:
        if char.isascii() and char.isalnum():
            current.append(char)
        elif unicodedata.combining(char):
            continue
        else:
            if current:
                chunks.append("".join(current))
                current = []
            if not char.isascii() and char.isalnum():
                chunks.append(f"u{ord(char):04x}")
    if current:
        chunks.append("".join(current))
    words: list[str] = []
    for chunk in chunks:
        words.extend(_WORD_BOUNDARY.findall(chunk) or [chunk])
    return [w for w in words if w]


MAX_IDENTIFIER = 60
"""Longer identifiers are cut and given a hash suffix: deterministic, unique, and short enough
that generated lines stay within the line length."""


def bounded_identifier(name: str, limit: int = MAX_IDENTIFIER) -> str:
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('_')}_{digest}"


def snake_case(text: str) -> str:
    words = _ascii_words(text)
    name = bounded_identifier("_".join(w.lower() for w in words) or "value")
    if name[0].isdigit():
        name = "n" + name
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in _BUILTINS
        or name in _AMBIGUOUS
    ):
        name += "_"
    return name


def pascal_case(text: str) -> str:
    words = _ascii_words(text)
    name = bounded_identifier("".join(w[:1].upper() + w[1:] for w in words) or "Model")
    if name[0].isdigit():
        name = "N" + name
    if keyword.iskeyword(name) or name in _BUILTINS or name in _AMBIGUOUS:
        name += "_"
    return name


def constant_case(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).upper()
    if isinstance(value, (int, float)):
        text = str(value).replace("-", "minus_").replace(".", "_")
        return f"VALUE_{text}".upper()
    words = _ascii_words(str(value))
    name = bounded_identifier("_".join(w.upper() for w in words))
    if not name:
        return "EMPTY"
    if name[0].isdigit():
        name = "VALUE_" + name
    if keyword.iskeyword(name) or name in _AMBIGUOUS:
        name += "_"
    return name


class Scope:
    """A namespace: hands out unique names in the order asked, never one of `reserved`."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.taken = set(reserved)

    def claim(self, wanted: str) -> str:
        base = wanted.rstrip("_") or wanted
        candidates = itertools.chain(
            [wanted, base + "_"], (f"{base}_{n}" for n in itertools.count(2))
        )
        name = next(c for c in candidates if c not in self.taken)
        self.taken.add(name)
        return name

    def identifier(self, wanted: str) -> Identifier:
        """Claim `wanted` (already snake_case) as an attribute, argument or method name."""
        return Identifier(self.claim(wanted))

    def class_name(self, wanted: str) -> ClassName:
        """Claim `wanted` (already PascalCase) as a class name."""
        return ClassName(self.claim(wanted))

    def constant(self, wanted: str) -> ConstantName:
        """Claim `wanted` (already UPPER_CASE) as a constant or enum member name."""
        return ConstantName(self.claim(wanted))


MODEL_RESERVED = frozenset(
    {"to_dict", "from_dict", "additional_properties", "bind_fields", "self", "mro"}
)
CLIENT_RESERVED = frozenset(
    {
        "request",
        "request_raw",
        "close",
        "aclose",
        "base_url",
        "timeout",
        "servers",
        "default_server",
        "default_headers",
        "set_credential",
        "with_raw_response",
        "redact",
        "retrying",
        "retry_policy",
        "validate_requests",
        "response_validation",
        # what the dynamic client adds, so both clients name resources alike (lgtm's
        # `Operations` tag)
        "api",
        "models",
        "operations",
        "call",
        "call_raw",
        "from_spec",
        # module names `_client.py` reads inside its class bodies: a resource property of the
        # same name would shadow them there (DocuSign's `Resources` tag)
        "resources",
        "cached_property",
        "httpx",
        "configure_vendor",
    }
)
ARG_RESERVED = frozenset({"self", "timeout"})
CREDENTIAL_RESERVED = frozenset(
    {
        # the clients' own `__init__` / `from_spec` arguments: a security scheme named `auth`
        # (D7 Networks) made a duplicate argument, a SyntaxError in `_client.py`
        "self",
        "server",
        "coverage",
        "base_url",
        "auth",
        "timeout",
        "headers",
        "validate_requests",
        "response_validation",
        "max_retries",
        "retry_post",
        "retry_policy",
        "transport",
        "http_client",
        "api",
        "vendor",
        "source",
        "cache",
        "allow_remote_refs",
        "allow_outside_refs",
        "lenient",
    }
)
MODULE_RESERVED = frozenset(
    {
        "Any",
        "ClassVar",
        "Field",
        "Model",
        "OpenStrEnum",
        "OpenIntEnum",
        "OpenFloatEnum",
        "UNSET",
        "Unset",
        "NOT_GIVEN",
        "NotGiven",
        "JSON",
        "Mapping",
        "codecs",
        "annotations",
        "TypeAlias",
    }
)


@dataclass
class ResourceNames:
    tag: str
    attribute: Identifier
    class_name: ClassName


@dataclass
class OperationNames:
    method: Identifier
    args: list[Identifier]  # aligned with Operation.parameters
    body_arg: Identifier = Identifier("")
    content_type_arg: Identifier = Identifier("")
    constant: ConstantName = ConstantName("")
    aliases: list[tuple[str, Identifier]] = field(default_factory=list)  # (old operationId, method)


@dataclass
class Names:
    """All identifiers of a generated package, keyed by IR object identity or spec name."""

    classes: dict[int, ClassName] = field(default_factory=dict)  # id(schema) -> class name
    components: dict[str, ClassName] = field(default_factory=dict)  # component -> class/alias
    fields: dict[int, list[Identifier]] = field(default_factory=dict)  # id(object) -> attributes
    members: dict[int, list[ConstantName]] = field(default_factory=dict)  # id(enum) -> members
    resources: dict[str, ResourceNames] = field(default_factory=dict)  # tag -> names
    operations: dict[int, OperationNames] = field(default_factory=dict)  # id(operation) -> names
    credentials: dict[str, Identifier] = field(default_factory=dict)  # scheme -> client kwarg

    def class_of(self, schema: Schema) -> ClassName:
        return self.classes[id(schema)]


GENERATED_PACKAGE_IMPORTS = frozenset({"httpx"})
"""Third-party top-level modules a generated package imports (besides the standard library)."""


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be a generated package's import name, with a suggestion; None if fine.

    Refused: names that are not snake_case identifiers, and names that would shadow a module the
    package itself imports (httpx, or any standard-library module such as `os`, `json`,
    `typing`): with the output folder on `sys.path`, `import json` would find the package.
    """
    if snake_case(name) != name or not name.isidentifier() or keyword.iskeyword(name):
        return f"{name!r} is not a valid package name (try {snake_case(name) or 'client'!r})"
    if name in GENERATED_PACKAGE_IMPORTS or name in sys.stdlib_module_names:
        what = (
            "the HTTP library"
            if name in GENERATED_PACKAGE_IMPORTS
            else "the standard-library module"
        )
        return (
            f"package name {name!r} would shadow {what} {name!r}: with the package on sys.path, "
            f"`import {name}` (by the package itself or its users) would find it instead; "
            f"choose another name, e.g. {name + '_api'!r}"
        )
    return None


def name_api(api: Api, aliases: Mapping[str, str] | None = None) -> Names:
    """Name everything; `aliases` (old operationId -> new) adds deprecated method names."""
    names = Names()
    module = Scope(MODULE_RESERVED)
    for component, schema in api.schemas.items():
        class_name = module.class_name(pascal_case(component))
        names.components[component] = class_name
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            names.classes[id(schema)] = class_name
    for schema in api.inline_models:
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            names.classes[id(schema)] = module.class_name(pascal_case(" ".join(schema.hint)))
    for schema in [*api.schemas.values(), *api.inline_models]:
        if isinstance(schema, ObjectSchema):
            scope = Scope(MODEL_RESERVED)
            names.fields[id(schema)] = [
                scope.identifier(snake_case(p.wire)) for p in schema.properties
            ]
        elif isinstance(schema, EnumSchema):
            scope = Scope({"mro", "is_known"})
            names.members[id(schema)] = [scope.constant(constant_case(v)) for v in schema.values]
    _name_resources(api, names)
    _name_operations(api, names, aliases or {})
    scope = Scope(
        CLIENT_RESERVED | CREDENTIAL_RESERVED | {r.attribute for r in names.resources.values()}
    )
    _name_credentials(api, names, scope)
    return names


def _name_credentials(api: Api, names: Names, scope: Scope) -> None:
    """A client argument per security scheme: its snake_case name, but an OAuth 2.0 or
    OpenID Connect scheme's argument holds an access token, so it says so: `access_token`
    (`<scheme>_access_token` when the spec has several such schemes)."""
    tokens = [s for s in api.security_schemes if s.type in TOKEN_TYPES]
    for scheme in api.security_schemes:
        base = snake_case(scheme.name)
        if scheme.type in TOKEN_TYPES:
            base = "access_token" if len(tokens) == 1 else f"{base}_access_token"
        names.credentials[scheme.name] = scope.identifier(base)


def _name_resources(api: Api, names: Names) -> None:
    attributes = Scope(CLIENT_RESERVED)
    classes = Scope(MODULE_RESERVED | {"Client", "AsyncClient"})
    for tag in api.tags:
        attribute = attributes.identifier(snake_case(tag))
        names.resources[tag] = ResourceNames(
            tag, attribute, classes.class_name(pascal_case(tag) + "Resource")
        )


def _name_operations(api: Api, names: Names, aliases: Mapping[str, str]) -> None:
    methods: dict[str, Scope] = {}
    constants = Scope()
    for op in api.operations:
        # `models`: the module resource classes annotate with (`-> models.Thing`)
        scope = methods.setdefault(op.tags[0], Scope({"with_raw_response", "mro", "models"}))
        names.operations[id(op)] = _name_operation(
            op, scope.identifier(snake_case(op.operation_id)), constants
        )
    # Renamed operations keep their old method name as a deprecated alias, claimed after every
    # current name so an alias can never take a name a real operation needs.
    present = {op.operation_id for op in api.operations}
    for op in api.operations:
        for old, new in sorted(aliases.items()):
            if new == op.operation_id and old not in present:
                scope = methods[op.tags[0]]
                method = scope.identifier(snake_case(old))
                names.operations[id(op)].aliases.append((old, method))


def _name_operation(op: Operation, method: Identifier, constants: Scope) -> OperationNames:
    scope = Scope(ARG_RESERVED)
    result = OperationNames(method=method, args=[], constant=constants.constant(method.upper()))
    content_type_param = None
    if op.body is not None:
        result.body_arg = scope.identifier("body")
        if len(op.body.media) > 1 or any(
            p.location == "header" and p.wire.lower() == "content-type" for p in op.parameters
        ):
            result.content_type_arg = scope.identifier("content_type")
            content_type_param = "content-type"
    for param in op.parameters:
        if (
            content_type_param
            and param.location == "header"
            and param.wire.lower() == content_type_param
        ):
            result.args.append(result.content_type_arg)
            continue
        result.args.append(scope.identifier(snake_case(param.wire)))
    return result
