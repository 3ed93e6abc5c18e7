"""YAML 1.2 on libyaml: PyYAML's C parser with ruamel.yaml's YAML 1.2 scalar rules.

Why: ruamel.yaml's constructor is pure Python and was a third of `specgen generate` time on large
specs; PyYAML's C-backed loader reads the same text in about two thirds of the time. But PyYAML
speaks YAML 1.1, where `on`, `yes` and `no` are booleans, `017` is octal and `1:20` is 80 —
an enum value `on` would silently become `True`. So this loader takes its implicit resolvers
from ruamel's own YAML 1.2 table (same regular expressions), constructs numbers as YAML 1.2
does, and refuses duplicate mapping keys as ruamel does. `tests/unit/test_yaml12.py` checks that
both loaders give equal data for every shared spec and a table of edge-case scalars.

`load` raises `yaml.YAMLError` for anything it will not read; the caller then parses with
ruamel.yaml, whose error (with its position) is the one reported, so diagnostics are unchanged.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from ruamel.yaml.resolver import implicit_resolvers as _RUAMEL_RESOLVERS

__all__ = ["AVAILABLE", "load"]

AVAILABLE = bool(getattr(yaml, "__with_libyaml__", False))
"""Whether PyYAML has its C extension; without it this path would be slower, not faster."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"


class _Unusual(Exception):
    """A node the direct builder leaves to PyYAML's constructor (merge keys, other tags)."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """CSafeLoader with YAML 1.2 core-schema resolution and duplicate keys refused."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, Any]]] = {}

    def construct_document(self, node: Any) -> Any:
        """Build plain maps, sequences and strings directly; other scalars through the
        registered constructors (so values are the constructor's, to the bit).

        Why: PyYAML's generic construction (generators, per-node bookkeeping, each key built
        twice to find duplicates) was most of the load time of a large spec. Anything unusual
        (a merge key, a tag other than map/seq/str and the scalar types) goes the generic way.
        """
        try:
            return _build(self, node)
        except _Unusual:
            return super().construct_document(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _TAG + "merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_MAP, _SEQ, _STR, _MERGE = (_TAG + t for t in ("map", "seq", "str", "merge"))
_SCALARS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "timestamp"))
"""Scalar tags built by their registered constructors; any other tag goes the generic way."""


def _build(loader: Any, root: Any) -> Any:
    """The data of `root`'s node graph; shared (aliased) collections are built once."""
    scalars = loader.yaml_constructors
    made: dict[int, Any] = {}
    mapping_node, sequence_node, scalar_node = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode

    def build(node: Any) -> Any:
        tag = node.tag
        kind = type(node)
        if kind is scalar_node:
            if tag == _STR:
                return node.value
            if tag not in _SCALARS:
                raise _Unusual(tag)
            return scalars[tag](loader, node)
        if kind is mapping_node or kind is sequence_node:
            found = made.get(id(node))
            if found is not None:
                return found
            if kind is sequence_node:
                if tag != _SEQ:
                    raise _Unusual(tag)
                items: list[Any] = []
                made[id(node)] = items
                items.extend([build(item) for item in node.value])
                return items
            if tag != _MAP:
                raise _Unusual(tag)
            out: dict[Any, Any] = {}
            made[id(node)] = out
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise _Unusual(_MERGE)
                key = build(key_node)
                if key in out:  # an unhashable key raises TypeError: refused, as PyYAML does
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f"found duplicate key {key!r}",
                        key_node.start_mark,
                    )
                out[key] = build(value_node)
            return out
        raise _Unusual(tag)

    return build(root)


def _construct_int(loader: Any, node: Any) -> int:
    """YAML 1.2 integers: `0b`, `0o`, `0x` prefixes; leading zeros are decimal (`017` is 17)."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _construct_float(loader: Any, node: Any) -> float:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


def _install_resolvers() -> None:
    for versions, tag, regexp, first in _RUAMEL_RESOLVERS:
        if (1, 2) not in versions or not tag.startswith(_TAG):
            continue
        if tag in (_TAG + "yaml",):  # documentation only in ruamel; cannot match
            continue
        starts: list[str | None] = list(first) if first else [None]
        for char in starts:
            _Loader.yaml_implicit_resolvers.setdefault(char, []).append((tag, regexp))
    _Loader.add_constructor(_TAG + "int", _construct_int)
    _Loader.add_constructor(_TAG + "float", _construct_float)


_install_resolvers()


def load(text: str) -> Any:
    """The data of a YAML 1.2 document; `yaml.YAMLError` (or `ValueError`) when not read."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
