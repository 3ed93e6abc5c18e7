"""Open enums: spec enums that accept values unknown at generation time.

APIs add enum values; a client generated last month must not crash on them. Looking up an
unknown value creates (once, then cached) a pseudo-member whose `.value` is the raw value and
whose `.is_known` is False, so `SoraCamPowerState("sleeping")` works and compares equal to the
plain string "sleeping".
"""

from __future__ import annotations

import enum
from typing import Any


class _OpenEnumMixin:
    _value_: Any
    _name_: str

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when the client was generated."""
        return self._name_ in type(self).__members__  # type: ignore[attr-defined]

    @classmethod
    def _make_unknown(cls, value: Any, base: Any) -> Any:
        member: Any = base.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        cache: dict[Any, Any] = cls._value2member_map_  # type: ignore[attr-defined]
        return cache.setdefault(value, member)


class OpenStrEnum(_OpenEnumMixin, enum.StrEnum):
    """A string enum that keeps unknown values instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return cls._make_unknown(value, str)
        return None

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(_OpenEnumMixin, int, enum.Enum):
    """An integer enum that keeps unknown values instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return cls._make_unknown(value, int)
        return None

    def __str__(self) -> str:
        return str(self.value)


class OpenFloatEnum(_OpenEnumMixin, float, enum.Enum):
    """A number enum that keeps unknown values instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cls._make_unknown(float(value), float)
        return None
