"""Python type annotations and codec expressions for IR schemas.

Both are strings of Python code built only from identifiers decided by the naming stage and
fixed vocabulary (`list[...]`, `codecs.model(...)`), never from raw spec strings.
"""

from __future__ import annotations

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


class TypeMapper:
    """Annotations and codecs for one API; `prefix` qualifies model names (e.g. `models.`)."""

    def __init__(self, api: Api, names: Names, prefix: str = "") -> None:
        self.api = api
        self.names = names
        self.prefix = prefix

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
                resolved = self.resolve(variant)
                if not isinstance(resolved, PrimitiveSchema):
                    return "Any"  # unions of objects are kept as received JSON
                part = self._annotation(variant, depth + 1)
                if part not in parts:
                    parts.append(part)
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
        return PLAIN

    def is_model(self, schema: Schema | None) -> bool:
        """True when values of this schema are generated model instances."""
        if schema is None:
            return False
        schema = self.resolve(schema)
        if isinstance(schema, RefSchema):
            return isinstance(self.api.schemas.get(schema.target), ObjectSchema)
        return isinstance(schema, ObjectSchema)
