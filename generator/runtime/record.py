"""`Record`: the base of the runtime's small value classes (operations, codecs, problems).

Why not `@dataclass(frozen=True, slots=True)`: creating such a class costs about 0.6 ms when a
package is imported (its methods are generated and `exec`-ed), and every instance sets each field
through `object.__setattr__`; a generated package builds hundreds of these at import.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Record:
    """Equality, hash and repr over the names in `_fields`, for classes with `__slots__`.

    What `@dataclass(frozen=True, slots=True)` gave, without its class creation (about 0.6 ms
    per class when a package is imported) or its `object.__setattr__` per field per instance.
    Instances are treated as immutable: nothing in the runtime assigns to them after `__init__`.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"
