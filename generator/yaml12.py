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
import re
from typing import Any

import yaml
from ruamel.yaml.resolver import implicit_resolvers as _RUAMEL_RESOLVERS

__all__ = ["AVAILABLE", "compose", "load", "load_plain"]

AVAILABLE = bool(getattr(yaml, "__with_libyaml__", False))
"""Whether PyYAML has its C extension; without it this path would be slower, not faster."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"


class _Unusual(Exception):
    """A node the direct builder leaves to PyYAML's constructor (merge keys, other tags)."""


_FIRST_CHAR: dict[str | None, list[tuple[str, Any]]] = {}
"""First character of a plain scalar -> the (tag, regexp) pairs to try, in order."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """CSafeLoader with YAML 1.2 core-schema resolution and duplicate keys refused."""

    yaml_implicit_resolvers = _FIRST_CHAR
    plain = True
    """After `construct_document`: whether the data is already what `load._normalize` makes
    of it (str keys, JSON scalars only, no collection reached twice, collections at most
    `max_depth` deep), so that the caller may skip that second walk."""
    max_depth = 128

    def resolve(
        self,
        kind: Any,
        value: Any,
        implicit: Any,
        _scalar: Any = yaml.ScalarNode,
        _sequence: Any = yaml.SequenceNode,
        _first: Any = _FIRST_CHAR.get,
    ) -> str:
        """The tag of a node, as PyYAML's `BaseResolver.resolve` gives it with this table.

        Why: libyaml's composer calls this once per node; the base version concatenates two
        resolver lists per scalar. This one looks up the table by first character only (the
        table has no wildcard entry and the loader no path resolvers; both are checked once at
        import).
        """
        if kind is _scalar:
            if implicit[0]:
                for tag, regexp in _first(value[:1], ()):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return _STR
        return _SEQ if kind is _sequence else _MAP

    def construct_document(self, node: Any) -> Any:
        """Build plain maps, sequences and strings directly; other scalars through the
        registered constructors (so values are the constructor's, to the bit).

        Why: PyYAML's generic construction (generators, per-node bookkeeping, each key built
        twice to find duplicates) was most of the load time of a large spec. Anything unusual
        (a merge key, a tag other than map/seq/str and the scalar types) goes the generic way.
        """
        try:
            data, self.plain = _build(self, node, self.max_depth)
            return data
        except _Unusual:
            self.plain = False
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
_JSON_SCALARS = frozenset(_TAG + t for t in ("null", "bool", "int", "float"))
"""Scalar tags whose values are JSON values already (a timestamp is not)."""
_SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _build(loader: Any, root: Any, max_depth: int) -> tuple[Any, bool]:
    """The data of `root`'s node graph (shared, aliased collections built once) and whether it
    is plain (`_Loader.plain`).

    Scalars are read inline in their collection's loop (no call per string); a call per
    collection carries its depth.
    """
    scalars = loader.yaml_constructors
    made: dict[int, Any] = {}
    scalar_node, sequence_node, mapping_node = _SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE
    str_tag, json_scalars = _STR, _JSON_SCALARS
    plain = True

    def scalar(node: Any) -> Any:
        nonlocal plain
        tag = node.tag
        if tag == str_tag:
            return node.value
        if tag not in _SCALARS:
            raise _Unusual(tag)
        if tag not in json_scalars:
            plain = False  # a timestamp: `_normalize` writes it as ISO text
        return scalars[tag](loader, node)

    def build(node: Any, depth: int) -> Any:
        nonlocal plain
        kind = type(node)
        if kind is scalar_node:
            return scalar(node)
        if kind is not mapping_node and kind is not sequence_node:
            raise _Unusual(node.tag)
        found = made.get(id(node))
        if found is not None:
            plain = False  # an alias: sizes and cycles are `_normalize`'s to measure
            return found
        if depth > max_depth:
            plain = False
        tag = node.tag
        if kind is sequence_node:
            if tag != _SEQ:
                raise _Unusual(tag)
            items: list[Any] = []
            made[id(node)] = items
            append = items.append
            for item in node.value:
                if type(item) is scalar_node and item.tag == str_tag:
                    append(item.value)
                else:
                    append(build(item, depth + 1))
            return items
        if tag != _MAP:
            raise _Unusual(tag)
        out: dict[Any, Any] = {}
        made[id(node)] = out
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag == _MERGE:
                raise _Unusual(_MERGE)
            if key_tag == str_tag and type(key_node) is scalar_node:
                key = key_node.value
            else:
                key = build(key_node, depth + 1)
                if not isinstance(key, str):
                    plain = False  # `_normalize` writes the key as text
            if key in out:  # an unhashable key raises TypeError: refused, as PyYAML does
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            if type(value_node) is scalar_node and value_node.tag == str_tag:
                out[key] = value_node.value
            else:
                out[key] = build(value_node, depth + 1)
        return out

    data = build(root, 1)
    return data, plain


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
        # ruamel wraps each pattern in a LazyEval, whose every `.match` costs a Python-level
        # attribute lookup: the compiled pattern itself is kept (same pattern, same flags).
        compiled = re.compile(regexp.pattern, regexp.flags)
        for char in starts:
            _Loader.yaml_implicit_resolvers.setdefault(char, []).append((tag, compiled))
    _Loader.add_constructor(_TAG + "int", _construct_int)
    _Loader.add_constructor(_TAG + "float", _construct_float)


_install_resolvers()
if None in _FIRST_CHAR or _Loader.yaml_path_resolvers:  # pragma: no cover - PyYAML changed
    raise ImportError("yaml12: unexpected resolver table; `_Loader.resolve` assumes none")


def load(text: str) -> Any:
    """The data of a YAML 1.2 document; `yaml.YAMLError` (or `ValueError`) when not read."""
    return load_plain(text)[0]


def compose(text: str) -> Any:
    """The node graph of a YAML 1.2 document (tags as `load` resolves them), with positions;
    `yaml.YAMLError` when not read."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_plain(text: str, max_depth: int = 128) -> tuple[Any, bool]:
    """`load`, and whether the data is plain (`_Loader.plain`, collections nested at most
    `max_depth` deep): `load._normalize` would leave it as it is and find nothing to refuse,
    provided the text is at most `load.MAX_EXPANDED_NODES` characters (every node takes one
    character at least)."""
    loader = _Loader(text)
    loader.max_depth = max_depth
    try:
        return loader.get_single_data(), loader.plain
    finally:
        loader.dispose()
