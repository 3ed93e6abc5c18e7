"""Parity: the generated SoraCam client and the dynamic client behave the same, call by call.

For each of the 66 operations, sync and async, both clients are driven through the same
`httpx.MockTransport` handler with the same arguments, and must produce:

* byte-identical requests: method, URL, headers (as the raw list, order included), body bytes;
* equal results (`to_dict()` of models, lists, plain values, None) for a schema-shaped 2xx
  response, and equal raw responses (status, parsed value);
* equal exceptions (same class, same message) for a 404, for an invalid argument
  (`RequestValidationError`), for a response of the wrong JSON type (`UnexpectedTypeError`),
  and for a bad call (`TypeError`: unknown / missing argument);
* the same docstring and the same parameter names, defaults and annotations.

Arguments and responses come from the spec through `generator.dynamic.samples`; the generated
client is the reference, so a sample that its validators refuse still has to be refused alike.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.dynamic import AsyncClient, Client, load_api
from generator.dynamic.samples import sample
from generator.load import load_path
from generator.resolve import bundle

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SPEC_PATH = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
PACKAGE_DIR = REPO / "generated" / "soracam"
BASE_URL = "https://parity.example/v1"
SECRETS = {"api_key": "key-K", "api_token": "token-T"}

if not SPEC_PATH.is_file():
    pytest.skip(f"spec not found at {SPEC_PATH}", allow_module_level=True)
if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))

import soracam  # noqa: E402  (the generated package, from its distribution folder)

API = load_api(SPEC_PATH, use_cache=False)
DOCUMENT: dict[str, Any] = bundle(load_path(SPEC_PATH))
OPERATIONS = API.operations()

Handler = Callable[[httpx.Request], httpx.Response]


def _public(client: Any) -> set[str]:
    return {
        f"{resource}.{name}"
        for resource in ("sora_cam", "gadget")
        for name in dir(getattr(client, resource))
        if not name.startswith("_") and name != "operation_names"
    }


PAGED = [i for i in OPERATIONS if API.by_operation_id[i.operation_id].pagination]


def test_all_66_operations_are_covered() -> None:
    assert len(OPERATIONS) == 66
    generated = _public(soracam.Client(base_url=BASE_URL))
    paging = {
        f"{i.resource}.{name}"
        for i in PAGED
        for name in (f"iter_{i.method}", f"iter_{i.method}_pages")
    }
    assert {f"{info.resource}.{info.method}" for info in OPERATIONS} | paging == generated
    assert _public(Client(API, base_url=BASE_URL)) == generated
    assert len(PAGED) == 8  # every operation with x-soracom-cli-pagination


# --- spec lookups (the bundled document) -----------------------------------------------------


def _spec_operation(info: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    item = DOCUMENT["paths"][info.path]
    op = item[info.http_method.lower()]
    params = [_deref(p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]
    return params, op


def _deref(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = DOCUMENT
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _arguments(info: Any) -> dict[str, Any]:
    """A value for every argument (required and optional) from the spec's schemas."""
    entry = API.by_operation_id[info.operation_id]
    params, op = _spec_operation(info)
    operation = entry.operation
    out: dict[str, Any] = {}
    for arg, param in operation.params.items():
        spec_param = next(
            p for p in params if p["name"] == param.wire and p["in"] == param.location
        )
        out[arg] = sample(spec_param.get("schema", {}), DOCUMENT)
    if operation.body is not None:
        content = _deref(op["requestBody"])["content"]
        media = operation.body.media_types[0]
        out[operation.body.arg] = sample(content[media].get("schema", {}), DOCUMENT)
        if operation.body.content_type_arg:
            out[operation.body.content_type_arg] = media
    return out


def _success(info: Any) -> tuple[int, Any]:
    """The first documented 2xx status and a schema-shaped JSON body (None: no body)."""
    _, op = _spec_operation(info)
    for status, response in op["responses"].items():
        if str(status).startswith("2"):
            content = _deref(response).get("content") or {}
            for media, body in content.items():
                if "json" in media:
                    return int(status), sample(
                        body.get("schema", {}), DOCUMENT, direction="response"
                    )
            return int(status), None
    return 200, None


def _response_type(info: Any) -> str:
    _, op = _spec_operation(info)
    for status, response in op["responses"].items():
        if str(status).startswith("2"):
            for media, body in (_deref(response).get("content") or {}).items():
                if "json" in media:
                    return str(_deref(body.get("schema", {})).get("type", ""))
    return ""


