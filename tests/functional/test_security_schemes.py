"""Security schemes, one small spec per kind, through the generated and the dynamic client, sync
and async: oauth2 and openIdConnect take an access token (`access_token=`) sent as a bearer token,
masked like every secret; a scheme the clients cannot apply (http digest, 3.1 mutualTLS) gets no
argument, a note in the client's docstring and a `security-scheme-unsupported` warning, and still
works through `auth=`.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.dynamic import AsyncClient as DynamicAsyncClient
from generator.dynamic import Client as DynamicClient
from generator.runtime.errors import AuthenticationError

TOKEN = "tok-3f9a1c77e2"
SCHEMES: dict[str, dict[str, Any]] = {
    "oauth2": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "https://auth.example/token",
                "scopes": {"read": "read things"},
            }
        },
    },
    "openIdConnect": {
        "type": "openIdConnect",
        "openIdConnectUrl": "https://auth.example/.well-known/openid-configuration",
    },
    "bearer": {"type": "http", "scheme": "Bearer"},  # auth-scheme names are case-insensitive
    "digest": {"type": "http", "scheme": "digest"},
    "mutualTLS": {"type": "mutualTLS"},
}
ARGUMENT = {"oauth2": "access_token", "openIdConnect": "access_token", "bearer": "bearer_auth"}
SUPPORTED = sorted(ARGUMENT)
UNSUPPORTED = ["digest", "mutualTLS"]


def spec_for(kind: str) -> dict[str, Any]:
    name = "bearerAuth" if kind == "bearer" else f"{kind}Auth"
    ok = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    return {
        "openapi": "3.1.0" if kind == "mutualTLS" else "3.0.3",
        "info": {"title": f"{kind} API", "version": "1"},
        "servers": [{"url": "https://api.example/v1"}],
        "security": [{name: []}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": ok}},
                        },
                        "401": {"description": "refused"},
                    },
                }
            }
        },
        "components": {"securitySchemes": {name: SCHEMES[kind]}},
    }


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("security-specs")
    out = {}
    for kind in SCHEMES:
        path = folder / f"{kind}.json"
        path.write_text(json.dumps(spec_for(kind), indent=1), encoding="utf-8")
        out[kind] = path
    return out


@pytest.fixture(scope="module")
def packages(specs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One generated package per kind (`sec_<kind>`), all in one folder on sys.path."""
    out = tmp_path_factory.mktemp("security-packages")
    for kind, path in specs.items():
        package = f"sec_{kind.lower()}"
        assert main(["generate", str(path), "-o", str(out / package), "--package", package]) == 0
    roots = [str(out / f"sec_{kind.lower()}") for kind in SCHEMES]
    sys.path[:0] = roots
    try:
        yield out
    finally:
        for root in roots:
            sys.path.remove(root)
        for name in [m for m in sys.modules if m.startswith("sec_")]:
            del sys.modules[name]


