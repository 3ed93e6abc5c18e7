"""Stage 4, the intermediate representation: frozen dataclasses describing the API.

No I/O, no Jinja, no Python naming here: wire names and spec strings only. Named schemas refer
to each other through `RefSchema`, so recursive schemas stay recursive.
"""

from generator.ir.build import build_api
from generator.ir.model import (
    AnySchema,
    Api,
    ArraySchema,
    Body,
    EnumSchema,
    MapSchema,
    Media,
    ObjectSchema,
    Operation,
    Parameter,
    PrimitiveSchema,
    Property,
    RefSchema,
    Response,
    Schema,
    SecurityScheme,
    Server,
    UnionSchema,
)

__all__ = [
    "AnySchema",
    "Api",
    "ArraySchema",
    "Body",
    "EnumSchema",
    "MapSchema",
    "Media",
    "ObjectSchema",
    "Operation",
    "Parameter",
    "PrimitiveSchema",
    "Property",
    "RefSchema",
    "Response",
    "Schema",
    "SecurityScheme",
    "Server",
    "UnionSchema",
    "build_api",
]
