"""Converters between wire JSON and Python values, composed per field by generated code.

Decoding is tolerant: data of an unexpected shape is kept as it came (validation, not
decoding, is where mismatches are reported), so a surprising response never loses data and
never crashes a call. Encoding is the exact inverse, so `Model.from_dict(d).to_dict() == d`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from .record import Record
from .types import WIRE
from .validation import RESPONSE, Validator, matches

if TYPE_CHECKING:
    from .models import Model


class Codec(Record):
    """A pair of functions: wire value -> Python value, and back.

    `model`: the model class when this is `model(cls)`, so `list_of` can wrap a list's items
    without a call per item.
    """

    __slots__ = _fields = ("decode", "encode", "model")

    def __init__(
        self,
        decode: Callable[[Any], Any],
        encode: Callable[[Any], Any],
        model: type[Model] | None = None,
    ) -> None:
        self.decode = decode
        self.encode = encode
        self.model = model


def _same(value: Any) -> Any:
    return value


PLAIN = Codec(_same, _same)
"""Strings, numbers, booleans and schema-less JSON travel unchanged."""


def model(cls: type[Model]) -> Codec:
    """A model field: decoded lazily (`Model.from_wire`), on the first read of an attribute."""
    from_wire = cls.from_wire
    new = cls.__new__

    def decode(value: Any) -> Any:
        # `type(...) is dict` first: JSON objects are dicts, and the ABC check costs more
        if type(value) is dict:
            made = new(cls)
            made.__dict__[WIRE] = value  # `from_wire`, inlined: one per item of a list
            return made
        if isinstance(value, Mapping):
            return from_wire(value)
        return value

    return Codec(decode, encode_value, cls)


def enum(cls: type[Enum]) -> Codec:
    members = cls._value2member_map_

    def decode(value: Any) -> Any:
        try:
            member = members.get(value)  # a known value: skip EnumType.__call__
        except TypeError:  # unhashable: not a value of this enum
            return value
        if member is not None:
            return member
        try:
            return cls(value)  # an unknown value of an open enum becomes a pseudo-member
        except (ValueError, TypeError):
            return value

    return Codec(decode, encode_value)


def list_of(item: Codec) -> Codec:
    if item is PLAIN:
        return PLAIN
    item_decode = item.decode
    if item.model is not None:
        return Codec(_model_list(item.model, item_decode), encode_value)

    def decode(value: Any) -> Any:
        return [item_decode(v) for v in value] if isinstance(value, list) else value

    return Codec(decode, encode_value)


def _model_list(cls: type[Model], item_decode: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A list of models: each JSON object wrapped lazily in place (`Model.from_wire`, inlined:
    a response's list is the hot path), any other item through the model codec."""
    new = cls.__new__

    def decode(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        out = []
        for item in value:
            if type(item) is dict:
                made = new(cls)
                made.__dict__[WIRE] = item
                out.append(made)
            else:
                out.append(item_decode(item))
        return out

    return decode


def dict_of(item: Codec) -> Codec:
    if item is PLAIN:
        return PLAIN
    item_decode = item.decode

    def decode(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: item_decode(v) for k, v in value.items()}
        return value

    return Codec(decode, encode_value)


def is_file(value: Any) -> bool:
    """A file input of a binary field: bytes, a binary file object (anything with `read`), or a
    tuple `(filename, content[, content_type[, headers]])` whose content is one of those."""
    if isinstance(value, bytes | bytearray | memoryview) or hasattr(value, "read"):
        return True
    return (
        isinstance(value, tuple)
        and 2 <= len(value) <= 4
        and (value[0] is None or isinstance(value[0], str))
        and (isinstance(value[1], bytes | bytearray | memoryview) or hasattr(value[1], "read"))
    )


def union(
    prop: str | None,
    tags: Mapping[str, int],
    branches: Sequence[tuple[Validator, Codec]],
    *,
    first: bool = False,
) -> Codec:
    """A oneOf/anyOf: decode with the branch the value belongs to, or keep it as received.

    The branch is the one the discriminator property `prop` names through `tags` (value ->
    branch index: the explicit mapping, then component names); otherwise the only branch whose
    compiled validator accepts the value (response direction), or, with `first` (anyOf), the
    first that does. A value no branch decides (none or, for oneOf, several accept it) is
    returned unchanged: decoding never raises; response validation reports the mismatch.
    """

    def accepts(check: Validator, value: Any) -> bool:
        try:
            return matches(check, value, "$", RESPONSE)
        except RecursionError:
            return False

    def decode(value: Any) -> Any:
        if prop is not None and isinstance(value, Mapping):
            tag = value.get(prop)
            index = tags.get(tag) if isinstance(tag, str) else None
            if index is not None:
                return branches[index][1].decode(value)
        chosen: Codec | None = None
        for check, codec in branches:
            if accepts(check, value):
                if first:
                    return codec.decode(value)
                if chosen is not None:
                    return value  # several oneOf branches accept it: undecidable
                chosen = codec
        return value if chosen is None else chosen.decode(value)

    return Codec(decode, encode_value)


def encode_value(value: Any) -> Any:
    """Python value -> JSON-ready value: models to dicts, enums to their values, recursively.

    File inputs (`is_file`) are kept as they are: the body encoder sends them as file parts.
    """
    if isinstance(value, tuple) and is_file(value):
        return value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and not isinstance(value, type):
        return to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: encode_value(v) for k, v in value.items()}
    return value
