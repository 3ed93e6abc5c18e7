"""Soracom login, profiles, coverage and sandbox, for the generated client and the dynamic client
(`vendor="soracom"`), sync and async, against `soracom_fake` (MockTransport and 127.0.0.1).

The oracles are the Soracom Auth API (what POST /auth receives and returns) and soracom-cli's
precedence (generator/vendors/soracom/setup.py cites the files followed); every case runs on all
four clients, so the shared code path is proven for each.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.dynamic import AsyncClient as DynamicAsyncClient
from generator.dynamic import Client as DynamicClient
from generator.dynamic import load_api
from generator.vendors.soracom import ProfileError as DynamicProfileError
from generator.vendors.soracom import configure
from tests.functional import soracom_fake as fake_api
from tests.functional.conftest import PACKAGE_DIR, SPEC_PATH

if not SPEC_PATH.is_file():
    pytest.skip(f"spec not found at {SPEC_PATH}", allow_module_level=True)
if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))

import soracam  # noqa: E402
from soracam import ProfileError, ProfileNotFoundError, ProfilePermissionWarning  # noqa: E402

API = load_api(SPEC_PATH, use_cache=False)
KINDS = [("generated", "sync"), ("generated", "async"), ("dynamic", "sync"), ("dynamic", "async")]
BASE = "https://fake.soracom.test/v1"

AUTHKEY = {"auth_key_id": fake_api.AUTH_KEY_ID, "auth_key": fake_api.AUTH_KEY}
ROOT = {"email": fake_api.EMAIL, "password": fake_api.ROOT_PASSWORD}
SAM = {
    "operator_id": fake_api.OPERATOR_ID,
    "user_name": fake_api.USER_NAME,
    "password": fake_api.SAM_PASSWORD,
}


def make_client(kind: tuple[str, str], fake: fake_api.FakeSoracom, **options: Any) -> Any:
    which, mode = kind
    if "transport" not in options and "base_url" in options:
        options["transport"] = fake.transport() if mode == "sync" else fake.async_transport()
    if which == "generated":
        cls: Any = soracam.Client if mode == "sync" else soracam.AsyncClient
        return cls(**options)
    if "coverage" in options:
        options["server"] = options.pop("coverage")
    cls = DynamicClient if mode == "sync" else DynamicAsyncClient
    return cls(API, vendor="soracom", **options)


def call(kind: tuple[str, str], client: Any, times: int = 1) -> list[Any]:
    """`list_sora_cam_devices()` `times` times, one after the other."""
    if kind[1] == "sync":
        return [client.sora_cam.list_sora_cam_devices() for _ in range(times)]

    async def run() -> list[Any]:
        return [await client.sora_cam.list_sora_cam_devices() for _ in range(times)]

    return asyncio.run(run())


def write_profile(folder: Path, name: str, data: dict[str, Any], mode: int = 0o600) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "soracom-profiles"
    folder.mkdir()
    monkeypatch.setenv("SORACOM_PROFILE_DIR", str(folder))
    return folder


# --- each auth method ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
@pytest.mark.parametrize(
    ("arguments", "expected_body"),
    [
        (AUTHKEY, {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY}),
        (ROOT, {"email": fake_api.EMAIL, "password": fake_api.ROOT_PASSWORD}),
        (
            SAM,
            {
                "operatorId": fake_api.OPERATOR_ID,
                "userName": fake_api.USER_NAME,
                "password": fake_api.SAM_PASSWORD,
            },
        ),
        (
            {**SAM, "mfa_code": fake_api.MFA_CODE},
            {
                "operatorId": fake_api.OPERATOR_ID,
                "userName": fake_api.USER_NAME,
                "password": fake_api.SAM_PASSWORD,
                "mfaOTPCode": fake_api.MFA_CODE,
            },
        ),
        (
            {**AUTHKEY, "token_timeout_seconds": 600},
            {
                "authKeyId": fake_api.AUTH_KEY_ID,
                "authKey": fake_api.AUTH_KEY,
                "tokenTimeoutSeconds": 600,
            },
        ),
    ],
    ids=["authkey", "root", "sam-user", "sam-user-mfa", "token-timeout"],
)
def test_each_login_method_posts_auth_once_and_uses_its_key(
    kind: tuple[str, str], arguments: dict[str, Any], expected_body: dict[str, Any]
) -> None:
    fake = fake_api.FakeSoracom(require_mfa="mfa_code" in arguments)
    client = make_client(kind, fake, base_url=BASE, **arguments)
    assert fake.seen == []  # lazy: nothing is sent before the first call
    assert call(kind, client, times=3) == [[], [], []]
    logins = fake.logins()
    assert [s.body for s in logins] == [expected_body]
    assert logins[0].method == "POST" and logins[0].path == "/v1/auth"
    key, token = fake.issued[0]
    for seen in fake.calls():
        assert (seen.headers["x-soracom-api-key"], seen.headers["x-soracom-token"]) == (key, token)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_ready_api_key_and_token_send_no_login(kind: tuple[str, str]) -> None:
    fake = fake_api.FakeSoracom()
    issued = fake._issue()  # obtained elsewhere
    client = make_client(
        kind, fake, base_url=BASE, api_key=issued["apiKey"], api_token=issued["token"]
    )
    assert call(kind, client) == [[]]
    assert fake.logins() == []


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_wrong_credentials_raise_login_error_after_one_attempt(kind: tuple[str, str]) -> None:
    fake = fake_api.FakeSoracom()
    client = make_client(kind, fake, base_url=BASE, **{**AUTHKEY, "auth_key": "wrong-key-xyz"})
    with pytest.raises(soracam.LoginError if kind[0] == "generated" else Exception) as caught:
        call(kind, client)
    assert type(caught.value).__name__ == "LoginError"
    assert isinstance(
        caught.value, soracam.AuthenticationError if kind[0] == "generated" else Exception
    )
    assert str(caught.value).startswith("login failed: 401")
    assert "AUM0005" in str(caught.value)
    assert len(fake.logins()) == 1 and fake.calls() == []
    assert "wrong-key-xyz" not in f"{caught.value!s} {caught.value!r} {caught.value.request!r}"


@pytest.mark.parametrize(
    "arguments",
    [
        {"auth_key_id": "id-only"},
        {"api_key": "key-only"},
        {"email": fake_api.EMAIL},
        {"password": "pw-only"},
        {**AUTHKEY, "email": fake_api.EMAIL, "password": "x"},
        {"operator_id": "OP1", "password": "x"},
    ],
    ids=[
        "auth-key-half",
        "api-key-half",
        "email-no-password",
        "password-alone",
        "mixed",
        "sam-half",
    ],
)
def test_incomplete_or_mixed_arguments_are_refused_naming_them(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as caught:
        soracam.Client(base_url=BASE, **arguments)
    message = str(caught.value)
    assert any(word in message for word in ("go together", "needs", "choose one"))
    for value in arguments.values():
        if value not in (fake_api.EMAIL, "OP1"):
            assert value not in message


# --- sources and precedence (soracom-cli's) ---------------------------------------------------


def test_environment_auth_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORACOM_AUTH_KEY_ID", fake_api.AUTH_KEY_ID)
    monkeypatch.setenv("SORACOM_AUTH_KEY", fake_api.AUTH_KEY)
    for kind in KINDS:
        fake = fake_api.FakeSoracom()
        assert call(kind, make_client(kind, fake, base_url=BASE)) == [[]]
        assert [s.body["authKeyId"] for s in fake.logins()] == [fake_api.AUTH_KEY_ID]


def test_arguments_beat_environment_which_beats_profile(
    profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profile(
        profiles, "default", {"email": fake_api.EMAIL, "password": fake_api.ROOT_PASSWORD}
    )
    fake = fake_api.FakeSoracom()
    call(KINDS[0], make_client(KINDS[0], fake, base_url=BASE))
    assert set(fake.logins()[-1].body) == {"email", "password"}  # profile alone

    monkeypatch.setenv("SORACOM_AUTH_KEY_ID", fake_api.AUTH_KEY_ID)
    monkeypatch.setenv("SORACOM_AUTH_KEY", fake_api.AUTH_KEY)
    call(KINDS[0], make_client(KINDS[0], fake, base_url=BASE))
    assert set(fake.logins()[-1].body) == {"authKeyId", "authKey"}  # environment over profile

    call(KINDS[0], make_client(KINDS[0], fake, base_url=BASE, **SAM))
    assert set(fake.logins()[-1].body) == {"operatorId", "userName", "password"}  # arguments

    issued = fake._issue()
    before = len(fake.logins())
    client = make_client(
        KINDS[0], fake, base_url=BASE, api_key=issued["apiKey"], api_token=issued["token"]
    )
    call(KINDS[0], client)
    assert len(fake.logins()) == before  # ready key + token: first of all, no login


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_profile_selection_argument_then_environment_then_default(
    kind: tuple[str, str], profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profile(
        profiles, "default", {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY}
    )
    write_profile(profiles, "root", {"email": fake_api.EMAIL, "password": fake_api.ROOT_PASSWORD})
    write_profile(
        profiles,
        "sam",
        {
            "operatorId": fake_api.OPERATOR_ID,
            "username": fake_api.USER_NAME,
            "password": fake_api.SAM_PASSWORD,
            "tokenTimeoutSeconds": 900,
        },
    )
    fake = fake_api.FakeSoracom()
    call(kind, make_client(kind, fake, base_url=BASE))
    monkeypatch.setenv("SORACOM_PROFILE", "root")
    call(kind, make_client(kind, fake, base_url=BASE))
    call(kind, make_client(kind, fake, base_url=BASE, profile="sam"))
    bodies = [s.body for s in fake.logins()]
    assert bodies == [
        {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY},
        {"email": fake_api.EMAIL, "password": fake_api.ROOT_PASSWORD},
        {
            "operatorId": fake_api.OPERATOR_ID,
            "userName": fake_api.USER_NAME,
            "password": fake_api.SAM_PASSWORD,
            "tokenTimeoutSeconds": 900,
        },
    ]


def test_profile_headers_are_sent_and_explicit_headers_win(profiles: Path) -> None:
    write_profile(
        profiles,
        "default",
        {
            **{"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY},
            "headers": {"X-Extra": "from-profile", "X-Both": "profile"},
        },
    )
    fake = fake_api.FakeSoracom()
    call(KINDS[0], make_client(KINDS[0], fake, base_url=BASE, headers={"X-Both": "argument"}))
    seen = fake.calls()[0].headers
    assert (seen["x-extra"], seen["x-both"]) == ("from-profile", "argument")


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_profile_command_output_is_the_profile(
    kind: tuple[str, str], profiles: Path, tmp_path: Path
) -> None:
    script = tmp_path / "print_profile.py"
    script.write_text(
        f"import json\nprint(json.dumps({{'authKeyId': {fake_api.AUTH_KEY_ID!r}, "
        f"'authKey': {fake_api.AUTH_KEY!r}}}))\n"
    )
    write_profile(profiles, "cmd", {"profileCommand": f"{sys.executable} {script}"})
    fake = fake_api.FakeSoracom()
    call(kind, make_client(kind, fake, base_url=BASE, profile="cmd"))
    assert [s.body for s in fake.logins()] == [
        {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY}
    ]


def test_failing_profile_command_is_a_profile_error_without_its_output(
    profiles: Path, tmp_path: Path
) -> None:
    script = tmp_path / "fail.py"
    script.write_text(f"import sys\nprint({fake_api.AUTH_KEY!r})\nsys.exit(3)\n")
    write_profile(profiles, "cmd", {"profileCommand": f"{sys.executable} {script}"})
    with pytest.raises(ProfileError, match="exited with status 3") as caught:
        soracam.Client(base_url=BASE, profile="cmd")
    assert fake_api.AUTH_KEY not in str(caught.value)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_source_profile_logs_in_then_switches_user(kind: tuple[str, str], profiles: Path) -> None:
    write_profile(
        profiles, "base", {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY}
    )
    write_profile(
        profiles,
        "switched",
        {
            "sourceProfile": "base",
            "operatorId": "OP0099",
            "username": "other",
            "tokenTimeoutSeconds": 600,
        },
    )
    fake = fake_api.FakeSoracom()
    call(kind, make_client(kind, fake, base_url=BASE, profile="switched"))
    paths = [s.path for s in fake.seen]
    assert paths == ["/v1/auth", "/v1/auth/switch_user", "/v1/sora_cam/devices"]
    switch = fake.seen[1]
    assert switch.body == {"operatorId": "OP0099", "userName": "other", "tokenTimeoutSeconds": 600}
    assert switch.headers["x-soracom-api-key"] == fake.issued[0][0]
    assert fake.seen[2].headers["x-soracom-api-key"] == fake.issued[1][0]  # the switched user


# --- profile errors ---------------------------------------------------------------------------


def test_missing_named_profile_is_a_typed_error_naming_the_file(profiles: Path) -> None:
    with pytest.raises(ProfileNotFoundError) as caught:
        soracam.Client(profile="nope")
    assert str(profiles / "nope.json") in str(caught.value)
    assert issubclass(ProfileNotFoundError, ProfileError)


def test_missing_default_profile_means_no_credentials(profiles: Path) -> None:
    client = soracam.Client()
    assert client._auth is None and client.base_url == "https://api.soracom.io/v1"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", r"not valid JSON"),
        ("[1, 2]", r"not a JSON object"),
        ('{"authKey": 5}', r"field 'authKey' of profile 'bad' must be a string"),
        ('{"sandbox": "yes"}', r"field 'sandbox'"),
        ('{"tokenTimeoutSeconds": "60"}', r"field 'tokenTimeoutSeconds'"),
        ('{"headers": {"X": 1}}', r"field 'headers'"),
        ('{"coverageType": "mars"}', r"unknown coverageType 'mars'"),
    ],
)
def test_malformed_profile_is_a_profile_error_naming_file_and_field(
    profiles: Path, content: str, expected: str
) -> None:
    path = profiles / "bad.json"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(ProfileError, match=expected) as caught:
        soracam.Client(profile="bad")
    assert str(path) in str(caught.value)


def test_invalid_json_gives_line_and_column(profiles: Path) -> None:
    path = profiles / "bad.json"
    path.write_text('{\n  "authKey": "x",\n  oops\n}')
    path.chmod(0o600)
    with pytest.raises(ProfileError, match=rf"{path}:3:3: ") as caught:
        soracam.Client(profile="bad")
    assert '"x"' not in str(caught.value)


def test_unreadable_profile_is_a_profile_error(profiles: Path) -> None:
    (profiles / "dir.json").mkdir(mode=0o700)  # unreadable as a file, even for root
    with pytest.raises(ProfileError, match=r"cannot read profile 'dir'"):
        soracam.Client(profile="dir")


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b", "..", ""])
def test_profile_names_cannot_leave_the_folder(profiles: Path, name: str) -> None:
    with pytest.raises(DynamicProfileError, match="invalid profile name"):
        configure(profile=name or " ", environ={"SORACOM_PROFILE_DIR": str(profiles)})


def test_world_readable_profile_warns_and_still_works(profiles: Path) -> None:
    path = write_profile(
        profiles, "open", {"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY}, 0o644
    )
    with pytest.warns(ProfilePermissionWarning, match=rf"{path} is readable by others") as record:
        client = soracam.Client(
            base_url=BASE, profile="open", transport=fake_api.FakeSoracom().transport()
        )
    assert fake_api.AUTH_KEY not in str(record[0].message)
    assert client._auth is not None


# --- coverage, sandbox, endpoint precedence ----------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "environ", "profile", "expected"),
    [
        ({}, {}, None, "https://api.soracom.io/v1"),
        ({"coverage": "g"}, {}, None, "https://g.api.soracom.io/v1"),
        ({"sandbox": True}, {}, None, "https://api-sandbox.soracom.io/v1"),
        ({"coverage": "g", "sandbox": True}, {}, None, "https://g.api-sandbox.soracom.io/v1"),
        ({}, {}, {"coverageType": "g"}, "https://g.api.soracom.io/v1"),
        ({}, {}, {"coverageType": "g", "sandbox": True}, "https://g.api-sandbox.soracom.io/v1"),
        ({"coverage": "jp"}, {}, {"coverageType": "g", "sandbox": True}, "https://api-sandbox.soracom.io/v1"),
        ({}, {}, {"endpoint": "https://proxy.example"}, "https://proxy.example/v1"),
        ({"coverage": "g"}, {}, {"endpoint": "https://proxy.example"}, "https://g.api.soracom.io/v1"),
        ({"coverage": "g"}, {"SORACOM_ENDPOINT": "http://localhost:9/"}, None, "http://localhost:9/v1"),
        ({}, {"SORACOM_ENDPOINT": "http://localhost:9"}, {"endpoint": "https://p.example"}, "http://localhost:9/v1"),
        ({"base_url": "http://mine/v1", "sandbox": True}, {"SORACOM_ENDPOINT": "http://e"}, {"coverageType": "g"}, "http://mine/v1"),
    ],
    ids=[
        "default-jp", "coverage-g", "sandbox-jp", "sandbox-g", "profile-coverage",
        "profile-sandbox", "coverage-arg-keeps-profile-sandbox", "profile-endpoint",
        "coverage-beats-profile-endpoint", "env-endpoint-beats-coverage", "env-beats-profile",
        "base-url-always-wins",
    ],
)  # fmt: skip
def test_endpoint_precedence(
    profiles: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: dict[str, Any],
    environ: dict[str, str],
    profile: dict[str, Any] | None,
    expected: str,
) -> None:
    if profile is not None:
        write_profile(profiles, "default", profile)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    for kind in KINDS:
        client = make_client(kind, fake_api.FakeSoracom(), **arguments)
        assert client.base_url == expected, kind


def test_unknown_coverage_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown coverage 'eu'; known: 'jp', 'g'"):
        soracam.Client(coverage="eu")  # type: ignore[arg-type]


# --- refresh: before expiry, on 401, concurrent ------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_token_is_refreshed_before_it_expires(kind: tuple[str, str]) -> None:
    fake = fake_api.FakeSoracom()
    client = make_client(kind, fake, base_url=BASE, token_timeout_seconds=600, **AUTHKEY)
    clock = Clock()
    client._auth._clock = clock  # the injectable clock of the credential cache
    call(kind, client)
    clock.now += 600 - 61  # more than the margin (60 s) left: the token is kept
    call(kind, client)
    assert len(fake.logins()) == 1
    clock.now += 2  # less than 60 s left: refreshed before use, no 401 needed
    call(kind, client)
    assert len(fake.logins()) == 2
    assert all(s.headers.get("x-soracom-token") for s in fake.calls())
    assert fake.calls()[-1].headers["x-soracom-token"] == fake.issued[1][1]


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_401_causes_exactly_one_relogin_and_one_retry(kind: tuple[str, str]) -> None:
    fake = fake_api.FakeSoracom()
    client = make_client(kind, fake, base_url=BASE, **AUTHKEY)
    call(kind, client)
    fake.revoke_all()  # the server forgets the token (expired early, revoked)
    assert call(kind, client) == [[]]
    assert len(fake.logins()) == 2
    statuses = [s.headers["x-soracom-token"] for s in fake.calls()]
    assert statuses == [fake.issued[0][1], fake.issued[0][1], fake.issued[1][1]]


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_401_after_relogin_is_raised_never_a_loop(kind: tuple[str, str]) -> None:
    fake = fake_api.FakeSoracom()
    client = make_client(kind, fake, base_url=BASE, **AUTHKEY)
    call(kind, client)
    fake.revoke_all()
    real_answer = fake.answer

    def refuse_calls(
        method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        status, body = real_answer(method, path, headers, raw)
        if path.endswith("/devices"):
            return 401, {"code": "COM0011", "message": "Invalid API key or token"}
        return status, body

    fake.answer = refuse_calls  # type: ignore[method-assign]
    with pytest.raises(Exception) as caught:
        call(kind, client)
    assert type(caught.value).__name__ == "AuthenticationError"
    assert len(fake.logins()) == 2 and len(fake.calls()) == 3  # 1 ok + 1 refused + 1 retry


@pytest.mark.parametrize("which", ["generated", "dynamic"])
def test_concurrent_async_calls_share_one_login_and_one_refresh(which: str) -> None:
    fake = fake_api.FakeSoracom(login_pause=0.02)
    client = make_client((which, "async"), fake, base_url=BASE, **AUTHKEY)

    async def many() -> list[Any]:
        return await asyncio.gather(*(client.sora_cam.list_sora_cam_devices() for _ in range(20)))

    async def run() -> None:
        assert await many() == [[]] * 20
        assert len(fake.logins()) == 1
        fake.revoke_all()
        assert await many() == [[]] * 20
        assert len(fake.logins()) == 2  # 20 refusals, one shared re-login
        assert len(fake.calls()) == 60  # 20 + 20 refused + 20 retried

    asyncio.run(run())


def test_concurrent_threads_share_one_login() -> None:
    from concurrent.futures import ThreadPoolExecutor

    fake = fake_api.FakeSoracom()
    with fake.serve() as base_url:
        client = soracam.Client(base_url=base_url, **AUTHKEY)
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: client.sora_cam.list_sora_cam_devices(), range(16)))
    assert results == [[]] * 16
    assert len(fake.logins()) == 1


# --- a real HTTP server on 127.0.0.1 -----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_local_fake_server_profile_login_and_refresh(kind: tuple[str, str], profiles: Path) -> None:
    fake = fake_api.FakeSoracom()
    with fake.serve() as base_url:
        write_profile(
            profiles,
            "local",
            {
                "endpoint": base_url.removesuffix("/v1"),
                **{"authKeyId": fake_api.AUTH_KEY_ID, "authKey": fake_api.AUTH_KEY},
            },
        )
        client = make_client(kind, fake, profile="local")
        assert client.base_url == base_url
        assert call(kind, client, times=2) == [[], []]
        fake.revoke_all()
        assert call(kind, client) == [[]]
    assert [s.path for s in fake.seen] == [
        "/v1/auth",
        "/v1/sora_cam/devices",
        "/v1/sora_cam/devices",
        "/v1/sora_cam/devices",
        "/v1/auth",
        "/v1/sora_cam/devices",
    ]


def test_environment_does_not_leak_between_tests() -> None:
    assert not [k for k in os.environ if k.startswith("SORACOM_") and k != "SORACOM_PROFILE_DIR"]
    assert isinstance(httpx.__version__, str)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        (200, {"operatorId": "OP1"}, "LoginError", "has no 'apiKey' and 'token' strings"),
        (200, "not json", "LoginError", "the response is not JSON"),
        (
            200,
            {"apiKey": "api-ok", "token": "tok-with-newline\n"},
            "LoginError",
            "control character",
        ),
        (503, {"code": "AUM9999", "message": "down"}, "InternalServerError", "503"),
    ],
    ids=["no-keys", "not-json", "control-character", "server-error"],
)
def test_unusable_login_answers_are_typed_errors(
    kind: tuple[str, str], status: int, body: Any, error: str, text: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/auth"  # nothing else is sent
        if isinstance(body, str):
            return httpx.Response(status, content=body.encode())
        return httpx.Response(status, json=body)

    transport: Any = httpx.MockTransport(handler)
    client = make_client(
        kind, fake_api.FakeSoracom(), base_url=BASE, transport=transport, **AUTHKEY
    )
    with pytest.raises(Exception) as caught:
        call(kind, client)
    assert type(caught.value).__name__ == error
    assert text in str(caught.value)
    assert "tok-with-newline" not in str(caught.value)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_the_retry_after_401_resends_the_same_body_with_new_credentials(
    kind: tuple[str, str],
) -> None:
    fake = fake_api.FakeSoracom()
    client = make_client(kind, fake, base_url=BASE, **AUTHKEY)
    call(kind, client)
    fake.revoke_all()
    method = client.sora_cam.set_sora_cam_device_name
    arguments = {"device_id": "7CDDDEADBEEF", "body": {"name": "front door"}}
    if kind[1] == "sync":
        method(**arguments)
    else:
        asyncio.run(method(**arguments))
    sent = [s for s in fake.seen if s.path.endswith("/name")]
    assert [s.body for s in sent] == [{"name": "front door"}] * 2
    assert [s.headers["x-soracom-token"] for s in sent] == [fake.issued[0][1], fake.issued[1][1]]
    assert sent[0].headers["content-type"] == sent[1].headers["content-type"] == "application/json"
