"""Vendor layers: what only one API family needs, selected by a pin's `[vendor] name`.

Each layer is a package here (`soracom/`) that imports only httpx and the standard library; it
is copied verbatim into a generated package as `_vendor` and imported directly by the dynamic
client. This module (not copied) tells the generator what a layer adds to the client: the
keyword arguments of its `configure` (annotations read from its signature, docs from its
`OPTIONS`), the parameter receiving the named server, and the names to re-export.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

VENDORS_DIR = Path(__file__).parent
KNOWN = ("soracom",)


class UnknownVendorError(ValueError):
    """A pin or option names a vendor layer that does not exist."""


@dataclass(frozen=True)
class VendorOption:
    name: str
    annotation: str
    doc: str


@dataclass(frozen=True)
class VendorExtension:
    """A layer module that builds on one API of the family, re-exported as a public module of
    the package (`<package>.<public_module>`) when the spec has every operation it calls."""

    module: str  # the layer's module, e.g. "soracam_workflows"
    public_module: str  # e.g. "workflows"
    tag: str  # the tag whose resource the module drives
    requires: tuple[str, ...]  # operationIds under that tag
    doc: str  # one line for the public module's docstring
    names: tuple[str, ...] = ()  # filled from the module's __all__

    def applies(self, operations: dict[str, str]) -> bool:
        """Whether a spec whose operationIds map to these tags has everything this needs."""
        return all(operations.get(op) == self.tag for op in self.requires)


@dataclass(frozen=True)
class VendorLayer:
    name: str
    folder: Path
    server_param: str
    options: tuple[VendorOption, ...]
    public: tuple[str, ...]
    extensions: tuple[VendorExtension, ...] = ()

    @property
    def files(self) -> list[str]:
        """The layer's module files, sorted (copied verbatim)."""
        return sorted(p.name for p in self.folder.glob("*.py"))


def vendor_module(name: str) -> ModuleType:
    if name not in KNOWN:
        known = ", ".join(repr(k) for k in KNOWN)
        raise UnknownVendorError(f"unknown vendor layer {name!r}; known: {known}")
    return importlib.import_module(f"generator.vendors.{name}")


def vendor_layer(name: str) -> VendorLayer:
    module = vendor_module(name)
    setup = importlib.import_module(f"generator.vendors.{name}.setup")
    signature = inspect.signature(setup.configure)
    options = tuple(
        VendorOption(option, str(signature.parameters[option].annotation), doc)
        for option, doc in setup.OPTIONS.items()
    )
    return VendorLayer(
        name=name,
        folder=VENDORS_DIR / name,
        server_param=setup.SERVER_PARAM,
        options=options,
        public=tuple(module.PUBLIC),
        extensions=tuple(
            VendorExtension(
                **e,
                names=tuple(importlib.import_module(f"{module.__name__}.{e['module']}").__all__),
            )
            for e in getattr(module, "EXTENSIONS", ())
        ),
    )
