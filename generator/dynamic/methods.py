"""Operation methods made at runtime: real functions with a signature, a docstring and a name.

Generated methods are keyword-only functions whose body is one call,
``client.request(OPERATION, {arg: value, ...}, timeout=timeout)``. Dynamic methods are closures
that do the same: the argument dict has every argument of the operation (absent ones
`NOT_GIVEN`), exactly as the generated call site builds it, so the runtime sees identical input.

Binding is checked with two set comparisons; a bad call raises the `TypeError` CPython raises
for the generated method (same wording, same order of checks, the generated qualified name).
`__signature__` makes `help()` and `inspect.signature()` show the parameters with their
annotations (the generated annotation text) and `NOT_GIVEN` defaults.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from generator.runtime import pagination as _pages
from generator.runtime.operation import Operation
from generator.runtime.types import NOT_GIVEN

__all__ = [
    "Annotation",
    "DynamicResource",
    "OperationSource",
    "make_method",
    "make_paging_method",
    "make_signature",
]

_KW = inspect.Parameter.KEYWORD_ONLY


class OperationSource(Protocol):
    """Gives the operation a method sends; the dynamic API builds it on first access."""

    @property
    def operation(self) -> Operation[Any]: ...


class Annotation:
    """An annotation shown as its text (``int | NotGiven``), not as a quoted string."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Annotation) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


_TIMEOUT = inspect.Parameter(
    "timeout", _KW, default=NOT_GIVEN, annotation=Annotation("TimeoutTypes | NotGiven")
)
_SELF = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
_LIMITS = [
    inspect.Parameter(name, _KW, default=None, annotation=Annotation("int | None"))
    for name in ("max_items", "max_pages")
]


def make_signature(
    args: Sequence[Sequence[Any]], returns: str, *, paging: bool = False
) -> inspect.Signature:
    """`(self, *, required..., optional=NOT_GIVEN..., timeout=NOT_GIVEN) -> returns`; with
    `paging`, `max_items=None, max_pages=None` come before `timeout` (as `iter_` methods)."""
    parameters = [_SELF]
    for name, annotation, required in args:
        if required:
            parameters.append(inspect.Parameter(name, _KW, annotation=Annotation(annotation)))
        else:
            parameters.append(
                inspect.Parameter(
                    name, _KW, default=NOT_GIVEN, annotation=Annotation(annotation + " | NotGiven")
                )
            )
    if paging:
        parameters.extend(_LIMITS)
    parameters.append(_TIMEOUT)
    return inspect.Signature(parameters, return_annotation=Annotation(returns))


def make_method(
    source: OperationSource,
    name: str,
    doc: str,
    signature: inspect.Signature,
    *,
    owner: str,
    is_async: bool,
) -> Callable[..., Any]:
    """A method calling `client.request` with `source.operation`, sync or async (raw-response
    methods wrap it with `runtime.raw`, as generated ones do)."""
    qualname = f"{owner}.{name}"
    arguments = _binder(signature, qualname, ("timeout",))

    method: Any
    if is_async:

        async def async_method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            values = arguments(self, args, kwargs)
            timeout = kwargs.get("timeout", NOT_GIVEN)
            return await self._client.request(source.operation, values, timeout=timeout)

        method = async_method
    else:

        def sync_method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            values = arguments(self, args, kwargs)
            timeout = kwargs.get("timeout", NOT_GIVEN)
            return self._client.request(source.operation, values, timeout=timeout)

        method = sync_method

    method.__name__ = name
    method.__qualname__ = qualname
    method.__doc__ = doc
    method.__signature__ = signature
    method.__module__ = "generator.dynamic.resources"
    made: Callable[..., Any] = method
    return made


def make_paging_method(
    source: OperationSource,
    name: str,
    doc: str,
    signature: inspect.Signature,
    *,
    owner: str,
    is_async: bool,
    pages: bool,
) -> Callable[..., Any]:
    """`iter_<method>` (items) or `iter_<method>_pages`: the runtime's pagination loop over
    `source.operation`, bound exactly as the generated `iter_` methods bind their arguments."""
    qualname = f"{owner}.{name}"
    arguments = _binder(signature, qualname, ("timeout", "max_items", "max_pages"))
    loop: Callable[..., Any]
    if is_async:
        loop = _pages.aiter_pages if pages else _pages.aiter_items
    else:
        loop = _pages.iter_pages if pages else _pages.iter_items

    def method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return loop(
            self._client,
            source.operation,
            arguments(self, args, kwargs),
            max_items=kwargs.get("max_items"),
            max_pages=kwargs.get("max_pages"),
            timeout=kwargs.get("timeout", NOT_GIVEN),
        )

    method.__name__ = name
    method.__qualname__ = qualname
    method.__doc__ = doc
    method.__signature__ = signature  # type: ignore[attr-defined]
    method.__module__ = "generator.dynamic.resources"
    return method


def _binder(
    signature: inspect.Signature, qualname: str, options: tuple[str, ...]
) -> Callable[[Any, tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    """The argument binder of a method: checks a call as CPython would, returns the operation's
    arguments (absent ones `NOT_GIVEN`); `options` (timeout...) are accepted but not returned."""
    names = tuple(p for p in signature.parameters if p != "self" and p not in options)
    allowed = frozenset(names) | frozenset(options)
    required = frozenset(
        p.name for p in signature.parameters.values() if p.kind is _KW and p.default is p.empty
    )

    def arguments(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        if args or not allowed.issuperset(kwargs) or not required.issubset(kwargs):
            raise TypeError(_binding_error(qualname, args, kwargs, allowed, required, names))
        get = kwargs.get
        return {arg: get(arg, NOT_GIVEN) for arg in names}

    return arguments


def _binding_error(
    qualname: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    allowed: frozenset[str],
    required: frozenset[str],
    order: tuple[str, ...],
) -> str:
    """The message CPython gives a keyword-only method for the same mistake, in its order."""
    if args:
        given = len(args) + 1
        return f"{qualname}() takes 1 positional argument but {given} were given"
    for key in kwargs:
        if key not in allowed:
            return f"{qualname}() got an unexpected keyword argument '{key}'"
    missing = [f"'{name}'" for name in order if name in required and name not in kwargs]
    if len(missing) <= 2:
        listed = " and ".join(missing)
    else:  # CPython's serial comma: 'a', 'b', and 'c'
        listed = ", ".join(missing[:-1]) + ", and " + missing[-1]
    plural = "argument" if len(missing) == 1 else "arguments"
    return f"{qualname}() missing {len(missing)} required keyword-only {plural}: {listed}"


class DynamicResource:
    """Base of the per-tag resource classes made at runtime (`client.sora_cam`)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {', '.join(self.operation_names())}>"

    @classmethod
    def operation_names(cls) -> list[str]:
        """The operation methods of this resource, in spec order."""
        return list(cls.__operations__)  # type: ignore[attr-defined]
