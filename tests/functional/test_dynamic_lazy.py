"""A cold start describes each operation on first use (`generator.dynamic.blueprint.Blueprint`).

What is checked: a start describes no operation; a call or a method lookup describes its own;
racing first uses share one table; the eager blueprint the cache stores is the same whatever was
described first, and is written at exit; problems are still refused at start, naming the
operation. Observed through the entries' tables, never through timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.dynamic import Client, load_api
from generator.dynamic import api as api_module
from generator.dynamic import cache as cache_module
from generator.dynamic.blueprint import build_blueprint
from generator.dynamic.source import read_source

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "specs"
SORACAM = SHARED / "soracam" / "soracom-soracam-api-openapi.yml"
PLATFORM = SHARED / "soracom" / "soracom-platform-api-openapi.yml"
if not SORACAM.is_file() or not PLATFORM.is_file():
    pytest.skip(f"specs not found under {SHARED}", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]


def _described(api: Any) -> set[str]:
    return {oid for oid, entry in api.by_operation_id.items() if entry._table is not None}


def test_start_describes_nothing_and_a_call_describes_its_own() -> None:
    api = load_api(SORACAM, use_cache=False)
    assert api.operations() and _described(api) == set()
    devices = [{"deviceId": "D1", "name": "Cam"}]
    client = Client.from_spec(
        SORACAM,
        cache=False,
        api_key="k",
        api_token="t",
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=devices)),
    )
    cold = client.api
    resource = client.sora_cam  # the class is made: its methods are not
    assert _described(cold) == set()
    assert resource.list_sora_cam_devices()[0].device_id == "D1"
    assert _described(cold) == {"listSoraCamDevices"}
    assert callable(type(resource).get_sora_cam_device)  # a lookup makes its signature
    assert _described(cold) == {"listSoraCamDevices", "getSoraCamDevice"}


def test_whole_spec_answers_match_a_cached_start(tmp_path: Path, monkeypatch: Any) -> None:
    """`len(validators)` and `validator_issues` cover every operation, described or not."""
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path))
    api_module.forget_loaded()
    load_api(SORACAM)
    api_module.forget_loaded()  # stores the entry
    cached = load_api(SORACAM)
    assert cache_module.read_entry(cache_module.cache_key(read_source(SORACAM).sha256))
    cold = load_api(SORACAM, use_cache=False)
    assert len(cold.validators) == len(cached.validators) > 0
    assert cold.validator_issues == cached.validator_issues
    api_module.forget_loaded()


def test_stored_blueprint_is_the_same_whatever_was_described_first() -> None:
    source = read_source(PLATFORM)  # paginated operations, unions, 476 operations
    fresh = build_blueprint(source)
    touched = build_blueprint(source)
    rows = [row for res in touched.head["resources"] for row in res["operations"]]
    assert any(row["iter"] for row in rows)
    for row in reversed(rows[::3]):
        touched.table(row["operation_id"])
    assert touched.complete() == fresh.complete()  # (marshal may share strings differently)


def test_racing_first_uses_share_one_table() -> None:
    api = load_api(SORACAM, use_cache=False)
    entries = list(api.by_operation_id.values())
    barrier = threading.Barrier(4)
    seen: list[list[Any]] = []

    def first_use() -> None:
        barrier.wait()
        seen.append([entry.table for entry in entries])

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4
    assert all(a is b for tables in seen[1:] for a, b in zip(tables, seen[0], strict=True))


def test_entry_is_written_at_exit(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path))
    env = {**os.environ}
    code = "import sys; from generator.dynamic import load_api; load_api(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(SORACAM)], env=env, cwd=REPO, check=True)
    (entry,) = (tmp_path / "dynamic").glob("*.bin")
    stored = cache_module.read_entry(entry.stem)
    assert stored == build_blueprint(read_source(SORACAM)).complete()


def _paged_spec(second_operation_id: str) -> dict[str, Any]:
    paging = {"request": {"param": "last_key"}, "response": {"header": "x-next"}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {}}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "parameters": [
                        {"name": "last_key", "in": "query", "schema": {"type": "string"}}
                    ],
                    "x-soracom-cli-pagination": paging,
                    "responses": ok,
                }
            },
            "/other": {
                "get": {"operationId": second_operation_id, "tags": ["things"], "responses": ok}
            },
        },
    }


def test_pagination_method_clash_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match=r"iter_list_things\(\) of listThings"):
        load_api(_paged_spec("iterListThings"), use_cache=False)
    api = load_api(_paged_spec("getOther"), use_cache=False)
    assert api.by_operation_id["listThings"].iter_names == [
        "iter_list_things",
        "iter_list_things_pages",
    ]


def test_pending_entry_goes_to_the_folder_of_its_start(tmp_path: Path, monkeypatch: Any) -> None:
    """The cache folder may change before the entry is written (tests, or a program that
    changes $SPECGEN_CACHE_DIR): the entry goes where the start looked for it."""
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "first"))
    api_module.forget_loaded()
    load_api(SORACAM)
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "second"))
    api_module.store_pending()
    assert len(list((tmp_path / "first" / "dynamic").glob("*.bin"))) == 1
    assert not (tmp_path / "second").exists()
    api_module.forget_loaded()
