"""Model and enum classes made at runtime from the blueprint's model tables.

Dynamic models subclass the runtime `Model`, the base generated models use, so `from_dict`,
`to_dict`, `additional_properties`, `UNSET` and equality behave identically; they differ only in
being made with `type()` instead of being written out. Enums are the runtime's open enums
(`OpenStrEnum`...), so unknown values are kept as pseudo-members, as in the generated client.
Classes live in a `ModelNamespace` (`client.models.SoraCamDevice`), where they can also be built
by hand for request bodies: ``client.models.SoraCamAtomCamSettingsRotation(state=180)``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from generator.dynamic.codec_tree import build_codec
from generator.runtime import codecs
from generator.runtime.enums import OpenFloatEnum, OpenIntEnum, OpenStrEnum
from generator.runtime.models import Field, Model
from generator.runtime.types import UNSET

__all__ = ["DynamicModel", "ModelNamespace"]

MODULE = "generator.dynamic.models"
"""`__module__` of the classes made here (for reprs and pickling diagnostics)."""

_ENUM_BASES: dict[str, type[enum.Enum]] = {
    "str": OpenStrEnum,
    "int": OpenIntEnum,
    "float": OpenFloatEnum,
}


class DynamicModel(Model):
    """Base of models made at runtime: a keyword-only constructor over the field table.

    Decoding is `Model.from_dict`, the same code the generated models run.
    """

    __field_names__: frozenset[str] = frozenset()
    __required_names__: tuple[str, ...] = ()

    @classmethod
    def bind_fields(cls, fields: tuple[Field, ...], required: tuple[str, ...] = ()) -> None:
        super().bind_fields(fields)
        cls.__field_names__ = frozenset(f.name for f in fields)
        cls.__required_names__ = required

    def __init__(self, *, additional_properties: Mapping[str, Any] | None = None, **fields: Any):
        unknown = fields.keys() - self.__field_names__
        if unknown:
            raise TypeError(
                f"{type(self).__name__}() got unexpected keyword argument(s): "
                + ", ".join(sorted(unknown))
            )
        missing = [name for name in self.__required_names__ if name not in fields]
        if missing:  # as the generated constructor: what a request requires (never readOnly)
            raise TypeError(
                f"{type(self).__name__}() missing {len(missing)} required keyword argument(s): "
                + ", ".join(repr(name) for name in missing)
            )
        for field in self.__fields__:
            object.__setattr__(self, field.name, fields.get(field.name, UNSET))
        self.additional_properties = dict(additional_properties or {})


class ModelNamespace:
    """The classes of one spec by generated class name; made once, on first use each.

    Making every class up front costs ~3 ms on SoraCam (50 enums); most calls touch a few, so
    classes are made lazily and then kept.
    """

    def __init__(
        self,
        tables: Mapping[str, list[Any]],
        unions: Mapping[str, list[Any]] | None = None,
        validator: Callable[[str], Any] | None = None,
    ) -> None:
        """`validator(check)` gives a union branch's compiled check (made on first use)."""
        self._tables = tables
        self._classes: dict[str, type[Any] | None] = {}
        self._union_tables = unions or {}
        self._validator = validator or _no_validators
        self._unions: dict[str, codecs.Codec] = {}

    def __getattr__(self, name: str) -> type[Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        cls = self.get(name)
        if cls is None:
            raise AttributeError(f"no model named {name!r} in this spec")
        return cls

    def __dir__(self) -> list[str]:
        return sorted(self._tables)

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def get(self, name: str) -> type[Any] | None:
        """The class called `name`, made now if needed; None when it cannot exist."""
        try:
            return self._classes[name]
        except KeyError:
            pass
        table = self._tables.get(name)
        if table is None:
            return None
        if table[0] == "enum":
            cls = self._classes[name] = _make_enum(name, table[1], table[2])
            return cls
        model: Any = type(name, (DynamicModel,), {"__module__": MODULE, "__qualname__": name})
        self._classes[name] = model  # before the fields: they may refer back to this class
        fields = tuple(
            Field(attr, wire, build_codec(tree, self.resolve)) for attr, wire, tree, _ in table[1]
        )
        model.bind_fields(fields, tuple(row[0] for row in table[1] if row[3]))
        made: type[Any] = model
        return made

    def resolve(self, kind: str, name: str) -> Any:
        """`build_codec`'s callback: the class for a `model`/`enum` codec node, the `Codec` for
        a `union` node (made as the generated `models._U<n>` is: `codecs.union`)."""
        if kind != "union":
            return self.get(name)
        made = self._unions.get(name)
        table = self._union_tables.get(name)
        if made is None and table is not None:
            prop, tags, branches, first = table
            # made before its branches: a recursive union (a branch holding this union) then
            # finds it; the codec reads `parts` only when decoding
            parts: list[tuple[Any, codecs.Codec]] = []
            made = self._unions[name] = codecs.union(prop, dict(tags), parts, first=first)
            for check, tree in branches:
                parts.append((self._validator(check), build_codec(tree, self.resolve)))
        return made


def _no_validators(check: str) -> Any:
    raise LookupError(f"no validator {check!r}: this namespace was made without validators")


def _make_enum(name: str, base: str, members: list[list[Any]]) -> type[enum.Enum] | None:
    """An open enum class; None when Python refuses the values (they then stay plain)."""
    factory: Any = _ENUM_BASES[base]  # the functional API: Enum(name, pairs, module=...)
    try:
        made: type[enum.Enum] = factory(name, [(m, v) for m, v in members], module=MODULE)
    except (TypeError, ValueError):
        return None
    return made
