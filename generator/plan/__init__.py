"""Stage 6, plan: IR + names -> the sorted list of files to write, each with its context.

Contexts hold only decided things: identifiers from the naming stage, annotation and codec
expressions from `pytypes`, and raw spec values that templates print through the escaping
filters (`pyrepr`, `docstring`). Templates print; they do not decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.plan.client import credentials, default_servers
from generator.plan.resources import describe_operations

if TYPE_CHECKING:
    from generator.config import PaginationRule
    from generator.ir.model import Api
    from generator.naming import Names
    from generator.plan.contexts import ResourceContext

# What only `plan()` needs (the models, validator compiler, reference, vendor layers) is
# imported when it runs: the dynamic client imports this package for `describe_operations`,
# `credentials` and `default_servers` alone, and the rest was ~12 ms of its cold start.

__all__ = [
    "Options",
    "PlannedFile",
    "RUNTIME_FILES",
    "VENDOR_REWRITE",
    "credentials",
    "default_servers",
    "describe_operations",
    "plan",
]

RUNTIME_DIR = Path(__file__).parent.parent / "runtime"
RUNTIME_FILES = (
    "__init__.py",
    "auth.py",
    "bodies.py",
    "checks.py",
    "client.py",
    "codecs.py",
    "enums.py",
    "errors.py",
    "lazy.py",
    "log.py",
    "models.py",
    "operation.py",
    "pagination.py",
    "raw.py",
    "record.py",
    "recording.py",
    "redact.py",
    "request.py",
    "response.py",
    "retries.py",
    "styles.py",
    "types.py",
    "validation.py",
)


@dataclass(frozen=True)
class Options:
    """What the caller decides: package name, distribution name, named servers."""

    package: str
    spec_name: str
    spec_sha256: str
    servers: tuple[tuple[str, str], ...] = ()
    default_server: str = ""
    server_arg: str = "server"
    dist_name: str = ""
    package_version: str = "0.1.0"
    pagination: PaginationRule | None = None
    retry_wait_headers: tuple[str, ...] = ()
    vendor: str = ""


@dataclass
class PlannedFile:
    path: str  # relative to the output folder, with forward slashes
    template: str = ""  # a template name, or "" for a verbatim copy of `source`
    context: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None
    rewrite: tuple[tuple[str, str], ...] = ()
    """Exact text replacements applied to a verbatim copy (vendor layers' runtime import)."""


def plan(
    api: Api, names: Names, options: Options, document: dict[str, Any] | None = None
) -> list[PlannedFile]:
    """The files of the package; `document` (the bundled spec) feeds the validator compiler."""
    from generator import __version__
    from generator.literals import LINE_LENGTH
    from generator.plan.client import client_context, vendor_context
    from generator.plan.models import collect_models, context_of, model_groups
    from generator.plan.resources import operations_module
    from generator.pytypes import TypeTable
    from generator.runtime_facts import default_max_retries
    from generator.schema_compiler import compile_validators
    from generator.security import unsupported_note
    from generator.vendors import vendor_layer

    pkg = options.package
    types = TypeTable.of(api, names)  # every schema's Python type, decided before planning
    resources, checks = describe_operations(api, names, options.pagination)
    compiled = compile_validators(checks, document=document or {}, runtime_import="._runtime")
    common: dict[str, Any] = {
        "package": pkg,
        "dist_name": options.dist_name or pkg.replace("_", "-"),
        "package_version": options.package_version,
        "line_length": LINE_LENGTH,  # the pyproject's ruff setting, the layout everything uses
        "api": {"title": api.title, "version": api.version, "description": api.description},
        "header": {
            "spec_name": options.spec_name,
            "sha256": options.spec_sha256,
            "generator_version": __version__,
        },
    }
    servers = list(options.servers) or default_servers(api)
    default_server = options.default_server or (servers[0][0] if servers else "")
    creds = credentials(api, names)  # one list for the client and the README
    vendor = vendor_layer(options.vendor) if options.vendor else None
    common["vendor"] = vendor_context(vendor)
    tags = {op.operation_id: op.tags[0] for op in api.operations}
    common["public_modules"] = [
        PublicModule("recording", "._runtime.recording", RECORDING_DOC, RECORDING_NAMES)
    ] + [
        PublicModule(e.public_module, f"._vendor.{e.module}", e.doc, e.names)
        for e in (vendor.extensions if vendor else ())
        if e.applies(tags)
    ]
    exports = sorted((name for r in resources for name in r.exports), key=str.lower)
    models = collect_models(api, names, types)
    docs: dict[str, str] = {cls.name: cls.doc for cls in models.classes}
    files = [
        PlannedFile("pyproject.toml", "pyproject.toml.jinja", common),
        PlannedFile(
            "README.md", "README.md.jinja", _readme(api, names, resources, common, docs, creds)
        ),
        PlannedFile(f"{pkg}/py.typed", "py.typed.jinja", common),
        PlannedFile(
            f"{pkg}/_validators.py", "validators.py.jinja", {**common, "source": compiled.source}
        ),
        PlannedFile(f"{pkg}/__init__.py", "__init__.py.jinja", common),
        PlannedFile(f"{pkg}/errors.py", "errors.py.jinja", common),
        PlannedFile(f"{pkg}/types.py", "types.py.jinja", common),
        PlannedFile(f"{pkg}/_operations/__init__.py", "operations_init.py.jinja", common),
        PlannedFile(
            f"{pkg}/_client.py",
            "client.py.jinja",
            {
                **common,
                "resources": resources,
                "servers": servers,
                "default_server": default_server,
                "credentials": creds,
                "server_arg": options.server_arg,
                "resource_exports": exports,
                "retry_defaults": {"wait_headers": list(options.retry_wait_headers)},
                "client": client_context(
                    api,
                    resources,
                    servers=servers,
                    default_server=default_server,
                    server_arg=options.server_arg,
                    credentials=creds,
                    vendor=common["vendor"],
                    security_note=unsupported_note(api),
                    max_retries=default_max_retries(),
                ),
            },
        ),
        PlannedFile(
            f"{pkg}/resources/__init__.py",
            "resources_init.py.jinja",
            {**common, "resources": resources, "resource_exports": exports},
        ),
    ]
    for resource in resources:
        files.append(
            PlannedFile(
                f"{pkg}/resources/{resource.module}.py",
                "resource.py.jinja",
                {**common, "resource": resource},
            )
        )
        files.append(
            PlannedFile(
                f"{pkg}/_operations/{resource.module}.py",
                "operations.py.jinja",
                {**common, "module": operations_module(resource)},
            )
        )
    models_init, groups = model_groups(models, resources)
    files.append(
        PlannedFile(
            f"{pkg}/models/__init__.py",
            "models_init.py.jinja",
            {**common, **context_of(models_init)},
        )
    )
    for group in groups:
        files.append(
            PlannedFile(
                f"{pkg}/models/{group.module}.py",
                "models.py.jinja",
                {**common, **context_of(group)},
            )
        )
    for name in RUNTIME_FILES:
        files.append(PlannedFile(f"{pkg}/_runtime/{name}", "", common, RUNTIME_DIR / name))
    for public in common["public_modules"]:
        files.append(
            PlannedFile(
                f"{pkg}/{public.name}.py", "public_module.py.jinja", {**common, "public": public}
            )
        )
    if vendor is not None:
        for name in vendor.files:
            files.append(
                PlannedFile(
                    f"{pkg}/_vendor/{name}", "", common, vendor.folder / name, VENDOR_REWRITE
                )
            )
    return sorted(files, key=lambda f: f.path)


def _readme(
    api: Api,
    names: Names,
    resources: list[ResourceContext],
    common: dict[str, Any],
    docs: dict[str, str],
    creds: list[dict[str, Any]],
) -> dict[str, Any]:
    """The README's context: the resources, the API reference (`generator.reference`) and the
    credential arguments, with the security schemes no argument serves."""
    from generator.reference import api_reference
    from generator.security import unsupported_schemes

    return {
        **common,
        "resources": resources,
        "reference": api_reference(api, names, resources, docs),
        "credentials": creds,
        "unsupported_schemes": unsupported_schemes(api),
    }


@dataclass(frozen=True, slots=True)
class PublicModule:
    """A public module of the package that re-exports a module shipped privately (`_runtime`,
    `_vendor`), so users import a stable path and tracebacks show it."""

    name: str  # e.g. "workflows": `<package>.workflows`
    source: str  # relative import, e.g. "._vendor.soracam_workflows"
    doc: str
    names: tuple[str, ...]


RECORDING_DOC = (
    "Record traffic (secrets masked) to JSON Lines for `specgen verify` and contract tests:"
    ' `Client(transport=RecordingTransport("traffic.jsonl"))`.'
)
RECORDING_NAMES = ("AsyncRecordingTransport", "Recorder", "RecordingTransport")

VENDOR_REWRITE = (("from generator.runtime.", "from .._runtime."),)
"""The one change made when copying a vendor layer: a module that builds on the runtime
(`soracam_workflows`) imports it as `generator.runtime` here and as `.._runtime` in a package."""
