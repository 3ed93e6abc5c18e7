"""OpenAPI 3.1 read as the OpenAPI 3.0 shapes the later stages know, plus 2020-12 keywords.

OAS 3.1 (section 4.8.24) makes the Schema Object the JSON Schema draft 2020-12 dialect. Most of
its differences from 3.0 are spellings of things 3.0 already has, so `normalize_schema` rewrites
one schema node into the 3.0 spelling with the same meaning (JSON Schema 2020-12, sections 6-10):

- `type: [T, "null"]` -> `type: T, nullable: true`; `type: "null"` -> `enum: [null]`; several
  types -> `anyOf` of one branch per type (type-specific keywords only constrain their own type,
  so the other keywords stay on the node);
- `const: V` -> `enum: [V]`; `examples: [...]` -> `example` (the first) for documentation;
- numeric `exclusiveMinimum: N` -> `minimum: N, exclusiveMinimum: true` (the tighter bound of
  the two when `minimum` is also given), the same for maximum;
- `$ref` with sibling keywords that validate -> `allOf: [{$ref}]` plus the siblings (3.1 applies
  both; 3.0 ignores siblings, and `allOf: [X]` is how specgen reads "X plus constraints"); a `$ref`
  with only annotations beside it (description, title...) stays a `$ref`, as in 3.0;
- boolean schemas -> `{}` (true) and `{not: {}}` (false);
- `items` after `prefixItems`, and `additionalProperties` next to `patternProperties`, move to
  private `x-specgen-*` keys, because their 2020-12 meaning (the items after the prefix, the
  names no pattern matches) differs from 3.0's; the validator compiler's 2020-12 layer
  (`generator.schema_compiler.keywords31`) checks them and the other 2020-12 keywords.

`normalize_schema` is shallow and idempotent; `downgrade` applies it to every schema of a
document (components, parameters, media types, headers, webhooks, nested subschemas) and returns
a new document (the input is not changed). `webhooks` lists a 3.1 document's webhooks for
reporting: a client sends requests, and webhooks are requests the API sends, so none becomes a
method.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ADDITIONAL_AFTER_PATTERNS",
    "REST_ITEMS",
    "downgrade",
    "is_31",
    "normalize_schema",
    "schema_roots",
    "webhooks",
]

REST_ITEMS = "x-specgen-rest-items"
"""Where `items` goes when `prefixItems` is present: it then constrains only the later items."""

ADDITIONAL_AFTER_PATTERNS = "x-specgen-additional-properties"
"""Where `additionalProperties` goes next to `patternProperties` (names no pattern matches)."""

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    REST_ITEMS,
    ADDITIONAL_AFTER_PATTERNS,
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_DATA_KEYS = frozenset({"example", "examples"})
"""Document keys whose values are data (Example Objects hold no schemas); `default` is not
one: at document level it names a response."""
_ANNOTATIONS = frozenset(
    {"$ref", "description", "summary", "title", "$comment", "deprecated", "example", "examples"}
)
"""Keywords beside a `$ref` that change no validation: the node stays a plain `$ref`, read as 3.0
reads it (so the same API in 3.0 and 3.1 compiles, generates and diffs the same)."""
_TYPES = ("string", "integer", "number", "boolean", "object", "array")


def is_31(document: Mapping[str, Any]) -> bool:
    """Whether `document` says it is OpenAPI 3.1.x."""
    version = document.get("openapi")
    return isinstance(version, str) and version.startswith("3.1")


def webhooks(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(webhook name, method) of every operation under `webhooks`, in document order."""
    hooks = document.get("webhooks")
    found: list[tuple[str, str]] = []
    for name, item in hooks.items() if isinstance(hooks, Mapping) else ():
        methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
        for method in methods:
            if isinstance(item, Mapping) and isinstance(item.get(method), Mapping):
                found.append((str(name), method))
        if isinstance(item, Mapping) and "$ref" in item:
            found.append((str(name), "$ref"))
    return found