def _handler(seen: list[httpx.Request]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("Authorization") == f"Bearer {TOKEN}":
            return httpx.Response(200, json={"ok": True})
        # A server that echoes what it refused: the client must not show it.
        return httpx.Response(
            401, json={"message": f"refused {request.headers.get('Authorization')}"}
        )

    return handle


def _client(which: str, kind: str, specs: dict[str, Path], mode: str, **kwargs: Any) -> Any:
    if which == "generated":
        module = importlib.import_module(f"sec_{kind.lower()}")
        cls = module.AsyncClient if mode == "async" else module.Client
        return cls(**kwargs)
    cls = DynamicAsyncClient if mode == "async" else DynamicClient
    return cls.from_spec(specs[kind], cache=False, **kwargs)


def _call(client: Any, mode: str) -> Any:
    if mode == "async":

        async def run() -> Any:
            async with client:
                return await client.things.list_things()

        return asyncio.run(run())
    with client:
        return client.things.list_things()


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", SUPPORTED)
def test_token_is_sent_as_bearer_and_masked_in_both_clients(
    kind: str,
    mode: str,
    specs: dict[str, Path],
    packages: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sent: dict[str, list[httpx.Request]] = {}
    for which in ("generated", "dynamic"):
        seen: list[httpx.Request] = []
        client = _client(
            which, kind, specs, mode, transport=_mock(mode, seen), **{ARGUMENT[kind]: TOKEN}
        )
        assert TOKEN not in repr(client)
        result = _call(client, mode)
        assert result.ok is True
        assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
        assert TOKEN not in repr(seen[0].headers)
        sent[which] = seen
    assert _wire(sent["generated"][0]) == _wire(sent["dynamic"][0])  # parity, byte for byte
    assert caplog.records and TOKEN not in caplog.text


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("which", ["generated", "dynamic"])
def test_a_refused_token_is_masked_in_the_error(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    wrong = "wrong-token-8d2e41"
    client = _client(which, "oauth2", specs, mode, transport=_mock(mode, []), access_token=wrong)
    with pytest.raises(Exception) as caught:  # the generated package has its own copy
        _call(client, mode)
    assert type(caught.value).__name__ == AuthenticationError.__name__
    assert wrong not in str(caught.value) and "***" in str(caught.value)


@pytest.mark.parametrize("kind", SUPPORTED)
def test_generated_argument_is_documented(kind: str, packages: Path) -> None:
    module = importlib.import_module(f"sec_{kind.lower()}")
    params = inspect.signature(module.Client.__init__).parameters
    assert ARGUMENT[kind] in params
    doc = module.Client.__init__.__doc__ or ""
    assert "Authorization: Bearer" in doc
    if kind != "bearer":
        assert "access token" in doc
    assert "not applied" not in (module.Client.__doc__ or "")


@pytest.mark.parametrize("kind", UNSUPPORTED)
def test_unsupported_scheme_is_reported_and_left_to_auth(
    kind: str, specs: dict[str, Path], packages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module(f"sec_{kind.lower()}")
    params = set(inspect.signature(module.Client.__init__).parameters)
    assert not {p for p in params if "auth" in p and p != "auth"}  # no argument for the scheme
    for cls in (module.Client, module.AsyncClient):
        doc = cls.__doc__ or ""
        assert f"The `{kind}Auth` security scheme is not applied by this client" in doc
    assert main(["validate", str(specs[kind])]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "warning security-scheme-unsupported" in out and f"'{kind}Auth'" in out
    with pytest.raises(TypeError, match="unknown credential") as refused:
        DynamicClient.from_spec(specs[kind], cache=False, **{f"{kind.lower()}_auth": "x"})
    assert f"scheme '{kind}Auth' is not applied by the client" in str(refused.value)
    dynamic = DynamicClient.from_spec(specs[kind], cache=False, base_url="http://x")
    assert list(dynamic.api.unsupported_security) == [f"{kind}Auth"]


class _HeaderAuth(httpx.Auth):
    """Stands in for `httpx.DigestAuth` or a certificate-bound token: any `httpx.Auth`."""

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {TOKEN}"
        yield request


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("which", ["generated", "dynamic"])
@pytest.mark.parametrize("kind", UNSUPPORTED)
def test_auth_argument_serves_any_scheme(
    kind: str, which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []
    client = _client(which, kind, specs, mode, transport=_mock(mode, seen), auth=_HeaderAuth())
    assert _call(client, mode).ok is True
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def _mock(mode: str, seen: list[httpx.Request]) -> Any:
    handle = _handler(seen)
    if mode == "async":

        async def ahandle(request: httpx.Request) -> httpx.Response:
            return handle(request)

        return httpx.MockTransport(ahandle)
    return httpx.MockTransport(handle)


def _wire(request: httpx.Request) -> tuple[str, str, list[tuple[str, str]], bytes]:
    headers = sorted((k.lower(), v) for k, v in request.headers.multi_items())
    return request.method, str(request.url), headers, request.content


@pytest.mark.slow
def test_generated_packages_are_mypy_strict_and_ruff_clean(packages: Path) -> None:
    roots = sorted(str(p) for p in packages.iterdir())
    for root in roots:
        for command in (
            [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
            [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        ):
            result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
            assert result.returncode == 0, result.stdout + result.stderr
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    packages_args = [arg for p in packages.iterdir() for arg in ("-p", p.name)]
    result = subprocess.run(
        mypy + packages_args,
        cwd=packages,
        env={"MYPYPATH": ":".join(roots), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