# --- driving both clients --------------------------------------------------------------------


class Recorder:
    """A MockTransport handler answering one fixed response and recording every request."""

    def __init__(self, status: int, body: Any, *, text: bytes | None = None) -> None:
        self.status, self.body, self.text = status, body, text
        self.requests: list[tuple[str, str, list[tuple[bytes, bytes]], bytes]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(
            (request.method, str(request.url), list(request.headers.raw), request.read())
        )
        if self.text is not None:
            return httpx.Response(self.status, content=self.text)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)


def _plain(value: Any) -> Any:
    """A comparable form of a result: models as (class name, wire dict), enums as values."""
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return (type(value).__name__, value.to_dict())
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _outcome(
    kind: str,
    mode: str,
    info: Any,
    handler: Handler,
    kwargs: dict[str, Any],
    *,
    raw: bool = False,
    **options: Any,
) -> tuple[str, Any, Any]:
    """("ok", plain result, status) or ("error", class name, message) of one call."""
    transport = httpx.MockTransport(handler)
    if kind == "generated":
        cls: Any = soracam.Client if mode == "sync" else soracam.AsyncClient
        client = cls(base_url=BASE_URL, transport=transport, **SECRETS, **options)
    else:
        cls = Client if mode == "sync" else AsyncClient
        client = cls(API, base_url=BASE_URL, transport=transport, **SECRETS, **options)
    root = client.with_raw_response if raw else client
    method = getattr(getattr(root, info.resource), info.method)
    try:
        result = method(**kwargs) if mode == "sync" else asyncio.run(method(**kwargs))
    except Exception as exc:  # every exception is part of the behaviour compared
        return ("error", type(exc).__name__, str(exc))
    if raw:
        return ("ok", _plain(result.parsed), result.status_code)
    return ("ok", _plain(result), None)


def _both(mode: str, info: Any, make: Callable[[], Recorder], kwargs: dict[str, Any], **kw: Any):
    generated, dynamic = make(), make()
    expected = _outcome("generated", mode, info, generated, kwargs, **kw)
    actual = _outcome("dynamic", mode, info, dynamic, kwargs, **kw)
    return expected, actual, generated.requests, dynamic.requests


