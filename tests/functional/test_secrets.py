"""No secret in any text a client or `specgen call` produces: log lines (ours and httpx's),
exception messages and tracebacks, `repr()` of clients, requests, headers and errors.

Each scenario runs a real flow against `soracom_fake` (logins, refreshes, errors) and then
collects every string it can see; the assertion is over all of them, for every secret the fake
accepted or issued (AuthKey, passwords, MFA code, API keys and tokens).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from pathlib import Path
from typing import Any

import httpx
import pytest
import soracam  # the generated package, put on sys.path by tests/functional/conftest.py

from generator.cli import main as specgen
from generator.dynamic import Client as DynamicClient
from generator.dynamic import load_api
from tests.functional import soracom_fake as fake_api
from tests.functional.test_soracom_auth import AUTHKEY, BASE, KINDS, SAM, call, make_client


class Texts:
    """Every string seen in a scenario."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        self.items: list[str] = []

    def error(self, exc: BaseException) -> None:
        self.items += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        for attribute in ("request", "response"):
            value = getattr(exc, attribute, None)
            if value is not None:
                self.items.append(repr(value))
                self.items.append(repr(value.headers))

    def add(self, *values: Any) -> None:
        self.items += [repr(v) for v in values] + [str(v) for v in values]

    def all(self) -> list[str]:
        logs = [r.getMessage() for r in self.caplog.records]
        return self.items + logs + [self.caplog.text]

    def assert_clean(self, secrets: list[str]) -> None:
        texts = self.all()
        assert texts, "nothing was captured"
        for secret in secrets:
            leaks = [t for t in texts if secret in t]
            assert not leaks, f"secret {secret[:6]}... in {leaks[0][:300]!r}"


@pytest.fixture
def texts(caplog: pytest.LogCaptureFixture) -> Texts:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx, httpcore
    return Texts(caplog)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
@pytest.mark.parametrize("method", [AUTHKEY, SAM], ids=["authkey", "sam"])
def test_login_refresh_and_errors_leave_no_secret(
    kind: tuple[str, str], method: dict[str, str], texts: Texts
) -> None:
    fake = fake_api.FakeSoracom(echo_key=True)
    client = make_client(kind, fake, base_url=BASE, **method)
    call(kind, client)
    fake.revoke_all()
    call(kind, client)  # 401, one re-login, retry
    texts.add(client)
    # A refused ready key whose value the server quotes back in its error body.
    stale_key, stale_token = fake.issued[0]
    refused = make_client(kind, fake, base_url=BASE, api_key=stale_key, api_token=stale_token)
    with pytest.raises(Exception) as caught:
        call(kind, refused)
    assert type(caught.value).__name__ == "AuthenticationError"
    assert "COM0011" in str(caught.value) and "***" in str(caught.value)
    texts.error(caught.value)
    texts.add(refused)
    # Wrong credentials at login.
    wrong = make_client(
        kind,
        fake,
        base_url=BASE,
        **{**method, **{k: v + "x" for k, v in method.items() if k in ("auth_key", "password")}},
    )
    with pytest.raises(Exception) as caught:
        call(kind, wrong)
    assert type(caught.value).__name__ == "LoginError"
    texts.error(caught.value)
    assert any("-> POST" in t and "/v1/auth" in t for t in texts.all())  # logged, and:
    assert any("<- GET" in t and " 401 " in t and "attempt=1" in t for t in texts.all())
    texts.assert_clean(fake.secrets() + [m + "x" for m in method.values()])


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_connection_errors_mask_the_secret_in_message_and_cause(
    kind: tuple[str, str], texts: Texts
) -> None:
    secret = "api-CONN-s3cr3t-value"

    def refuse(request: httpx.Request) -> httpx.Response:
        # What h11 says for a bad header: the value, bytes-repr'd, in the message.
        value = request.headers["x-soracom-api-key"].encode()
        raise httpx.LocalProtocolError(f"Illegal header value {value!r}")

    transport: Any = httpx.MockTransport(refuse)
    client = make_client(
        kind, fake_api.FakeSoracom(), base_url=BASE, api_key=secret, api_token="tok-CONN-s3cr3t",
        transport=transport,
    )  # fmt: skip
    with pytest.raises(Exception) as caught:
        call(kind, client)
    assert type(caught.value).__name__ == "ApiConnectionError"
    assert "Illegal header value b'***'" in str(caught.value)
    texts.error(caught.value)
    assert caught.value.__cause__ is not None
    texts.items.append(str(caught.value.__cause__))
    texts.assert_clean([secret, "tok-CONN-s3cr3t"])


