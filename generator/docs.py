"""Docstrings of operation methods, the one source for the generated and the dynamic client.

One function builds each text (summary, the HTTP line, deprecation, description, an Args
section) and `literals.docstring` wraps and escapes it into a literal: the templates print that
literal (the `method_docstring` and `paging_docstring` filters of `generator.render`), and the
dynamic client reads the same literal back with `ast.literal_eval` (`method_doc`,
`paging_docs`), which evaluates a literal and nothing else. So a dynamic method's
`inspect.getdoc()` equals the generated method's by construction (a parity test checks every
SoraCam method). No Jinja here: the dynamic client does not load it.
"""

from __future__ import annotations

import ast
from typing import Any

from generator import literals

__all__ = ["METHOD_INDENT", "method_doc", "method_docstring", "paging_docs", "paging_docstring"]

METHOD_INDENT = 8
"""Generated methods are indented by 8 spaces; wrapping width depends on it."""


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


def method_doc(op: dict[str, Any]) -> str:
    """The `__doc__` of one operation method (the generated method's docstring, as text)."""
    return _text(method_docstring(op, METHOD_INDENT))


def paging_docs(op: dict[str, Any]) -> list[str]:
    """The `__doc__`s of `iter_<method>` and `iter_<method>_pages` for [sync, async] (so 4 texts:
    items sync, pages sync, items async, pages async)."""
    return [
        _text(paging_docstring(op, METHOD_INDENT, pages, is_async))
        for is_async in (False, True)
        for pages in (False, True)
    ]


def _text(literal: str) -> str:
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value
