"""Docstring text of operation methods, shared by the templates and the dynamic client.

One function builds it (summary, the HTTP line, deprecation, description, an Args section) and
`literals.docstring` wraps and escapes it, so a dynamic method's `__doc__` is the generated
method's docstring by construction. No Jinja here: the dynamic client does not load it.
"""

from __future__ import annotations

from typing import Any

from generator import literals


def method_docstring(op: dict[str, Any], indent: int) -> str:
    """The docstring literal of one operation method, from its `describe_operations` entry."""
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
    return literals.docstring(text, indent, [("Args", args)])
