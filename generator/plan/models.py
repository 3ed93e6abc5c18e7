"""Plan, the models: one context per model class, alias and union, grouped into lazily
loaded modules by the tags that reach them."""

from __future__ import annotations

import re
from typing import Any

from generator.ir.model import (
    Api,
    EnumSchema,
    ObjectSchema,
    Schema,
)
from generator.naming import Names
from generator.plan.annotations import mentions, mentions_any
from generator.plan.contexts import ResourceContext
from generator.pytypes import TypeMapper


def collect_models(api: Api, names: Names, types: TypeMapper) -> dict[str, Any]:
    classes: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    for component, schema in api.schemas.items():
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            classes.append(_model_class(schema, names, types))
        else:
            aliases.append(
                {
                    "name": names.components[component],
                    "annotation": types.annotation(schema),
                    "doc": schema.description,
                }
            )
    for schema in api.inline_models:
        classes.append(_model_class(schema, names, types))
    unions = [
        {
            "name": u.name,
            "prop": u.prop,
            "tags": sorted(u.tags),
            "branches": [(f"_v.validate_{check}", codec) for check, codec in u.branches],
            "first": u.first,
        }
        for u in types.unions()
    ]
    return {"classes": classes, "aliases": aliases, "unions": unions}


def _model_uses(
    classes: list[dict[str, Any]], aliases: list[dict[str, Any]], unions: list[dict[str, Any]]
) -> dict[str, Any]:
    """Which imports one models module needs."""
    objects = [c for c in classes if c["kind"] == "object"]
    return {
        "unions": bool(unions),
        "objects": bool(objects),
        "aliases": bool(aliases),
        "any": bool(objects) or any(mentions_any(a["annotation"]) for a in aliases),
        "enum_bases": sorted({c["base"] for c in classes if c["kind"] == "enum"}),
        "unset": [
            name
            for name, used in (
                ("UNSET", any(not f["required"] for c in objects for f in c["fields"])),
                ("Unset", any("| Unset" in f["annotation"] for c in objects for f in c["fields"])),
            )
            if used
        ],
        "file": any(mentions(f["annotation"], "FileInput") for c in objects for f in c["fields"])
        or any(mentions(a["annotation"], "FileInput") for a in aliases),
    }


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _model_refs(item: dict[str, Any], known: set[str]) -> set[str]:
    """The model, alias and union names an item's annotations and codecs mention."""
    texts: list[str] = []
    if "fields" in item:
        texts += [t for f in item["fields"] for t in (f["annotation"], f["codec"])]
    if "annotation" in item:
        texts.append(item["annotation"])
    if "branches" in item:
        texts += [codec for _, codec in item["branches"]]
    return {w for t in texts for w in _WORD.findall(t) if w in known} - {item["name"]}


