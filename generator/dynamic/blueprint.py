"""The cold path: a spec -> a blueprint, plain data describing everything the client needs.

The blueprint is what the start-up cache stores, so it holds only plain data (dicts, lists,
strings, numbers): operation tables straight from `plan.describe_operations` (the very tables the
templates render into a generated package), model tables (field names from the naming stage and
codec trees from `pytypes.TypeMapper`), servers, credentials, method docstrings (as
`docs.DocParts`, wrapped when a method is first used), and the same `checks` (validator name ->
schema) the generated package compiles, with the bundled document
their `$ref`s point into, packed as one blob (`validators.pack_schemas`). Validators are not
compiled here: `dynamic.validators` compiles each operation's checks on its first call
(compiling all of them was half of a large spec's start).

Stages are the generator's own: load, validate (errors only: warnings never stop a client, and
the example/default rules are the slowest), bundle, IR, naming, describe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator import docs
from generator.dynamic.cache import FORMAT
from generator.dynamic.codec_tree import parse_codec
from generator.dynamic.source import SpecSource
from generator.dynamic.validators import pack_schemas

if TYPE_CHECKING:
    from generator.plan.contexts import EncodingContext, OperationContext

__all__ = ["Blueprint", "build_blueprint"]

_ENUM_BASES = {"string": "str", "integer": "int", "number": "float"}


def build_blueprint(source: SpecSource, *, lenient: bool = False) -> Blueprint:
    """Load, validate, bundle, build the IR and name; raises `SpecError` (see `Blueprint`).

    `lenient`: repair common violations first (`generator.validate.lenient`); the repairs are
    listed under "repairs" as formatted warnings.
    """
    return Blueprint(source, lenient=lenient)


class Blueprint:
    """A spec's blueprint whose operation tables are described on first use; thread-safe.

    Why: describing all 476 operations of the platform spec (parameters, body, responses,
    pagination, docstring parts) was a fifth of the cold start, and a call needs its own
    operation's table only. What needs every operation stays here: the naming stage (method,
    argument and class names decided across operations and tags), the operation index and the
    pagination method names a resource class holds (and their clash check).

    `head` is the blueprint without the tables: each resource's "operations" rows hold
    operation_id, http_method, path, summary, method_name and "iter" (the two pagination
    method names, or None). `table(operation_id)` describes one operation and adds its checks
    to `checks` (validator name -> schema, over `document`); `complete()` describes the rest
    and returns the eager blueprint the start-up cache stores (equal whatever was described
    first).

    Errors: every problem a spec can have is raised by the constructor, as `SpecError` (load,
    validate) or `ValueError` (a pagination method named like another method); describing an
    operation later only reads what those stages decided.
    """

    def __init__(self, source: SpecSource, *, lenient: bool = False) -> None:
        from generator.ir import build_api
        from generator.naming import name_api
        from generator.plan import credentials, default_servers
        from generator.plan.operations import check_method_names, paging_method_names
        from generator.plan.resources import resource_classes
        from generator.pytypes import TypeMapper
        from generator.security import unsupported_schemes

        document, repairs = _validated_document(source, lenient)
        api = build_api(document)
        names = name_api(api)
        self._api, self._names, self.document = api, names, document
        self._types = types = TypeMapper(api, names, prefix="models.")
        self._lock = threading.Lock()
        self._ops = {op.operation_id: op for op in api.operations}
        self._tables: dict[str, dict[str, Any]] = {}
        self._op_checks: dict[str, dict[str, Any]] = {}
        self.checks: dict[str, Any] = dict(types.union_checks())
        by_tag: dict[str, list[dict[str, Any]]] = {tag: [] for tag in api.tags}
        for op in api.operations:
            paging = paging_method_names(op, names, None)
            by_tag[op.tags[0]].append(
                {
                    "operation_id": op.operation_id,
                    "http_method": op.method,
                    "path": op.path,
                    "summary": op.summary,
                    "method_name": names.operations[id(op)].method,
                    "iter": None if paging is None else list(paging),
                }
            )
        resources: list[dict[str, Any]] = []
        for tag, rows in by_tag.items():
            check_method_names(
                tag,
                [
                    (
                        row["operation_id"],
                        row["method_name"],
                        [
                            m
                            for _, m in names.operations[id(self._ops[row["operation_id"]])].aliases
                        ],
                        row["iter"],
                    )
                    for row in rows
                ],
            )
            resource = names.resources[tag]
            resources.append(
                {
                    "tag": tag,
                    "attribute": resource.attribute,
                    "class_name": resource.class_name,
                    "docs": [  # literals (`docs.doc_text` reads each when its class is made):
                        # sync, sync raw, async, async raw
                        literal
                        for c in resource_classes(tag, names)
                        for literal in (c.docstring, c.raw_docstring)
                    ],
                    "operations": rows,
                }
            )
        self._class_of = {
            row["operation_id"]: resource["class_name"]
            for resource in resources
            for row in resource["operations"]
        }
        self.head: dict[str, Any] = {
            "format": FORMAT,
            "title": api.title,
            "version": api.version,
            "description": api.description,
            "servers": [list(pair) for pair in default_servers(api)],
            "credentials": [
                [c["arg"], c["scheme"], c["location"], c["wire"]] for c in credentials(api, names)
            ],
            "unsupported_security": [list(pair) for pair in unsupported_schemes(api)],
            "resources": resources,
            "models": dict(_models(api, names, types)),
            "unions": {
                u.name: [
                    u.prop,
                    [list(pair) for pair in u.tags],
                    [[check, parse_codec(codec)] for check, codec in u.branches],
                    u.first,
                ]
                for u in types.unions()
            },
            "repairs": repairs,
        }

    def table(self, operation_id: str) -> dict[str, Any]:
        """The table of one operation (`_operation`'s shape), described once."""
        table = self._tables.get(operation_id)
        if table is not None:
            return table
        from generator.naming import ClassName
        from generator.plan.operations import describe_operation

        with self._lock:  # the type mapper memoises as it goes: one describer at a time
            table = self._tables.get(operation_id)
            if table is None:
                sync_class = self._class_of[operation_id]
                own: dict[str, Any] = {}
                described = describe_operation(
                    self._ops[operation_id],
                    self._names,
                    self._types,
                    own,
                    None,
                    ClassName(sync_class),
                    document=False,
                )
                table = _operation(described, sync_class)
                self._op_checks[operation_id] = own
                self.checks.update(own)
                self._tables[operation_id] = table
            return table

    def describe_all(self) -> None:
        """Describe every operation not described yet."""
        for operation_id in self._ops:
            self.table(operation_id)

    def complete(self) -> dict[str, Any]:
        """The eager blueprint: every table described, the checks packed with the document."""
        self.describe_all()
        resources = [
            {
                **resource,
                "operations": [self.table(row["operation_id"]) for row in resource["operations"]],
            }
            for resource in self.head["resources"]
        ]
        checks: dict[str, Any] = {}
        for operation_id in self._ops:  # the order an up-front description adds them in
            checks.update(self._op_checks[operation_id])
        checks.update(self._types.union_checks())
        blueprint = {**self.head, "resources": resources}
        blueprint["schemas"] = pack_schemas(checks, self.document)
        return {key: blueprint[key] for key in _KEYS}


_KEYS = (
    "format",
    "title",
    "version",
    "description",
    "servers",
    "credentials",
    "unsupported_security",
    "resources",
    "models",
    "unions",
    "schemas",
    "repairs",
)
"""The eager blueprint's keys, in the order the cache has always stored them."""


# --- load and validate -------------------------------------------------------------------------


def _validated_document(source: SpecSource, lenient: bool) -> tuple[dict[str, Any], list[str]]:
    import copy

    from generator.diagnostics import Diagnostic, Level, SpecError
    from generator.load import LoadedSpec, load_bytes
    from generator.resolve import bundle
    from generator.validate import describe_rules, validate
    from generator.validate.lenient import LENIENT_DISABLED, repair

    if source.mapping is not None:
        data = copy.deepcopy(dict(source.mapping))
        spec = LoadedSpec(name=source.name, data=data, content=source.content)
    else:
        spec = load_bytes(source.content, source.name, source.path, lenient=lenient)
    repairs: list[Diagnostic] = []
    if lenient:
        spec, repairs = repair(spec)
    disabled = frozenset(rule.code for rule in describe_rules() if rule.level is not Level.ERROR)
    policy = {
        "allow_remote": source.allow_remote_refs,
        "allow_outside": source.allow_outside_refs,
    }
    disabled |= LENIENT_DISABLED if lenient else frozenset()
    diagnostics = validate(
        spec,
        disabled=disabled,
        locate_warnings=False,
        allow_remote_refs=policy["allow_remote"],
        allow_outside_refs=policy["allow_outside"],
    )
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise SpecError([*repairs, *errors])
    return bundle(spec, **policy), [d.format() for d in repairs]


# --- tables -----------------------------------------------------------------------------------


def _operation(op: OperationContext, sync_class: str) -> dict[str, Any]:
    """One operation's table; its docstrings as `docs.DocParts`, wrapped on first use."""
    body = op.body
    paging = op.pagination
    return {
        "method_name": op.method_name,
        "operation_id": op.operation_id,
        "http_method": op.http_method,
        "path": op.path,
        "summary": op.summary,
        "deprecated": op.deprecated,
        "doc": _parts(docs.method_doc_parts(op)),
        "async_doc": _parts(
            docs.async_doc_parts(op.summary or op.operation_id, f"{sync_class}.{op.method_name}")
        ),
        "returns": op.returns,
        "args": [[a.name, a.annotation, a.required] for a in op.args],
        "params": [
            [
                p.arg,
                p.location,
                p.wire,
                p.required,
                p.style,
                p.explode,
                p.check,
                p.allow_reserved,
                p.media_type,
            ]
            for p in op.params
        ],
        "body": None
        if body is None
        else {
            "arg": body.arg,
            "media_types": list(body.media_types),
            "required": body.required,
            "content_type_arg": body.content_type_arg,
            "checks": [[media, check] for media, check in body.checks],
            "encodings": [
                [media, [(prop, _encoding(e)) for prop, e in props]]
                for media, props in body.encodings
            ],
        },
        "responses": [
            [
                r.status,
                parse_codec(r.decode.removesuffix(".decode")) if r.decode else None,
                r.media,
                r.check,
                list(r.json_types),
            ]
            for r in op.responses
        ],
        "security": list(op.security),
        "accept": op.accept,
        "pagination": None
        if paging is None
        else {
            "param": paging.param,
            "header": paging.header,
            "key_type": paging.key_type,
            "list_items": paging.list_items,
            "item": paging.item,
            "page": paging.page,
            "iter_items": paging.iter_items,
            "iter_pages": paging.iter_pages,
            "docs": [_parts(p) for p in docs.paging_doc_parts(op, paging, sync_class)],
        },
    }


def _parts(parts: docs.DocParts) -> list[Any]:
    """`parts` as lists (the blueprint holds JSON-like data only)."""
    text, indent, sections = parts
    return [text, indent, [[title, [list(e) for e in entries]] for title, entries in sections]]


def _encoding(e: EncodingContext) -> dict[str, Any]:
    """An Encoding Object as plain data (`api._encoding` reads it back)."""
    return {
        "content_type": e.content_type,
        "headers": [list(pair) for pair in e.headers],
        "style": e.style,
        "explode": e.explode,
        "allow_reserved": e.allow_reserved,
    }


def _models(api: Any, names: Any, types: Any) -> Iterator[tuple[str, list[Any]]]:
    """Class name -> ["object", [[attribute, wire, codec tree, required]...]] or
    ["enum", base, members]; `required` is what the generated constructor requires (a request's
    required properties: never readOnly ones)."""
    from generator.ir.model import EnumSchema, ObjectSchema

    for schema in [*api.schemas.values(), *api.inline_models]:
        if isinstance(schema, ObjectSchema):
            fields = [
                [
                    attr,
                    prop.wire,
                    parse_codec(types.codec(prop.schema)),
                    prop.required and not prop.read_only,
                ]
                for attr, prop in zip(names.fields[id(schema)], schema.properties, strict=True)
            ]
            yield names.class_of(schema), ["object", fields]
        elif isinstance(schema, EnumSchema):
            members = [
                [member, value]
                for member, value in zip(names.members[id(schema)], schema.values, strict=True)
            ]
            yield names.class_of(schema), ["enum", _ENUM_BASES.get(schema.type, "str"), members]
