"""The document as rules read it: operations, parameters, schemas and refs, indexed once.

Each index is computed on first use and shared by all rules, so that the 952 KB platform spec is
checked in a few tens of milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.diagnostics import PointerPath, pointer_of
from generator.load import LoadedSpec
from generator.resolve import RefProblem, RefResolver

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
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
_PATHS: PointerPath = (None, "paths")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    at: PointerPath
    data: dict[str, Any]
    path_item: dict[str, Any]
    path_item_at: PointerPath

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def pointer(self) -> str:
        return pointer_of(self.at)


@dataclass(frozen=True)
class Param:
    at: PointerPath
    data: dict[str, Any]  # the resolved parameter object

    @property
    def pointer(self) -> str:
        return pointer_of(self.at)

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
            item_at = (_PATHS, path)
            item = self.deref(item)
            if not isinstance(item, dict) or path.startswith("x-"):
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    ops.append(Operation(path, method, (item_at, method), op, item, item_at))
        return ops

    def params(self, owner: dict[str, Any], at: PointerPath) -> list[Param]:
        found = []
        params = owner.get("parameters")
        list_at = (at, "parameters")
        for i, raw in enumerate(params if isinstance(params, list) else ()):
            param = self.deref(raw)
            if isinstance(param, dict):
                found.append(Param((list_at, i), param))
        return found

    def effective_params(self, op: Operation) -> list[Param]:
        """Path-level parameters overridden by operation-level ones with the same name+in."""
        merged = {p.key: p for p in self.params(op.path_item, op.path_item_at)}
        merged.update({p.key: p for p in self.params(op.data, op.at)})
        return list(merged.values())

    @cached_property
    def all_params(self) -> list[Param]:
        """Every parameter object written in the document (refs not followed, so each once)."""
        found = []
        for at, owner in self.param_owners():
            params = owner.get("parameters")
            list_at = (at, "parameters")
            for i, raw in enumerate(params if isinstance(params, list) else ()):
                if isinstance(raw, dict) and "$ref" not in raw:
                    found.append(Param((list_at, i), raw))
        comps = get(self.data, "components", "parameters")
        comps_at: PointerPath = ((None, "components"), "parameters")
        for name, raw in comps.items() if isinstance(comps, dict) else ():
            if isinstance(raw, dict) and "$ref" not in raw:
                found.append(Param((comps_at, name), raw))
        return found

    def param_owners(self) -> Iterator[tuple[PointerPath, dict[str, Any]]]:
        """(path, object) of every path item and operation, which may list parameters."""
        paths = self.data.get("paths")
        for path, item in paths.items() if isinstance(paths, dict) else ():
            if isinstance(item, dict):
                at = (_PATHS, path)
                yield at, item
                for method in METHODS:
                    if isinstance(item.get(method), dict):
                        yield (at, method), item[method]

    @cached_property
    def object_paths(self) -> list[tuple[PointerPath, str, dict[str, Any]]]:
        """(path, parent key, object) for every mapping outside data values and extensions,
        in no particular order; `pointer_of(path)` writes a path out (only for a finding)."""
        found: list[tuple[PointerPath, str, dict[str, Any]]] = []
        stack: list[tuple[Any, PointerPath, str, str]] = [(self.data, None, "", "")]
        pop, push, add = stack.pop, stack.append, found.append
        while stack:
            node, path, key, parent_key = pop()
            if node.__class__ is dict or isinstance(node, dict):
                add((path, key, node))
                named = key in _NAMED_MAPS
                for k, v in node.items():
                    if isinstance(v, (dict, list)) and (named or not _is_data(k, key, parent_key)):
                        push((v, (path, k), k, key))
            else:  # a list
                for i, v in enumerate(node):
                    if isinstance(v, (dict, list)):
                        push((v, (path, i), "[]", key))
        return found

    @cached_property
    def objects(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(pointer, parent key, object) for every mapping outside data values and extensions,
        sorted by pointer."""
        found = [(pointer_of(path), key, node) for path, key, node in self.object_paths]
        found.sort(key=lambda t: t[0])
        return found

    @cached_property
    def ref_problems(self) -> list[tuple[str, str, str]]:
        """(code, pointer of the `$ref` value, message) for every reference object whose
        `$ref` cannot be followed (not a string, or `RefResolver` refuses it).

        One pass serves the three ref rules; each distinct `$ref` is resolved once.
        """
        found: list[tuple[str, str, str]] = []
        verdicts: dict[str, RefProblem | None] = {}
        resolver = self.resolver
        for path, key, obj in self.object_paths:
            if "$ref" not in obj or key in _NAMED_MAPS:  # not a property named "$ref"
                continue
            ref = obj["$ref"]
            if not isinstance(ref, str):
                message = f"$ref must be a string, not {type(ref).__name__} ({ref!r})"
                found.append(("unresolved-ref", pointer_of(path, "$ref"), message))
                continue
            if ref not in verdicts:
                try:
                    resolver.value(ref, resolver.root_key)
                    verdicts[ref] = None
                except RefProblem as refused:
                    verdicts[ref] = refused
            verdict = verdicts[ref]
            if verdict is not None:
                message = (
                    verdict.message
                    if verdict.message.startswith("$ref")
                    else f"$ref '{ref}': {verdict.message}"
                )
                found.append((verdict.code, pointer_of(path, "$ref"), message))
        return found

    @cached_property
    def schema_paths(self) -> list[tuple[PointerPath, dict[str, Any]]]:
        """(path, schema) for every schema written in the document, nested ones included, in
        no particular order; `pointer_of(path)` writes a path out (only for a finding)."""
        roots: list[tuple[PointerPath, Any]] = []
        comps = get(self.data, "components", "schemas")
        base: PointerPath = ((None, "components"), "schemas")
        for name, schema in comps.items() if isinstance(comps, dict) else ():
            roots.append(((base, name), schema))
        for path, key, obj in self.object_paths:
            if key != "properties":
                schema = obj.get("schema")
                if schema.__class__ is dict or isinstance(schema, dict):
                    roots.append(((path, "schema"), schema))
        # Paths are distinct exactly when their pointers are (tokens are escaped one to one):
        # a path (one tuple per node, compared by value) stands for its pointer.
        seen: dict[PointerPath, dict[str, Any]] = {}
        pop, push = roots.pop, roots.append
        while roots:
            path, schema = pop()
            if not isinstance(schema, dict) or "$ref" in schema or path in seen:
                continue
            seen[path] = schema
            for k in _SCHEMA_CHILDREN:
                sub = schema.get(k)
                if sub.__class__ is dict or isinstance(sub, dict):
                    push(((path, k), sub))
            for k in _SCHEMA_LISTS:
                subs = schema.get(k)
                if isinstance(subs, list):
                    here = (path, k)
                    for i, sub in enumerate(subs):
                        push(((here, i), sub))
            props = schema.get("properties")
            if isinstance(props, dict):
                here = (path, "properties")
                for name, sub in props.items():
                    push(((here, name), sub))
        return list(seen.items())

    @cached_property
    def schemas(self) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, schema) for every schema written in the document, nested ones included,
        sorted by pointer."""
        return sorted((pointer_of(path), schema) for path, schema in self.schema_paths)

    @cached_property
    def media_and_params(self) -> list[tuple[str, dict[str, Any]]]:
        """Objects that may carry `schema` + `example`/`examples`: media types, parameters,
        headers."""
        return [
            (pointer_of(p), o)
            for p, _, o in self.object_paths
            if isinstance(o.get("schema"), dict) and ("example" in o or "examples" in o)
        ]


def get(data: Any, *keys: str) -> Any:
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
