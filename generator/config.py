"""Project configuration (`[tool.specgen]` in pyproject.toml) and the pins in `spec/`.

A pin names where an upstream spec comes from (URL, file name), which exact version is
generated (version, sha256) and where the package goes. Paths in the config are relative to the
project root, so a checkout works wherever it is cloned.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The project configuration or a pin is missing or malformed."""


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
                    mirrors=tuple(folder / m for m in table.get("mirrors", [])),
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
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: missing key {exc.args[0]!r}") from None


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    table = data.get(name)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: missing [{name}] table")
    return table
