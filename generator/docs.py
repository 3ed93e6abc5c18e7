"""Docstrings of operation methods, the one source for the generated and the dynamic client.

One function builds each text (summary, the HTTP line, deprecation, description, and the Args,
Returns and Raises sections) and `literals.docstring` wraps and escapes it into a literal,
stored in the plan's contexts: the templates print that literal, and the dynamic client reads
the same literal back with `doc_text` (`ast.literal_eval`, which evaluates a literal and nothing
else). So a dynamic method's `inspect.getdoc()` equals the generated method's by construction (a
parity test checks every SoraCam method, sync and async, plain and raw). No Jinja here.

Each operation is documented once in the generated source, on its sync method. The async method
carries its summary and points to the sync one: the arguments are the same, an editor's hover
still says what the method does, and a resource module is not two copies of the same text.
Raw-response methods are wrappers that inherit the docstring (`functools.wraps`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from generator import literals

if TYPE_CHECKING:
    from generator.plan.contexts import OperationContext, PaginationContext

__all__ = [
    "METHOD_INDENT",
    "DocParts",
    "async_doc_parts",
    "async_docstring",
    "doc_text",
    "doc_value",
    "method_doc_parts",
    "method_docstring",
    "paging_doc_parts",
    "paging_docstrings",
    "raised_errors",
    "raises",
]

METHOD_INDENT = 8
"""Methods are indented by 8 spaces in a resource class; wrapping width depends on it."""


DocParts = tuple[str, int, list[tuple[str, list[tuple[str, str]]]]]
"""What `literals.docstring` makes a literal of: text, indent and sections (plain data, so the
dynamic client's blueprint can keep it and wrap it only when a method is first used)."""


def method_doc_parts(op: OperationContext, indent: int = METHOD_INDENT) -> DocParts:
    """The docstring of one operation's sync method, before wrapping."""
    summary = op.summary or op.operation_id
    text = summary
    text += f"\n\n`{op.http_method} {op.path}` (operationId `{op.operation_id}`)."
    if op.deprecated:
        text += "\n\nDeprecated: the spec marks this operation as deprecated."
    if op.description and op.description.strip() != summary.strip():
        text += "\n\n" + op.description
    args: list[tuple[str, str]] = []
    for arg in op.args:
        doc = " ".join(arg.doc.split())
        if arg.has_default:
            doc += f" Server default: {literals.py_literal(arg.default)}."
        if arg.deprecated:
            doc += " Deprecated."
        args.append((arg.name, doc.strip()))
    args.append(("timeout", "Override the client's timeout for this call."))
    returns = (
        (op.returns, "The decoded body of the success response.")
        if op.returns != "None"
        else ("None", "The success response has no body.")
    )
    return text, indent, [("Args", args), ("Returns", [returns]), ("Raises", raises(op))]


def raised_errors(statuses: list[str]) -> list[tuple[str, str]]:
    """(error class, status) for each documented non-2xx response, as `errors.status_error`
    maps it (`default` and unlisted 4xx: `ApiStatusError`); the README lists these too."""
    from generator.runtime_facts import status_error_names  # cached: read once per process

    named = status_error_names()
    out: list[tuple[str, str]] = []
    for status in statuses:
        if status[:1] in ("1", "2", "3"):
            continue
        if status[:1] == "5":
            out.append(("InternalServerError", status))
        elif status.isdigit() and int(status) in named:
            out.append((named[int(status)], status))
        else:
            out.append(("ApiStatusError", status))
    return out


def raises(op: OperationContext) -> list[tuple[str, str]]:
    """The Raises section: the error class of each documented error status, then what any call
    may raise (`runtime/errors.py` draws the whole tree)."""
    grouped: dict[str, list[str]] = {}
    for name, status in raised_errors([r.status for r in op.responses]):
        grouped.setdefault(name, []).append(
            "any other error status" if status == "default" else status
        )
    out = [(name, f"The server answered {', '.join(found)}.") for name, found in grouped.items()]
    if "ApiStatusError" not in grouped:
        out.append(("ApiStatusError", "Any other error status (4XX, 5XX)."))
    out.append(
        (
            "ApiError",
            "Any other failure: arguments the spec refuses, a response that cannot be read or "
            "breaks the spec, no response (the `errors` module draws the tree).",
        )
    )
    return out


def method_docstring(op: OperationContext, indent: int = METHOD_INDENT) -> str:
    """The docstring literal of one operation's sync method."""
    return literals.docstring(*method_doc_parts(op, indent))


def async_doc_parts(summary: str, sync_method: str, indent: int = METHOD_INDENT) -> DocParts:
    """The docstring of an async method, before wrapping: `summary` and where the full text is."""
    text = f"{summary}\n\nThe async form of `{sync_method}`: same arguments, documented there."
    return text, indent, []


def async_docstring(summary: str, sync_method: str, indent: int = METHOD_INDENT) -> str:
    """The docstring literal of an async method: `summary` and where the full text is."""
    return literals.docstring(*async_doc_parts(summary, sync_method, indent))


def paging_doc_parts(
    op: OperationContext, paging: PaginationContext, sync_class: str, indent: int = METHOD_INDENT
) -> tuple[DocParts, DocParts, DocParts, DocParts]:
    """The docstrings of `iter_<method>` (items) and `iter_<method>_pages` (pages), sync then
    async (the async ones point to the sync ones), before wrapping."""
    summary = op.summary or op.operation_id
    pages_first = f"Every page of `{op.method_name}`: {summary}"
    pages_text = (
        f"{pages_first}\n\n`for page in ...`: each `Page` has `items`, `response` (status, "
        "headers, parsed value) and `next_key`."
    )
    items_text = f"Every item of `{op.method_name}`, page after page: {summary}"
    if paging.list_items:
        what = "the elements of each page's array"
    else:
        what = "each page's whole value (the page is an object: one item per page)"
    rules = (
        f"\n\nItems are {what}. The `{paging.header}` header of each response is sent back as "
        f"`{paging.param}` (converted to {paging.key_type}); iteration ends when it is "
        "absent. Raises `PaginationError` when the key cannot be converted or repeats, and "
        "every error the plain method raises."
    )
    args: list[tuple[str, str]] = [(arg.name, " ".join(arg.doc.split())) for arg in op.args]
    args.append(("max_items", "Stop after this many items (None: no limit)."))
    args.append(("max_pages", "Request at most this many pages (None: no limit)."))
    args.append(("timeout", "Override the client's timeout for each request."))
    sections = [("Args", args)]
    return (
        (items_text + rules, indent, sections),
        (pages_text + rules, indent, sections),
        async_doc_parts(items_text, f"{sync_class}.{paging.iter_items}", indent),
        async_doc_parts(pages_first, f"{sync_class}.{paging.iter_pages}", indent),
    )


def paging_docstrings(
    op: OperationContext, paging: PaginationContext, sync_class: str, indent: int = METHOD_INDENT
) -> tuple[str, str, str, str]:
    """Docstring literals of `iter_<method>` (items) and `iter_<method>_pages` (pages), sync
    then async (the async ones point to the sync ones)."""
    items, pages, async_items, async_pages = paging_doc_parts(op, paging, sync_class, indent)
    return (
        literals.docstring(*items),
        literals.docstring(*pages),
        literals.docstring(*async_items),
        literals.docstring(*async_pages),
    )


def doc_value(parts: DocParts | list[Any]) -> str:
    """The string the docstring literal of `parts` (or of its list form, as the dynamic
    client's blueprint holds it) evaluates to: what `__doc__` holds."""
    text, indent, sections = parts
    return doc_text(literals.docstring(text, indent, sections))


def doc_text(literal: str) -> str:
    """The string a docstring literal (as the generated source spells it) evaluates to."""
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value
