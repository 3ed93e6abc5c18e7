"""Raw-response variants of operation methods, made by wrapping the methods themselves.

`client.with_raw_response.<resource>.<method>(...)` returns the `ApiResponse` (status, headers,
parsed value) of the very call `client.<resource>.<method>(...)` makes, so each signature and
docstring is written once (as openai-python's `_legacy_response.to_raw_response_wrapper`).
The wrapper keeps the exact signature for type checkers through `ParamSpec`:
`Callable[P, R] -> Callable[P, ApiResponse[R]]`, and `functools.wraps` gives it the method's
name, docstring and `inspect.signature` (whose return annotation stays the method's own).

How the response reaches the wrapper: the wrapper opens a sink (a context variable, so threads
and asyncio tasks each have their own) and `request` hands the `ApiResponse` of the first call
made inside it to that sink; the method's return value, the same parsed object, is dropped.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import FrameType
from typing import Any, ParamSpec, TypeVar

from .response import ApiResponse

__all__ = ["async_to_raw_response_wrapper", "capture", "to_raw_response_wrapper", "warn_deprecated"]

P = ParamSpec("P")
R = TypeVar("R")

_SINK: ContextVar[list[ApiResponse[Any]] | None] = ContextVar("specgen_raw_sink", default=None)


def capture(response: ApiResponse[Any]) -> None:
    """Hand `response` to the innermost raw wrapper running in this context, if any."""
    sink = _SINK.get()
    if sink is not None and not sink:
        sink.append(response)


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, ApiResponse[R]]:
    """`func` (a bound operation method) returning the `ApiResponse` of its call instead."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ApiResponse[R]:
        sink: list[ApiResponse[Any]] = []
        token = _SINK.set(sink)
        try:
            func(*args, **kwargs)
        finally:
            _SINK.reset(token)
        return _received(sink, func)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[ApiResponse[R]]]:
    """The async form of `to_raw_response_wrapper`, for the methods of async resources."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> ApiResponse[R]:
        sink: list[ApiResponse[Any]] = []
        token = _SINK.set(sink)
        try:
            await func(*args, **kwargs)
        finally:
            _SINK.reset(token)
        return _received(sink, func)

    return wrapped


def _received(sink: list[ApiResponse[Any]], func: Callable[..., Any]) -> ApiResponse[Any]:
    if not sink:  # an operation method always sends a request: a bug, not a server's doing
        name = getattr(func, "__qualname__", repr(func))
        raise RuntimeError(f"{name}() returned without sending a request; no raw response")
    return sink[0]


_HERE = __file__


def warn_deprecated(old: str, new: str) -> None:
    """Warn that method `old` is deprecated for `new`: a `DeprecationWarning` at the line that
    called it, also when it was called through a raw-response wrapper (frames skipped)."""
    message = f"{old}() is deprecated; use {new}()"
    level = 3  # 1: this function, 2: the deprecated method, 3: its caller
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == _HERE:
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)
