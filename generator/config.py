"""Project configuration (`[tool.specgen]` in pyproject.toml) and the pins in `spec/`.

A pin names where an upstream spec comes from (URL, file name), which exact version is
generated (version, sha256) and where the package goes. Paths in the config are relative to the
project root, so a checkout works wherever it is cloned.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.ir.model import Operation, Pagination
from generator.literals import toml_str
from generator.vendors import VENDORS_DIR


class ConfigError(Exception):
    """The project configuration or a pin is missing or malformed."""


@dataclass(frozen=True)
class PaginationRule:
    """A pin's `[pagination]` table, for specs without `x-soracom-cli-pagination`: operations
    (all, or those listed) with query parameter `param` page through response header `header`."""

    param: str
    header: str
    operations: tuple[str, ...] = ()

    def applies(self, op: Operation) -> Pagination | None:
        if self.operations and op.operation_id not in self.operations:
            return None
        if any(p.wire == self.param and p.location == "query" for p in op.parameters):
            return Pagination(param=self.param, header=self.header.lower())
        return None


@dataclass(frozen=True)
class Pin:
    name: str
    url: str
    file: str
    version: str
    sha256: str
    package: str
    dist_name: str
    package_version: str
    output: str
    servers: tuple[tuple[str, str], ...] = ()
    default_server: str = ""
    server_arg: str = "server"
    path: Path | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    lenient: bool = False
    """`lenient = true` (top level of the pin): generate as `specgen generate --lenient`."""
    pagination: PaginationRule | None = None
    """`[pagination]`: param, header, optional operations (specs without the extension)."""
    retry_wait_headers: tuple[str, ...] = ()
    """`[retries] wait_headers`: response headers giving seconds to wait before a retry."""
    vendor: str = ""
    """The vendor layer (`[vendor] name`, e.g. "soracom"), or "" for none."""
    source: str = ""
    """Where this exact document can be found again when no mirror holds it (written by
    `specgen pull --from`): a URL, or a file path (relative to the project root if inside it).
    `url` stays the upstream address that `pull` follows."""


@dataclass(frozen=True)
class Project:
    root: Path
    pins_dir: Path
    cache_dir: Path
    mirrors: tuple[Path, ...]

    def pins(self) -> list[Pin]:
        if not self.pins_dir.is_dir():
            return []
        return [load_pin(p) for p in sorted(self.pins_dir.glob("*.toml"))]


def find_project(start: Path | None = None) -> Project:
    """The project whose pyproject.toml has a [tool.specgen] table, searching upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            with candidate.open("rb") as handle:
                data = tomllib.load(handle)
            table = data.get("tool", {}).get("specgen")
            if table is not None:
                return Project(
                    root=folder,
                    pins_dir=folder / table.get("pins", "spec"),
                    cache_dir=folder / table.get("cache", ".specgen-cache"),
                    # normalized: reports name /x/shared/..., not /x/repo/../shared/...
                    mirrors=tuple(
                        Path(os.path.normpath(folder / m)) for m in table.get("mirrors", [])
                    ),
                )
    raise ConfigError(f"no pyproject.toml with a [tool.specgen] table in {here} or its parents")


def load_pin(path: Path) -> Pin:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    api = _table(data, "api", path)
    package = _table(data, "package", path)
    servers_table: dict[str, Any] = dict(data.get("servers", {}))
    server_arg = str(servers_table.pop("arg", "server"))
    default_server = str(servers_table.pop("default", ""))
    lenient = data.get("lenient", False)
    if not isinstance(lenient, bool):
        raise ConfigError(f"{path}: lenient must be true or false, not {lenient!r}")
    try:
        return Pin(
            name=str(api["name"]),
            url=str(api.get("url", "")),
            file=str(api["file"]),
            version=str(api["version"]),
            sha256=str(api["sha256"]).lower(),
            package=str(package["name"]),
            dist_name=str(package.get("dist_name", package["name"])),
            package_version=str(package.get("version", "0.1.0")),
            output=str(package["output"]),
            servers=tuple((str(k), str(v)) for k, v in servers_table.items()),
            default_server=default_server,
            server_arg=server_arg,
            path=path,
            aliases={str(k): str(v) for k, v in data.get("aliases", {}).items()},
            lenient=lenient,
            pagination=_pagination(data, path),
            retry_wait_headers=_strings(data.get("retries", {}), "wait_headers", path),
            vendor=_vendor(data, path),
            source=str(api.get("source", "")),
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: missing key {exc.args[0]!r}") from None


def _strings(table: Any, key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, []) if isinstance(table, dict) else []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: {key} must be a list of non-empty strings")
    return tuple(value)


def _pagination(data: dict[str, Any], path: Path) -> PaginationRule | None:
    table = data.get("pagination")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [pagination] must be a table")
    param, header = table.get("param"), table.get("header")
    if not isinstance(param, str) or not param or not isinstance(header, str) or not header:
        raise ConfigError(f"{path}: [pagination] needs param and header (non-empty strings)")
    return PaginationRule(param, header, _strings(table, "operations", path))


def _vendor(data: dict[str, Any], path: Path) -> str:
    table = data.get("vendor", {})
    vendor = table.get("name", "") if isinstance(table, dict) else None
    layers = sorted(p.parent.name for p in VENDORS_DIR.glob("*/__init__.py"))
    if not isinstance(vendor, str) or (vendor and vendor not in layers):
        known = ", ".join(layers)
        raise ConfigError(f"{path}: [vendor] name {vendor!r} is unknown; known: {known}")
    return vendor


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    table = data.get(name)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: missing [{name}] table")
    return table


# --- writing a pin back (`specgen pull`) ----------------------------------------------------

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"-]+)\s*\]\s*(#.*)?$")


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{re.escape(key)}|{re.escape(toml_str(key))})\s*=")


