"""The dynamic client's own surface: start-up cache, sources, lookup, introspection, models.

Request/result equality with the generated client is `test_parity.py`'s job; every spec's
operations are `test_dynamic_smoke.py`'s. Cache behaviour is observed through
`cache.STATS` and by making the cold build fail, never through timing.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import marshal
import pydoc
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.diagnostics import SpecError
from generator.dynamic import (
    AsyncClient,
    Client,
    NotFoundError,
    ResponseValidationError,
    load_api,
)
from generator.dynamic import api as api_module
from generator.dynamic import blueprint as blueprint_module
from generator.dynamic import cache as cache_module
from generator.dynamic.source import read_source

SPEC = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)
if not SPEC.is_file():
    pytest.skip(f"spec not found at {SPEC}", allow_module_level=True)

DEVICE = {"deviceId": "D1", "name": "Cam", "powerState": "hibernating", "newField": {"a": 1}}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder, an empty per-process memo and zeroed counters."""
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    api_module.forget_loaded()
    monkeypatch.setattr(cache_module, "STATS", cache_module.CacheStats())
    yield tmp_path / "cache" / "dynamic"
    api_module.forget_loaded()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each cold build (the expensive path the cache exists to skip)."""
    calls: list[str] = []
    real = blueprint_module.build_blueprint

    def counting(source: Any, **options: Any) -> dict[str, Any]:
        calls.append(source.name)
        return real(source, **options)

    monkeypatch.setattr(blueprint_module, "build_blueprint", counting)
    return calls


def _handler(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/sora_cam/devices"):
        return httpx.Response(200, json=[DEVICE])
    if request.url.path.endswith("/name"):
        return httpx.Response(200, json={"echo": json.loads(request.content)})
    return httpx.Response(404, json={"code": "SCA0004", "message": "nope"})


def _client(**options: Any) -> Client:
    options.setdefault("transport", httpx.MockTransport(_handler))
    return Client.from_spec(SPEC, api_key="k", api_token="t", **options)


# --- cache ---------------------------------------------------------------------------------


def test_second_start_hits_the_cache(cache_dir: Path, builds: list[str]) -> None:
    first = _client()
    assert builds == [str(SPEC)]
    assert cache_module.STATS.misses == 1
    assert cache_module.STATS.writes == 0 and not cache_dir.exists()  # written later:
    api_module.store_pending()  # at exit, or here
    assert cache_module.STATS.writes == 1
    assert len(list(cache_dir.glob("*.bin"))) == 1
    api_module.forget_loaded()  # a new process, as far as the cache is concerned
    second = _client()
    assert builds == [str(SPEC)]  # no second cold build
    assert cache_module.STATS.hits == 1
    assert second.sora_cam.list_sora_cam_devices()[0].to_dict() == DEVICE
    assert first.operations() == second.operations()


def test_same_process_reuses_the_api(cache_dir: Path, builds: list[str]) -> None:
    assert load_api(SPEC) is load_api(SPEC)
    assert len(builds) == 1


@pytest.mark.parametrize(
    "damage",
    ["flip a payload byte", "truncate", "wrong magic", "empty", "foreign key"],
)
def test_damaged_entry_is_rebuilt_not_trusted(
    cache_dir: Path, builds: list[str], damage: str
) -> None:
    _client()
    api_module.store_pending()
    (entry,) = cache_dir.glob("*.bin")
    blob = entry.read_bytes()
    if damage == "flip a payload byte":
        middle = len(blob) // 2
        blob = blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1 :]
    elif damage == "truncate":
        blob = blob[: len(blob) // 3]
    elif damage == "wrong magic":
        blob = b"x" + blob[1:]
    elif damage == "empty":
        blob = b""
    else:  # a whole, valid entry of another key, renamed: the key inside gives it away
        other = cache_module.cache_key("0" * 64)
        stored = cache_module.read_entry(entry.stem)
        assert stored is not None and cache_module.write_entry(other, stored)
        blob = (cache_dir / f"{other}.bin").read_bytes()
    entry.write_bytes(blob)
    api_module.forget_loaded()
    client = _client()
    assert len(builds) == 2  # rebuilt
    assert cache_module.STATS.rejected == 1
    assert client.call("listSoraCamDevices")[0].device_id == "D1"
    api_module.store_pending()
    assert cache_module.read_entry(entry.stem) is not None  # and rewritten whole


def test_key_changes_with_generator_version_and_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache_module.cache_key("a" * 64)
    assert cache_module.cache_key("b" * 64) != key
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    assert cache_module.cache_key("a" * 64) != key


def test_cache_false_and_shared_folder_are_not_used(cache_dir: Path, builds: list[str]) -> None:
    Client.from_spec(SPEC, cache=False)
    assert not cache_dir.exists()
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o777)  # writable by others: entries there could be planted
    _client()
    api_module.forget_loaded()
    _client()
    assert len(builds) == 3
    assert list(cache_dir.glob("*.bin")) == []


def test_external_refs_are_not_cached(cache_dir: Path, tmp_path: Path, builds: list[str]) -> None:
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "schemas.yml").write_text(
        "Thing:\n  type: object\n  properties:\n    a: {type: string}\n"
    )
    (folder / "api.yml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://t.example'}]\n"
        "paths:\n  /things:\n    get:\n      operationId: getThing\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: 'schemas.yml#/Thing'}\n"
    )
    assert read_source(folder / "api.yml").has_external_refs
    assert not read_source(SPEC).has_external_refs
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"a": "x", "b": 2}))
    client = Client.from_spec(folder / "api.yml", transport=transport)
    thing = client.call("getThing")
    assert (thing.a, thing.additional_properties) == ("x", {"b": 2})
    assert not cache_dir.exists()


# --- sources -------------------------------------------------------------------------------


def _plain(value: Any) -> bool:
    """Only JSON-like data (what a cache entry may hold: never code)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, bytes):  # the packed schemas: data as well
        return _plain(marshal.loads(value))
    return value is None or isinstance(value, (str, int, float, bool))


