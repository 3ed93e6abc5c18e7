"""The base of generated models: typed attributes over wire JSON that loses nothing.

A generated model declares its fields (Python name, wire name, codec) in `__fields__`; this base
does the work: `from_dict` decodes known fields, leaves absent ones `UNSET` (distinct from null)
and keeps unknown fields in `additional_properties`; `to_dict` gives back exactly the wire data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from .codecs import PLAIN, Codec, encode_value
from .types import UNSET


@dataclass(frozen=True, slots=True)
class Field:
    """One declared property: Python attribute name, wire name and value codec."""

    name: str
    wire: str
    codec: Codec


class Model:
    """Base of generated models."""

    __fields__: ClassVar[tuple[Field, ...]] = ()
    __wire_names__: ClassVar[frozenset[str]] = frozenset()
    __decoders__: ClassVar[tuple[tuple[str, str, Callable[[Any], Any] | None], ...]] = ()
    additional_properties: dict[str, Any]

    @classmethod
    def bind_fields(cls, fields: tuple[Field, ...]) -> None:
        """Attach the field table (done after all classes exist, so fields may refer forward).

        Also precomputes `(attribute, wire name, decoder or None)` rows, so `from_dict` does no
        per-field attribute lookups: decoding is the hot path of every call.
        """
        cls.__fields__ = fields
        cls.__wire_names__ = frozenset(f.wire for f in fields)
        cls.__decoders__ = tuple(
            (f.name, f.wire, None if f.codec is PLAIN else f.codec.decode) for f in fields
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build from wire JSON; absent fields stay UNSET, unknown ones are kept.

        Raises TypeError when `data` is not a mapping.
        """
        if type(data) is not dict and not isinstance(data, Mapping):
            raise TypeError(
                f"{cls.__name__}.from_dict() takes a mapping, not {type(data).__name__}"
            )
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        """`from_dict` without the type check, for codecs that checked already."""
        self = cls.__new__(cls)
        values = self.__dict__
        unset = UNSET
        get = data.get
        for name, wire, decode in cls.__decoders__:
            value = get(wire, unset)
            if decode is not None and value is not unset and value is not None:
                value = decode(value)
            values[name] = value
        known = cls.__wire_names__
        values["additional_properties"] = (
            {} if known.issuperset(data) else {k: v for k, v in data.items() if k not in known}
        )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The wire JSON: set fields (null included) plus the unknown ones, as received."""
        out: dict[str, Any] = {}
        for field in self.__fields__:
            value = getattr(self, field.name)
            if value is not UNSET:
                out[field.wire] = None if value is None else field.codec.encode(value)
        for key, value in self.additional_properties.items():
            out.setdefault(key, encode_value(value))
        return out

    def __getitem__(self, wire_name: str) -> Any:
        """Dict-style access by wire name, for fields and unknown fields alike."""
        for field in self.__fields__:
            if field.wire == wire_name:
                value = getattr(self, field.name)
                if value is UNSET:
                    raise KeyError(wire_name)
                return value
        return self.additional_properties[wire_name]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in self.__fields__
            if getattr(self, f.name) is not UNSET
        ]
        parts += [f"{k}={v!r}" for k, v in self.additional_properties.items()]
        return f"{type(self).__name__}({', '.join(parts)})"