@pytest.mark.parametrize("which", ["generated", "dynamic"])
def test_control_characters_in_a_secret_are_refused_without_echo(which: str) -> None:
    secret = "api-NEWLINE-s3cr3t\n"
    with pytest.raises(ValueError) as caught:
        make_client(
            (which, "sync"), fake_api.FakeSoracom(), base_url=BASE, api_key=secret, api_token="t"
        )
    assert "control character" in str(caught.value) and "'api_key'" in str(caught.value)
    assert secret.strip() not in str(caught.value)


def test_a_secret_given_as_header_is_masked_in_reprs(texts: Texts) -> None:
    secret = "hdr-s3cr3t-value"
    fake = fake_api.FakeSoracom()
    client = soracam.Client(
        base_url=BASE, headers={"X-Soracom-API-Key": secret, "X-Soracom-Token": "t"},
        transport=fake.transport(),
    )  # fmt: skip
    with pytest.raises(soracam.AuthenticationError) as caught:
        client.sora_cam.list_sora_cam_devices()
    texts.error(caught.value)
    assert "'x-soracom-api-key': '***'" in repr(caught.value.request.headers).lower()
    texts.assert_clean([secret])


QUERY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Query key", "version": "1"},
    "servers": [{"url": "https://query.example/v1"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "apiKey"}}},
    "security": [{"key": []}],
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"404": {"description": "none"}, "200": {"description": "ok"}},
            }
        }
    },
}


def test_api_key_in_query_is_masked_in_httpx_info_line_and_our_logs(texts: Texts) -> None:
    secret = "QUERY-s3cr3t-key+/="
    api = load_api(QUERY_SPEC, use_cache=False)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(404, json={"message": "no"})

    client = DynamicClient(api, key=secret, transport=httpx.MockTransport(handler))
    with pytest.raises(Exception) as caught:
        client.call("listThings", q="visible")
    assert "apiKey=" in seen[0] and "visible" in seen[0]  # the key is really sent
    texts.error(caught.value)
    texts.add(client)
    httpx_lines = [r.getMessage() for r in texts.caplog.records if r.name == "httpx"]
    assert httpx_lines and all("HTTP Request: GET" in line for line in httpx_lines)
    ours = [r.getMessage() for r in texts.caplog.records if r.name == "specgen.dynamic"]
    assert any("q=visible&apiKey=*** " in line for line in ours)
    assert any("q=visible&apiKey=*** " in line for line in httpx_lines)
    texts.assert_clean([secret, "QUERY-s3cr3t-key"])


def test_generated_package_logs_under_its_own_name(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="soracam")
    fake = fake_api.FakeSoracom()
    client = soracam.Client(base_url=BASE, transport=fake.transport(), **AUTHKEY)
    client.sora_cam.list_sora_cam_devices()
    ours = [r for r in caplog.records if r.name == "soracam"]
    assert [r.levelno for r in ours] == [logging.DEBUG] * 4  # login + call, request + response
    lines = [r.getMessage() for r in ours]
    assert lines[0] == f"-> POST {BASE}/auth attempt=1"
    assert lines[3].startswith(f"<- GET {BASE}/sora_cam/devices 200 ") and lines[3].endswith(
        "ms attempt=1"
    )


# --- specgen call -------------------------------------------------------------------------------

