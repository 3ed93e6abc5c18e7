"""Reading parameters by style/explode, Prefer/Accept, and recording with secrets masked."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import httpx
import pytest

from generator.contract.negotiate import best_media, parse_prefer
from generator.contract.params import Malformed, read_object_query, read_param
from generator.runtime.recording import AsyncRecordingTransport, Recorder, RecordingTransport

INT_ARRAY = {"type": "array", "items": {"type": "integer"}}
OBJ = {"type": "object", "properties": {"role": {"type": "string"}, "n": {"type": "integer"}}}


def read(raw: Any, location: str, style: str, explode: bool, schema: Any, name: str = "id") -> Any:
    return read_param(
        raw, location=location, style=style, explode=explode, schema=schema,
        deref=lambda s: s, name=name,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "location", "style", "explode", "schema", "expected"),
    [
        ("5", "path", "simple", False, {"type": "integer"}, 5),
        ("3,4,5", "path", "simple", False, INT_ARRAY, [3, 4, 5]),
        (".3.4.5", "path", "label", True, INT_ARRAY, [3, 4, 5]),
        (".3.4.5", "path", "label", False, INT_ARRAY, [3, 4, 5]),  # OAS 3.0.3's table
        (";id=3,4,5", "path", "matrix", False, INT_ARRAY, [3, 4, 5]),
        (";id=3;id=4", "path", "matrix", True, INT_ARRAY, [3, 4]),
        ("role,admin,n,2", "path", "simple", False, OBJ, {"role": "admin", "n": 2}),
        ("role=admin,n=2", "path", "simple", True, OBJ, {"role": "admin", "n": 2}),
        ("a%2Fb", "path", "simple", False, {"type": "string"}, "a/b"),
        (["3", "4"], "query", "form", True, INT_ARRAY, [3, 4]),
        (["3,4"], "query", "form", False, INT_ARRAY, [3, 4]),
        (["3 4"], "query", "spaceDelimited", False, INT_ARRAY, [3, 4]),
        (["3|4"], "query", "pipeDelimited", False, INT_ARRAY, [3, 4]),
        (["role,admin"], "query", "form", False, OBJ, {"role": "admin"}),
        (["true"], "query", "form", True, {"type": "boolean"}, True),
        (["1.5"], "query", "form", True, {"type": "number"}, 1.5),
        ("3, 4", "header", "simple", False, INT_ARRAY, [3, 4]),
        ("role=admin", "header", "simple", True, OBJ, {"role": "admin"}),
        ("x", "cookie", "form", True, {"type": "string"}, "x"),
    ],
)
def test_styles(
    raw: Any, location: str, style: str, explode: bool, schema: Any, expected: Any
) -> None:
    assert read(raw, location, style, explode, schema) == expected


@pytest.mark.parametrize(
    ("raw", "location", "style", "schema", "message"),
    [
        (["abc"], "query", "form", {"type": "integer"}, "'abc' is not an integer"),
        (["yes"], "query", "form", {"type": "boolean"}, "not a boolean"),
        (["1", "2"], "query", "form", {"type": "integer"}, "given 2 times"),
        ("3,4", "path", "label", INT_ARRAY, "does not start with '.'"),
        ("a,b,c", "path", "simple", OBJ, "name,value pairs"),
    ],
)
def test_unreadable_values_are_malformed(
    raw: Any, location: str, style: str, schema: Any, message: str
) -> None:
    with pytest.raises(Malformed, match=message):
        read(raw, location, style, False, schema)


def test_deep_object_and_exploded_form_object() -> None:
    query = [("filter[role]", "admin"), ("filter[n]", "2"), ("other", "x")]
    assert read_object_query(query, "filter", "deepObject", OBJ, lambda s: s) == (
        {"role": "admin", "n": 2},
        True,
    )
    assert read_object_query([("role", "x")], "filter", "form", OBJ, lambda s: s) == (
        {"role": "x"},
        True,
    )
    assert read_object_query([("zzz", "x")], "filter", "form", OBJ, lambda s: s) == (None, False)


def test_prefer_and_accept() -> None:
    assert parse_prefer(["code=404, example=ok", 'dynamic="true"; fault=reset']) == {
        "code": "404", "example": "ok", "dynamic": "true", "fault": "reset",
    }  # fmt: skip
    offered = ["application/json", "text/csv"]
    assert best_media(None, offered) == "application/json"
    assert best_media("text/*", offered) == "text/csv"
    assert best_media("text/csv;q=0.2, */*;q=0.1", offered) == "text/csv"
    assert best_media("application/json;q=0, text/csv", offered) == "text/csv"
    assert best_media("image/png", offered) is None


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, json={"apiKey": "RESPONSE-SECRET", "name": "cam", "nested": [{"token": "T2"}]}
    )


def _recorded(stream: io.StringIO) -> dict[str, Any]:
    line = json.loads(stream.getvalue().splitlines()[0])
    assert isinstance(line, dict)
    return line


def test_recording_transport_masks_headers_query_and_json_fields() -> None:
    stream = io.StringIO()
    transport = RecordingTransport(stream, httpx.MockTransport(_handler))
    with httpx.Client(transport=transport) as client:
        response = client.post(
            "http://api/auth?api_key=QUERY-SECRET&limit=2",
            json={"email": "a@b.c", "password": "BODY-SECRET"},
            headers={"X-Soracom-Token": "HEADER-SECRET", "Authorization": "Bearer AUTH-SECRET"},
        )
    assert response.json()["apiKey"] == "RESPONSE-SECRET"  # the caller still gets the data
    text = stream.getvalue()
    for secret in (
        "QUERY-SECRET",
        "BODY-SECRET",
        "HEADER-SECRET",
        "AUTH-SECRET",
        "RESPONSE-SECRET",
        "T2",
    ):
        assert secret not in text
    line = _recorded(stream)
    assert "limit=2" in line["request"]["url"]
    assert json.loads(line["request"]["body"]) == {"email": "a@b.c", "password": "***"}
    assert json.loads(line["response"]["body"])["name"] == "cam"


def test_recorder_attaches_to_existing_clients_sync_and_async() -> None:
    stream = io.StringIO()
    recorder = Recorder(stream)
    with httpx.Client(transport=httpx.MockTransport(_handler)) as client:
        recorder.attach(client)
        client.get("http://api/x")

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as client:
            recorder.attach(client)
            await client.get("http://api/y")
        async_stream = io.StringIO()
        transport = AsyncRecordingTransport(async_stream, httpx.MockTransport(_handler))
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get("http://api/z")
        assert _recorded(async_stream)["request"]["url"] == "http://api/z"

    asyncio.run(main())
    assert recorder.count == 2
    urls = [json.loads(line)["request"]["url"] for line in stream.getvalue().splitlines()]
    assert urls == ["http://api/x", "http://api/y"]


def test_binary_bodies_are_base64() -> None:
    stream = io.StringIO()
    transport = RecordingTransport(
        stream, httpx.MockTransport(lambda r: httpx.Response(200, content=b"\xff\x00"))
    )
    with httpx.Client(transport=transport) as client:
        client.get("http://api/img")
    assert _recorded(stream)["response"]["body_base64"] == "/wA="


def test_a_clients_known_secret_is_masked_wherever_it_appears(tmp_path: Any) -> None:
    """A token echoed in a response body field with an innocent name is masked by value."""
    import sys

    from tests.contract.conftest import PACKAGE_DIR

    sys.path.insert(0, str(PACKAGE_DIR))
    from soracam import Client
    from soracam._runtime.recording import RecordingTransport as PackageRecorder

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"name": request.headers["x-soracom-token"]})

    path = tmp_path / "t.jsonl"
    # the package's own copy of the runtime: its clients' secrets are known to its redactor
    transport = PackageRecorder(path, httpx.MockTransport(echo))
    with Client(
        base_url="http://api/v1", api_key="k", api_token="ECHOED-SECRET", transport=transport
    ) as c:
        c.sora_cam.get_sora_cam_device_name(device_id="D")
    assert "ECHOED-SECRET" not in path.read_text()
