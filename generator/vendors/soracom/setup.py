"""Where a Soracom client's endpoint and credentials come from, in soracom-cli's order.

Followed: soracom/soracom-cli `generators/cmd/predefined/api_credentials_source.go` (sources
tried in turn: API key + token, AuthKey ID + AuthKey, `profileCommand`, the profile; a pair given
half is an error), `endpoint.go` (endpoint precedence below) and `profiles.go` (profile name
`default`). soracom-cli reads no credential from the environment; `SORACOM_AUTH_KEY_ID` +
`SORACOM_AUTH_KEY` and `SORACOM_PROFILE` are this SDK's, ranked where soracom-cli ranks the
matching command-line flags (`--auth-key-id`/`--auth-key`, `--profile`), after arguments.

Credentials, first match wins:
1. arguments `api_key` + `api_token` (used as they are, no login);
2. arguments for POST /auth: `auth_key_id` + `auth_key`, `operator_id` + `user_name` + `password`
   (SAM user, optional `mfa_code`), or `email` + `password` (root account);
3. environment `SORACOM_AUTH_KEY_ID` + `SORACOM_AUTH_KEY`;
4. the profile (`profile`, else `SORACOM_PROFILE`, else `default`, in `SORACOM_PROFILE_DIR` or
   `~/.soracom`): its `profileCommand` output replaces it; a `sourceProfile` logs in with that
   profile and switches to `operatorId` + `username`; else its `authKeyId`/`authKey`, `email`/
   `password` or `operatorId`/`username`/`password` (+ `mfaOTPCode`).
A missing `default` profile means no credentials; a missing named profile is an error.

Endpoint (`base_url`), first match wins: the `base_url` argument; `SORACOM_ENDPOINT`; the
`coverage` argument; the profile's `endpoint`; the profile's `coverageType`; "jp". Coverage
endpoints are https://api.soracom.io (jp) and https://g.api.soracom.io (g), or with sandbox
(`sandbox=True`, else the profile's `sandbox`) https://api-sandbox.soracom.io and
https://g.api-sandbox.soracom.io; the API path `/v1` is appended to all but `base_url`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .login import API_KEY_SCHEME, API_TOKEN_SCHEME, Credentials, SoracomLogin
from .profile import Profile, ProfileError, ProfileNotFoundError, load_profile, run_profile_command

COVERAGES = {"jp": "https://api.soracom.io", "g": "https://g.api.soracom.io"}
SANDBOX_COVERAGES = {
    "jp": "https://api-sandbox.soracom.io",
    "g": "https://g.api-sandbox.soracom.io",
}
API_PATH = "/v1"

SERVER_PARAM = "coverage"
"""The `configure` parameter that receives the client's named-server argument."""

OPTIONS = {
    "profile": "soracom-cli profile name (default: `SORACOM_PROFILE`, else `default`).",
    "sandbox": "Use the API sandbox of the coverage (default: the profile's `sandbox`).",
    "auth_key_id": "AuthKey ID, with `auth_key`: logs in with POST /auth.",
    "auth_key": "AuthKey secret, with `auth_key_id`.",
    "email": "Root account email, with `password`: logs in with POST /auth.",
    "password": "Password of the root account (`email`) or SAM user (`operator_id`, `user_name`).",
    "operator_id": "Operator ID of a SAM user, with `user_name` and `password`.",
    "user_name": "SAM user name, with `operator_id` and `password`.",
    "mfa_code": "One-time MFA code sent with the login (valid once: a later re-login fails).",
    "token_timeout_seconds": "Token lifetime asked for at login, seconds (Soracom default 86400).",
}
"""The client arguments this layer adds (each a keyword of `configure`), with their docs."""


@dataclass(frozen=True)
class Setup:
    """What the client is built with: endpoint, fixed credentials or a login, extra headers."""

    base_url: str
    credentials: Mapping[str, str | None] = field(default_factory=dict)
    login: SoracomLogin | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    profile: str | None = None
    """The profile used, if any (for messages)."""

    def __repr__(self) -> str:
        return f"Setup(base_url={self.base_url!r}, login={self.login!r}, profile={self.profile!r})"


