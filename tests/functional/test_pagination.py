"""Pagination of the generated SoraCam client: `iter_<method>` and `iter_<method>_pages` for
every operation the spec marks with `x-soracom-cli-pagination`, sync and async, over three
pages served through `httpx.MockTransport`. The spec (read with yaml) is the oracle for which
operations page and for the parameter's declared type."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import soracam

from tests.functional.test_parity import API, OPERATIONS, _arguments, _spec_operation, _success

PAGED = [info for info in OPERATIONS if "x-soracom-cli-pagination" in _spec_operation(info)[1]]
HEADER = "x-soracom-next-key"
KEYS = ["1001", "1002"]  # valid for a string and an integer parameter alike


def test_every_paginated_operation_is_found() -> None:
    assert len(PAGED) == 8
    assert all(API.by_operation_id[i.operation_id].pagination for i in PAGED)


def _declared_type(info: Any) -> str:
    params, op = _spec_operation(info)
    param = op["x-soracom-cli-pagination"]["request"]["param"]
    (spec,) = [p for p in params if p["name"] == param]
    return str(spec["schema"]["type"])


def _marked(info: Any, page: int) -> Any:
    """A schema-shaped page whose items carry `pageMarker` (kept in additional_properties)."""
    _, body = _success(info)
    if isinstance(body, list):
        return [{**body[0], "pageMarker": f"p{page}-{n}"} for n in range(2)]
    return {**body, "pageMarker": f"p{page}"}


def _marker(item: Any) -> str:
    return str(item.additional_properties["pageMarker"])


class Pages:
    """Serves pages 1..n; `keys[i]` is the header of page i+1 (None: header absent)."""

    def __init__(self, info: Any, keys: list[str | None]) -> None:
        self.info, self.keys = info, keys
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = len(self.requests) - 1
        key = self.keys[index] if index < len(self.keys) else None
        headers = {HEADER: key} if key is not None else {}
        return httpx.Response(200, json=_marked(self.info, index + 1), headers=headers)

    def sent_keys(self) -> list[str | None]:
        return [r.url.params.get("last_evaluated_key") for r in self.requests]


def _client(mode: str, handler: Any) -> Any:
    cls = soracam.Client if mode == "sync" else soracam.AsyncClient
    return cls(api_key="k", api_token="t", transport=httpx.MockTransport(handler))


def _drain(mode: str, iterator: Any) -> list[Any]:
    if mode == "sync":
        return list(iterator)

    async def collect() -> list[Any]:
        return [x async for x in iterator]

    return asyncio.run(collect())


def _iterate(mode: str, info: Any, handler: Any, *, pages: bool = False, **options: Any) -> Any:
    kwargs = _arguments(info)
    kwargs.pop("last_evaluated_key", None)
    kwargs.update(options)
    name = f"iter_{info.method}_pages" if pages else f"iter_{info.method}"
    method = getattr(getattr(_client(mode, handler), info.resource), name)
    return _drain(mode, method(**kwargs))


MODES = ["sync", "async"]
IDS = [i.operation_id for i in PAGED]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("info", PAGED, ids=IDS)
def test_three_pages_items_in_order(info: Any, mode: str) -> None:
    handler = Pages(info, [*KEYS, None])
    items = _iterate(mode, info, handler)
    object_page = _declared_page_is_object(info)
    expected = (
        ["p1", "p2", "p3"] if object_page else [f"p{p}-{n}" for p in (1, 2, 3) for n in (0, 1)]
    )
    assert [_marker(item) for item in items] == expected
    assert handler.sent_keys() == [None, *KEYS]  # stops on the missing header: 3 requests


def _declared_page_is_object(info: Any) -> bool:
    _, body = _success(info)
    return not isinstance(body, list)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("info", PAGED, ids=IDS)
def test_pages_carry_items_response_and_typed_next_key(info: Any, mode: str) -> None:
    pages = _iterate(mode, info, Pages(info, [*KEYS, None]), pages=True)
    typed = int if _declared_type(info) == "integer" else str
    assert [p.next_key for p in pages] == [typed(KEYS[0]), typed(KEYS[1]), None]
    assert [type(p.next_key) for p in pages[:2]] == [typed, typed]
    assert [p.response.status_code for p in pages] == [200, 200, 200]
    assert [p.response.headers.get(HEADER) for p in pages] == [*KEYS, None]
    assert all(p.items for p in pages)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("info", PAGED, ids=IDS)
def test_limits(info: Any, mode: str) -> None:
    handler = Pages(info, ["1", "2", "3", "4", "5"])
    assert len(_iterate(mode, info, handler, max_pages=2)) in (2, 4)
    assert len(handler.requests) == 2
    handler = Pages(info, ["1", "2", "3", "4", "5"])
    items = _iterate(mode, info, handler, max_items=3)
    assert len(items) == 3
    assert len(handler.requests) == 3 if _declared_page_is_object(info) else 2
    handler = Pages(info, ["1", "2", "3"])
    pages = _iterate(mode, info, handler, pages=True, max_items=1)
    assert [len(p.items) for p in pages] == [1] and len(handler.requests) == 1
    handler = Pages(info, ["1"])
    assert _iterate(mode, info, handler, max_items=0) == [] and handler.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_repeated_key_ends_with_pagination_error(mode: str) -> None:
    (info,) = [i for i in PAGED if i.operation_id == "listSoraCamDeviceEventsForDevice"]
    handler = Pages(info, ["same", "same", "same"])
    with pytest.raises(soracam.PaginationError, match="again"):
        _iterate(mode, info, handler)
    assert len(handler.requests) == 2
    handler = Pages(info, ["a", "b", "a", "b"])  # a cycle, not a plain repeat
    with pytest.raises(soracam.PaginationError, match="'a'.*again"):
        _iterate(mode, info, handler)
    assert handler.sent_keys() == [None, "a", "b"]


@pytest.mark.parametrize("mode", MODES)
def test_a_key_not_of_the_parameter_type_is_a_clear_error(mode: str) -> None:
    (info,) = [i for i in PAGED if i.operation_id == "listSoraCamDeviceEvents"]
    assert _declared_type(info) == "integer"
    with pytest.raises(soracam.PaginationError, match="not the integer"):
        _iterate(mode, info, Pages(info, ["abc"]))


@pytest.mark.parametrize("mode", MODES)
def test_iteration_starts_from_a_given_key(mode: str) -> None:
    (info,) = [i for i in PAGED if i.operation_id == "listSoraCamDeviceEvents"]
    handler = Pages(info, [None])
    _iterate(mode, info, handler, last_evaluated_key=77)
    assert handler.sent_keys() == ["77"]


def test_next_key_of_a_raw_response_feeds_back_into_the_plain_method() -> None:
    """Issue 10: `last_evaluated_key=page.next_key` raised RequestValidationError (the header
    is text, the spec types the parameter as integer)."""
    (info,) = [i for i in PAGED if i.operation_id == "listSoraCamDeviceEvents"]
    handler = Pages(info, ["1001", None])
    client = _client("sync", handler)
    page = client.with_raw_response.sora_cam.list_sora_cam_device_events()
    assert page.next_key == 1001
    client.sora_cam.list_sora_cam_device_events(last_evaluated_key=page.next_key)
    assert handler.sent_keys() == [None, "1001"]


def test_raw_response_classes_have_no_iter_methods() -> None:
    raw = soracam.Client(api_key="k", api_token="t").with_raw_response.sora_cam
    assert not [name for name in dir(raw) if name.startswith("iter_")]


def test_a_mistyped_next_key_on_a_raw_response_names_the_request() -> None:
    (info,) = [i for i in PAGED if i.operation_id == "listSoraCamDeviceEvents"]
    page = _client("sync", Pages(info, ["abc"])).with_raw_response.sora_cam
    response = page.list_sora_cam_device_events()
    with pytest.raises(soracam.PaginationError, match="GET /v1/sora_cam/devices/events: header"):
        _ = response.next_key
