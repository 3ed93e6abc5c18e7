"""Point 6 of issue 9: every failure reading a response is a documented `ApiError` subclass that
carries the response, on the generated and dynamic clients, sync and async, in every
`response_validation` mode; a method typed to return a model never returns a str, dict or None.

Faulty bodies are handed over as unread streams (`httpx.ByteStream`), as a network transport
does, so the client sees the raw bytes (compressed ones included) exactly as a server sent them.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import httpx
import pytest
import yaml

from generator.dynamic import Client as DynamicClient
from generator.dynamic import UnexpectedMediaTypeError as DynamicUnexpectedMediaTypeError
from tests.functional.wire_clients import SHARED_SORACAM, WireApi

MODES = ("strict", "warn", "off")
THING = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "maxLength": 3}},
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Faults", "version": "1"},
    "paths": {
        "/thing": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            }
        },
        "/things": {
            "get": {
                "operationId": "listThings",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Thing"},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/note": {
            "get": {
                "operationId": "getNote",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    },
    "components": {"schemas": {"Thing": THING}},
}

GOOD = b'{"name": "abc"}'


def _stream(status: int, body: bytes, **headers: str) -> httpx.Response:
    """An unread response; `content_type=` is the `content-type` header."""
    named = {k.replace("_", "-"): v for k, v in headers.items()}
    return httpx.Response(status, headers=named, stream=httpx.ByteStream(body))


FAULTS: dict[str, tuple[str, httpx.Response, str]] = {
    # name: (operation, response, error class)
    "invalid-json": (
        "getThing",
        _stream(200, b'{"name":', content_type="application/json"),
        "InvalidJsonError",
    ),
    "truncated-gzip": (
        "getThing",
        _stream(
            200,
            gzip.compress(GOOD * 20)[:-12],
            content_type="application/json",
            content_encoding="gzip",
        ),
        "DecompressionError",
    ),
    "corrupt-gzip": (
        "getThing",
        _stream(
            200,
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage",
            content_type="application/json",
            content_encoding="gzip",
        ),
        "DecompressionError",
    ),
    "truncated-deflate": (
        "getThing",
        _stream(
            200,
            zlib.compress(GOOD * 20)[:-3],
            content_type="application/json",
            content_encoding="deflate",
        ),
        "DecompressionError",
    ),
    "bad-utf8-json": (
        "getThing",
        _stream(200, b'{"name": "\xff"}', content_type="application/json"),
        "CharsetError",
    ),
    "bad-utf8-text": (
        "getNote",
        _stream(200, b"caf\xe9", content_type="text/plain"),
        "CharsetError",
    ),
    "html-for-a-list": (
        "listThings",
        _stream(200, b"<html>maintenance</html>", content_type="text/html"),
        "UnexpectedMediaTypeError",
    ),
    "empty-for-a-model": ("getThing", _stream(200, b""), "EmptyBodyError"),
    "empty-json-for-a-list": (
        "listThings",
        _stream(200, b"", content_type="application/json"),
        "EmptyBodyError",
    ),
    "string-for-a-model": (
        "getThing",
        _stream(200, b'"abc"', content_type="application/json"),
        "UnexpectedTypeError",
    ),
    "object-for-a-list": (
        "listThings",
        _stream(200, GOOD, content_type="application/json"),
        "UnexpectedTypeError",
    ),
    "null-for-a-model": (
        "getThing",
        _stream(200, b"null", content_type="application/json"),
        "UnexpectedTypeError",
    ),
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> WireApi:
    folder = tmp_path_factory.mktemp("faults")
    spec = folder / "faults.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    return WireApi.generate(spec, folder)


def _fresh(response: httpx.Response) -> httpx.Response:
    """A new unread copy per call (a stream can be read once)."""
    return _stream(response.status_code, response.stream._stream, **dict(response.headers))  # type: ignore[attr-defined]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_raises_its_documented_error(api: WireApi, fault: str, mode: str) -> None:
    op_id, response, error = FAULTS[fault]
    info = api.dynamic.find(op_id)
    for variant, sent in api.call_all(
        info.resource,
        info.method,
        {},
        lambda request: _fresh(response),
        response_validation=mode,
    ):
        exc = sent.error
        assert type(exc).__name__ == error, (variant, exc, sent.result)
        module = api.package.errors if variant.startswith("generated") else api.dynamic_errors
        assert isinstance(exc, module.ResponseDecodeError)
        assert isinstance(exc, module.ApiError)
        assert exc.response.status_code == 200
        assert exc.operation_id == op_id
        assert op_id in str(exc)


@pytest.mark.parametrize("mode", MODES)
def test_good_bodies_still_decode(api: WireApi, mode: str) -> None:
    cases = [
        (
            "getThing",
            _stream(
                200, gzip.compress(GOOD), content_type="application/json", content_encoding="gzip"
            ),
        ),
        ("getThing", _stream(200, GOOD, content_type="application/json; charset=utf-8")),
        ("getThing", _stream(200, GOOD)),  # no Content-Type: read as the declared JSON
        ("getNote", _stream(200, b"caf\xe9", content_type="text/plain; charset=iso-8859-1")),
        ("listThings", _stream(200, b"[" + GOOD + b"]", content_type="application/problem+json")),
    ]
    for op_id, response in cases:
        info = api.dynamic.find(op_id)

        def respond(request: httpx.Request, response: httpx.Response = response) -> httpx.Response:
            return _fresh(response)

        for variant, sent in api.call_all(
            info.resource, info.method, {}, respond, response_validation=mode
        ):
            assert sent.error is None, (variant, op_id, sent.error)
            result = sent.result
            if op_id == "getNote":
                assert result == "café"
            elif op_id == "listThings":
                assert [t.to_dict() for t in result] == [{"name": "abc"}]
            else:
                assert type(result).__name__ == "Thing" and result.name == "abc", variant


def test_schema_constraints_follow_the_mode(api: WireApi) -> None:
    """A body of the right type that breaks a constraint: strict raises, warn and off return."""
    long_name = b'{"name": "abcdef"}'
    for mode, error in (("strict", "ResponseValidationError"), ("warn", None), ("off", None)):
        info = api.dynamic.find("getThing")
        for variant, sent in api.call_all(
            info.resource,
            info.method,
            {},
            lambda request: _stream(200, long_name, content_type="application/json"),
            response_validation=mode,
        ):
            if error:
                assert type(sent.error).__name__ == error, variant
            else:
                assert sent.error is None and sent.result.name == "abcdef", variant


@pytest.mark.skipif(not SHARED_SORACAM.is_file(), reason="SoraCam spec not found")
@pytest.mark.parametrize("mode", MODES)
def test_soracam_html_page_for_a_device_list(mode: str, invoke: Any) -> None:
    """The issue's report: a text/html 200 from `list_sora_cam_devices`, default warn mode."""
    from soracam import UnexpectedMediaTypeError

    def handler(request: httpx.Request) -> httpx.Response:
        return _stream(200, b"<html>login</html>", content_type="text/html; charset=utf-8")

    for client_mode in ("sync", "async"):
        with pytest.raises(UnexpectedMediaTypeError) as info:
            invoke(
                client_mode,
                handler,
                "sora_cam",
                "list_sora_cam_devices",
                {},
                client_kwargs={"response_validation": mode},
            )
        assert info.value.response.headers["content-type"].startswith("text/html")
    dynamic = DynamicClient.from_spec(
        SHARED_SORACAM,
        base_url="https://x",
        transport=httpx.MockTransport(handler),
        response_validation=mode,
    )
    with pytest.raises(DynamicUnexpectedMediaTypeError):
        dynamic.sora_cam.list_sora_cam_devices()
