"""`RetryPolicy` decisions in isolation: server-given waits, backoff, which methods retry."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from generator.runtime.retries import RetryPolicy, retryable_status

NOW = 1_764_547_200.0


def _policy(**options: object) -> RetryPolicy:
    return RetryPolicy(wall_clock=lambda: NOW, random=lambda: 1.0, **options)  # type: ignore[arg-type]


def _response(**headers: str) -> httpx.Response:
    return httpx.Response(429, headers=headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "5"}, 5.0),
        ({"Retry-After": " 0 "}, 0.0),
        ({"Retry-After": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"Retry-After": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),  # past: now
        ({"Retry-After": "soon"}, None),  # unreadable: backoff instead
        ({"Retry-After": "-3"}, None),
        ({"X-Wait": "2.5"}, 2.5),
        ({"X-Wait": "nan"}, None),
        ({"X-Wait": "-1"}, None),
        ({"Retry-After": "4", "X-Wait": "9"}, 4.0),  # Retry-After first
        ({}, None),
    ],
)
def test_server_delay(headers: dict[str, str], expected: float | None) -> None:
    assert _policy(wait_headers=("X-Wait",)).server_delay(_response(**headers)) == expected


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = _policy(initial_delay=1.0, multiplier=3.0, max_delay=5.0, jitter=0.5)
    assert [policy.backoff(n) for n in (1, 2, 3, 4)] == [0.5, 1.5, 2.5, 2.5]
    assert RetryPolicy(random=lambda: 0.0).backoff(1) == 0.5


def test_methods_and_statuses() -> None:
    policy = RetryPolicy()
    assert [
        m for m in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH") if policy.allows(m)
    ] == [
        "GET",
        "HEAD",
        "PUT",
        "DELETE",
        "OPTIONS",
    ]
    assert RetryPolicy(retry_post=True).allows("POST")
    assert [s for s in (200, 400, 404, 429, 500, 501, 502, 503, 504) if retryable_status(s)] == [
        429,
        500,
        502,
        503,
        504,
    ]


def test_with_options_ignores_none() -> None:
    policy = RetryPolicy()
    assert policy.with_options(max_retries=None, retry_post=None) is policy
    assert policy.with_options(max_retries=5).max_retries == 5
