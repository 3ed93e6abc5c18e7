"""Local `$ref` resolution for the schema compiler.

Only same-document references (``#/...`` JSON pointers, percent- and ``~``-escaped) are followed:
the resolve stage of the pipeline has already inlined other files by the time schemas reach the
compiler. A reference that cannot be followed is reported by the caller, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diagnostics import resolve_pointer as walk_pointer

__all__ = ["UnresolvableRef", "is_ref", "resolve_pointer"]


class UnresolvableRef(LookupError):
    """The reference is not local, malformed, or points at nothing."""


def is_ref(schema: object) -> bool:
    """Whether `schema` is a Reference Object (its siblings are ignored, as OAS 3.0 says)."""
    return isinstance(schema, Mapping) and "$ref" in schema


def resolve_pointer(document: Any, ref: object) -> Any:
    """The value `ref` (``#/a/b~1c``) points at inside `document`."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise UnresolvableRef(f"only local references are supported: {ref!r}")
    try:
        return walk_pointer(document, ref)
    except LookupError:
        raise UnresolvableRef(f"reference points at nothing: {ref!r}") from None
