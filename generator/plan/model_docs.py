"""Plan, the models' documentation: each class's docstring and each field's, as text.

The text is the spec's own (title, description; paragraphs and bullet or numbered lists kept as
such), and where a schema says nothing about itself, what the spec says where it is used: the
operations that send or return it and the fields that hold it. Field docs add what the schema
states besides prose: the wire name when it differs, format, allowed values, bounds, default,
and readOnly/writeOnly. `literals.docstring` escapes and wraps the result when it is printed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.ir.model import (
    Api,
    ArraySchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    Operation,
    PrimitiveSchema,
    Property,
    RefSchema,
    Schema,
    UnionSchema,
)
from generator.naming import ClassName, Identifier, Names
from generator.pytypes import TypeTable

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def tidy(text: str) -> str:
    """Spec prose as docstring text: line ends normalized, trailing blanks dropped, and the
    blank lines YAML folding leaves between the items of one list removed, so a list reads as a
    list (paragraphs stay apart)."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    following = ""  # the next non-blank line after a blank run, found once per run
    for index, line in enumerate(lines):
        if not line and _in_item(out):
            if not following or index == 0 or lines[index - 1]:
                following = next((n for n in lines[index + 1 :] if n), "")
            if _LIST_ITEM.match(following):
                continue  # between two items of one list
        out.append(line)
    return "\n".join(out).strip("\n")


def _in_item(out: list[str]) -> bool:
    """The last lines of `out` are one list item (its first line and its continuations)."""
    for line in reversed(out):
        if not line:
            return False
        if _LIST_ITEM.match(line):
            return True
    return False


@dataclass(frozen=True)
class Use:
    """One place the spec uses a class: an operation's body, response or parameter, or a
    field of another model."""

    where: str
    text: str


def uses_of_classes(api: Api, names: Names, table: TypeTable) -> dict[ClassName, list[Use]]:
    """Class name -> the places that use it, in spec order (operations, then model fields)."""
    out: dict[ClassName, list[Use]] = {}

    def add(schema: Schema | None, where: str, text: str) -> None:
        for name, item in _classes_in(schema, names, table):
            uses = out.setdefault(name, [])
            use = Use(("an item of " if item else "") + where, text)
            if use not in uses:
                uses.append(use)

    for op in api.operations:
        method = _method(op, names)
        about = _first_line(op.summary or op.description)
        for media in op.body.media if op.body else ():
            add(media.schema, f"the request body of {method}", about)
        for response in op.responses:
            if response.status[:1] == "2":
                for media in response.media:
                    add(media.schema, f"the response of {method}", about)
        for param, arg in zip(op.parameters, names.operations[id(op)].args, strict=True):
            add(param.schema, f"the `{arg}` argument of {method}", _first_line(param.description))
    for schema in [*api.schemas.values(), *api.inline_models]:
        if isinstance(schema, ObjectSchema):
            owner = names.class_of(schema)
            for attr, prop in zip(names.fields[id(schema)], schema.properties, strict=True):
                text = _first_line(prop.description or prop.schema.description)
                add(prop.schema, f"`{owner}.{attr}`", text)
    return out


def _method(op: Operation, names: Names) -> str:
    """How a user calls `op` (every operation has a tag: the IR gives untagged ones one)."""
    return f"`client.{names.resources[op.tags[0]].attribute}.{names.operations[id(op)].method}()`"


def _classes_in(
    schema: Schema | None, names: Names, table: TypeTable
) -> list[tuple[ClassName, bool]]:
    """The classes a value of `schema` is (False) or holds as items (True), one level deep."""
    out: list[tuple[ClassName, bool]] = []
    todo: list[tuple[Schema | None, bool, int]] = [(schema, False, 0)]
    while todo:
        current, item, depth = todo.pop(0)
        if current is None or depth > 8:
            continue
        current = table.resolve(current)
        if isinstance(current, RefSchema):
            name = names.components.get(current.target)
            if name is not None:
                out.append((name, item))
        elif isinstance(current, (ObjectSchema, EnumSchema)):
            out.append((names.class_of(current), item))
        elif isinstance(current, ArraySchema):
            todo.append((current.items, True, depth + 1))
        elif isinstance(current, MapSchema):
            todo.append((current.values, True, depth + 1))
        elif isinstance(current, UnionSchema):
            todo.extend((v, item, depth + 1) for v in current.variants)
    return out


def _first_line(text: str) -> str:
    """The first paragraph of spec prose, on one line (its lists are the field's to show)."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip() or _LIST_ITEM.match(line):
            break
        lines.append(line.strip())
    return " ".join(lines)


def class_doc(schema: ObjectSchema | EnumSchema, label: str, uses: list[Use]) -> str:
    """A class docstring's text: title and description, else where the spec uses it, else
    `label` (`The X object.`)."""
    title = schema.title.strip() if isinstance(schema, ObjectSchema) else ""
    description = tidy(schema.description)
    if title and description and not description.startswith(title):
        return f"{title}\n\n{description}"
    if description or title:
        return description or title
    if not uses:
        return label
    lead = label.removesuffix(".") + ", used as"
    if len(uses) == 1:
        use = uses[0]
        return f"{lead} {use.where}" + (f": {use.text}" if use.text else ".")
    lines = [f"{lead}:\n"]
    lines += [f"- {u.where}" + (f": {u.text}" if u.text else "") for u in uses]
    return "\n".join(lines)


def field_doc(attr: Identifier, prop: Property, table: TypeTable, api: Api) -> str:
    """A field's attribute docstring text: its description, then what the schema states."""
    text = tidy(prop.description or prop.schema.description)
    notes: list[str] = []
    if attr != prop.wire:
        notes.append(f"Wire name `{prop.wire}`.")
    schema = table.entry(prop.schema).resolved
    if isinstance(schema, RefSchema):
        schema = api.schemas.get(schema.target, schema)
    raw = schema.raw if isinstance(schema.raw, dict) else {}
    if isinstance(schema, PrimitiveSchema) and schema.format and schema.format != schema.type:
        notes.append(f"Format: `{schema.format}`.")
    if isinstance(schema, EnumSchema) and schema.values:
        shown = [_code(v) for v in schema.values]
        if not all(s in text for s in shown):
            more = len(shown) - 12
            notes.append(
                "One of: " + ", ".join(shown[:12]) + (f" and {more} more." if more > 0 else ".")
            )
    bounds = _bounds(raw)
    if bounds:
        notes.append(bounds)
    own = prop.schema.raw if isinstance(prop.schema.raw, dict) else {}
    if "default" in own or "default" in raw:
        notes.append(f"Server default: {_code(own.get('default', raw.get('default')))}.")
    if prop.read_only:
        notes.append("Read-only: set by the server, refused in a request.")
    if prop.write_only:
        notes.append("Write-only: sent in requests, UNSET in responses.")
    if not notes:
        return text
    return f"{text}\n\n{' '.join(notes)}" if text else " ".join(notes)


def _bounds(raw: dict[str, Any]) -> str:
    parts = []
    for key, what in (
        ("minimum", "at least"),
        ("maximum", "at most"),
        ("minLength", "length at least"),
        ("maxLength", "length at most"),
        ("minItems", "items at least"),
        ("maxItems", "items at most"),
    ):
        value = raw.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            exclusive = key in ("minimum", "maximum") and raw.get(f"exclusive{key.title()}") is True
            parts.append(f"{what} {value}" + (" (exclusive)" if exclusive else ""))
    return ("Bounds: " + ", ".join(parts) + ".") if parts else ""


def _code(value: Any) -> str:
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{shown}`"
