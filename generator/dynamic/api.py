"""One spec made callable: runtime `Operation`s, resource classes and models from a blueprint.

`load_api(source)` is the start-up path: read the spec bytes, look for a cache entry, else build
the blueprint (the cold path) and store it; then make the runtime objects. The result is kept
per process too, so a second client for the same spec costs nothing.

The `Operation` objects are built field for field as `templates/operations.py.jinja` renders
them (same params table, body spec, response table with decoders and validators, security), so
the runtime receives identical descriptions from both clients. Each is built on the first call
of its operation, with its validators (`dynamic.validators`) and decoders: a start makes none,
which keeps a 476-operation spec's start to its tables.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.docs import doc_text, doc_value
from generator.dynamic import cache as _cache
from generator.dynamic.codec_tree import build_codec
from generator.dynamic.methods import (
    DynamicResource,
    make_method,
    make_paging_method,
    make_signature,
)
from generator.dynamic.models import ModelNamespace
from generator.dynamic.source import SpecSource, read_source
from generator.dynamic.validators import LazyValidators
from generator.gcpause import paused
from generator.runtime import codecs
from generator.runtime.operation import (
    BodySpec,
    Credential,
    Encoding,
    Operation,
    PageSpec,
    Param,
    ResponseSpec,
)
from generator.runtime.raw import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from generator.dynamic.blueprint import Blueprint

__all__ = ["DynamicApi", "OperationInfo", "forget_loaded", "load_api", "store_pending"]


class OperationInfo(NamedTuple):
    """One row of `client.operations()`."""

    operation_id: str
    http_method: str
    path: str
    resource: str
    """The client attribute of the operation's resource (its first tag)."""
    method: str
    """The Python method name: `client.<resource>.<method>(...)`."""
    summary: str


class _Entry:
    """One operation: its row and pagination method names; its table (from the cache entry, or
    described on first use) and the runtime `Operation` on first use."""

    __slots__ = ("_build", "_describe", "_operation", "_table", "info", "iter_names")

    def __init__(
        self,
        info: OperationInfo,
        iter_names: list[str] | None,
        table: dict[str, Any] | None,
        describe: Callable[[str], dict[str, Any]] | None,
        build: Callable[[_Entry], Operation[Any]],
    ) -> None:
        self.info = info
        self.iter_names = iter_names
        """`iter_<method>` and `iter_<method>_pages` when the operation pages, else None."""
        self._table = table
        self._describe = describe
        self._build = build
        self._operation: Operation[Any] | None = None

    @property
    def table(self) -> dict[str, Any]:
        """The operation's table (`blueprint._operation`'s shape), described on first access
        when the start did not read it from the cache (`Blueprint.table` locks)."""
        table = self._table
        if table is None:
            assert self._describe is not None
            table = self._table = self._describe(self.info.operation_id)
        return table

    @property
    def args(self) -> list[list[Any]]:
        args: list[list[Any]] = self.table["args"]
        return args

    @property
    def returns(self) -> str:
        returns: str = self.table["returns"]
        return returns

    @property
    def pagination(self) -> dict[str, Any] | None:
        paging: dict[str, Any] | None = self.table["pagination"]
        return paging

    @property
    def doc(self) -> str:
        """The sync method's docstring (wrapped now: made when the method is first used)."""
        return doc_value(self.table["doc"])

    @property
    def async_doc(self) -> str:
        """The async method's docstring."""
        return doc_value(self.table["async_doc"])

    @property
    def operation(self) -> Operation[Any]:
        """The runtime description, built (validators compiled) on first access."""
        made = self._operation
        if made is None:
            made = self._build(self)  # stores it in `_operation`, under the API's lock
        return made


_LOADED: dict[str, DynamicApi] = {}
_PENDING: dict[str, tuple[Path, Blueprint]] = {}
"""Cache key -> (the cache folder when it started, a cold start's blueprint), not yet stored."""
_PENDING_LOCK = threading.Lock()


def forget_loaded() -> None:
    """Store pending cache entries (`store_pending`) and drop the per-process memo (tests use it
    to exercise the disk cache)."""
    store_pending()
    _LOADED.clear()


