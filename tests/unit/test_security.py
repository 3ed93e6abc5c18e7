"""`generator.security`: which schemes the clients send and how, and the names of their arguments."""

from __future__ import annotations

from typing import Any

import pytest

from generator.ir import build_api
from generator.naming import name_api
from generator.plan import credentials
from generator.security import Delivery, delivery, unsupported_note


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("apiKey", "", "header", "X-Key"), Delivery("header", "X-Key")),
        (("apiKey", "", "cookie", "sid"), Delivery("cookie", "sid")),
        (("http", "Basic"), Delivery("basic", "Authorization")),
        (("http", "BEARER"), Delivery("bearer", "Authorization")),
        (("oauth2",), Delivery("bearer", "Authorization")),
        (("openIdConnect",), Delivery("bearer", "Authorization")),
    ],
)
def test_supported_schemes(args: tuple[str, ...], expected: Delivery) -> None:
    assert delivery(*args) == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("http", "digest"), "'digest'"),
        (("http", "negotiate"), "'negotiate'"),
        (("mutualTLS",), "cert="),
        (("apiKey", "", "body", "k"), "'body'"),
        (("kerberos",), "'kerberos'"),
    ],
)
def test_unsupported_schemes_say_why(args: tuple[str, ...], words: str) -> None:
    reason = delivery(*args)
    assert isinstance(reason, str) and words in reason


def _api(schemes: dict[str, Any]) -> Any:
    return build_api(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"securitySchemes": schemes},
        }
    )


OAUTH = {"type": "oauth2", "flows": {}}
OIDC = {"type": "openIdConnect", "openIdConnectUrl": "https://x"}


def test_one_token_scheme_is_called_access_token() -> None:
    api = _api({"petstore_auth": OAUTH, "api_key": {"type": "apiKey", "in": "header", "name": "k"}})
    assert name_api(api).credentials == {"petstore_auth": "access_token", "api_key": "api_key"}


def test_several_token_schemes_are_told_apart() -> None:
    api = _api({"Corp": OAUTH, "login": OIDC})
    assert name_api(api).credentials == {"Corp": "corp_access_token", "login": "login_access_token"}


def test_a_token_argument_never_collides_with_another_credential() -> None:
    api = _api({"access_token": {"type": "apiKey", "in": "query", "name": "t"}, "o": OAUTH})
    named = name_api(api).credentials
    assert named["access_token"] == "access_token"
    assert named["o"] != "access_token" and named["o"].startswith("access_token")


def test_plan_gives_token_schemes_a_bearer_credential_and_notes_the_rest() -> None:
    api = _api({"o": OAUTH, "d": {"type": "http", "scheme": "digest"}})
    planned = credentials(api, name_api(api))
    assert [(c["arg"], c["location"], c["wire"]) for c in planned] == [
        ("access_token", "bearer", "Authorization")
    ]
    note = unsupported_note(api)
    assert "`d` security scheme is not applied" in note and "`o`" not in note
