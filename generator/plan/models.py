"""Plan, the models: one typed context per model class, enum, alias and union codec, grouped
into lazily loaded modules by the tags that reach them, in the order they are printed.

Types come from the API's `TypeTable` (decided once); docstrings from `model_docs`. Each
module's definitions are ordered so that a class's field bindings (`X.bind_fields(...)`, the
wire names and codecs) follow the class body directly: a class comes after the classes and
union codecs its fields decode with (its enums, nested objects), except around a cycle, where a
binding waits until the last class it needs exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, Literal

from generator.ir.model import Api, EnumSchema, ObjectSchema
from generator.naming import ClassName, ConstantName, Identifier, Names
from generator.plan.annotations import mentions, mentions_any
from generator.plan.contexts import ResourceContext
from generator.plan.model_docs import Use, class_doc, field_doc, uses_of_classes
from generator.pytypes import TypeTable

_ENUM_BASES = {"string": "OpenStrEnum", "integer": "OpenIntEnum", "number": "OpenFloatEnum"}


@dataclass(frozen=True)
class ModelField:
    """One attribute of a model class: its annotation as read (`| Unset` when a direction may
    omit it) and as a constructor parameter, its codec, and its attribute docstring text."""

    name: Identifier
    wire: str
    annotation: str
    param_annotation: str
    required: bool  # by the constructor: required in requests (never a readOnly property)
    codec: str
    doc: str
    read_only: bool
    write_only: bool


@dataclass(frozen=True)
class ObjectModel:
    name: ClassName
    doc: str
    fields: tuple[ModelField, ...]
    kind: Literal["object"] = "object"


@dataclass(frozen=True)
class EnumMember:
    name: ConstantName
    value: Any


@dataclass(frozen=True)
class EnumModel:
    name: ClassName
    doc: str
    base: str  # OpenStrEnum | OpenIntEnum | OpenFloatEnum
    members: tuple[EnumMember, ...]
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class TypeAliasModel:
    name: ClassName
    annotation: str
    doc: str
    kind: Literal["alias"] = "alias"


@dataclass(frozen=True)
class UnionModel:
    """One union codec `_Un`: discriminator property, value -> branch, (validator, codec) per
    branch, and `first` (anyOf: the first accepting branch wins)."""

    name: str
    prop: str | None
    tags: tuple[tuple[str, int], ...]
    branches: tuple[tuple[str, str], ...]
    first: bool
    kind: Literal["union"] = "union"


@dataclass(frozen=True)
class Binding:
    """`model.bind_fields(...)`: printed once every name its codecs use is defined."""

    model: ObjectModel
    kind: Literal["bind"] = "bind"


ModelClass = ObjectModel | EnumModel
Definition = ObjectModel | EnumModel | TypeAliasModel | UnionModel | Binding


@dataclass(frozen=True)
class Models:
    """Every class (components in spec order, then inline ones), alias and union codec."""

    classes: tuple[ModelClass, ...]
    aliases: tuple[TypeAliasModel, ...]
    unions: tuple[UnionModel, ...]


@dataclass(frozen=True)
class ModelModule:
    """One `models/<module>.py`: its members, what it prints in order, and its imports."""

    module: str
    classes: tuple[ModelClass, ...]  # sorted by name, for `__all__`
    aliases: tuple[TypeAliasModel, ...]
    definitions: tuple[Definition, ...]
    import_groups: tuple[tuple[str, ...], tuple[str, ...]]  # standard library, package


@dataclass(frozen=True)
class ModelsInit:
    """`models/__init__.py`: every public name and the module that defines it."""

    classes: tuple[ModelClass, ...]  # every model, in definition order (surface.py reads them)
    aliases: tuple[TypeAliasModel, ...]
    exports: tuple[str, ...]
    homes: tuple[tuple[str, str], ...]
    by_module: tuple[tuple[str, tuple[str, ...]], ...]


def context_of(plan: Any) -> dict[str, Any]:
    """A typed plan's fields as a template context (shallow: the values stay typed)."""
    return {f.name: getattr(plan, f.name) for f in fields(plan)}


def collect_models(api: Api, names: Names, table: TypeTable) -> Models:
    uses = uses_of_classes(api, names, table)
    classes: list[ModelClass] = []
    aliases: list[TypeAliasModel] = []
    for component, schema in api.schemas.items():
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            classes.append(_model_class(schema, api, names, table, uses))
        else:
            name = names.components[component]
            aliases.append(TypeAliasModel(name, table.entry(schema).annotation, schema.description))
    for schema in api.inline_models:
        assert isinstance(schema, (ObjectSchema, EnumSchema))  # what the IR makes classes of
        classes.append(_model_class(schema, api, names, table, uses))
    unions = tuple(
        UnionModel(
            name=u.name,
            prop=u.prop,
            tags=tuple(sorted(u.tags)),
            branches=tuple((f"_v.validate_{check}", codec) for check, codec in u.branches),
            first=u.first,
        )
        for u in table.unions()
    )
    return Models(tuple(classes), tuple(aliases), unions)


