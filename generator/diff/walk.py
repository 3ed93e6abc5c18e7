"""Following local `$ref`s while remembering where each node lives.

The diff compares *resolved* content, so a schema moved from inline to `components` (or back)
compares equal. Every resolved node keeps the JSON pointer of where it is written, which is the
position a reader wants to see for a change inside a shared component.

References that cannot be followed (remote files, broken pointers, reference loops made only of
references) are left as they are: the diff then compares the reference strings.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import join_pointer, resolve_pointer, unescape_pointer_token
from generator.load import LoadedSpec

_MISSING = object()


class Document:
    """A loaded spec with a cached `$ref` resolver."""

    def __init__(self, spec: LoadedSpec) -> None:
        self.spec = spec
        self.data: dict[str, Any] = spec.data
        self._targets: dict[str, Any] = {}

    def lookup(self, pointer: str) -> Any:
        """The node at an (unescaped-on-the-fly) JSON pointer, or `_MISSING`."""
        cached = self._targets.get(pointer, _MISSING)
        if cached is not _MISSING:
            return cached
        try:
            node: Any = resolve_pointer(self.data, pointer)
        except LookupError:
            node = _MISSING
        self._targets[pointer] = node
        return node

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow `$ref` chains to the first node that is not a local reference."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or ref in seen:
                break
            seen.add(ref)
            target_pointer = unquote(ref[1:])
            target = self.lookup(target_pointer)
            if target is _MISSING:
                break
            node, pointer = target, target_pointer
        return node, pointer

    def get(self, node: Any, pointer: str, key: str) -> tuple[Any, str]:
        """`node[key]` resolved, with its pointer; `(None, pointer)` when absent."""
        if not isinstance(node, dict) or key not in node:
            return None, join_pointer(pointer, key)
        return self.resolve(node[key], join_pointer(pointer, key))


def ref_name(node: Any) -> str | None:
    """The last segment of a `$ref` (a component name), for messages and matching."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return unescape_pointer_token(node["$ref"].rsplit("/", 1)[-1])
    return None


_TEMPLATE_PARAM = re.compile(r"\{([^}/]*)\}")


def normalize_path(path: str) -> str:
    """`/a/{id}` and `/a/{x}` are the same HTTP path: parameters become `{}`."""
    return _TEMPLATE_PARAM.sub("{}", path)


def path_parameters(path: str) -> list[str]:
    return _TEMPLATE_PARAM.findall(path)