def update_pin_text(
    text: str,
    *,
    api: dict[str, str] | None = None,
    package: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
    remove_aliases: list[str] | tuple[str, ...] = (),
) -> str:
    """`text` with keys of [api] and [package] set and entries merged into (or, for
    `remove_aliases`, deleted from) [aliases].

    tomllib cannot write, and a pin is edited by people: comments, order and blank lines are
    kept; only the lines of the keys set change, and missing keys or tables are appended.
    """
    lines = text.splitlines()
    updates = {
        "api": dict(api or {}),
        "package": dict(package or {}),
        "aliases": dict(aliases or {}),
    }
    tables: dict[str, tuple[int, int]] = {}  # name -> (header line, end line exclusive)
    current, start = None, 0
    for index, line in enumerate(lines):
        match = _TABLE.match(line)
        if match:
            if current is not None:
                tables[current] = (start, index)
            current, start = match.group(1).strip('"'), index
    if current is not None:
        tables[current] = (start, len(lines))
    inserts: list[tuple[int, list[str]]] = []
    for table, values in updates.items():
        if not values:
            continue
        if table not in tables:
            block = ["", f"[{table}]"]
            if table == "aliases":
                block.append(
                    '# Renamed operations, old operationId = "new operationId" (old method '
                    "names kept as deprecated aliases)."
                )
            block += [f"{_toml_key(k)} = {toml_str(v)}" for k, v in values.items()]
            inserts.append((len(lines), block))
            continue
        begin, end = tables[table]
        for key, value in values.items():
            pattern = _key_pattern(key)
            found = next((i for i in range(begin + 1, end) if pattern.match(lines[i])), None)
            if found is not None:
                lines[found] = f"{_toml_key(key)} = {toml_str(value)}"
            else:
                inserts.append(
                    (_table_end(lines, begin, end), [f"{_toml_key(key)} = {toml_str(value)}"])
                )
    if remove_aliases and "aliases" in tables:
        begin, end = tables["aliases"]
        patterns = [_key_pattern(key) for key in remove_aliases]
        doomed = {i for i in range(begin + 1, end) if any(p.match(lines[i]) for p in patterns)}
        inserts = [(pos - sum(1 for d in doomed if d < pos), block) for pos, block in inserts]
        lines = [line for i, line in enumerate(lines) if i not in doomed]
    for position, block in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines[position:position] = block
    result = "\n".join(lines) + "\n"
    _check_written(result, updates)
    left = tomllib.loads(result).get("aliases", {})
    if any(key in left for key in remove_aliases):
        raise ConfigError("updating the pin failed to remove an alias")
    return result


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_str(key)


def _table_end(lines: list[str], begin: int, end: int) -> int:
    """Where to add a key: after the table's last non-blank line (before trailing comments
    that introduce the next table)."""
    position = end
    while position > begin + 1 and (
        not lines[position - 1].strip() or lines[position - 1].lstrip().startswith("#")
    ):
        position -= 1
    return position


def _check_written(text: str, updates: dict[str, dict[str, str]]) -> None:
    """Read the result back: a pin that does not say what was asked is never written."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"updating the pin would make invalid TOML: {exc}") from None
    for table, values in updates.items():
        for key, value in values.items():
            if data.get(table, {}).get(key) != value:
                raise ConfigError(f"updating the pin failed to set [{table}] {key}")


def write_pin(
    path: Path,
    *,
    version: str,
    sha256: str,
    file: str,
    package_version: str | None = None,
    aliases: dict[str, str] | None = None,
) -> None:
    """Record a new upstream version in the pin file at `path`, atomically."""
    text = path.read_text(encoding="utf-8")
    package = {"version": package_version} if package_version is not None else {}
    new_text = update_pin_text(
        text,
        api={"version": version, "sha256": sha256, "file": file},
        package=package,
        aliases=aliases,
    )
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_text(new_text, encoding="utf-8")
    os.replace(partial, path)
