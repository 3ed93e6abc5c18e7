"""The generated README's API reference: what each method takes, returns and raises; each model.

Laid out as openai-python's `api.md`: grouped by resource, one line per method
(`client.<resource>.<method>(...) -> ReturnType`) with its HTTP method and path, then every model,
enum and type alias with the first paragraph of its description. Everything is decided here and
the README template only prints it, spec strings through the `markdown_*` escaping filters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator.docs import raised_errors
from generator.ir.model import Api, EnumSchema, ObjectSchema
from generator.naming import Names

if TYPE_CHECKING:
    from generator.plan.contexts import OperationContext, PaginationContext, ResourceContext


def api_reference(
    api: Api,
    names: Names,
    resources: list[ResourceContext],
    docs: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The README's `reference` context: methods per resource, then models, enums and aliases.

    `docs`: class name -> the docstring text the models plan decided (`plan.model_docs`: the
    description, else where the spec uses the class), so the README says what the class says.
    """
    docs = docs or {}
    return {
        "resources": [
            {
                "attribute": r.attribute,
                "tag": r.tag,
                "methods": [_method(r.attribute, op) for op in r.operations],
            }
            for r in resources
        ],
        "models": _schemas(api, names, ObjectSchema, docs),
        "enums": _schemas(api, names, EnumSchema, docs),
        "aliases": [
            {"name": names.components[c], "doc": s.description, "choices": []}
            for c, s in api.schemas.items()
            if not isinstance(s, (ObjectSchema, EnumSchema))
        ],
    }


def _method(attribute: str, op: OperationContext) -> dict[str, Any]:
    args = [f"{a.name}: {a.annotation}" + ("" if a.required else " = ...") for a in op.args]
    params = ", ".join(["*", *args]) if args else ""
    return {
        "call": f"client.{attribute}.{op.method_name}({params}) -> {op.returns}",
        "http": f"{op.http_method.upper()} {op.path}",
        "summary": op.summary or op.operation_id,
        "deprecated": op.deprecated,
        "raises": raised_errors([r.status for r in op.responses]),
        "paging": _paging(attribute, op.pagination),
        "old_names": ", ".join(f"`{a.method_name}()`" for a in op.aliases),
    }


def _paging(attribute: str, paging: PaginationContext | None) -> list[str]:
    """The `iter_<method>` pair of a paginated operation (items, then pages)."""
    if not paging:
        return []
    return [
        f"client.{attribute}.{name}(...) -> {paging.returns(pages=pages, is_async=False)}"
        for name, pages in ((paging.iter_items, False), (paging.iter_pages, True))
    ]


def _schemas(api: Api, names: Names, kind: type, docs: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for schema in [*api.schemas.values(), *api.inline_models]:
        if isinstance(schema, kind):
            values = schema.values if isinstance(schema, EnumSchema) else ()
            shown = [v if isinstance(v, str) else json.dumps(v) for v in values]
            name = names.class_of(schema)
            out.append({"name": name, "doc": docs.get(name, schema.description), "choices": shown})
    return sorted(out, key=lambda s: (s["name"].lower(), s["name"]))
