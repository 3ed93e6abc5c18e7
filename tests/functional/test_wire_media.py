"""Parameters beyond style (allowReserved, `content`) and bodies by media type with the Encoding
Object, on the generated and dynamic clients, sync and async (issue 9, points 1 and 2).

Each expectation is an exact wire string or is read back with an independent parser
(`urllib.parse`, `json`, the `email` multipart parser).
"""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
import yaml

from tests.functional.wire_clients import Part, WireApi, parse_multipart, raw_query

OBJECT = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}}


def _op(op_id: str, **fields: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"204": {"description": "done"}}, **fields}


def _body(content: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": content}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Media", "version": "1"},
    "paths": {
        "/reserved": {
            "get": _op(
                "reserved",
                parameters=[
                    {
                        "name": "raw",
                        "in": "query",
                        "allowReserved": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "plain", "in": "query", "schema": {"type": "string"}},
                ],
            )
        },
        "/content/{filter}": {
            "get": _op(
                "contentParams",
                parameters=[
                    {
                        "name": "filter",
                        "in": "path",
                        "required": True,
                        "content": {"application/json": {"schema": OBJECT}},
                    },
                    {
                        "name": "q",
                        "in": "query",
                        "content": {"application/json": {"schema": OBJECT}},
                    },
                    {
                        "name": "X-Meta",
                        "in": "header",
                        "content": {"application/json": {"schema": OBJECT}},
                    },
                    {
                        "name": "pref",
                        "in": "cookie",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"type": "integer"}}
                            }
                        },
                    },
                ],
            )
        },
        "/headers": {
            "get": _op(
                "headerStyles",
                parameters=[
                    {
                        "name": "X-List",
                        "in": "header",
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {"name": "X-Obj", "in": "header", "explode": True, "schema": OBJECT},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {
                        "name": "flags",
                        "in": "cookie",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
            )
        },
        "/form": {
            "post": _op(
                "formEncoded",
                requestBody=_body(
                    {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "ids": {"type": "array", "items": {"type": "integer"}},
                                    "csv": {"type": "array", "items": {"type": "string"}},
                                    "deep": OBJECT,
                                    "flat": OBJECT,
                                    "doc": OBJECT,
                                    "url": {"type": "string"},
                                },
                            },
                            "encoding": {
                                "csv": {"style": "form", "explode": False},
                                "deep": {"style": "deepObject", "explode": True},
                                "doc": {"contentType": "application/json"},
                                "url": {"allowReserved": True},
                            },
                        }
                    }
                ),
            )
        },
        "/parts": {
            "post": _op(
                "multipartEncoded",
                requestBody=_body(
                    {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "image": {"type": "string", "format": "binary"},
                                    "doc": OBJECT,
                                    "xml": {"type": "string"},
                                    "count": {"type": "integer"},
                                },
                            },
                            "encoding": {
                                "image": {
                                    "contentType": "image/png, image/jpeg",
                                    "headers": {
                                        "X-Rate-Limit": {
                                            "schema": {"type": "integer", "default": 5}
                                        }
                                    },
                                },
                                "xml": {"contentType": "application/xml"},
                            },
                        }
                    }
                ),
            )
        },
        "/many": {
            "post": _op(
                "manyMediaTypes",
                requestBody=_body(
                    {
                        "application/merge-patch+json": {"schema": OBJECT},
                        "text/plain": {"schema": {"type": "string"}},
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    }
                ),
            )
        },
        "/anything": {"put": _op("anything", requestBody=_body({"*/*": {"schema": {}}}))},
        "/negotiated": {
            "get": {
                "operationId": "negotiated",
                "parameters": [{"name": "Accept", "in": "header", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "an image or its metadata",
                        "content": {
                            "image/png": {"schema": {"type": "string", "format": "binary"}},
                            "application/json": {"schema": OBJECT},
                        },
                    },
                    "404": {
                        "description": "missing",
                        "content": {"application/problem+json": {"schema": {"type": "object"}}},
                    },
                },
            }
        },
        "/patch": {
            "patch": _op(
                "patchThing",
                requestBody=_body(
                    {
                        "application/apply-patch+yaml": {"schema": OBJECT},
                        "application/merge-patch+json": {"schema": OBJECT},
                    }
                ),
            )
        },
        "/single": {
            "get": {
                "operationId": "single",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": OBJECT}},
                    }
                },
            }
        },
    },
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> WireApi:
    folder = tmp_path_factory.mktemp("wire-media")
    spec = folder / "wire_media.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    return WireApi.generate(spec, folder)