def store_pending() -> None:
    """Write the cache entries of this process's cold starts (runs at exit, too).

    A cold start describes operations on first use (`blueprint.Blueprint`), so its entry, which
    holds every operation's table, is written later: here, at interpreter exit or on
    `forget_loaded`, describing the operations not called yet (~45 ms on the platform spec).
    A process killed before that leaves no entry; the next start is cold again.
    """
    with _PENDING_LOCK:
        pending = list(_PENDING.items())
        _PENDING.clear()
    for key, (folder, blueprint) in pending:
        with paused():
            _cache.write_entry(key, blueprint.complete(), folder)


atexit.register(store_pending)


@paused()  # building the blueprint makes large acyclic data; see generator.gcpause
def load_api(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    use_cache: bool = True,
    allow_remote_refs: bool = False,
    allow_outside_refs: bool = False,
    lenient: bool = False,
) -> DynamicApi:
    """The callable API of a spec (path, URL or mapping); raises `SpecError` on a bad spec.

    `allow_remote_refs` / `allow_outside_refs` relax the `$ref` policy as the CLI flags do.
    `lenient`: common violations are repaired (`generator.validate.lenient`); the repairs are
    kept as formatted warnings in `DynamicApi.repairs`.
    """
    spec = dataclasses.replace(
        read_source(source),
        allow_remote_refs=allow_remote_refs,
        allow_outside_refs=allow_outside_refs,
    )
    key = _cache.cache_key(spec.sha256 + (":lenient" if lenient else ""))
    memo = f"{key}:{int(allow_remote_refs)}{int(allow_outside_refs)}"  # the policy decides too
    if use_cache and memo in _LOADED:
        return _LOADED[memo]
    cacheable = use_cache and not spec.has_external_refs
    blueprint = _cache.read_entry(key) if cacheable else None
    if blueprint is not None:
        api = DynamicApi(blueprint, spec)
    else:
        from generator.dynamic.blueprint import build_blueprint

        cold = build_blueprint(spec, lenient=lenient)
        if cacheable:
            with _PENDING_LOCK:
                _PENDING[key] = (_cache.entry_folder(), cold)
        api = DynamicApi(cold.head, spec, cold)
    if use_cache:
        _LOADED[memo] = api
    return api


