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

from dataclasses import dataclass
from typing import Any

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


class TypeMapper:
    """Annotations and codecs for one API; `prefix` qualifies model names (e.g. `models.`)."""

    def __init__(self, api: Api, names: Names, prefix: str = "") -> None:
        self.api = api
        self.names = names
        self.prefix = prefix
        self._unions: dict[int, UnionCodec] | None = None

    # --- unions ---------------------------------------------------------------------------

    def unions(self) -> list[UnionCodec]:
        """The union codecs of the API, in definition order (inner unions first)."""
        return list(self._union_table().values())

    def _union_table(self) -> dict[int, UnionCodec]:
        if self._unions is None:
            self._unions = {}
            for union in all_unions(self.api):
                codecs = [self.codec(v) for v in union.variants]
                if all(c == PLAIN for c in codecs):
                    continue  # primitives only: values decode as they are
                name = f"_U{len(self._unions) + 1}"
                check = f"u{len(self._unions) + 1}"
                prop, tags = self._discriminator(union)
                raw = union.raw if isinstance(union.raw, dict) else {}
                self._unions[id(union)] = UnionCodec(
                    name=name,
                    prop=prop,
                    tags=tags,
                    branches=tuple((f"{check}_{i}", c) for i, c in enumerate(codecs)),
                    first="oneOf" not in raw,
                    schema=union,
                )
        return self._unions

    def _discriminator(self, union: UnionSchema) -> tuple[str | None, tuple[tuple[str, int], ...]]:
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

    def union_checks(self) -> dict[str, Any]:
        """Validator name -> raw branch schema, for every union codec's branches."""
        out: dict[str, Any] = {}
        for union in self.unions():
            for (check, _), variant in zip(union.branches, union.schema.variants, strict=True):
                out[check] = variant.raw if variant.raw is not None else {}
        return out

    def resolve(self, schema: Schema, depth: int = 0) -> Schema:
        """Follow refs to non-class components (aliases); class components stay refs."""
        while isinstance(schema, RefSchema) and depth < 32:
            target = self.api.schemas.get(schema.target)
            if target is None or isinstance(target, (ObjectSchema, EnumSchema)):
                return schema
            schema = target
            depth += 1
        return schema

    def annotation(self, schema: Schema | None) -> str:
        if schema is None:
            return "Any"
        return self._annotation(schema, 0)

    def _annotation(self, schema: Schema, depth: int) -> str:
        if depth > 32:
            return "Any"
        nullable = schema.nullable
        schema = self.resolve(schema)
        nullable = nullable or schema.nullable
        if isinstance(schema, RefSchema):  # a class component that itself accepts null
            target = self.api.schemas.get(schema.target)
            nullable = nullable or (target is not None and target.nullable)
        text = self._bare(schema, depth)
        if nullable and text != "Any":
            text += " | None"
        return text

    def _bare(self, schema: Schema, depth: int) -> str:
        if isinstance(schema, RefSchema):
            if schema.target not in self.names.components:
                return "Any"
            return self.prefix + self.names.components[schema.target]
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            return self.prefix + self.names.class_of(schema)
        if isinstance(schema, PrimitiveSchema):
            if schema.type == "string" and schema.format == "binary":
                return FILE_INPUT  # a file: bytes, a binary file or (filename, content, type)
            return _PRIMITIVES.get(schema.type, "Any")
        if isinstance(schema, ArraySchema):
            inner = self._annotation(schema.items, depth + 1) if schema.items else "Any"
            return f"list[{inner}]"
        if isinstance(schema, MapSchema):
            inner = self._annotation(schema.values, depth + 1) if schema.values else "Any"
            return f"dict[str, {inner}]"
        if isinstance(schema, UnionSchema):
            parts: list[str] = []
            for variant in schema.variants:
                part = self._annotation(variant, depth + 1)
                if part == "Any":
                    return "Any"
                for piece in split_union(part):
                    if piece not in parts:
                        parts.append(piece)
            if "None" in parts:  # a nullable branch: `| None` goes last, once
                parts = [p for p in parts if p != "None"] + ["None"]
            return " | ".join(parts) if parts else "Any"
        assert isinstance(schema, AnySchema)
        return "Any"

    def codec(self, schema: Schema | None, depth: int = 0) -> str:
        if schema is None or depth > 32:
            return PLAIN
        schema = self.resolve(schema)
        if isinstance(schema, RefSchema):
            target = self.api.schemas.get(schema.target)
            name = self.names.components.get(schema.target)
            if name is None or target is None:
                return PLAIN
            kind = "enum" if isinstance(target, EnumSchema) else "model"
            return f"codecs.{kind}({self.prefix}{name})"
        if isinstance(schema, ObjectSchema):
            return f"codecs.model({self.prefix}{self.names.class_of(schema)})"
        if isinstance(schema, EnumSchema):
            return f"codecs.enum({self.prefix}{self.names.class_of(schema)})"
        if isinstance(schema, ArraySchema):
            inner = self.codec(schema.items, depth + 1)
            return PLAIN if inner == PLAIN else f"codecs.list_of({inner})"
        if isinstance(schema, MapSchema):
            inner = self.codec(schema.values, depth + 1)
            return PLAIN if inner == PLAIN else f"codecs.dict_of({inner})"
        if isinstance(schema, UnionSchema) and self._unions is not None:
            union = self._unions.get(id(schema))
            return PLAIN if union is None else self.prefix + union.name
        if isinstance(schema, UnionSchema):
            self._union_table()
            return self.codec(schema, depth)
        return PLAIN

    def is_model(self, schema: Schema | None, depth: int = 0) -> bool:
        """True when values of this schema are generated model instances (for a oneOf/anyOf:
        when one of its branches is)."""
        if schema is None or depth > 32:
            return False
        schema = self.resolve(schema)
        if isinstance(schema, UnionSchema):
            return any(self.is_model(v, depth + 1) for v in schema.variants)
        if isinstance(schema, RefSchema):
            return isinstance(self.api.schemas.get(schema.target), ObjectSchema)
        return isinstance(schema, ObjectSchema)


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