def _each(api: WireApi, op_id: str, kwargs: Any) -> Any:
    info = api.dynamic.find(op_id)
    for variant, sent in api.call_all(info.resource, info.method, kwargs):
        yield variant, sent.request


def test_allow_reserved_keeps_reserved_characters(api: WireApi) -> None:
    value = "a/b?c=d&e:f@g,h#i j"
    for variant, request in _each(api, "reserved", {"raw": value, "plain": value}):
        assert raw_query(request) == (
            "raw=a/b?c=d&e:f@g,h%23i%20j&plain=a%2Fb%3Fc%3Dd%26e%3Af%40g%2Ch%23i%20j"
        ), variant


def test_content_parameters_are_json_text(api: WireApi) -> None:
    args = {"filter_": {"a": 1, "b": "x y"}, "q": {"a": 2}, "x_meta": {"b": "é"}, "pref": [1, 2]}
    for variant, request in _each(api, "contentParams", args):
        segment = request.url.raw_path.decode().split("?")[0].rsplit("/", 1)[1]
        assert json.loads(unquote(segment)) == {"a": 1, "b": "x y"}, variant
        assert raw_query(request) == "q=%7B%22a%22%3A2%7D"
        assert json.loads(request.headers["x-meta"]) == {"b": "é"}
        assert request.headers["cookie"] == "pref=%5B1%2C2%5D"


def test_header_and_cookie_styles(api: WireApi) -> None:
    args = {"x_list": [1, 2, 3], "x_obj": {"a": 1, "b": "z"}, "session": "s 1", "flags": ["p", "q"]}
    for variant, request in _each(api, "headerStyles", args):
        assert request.headers["x-list"] == "1,2,3", variant
        assert request.headers["x-obj"] == "a=1,b=z"
        assert request.headers["cookie"] == "session=s%201; flags=p,q"


def test_form_body_honours_the_encoding_object(api: WireApi) -> None:
    body = {
        "ids": [1, 2],
        "csv": ["x", "y,z"],
        "deep": {"a": 1, "b": "two words"},
        "flat": {"a": 3},
        "doc": {"a": 4, "b": "&"},
        "url": "http://h/p?q=1",
    }
    for variant, request in _each(api, "formEncoded", {"body": body}):
        assert request.headers["content-type"] == "application/x-www-form-urlencoded", variant
        assert request.content.decode("ascii") == (
            "ids=1&ids=2&csv=x,y%2Cz&deep[a]=1&deep[b]=two%20words&a=3"
            "&doc=%7B%22a%22%3A4%2C%22b%22%3A%22%26%22%7D&url=http://h/p?q=1"
        )
        pairs = parse_qsl(request.content.decode("ascii").replace("url=http://h/p?q=1", ""))
        assert json.loads(dict(pairs)["doc"]) == {"a": 4, "b": "&"}


def test_multipart_per_part_content_type_and_headers(api: WireApi) -> None:
    def args(models: Any) -> dict[str, Any]:
        return {
            "body": {
                "image": io.BytesIO(b"\x89PNG"),
                "doc": {"a": 1},
                "xml": "<a/>",
                "count": 3,
            }
        }

    for variant, request in _each(api, "multipartEncoded", args):
        assert parse_multipart(request) == [
            Part("image", "image", "image/png", b"\x89PNG", (("X-Rate-Limit", "5"),)),
            Part("doc", None, "application/json", b'{"a":1}'),
            Part("xml", None, "application/xml", b"<a/>"),
            Part("count", None, "", b"3"),
        ], variant