SPEC = str(
    Path(__file__).resolve().parents[3]
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)


def test_specgen_call_masks_secrets_in_output_and_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, texts: Texts
) -> None:
    fake = fake_api.FakeSoracom(echo_key=True)
    with fake.serve() as base_url:
        # --vendor soracom: log in from the environment, call, print.
        monkeypatch.setenv("SORACOM_AUTH_KEY_ID", fake_api.AUTH_KEY_ID)
        monkeypatch.setenv("SORACOM_AUTH_KEY", fake_api.AUTH_KEY)
        ok = specgen(
            [
                "call",
                SPEC,
                "listSoraCamDevices",
                "--base-url",
                base_url,
                "--vendor",
                "soracom",
                "--raw",
                "--no-cache",
            ]
        )
        # A refused key quoted back by the server.
        key, token = fake.issued[0]
        fake.revoke_all()
        refused = specgen(
            ["call", SPEC, "listSoraCamDevices", "--base-url", base_url, "--no-cache",
             "--credential", f"api_key={key}", "--credential", f"api_token={token}"]
        )  # fmt: skip
        # Usage errors that would echo a secret.
        malformed = specgen(["call", SPEC, "listSoraCamDevices", "--credential", f"api_key{key}"])
        with pytest.raises(SystemExit) as usage:
            specgen(["call", SPEC, "listSoraCamDevices", "--credentail", f"api_key={key}"])
    out, err = capsys.readouterr()
    assert (ok, refused, malformed, usage.value.code) == (0, 1, 2, 2)
    assert "HTTP 200" in err and "COM0011" in err and "is not NAME=VALUE" in err
    assert "unrecognized arguments" in err
    texts.items += [out, err]
    texts.assert_clean(fake.secrets())


def test_async_reprs_and_logs_after_concurrent_refresh(texts: Texts) -> None:
    fake = fake_api.FakeSoracom(login_pause=0.01)
    client = soracam.AsyncClient(base_url=BASE, transport=fake.async_transport(), **AUTHKEY)

    async def run() -> None:
        await asyncio.gather(*(client.sora_cam.list_sora_cam_devices() for _ in range(5)))
        fake.revoke_all()
        await asyncio.gather(*(client.sora_cam.list_sora_cam_devices() for _ in range(5)))
        await client.aclose()

    asyncio.run(run())
    texts.add(client, client._auth.flow)
    assert len(fake.logins()) == 2
    texts.assert_clean(fake.secrets())


def test_specgen_call_logs_in_with_a_profile_and_names_a_missing_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    fake = fake_api.FakeSoracom()
    monkeypatch.setenv("SORACOM_PROFILE_DIR", str(tmp_path))
    with fake.serve() as base_url:
        profile = {"endpoint": base_url.removesuffix("/v1"), "email": fake_api.EMAIL,
                   "password": fake_api.ROOT_PASSWORD}  # fmt: skip
        (tmp_path / "cam.json").write_text(json.dumps(profile))
        (tmp_path / "cam.json").chmod(0o600)
        ok = specgen(
            ["call", SPEC, "listSoraCamDevices", "--vendor", "soracom", "--profile", "cam"]
        )
        missing = specgen(
            ["call", SPEC, "listSoraCamDevices", "--vendor", "soracom", "--profile", "nope"]
        )
        unpaired = specgen(["call", SPEC, "listSoraCamDevices", "--profile", "cam"])
    out, err = capsys.readouterr()
    assert (ok, missing, unpaired) == (0, 2, 2)  # a profile problem is a usage error
    assert out.strip() == "[]" and "HTTP 200" in err
    assert "soracom-cli profile 'nope' not found" in err and str(tmp_path / "nope.json") in err
    assert "--profile and --sandbox need --vendor" in err
    assert [s.path for s in fake.seen] == ["/v1/auth", "/v1/sora_cam/devices"]
    assert fake_api.ROOT_PASSWORD not in out + err
