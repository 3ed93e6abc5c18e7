"""Stages 1-7 chained: a spec in, the rendered package (path -> bytes) out, in memory.

`generate` writes the result; `check` compares it with the disk. Both share this function, so
what check verifies is exactly what generate would write.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.config import PaginationRule
from generator.diagnostics import Diagnostic, SpecError
from generator.gcpause import paused
from generator.ir import build_api
from generator.load import LoadedSpec, load_path
from generator.naming import name_api, snake_case
from generator.plan import Options, plan
from generator.render import render_all
from generator.write import with_manifest


@dataclass(frozen=True)
class Target:
    """What to generate and how: a spec path plus the plan options."""

    spec_path: Path
    output: Path
    package: str
    dist_name: str = ""
    package_version: str = "0.1.0"
    servers: tuple[tuple[str, str], ...] = ()
    default_server: str = ""
    server_arg: str = "server"
    spec_name: str = ""
    """The name shown in headers and the manifest (a pin's file name, not a cache path)."""
    aliases: tuple[tuple[str, str], ...] = ()
    """Renamed operations (old operationId, new): old method names stay as deprecated aliases."""
    pagination: PaginationRule | None = None
    retry_wait_headers: tuple[str, ...] = ()
    vendor: str = ""
    """The vendor layer copied in as `_vendor` (see `generator.vendors`), or "" for none."""
    allow_remote_refs: bool = False
    """Follow `$ref`s to URLs (fetched with a timeout and a size limit); refused by default."""
    allow_outside_refs: bool = False
    """Follow `$ref`s to files outside the spec's folder; refused by default."""
    lenient: bool = False
    """Repair common violations as warnings (`generator.validate.lenient`) instead of failing."""


def prepare(
    spec: LoadedSpec,
    quiet: bool = False,
    *,
    allow_remote_refs: bool = False,
    allow_outside_refs: bool = False,
    lenient: bool = False,
) -> dict[str, object]:
    """Validate and bundle: errors stop here, before anything is rendered.

    `lenient`: the violations `generator.validate.lenient` knows are repaired first and each
    repair is printed as a warning (to stderr, unless `quiet`).
    """
    from generator.resolve import bundle
    from generator.validate import validate
    from generator.validate.lenient import LENIENT_DISABLED, repair

    repairs: list[Diagnostic] = []
    if lenient:
        spec, repairs = repair(spec)
    diagnostics = validate(
        spec,
        disabled=LENIENT_DISABLED if lenient else frozenset(),
        locate_warnings=False,
        allow_remote_refs=allow_remote_refs,
        allow_outside_refs=allow_outside_refs,
    )
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise SpecError([*repairs, *errors])
    shown = os.path.relpath(spec.name) if os.path.isabs(spec.name) else spec.name
    if not quiet:
        for diagnostic in repairs:
            print(diagnostic.format(), file=sys.stderr)
    if diagnostics and not quiet:
        print(
            f"{shown}: {len(diagnostics)} warning(s); `specgen validate {shown}` shows them",
            file=sys.stderr,
        )
    return bundle(spec, allow_remote=allow_remote_refs, allow_outside=allow_outside_refs)


@paused()  # the whole run builds large acyclic data; see generator.gcpause
def render_target(
    target: Target, spec: LoadedSpec | None = None, *, quiet: bool = False
) -> dict[str, bytes]:
    """The package files (path -> bytes) for `target`; `quiet` leaves out the warnings."""
    spec = spec or load_path(target.spec_path, lenient=target.lenient)
    document = prepare(
        spec,
        quiet,
        allow_remote_refs=target.allow_remote_refs,
        allow_outside_refs=target.allow_outside_refs,
        lenient=target.lenient,
    )
    api = build_api(document)
    names = name_api(api, dict(target.aliases))
    options = Options(
        package=target.package,
        spec_name=target.spec_name or target.spec_path.name,
        spec_sha256=spec.sha256,
        servers=target.servers,
        default_server=target.default_server,
        server_arg=target.server_arg,
        vendor=target.vendor,
        dist_name=target.dist_name,
        package_version=target.package_version,
        pagination=target.pagination,
        retry_wait_headers=target.retry_wait_headers,
    )
    files = render_all(plan(api, names, options, document))
    meta = {
        "spec": target.spec_name or target.spec_path.name,
        "spec_sha256": spec.sha256,
        "spec_version": api.version,
        "generator_version": __version__,
        "package": target.package,
    }
    return with_manifest(files, meta)


def default_package_name(spec_path: Path) -> str:
    """`soracom-sim-api-openapi.yml` -> `sim`; never a standard-library module name."""
    stem = spec_path.name.split(".")[0]
    for suffix in ("-openapi", "_openapi", "-api", "_api"):
        stem = stem.removesuffix(suffix)
    name = snake_case(stem.removeprefix("soracom-")) or "client"
    if name in sys.stdlib_module_names or name.rstrip("_") in sys.stdlib_module_names:
        name = name.rstrip("_") + "_api"
    return name