def schema_roots(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(JSON pointer, schema) of every outermost Schema Object written in a document:
    `components.schemas` entries and every `schema` field (parameters, headers, media types),
    webhooks and callbacks included; subschemas are inside these."""
    from generator.diagnostics import join_pointer

    found: list[tuple[str, Any]] = []
    stack: list[tuple[Any, str, str]] = [(document, "", "")]
    while stack:
        node, pointer, key = stack.pop()
        if isinstance(node, list):
            stack.extend((v, join_pointer(pointer, i), key) for i, v in enumerate(node))
            continue
        if not isinstance(node, Mapping):
            continue
        for k, v in node.items():
            here = join_pointer(pointer, k)
            if k in _DATA_KEYS or str(k).startswith("x-"):
                continue
            if k == "schema":
                found.append((here, v))
            elif k == "schemas" and key == "components" and isinstance(v, Mapping):
                found.extend((join_pointer(here, name), sub) for name, sub in v.items())
            else:
                stack.append((v, here, k))
    return sorted(found, key=lambda item: item[0])


def normalize_schema(schema: Any) -> Any:
    """One 2020-12 schema node in the OpenAPI 3.0 spelling (see the module docstring).

    Subschemas are left as they are (the caller visits them); a node already normalized comes
    back equal. Non-schema values come back unchanged.
    """
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    if not isinstance(schema, Mapping):
        return schema
    node = dict(schema)
    if "$ref" in node and not node.keys() <= _ANNOTATIONS:
        ref = node.pop("$ref")
        node["allOf"] = [{"$ref": ref}, *_list(node.get("allOf"))]
    extra: list[Any] = []
    if "type" in node and not isinstance(node["type"], str) or node.get("type") == "null":
        _types(node, extra)
    if "const" in node:
        const = node.pop("const")
        if "enum" in node:
            extra.append({"enum": [const]})
        else:
            node["enum"] = [const]
    examples = node.get("examples")
    if "example" not in node and isinstance(examples, list) and examples:
        node["example"] = examples[0]
    for key, bound, compare in (
        ("exclusiveMinimum", "minimum", max),
        ("exclusiveMaximum", "maximum", min),
    ):
        _exclusive(node, key, bound, compare)
    if isinstance(node.get("items"), bool):  # the 3.0 compiler reads `items` as an object
        node["items"] = {} if node["items"] else {"not": {}}
    if "prefixItems" in node and "items" in node:
        node[REST_ITEMS] = node.pop("items")
    if "patternProperties" in node and "additionalProperties" in node:
        node[ADDITIONAL_AFTER_PATTERNS] = node.pop("additionalProperties")
    if extra:
        node["allOf"] = [*_list(node.get("allOf")), *extra]
    return node


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _types(node: dict[str, Any], extra: list[Any]) -> None:
    raw = node["type"]
    listed = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(t, str) for t in listed):
        return  # malformed: left for the structural check to report
    kinds = list(dict.fromkeys(t for t in listed if t != "null"))
    nullable = "null" in listed
    if any(kind not in _TYPES for kind in kinds):
        return
    del node["type"]
    if not kinds:
        if "enum" in node:
            extra.append({"enum": [None]})
        else:
            node["enum"] = [None]
        node["nullable"] = True
        return
    if nullable:
        node["nullable"] = True
    if len(kinds) == 1:
        node["type"] = kinds[0]
        return
    branches = [{"type": kind, **({"nullable": True} if nullable else {})} for kind in kinds]
    if "anyOf" in node:
        extra.append({"anyOf": branches})
    else:
        node["anyOf"] = branches


def _exclusive(node: dict[str, Any], key: str, bound: str, tighter: Any) -> None:
    value = node.get(key)
    if type(value) not in (int, float):
        return  # absent, or the 3.0 boolean form
    del node[key]
    other = node.get(bound)
    if type(other) in (int, float) and tighter(other, value) == other and other != value:
        return  # the inclusive bound is the tighter one: it alone decides
    node[bound] = value
    node[key] = True


def downgrade(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a 3.1 document with every schema normalized (see `normalize_schema`)."""
    return _document(document, "")  # type: ignore[no-any-return]


def _document(node: Any, key: str) -> Any:
    if isinstance(node, list):
        return [_document(item, key) for item in node]
    if not isinstance(node, Mapping):
        return node
    result: dict[str, Any] = {}
    for k, v in node.items():
        if k in _DATA_KEYS or k.startswith("x-"):
            result[k] = v
        elif k == "schema" or (k == "schemas" and key == "components"):
            result[k] = _schema(v) if k == "schema" else _schema_map(v)
        else:
            result[k] = _document(v, k)
    return result


def _schema_map(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    return {k: _schema(v) for k, v in value.items()}


def _schema(schema: Any) -> Any:
    node = normalize_schema(schema)
    if not isinstance(node, dict):
        return node
    for key in _SCHEMA_MAPS:
        if isinstance(node.get(key), Mapping):
            node[key] = _schema_map(node[key])
    for key in _SCHEMA_ONE:
        if key in node:
            node[key] = _schema(node[key])
    for key in _SCHEMA_LISTS:
        if isinstance(node.get(key), list):
            node[key] = [_schema(item) for item in node[key]]
    return node