def configure(
    *,
    base_url: str | None = None,
    coverage: str | None = None,
    credentials: Mapping[str, str | None] | None = None,
    profile: str | None = None,
    sandbox: bool | None = None,
    auth_key_id: str | None = None,
    auth_key: str | None = None,
    email: str | None = None,
    password: str | None = None,
    operator_id: str | None = None,
    user_name: str | None = None,
    mfa_code: str | None = None,
    token_timeout_seconds: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> Setup:
    """Resolve a client's setup (see the module docstring); `credentials` are the spec's own
    arguments (`api_key`, `api_token`). Raises `ProfileError` (and `ProfileNotFoundError`) for a
    profile that cannot be used and `ValueError` for arguments that do not go together."""
    env = os.environ if environ is None else environ
    given = dict(credentials or {})
    if coverage is not None and coverage not in COVERAGES:
        known = ", ".join(repr(c) for c in COVERAGES)
        raise ValueError(f"unknown coverage {coverage!r}; known: {known}; or pass base_url=")
    fixed = _api_key_pair(given.get(API_KEY_SCHEME), given.get(API_TOKEN_SCHEME))
    explicit = _login_arguments(auth_key_id, auth_key, email, password, operator_id, user_name)
    if explicit is not None and mfa_code:
        explicit = Credentials(explicit.kind, {**explicit.fields, "mfaOTPCode": mfa_code})
    from_env = _pair(
        env.get("SORACOM_AUTH_KEY_ID"),
        env.get("SORACOM_AUTH_KEY"),
        "SORACOM_AUTH_KEY_ID",
        "SORACOM_AUTH_KEY",
    )
    name = profile or env.get("SORACOM_PROFILE") or None
    needs_profile = name is not None or (
        (fixed is None and explicit is None and from_env is None)
        or (base_url is None and not env.get("SORACOM_ENDPOINT") and coverage is None)
    )
    loaded = _profile(name, env) if needs_profile else None

    login: SoracomLogin | None = None
    if fixed is None:
        if explicit is not None:
            login = SoracomLogin(explicit, token_timeout_seconds=token_timeout_seconds)
        elif from_env is not None:
            creds = Credentials("AuthKey", {"authKeyId": from_env[0], "authKey": from_env[1]})
            login = SoracomLogin(creds, token_timeout_seconds=token_timeout_seconds)
        elif loaded is not None:
            login = _profile_login(loaded, env, token_timeout_seconds)
    resolved = dict(given)
    if fixed is not None:
        resolved[API_KEY_SCHEME], resolved[API_TOKEN_SCHEME] = fixed
    return Setup(
        base_url=_endpoint(base_url, coverage, sandbox, loaded, env),
        credentials=resolved,
        login=login,
        headers=dict(loaded.headers) if loaded is not None else {},
        profile=loaded.name if loaded is not None else None,
    )


def _pair(first: str | None, second: str | None, a: str, b: str) -> tuple[str, str] | None:
    if not first and not second:
        return None
    if not first or not second:
        raise ValueError(f"{a} and {b} go together: give both or neither")
    return first, second


def _api_key_pair(key: str | None, token: str | None) -> tuple[str, str] | None:
    return _pair(key, token, "api_key", "api_token")


def _login_arguments(
    auth_key_id: str | None,
    auth_key: str | None,
    email: str | None,
    password: str | None,
    operator_id: str | None,
    user_name: str | None,
) -> Credentials | None:
    """The one login method the arguments name; mixing methods is an error."""
    methods = [
        m
        for m, used in (
            ("AuthKey", auth_key_id or auth_key),
            ("SAM user", operator_id or user_name),
            ("root account", email),
        )
        if used
    ]
    if len(methods) > 1:
        raise ValueError(f"choose one login method, not {' and '.join(methods)}")
    if not methods:
        if password:
            raise ValueError("password needs email (root account) or operator_id + user_name")
        return None
    method = methods[0]
    if method == "AuthKey":
        key_id, key = _pair(auth_key_id, auth_key, "auth_key_id", "auth_key") or ("", "")
        return Credentials(method, {"authKeyId": key_id, "authKey": key})
    if method == "SAM user":
        if not (operator_id and user_name and password):
            raise ValueError("a SAM user login needs operator_id, user_name and password")
        return Credentials(
            method, {"operatorId": operator_id, "userName": user_name, "password": password}
        )
    if not password:
        raise ValueError("a root account login needs email and password")
    return Credentials(method, {"email": email or "", "password": password})


def _profile(name: str | None, env: Mapping[str, str]) -> Profile | None:
    try:
        return load_profile(name or "default", env)
    except ProfileNotFoundError:
        if name is None:
            return None  # no default profile: nothing to read, as soracom-cli
        raise


def _profile_login(
    profile: Profile, env: Mapping[str, str], token_timeout_seconds: int | None
) -> SoracomLogin | None:
    if profile.profile_command:
        profile = run_profile_command(profile)
    timeout = token_timeout_seconds or profile.token_timeout_seconds
    if profile.source_profile:
        source = load_profile(profile.source_profile, env)
        if source.source_profile:
            raise ProfileError(
                f"{source.source}: a source profile cannot have a sourceProfile "
                "(nested switch user is not allowed)"
            )
        if not (profile.operator_id and profile.username):
            raise ProfileError(
                f"{profile.source}: switching user needs both 'operatorId' and 'username'"
            )
        credentials = _profile_credentials(source)
        if credentials is None:
            raise ProfileError(f"{source.source}: the source profile has no credentials")
        return SoracomLogin(
            credentials,
            token_timeout_seconds=timeout,
            switch_to=(profile.operator_id, profile.username),
        )
    credentials = _profile_credentials(profile)
    if credentials is None:
        return None
    return SoracomLogin(credentials, token_timeout_seconds=timeout)


def _profile_credentials(profile: Profile) -> Credentials | None:
    """The `AuthRequest` fields a profile holds (soracom-cli's `authRequestFromProfile`)."""
    fields = {
        wire: value
        for wire, value in (
            ("authKeyId", profile.auth_key_id),
            ("authKey", profile.auth_key),
            ("email", profile.email),
            ("password", profile.password),
            ("operatorId", profile.operator_id),
            ("userName", profile.username),
            ("mfaOTPCode", profile.mfa_otp_code),
        )
        if value
    }
    if not fields.keys() - {"mfaOTPCode", "operatorId"}:
        return None
    if "authKeyId" in fields or "authKey" in fields:
        kind = "AuthKey"
    elif "userName" in fields:
        kind = "SAM user"
    else:
        kind = "root account"
    return Credentials(kind, fields)


def _endpoint(
    base_url: str | None,
    coverage: str | None,
    sandbox: bool | None,
    profile: Profile | None,
    env: Mapping[str, str],
) -> str:
    if base_url:
        return base_url
    endpoint = env.get("SORACOM_ENDPOINT")
    if endpoint:
        return endpoint.rstrip("/") + API_PATH
    use_sandbox = sandbox if sandbox is not None else bool(profile and profile.sandbox)
    table = SANDBOX_COVERAGES if use_sandbox else COVERAGES
    if coverage is not None:
        return table[coverage] + API_PATH
    if profile is not None and profile.endpoint and sandbox is None:
        return profile.endpoint.rstrip("/") + API_PATH
    chosen = profile.coverage_type if profile is not None else "jp"
    if chosen not in table:
        where = profile.source if profile is not None else "coverage"
        raise ProfileError(f"{where}: unknown coverageType {chosen!r}; known: 'jp', 'g'")
    return table[chosen] + API_PATH