class DynamicApi:
    """Everything one spec needs at call time, shared by all clients of that spec.

    Made from a cache entry's blueprint (every operation's table), or from a cold start's
    `Blueprint` (`cold`: `blueprint` is its head, tables described on first use).
    """

    def __init__(
        self, blueprint: dict[str, Any], spec: SpecSource, cold: Blueprint | None = None
    ) -> None:
        self.title: str = blueprint["title"]
        self.version: str = blueprint["version"]
        self.description: str = blueprint["description"]
        self.source_name = spec.name
        self.servers: dict[str, str] = {
            name: _absolute(url, spec.url) for name, url in blueprint["servers"]
        }
        self.default_server = next(iter(self.servers), "")
        self.credentials: dict[str, tuple[str, Credential]] = {
            arg: (scheme, Credential(location, wire))
            for arg, scheme, location, wire in blueprint["credentials"]
        }
        self.unsupported_security: dict[str, str] = dict(blueprint["unsupported_security"])
        """Security schemes no credential argument serves (scheme -> why): use `auth=`."""
        self.repairs: list[str] = list(blueprint.get("repairs", ()))
        """Lenient mode's repairs, as `FILE:LINE:COL: warning CODE: message` lines."""
        self.validators = (
            LazyValidators(blueprint["schemas"])
            if cold is None
            else LazyValidators.over(cold.checks, cold.document, complete=cold.describe_all)
        )
        """Check name -> compiled validator, compiled per operation on first use."""
        self.models = ModelNamespace(
            blueprint["models"], blueprint["unions"], self.validators.function
        )
        self._lock = threading.Lock()
        self.resources: dict[str, list[_Entry]] = {}
        self.resource_names: dict[str, tuple[str, str]] = {}  # attribute -> (tag, class name)
        self.resource_docs: dict[str, list[str]] = {}  # attribute -> class docstring literals
        describe = None if cold is None else cold.table
        for resource in blueprint["resources"]:
            entries = [
                self._entry(resource["attribute"], op, describe) for op in resource["operations"]
            ]
            self.resources[resource["attribute"]] = entries
            self.resource_names[resource["attribute"]] = (resource["tag"], resource["class_name"])
            self.resource_docs[resource["attribute"]] = resource["docs"]
        self.by_operation_id = {
            e.info.operation_id: e for es in self.resources.values() for e in es
        }
        self._classes: dict[tuple[bool, bool], dict[str, type[DynamicResource]]] = {}

    @property
    def validator_issues(self) -> list[str]:
        """Schema parts the compiler could not turn into checks, over the whole spec (compiles
        every check once, without running them: the list an up-front build would give)."""
        return self.validators.issues()

    # --- lookups -------------------------------------------------------------------------------

    def operations(self) -> list[OperationInfo]:
        return [e.info for entries in self.resources.values() for e in entries]

    def find(self, name: str) -> OperationInfo:
        """An operation by operationId, Python method name or ``resource.method``."""
        entry = self.by_operation_id.get(name)
        if entry is not None:
            return entry.info
        resource, _, method = name.rpartition(".")
        matches = [
            e.info
            for attribute, entries in self.resources.items()
            if not resource or attribute == resource
            for e in entries
            if e.info.method == method
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = ", ".join(f"{m.resource}.{m.method}" for m in matches)
            raise LookupError(f"{name!r} is ambiguous: {choices}")
        raise LookupError(
            f"no operation {name!r} in {self.title or self.source_name}; "
            "list them with client.operations() or `specgen call SPEC --list`"
        )

    # --- resource classes ---------------------------------------------------------------------

    def resource_classes(self, *, is_async: bool, raw: bool) -> dict[str, type[DynamicResource]]:
        """attribute -> resource class for one of the four variants, made on first use."""
        variant = (is_async, raw)
        classes = self._classes.get(variant)
        if classes is None:
            classes = self._classes[variant] = {
                attribute: self._resource_class(attribute, entries, is_async=is_async, raw=raw)
                for attribute, entries in self.resources.items()
            }
        return classes

    def _resource_class(
        self, attribute: str, entries: list[_Entry], *, is_async: bool, raw: bool
    ) -> type[DynamicResource]:
        """A resource class as generated: plain methods, or (raw) the plain ones wrapped by the
        runtime's raw-response wrappers, as the generated `...WithRawResponse` classes do.

        Each method is made (signature, docstring) when first looked up on the class (a call,
        `help()`, `inspect`): a start makes classes, not 476 functions (`_MethodOnFirstUse`).
        """
        _, class_name = self.resource_names[attribute]
        plain_name = ("Async" if is_async else "") + class_name
        name = plain_name + ("WithRawResponse" if raw else "")
        docs = self.resource_docs[attribute]
        namespace: dict[str, Any] = {
            "__module__": "generator.dynamic.resources",
            "__qualname__": name,
            "__doc__": doc_text(docs[2 * is_async + raw]),
            "__operations__": tuple(e.info.method for e in entries),
        }
        if raw:
            plain = self.resource_classes(is_async=is_async, raw=False)[attribute]
            wrap = async_to_raw_response_wrapper if is_async else to_raw_response_wrapper
            for entry in entries:
                method = entry.info.method
                namespace[method] = _MethodOnFirstUse(
                    method, functools.partial(_raw_method, wrap, plain, method)
                )
            return type(name, (DynamicResource,), namespace)
        for entry in entries:
            namespace[entry.info.method] = _MethodOnFirstUse(
                entry.info.method,
                functools.partial(_plain_method, entry, name, is_async=is_async),
            )
            if entry.iter_names is not None:
                for pages in (False, True):
                    method = entry.iter_names[pages]
                    namespace[method] = _MethodOnFirstUse(
                        method,
                        functools.partial(
                            _paging_method, entry, method, name, is_async=is_async, pages=pages
                        ),
                    )
        return type(name, (DynamicResource,), namespace)

    # --- building operations ------------------------------------------------------------------

    def _entry(
        self,
        attribute: str,
        op: dict[str, Any],
        describe: Callable[[str], dict[str, Any]] | None,
    ) -> _Entry:
        """`op`: a whole table (from the cache) or, with `describe`, a cold start's row."""
        info = OperationInfo(
            op["operation_id"],
            op["http_method"],
            op["path"],
            attribute,
            op["method_name"],
            op["summary"],
        )
        if describe is not None:
            return _Entry(info, op["iter"], None, describe, self._operation)
        paging = op["pagination"]
        iter_names = None if paging is None else [paging["iter_items"], paging["iter_pages"]]
        return _Entry(info, iter_names, op, None, self._operation)

    def _operation(self, entry: _Entry) -> Operation[Any]:
        """Build `entry`'s runtime `Operation` once (its checks compiled together), under a lock
        so racing first calls share one."""
        with self._lock:
            made = entry._operation
            if made is None:
                made = entry._operation = self._make_operation(entry.table)
            return made

    def _make_operation(self, op: dict[str, Any]) -> Operation[Any]:
        body = op["body"]
        checks = [row[6] for row in op["params"]] + [row[3] for row in op["responses"]]
        if body is not None:
            checks += [check for _, check in body["checks"]]
        self.validators.functions(checks)  # one module for the operation's checks
        params = {}
        for row in op["params"]:
            arg, location, wire, required, style, explode, check, allow_reserved, media = row
            params[arg] = Param(
                location,
                wire,
                required=required,
                style=style,
                explode=explode,
                check=self._validator(check),
                allow_reserved=allow_reserved,
                media_type=media,
            )
        body_spec = None
        if body is not None:
            body_spec = BodySpec(
                body["arg"],
                tuple(body["media_types"]),
                required=body["required"],
                content_type_arg=body["content_type_arg"] or None,
                checks={media: self._validator(check) for media, check in body["checks"]},
                encodings={
                    media: {prop: _encoding(e) for prop, e in props}
                    for media, props in body["encodings"]
                },
            )
        responses = {
            status: ResponseSpec(
                self._decoder(tree),
                media,
                check=self._validator(check),
                json_types=tuple(json_types),
            )
            if tree is not None
            else ResponseSpec(None)
            for status, tree, media, check, json_types in op["responses"]
        }
        operation: Operation[Any] = Operation(
            operation_id=op["operation_id"],
            method=op["http_method"],
            path=op["path"],
            params=params,
            body=body_spec,
            responses=responses,
            security=tuple(op["security"]),
            accept=op["accept"],
            pagination=None
            if op["pagination"] is None
            else PageSpec(
                op["pagination"]["param"],
                op["pagination"]["header"],
                op["pagination"]["key_type"],
                list_items=op["pagination"]["list_items"],
            ),
        )
        return operation

    def _validator(self, name: str) -> Any:
        return self.validators.function(name) if name else None

    def _decoder(self, tree: Any) -> Callable[[Any], Any]:
        """The response decoder, made with the operation (model classes made as it needs)."""
        if tree == "plain":
            return codecs.PLAIN.decode
        return build_codec(tree, self.models.resolve).decode


class _MethodOnFirstUse:
    """A resource class attribute that makes its method on first lookup (through the class or
    an instance) and puts it in its place on the class: from then on the class holds the plain
    function, as if it had been made with the class. Racing first lookups may both make it;
    either result is the same method."""

    __slots__ = ("_make", "_name")

    def __init__(self, name: str, make: Callable[[], Callable[..., Any]]) -> None:
        self._name = name
        self._make = make

    def __get__(self, instance: object, owner: type) -> Any:
        method = self._make()
        setattr(owner, self._name, method)
        return method if instance is None else method.__get__(instance, owner)


def _plain_method(entry: _Entry, owner: str, *, is_async: bool) -> Callable[..., Any]:
    return make_method(
        entry,
        entry.info.method,
        entry.async_doc if is_async else entry.doc,
        make_signature(entry.args, entry.returns),
        owner=owner,
        is_async=is_async,
    )


def _paging_method(
    entry: _Entry, method: str, owner: str, *, is_async: bool, pages: bool
) -> Callable[..., Any]:
    paging = entry.pagination
    assert paging is not None
    parts = paging["docs"][2 * is_async + pages]
    item = f"Page[{paging['item']}, {paging['page']}]" if pages else paging["item"]
    iterator = "AsyncIterator" if is_async else "Iterator"
    return make_paging_method(
        entry,
        method,
        doc_value(parts),
        make_signature(entry.args, f"{iterator}[{item}]", paging=True),
        owner=owner,
        is_async=is_async,
        pages=pages,
    )


def _raw_method(wrap: Callable[[Any], Any], plain: type, method: str) -> Callable[..., Any]:
    made: Callable[..., Any] = wrap(getattr(plain, method))
    return made


def _encoding(e: dict[str, Any]) -> Encoding:
    return Encoding(
        e["content_type"],
        headers=tuple((k, v) for k, v in e["headers"]),
        style=e["style"],
        explode=e["explode"],
        allow_reserved=e["allow_reserved"],
    )


def _absolute(url: str, spec_url: str | None) -> str:
    """A relative server URL (``/v1``) is relative to where the spec was downloaded from."""
    if spec_url and not url.startswith(("http://", "https://")):
        from urllib.parse import urljoin

        return urljoin(spec_url, url)
    return url