def model_groups(
    models: dict[str, Any], resources: list[ResourceContext]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Split the models into modules that load on first use: the package stays cheap to import.

    A model reached (through fields, aliases, union branches) from the operations of one tag
    only lives in that tag's module `_tag_<resource>`; one reached from several tags lives in
    `_shared`, one reached from none in `_unreferenced`. References then only point from a tag
    module to `_shared` and from `_unreferenced` to either, so modules import each other
    without cycles, and one resource loads its own models plus the shared ones.
    """
    kinds = (
        ("classes", models["classes"]),
        ("aliases", models["aliases"]),
        ("unions", models["unions"]),
    )
    items = {item["name"]: (kind, item) for kind, group in kinds for item in group}
    known = set(items)
    refs = {name: _model_refs(item, known) for name, (_, item) in items.items()}
    reached_by: dict[str, list[str]] = {name: [] for name in items}
    for resource in resources:
        texts = resource.type_texts
        stack = sorted(
            {w for t in texts for w in re.findall(r"models\.([A-Za-z_][A-Za-z0-9_]*)", t)} & known
        )
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(refs[name] - seen)
        for name in seen:
            reached_by[name].append(resource.module)
    home = {
        name: "_shared" if len(tags) > 1 else f"_tag_{tags[0]}" if tags else "_unreferenced"
        for name, tags in reached_by.items()
    }
    order = [f"_tag_{r.module}" for r in resources] + ["_shared", "_unreferenced"]
    groups: list[dict[str, Any]] = []
    modules = sorted(set(home.values()), key=order.index)
    for module in modules:
        members = {kind: [i for i in group if home[i["name"]] == module] for kind, group in kinds}
        own = {i["name"] for group in members.values() for i in group}
        imports: dict[str, set[str]] = {}
        for name in own:
            for ref in refs[name] - own:
                imports.setdefault(home[ref], set()).add(ref)
        groups.append(
            {
                "module": module,
                **members,
                "uses": _model_uses(members["classes"], members["aliases"], members["unions"]),
                "imports": [(m, sorted(imports[m], key=_isort_key)) for m in sorted(imports)],
            }
        )
    public = sorted([c["name"] for c in models["classes"]] + [a["name"] for a in models["aliases"]])
    init = {
        "classes": models["classes"],  # every model, in definition order (surface.py reads them)
        "aliases": models["aliases"],
        "exports": public,
        "homes": sorted(home.items()),
        "by_module": [
            (m, sorted((n for n in public if home[n] == m), key=_isort_key))
            for m in sorted(modules)
        ],
    }
    return init, groups


def _isort_key(name: str) -> tuple[int, list[tuple[int, ...]]]:
    """ruff's isort member order: CONSTANTS, Classes, then the rest, each compared case-blind
    in natural order (strnatcmp: a digit run sorts before letters, by value, but one with a
    leading zero compares digit by digit), so the generated imports pass `ruff check`."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    key: list[tuple[int, ...]] = []
    for piece in re.split(r"(\d+)", name.lower()):
        if piece.isdigit():
            key.append(
                (48, 0, *map(ord, piece)) if piece[0] == "0" else (48, 1, len(piece), int(piece))
            )
        else:
            key.extend((ord(c),) for c in piece)
    return (kind, key)


_ENUM_BASES = {"string": "OpenStrEnum", "integer": "OpenIntEnum", "number": "OpenFloatEnum"}


def _model_class(schema: Schema, names: Names, types: TypeMapper) -> dict[str, Any]:
    name = names.class_of(schema)
    if isinstance(schema, EnumSchema):
        return {
            "kind": "enum",
            "name": name,
            "doc": schema.description or f"Values of {'.'.join(schema.hint)}.",
            "base": _ENUM_BASES.get(schema.type, "OpenStrEnum"),
            "members": [
                {"name": member, "value": value}
                for member, value in zip(names.members[id(schema)], schema.values, strict=True)
            ],
        }
    assert isinstance(schema, ObjectSchema)
    fields = []
    for attr, prop in zip(names.fields[id(schema)], schema.properties, strict=True):
        annotation = types.annotation(prop.schema)
        # One model serves both directions: the attribute may be UNSET unless the property is
        # present in both (required, neither readOnly nor writeOnly); the constructor builds
        # requests, so it requires only what a request requires (readOnly never).
        present_always = prop.required and not (prop.read_only or prop.write_only)
        init_required = prop.required and not prop.read_only
        fields.append(
            {
                "name": attr,
                "wire": prop.wire,
                "annotation": annotation + ("" if present_always else " | Unset"),
                "param_annotation": annotation + ("" if init_required else " | Unset"),
                "required": init_required,
                "codec": types.codec(prop.schema),
                "doc": prop.description or prop.schema.description,
                "read_only": prop.read_only,
                "write_only": prop.write_only,
            }
        )
    fields.sort(key=lambda f: not f["required"])  # required keyword arguments first, for reading
    return {
        "kind": "object",
        "name": name,
        "doc": schema.description or schema.title or f"The {'.'.join(schema.hint)} object.",
        "fields": fields,
    }


# --- operations and resources ----------------------------------------------------------
