"""Stage 1, load: bytes -> plain JSON-like data, plus file positions on demand.

The fast path parses with libyaml under YAML 1.2 rules (`generator.yaml12`; ruamel.yaml's C
loader when that refuses, or `json` for JSON text) and keeps no positions: loading the 952 KB
platform spec must stay fast. When a later stage needs to report a problem,
`LoadedSpec.locate(pointer)` parses once more with the round-trip loader, which records line and
column for every key, and maps the JSON pointer to `file:line:col`.

Hostile input is refused here with a clear diagnostic: empty files, non-UTF-8 bytes, YAML syntax
errors (with their line), documents that are not mappings, Swagger 2.0 and OpenAPI versions other
than 3.0/3.1, alias bombs (the expanded size is computed over shared nodes, so memory stays
bounded) and nesting too deep to process safely. An OpenAPI 3.1 document is kept as written in
`LoadedSpec.raw` and read through `generator.oas31.downgrade` in `LoadedSpec.data`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import (
    Diagnostic,
    Level,
    Location,
    SpecError,
    unescape_pointer_token,
)
from generator.gcpause import paused

MAX_DEPTH = 128
"""Deepest nesting accepted. Real specs stay under 30; deeper input is an attack or a bug."""

MAX_EXPANDED_NODES = 5_000_000
"""Largest document accepted once YAML aliases are expanded (the platform spec has ~120 k)."""


@dataclass
class LoadedSpec:
    """A parsed document: its data, where it came from, and a lazy position index."""

    name: str
    data: dict[str, Any]
    content: bytes
    path: Path | None = None
    _positions: Any = field(default=None, repr=False)
    load_warnings: tuple[Diagnostic, ...] = ()
    """Lenient loading only: keys written twice (the first occurrence kept)."""
    raw: dict[str, Any] | None = field(default=None, repr=False)
    """An OpenAPI 3.1 document as written (`data` then holds `oas31.downgrade` of it); None
    for 3.0, where `data` is the document as written."""

    @property
    def source(self) -> dict[str, Any]:
        """The document as written (what the structural check and positions refer to)."""
        return self.raw if self.raw is not None else self.data

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8-sig")

    def locate(self, pointer: str) -> Location:
        """File position of the value at `pointer` (its key, where it has one)."""
        if self._positions is None:
            self._positions = _round_trip(self.content)
        return _find_position(self.name, self._positions, pointer)

    def diagnostic(self, code: str, level: Level, message: str, pointer: str) -> Diagnostic:
        return Diagnostic(code, level, message, pointer, self.locate(pointer))


def load_path(path: str | Path, *, lenient: bool = False) -> LoadedSpec:
    path = Path(path)
    return load_bytes(read_spec_file(path), str(path), path, lenient=lenient)


def read_spec_file(path: Path) -> bytes:
    """The bytes of a spec file; an unreadable one is a `load-io` diagnostic, not a traceback."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        diagnostic = Diagnostic(
            "load-io", Level.ERROR, f"cannot read spec: {reason}", "", Location(str(path))
        )
        raise SpecError([diagnostic]) from None


@paused()
def load_bytes(
    content: bytes, name: str, path: Path | None = None, *, lenient: bool = False
) -> LoadedSpec:
    """Parse `content`; raise `SpecError` with one clear diagnostic when it cannot be used.

    `lenient`: a key written twice in one mapping is a `duplicate-key` warning (the first
    occurrence wins) instead of a syntax error.
    """
    text = _decode(content, name)
    if not text.strip():
        _fail(name, "load-empty", "the file is empty; expected an OpenAPI 3.0 or 3.1 document")
    duplicates: list[Diagnostic] = []
    data, plain = _parse(text, name, duplicates if lenient else None)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__} scalar"
        _fail(
            name,
            "load-not-mapping",
            f"the document is {kind}, not a mapping; expected an OpenAPI 3.0 or 3.1 document",
            1,
            1,
        )
    if not plain:
        data = _normalize(data, name)
    spec = LoadedSpec(
        name=name, data=data, content=content, path=path, load_warnings=tuple(duplicates)
    )
    _check_version(spec)
    if spec.data["openapi"].startswith("3.1"):
        from generator.oas31 import downgrade

        spec.raw = data
        spec.data = downgrade(data)
    return spec


def _fail(name: str, code: str, message: str, line: int = 0, col: int = 0) -> None:
    raise SpecError([Diagnostic(code, Level.ERROR, message, "", Location(name, line, col))])


