"""Python type annotations and codec expressions for IR schemas.

Both are strings of Python code built only from identifiers decided by the naming stage and
fixed vocabulary (`list[...]`, `codecs.model(...)`), never from raw spec strings.

oneOf/anyOf schemas whose branches need decoding (a model, an enum, a list of them...) get one
named union codec each (`UnionCodec`): module-level `_U1`, `_U2`... in `models.py`, built from
the discriminator (explicit mapping, then implicit mapping by component name) and one compiled
validator per branch (`validate_u1_0`...), registered with the validator compiler by
`register_union_checks`. Annotations of unions are the union of the branch annotations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.ir.model import (
    AnySchema,
    Api,
    ArraySchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    PrimitiveSchema,
    RefSchema,
    Schema,
    UnionSchema,
)
from generator.naming import Names

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
PLAIN = "codecs.PLAIN"
FILE_INPUT = "FileInput"
"""The annotation of `type: string, format: binary` (runtime/types.py), prefix-free."""


@dataclass(frozen=True)
class UnionCodec:
    """One oneOf/anyOf that needs decoding: its constant, discriminator and branches.

    `tags` maps discriminator values to branch indexes; `branches` holds (validator name,
    codec expression) per branch; `first` is True for anyOf (the first accepting branch wins;
    oneOf needs exactly one).
    """

    name: str
    prop: str | None
    tags: tuple[tuple[str, int], ...]
    branches: tuple[tuple[str, str], ...]
    first: bool
    schema: UnionSchema


def _children(schema: Schema) -> list[Schema]:
    if isinstance(schema, ArraySchema):
        return [schema.items] if schema.items else []
    if isinstance(schema, MapSchema):
        return [schema.values] if schema.values else []
    if isinstance(schema, ObjectSchema):
        extra = [schema.additional] if isinstance(schema.additional, Schema) else []
        return [p.schema for p in schema.properties] + extra
    if isinstance(schema, UnionSchema):
        return list(schema.variants)
    return []


def all_unions(api: Api) -> list[UnionSchema]:
    """Every oneOf/anyOf of the API (components, inline models, operations), inner ones first,
    in spec order: the order their codecs are defined in."""
    out: list[UnionSchema] = []
    seen: set[int] = set()

    def visit(root: Schema | None) -> None:
        # Post-order without recursion: chains of refs across thousands of schemas (multi-file
        # documents) are deeper than Python's recursion limit.
        stack: list[tuple[Schema | None, bool]] = [(root, False)]
        while stack:
            schema, children_done = stack.pop()
            if schema is None:
                continue
            if children_done:
                if isinstance(schema, UnionSchema):
                    out.append(schema)
                continue
            if id(schema) in seen:
                continue
            seen.add(id(schema))
            if isinstance(schema, RefSchema):  # a union component is defined before its users
                stack.append((api.schemas.get(schema.target), False))
                continue
            stack.append((schema, True))
            stack.extend((child, False) for child in reversed(_children(schema)))

    for schema in [*api.schemas.values(), *api.inline_models]:
        visit(schema)
    for op in api.operations:
        for param in op.parameters:
            visit(param.schema)
        for media in [
            *(op.body.media if op.body else ()),
            *(m for r in op.responses for m in r.media),
        ]:
            visit(media.schema)
    return out


_Q = "\x00"
"""Stands for the namespace prefix inside stored annotations and codecs: `""` in the models
modules, `models.` in the operations and resources (a NUL never occurs in an identifier)."""

Kind = Literal["model", "enum", "union", "list", "map", "primitive", "any"]


@dataclass(frozen=True)
class PyType:
    """The Python type of one schema, decided once (see `TypeTable`).

    `annotation` and `codec` are written for the models modules (model names bare); `qualified`
    gives them as the operations and resources see them (`models.Name`). `kind` is what the
    schema is after following aliases (`resolved`): a model class, an enum class, a
    oneOf/anyOf, a list, a map, a primitive (a file too) or anything. `nullable`: the value may
    be null (the annotation ends in `| None`, or a branch of a union accepts null). `is_model`:
    values are generated model instances (for a union: one of its branches is).
    """

    kind: Kind
    nullable: bool
    is_model: bool
    resolved: Schema
    template: str = field(repr=False)
    codec_template: str = field(repr=False)

    @property
    def annotation(self) -> str:
        return self.template.replace(_Q, "")

    @property
    def codec(self) -> str:
        return self.codec_template.replace(_Q, "")

    def qualified(self, prefix: str = "models.") -> tuple[str, str]:
        """(annotation, codec) with model, enum and union-codec names prefixed by `prefix`."""
        return self.template.replace(_Q, prefix), self.codec_template.replace(_Q, prefix)


_UNKNOWN = PyType("any", False, False, AnySchema(pointer=""), "Any", PLAIN)


class TypeTable:
    """Each schema's Python type, decided once per API before planning; plan and the
    templates only read it.

    Built by one walk over every schema of the API (components, inline models, parameters,
    bodies, responses, and everything inside them), children before parents, so each entry is
    computed from its children's entries and never again. The union codecs (`_U1`...) are
    numbered first, in `all_unions` order. A cycle that does not pass through a class (a union
    or alias that contains itself) is typed `Any` where it closes, decoded by its union codec.
    `TypeTable.of(api, names)` keeps the table of the last API asked for, so the generated
    client's plan, the dynamic client's blueprint and the operations planner share one.
    """

    def __init__(self, api: Api, names: Names) -> None:
        self.api = api
        self.names = names
        self._entries: dict[int, tuple[Schema, PyType]] = {}  # id -> (the schema, its type)
        self._busy: set[int] = set()
        self._hits: set[int] = set()  # unfinished schemas the current decision ran into
        self._unions: dict[int, UnionCodec] = {}
        self._file_binaries, self._text_binaries = _binary_contexts(api)
        for union in all_unions(api):
            templates = [self.entry(v).codec_template for v in union.variants]
            if all(c == PLAIN for c in templates):
                continue  # primitives only: values decode as they are
            number = len(self._unions) + 1
            prop, tags = _discriminator(union)
            raw = union.raw if isinstance(union.raw, dict) else {}
            self._unions[id(union)] = UnionCodec(
                name=f"_U{number}",
                prop=prop,
                tags=tags,
                branches=tuple((f"u{number}_{i}", c) for i, c in enumerate(templates)),
                first="oneOf" not in raw,
                schema=union,
            )
        self._entries.clear()  # typed before the union codecs had names
        for schema in _every_schema(api):
            self.entry(schema)

    def _binary(self, schema: Schema) -> str:
        """`format: binary`: a file (`FileInput`) where a multipart or binary body carries it,
        a `str` where JSON, text or a parameter does (JSON has no bytes: a response decodes to
        `str`), both where both do; an unused one stays a file."""
        file, text = id(schema) in self._file_binaries, id(schema) in self._text_binaries
        if text:
            return f"{FILE_INPUT} | str" if file else "str"
        return FILE_INPUT

    _last: tuple[Api, Names, TypeTable] | None = None

    @classmethod
    def of(cls, api: Api, names: Names) -> TypeTable:
        """The table of `api` named by `names`: built on first use, then reused."""
        last = cls._last
        if last is not None and last[0] is api and last[1] is names:
            return last[2]
        table = cls(api, names)
        TypeTable._last = (api, names, table)
        return table

    def unions(self, prefix: str = "") -> list[UnionCodec]:
        """The union codecs, in definition order (inner unions first), codecs prefixed."""
        return [
            replace(u, branches=tuple((c, t.replace(_Q, prefix)) for c, t in u.branches))
            for u in self._unions.values()
        ]

    def entry(self, schema: Schema) -> PyType:
        """The Python type of `schema` (any schema of the API, or one built from them)."""
        found = self._entries.get(id(schema))
        if found is not None and found[0] is schema:
            return found[1]
        if id(schema) in self._busy:  # a cycle closes here: typed Any, decoded by its codec
            self._hits.add(id(schema))
            union = self._unions.get(id(schema))
            return replace(_UNKNOWN, codec_template=_Q + union.name if union else PLAIN)
        self._busy.add(id(schema))
        outer, self._hits = self._hits, set()
        try:
            made = self._decide(schema)
        finally:
            self._busy.discard(id(schema))
        hits = self._hits - {id(schema)}
        self._hits = outer | hits
        if not hits:  # not provisional: no cycle through an unfinished schema was cut short
            self._entries[id(schema)] = (schema, made)
        return made

    def resolve(self, schema: Schema) -> Schema:
        """Follow refs to non-class components (aliases); class components stay refs."""
        depth = 0
        while isinstance(schema, RefSchema) and depth < 32:
            target = self.api.schemas.get(schema.target)
            if target is None or isinstance(target, (ObjectSchema, EnumSchema)):
                return schema
            schema = target
            depth += 1
        return schema

    def _decide(self, schema: Schema) -> PyType:
        nullable = schema.nullable
        resolved = self.resolve(schema)
        if resolved is not schema:
            if isinstance(resolved, RefSchema):
                target = self.api.schemas.get(resolved.target)
                if target is not None and not isinstance(target, (ObjectSchema, EnumSchema)):
                    return _UNKNOWN  # refs that lead back to themselves: no type to give
                inner = self._decide(resolved)
            else:
                inner = self.entry(resolved)
            if inner is _UNKNOWN:
                return _UNKNOWN
            return self._with_null(inner, nullable or inner.nullable, resolved)
        kind: Kind
        if isinstance(schema, RefSchema):  # a class component (or a missing target)
            target = self.api.schemas.get(schema.target)
            name = self.names.components.get(schema.target)
            if name is None or not isinstance(target, (ObjectSchema, EnumSchema)):
                # missing, or an even cycle of refs back to this one (validate: ref-cycle)
                return self._with_null(_UNKNOWN, False, schema)
            kind = "enum" if isinstance(target, EnumSchema) else "model"
            typed = PyType(
                kind, False, kind == "model", schema, _Q + name, f"codecs.{kind}({_Q}{name})"
            )
            return self._with_null(typed, nullable or target.nullable, schema)
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            name = self.names.class_of(schema)
            kind = "enum" if isinstance(schema, EnumSchema) else "model"
            typed = PyType(
                kind, False, kind == "model", schema, _Q + name, f"codecs.{kind}({_Q}{name})"
            )
        elif isinstance(schema, PrimitiveSchema):
            if schema.type == "string" and schema.format == "binary":
                text = self._binary(schema)
            else:
                text = _PRIMITIVES.get(schema.type, "Any")
            typed = PyType("primitive", False, False, schema, text, PLAIN)
        elif isinstance(schema, (ArraySchema, MapSchema)):
            child = schema.items if isinstance(schema, ArraySchema) else schema.values
            inner = self.entry(child) if child is not None else _UNKNOWN
            if isinstance(schema, ArraySchema):
                text, wrap, kind = f"list[{inner.template}]", "codecs.list_of", "list"
            else:
                text, wrap, kind = f"dict[str, {inner.template}]", "codecs.dict_of", "map"
            codec = PLAIN if inner.codec_template == PLAIN else f"{wrap}({inner.codec_template})"
            typed = PyType(kind, False, False, schema, text, codec)
        elif isinstance(schema, UnionSchema):
            typed = self._union(schema)
        else:
            typed = PyType("any", False, False, schema, "Any", PLAIN)
        return self._with_null(typed, nullable, schema)

    def _union(self, schema: UnionSchema) -> PyType:
        parts: list[str] = []
        branches = [self.entry(v) for v in schema.variants]
        for branch in branches:
            part = branch.template
            if part == "Any":
                parts = []
                break
            for piece in split_union(part):
                if piece not in parts:
                    parts.append(piece)
        if "None" in parts:  # a nullable branch: `| None` goes last, once
            parts = [p for p in parts if p != "None"] + ["None"]
        text = " | ".join(parts) if parts else "Any"
        union = self._unions.get(id(schema))
        codec = PLAIN if union is None else _Q + union.name
        is_model = any(b.is_model for b in branches)
        return PyType("union", "None" in parts, is_model, schema, text, codec)

    @staticmethod
    def _with_null(typed: PyType, nullable: bool, resolved: Schema) -> PyType:
        text = typed.template
        if nullable and text != "Any" and not text.endswith(" | None"):
            text += " | None"
        nullable = typed.nullable or nullable
        if nullable is typed.nullable and resolved is typed.resolved and text is typed.template:
            return typed
        return PyType(typed.kind, nullable, typed.is_model, resolved, text, typed.codec_template)


def _discriminator(union: UnionSchema) -> tuple[str | None, tuple[tuple[str, int], ...]]:
    """(propertyName, value -> branch index): the mapping first, then component names."""
    raw = union.raw if isinstance(union.raw, dict) else {}
    spec = raw.get("discriminator")
    if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
        return None, ()
    index = {v.target: i for i, v in enumerate(union.variants) if isinstance(v, RefSchema)}
    tags: dict[str, int] = {}
    mapping = spec.get("mapping")
    for value, target in mapping.items() if isinstance(mapping, dict) else ():
        if isinstance(value, str) and isinstance(target, str):
            name = target.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            if name in index:
                tags[value] = index[name]
    for name, i in index.items():
        tags.setdefault(name, i)
    return spec["propertyName"], tuple(tags.items())


def _binary_contexts(api: Api) -> tuple[set[int], set[int]]:
    """Ids of the `format: binary` strings reachable from multipart and binary request bodies
    (sent as files), and of those reachable from anything else (JSON and text bodies, responses,
    parameters: a string there), following refs."""

    def reach(roots: list[Schema | None]) -> set[int]:
        found: set[int] = set()
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            schema = stack.pop()
            if schema is None or id(schema) in seen:
                continue
            seen.add(id(schema))
            if isinstance(schema, RefSchema):
                stack.append(api.schemas.get(schema.target))
            elif isinstance(schema, PrimitiveSchema) and schema.format == "binary":
                found.add(id(schema))
            stack.extend(_children(schema))
        return found

    files: list[Schema | None] = []
    texts: list[Schema | None] = []
    for op in api.operations:
        texts += [param.schema for param in op.parameters]
        texts += [m.schema for r in op.responses for m in r.media]
        for media in op.body.media if op.body else ():
            base = media.content_type.split(";", 1)[0].strip().lower()
            textual = base.startswith("text/") or base == "application/x-www-form-urlencoded"
            textual = textual or base == "application/json" or base.endswith("+json")
            (texts if textual else files).append(media.schema)
    return reach(files), reach(texts)


def _every_schema(api: Api) -> list[Schema]:
    """Every schema node the API holds, children before parents (no recursion: ref chains
    across thousands of schemas are deeper than Python's recursion limit)."""
    roots: list[Schema | None] = [*api.schemas.values(), *api.inline_models]
    for op in api.operations:
        roots += [param.schema for param in op.parameters]
        roots += [m.schema for m in (op.body.media if op.body else ())]
        roots += [m.schema for r in op.responses for m in r.media]
    out: list[Schema] = []
    seen: set[int] = set()
    stack: list[tuple[Schema | None, bool]] = [(root, False) for root in reversed(roots)]
    while stack:
        schema, children_done = stack.pop()
        if schema is None:
            continue
        if children_done:
            out.append(schema)
            continue
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        stack.append((schema, True))
        stack.extend((child, False) for child in reversed(_children(schema)))
    return out


class TypeMapper:
    """A view of the API's `TypeTable` in one namespace: `prefix` qualifies model names (e.g.
    `models.`). Every answer is a lookup; nothing is decided here."""

    def __init__(self, api: Api, names: Names, prefix: str = "") -> None:
        self.api = api
        self.names = names
        self.prefix = prefix
        self.table = TypeTable.of(api, names)

    def unions(self) -> list[UnionCodec]:
        """The union codecs of the API, in definition order (inner unions first)."""
        return self.table.unions(self.prefix)

    def union_checks(self) -> dict[str, Any]:
        """Validator name -> raw branch schema, for every union codec's branches."""
        out: dict[str, Any] = {}
        for union in self.table.unions():
            for (check, _), variant in zip(union.branches, union.schema.variants, strict=True):
                out[check] = variant.raw if variant.raw is not None else {}
        return out

    def resolve(self, schema: Schema) -> Schema:
        """Follow refs to non-class components (aliases); class components stay refs."""
        return self.table.resolve(schema)

    def annotation(self, schema: Schema | None) -> str:
        if schema is None:
            return "Any"
        return self.table.entry(schema).qualified(self.prefix)[0]

    def codec(self, schema: Schema | None) -> str:
        if schema is None:
            return PLAIN
        return self.table.entry(schema).qualified(self.prefix)[1]

    def is_model(self, schema: Schema | None) -> bool:
        """True when values of this schema are generated model instances (for a oneOf/anyOf:
        when one of its branches is)."""
        return schema is not None and self.table.entry(schema).is_model


def split_union(annotation: str) -> list[str]:
    """Top-level members of `A | list[B | C] | None` -> [A, list[B | C], None].

    Shared with the drift report (`diff.impact`), which compares annotations member by member.
    """
    parts, depth, start = [], 0, 0
    for i, char in enumerate(annotation):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(annotation[start:i].strip())
            start = i + 1
    parts.append(annotation[start:].strip())
    return [p for p in parts if p]