def _invalid(info: Any, kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The arguments with one value of the wrong type (an argument that has a validator)."""
    operation = API.by_operation_id[info.operation_id].operation
    for arg, param in operation.params.items():
        if param.check is not None:
            return {**kwargs, arg: {"not": ["a", "scalar"]}}
    if operation.body is not None and operation.body.checks:
        return {**kwargs, operation.body.arg: 12345}
    return None


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("info", OPERATIONS, ids=[i.operation_id for i in OPERATIONS])
def test_parity(info: Any, mode: str) -> None:
    kwargs = _arguments(info)
    status, body = _success(info)

    # 1. a success: identical requests, equal results, plain and raw
    for raw in (False, True):
        expected, actual, sent_g, sent_d = _both(
            mode, info, lambda: Recorder(status, body), kwargs, raw=raw
        )
        assert sent_d == sent_g
        assert actual == expected
    assert expected[0] == "ok", expected  # the samples are valid: the call went through
    assert len(sent_g) == 1

    # 2. an error status: the same typed exception and message
    expected, actual, sent_g, sent_d = _both(
        mode, info, lambda: Recorder(404, {"code": "SCA0004", "message": "not found"}), kwargs
    )
    assert (sent_d, actual) == (sent_g, expected)
    assert expected[:2] == ("error", "NotFoundError")

    # 3. an invalid argument: refused before sending, with the same problem list
    invalid = _invalid(info, kwargs)
    if invalid is not None:
        expected, actual, sent_g, sent_d = _both(
            mode, info, lambda: Recorder(status, body), invalid
        )
        assert actual == expected
        assert expected[:2] == ("error", "RequestValidationError")
        assert sent_g == sent_d == []

    # 4. a response of the wrong JSON type: the same UnexpectedTypeError (a decode error, not a
    #    schema-constraint problem, so it is raised in every validation mode; strict here)
    kind = _response_type(info)
    if kind:
        wrong = "a string" if kind != "string" else 12345
        expected, actual, _, _ = _both(
            mode,
            info,
            lambda: Recorder(status, wrong),
            kwargs,
            response_validation="strict",
        )
        assert actual == expected
        assert expected[:2] == ("error", "UnexpectedTypeError")

    # 5. bad calls: the TypeError CPython gives the generated method (raw: through the wrapper)
    for raw in (False, True):
        for bad in ({**kwargs, "no_such_argument": 1}, {}):
            expected, actual, _, _ = _both(mode, info, lambda: Recorder(status, body), bad, raw=raw)
            assert actual == expected
            if bad:
                assert expected[:2] == ("error", "TypeError")


@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("info", OPERATIONS, ids=[i.operation_id for i in OPERATIONS])
def test_introspection_parity(info: Any, is_async: bool, raw: bool) -> None:
    """Same docstring, parameter names, kinds, defaults and annotation text as generated, for
    the sync, async and raw-response (wrapped) variants."""
    g_cls: Any = soracam.AsyncClient if is_async else soracam.Client
    d_cls: Any = AsyncClient if is_async else Client
    g_root, d_root = g_cls(base_url=BASE_URL), d_cls(API, base_url=BASE_URL)
    if raw:
        g_root, d_root = g_root.with_raw_response, d_root.with_raw_response
    generated = getattr(getattr(g_root, info.resource), info.method)
    dynamic = getattr(getattr(d_root, info.resource), info.method)
    assert inspect.getdoc(dynamic) == inspect.getdoc(generated)
    assert inspect.iscoroutinefunction(dynamic) == inspect.iscoroutinefunction(generated)
    assert dynamic.__name__ == generated.__name__
    g_sig, d_sig = inspect.signature(generated), inspect.signature(dynamic)
    assert list(d_sig.parameters) == list(g_sig.parameters)
    for name, g_param in g_sig.parameters.items():
        d_param = d_sig.parameters[name]
        assert d_param.kind == g_param.kind
        assert repr(d_param.default) == repr(g_param.default)  # each has its own NOT_GIVEN
        assert repr(d_param.annotation) == g_param.annotation
    assert repr(d_sig.return_annotation) == g_sig.return_annotation


@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_resource_class_parity(is_async: bool, raw: bool) -> None:
    """Each resource class has the generated class's name and docstring."""
    g_cls: Any = soracam.AsyncClient if is_async else soracam.Client
    d_cls: Any = AsyncClient if is_async else Client
    g_root, d_root = g_cls(base_url=BASE_URL), d_cls(API, base_url=BASE_URL)
    if raw:
        g_root, d_root = g_root.with_raw_response, d_root.with_raw_response
    for attribute in sorted({info.resource for info in OPERATIONS}):
        generated, dynamic = type(getattr(g_root, attribute)), type(getattr(d_root, attribute))
        assert dynamic.__name__ == generated.__name__
        assert inspect.getdoc(dynamic) == inspect.getdoc(generated)


# --- pagination methods ----------------------------------------------------------------------


class Pager(Recorder):
    """Three pages: the next key in `x-soracom-next-key` on the first two, none on the last."""

    def __init__(self, body: Any) -> None:
        super().__init__(200, body)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        super().__call__(request)
        count = len(self.requests)
        headers = {"x-soracom-next-key": str(100 + count)} if count < 3 else {}
        return httpx.Response(200, json=self.body, headers=headers)


def _paged(kind: str, mode: str, info: Any, handler: Handler, kwargs: dict[str, Any], pages: bool):
    transport = httpx.MockTransport(handler)
    if kind == "generated":
        cls: Any = soracam.Client if mode == "sync" else soracam.AsyncClient
        client = cls(base_url=BASE_URL, transport=transport, **SECRETS)
    else:
        cls = Client if mode == "sync" else AsyncClient
        client = cls(API, base_url=BASE_URL, transport=transport, **SECRETS)
    name = f"iter_{info.method}_pages" if pages else f"iter_{info.method}"
    iterator = getattr(getattr(client, info.resource), name)(**kwargs)

    async def drain() -> list[Any]:
        return [x async for x in iterator]

    got = list(iterator) if mode == "sync" else asyncio.run(drain())
    if pages:
        return [(_plain(p.items), p.next_key, p.response.status_code) for p in got]
    return _plain(got)


@pytest.mark.parametrize("pages", [False, True], ids=["items", "pages"])
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("info", PAGED, ids=[i.operation_id for i in PAGED])
def test_pagination_parity(info: Any, mode: str, pages: bool) -> None:
    kwargs = _arguments(info)
    kwargs.pop(API.by_operation_id[info.operation_id].operation.pagination.param)
    _, body = _success(info)
    generated, dynamic = Pager(body), Pager(body)
    expected = _paged("generated", mode, info, generated, kwargs, pages)
    actual = _paged("dynamic", mode, info, dynamic, kwargs, pages)
    assert dynamic.requests == generated.requests
    assert len(generated.requests) == 3
    assert actual == expected


@pytest.mark.parametrize("pages", [False, True], ids=["items", "pages"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("info", PAGED, ids=[i.operation_id for i in PAGED])
def test_pagination_introspection_parity(info: Any, is_async: bool, pages: bool) -> None:
    name = f"iter_{info.method}_pages" if pages else f"iter_{info.method}"
    g_cls: Any = soracam.AsyncClient if is_async else soracam.Client
    d_cls: Any = AsyncClient if is_async else Client
    generated = getattr(getattr(g_cls(base_url=BASE_URL), info.resource), name)
    dynamic = getattr(getattr(d_cls(API, base_url=BASE_URL), info.resource), name)
    assert inspect.getdoc(dynamic) == inspect.getdoc(generated)
    g_sig, d_sig = inspect.signature(generated), inspect.signature(dynamic)
    assert list(d_sig.parameters) == list(g_sig.parameters)
    for param_name, g_param in g_sig.parameters.items():
        d_param = d_sig.parameters[param_name]
        assert d_param.kind == g_param.kind
        assert repr(d_param.default) == repr(g_param.default)
        assert repr(d_param.annotation) == g_param.annotation
    assert repr(d_sig.return_annotation) == g_sig.return_annotation


# --- the vendor layer: login, refresh and endpoints, from the same code ----------------------

AUTH_KEY = {"auth_key_id": "keyId-PARITY", "auth_key": "secret-PARITY"}


class LoginRecorder(Recorder):
    """POST /auth answers a fresh key and token; other calls answer 401 to the first token
    (to force the one re-login) and then the operation's success."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        response = super().__call__(request)
        if request.url.path.endswith("/auth"):
            self.issued += 1
            return httpx.Response(
                200, json={"apiKey": f"k{self.issued}", "token": f"t{self.issued}"}
            )
        if request.headers.get("x-soracom-token") == "t1":
            return httpx.Response(401, json={"code": "COM0011", "message": "expired"})
        return response


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_vendor_login_and_relogin_parity(mode: str) -> None:
    """Both clients send byte-identical login, call, re-login and retry requests."""
    info = next(i for i in OPERATIONS if i.operation_id == "listSoraCamDevices")
    status, body = _success(info)
    outcomes, sent = [], []
    for kind in ("generated", "dynamic"):
        recorder = LoginRecorder(status, body)
        transport = httpx.MockTransport(recorder)
        if kind == "generated":
            cls: Any = soracam.Client if mode == "sync" else soracam.AsyncClient
            client = cls(base_url=BASE_URL, transport=transport, **AUTH_KEY)
        else:
            cls = Client if mode == "sync" else AsyncClient
            client = cls(API, base_url=BASE_URL, transport=transport, vendor="soracom", **AUTH_KEY)
        method = client.sora_cam.list_sora_cam_devices
        result = method() if mode == "sync" else asyncio.run(method())
        outcomes.append(_plain(result))
        sent.append(recorder.requests)
    assert outcomes[0] == outcomes[1]
    assert sent[0] == sent[1]
    paths = [(method, url.removeprefix(BASE_URL)) for method, url, _, _ in sent[0]]
    assert paths == [
        ("POST", "/auth"),
        ("GET", "/sora_cam/devices"),
        ("POST", "/auth"),
        ("GET", "/sora_cam/devices"),
    ]


@pytest.mark.parametrize(
    "options",
    [{}, {"coverage": "g"}, {"sandbox": True}, {"coverage": "g", "sandbox": True}],
    ids=["jp", "g", "sandbox-jp", "sandbox-g"],
)
def test_vendor_endpoint_parity(options: dict[str, Any]) -> None:
    generated = soracam.Client(**options)
    dynamic_options = {("server" if k == "coverage" else k): v for k, v in options.items()}
    dynamic = Client(API, vendor="soracom", **dynamic_options)
    assert generated.base_url == dynamic.base_url
    assert generated.base_url.endswith(".soracom.io/v1")


def test_vendor_arguments_parity() -> None:
    """The generated client's arguments are the vendor layer's `configure` keywords."""
    from generator.vendors import vendor_layer

    parameters = inspect.signature(soracam.Client.__init__).parameters
    for option in vendor_layer("soracom").options:
        assert parameters[option.name].annotation == option.annotation
        assert parameters[option.name].default is None