@pytest.mark.parametrize(
    ("kwargs", "content_type", "content"),
    [
        ({"body": {"a": 1}}, "application/merge-patch+json", b'{"a":1}'),
        (
            {"body": "h\u00e9llo", "content_type": "text/plain; charset=utf-8"},
            "text/plain; charset=utf-8",
            "h\u00e9llo".encode(),
        ),
        (
            {"body": "h\u00e9llo", "content_type": "text/plain; charset=iso-8859-1"},
            "text/plain; charset=iso-8859-1",
            "h\u00e9llo".encode("latin-1"),
        ),
        ({"body": b"\x00\x01"}, "application/octet-stream", b"\x00\x01"),
        (
            {"body": b"\x00\x01", "content_type": "application/octet-stream"},
            "application/octet-stream",
            b"\x00\x01",
        ),
    ],
    ids=["merge-patch+json", "text-charset-utf8", "text-latin1", "bytes-picks-binary", "octet"],
)
def test_media_types_with_parameters_match_their_base_type(
    api: WireApi, kwargs: dict[str, Any], content_type: str, content: bytes
) -> None:
    for variant, request in _each(api, "manyMediaTypes", kwargs):
        assert request.headers["content-type"] == content_type, variant
        assert request.content == content


def test_undeclared_media_type_is_refused_before_sending(api: WireApi) -> None:
    info = api.dynamic.find("manyMediaTypes")
    for variant, sent in api.call_all(
        info.resource, info.method, {"body": "x", "content_type": "text/html"}
    ):
        assert type(sent.error).__name__ == "RequestValidationError", variant
        assert "text/html" in str(sent.error)
        assert sent.requests == []


@pytest.mark.parametrize(
    ("body", "content_type", "content"),
    [
        (b"\x01\x02", "application/octet-stream", b"\x01\x02"),
        (("a.csv", b"x,y", "text/csv"), "text/csv", b"x,y"),
        ("text", "text/plain; charset=utf-8", b"text"),
        ({"k": [1, None]}, "application/json", b'{"k":[1,null]}'),
    ],
    ids=["bytes", "file-tuple", "str", "json"],
)
def test_wildcard_media_type_sends_a_concrete_type(
    api: WireApi, body: Any, content_type: str, content: bytes
) -> None:
    for variant, request in _each(api, "anything", {"body": body}):
        assert request.headers["content-type"] == content_type, variant
        assert request.content == content


def _json(request: Any) -> Any:
    import httpx

    return httpx.Response(200, json={"a": 1}, headers={"content-type": "application/json"})


def test_accept_asks_for_what_the_client_decodes_where_responses_negotiate(api: WireApi) -> None:
    """A response with several media types gets `Accept` listing the decoded ones (JSON first,
    error media types too); the caller's own `Accept`, by argument or client header, wins."""
    info = api.dynamic.find("negotiated")
    for variant, sent in api.call_all(info.resource, info.method, {}, _json):
        assert sent.request.headers["accept"] == "application/json, application/problem+json"
        assert sent.result.a == 1, variant  # decoded as the JSON model
    for variant, sent in api.call_all(info.resource, info.method, {"accept": "image/png"}, _json):
        assert sent.request.headers.get_list("accept") == ["image/png"], variant
    for variant, sent in api.call_all(
        info.resource, info.method, {}, _json, headers={"ACCEPT": "text/plain"}
    ):
        assert sent.request.headers.get_list("accept") == ["text/plain"], variant


def test_no_accept_is_added_where_there_is_nothing_to_negotiate(api: WireApi) -> None:
    info = api.dynamic.find("single")
    for variant, sent in api.call_all(info.resource, info.method, {}, _json):
        assert sent.request.headers["accept"] == "*/*", variant  # httpx's own default


def test_an_object_goes_as_the_first_media_type_specgen_writes(api: WireApi) -> None:
    """Kubernetes lists `application/apply-patch+yaml` first: a dict is sent as the JSON one
    (not refused, not JSON under a YAML label); text goes as the first one declared."""
    info = api.dynamic.find("patchThing")
    for variant, sent in api.call_all(info.resource, info.method, {"body": {"a": 1}}):
        assert sent.request.headers["content-type"] == "application/merge-patch+json", variant
        assert json.loads(sent.request.content) == {"a": 1}, variant
    for variant, sent in api.call_all(info.resource, info.method, {"body": "a: 1\n"}):
        assert sent.request.headers["content-type"] == "application/apply-patch+yaml", variant
        assert sent.request.content == b"a: 1\n", variant
