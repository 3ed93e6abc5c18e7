"""The typed contexts of operations and resources: what templates print, decided by the plan.

Frozen dataclasses (as openapi-python-client passes a typed `Endpoint`): identifiers come from
the naming stage (`Identifier`, `ClassName`, `ConstantName`), annotation and codec expressions
from `pytypes`, docstrings as finished literals from `generator.docs`; raw spec values (paths,
wire names, media types) are printed through the escaping filters. The dynamic client reads the
same objects (`dynamic.blueprint` turns them into plain data for its start-up cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.naming import ClassName, ConstantName, Identifier


@dataclass(frozen=True, slots=True)
class ArgumentContext:
    """One keyword-only argument of an operation method (a parameter, the body, its media type)."""

    name: Identifier
    annotation: str
    required: bool
    doc: str
    default: Any = None
    has_default: bool = False  # the spec gives a server default (documented, never sent)
    deprecated: bool = False

    @property
    def parameter(self) -> str:
        """The argument as the signature spells it (optional ones default to `NOT_GIVEN`)."""
        if self.required:
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation} | NotGiven = NOT_GIVEN"


@dataclass(frozen=True, slots=True)
class ParameterContext:
    """One row of the runtime's parameter table (`runtime.operation.Param`)."""

    arg: Identifier
    location: str  # path, query, header, cookie
    wire: str
    required: bool
    style: str
    explode: bool
    check: str  # validator name in the compiled module ("" for none)
    allow_reserved: bool
    media_type: str  # a `content`-defined parameter's media type ("" for a schema one)


@dataclass(frozen=True, slots=True)
class EncodingContext:
    """An OpenAPI Encoding Object of one multipart or form property."""

    content_type: str
    headers: tuple[tuple[str, str], ...]  # fixed header values
    style: str
    explode: bool | None
    allow_reserved: bool


@dataclass(frozen=True, slots=True)
class BodyContext:
    """The request body: its argument, media types, validators and Encoding Objects."""

    arg: Identifier
    media_types: tuple[str, ...]
    required: bool
    content_type_arg: Identifier  # "" when the body has a single media type
    annotation: str
    doc: str
    checks: tuple[tuple[str, str], ...]  # (media type, validator name)
    encodings: tuple[tuple[str, tuple[tuple[str, EncodingContext], ...]], ...]


@dataclass(frozen=True, slots=True)
class ResponseContext:
    """One documented response: how its body is decoded and checked."""

    status: str
    decode: str | None  # decoder expression (`models.X.decode`...); None: no body
    media: str | None
    check: str  # validator name ("" for none)
    json_types: tuple[str, ...]  # JSON types allowed at the top ([] for any), checked always


@dataclass(frozen=True, slots=True)
class PaginationContext:
    """How `iter_<method>` pages through an operation by its next-key header."""

    param: Identifier  # the argument the key is fed back to
    header: str
    key_type: str  # integer, number or string
    list_items: bool  # items are the page array's elements (else: one item per page)
    item: str  # annotation of an item
    page: str  # annotation of a page's parsed value
    iter_items: Identifier
    iter_pages: Identifier
    docstrings: tuple[str, str, str, str]
    """Literals (8-space indent) of items and pages, sync then async."""

    def returns(self, *, pages: bool, is_async: bool) -> str:
        """The return annotation of `iter_<method>` (items) or `iter_<method>_pages`."""
        item = f"Page[{self.item}, {self.page}]" if pages else self.item
        return f"{'AsyncIterator' if is_async else 'Iterator'}[{item}]"

    def docstring(self, *, pages: bool, is_async: bool) -> str:
        return self.docstrings[2 * is_async + pages]


@dataclass(frozen=True, slots=True)
class AliasContext:
    """A deprecated method name kept for an operationId that was renamed."""

    operation_id: str  # the old operationId
    method_name: Identifier
    docstring: str  # literal, 8-space indent


@dataclass(frozen=True, slots=True)
class OperationContext:
    """One operation: its method, arguments, runtime tables and documentation."""

    constant: ConstantName
    method_name: Identifier
    operation_id: str
    http_method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    args: tuple[ArgumentContext, ...]  # required ones first
    params: tuple[ParameterContext, ...]
    body: BodyContext | None
    responses: tuple[ResponseContext, ...]
    security: tuple[str, ...]  # security scheme names
    returns: str
    aliases: tuple[AliasContext, ...]
    pagination: PaginationContext | None
    docstring: str
    """The sync method's docstring literal (8-space indent): summary, HTTP line, Args."""
    async_docstring: str
    """The async method's: its summary and a pointer to the sync method's full docstring."""
    accept: str = ""
    """The `Accept` header to send ("": none), when a response declares several media types."""


@dataclass(frozen=True, slots=True)
class ResourceClassContext:
    """One flavour (sync or async) of a resource: its plain and its raw-response class."""

    is_async: bool
    name: ClassName
    raw_name: ClassName
    docstring: str  # literal, 4-space indent
    raw_docstring: str
    client_type: str  # the runtime client class its methods call
    raw_wrapper: str  # the `runtime.raw` function that makes its raw-response methods


@dataclass(frozen=True, slots=True)
class ResourceContext:
    """The operations of one tag: `client.<attribute>`, in `resources/<module>.py`."""

    tag: str
    attribute: Identifier
    class_name: ClassName
    module: Identifier
    exports: tuple[ClassName, ...]
    operations: tuple[OperationContext, ...]
    classes: tuple[ResourceClassContext, ResourceClassContext]  # sync, async
    docstring: str  # the module docstring literal
    imports: tuple[tuple[str, ...], ...]  # import groups: standard library, then package

    @property
    def type_texts(self) -> tuple[str, ...]:
        """Every type expression the resource's code mentions (arguments, returns, decoders)."""
        ops = self.operations
        return (
            *(a.annotation for op in ops for a in op.args),
            *(op.returns for op in ops),
            *(r.decode for op in ops for r in op.responses if r.decode),
        )


@dataclass(frozen=True, slots=True)
class OperationsModuleContext:
    """`_operations/<module>.py`: the precomputed `Operation` of each operation of a resource."""

    operations: tuple[OperationContext, ...]
    imports: tuple[tuple[str, ...], ...]  # import groups: standard library, then package
