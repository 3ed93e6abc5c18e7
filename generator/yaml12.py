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


class _Loader(_BaseLoader):  # type: ignore[misc]
    """CSafeLoader with YAML 1.2 core-schema resolution and duplicate keys refused."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, Any]]] = {}
    _by_first: dict[str, list[tuple[str, Any]]] = {}
    """Resolvers by a scalar's first character, the wildcard ones appended (built once)."""
    _wildcard: list[tuple[str, Any]] = []

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's `resolve` without its per-call list building and path resolvers (none are
        registered): called by the C composer once per scalar."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG  # type: ignore[no-any-return]
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG  # type: ignore[no-any-return]
        return self.DEFAULT_MAPPING_TAG  # type: ignore[no-any-return]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None  # no path resolvers are registered

    def ascend_resolver(self) -> None:
        return None

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


def _construct_int(loader: Any, node: Any) -> int:
    """YAML 1.2 integers: `0b`, `0o`, `0x` prefixes; leading zeros are decimal (`017` is 17)."""
    return _int(str(loader.construct_scalar(node)))


def _int(text: str) -> int:
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _construct_float(loader: Any, node: Any) -> float:
    return _float(str(loader.construct_scalar(node)))


def _float(text: str) -> float:
    text = text.replace("_", "").lower()
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
    _Loader._wildcard = _Loader.yaml_implicit_resolvers.get(None, [])
    for char, resolvers in _Loader.yaml_implicit_resolvers.items():
        if char is not None:
            _Loader._by_first[char] = resolvers + _Loader._wildcard


_install_resolvers()


def load(text: str) -> Any:
    """The data of a YAML 1.2 document; `yaml.YAMLError` (or `ValueError`) when not read."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(node, {})
        except _Unusual:  # merge keys, other tags, aliases in cycles, duplicates: PyYAML's way
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A node `_build` leaves to PyYAML's constructor (which also reports the errors)."""


_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_SCALARS: dict[str, Any] = {
    _TAG + "int": lambda text: _int(text),
    _TAG + "float": lambda text: _float(text),
    _TAG + "bool": lambda text: text.lower() == "true",
    _TAG + "null": lambda text: None,
}
_BUILDING = object()


def _build(node: Any, built: dict[int, Any]) -> Any:
    """The data of a composed node tree, as the constructor would give it for the plain
    tags (str, map, seq, int, float, bool, null); shared nodes (aliases) become shared
    objects, as PyYAML's constructor makes them. Two to three times faster: no generators,
    no per-node state, no double dispatch."""
    key = id(node)
    done = built.get(key)
    if done is not None:
        if done is _BUILDING:
            raise _Unusual  # a recursive alias
        return done
    tag = node.tag
    if tag == _STR:
        return node.value
    if type(node) is yaml.ScalarNode:
        make = _SCALARS.get(tag)
        if make is None:
            raise _Unusual
        return make(node.value)
    built[key] = _BUILDING
    if tag == _MAP and type(node) is yaml.MappingNode:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = _build(key_node, built)
            try:
                if name in mapping:
                    raise _Unusual  # a duplicate key: refused, with PyYAML's message
            except TypeError:
                raise _Unusual from None  # an unhashable key (merge keys have their own tag)
            mapping[name] = _build(value_node, built)
        built[key] = mapping
        return mapping
    if tag == _SEQ and type(node) is yaml.SequenceNode:
        items = [_build(item, built) for item in node.value]
        built[key] = items
        return items
    raise _Unusual
