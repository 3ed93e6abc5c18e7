"""Helpers for tests over the small wire specs: generate a package from a spec into a temporary
folder and import it under its own name, and build the dynamic client for the same spec, so one
test drives both clients (sync and async) through the same `httpx.MockTransport` handler."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from generator.dynamic import AsyncClient as DynamicAsyncClient
from generator.dynamic import Client as DynamicClient
from generator.pipeline import Target, render_target
from generator.write import write_package

REPO = Path(__file__).resolve().parents[2]
WIRE = REPO.parent / "shared" / "cases" / "wire"
BASE_URL = "http://wire.example"

Handler = Callable[[httpx.Request], httpx.Response]


def generate(spec: Path, out: Path, package: str) -> ModuleType:
    """Generate `spec` into `out` as `package` and import it (a fresh name per test run).

    Also imports its `_validators` (the package loads it on the first call) for tests that
    run a validator directly.
    """
    write_package(out, render_target(Target(spec_path=spec, output=out, package=package)))
    sys.path.insert(0, str(out))
    try:
        importlib.invalidate_caches()
        importlib.import_module(f"{package}._validators")
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def clients(package: ModuleType, spec: Path, handler: Handler, **options: Any) -> list[Any]:
    """[generated sync, generated async, dynamic sync, dynamic async] on the same transport."""
    kwargs = {"base_url": BASE_URL, **options}
    out = []
    for cls in (package.Client, package.AsyncClient):
        out.append(cls(transport=httpx.MockTransport(handler), **kwargs))
    for dyn in (DynamicClient, DynamicAsyncClient):
        out.append(
            dyn.from_spec(spec, cache=False, transport=httpx.MockTransport(handler), **kwargs)
        )
    return out


def run(client: Any, operation: str, **arguments: Any) -> Any:
    """Call `operation` (a method name, found on whichever resource has it), sync or async."""
    bound = None
    for name in dir(client):
        resource = getattr(client, name, None) if not name.startswith("_") else None
        if resource is not None and hasattr(resource, operation):
            bound = getattr(resource, operation)
            break
    assert bound is not None, f"no method {operation} on {client!r}"
    result = bound(**arguments)
    if asyncio.iscoroutine(result):
        return asyncio.run(result)
    return result
