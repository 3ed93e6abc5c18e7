"""Method docstrings: the same text the generated methods carry, for `help()` and `__doc__`.

The text is assembled as `render._method_docstring` does (summary, the HTTP line, deprecation,
description, an Args section) and wrapped by the same `literals.docstring`, so a dynamic method's
`inspect.getdoc()` equals the generated method's (a parity test checks all 66 SoraCam methods).
`render` itself is not imported: it loads Jinja, which the dynamic client does not otherwise need.
`literals.docstring` returns a Python string literal; `ast.literal_eval` reads it back, which
evaluates a literal and nothing else.
"""

from __future__ import annotations

import ast
from typing import Any

from generator import literals

__all__ = ["method_doc"]

METHOD_INDENT = 8
"""Generated methods are indented by 8 spaces; wrapping width depends on it."""


def method_doc(op: dict[str, Any]) -> str:
    """The docstring of one operation method, from its `describe_operations` entry."""
    summary = op["summary"] or op["operation_id"]
    text = summary
    text += f"\n\n`{op['http_method']} {op['path']}` (operationId `{op['operation_id']}`)."
    if op["deprecated"]:
        text += "\n\nDeprecated: the spec marks this operation as deprecated."
    if op["description"] and op["description"].strip() != summary.strip():
        text += "\n\n" + op["description"]
    args = []
    for arg in op["args"]:
        doc = " ".join(str(arg.get("doc") or "").split())
        if arg.get("has_default"):
            doc += f" Server default: {literals.py_literal(arg['default'])}."
        if arg.get("deprecated"):
            doc += " Deprecated."
        args.append((arg["name"], doc.strip()))
    args.append(("timeout", "Override the client's timeout for this call."))
    literal = literals.docstring(text, METHOD_INDENT, [("Args", args)])
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value
