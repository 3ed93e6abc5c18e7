"""The base of generated models: typed attributes over wire JSON that loses nothing.

A generated model declares its fields (Python name, wire name, codec) in `__fields__`; this base
does the work: `from_dict` decodes known fields, leaves absent ones `UNSET` (distinct from null)
and keeps unknown fields in `additional_properties`; `to_dict` gives back exactly the wire data.

Models in a response are decoded lazily (`from_wire`): the model holds its wire object and decodes
every field on the first read of any attribute, so a call returning a list of 100 models does not
pay for fields nobody reads (decoding was two thirds of a call's cost over raw httpx). Decoding
never raises, so when it happens is not observable, except that `vars()` shows the wire object
until then. `from_dict` decodes the whole tree at once, since the caller owns (and may change)
the mapping it passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

from .codecs import PLAIN, Codec, encode_value
from .record import Record
from .types import UNSET
from .types import WIRE as _WIRE


class Field(Record):
    """One declared property: Python attribute name, wire name and value codec."""

    __slots__ = _fields = ("name", "wire", "codec")

    def __init__(self, name: str, wire: str, codec: Codec) -> None:
        self.name = name
        self.wire = wire
        self.codec = codec


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

        Nested models are decoded too, at once. Raises TypeError when `data` is not a mapping.
        """
        if type(data) is not dict and not isinstance(data, Mapping):
            raise TypeError(
                f"{cls.__name__}.from_dict() takes a mapping, not {type(data).__name__}"
            )
        self = cls.from_mapping(data)
        _decode_fields(self, set())
        return self

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        """`from_dict` without the type check, for codecs that checked already; nested models
        are decoded when first read."""
        self = cls.__new__(cls)
        self.__dict__.update(cls._decoded(data))
        return self

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Self:
        """A model over `data` (a mapping nobody else changes: a decoded response), decoded on
        the first read of any attribute. Raises nothing; `from_dict` checks the type."""
        self = cls.__new__(cls)
        self.__dict__[_WIRE] = data
        return self

    @classmethod
    def _decoded(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        """Attribute name -> decoded value, `additional_properties` included."""
        values: dict[str, Any] = {}
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
        return values

    def _decode_wire(self) -> None:
        """Decode a lazy model's wire object into its attributes (once; thread-safe: a racing
        thread decodes the same values). An attribute assigned before then is kept."""
        values = self.__dict__
        data = values.get(_WIRE)
        if data is None:
            return
        decoded = type(self)._decoded(data)
        if len(values) == 1:
            values.update(decoded)
        else:
            for name, value in decoded.items():
                values.setdefault(name, value)
        values.pop(_WIRE, None)

    if not TYPE_CHECKING:  # hidden from type checkers: a typo stays a type error

        def __getattr__(self, name: str) -> Any:
            """Called only for an attribute not yet set: decode the wire object, then retry."""
            values = self.__dict__
            if _WIRE in values:
                self._decode_wire()
            try:
                return values[name]
            except KeyError:
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}"
                ) from None

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


def _decode_fields(model: Model, seen: set[int]) -> None:
    """Decode now every lazy model reachable from `model`'s decoded fields (models, lists,
    dicts; `seen`: containers already walked, so cyclic data ends)."""
    model._decode_wire()
    values = model.__dict__
    for name, _, decode in type(model).__decoders__:
        if decode is not None:
            _decode_value(values.get(name), seen)


def _decode_value(value: Any, seen: set[int]) -> None:
    if isinstance(value, Model):
        _decode_fields(value, seen)
    elif isinstance(value, list | dict) and id(value) not in seen:
        seen.add(id(value))
        for item in value if isinstance(value, list) else value.values():
            _decode_value(item, seen)
