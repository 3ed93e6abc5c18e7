"""Line layout for compiled validator modules, in the shape `ruff format` gives them.

Generated code must pass ``ruff format --check`` without a formatter run (the dynamic client
compiles in memory, with no ruff around). The compiler keeps expressions short by construction;
the few constructs that can still exceed the line limit (calls, function headers, collection
constants) are laid out here the way ruff does: on one line when they fit, otherwise one element
per line with a trailing comma, which ruff keeps as written (the "magic trailing comma").
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LINE_LIMIT", "call", "collection", "function_header"]

LINE_LIMIT = 100
_TAB = "    "


def call(indent: int, prefix: str, func: str, args: Sequence[str]) -> list[str]:
    """``prefix + func(args)`` at `indent` levels, wrapped like ruff when too long."""
    pad = _TAB * indent
    flat = f"{pad}{prefix}{func}({', '.join(args)})"
    if len(flat) <= LINE_LIMIT:
        return [flat]
    return [f"{pad}{prefix}{func}("] + [f"{pad}{_TAB}{arg}," for arg in args] + [f"{pad})"]


def function_header(name: str, params: Sequence[str], returns: str) -> list[str]:
    """``def name(params) -> returns:``, wrapped like ruff when too long."""
    flat = f"def {name}({', '.join(params)}) -> {returns}:"
    if len(flat) <= LINE_LIMIT:
        return [flat]
    return [f"def {name}("] + [f"{_TAB}{param}," for param in params] + [f") -> {returns}:"]


def collection(target: str, opener: str, items: Sequence[str], closer: str) -> list[str]:
    """A module-level constant holding a collection, always expanded one item per line.

    `opener` is e.g. ``frozenset({`` or ``(``; items are complete expressions.
    """
    if opener.endswith("({"):
        head = opener[:-1]
        return (
            [f"{target} = {head}", f"{_TAB}{{"]
            + [f"{_TAB * 2}{item}," for item in items]
            + [f"{_TAB}}}", ")"]
        )
    return [f"{target} = {opener}"] + [f"{_TAB}{item}," for item in items] + [closer]
