"""The IR dataclasses. Everything is frozen and ordered as in the spec, for deterministic output.

Schemas carry a `hint`: the spec-derived path of names that the naming stage turns into a
Python class name (`("SoraCamDevice", "powerState")` for an inline enum). `raw` keeps the original
Schema Object for the validator compiler and the diff engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, eq=False)
class Schema:
    """Base of schema kinds. `pointer` is the JSON pointer where the schema is defined."""

    pointer: str
    nullable: bool = False
    description: str = ""
    raw: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, eq=False)
class RefSchema(Schema):
    """A reference to a named component schema."""

    target: str = ""


@dataclass(frozen=True, eq=False)
class AnySchema(Schema):
    """No type constraint the Python surface can express: free JSON."""


@dataclass(frozen=True, eq=False)
class PrimitiveSchema(Schema):
    type: str = "string"  # string | integer | number | boolean
    format: str = ""


@dataclass(frozen=True, eq=False)
class EnumSchema(Schema):
    """An enum of scalar values; `hint` names the Python enum class."""

    type: str = "string"
    values: tuple[Any, ...] = ()
    hint: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ArraySchema(Schema):
    items: Schema | None = None


@dataclass(frozen=True, eq=False)
class MapSchema(Schema):
    """An object with no declared properties and typed additionalProperties."""

    values: Schema | None = None


@dataclass(frozen=True)
class Property:
    wire: str
    schema: Schema
    required: bool = False
    description: str = ""
    read_only: bool = False
    write_only: bool = False


@dataclass(frozen=True, eq=False)
class ObjectSchema(Schema):
    """An object with declared properties: a model class."""

    properties: tuple[Property, ...] = ()
    additional: bool | Schema = True
    hint: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True, eq=False)
class UnionSchema(Schema):
    """oneOf / anyOf of several schemas."""

    variants: tuple[Schema, ...] = ()


@dataclass(frozen=True)
class Parameter:
    wire: str
    location: str  # path | query | header | cookie
    schema: Schema
    required: bool = False
    description: str = ""
    deprecated: bool = False
    style: str = ""
    explode: bool = True
    default: Any = None
    has_default: bool = False
    allow_reserved: bool = False
    content_type: str = ""  # the media type of a `content`-defined parameter


@dataclass(frozen=True)
class Encoding:
    """An Encoding Object; `headers` keeps the fixed values (a header schema's single enum
    value or default), the only ones a client can send without being told."""

    content_type: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    style: str = ""
    explode: bool | None = None
    allow_reserved: bool = False


@dataclass(frozen=True)
class Media:
    content_type: str
    schema: Schema | None
    example: Any = None
    has_example: bool = False
    encoding: tuple[tuple[str, Encoding], ...] = ()  # property name -> Encoding, spec order


@dataclass(frozen=True)
class Body:
    media: tuple[Media, ...]
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    description: str = ""
    media: tuple[Media, ...] = ()
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str
    operation_id: str  # from the spec, or derived from method + path when absent
    has_operation_id: bool
    tags: tuple[str, ...]
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    security: tuple[str, ...]
    deprecated: bool = False
    pointer: str = ""
    pagination: Pagination | None = None


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination: the response header carrying the next key, fed back as `param`.

    From the spec's `x-soracom-cli-pagination` extension (`request.param`, `response.header`,
    as soracom-cli's generator reads it) or from a pin's `[pagination]` table.
    """

    param: str  # wire name of the query parameter
    header: str  # response header, lower case


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    type: str  # apiKey | http | oauth2 | openIdConnect
    location: str = ""  # header | query | cookie for apiKey
    param_name: str = ""
    scheme: str = ""  # bearer | basic for http
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str
    description: str = ""


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    servers: tuple[Server, ...]
    operations: tuple[Operation, ...]
    schemas: dict[str, Schema]  # named component schemas, spec order
    inline_models: tuple[Schema, ...]  # inline objects and enums that become classes
    security_schemes: tuple[SecurityScheme, ...]
    tags: tuple[str, ...]