def _model_class(
    schema: ObjectSchema | EnumSchema,
    api: Api,
    names: Names,
    table: TypeTable,
    uses: dict[ClassName, list[Use]],
) -> ModelClass:
    name = names.class_of(schema)
    if isinstance(schema, EnumSchema):
        label = f"Values of {'.'.join(schema.hint)}."
        return EnumModel(
            name=name,
            doc=class_doc(schema, label, uses.get(name, [])),
            base=_ENUM_BASES.get(schema.type, "OpenStrEnum"),
            members=tuple(
                EnumMember(member, value)
                for member, value in zip(names.members[id(schema)], schema.values, strict=True)
            ),
        )
    model_fields = []
    for attr, prop in zip(names.fields[id(schema)], schema.properties, strict=True):
        entry = table.entry(prop.schema)
        # One model serves both directions: the attribute may be UNSET unless the property is
        # present in both (required, neither readOnly nor writeOnly); the constructor builds
        # requests, so it requires only what a request requires (readOnly never).
        present_always = prop.required and not (prop.read_only or prop.write_only)
        init_required = prop.required and not prop.read_only
        model_fields.append(
            ModelField(
                name=attr,
                wire=prop.wire,
                annotation=entry.annotation + ("" if present_always else " | Unset"),
                param_annotation=entry.annotation + ("" if init_required else " | Unset"),
                required=init_required,
                codec=entry.codec,
                doc=field_doc(attr, prop, table, api),
                read_only=prop.read_only,
                write_only=prop.write_only,
            )
        )
    model_fields.sort(key=lambda f: not f.required)  # required keyword arguments first
    label = f"The {'.'.join(schema.hint)} object."
    return ObjectModel(name, class_doc(schema, label, uses.get(name, [])), tuple(model_fields))


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _mentioned(texts: list[str], known: set[str]) -> list[str]:
    """The known names `texts` mention, in order of first mention."""
    out: list[str] = []
    for text in texts:
        for word in _WORD.findall(text):
            if word in known and word not in out:
                out.append(word)
    return out


def _annotation_refs(item: ModelClass | TypeAliasModel | UnionModel, known: set[str]) -> set[str]:
    """The model, alias and union names an item's annotations and codecs mention."""
    texts: list[str] = []
    if isinstance(item, ObjectModel):
        texts += [t for f in item.fields for t in (f.annotation, f.codec)]
    elif isinstance(item, TypeAliasModel):
        texts.append(item.annotation)
    elif isinstance(item, UnionModel):
        texts += [codec for _, codec in item.branches]
    return set(_mentioned(texts, known)) - {item.name}


def _codec_needs(item: ModelClass | TypeAliasModel | UnionModel, known: set[str]) -> list[str]:
    """The names that must exist before an item's codecs run at import: a class's bindings
    and a union codec's branches (annotations are strings and need nothing)."""
    if isinstance(item, ObjectModel):
        return [n for n in _mentioned([f.codec for f in item.fields], known) if n != item.name]
    if isinstance(item, UnionModel):
        return [n for n in _mentioned([c for _, c in item.branches], known) if n != item.name]
    return []


def _definition_order(
    items: list[ModelClass | TypeAliasModel | UnionModel],
) -> tuple[Definition, ...]:
    """Definitions in print order: depth first from each item in plan order, what a class
    decodes with before it, and each class's `Binding` as soon as everything it needs exists
    (right after the class body, unless a cycle makes it wait)."""
    by_name = {item.name: item for item in items}
    known = set(by_name)
    needs = {item.name: _codec_needs(item, known) for item in items}
    out: list[Definition] = []
    defined: set[str] = set()
    waiting: list[ObjectModel] = []
    seen: set[str] = set()

    def define(name: str) -> None:
        item = by_name[name]
        out.append(item)
        defined.add(name)
        if isinstance(item, ObjectModel):
            waiting.insert(0, item)  # its own binding first, then the ones it completes
        for model in list(waiting):
            if all(n in defined for n in needs[model.name]):
                waiting.remove(model)
                out.append(Binding(model))

    for root in items:
        stack: list[tuple[str, bool]] = [(root.name, False)]
        while stack:
            name, ready = stack.pop()
            if ready:
                if name not in defined:
                    if isinstance(by_name[name], UnionModel):  # runs at import: inside a
                        for need in needs[name]:  # cycle, its classes are defined first
                            if need not in defined and not isinstance(by_name[need], UnionModel):
                                define(need)
                    define(name)
                continue
            if name in seen:
                continue
            seen.add(name)
            stack.append((name, True))
            stack.extend((need, False) for need in reversed(needs[name]) if need not in seen)
    assert not waiting, f"bindings left unprinted: {[m.name for m in waiting]}"
    return tuple(out)


