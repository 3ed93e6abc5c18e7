"""Codec expressions as data: what `pytypes.TypeMapper.codec` decides, without evaluating code.

The generated package renders codec expressions such as
``codecs.list_of(codecs.model(models.SoraCamDevice))`` into its source. The dynamic client takes
the very same expressions (so both clients decode alike by construction) and parses them, with a
strict grammar over the fixed vocabulary, into trees of plain data that the start-up cache can
store: ``"plain"``, ``["model", name]``, ``["enum", name]``, ``["list", tree]``,
``["dict", tree]``, ``["union", name]`` (a named union codec; the blueprint keeps its table).
Nothing is ever `eval`-ed: an expression outside the grammar is a generator bug and raises
`ValueError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.runtime import codecs

__all__ = ["build_codec", "parse_codec"]

_CLASS = re.compile(r"codecs\.(model|enum)\(models\.([A-Za-z_][A-Za-z0-9_]*)\)")
_UNION = re.compile(r"models\.(_U[0-9]+)")
_WRAPPERS = {"codecs.list_of(": "list", "codecs.dict_of(": "dict"}


def parse_codec(expression: str) -> Any:
    """``codecs.list_of(codecs.enum(models.X))`` -> ``["list", ["enum", "X"]]``."""
    if expression == "codecs.PLAIN":
        return "plain"
    for prefix, kind in _WRAPPERS.items():
        if expression.startswith(prefix) and expression.endswith(")"):
            return [kind, parse_codec(expression[len(prefix) : -1])]
    union = _UNION.fullmatch(expression)
    if union is not None:
        return ["union", union[1]]
    match = _CLASS.fullmatch(expression)
    if match is None:
        raise ValueError(f"not a codec expression the dynamic client knows: {expression!r}")
    return [match[1], match[2]]


def build_codec(tree: Any, resolve: Callable[[str, str], Any]) -> codecs.Codec:
    """The runtime `Codec` for a tree; `resolve(kind, name)` gives the model or enum class, or
    for ``"union"`` the union's `Codec`.

    A class that cannot be built (`resolve` returns None: say an enum whose values Python's enum
    machinery refuses) decodes as plain JSON, which keeps every value as received.
    """
    if tree == "plain":
        return codecs.PLAIN
    kind, inner = tree
    if kind == "list":
        return codecs.list_of(build_codec(inner, resolve))
    if kind == "dict":
        return codecs.dict_of(build_codec(inner, resolve))
    cls = resolve(kind, inner)
    if kind == "union":
        return cls if isinstance(cls, codecs.Codec) else codecs.PLAIN
    if cls is None:
        return codecs.PLAIN
    return codecs.model(cls) if kind == "model" else codecs.enum(cls)
