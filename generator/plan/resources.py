"""Plan, the resources: operations grouped by tag into `ResourceContext`s, with each module's
imports and docstrings decided here, so that the resource and operations templates only print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator import literals
from generator.ir.model import Api
from generator.naming import ClassName, Names
from generator.plan.annotations import mentions, mentions_any
from generator.plan.contexts import (
    OperationContext,
    OperationsModuleContext,
    ResourceClassContext,
    ResourceContext,
)
from generator.plan.operations import check_iter_names, describe_operation
from generator.pytypes import TypeMapper

if TYPE_CHECKING:
    from generator.config import PaginationRule


def describe_operations(
    api: Api, names: Names, pagination: PaginationRule | None = None, *, document: bool = True
) -> tuple[list[ResourceContext], dict[str, Any]]:
    """Resources with their operations (as the templates see them) and the validator schemas.

    Shared with the dynamic client, so both clients get the same method names, arguments,
    parameter table, docstrings and validator set from one place. `document=False`: no method
    docstrings (see `describe_operation`).
    """
    checks: dict[str, Any] = {}
    types = TypeMapper(api, names, prefix="models.")
    by_tag: dict[str, list[OperationContext]] = {tag: [] for tag in api.tags}
    for op in api.operations:
        sync_class = names.resources[op.tags[0]].class_name
        by_tag[op.tags[0]].append(
            describe_operation(op, names, types, checks, pagination, sync_class, document=document)
        )
    resources = [_resource(tag, operations, names) for tag, operations in by_tag.items()]
    checks.update(types.union_checks())  # the branch validators union codecs decide with
    return resources, checks


def _resource(tag: str, operations: list[OperationContext], names: Names) -> ResourceContext:
    check_iter_names(tag, operations)
    resource = names.resources[tag]
    name = resource.class_name
    classes = resource_classes(tag, names)
    return ResourceContext(
        tag=tag,
        attribute=resource.attribute,
        class_name=name,
        module=resource.attribute,
        exports=tuple(sorted((n for c in classes for n in (c.name, c.raw_name)), key=str.lower)),
        operations=tuple(operations),
        classes=classes,
        docstring=literals.docstring(
            f"Operations tagged {tag}: `client.{resource.attribute}`.\n\n`{name}` documents "
            f"each method; `Async{name}` has the same methods, async; the `...WithRawResponse` "
            "classes wrap them to return each call's `ApiResponse`.",
            0,
        ),
        imports=_resource_imports(resource.attribute, operations),
    )


def resource_classes(tag: str, names: Names) -> tuple[ResourceClassContext, ResourceClassContext]:
    """The sync and async class of tag `tag` (names and docstrings; no operations needed)."""
    name = names.resources[tag].class_name
    return (
        _class(tag, name, is_async=False),
        _class(tag, ClassName(f"Async{name}"), is_async=True, sync=name),
    )


def _class(tag: str, name: ClassName, *, is_async: bool, sync: str = "") -> ResourceClassContext:
    flavour = f", async (each method documented on `{sync}`)" if is_async else ""
    return ResourceClassContext(
        is_async=is_async,
        name=name,
        raw_name=ClassName(f"{name}WithRawResponse"),
        docstring=literals.docstring(f"Operations tagged {tag}{flavour}.", 4),
        raw_docstring=literals.docstring(
            f"The methods of `{name}`, each returning the `ApiResponse` of its call (status, "
            "headers, parsed value) instead of the parsed value alone.",
            4,
        ),
        client_type="AsyncApiClient" if is_async else "SyncApiClient",
        raw_wrapper="async_to_raw_response_wrapper" if is_async else "to_raw_response_wrapper",
    )


def _resource_imports(
    module: str, operations: list[OperationContext]
) -> tuple[tuple[str, ...], ...]:
    """Import groups of `resources/<module>.py`: standard library, then the package's own."""
    annotations = [a.annotation for op in operations for a in op.args]
    annotations += [op.returns for op in operations]
    paged = any(op.pagination for op in operations)
    annotations += [op.pagination.item for op in operations if op.pagination]
    collections = (["AsyncIterator", "Iterator"] if paged else []) + (
        ["Mapping"] if any("Mapping[" in a for a in annotations) else []
    )
    std = []
    if collections:
        std.append(f"from collections.abc import {', '.join(collections)}")
    if any(mentions_any(a) for a in annotations):
        std.append("from typing import Any")
    local = []
    if any("models." in a for a in annotations):
        local.append("from .. import models")
    local.append(f"from .._operations import {module} as _ops")
    if paged:
        local.append("from .._runtime import pagination as _pages")
    local.append("from .._runtime.client import AsyncApiClient, SyncApiClient")
    if paged:
        local.append("from .._runtime.pagination import Page")
    raw = ["async_to_raw_response_wrapper", "to_raw_response_wrapper"]
    if any(op.aliases for op in operations):
        raw.append("warn_deprecated")
    local.append(f"from .._runtime.raw import {', '.join(raw)}")
    file = "FileInput, " if any(mentions(a, "FileInput") for a in annotations) else ""
    local.append(f"from .._runtime.types import NOT_GIVEN, {file}NotGiven, TimeoutTypes")
    return (tuple(std), tuple(local))


def operations_module(resource: ResourceContext) -> OperationsModuleContext:
    """`_operations/<module>.py` of one resource, with the imports its tables need."""
    operations = resource.operations
    decodes = [r.decode for op in operations for r in op.responses if r.decode]
    std = ("from typing import Any",) if any(mentions_any(op.returns) for op in operations) else ()
    local = []
    if any("models." in op.returns for op in operations) or any("models." in d for d in decodes):
        local.append("from .. import models")
    if any("codecs." in d for d in decodes):
        local.append("from .._runtime import codecs")
    if (
        any("_v." in d for d in decodes)
        or any(p.check for op in operations for p in op.params)
        or any(r.check for op in operations for r in op.responses)
        or any(op.body and op.body.checks for op in operations)
    ):
        local.append("from .._runtime.lazy import validators as _v")
    runtime = [
        name
        for name, used in (
            ("BodySpec", any(op.body for op in operations)),
            ("Encoding", any(op.body and op.body.encodings for op in operations)),
            ("Operation", bool(operations)),
            ("PageSpec", any(op.pagination for op in operations)),
            ("Param", any(op.params for op in operations)),
            ("ResponseSpec", any(op.responses for op in operations)),
        )
        if used
    ]
    if runtime:
        local.append(f"from .._runtime.operation import {', '.join(runtime)}")
    return OperationsModuleContext(operations=operations, imports=(std, tuple(local)))