def model_groups(
    models: Models, resources: list[ResourceContext]
) -> tuple[ModelsInit, list[ModelModule]]:
    """Split the models into modules that load on first use: the package stays cheap to import.

    A model reached (through fields, aliases, union branches) from the operations of one tag
    only lives in that tag's module `_tag_<resource>`; one reached from several tags lives in
    `_shared`, one reached from none in `_unreferenced`. References then only point from a tag
    module to `_shared` and from `_unreferenced` to either, so modules import each other
    without cycles, and one resource loads its own models plus the shared ones.
    """
    items: list[ModelClass | TypeAliasModel | UnionModel] = [
        *models.classes,
        *models.aliases,
        *models.unions,
    ]
    known = {item.name for item in items}
    refs = {item.name: _annotation_refs(item, known) for item in items}
    reached_by: dict[str, list[str]] = {item.name: [] for item in items}
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
    groups: list[ModelModule] = []
    modules = sorted(set(home.values()), key=order.index)
    for module in modules:
        members = [item for item in items if home[item.name] == module]
        own = {item.name for item in members}
        imports: dict[str, set[str]] = {}
        for name in own:
            for ref in refs[name] - own:
                imports.setdefault(home[ref], set()).add(ref)
        classes = [i for i in members if isinstance(i, (ObjectModel, EnumModel))]
        aliases = [i for i in members if isinstance(i, TypeAliasModel)]
        unions = [i for i in members if isinstance(i, UnionModel)]
        groups.append(
            ModelModule(
                module=module,
                classes=tuple(sorted(classes, key=lambda c: c.name)),
                aliases=tuple(sorted(aliases, key=lambda a: a.name)),
                definitions=_definition_order(members),
                import_groups=_imports(classes, aliases, unions, imports),
            )
        )
    public = sorted([c.name for c in models.classes] + [a.name for a in models.aliases])
    init = ModelsInit(
        classes=models.classes,
        aliases=models.aliases,
        exports=tuple(public),
        homes=tuple(sorted(home.items())),
        by_module=tuple(
            (m, tuple(sorted((n for n in public if home[n] == m), key=_isort_key)))
            for m in sorted(modules)
        ),
    )
    return init, groups


def _imports(
    classes: list[ModelClass],
    aliases: list[TypeAliasModel],
    unions: list[UnionModel],
    siblings: dict[str, set[str]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The import lines of one models module, grouped and ordered as isort (ruff) wants."""
    objects = [c for c in classes if isinstance(c, ObjectModel)]
    model_fields = [f for c in objects for f in c.fields]
    uses_any = bool(objects) or any(mentions_any(a.annotation) for a in aliases)
    std: list[str] = []
    if objects:
        std.append("from collections.abc import Mapping")
    typing = (["Any"] if uses_any else []) + (["TypeAlias"] if aliases else [])
    if typing:
        std.append("from typing import " + ", ".join(typing))
    local: list[str] = []
    if objects or unions:
        local.append("from .._runtime import codecs")
    enum_bases = sorted({c.base for c in classes if isinstance(c, EnumModel)})
    if enum_bases:
        local.append("from .._runtime.enums import " + ", ".join(enum_bases))
    if unions:
        local.append("from .._runtime.lazy import validators as _v")
    if objects:
        local.append("from .._runtime.models import Field, Model")
    uses_file = any(mentions(f.annotation, "FileInput") for f in model_fields) or any(
        mentions(a.annotation, "FileInput") for a in aliases
    )
    runtime_types = (
        (["UNSET"] if any(not f.required for f in model_fields) else [])
        + (["FileInput"] if uses_file else [])
        + (["Unset"] if any("| Unset" in f.annotation for f in model_fields) else [])
    )
    if runtime_types:
        local.append("from .._runtime.types import " + ", ".join(runtime_types))
    for source in sorted(siblings):
        names = sorted(siblings[source], key=_isort_key)
        local.append(f"from .{source} import " + ", ".join(names))
    return tuple(std), tuple(local)


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