@pytest.mark.parametrize("cached", [False, True], ids=["cold", "cached"])
def test_validators_compile_per_operation_on_first_call(cache_dir: Path, cached: bool) -> None:
    if cached:
        load_api(SPEC)
        api_module.forget_loaded()
    api = load_api(SPEC)
    assert cache_module.STATS.hits == int(cached)
    client = _client()
    help(client.sora_cam)  # building methods, signatures and docs compiles nothing
    assert api.validators.compiled() == 0
    client.sora_cam.list_sora_cam_devices()
    entry = api.by_operation_id["listSoraCamDevices"]
    op = entry.table
    own = {row[6] for row in op["params"]} | {row[3] for row in op["responses"]}
    own.discard("")
    assert own and api.validators.compiled() == len(own) < len(api.validators)
    assert entry.operation is entry.operation  # built once
    others = [e for e in api.by_operation_id.values() if e is not entry]
    assert all(e._operation is None for e in others)


def test_first_calls_racing_share_one_operation(cache_dir: Path) -> None:
    api = load_api(SPEC)
    entry = api.by_operation_id["listSoraCamDevices"]
    barrier = threading.Barrier(4)
    seen: list[Any] = []

    def first_call() -> None:
        barrier.wait()
        seen.append(entry.operation)

    threads = [threading.Thread(target=first_call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(op is seen[0] for op in seen)


def test_cache_entry_holds_data_only(cache_dir: Path) -> None:
    load_api(SPEC)
    api_module.store_pending()
    (entry,) = cache_dir.glob("*.bin")
    stored = cache_module.read_entry(entry.stem)
    assert stored is not None and _plain(stored)
    assert stored["schemas"] and "validators" not in stored


@pytest.mark.parametrize("ref", ["#/components/schemas/Count", "#/paths/~1a/get/x-count"])
def test_checks_reach_their_refs_wherever_they_point(cache_dir: Path, ref: str) -> None:
    """Packed schemas keep only the components when every ref stays there, else the whole
    document: a ref into the paths still resolves (the check runs, the bad value is refused)."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Mini", "version": "1"},
        "components": {"schemas": {"Count": {"type": "integer"}}},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "x-count": {"type": "integer"},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"n": {"$ref": ref}},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    client = Client.from_spec(
        document,
        base_url="https://m.example",
        response_validation="strict",
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json={"n": "7"})),
    )
    with pytest.raises(ResponseValidationError, match="expected integer"):
        client.call("getA")


def test_validator_issues_cover_the_whole_spec_before_any_call(cache_dir: Path) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Mini", "version": "1"},
        "paths": {
            path: {
                "get": {
                    "operationId": op_id,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"type": "string", **schema}}
                            },
                        }
                    },
                }
            }
            for path, op_id, schema in [
                ("/a", "getA", {"pattern": "(?<=a)b"}),  # a lookaround: not checked
                ("/b", "getB", {"maxLength": 3}),
            ]
        },
    }
    api = load_api(document)
    issues = api.validator_issues
    assert len(issues) == 1 and "lookaround" in issues[0]
    assert api.validators.compiled() == 0  # found without compiling any operation for use


def test_mapping_source_and_spec_errors(cache_dir: Path) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Mini", "version": "1"},
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200)

    client = Client.from_spec(
        document, base_url="https://m.example", transport=httpx.MockTransport(handler)
    )
    assert client.call("get_item", id_=7) is None  # `id` is a builtin: named `id_`
    assert seen == ["https://m.example/items/7"]
    with pytest.raises(ValueError, match="unknown server ''; known: none"):
        Client.from_spec(document)
    broken = {**document, "paths": {"/items/{id}": {"get": {"responses": {"200": {}}}}}}
    with pytest.raises(SpecError):
        Client.from_spec(broken, base_url="https://m.example")


@pytest.fixture
def spec_server() -> Iterator[str]:
    content = SPEC.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/openapi.yml"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_source(cache_dir: Path, spec_server: str) -> None:
    client = Client.from_spec(spec_server, transport=httpx.MockTransport(_handler))
    assert len(client.operations()) == 66
    assert client.base_url == "https://api.soracom.io/v1"


# --- calling -------------------------------------------------------------------------------


def test_servers_credentials_and_names(cache_dir: Path) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    client = _client(server="server2", transport=httpx.MockTransport(handler))
    assert client.servers == {
        "default": "https://api.soracom.io/v1",
        "server2": "https://g.api.soracom.io/v1",
    }
    client.call("listSoraCamDevices")
    client.call("list_sora_cam_devices")
    client.call("sora_cam.list_sora_cam_devices")
    assert [str(r.url) for r in sent] == ["https://g.api.soracom.io/v1/sora_cam/devices"] * 3
    assert sent[0].headers["X-Soracom-API-Key"] == "k"
    with pytest.raises(LookupError, match="no operation 'nope'"):
        client.call("nope")
    with pytest.raises(TypeError, match="unknown credential argument.*api_key, api_token"):
        Client.from_spec(SPEC, password="x")
    with pytest.raises(ValueError, match="unknown server 'eu'"):
        Client.from_spec(SPEC, server="eu")


def test_results_models_enums_and_errors(cache_dir: Path) -> None:
    client = _client()
    (device,) = client.sora_cam.list_sora_cam_devices()
    assert type(device).__name__ == "SoraCamDevice" and device.device_id == "D1"
    assert device.power_state == "hibernating" and device.power_state.is_known is False
    assert device.additional_properties == {"newField": {"a": 1}}
    assert device.to_dict() == DEVICE
    raw = client.call_raw("listSoraCamDevices")
    assert raw.status_code == 200 and raw.parsed[0].to_dict() == DEVICE
    body = client.models.SoraCamDeviceName(name="Front")
    echoed = client.with_raw_response.sora_cam.set_sora_cam_device_name(device_id="D1", body=body)
    assert echoed.json() == {"echo": {"name": "Front"}}
    with pytest.raises(NotFoundError) as caught:
        client.sora_cam.get_sora_cam_device(device_id="missing")
    assert (caught.value.code, caught.value.message) == ("SCA0004", "nope")
    with pytest.raises(TypeError, match=r"got unexpected keyword argument\(s\): nam"):
        client.models.SoraCamDeviceName(nam="x")


def test_async_client(cache_dir: Path) -> None:
    async def run() -> Any:
        async with AsyncClient.from_spec(
            SPEC, transport=httpx.MockTransport(_handler), api_key="k"
        ) as client:
            assert inspect.iscoroutinefunction(client.sora_cam.list_sora_cam_devices)
            listed = await client.sora_cam.list_sora_cam_devices()
            called = await client.call("listSoraCamDevices")
            raw = await client.call_raw("listSoraCamDevices")
            return listed, called, raw

    listed, called, raw = asyncio.run(run())
    assert [d.to_dict() for d in listed] == [d.to_dict() for d in called] == [DEVICE]
    assert raw.status_code == 200


# --- introspection -------------------------------------------------------------------------


def test_dir_help_and_operations(cache_dir: Path) -> None:
    client = _client()
    names = dir(client.sora_cam)
    assert "list_sora_cam_devices" in names and "get_sora_cam_device" in names
    assert {"sora_cam", "gadget", "with_raw_response", "call", "operations"} <= set(dir(client))
    method = client.sora_cam.get_sora_cam_device
    assert method.__name__ == "get_sora_cam_device"
    assert str(inspect.signature(method)) == (
        "(*, device_id: str, timeout: TimeoutTypes | NotGiven = NOT_GIVEN) -> models.SoraCamDevice"
    )
    assert "`GET /sora_cam/devices/{device_id}` (operationId `getSoraCamDevice`)." in method.__doc__
    text = pydoc.render_doc(client.sora_cam, renderer=pydoc.plaintext)
    assert "get_sora_cam_device(self, *, device_id: str" in text
    assert "Device ID of the target SoraCam compatible camera device." in text
    operations = client.operations()
    assert len(operations) == 66
    first = operations[0]
    assert (first.operation_id, first.http_method, first.path, first.resource, first.method) == (
        "listSoraCamDevices",
        "GET",
        "/sora_cam/devices",
        "sora_cam",
        "list_sora_cam_devices",
    )
    assert sorted(dir(client.with_raw_response)) == ["gadget", "sora_cam"]


@pytest.mark.parametrize("client_class", [Client, AsyncClient], ids=["sync", "async"])
def test_methods_are_made_on_first_lookup(cache_dir: Path, client_class: Any) -> None:
    """A start makes resource classes, not their methods: each method (signature, docstring
    wrapped from the blueprint's parts) is made when first looked up, then kept on the class."""
    client = client_class.from_spec(SPEC, api_key="k", api_token="t")
    plain = type(client.sora_cam)
    raw = type(client.with_raw_response.sora_cam)
    name = "list_sora_cam_devices"
    assert not inspect.isfunction(plain.__dict__[name])
    assert not inspect.isfunction(raw.__dict__[name])
    doc = inspect.getdoc(getattr(client.with_raw_response.sora_cam, name))
    assert inspect.isfunction(plain.__dict__[name]) and inspect.isfunction(raw.__dict__[name])
    expected = "The async form of" if client_class is AsyncClient else "`GET /sora_cam/devices`"
    assert doc is not None and expected in doc
    assert getattr(client.sora_cam, name).__func__ is plain.__dict__[name]  # made once
    assert not inspect.isfunction(plain.__dict__["get_sora_cam_device"])  # others still not
