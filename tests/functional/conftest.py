"""Functional tests of the committed generated client `generated/soracam` (httpx.MockTransport).

The generated package is imported from its distribution folder (not installed). The spec is the
independent oracle: tests read it with `yaml.safe_load` and never ask generator internals what a
request should look like.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "generated" / "soracam"
SPEC_PATH = REPO_ROOT.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"

if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))

API_KEY = "key-K"
API_TOKEN = "token-T"

Handler = Callable[[httpx.Request], httpx.Response]


def load_spec() -> dict[str, Any] | None:
    """The pinned SoraCam spec as plain data, or None when the shared folder is absent."""
    if not SPEC_PATH.is_file():
        return None
    with SPEC_PATH.open("rb") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    data = load_spec()
    if data is None:
        pytest.skip(f"spec not found at {SPEC_PATH}")
    return data


def make_client(mode: str, handler: Handler, **kwargs: Any) -> Any:
    """A sync or async generated client whose transport is `handler`.

    It sends each request once (`max_retries=0`) unless a test asks otherwise: these tests
    look at one exchange, and retries (with their real backoff sleeps) are tested with an
    injected clock in test_retries.py."""
    from soracam import AsyncClient, Client

    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("api_token", API_TOKEN)
    kwargs.setdefault("max_retries", 0)
    cls = Client if mode == "sync" else AsyncClient
    return cls(transport=httpx.MockTransport(handler), **kwargs)


def call(
    mode: str,
    handler: Handler,
    tag: str,
    method: str,
    kwargs: dict[str, Any],
    *,
    raw: bool = False,
    client_kwargs: dict[str, Any] | None = None,
) -> Any:
    """Call `client.<tag>.<method>(**kwargs)` (or the raw-response variant) sync or async."""
    client = make_client(mode, handler, **(client_kwargs or {}))
    root = client.with_raw_response if raw else client
    bound = getattr(getattr(root, tag), method)
    if mode == "sync":
        with client:
            return bound(**kwargs)

    async def run() -> Any:
        async with client:
            return await bound(**kwargs)

    return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def invoke() -> Callable[..., Any]:
    """`invoke(mode, handler, tag, method, kwargs, raw=False, client_kwargs=None)`."""
    return call


@pytest.fixture
def new_client() -> Callable[..., Any]:
    """`new_client(mode, handler, **client_kwargs)`: a generated client on a mock transport."""
    return make_client
