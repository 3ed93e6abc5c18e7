"""Deferred imports: a large generated package imports what a call needs, when it needs it.

`lazy_exports` is the PEP 562 module `__getattr__` of `models` and `resources`: each public name
is imported from the private module that defines it on first use (static typing comes from the
`TYPE_CHECKING` imports beside it).


A large spec's `_validators` module holds every compiled schema (26,000 lines for the
476-operation Soracom platform API); importing it with the first resource would make one
resource cost what the whole package costs. `validators.validate_x` is a stand-in that imports
the package's `_validators` (the sibling of this `_runtime` folder) on its first call and then
calls the real function, so a resource loads validators when a call needs them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from .validation import Path, Sink, Validator

_MODULE = __name__.rpartition(".")[0].rpartition(".")[0] + "._validators"


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that imports `name` from `package.homes[name]`.

    The value is then bound in the package, so later lookups are plain attribute reads.
    Raises AttributeError for a name `homes` does not list, as a module without it would.
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


class LazyValidators:
    """Attribute access gives a validator that imports `module` on first call."""

    def __init__(self, module: str) -> None:
        self._name = module
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return self._module

    def __getattr__(self, name: str) -> Validator:
        if not name.startswith("validate_"):
            raise AttributeError(name)
        real: Validator | None = None

        def check(data: object, path: Path, sink: Sink, mode: int) -> None:
            nonlocal real
            if real is None:
                real = getattr(self._load(), name)
            real(data, path, sink, mode)

        check.__name__ = check.__qualname__ = name
        return check


validators = LazyValidators(_MODULE)
"""The package's `_validators`, imported on the first validator call."""