def _decode(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = content[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        _fail(
            name,
            "load-encoding",
            f"the file is not valid UTF-8 (byte 0x{content[exc.start]:02x} at offset {exc.start})",
            line,
            col,
        )
        raise AssertionError("unreachable") from None


def _parse(text: str, name: str, duplicates: list[Diagnostic] | None = None) -> tuple[Any, bool]:
    """The data, and whether it is plain already (`_normalize` would leave it unchanged and
    refuse nothing, so the caller skips that walk).

    `duplicates` given: keys written twice are recorded there (first wins), not refused."""
    stripped = text.lstrip()
    try:
        if stripped.startswith(("{", "[")):
            try:
                found: list[Diagnostic] = []
                data = json.loads(text, object_pairs_hook=_first_wins(name, found))
                if found and duplicates is None:  # strict, as for YAML: a key written twice
                    first = found[0].message.split("'")[1]
                    _fail(name, "load-json-syntax", f"invalid JSON: duplicate key '{first}'")
                if duplicates is not None:
                    duplicates.extend(found)
                # JSON has str keys, JSON scalars and no aliases, and each value takes at least
                # a character: only the depth limit is left for `_normalize` to enforce.
                return data, len(text) <= MAX_EXPANDED_NODES and _within_depth(data)
            except json.JSONDecodeError as exc:
                # Not strict JSON: YAML is a superset, let the YAML parser judge (and report),
                # unless the file says it is JSON.
                if stripped.startswith("[") or name.lower().endswith(".json"):
                    _fail(
                        name, "load-json-syntax", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno
                    )
        if duplicates is None:
            return _parse_yaml(text)
        return _load_yaml_first_wins(text, name, duplicates)
    except RecursionError:
        _fail(name, "load-too-deep", f"the document nests deeper than {MAX_DEPTH} levels")
    except SpecError:
        raise
    except Exception as exc:  # ruamel raises many error classes; all carry marks
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
        if mark is not None:
            _fail(name, "load-yaml-syntax", message, mark.line + 1, mark.column + 1)
        _fail(name, "load-yaml-syntax", message)
    raise AssertionError("unreachable")


def _first_wins(name: str, duplicates: list[Diagnostic]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                duplicates.append(_duplicate(name, key, 0))
            else:
                out[key] = value
        return out

    return hook


def _load_yaml_first_wins(text: str, name: str, duplicates: list[Diagnostic]) -> tuple[Any, bool]:
    from ruamel.yaml.constructor import DuplicateKeyError

    try:
        return _parse_yaml(text)  # the fast path refuses duplicates; ruamel.yaml explains them
    except DuplicateKeyError as exc:
        key = re.search(r'duplicate key "(.*)" with value', str(exc.problem or ""))
        mark = exc.problem_mark
        duplicates.append(
            _duplicate(name, key.group(1) if key else "?", mark.line + 1 if mark else 0)
        )
    loader = _yaml_safe()
    loader.allow_duplicate_keys = True
    return loader.load(text), False


def _duplicate(name: str, key: str, line: int) -> Diagnostic:
    return Diagnostic(
        "duplicate-key",
        Level.WARNING,
        f"key '{key}' is written twice in one mapping: the first occurrence kept"
        + (" (later duplicates, if any, are read the same way)" if line else ""),
        "",
        Location(name, line, 1 if line else 0),
    )


def _parse_yaml(text: str) -> tuple[Any, bool]:
    """libyaml with YAML 1.2 rules when it reads the text; otherwise ruamel.yaml judges.

    Whatever the fast path cannot read (a syntax error, a duplicate key, a tag it does not
    know) is parsed again by ruamel.yaml, so the error reported is ruamel's, with its position.
    The flag: the fast path found the data plain (`yaml12.load_plain`), and the text is short
    enough that its nodes cannot exceed MAX_EXPANDED_NODES.
    """
    from generator import yaml12

    if yaml12.AVAILABLE:
        try:
            data, plain = yaml12.load_plain(text, MAX_DEPTH)
            return data, plain and len(text) <= MAX_EXPANDED_NODES
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - any refusal: let ruamel.yaml decide and explain
            pass
    return _yaml_safe().load(text), False


def _yaml_safe() -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=False)
    except Exception:  # pragma: no cover - the C extension is missing
        return YAML(typ="safe", pure=True)


def _normalize(data: dict[str, Any], name: str) -> dict[str, Any]:
    """Make the data plain JSON: str keys, ISO strings for YAML dates; bound size and depth.

    Aliases make YAML nodes shared; each shared node is visited once and its expanded size
    memoized, so an alias bomb is measured (and refused) without ever being expanded.
    """
    sizes: dict[int, int] = {}
    # Iterative post-order walk: (node, depth, children_done)
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            if isinstance(node, dict):
                total = 1 + sum(_size_of(v, sizes) for v in node.values())
            else:
                total = 1 + sum(_size_of(v, sizes) for v in node)
            if total > MAX_EXPANDED_NODES:
                _fail(
                    name,
                    "load-alias-bomb",
                    f"the document expands to more than {MAX_EXPANDED_NODES:,} nodes "
                    "(YAML aliases used as a 'billion laughs' bomb?); refused",
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if depth > MAX_DEPTH:
            _fail(name, "load-too-deep", f"the document nests deeper than {MAX_DEPTH} levels")
        sizes[key] = 0  # mark: in progress (also breaks recursive aliases)
        stack.append((node, depth, True))
        if isinstance(node, dict):
            if any(not isinstance(k, str) for k in node):
                fixed = {_plain_key(k): v for k, v in node.items()}
                node.clear()
                node.update(fixed)
            items: list[tuple[Any, Any]] = list(node.items())
        else:
            items = list(enumerate(node))
        for k, v in items:
            if isinstance(v, (dict, list)):
                if sizes.get(id(v)) == 0:  # entered, not finished: an ancestor of this node
                    if isinstance(k, str) and k.startswith("x-"):
                        # An extension value is opaque data to specgen: cut the loop, keep the rest.
                        node[k] = None
                        continue
                    _fail(
                        name,
                        "load-recursive-alias",
                        "a YAML alias refers to a node that contains it (a recursive document); "
                        "refused",
                    )
                stack.append((v, depth + 1, False))
            elif not isinstance(v, (str, int, float, bool)) and v is not None:
                node[k] = _plain_scalar(v)
    return data


def _within_depth(data: Any) -> bool:
    """Whether a tree (no shared nodes) nests at most `MAX_DEPTH` levels; walked level by level,
    containers only."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return False
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
    return True


def _size_of(value: Any, sizes: dict[int, int]) -> int:
    if isinstance(value, (dict, list)):
        return sizes.get(id(value), 1)
    return 1


def _plain_key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(_plain_scalar(key))


def _plain_scalar(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _check_version(spec: LoadedSpec) -> None:
    data = spec.data
    if "swagger" in data:
        raise SpecError(
            [
                spec.diagnostic(
                    "unsupported-version",
                    Level.ERROR,
                    f"Swagger {data['swagger']} is not supported; convert it to OpenAPI 3.0 first",
                    "/swagger",
                )
            ]
        )
    version = data.get("openapi")
    if version is None:
        raise SpecError(
            [
                Diagnostic(
                    "missing-openapi-version",
                    Level.ERROR,
                    "no 'openapi' field; expected an OpenAPI 3.0 or 3.1 document",
                    "",
                    Location(spec.name, 1, 1),
                )
            ]
        )
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        raise SpecError(
            [
                spec.diagnostic(
                    "unsupported-version",
                    Level.ERROR,
                    f"OpenAPI {version} is not supported; specgen reads OpenAPI 3.0.x and 3.1.x",
                    "/openapi",
                )
            ]
        )


# --- positions, computed only when a problem must be reported -------------------------------


@paused()
def _round_trip(content: bytes) -> Any:
    """The YAML node tree; every node carries its start line and column.

    libyaml's composer through `yaml12` (the YAML 1.2 tags `_key_text` reads; ~0.06 s for the
    platform spec), else ruamel.yaml's C composer (~0.3 s), which reads what the loader fell
    back to ruamel for. Both are libyaml underneath, so the marks are the same.
    """
    from generator import yaml12

    text = content.decode("utf-8-sig")
    old = sys.getrecursionlimit()
    try:
        if yaml12.AVAILABLE:
            try:
                return yaml12.compose(text)
            except Exception:  # noqa: BLE001, S110 - not read here: ruamel.yaml's turn
                pass
        return _yaml_safe().compose(text)
    except Exception:
        return None
    finally:
        sys.setrecursionlimit(old)


def _find_position(name: str, root: Any, pointer: str) -> Location:
    """Walk the node tree along `pointer`; the deepest node reached gives the position.

    The tree is PyYAML's or ruamel.yaml's: their nodes share `id`, `value` and `start_mark`.
    """
    if root is None:
        return Location(name)
    line, col = 1, 1
    node = root
    tokens = [unescape_pointer_token(t) for t in pointer.split("/")[1:]] if pointer else []
    for token in tokens:
        if node.id == "mapping":
            found = next(((k, v) for k, v in node.value if _key_text(k) == token), None)
            if found is None:
                break
            key_node, node = found
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            break
    return Location(name, line, col)


def _key_text(node: Any) -> str:
    """A mapping key as the loader normalizes it (`true`, `null`, `200` become strings)."""
    value = node.value
    if isinstance(value, str) and node.tag.endswith((":bool", ":null")):
        return value.lower() if node.tag.endswith(":bool") else "null"
    return str(value)


@paused()
def parse_fragment(content: bytes, name: str) -> Any:
    """Parse a `$ref` target (a local file's or a fetched URL's bytes): any YAML/JSON value, no
    OpenAPI version check.

    External refs point at fragments (a schema, a parameter list), not whole documents, but they
    are just as untrusted as the spec itself, so they pass the same guards (encoding, syntax,
    alias bombs, depth).
    """
    text = _decode(content, name)
    if not text.strip():
        _fail(name, "load-empty", "the file is empty")
    data, plain = _parse(text, name)
    if isinstance(data, (dict, list)) and not plain:
        data = _normalize(data, name)  # type: ignore[arg-type]  # lists walk the same way
    return data
