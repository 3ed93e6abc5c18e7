"""Turning pins (or command-line arguments) into generation targets."""

from __future__ import annotations

from pathlib import Path

from generator.config import Pin, Project
from generator.fetch import locate_pinned
from generator.pipeline import Target


def pin_target(pin: Pin, project: Project, spec_path: Path | None = None) -> Target:
    return Target(
        spec_path=spec_path or locate_pinned(pin, project),
        output=project.root / pin.output,
        package=pin.package,
        dist_name=pin.dist_name,
        package_version=pin.package_version,
        servers=pin.servers,
        default_server=pin.default_server,
        server_arg=pin.server_arg,
        aliases=tuple(sorted(pin.aliases.items())),
        spec_name=pin.file,
        lenient=pin.lenient,
        pagination=pin.pagination,
        retry_wait_headers=pin.retry_wait_headers,
        vendor=pin.vendor,
    )
