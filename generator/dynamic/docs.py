"""Method docstrings: the same text the generated methods carry, for `help()` and `__doc__`.

The text comes from `generator.docs.method_docstring`, the function the templates use, so a
dynamic method's `inspect.getdoc()` equals the generated method's (a parity test checks all 66
SoraCam methods). It returns a Python string literal; `ast.literal_eval` reads it back, which
evaluates a literal and nothing else.
"""

from __future__ import annotations

import ast
from typing import Any

from generator.docs import method_docstring, paging_docstring

__all__ = ["method_doc", "paging_docs"]

METHOD_INDENT = 8
"""Generated methods are indented by 8 spaces; wrapping width depends on it."""


def method_doc(op: dict[str, Any]) -> str:
    """The docstring of one operation method, from its `describe_operations` entry."""
    value = ast.literal_eval(method_docstring(op, METHOD_INDENT))
    assert isinstance(value, str)
    return value


def paging_docs(op: dict[str, Any]) -> list[str]:
    """Docstrings of `iter_<method>` and `iter_<method>_pages` for [sync, async] (so 4 texts:
    items sync, pages sync, items async, pages async)."""
    out = []
    for is_async in (False, True):
        for pages in (False, True):
            value = ast.literal_eval(paging_docstring(op, METHOD_INDENT, pages, is_async))
            assert isinstance(value, str)
            out.append(value)
    return out
