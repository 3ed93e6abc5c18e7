"""Soracom's login, POST /auth (and POST /auth/switch_user for a `sourceProfile`).

Followed: the Soracom Auth API (soracom-auth-api-openapi.yml: `AuthRequest` with `authKeyId` +
`authKey`, `email` + `password`, or `operatorId` + `userName` + `password`, optional
`mfaOTPCode` and `tokenTimeoutSeconds` (default 86400, at most 172800); `AuthResponse` with
`apiKey` and `token`) and soracom/soracom-cli `generators/cmd/predefined/apiclient.go`
(`authenticate`, `authenticateWithSwitchUser`: log in with the source profile, then switch with
its key and token, `tokenTimeoutSeconds` from the profile when 180..3600).

`SoracomLogin` is a `LoginFlow` of the runtime (structurally: this layer imports only httpx and
the standard library, so the generic runtime never depends on it).
"""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

API_KEY_SCHEME = "api_key"
"""The security scheme of `X-Soracom-API-Key` in every Soracom spec."""
API_TOKEN_SCHEME = "api_token"
"""The security scheme of `X-Soracom-Token` in every Soracom spec."""

DEFAULT_TOKEN_TIMEOUT = 86400
"""Seconds a token lives when `tokenTimeoutSeconds` is not sent (the Auth API's default)."""
MAX_TOKEN_TIMEOUT = 172800
SWITCH_USER_TIMEOUT = (180, 3600)
"""soracom-cli sends a profile's `tokenTimeoutSeconds` to switch_user only within this range."""

_SECRET_FIELDS = ("authKey", "password", "mfaOTPCode")


@dataclass(frozen=True)
class Credentials:
    """Credentials for POST /auth, as the `AuthRequest` names them; `kind` says which method."""

    kind: str
    """"AuthKey", "root account" or "SAM user"."""
    fields: Mapping[str, str]

    def __repr__(self) -> str:
        return f"Credentials(kind={self.kind!r}, fields={sorted(self.fields)})"


@dataclass(frozen=True)
class Login:
    """The runtime's `Login`, shaped alike (duck-typed)."""

    credentials: Mapping[str, str]
    expires_in: float | None = None


class SoracomLogin:
    """Logs in with `credentials`; with `switch_to` (operator ID, user name), then switches
    to that SAM user (soracom-cli's `sourceProfile`)."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        token_timeout_seconds: int | None = None,
        switch_to: tuple[str, str] | None = None,
    ) -> None:
        if (
            token_timeout_seconds is not None
            and not 1 <= token_timeout_seconds <= MAX_TOKEN_TIMEOUT
        ):
            raise ValueError(
                f"token_timeout_seconds must be 1..{MAX_TOKEN_TIMEOUT}: {token_timeout_seconds}"
            )
        self.credentials = credentials
        self.token_timeout_seconds = token_timeout_seconds
        self.switch_to = switch_to

    def __repr__(self) -> str:
        return f"<SoracomLogin {self.credentials.kind}{' + switch_user' if self.switch_to else ''}>"

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(v for k, v in self.credentials.fields.items() if k in _SECRET_FIELDS)

    def exchange(self, base_url: str) -> Generator[httpx.Request, httpx.Response, Login]:
        """POST /auth (then POST /auth/switch_user); returns the API key and token."""
        body: dict[str, Any] = dict(self.credentials.fields)
        switching = self.switch_to is not None
        if self.token_timeout_seconds is not None and not switching:
            body["tokenTimeoutSeconds"] = self.token_timeout_seconds
        response = yield _post(base_url, "/auth", body, {})
        key, token = _keys(response)
        lifetime = self.token_timeout_seconds if not switching else None
        if self.switch_to is not None:
            operator_id, user_name = self.switch_to
            switch: dict[str, Any] = {"operatorId": operator_id, "userName": user_name}
            low, high = SWITCH_USER_TIMEOUT
            timeout = self.token_timeout_seconds
            if timeout is not None and low <= timeout <= high:
                switch["tokenTimeoutSeconds"] = timeout
                lifetime = timeout
            headers = {"X-Soracom-API-Key": key, "X-Soracom-Token": token}
            response = yield _post(base_url, "/auth/switch_user", switch, headers)
            key, token = _keys(response)
        return Login(
            {API_KEY_SCHEME: key, API_TOKEN_SCHEME: token},
            float(lifetime or DEFAULT_TOKEN_TIMEOUT),
        )


def _post(
    base_url: str, path: str, body: Mapping[str, Any], headers: Mapping[str, str]
) -> httpx.Request:
    content = json.dumps(body, separators=(",", ":")).encode("utf-8")
    return httpx.Request(
        "POST",
        base_url.rstrip("/") + path,
        content=content,
        headers={**headers, "Content-Type": "application/json", "Accept": "application/json"},
    )


def _keys(response: httpx.Response) -> tuple[str, str]:
    """`apiKey` and `token` of an `AuthResponse`; ValueError (the runtime's LoginError) else."""
    try:
        data = response.json()
    except ValueError:
        raise ValueError("the response is not JSON") from None
    key = data.get("apiKey") if isinstance(data, dict) else None
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(key, str) or not isinstance(token, str) or not key or not token:
        raise ValueError("the response has no 'apiKey' and 'token' strings")
    return key, token
