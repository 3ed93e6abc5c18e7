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


def paging_docstring(op: dict[str, Any], indent: int, pages: bool, is_async: bool) -> str:
    """The docstring of `iter_<method>` (items) or `iter_<method>_pages` (pages)."""
    paging = op["pagination"]
    summary = op["summary"] or op["operation_id"]
    loop = "async for" if is_async else "for"
    if pages:
        text = f"Every page of `{op['method_name']}`: {summary}"
        text += (
            f"\n\n`{loop} page in ...`: each `Page` has `items`, `response` (status, headers, "
            "parsed value) and `next_key`."
        )
    else:
        text = f"Every item of `{op['method_name']}`, page after page: {summary}"
    if paging["list_items"]:
        what = "the elements of each page's array"
    else:
        what = "each page's whole value (the page is an object: one item per page)"
    text += (
        f"\n\nItems are {what}. The `{paging['header']}` header of each response is sent back as "
        f"`{paging['param']}` (converted to {paging['key_type']}); iteration ends when it is "
        "absent. Raises `PaginationError` when the key cannot be converted or repeats, and "
        "every error the plain method raises."
    )
    args = [(arg["name"], " ".join(str(arg.get("doc") or "").split())) for arg in op["args"]]
    args.append(("max_items", "Stop after this many items (None: no limit)."))
    args.append(("max_pages", "Request at most this many pages (None: no limit)."))
    args.append(("timeout", "Override the client's timeout for each request."))
    return literals.docstring(text, indent, [("Args", args)])
