"""`Redactor`: a secret is masked in every form it takes inside other text."""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

import httpx
import pytest

from generator.runtime.redact import MASK, Redactor, mask_everywhere

SECRET = 'k3y/with+odd "chars"\t\n'


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        repr(SECRET),
        json.dumps(SECRET),
        repr(SECRET.encode()),
        quote(SECRET, safe=""),
        quote_plus(SECRET),
        SECRET.strip(),
    ],
    ids=["raw", "repr", "json", "bytes-repr", "percent", "plus", "stripped"],
)
def test_every_form_of_a_secret_is_masked(form: str) -> None:
    redactor = Redactor([SECRET])
    masked = redactor.text(f"before {form} after")
    assert masked.startswith("before ") and masked.endswith(" after")
    assert MASK in masked
    assert "k3y/with" not in masked and "k3y%2Fwith" not in masked


def test_a_secret_containing_another_is_masked_whole() -> None:
    redactor = Redactor(["abcd", "abcdefgh"])
    assert redactor.text("x abcdefgh y") == f"x {MASK} y"


def test_query_values_are_masked_by_name_even_when_unknown() -> None:
    redactor = Redactor([], query=["apiKey"])
    url = httpx.URL("https://h.example/v1/x?a=1&apiKey=never-seen&b=2")
    assert redactor.url(url) == f"https://h.example/v1/x?a=1&apiKey={MASK}&b=2"


def test_headers_and_request_reprs_mask_credentials_by_name_and_value() -> None:
    redactor = Redactor(["tok-123456"], headers=["X-Soracom-API-Key"])
    request = httpx.Request(
        "GET",
        "https://h.example/v1/x?t=tok-123456",
        headers={"X-Soracom-API-Key": "unseen-key", "X-Other": "Bearer tok-123456"},
    )
    redactor.protect(request)
    text = repr(request) + repr(request.headers)
    assert "unseen-key" not in text and "tok-123456" not in text
    assert request.headers["x-soracom-api-key"] == "unseen-key"  # what is sent is unchanged
    assert isinstance(request, httpx.Request) and isinstance(request.headers, httpx.Headers)


def test_exception_messages_are_masked_in_place() -> None:
    redactor = Redactor(["pw-secret-1"])
    exc = RuntimeError("login with pw-secret-1 failed", 3)
    redactor.exception(exc)
    assert exc.args == (f"login with {MASK} failed", 3)


def test_third_party_lines_skip_toy_secrets_shorter_than_four_characters() -> None:
    keep = Redactor(["t", "long-secret-value"])
    line = mask_everywhere("HTTP Request: GET https://h/x?token=long-secret-value")
    assert line == f"HTTP Request: GET https://h/x?token={MASK}"
    assert keep.text("t") == MASK  # the client's own texts still mask it


def test_toy_secrets_do_not_garble_the_clients_own_messages() -> None:
    """README's own examples use api_token="t": every "t" of an error message and log line was
    masked ("400 Bad Reques***", "h******p://"). A form under 4 characters is masked only as
    the whole text; longer ones anywhere."""
    redactor = Redactor(["t", "k", "long-secret-value"])
    exc = RuntimeError("400 Bad Request: limit must be at least 1; echo long-secret-value")
    redactor.exception(exc)
    assert exc.args == (f"400 Bad Request: limit must be at least 1; echo {MASK}",)
    assert redactor.text("GET http://h/v1/sora_cam/devices") == "GET http://h/v1/sora_cam/devices"
    assert redactor.text("t") == MASK
    headers = redactor.headers(httpx.Headers({"X-Soracom-Token": "t", "Authorization": "k"}))
    assert headers == [("x-soracom-token", MASK), ("authorization", MASK)]  # whole values
