"""Method docstrings: the same text the generated methods carry, for `help()` and `__doc__`.

The plan's contexts hold each docstring as the Python literal the templates print (built by
`generator.docs`), so a dynamic method's `inspect.getdoc()` equals the generated method's (a
parity test checks every SoraCam method, sync and async, plain and raw). `ast.literal_eval`
reads a literal back: it evaluates a literal and nothing else.
"""

from __future__ import annotations

import ast

__all__ = ["doc_text"]


def doc_text(literal: str) -> str:
    """The string a docstring literal (as the generated source spells it) evaluates to."""
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value
