"""Line layout for compiled validator modules, in the shape `ruff format` gives them.

Generated code must pass ``ruff format --check`` without a formatter run (the dynamic client
compiles in memory, with no ruff around). The compiler keeps expressions short by construction;
the few constructs that can still exceed the line limit (calls, function headers, collection
constants) are laid out here the way ruff does: on one line when they fit, otherwise one element
per line with a trailing comma, which ruff keeps as written (the "magic trailing comma").

Lines are measured at the generated package's line length (`generator.literals.LINE_LENGTH`)
with ruff's column count, so the `ruff format` pass over the rendered package leaves a compiled
module exactly as written (`tests/unit/test_literals.py` checks it).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.literals import LINE_LENGTH, string_chunks, string_literal, width

__all__ = ["alias", "call", "collection", "fits", "function_header", "string_item"]

_TAB = "    "


def fits(line: str) -> bool:
    """Whether `line` (indent included) fits the line length."""
    return width(line) <= LINE_LENGTH


def call(indent: int, prefix: str, func: str, args: Sequence[str]) -> list[str]:
    """``prefix + func(args)`` at `indent` levels, wrapped like ruff when too long."""
    pad = _TAB * indent
    flat = f"{pad}{prefix}{func}({', '.join(args)})"
    if fits(flat):
        return [flat]
    return [f"{pad}{prefix}{func}("] + [f"{pad}{_TAB}{arg}," for arg in args] + [f"{pad})"]


def alias(target: str, name: str) -> list[str]:
    """``target = name`` at module level; the name in parentheses on its own line when too long."""
    flat = f"{target} = {name}"
    if fits(flat):
        return [flat]
    return [f"{target} = (", f"{_TAB}{name}", ")"]


def function_header(name: str, params: Sequence[str], returns: str) -> list[str]:
    """``def name(params) -> returns:``, wrapped like ruff when too long."""
    flat = f"def {name}({', '.join(params)}) -> {returns}:"
    if fits(flat):
        return [flat]
    return [f"def {name}("] + [f"{_TAB}{param}," for param in params] + [f") -> {returns}:"]


def collection(target: str, opener: str, items: Sequence[str], closer: str) -> list[str]:
    """A module-level constant holding a collection, always expanded one item per line.

    `opener` is e.g. ``frozenset({`` or ``(``; items are complete expressions, or strings from
    `string_item` (a long one spans several lines).
    """
    if opener.endswith("({"):
        head = opener[:-1]
        return [f"{target} = {head}", f"{_TAB}{{", *_items(items, 2), f"{_TAB}}}", ")"]
    return [f"{target} = {opener}", *_items(items, 1), closer]


def string_item(value: str, indent: int) -> str:
    """A string as a collection item at `indent` levels: one literal when it fits, otherwise
    the parenthesized implicit concatenation ruff lays out, one chunk per line (lines joined
    with newlines, indented relative to the item)."""
    literal = string_literal(value)
    if fits(f"{_TAB * indent}{literal},"):
        return literal
    chunks = string_chunks(value, LINE_LENGTH - len(_TAB) * (indent + 1))
    return "\n".join(["(", *(f"{_TAB}{chunk}" for chunk in chunks), ")"])


def _items(items: Sequence[str], indent: int) -> list[str]:
    pad = _TAB * indent
    return [f"{pad}{line}" for item in items for line in f"{item},".split("\n")]
