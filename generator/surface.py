"""The public Python surface of a generated package, as data.

What a user's code can touch: `client.<attribute>.<method>(**args) -> returns`, model classes
and their fields, enum classes and their members, type aliases. It is read from the plan's
contexts (the very dictionaries the templates print), not recomputed, so the surface cannot
disagree with the generated code: naming, `pytypes` annotations and argument order all come
from the same place.

The client-impact report (`generator.diff.impact`) compares two surfaces; the history snapshot
tests commit one per SoraCam version. `Surface.to_json()` is sorted and puts one method or one
class per line, so a changed surface shows up as a short, readable unified diff.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.load import LoadedSpec

if TYPE_CHECKING:
    from generator.config import PaginationRule
    from generator.plan.contexts import PaginationContext, ResourceContext


@dataclass(frozen=True)
class Argument:
    name: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Pager:
    """The `iter_<method>()` / `iter_<method>_pages()` pair of a paginated operation.

    `item` is the annotation each `iter_<method>()` step yields; `header` is the response header
    carrying the next key (`x-soracom-cli-pagination` or the pin's `[pagination]` table).
    """

    items: str
    pages: str
    item: str
    header: str


@dataclass(frozen=True)
class Method:
    """One generated method; `http` (e.g. "GET /devices/{id}") is where it sends the request."""

    resource: str  # the client attribute, e.g. "sora_cam"
    name: str
    operation_id: str
    http: str
    args: tuple[Argument, ...]
    returns: str
    deprecated: bool = False
    pager: Pager | None = None

    @property
    def key(self) -> str:
        return f"{self.resource}.{self.name}"

    def arg(self, name: str) -> Argument | None:
        return next((a for a in self.args if a.name == name), None)


@dataclass(frozen=True)
class Field:
    name: str
    wire: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Surface:
    """Everything public in one generated package, keyed by the Python names users write.

    `aliases` are deprecated method names kept for renamed operations (`resource.old` ->
    `resource.new`), taken from the pin's `[aliases]` table.
    """

    package: str
    api_version: str
    methods: Mapping[str, Method]  # "attribute.method" -> Method
    models: Mapping[str, Mapping[str, Field]]  # class -> field name -> Field
    enums: Mapping[str, Mapping[str, Any]]  # class -> member name -> value
    type_aliases: Mapping[str, str]  # alias name -> annotation
    aliases: Mapping[str, str] = field(default_factory=dict)
    directions: Mapping[str, str] = field(default_factory=dict)  # class -> request|response|both

    def direction(self, name: str) -> str:
        """Where values of a model travel: "request", "response" or "both" (also unused)."""
        return self.directions.get(name, "both")

    def by_operation_id(self) -> dict[str, Method]:
        return {m.operation_id: m for m in self.methods.values()}

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data, every mapping sorted by key."""
        return {
            "package": self.package,
            "api_version": self.api_version,
            "methods": {
                key: {
                    "operation_id": m.operation_id,
                    "http": m.http,
                    "args": {a.name: [a.annotation, a.required] for a in m.args},
                    "returns": m.returns,
                    **({"deprecated": True} if m.deprecated else {}),
                    **({"iter": _pager_data(m.pager)} if m.pager else {}),
                }
                for key, m in sorted(self.methods.items())
            },
            "models": {
                name: {f.name: [f.wire, f.annotation, f.required] for f in fields.values()}
                for name, fields in sorted(self.models.items())
            },
            "enums": {name: dict(members) for name, members in sorted(self.enums.items())},
            "type_aliases": dict(sorted(self.type_aliases.items())),
            "aliases": dict(sorted(self.aliases.items())),
            "directions": dict(sorted(self.directions.items())),
        }

    def to_json(self) -> str:
        """Sorted JSON with one method, class or alias per line (arguments and fields inline).

        Args are `name: [annotation, required]`, fields `name: [wire, annotation, required]`.
        """
        data = self.to_data()
        lines = ["{"]
        sections = [k for k in data if isinstance(data[k], dict)]
        for key in ("package", "api_version"):
            lines.append(f"{_dump(key)}: {_dump(data[key])},")
        for index, section in enumerate(sections):
            entries = data[section]
            last = index == len(sections) - 1
            if not entries:
                lines.append(f"{_dump(section)}: {{}}{'' if last else ','}")
                continue
            lines.append(f"{_dump(section)}: {{")
            rows = [f"  {_dump(k)}: {_dump(v)}" for k, v in sorted(entries.items())]
            lines.append(",\n".join(rows))
            lines.append("}" + ("" if last else ","))
        lines.append("}")
        return "\n".join(lines) + "\n"


def _pager_data(pager: Pager) -> dict[str, str]:
    return {"items": pager.items, "pages": pager.pages, "item": pager.item, "header": pager.header}


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def python_surface(
    spec: LoadedSpec,
    package: str,
    aliases: Mapping[str, str] | None = None,
    pagination: PaginationRule | None = None,
) -> Surface:
    """The public surface of the package that `specgen generate` would write for `spec`.

    Validates and bundles like generation does (a spec with errors raises `SpecError`).
    `aliases` maps old operationId -> new operationId (the pin's `[aliases]` table); the naming
    stage turns each one whose new operation exists into a deprecated method, listed in
    `Surface.aliases` as `resource.old_method -> resource.new_method`. `pagination` is the
    pin's `[pagination]` table, for specs without `x-soracom-cli-pagination` (as generate uses).
    """
    from generator.ir import build_api
    from generator.naming import name_api
    from generator.pipeline import prepare
    from generator.plan import Options, plan

    document = prepare(spec, quiet=True)
    api = build_api(document)
    names = name_api(api, dict(aliases or {}))
    options = Options(
        package=package, spec_name=spec.name, spec_sha256=spec.sha256, pagination=pagination
    )
    contexts = {f.path: f.context for f in plan(api, names, options)}
    client = contexts[f"{package}/_client.py"]
    models = contexts[f"{package}/models/__init__.py"]
    return surface_from_contexts(package, api.version, client, models)


def surface_from_contexts(
    package: str,
    api_version: str,
    client: Mapping[str, Any],
    models: Mapping[str, Any],
) -> Surface:
    """Read the surface out of the `_client.py` and `models/__init__.py` plan contexts."""
    methods: dict[str, Method] = {}
    kept: dict[str, str] = {}
    resources: Sequence[ResourceContext] = client["resources"]
    for resource in resources:
        for op in resource.operations:
            method = Method(
                resource=resource.attribute,
                name=op.method_name,
                operation_id=op.operation_id,
                http=f"{op.http_method} {op.path}",
                args=tuple(Argument(a.name, a.annotation, a.required) for a in op.args),
                returns=op.returns,
                deprecated=op.deprecated,
                pager=_pager(op.pagination),
            )
            methods[method.key] = method
            for alias in op.aliases:
                kept[f"{method.resource}.{alias.method_name}"] = method.key
    classes: dict[str, dict[str, Field]] = {}
    enums: dict[str, dict[str, Any]] = {}
    for cls in models["classes"]:
        if cls.kind == "enum":
            enums[cls.name] = {m.name: m.value for m in cls.members}
        else:
            classes[cls.name] = {
                f.name: Field(f.name, f.wire, f.annotation, f.required) for f in cls.fields
            }
    type_aliases = {a.name: a.annotation for a in models["aliases"]}
    directions = _directions(methods, classes, type_aliases, set(enums))
    return Surface(package, api_version, methods, classes, enums, type_aliases, kept, directions)


def _pager(paging: PaginationContext | None) -> Pager | None:
    if paging is None:
        return None
    return Pager(paging.iter_items, paging.iter_pages, paging.item, paging.header)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _directions(
    methods: Mapping[str, Method],
    models: Mapping[str, Mapping[str, Field]],
    type_aliases: Mapping[str, str],
    enums: set[str],
) -> dict[str, str]:
    """Which classes users build (request) and which they read (response), transitively.

    The severity of a model change depends on it: a field made required breaks code that
    constructs the model, not code that reads it; a field made optional is the reverse.
    """
    known = set(models) | set(type_aliases) | enums

    def mentioned(annotation: str) -> set[str]:
        return {w for w in _WORD.findall(annotation.replace("models.", "")) if w in known}

    def reach(roots: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = sorted(roots)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            inner = [f.annotation for f in models.get(name, {}).values()]
            inner += [type_aliases[name]] if name in type_aliases else []
            for annotation in inner:
                todo.extend(sorted(mentioned(annotation) - seen))
        return seen

    request = reach({n for m in methods.values() for a in m.args for n in mentioned(a.annotation)})
    response = reach({n for m in methods.values() for n in mentioned(m.returns)})
    out = {}
    for name in sorted(known):
        if name in request and name not in response:
            out[name] = "request"
        elif name in response and name not in request:
            out[name] = "response"
    return out
