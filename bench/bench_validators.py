"""Benchmark: validate a 1000-item SoraCam events list with four validators (issue 3).

The schema is the 200 response of GET /sora_cam/devices/{device_id}/events (an array of
SoraCamEvent). Items are synthesized to be valid against it (the spec's own example is not: it
lacks `eventInfo.infoType`). Each validator is built once, then run over the whole list several
times; the best run is reported as microseconds per item, with the ratio to fastjsonschema.
Validation must succeed for every validator, so all of them do the full work.

Run: ``.venv/bin/python bench/bench_validators.py`` (needs the ``bench`` extra).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.load import load_path
from generator.runtime.validation import validate
from generator.schema_compiler import compile_validators, load_module

SPEC = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)
ITEMS = 1000
REPEATS = 30


def events(count: int) -> list[dict[str, Any]]:
    """`count` distinct, valid SoraCamEvent objects (every declared property present)."""
    kinds = ("motion", "sound", "other")
    statuses = ("completed", "recording", "failed")
    base = 1_662_973_200_000
    return [
        {
            "deviceId": f"7CDDDEAD{i:04X}",
            "deviceType": "atomCamV2",
            "eventId": f"5ed62746-6c53-47e5-94e6-{i:012d}",
            "eventInfo": {
                "infoType": "atomEventV1",
                "atomEventV1": {
                    "startTime": base + i * 1000,
                    "endTime": base + i * 1000 + 3000,
                    "type": kinds[i % 3],
                    "recordingStatus": statuses[i % 3],
                    "picture": f"https://example.com/7CDDDEADBEEF/{i}.jpg",
                    "movie": f"https://example.com/7CDDDEADBEEF/{i}.mp4",
                    "labels": ["person", "car"][: i % 3],
                },
            },
            "time": base + i * 1000,
        }
        for i in range(count)
    ]


def best_time(run: Callable[[], object], repeats: int = REPEATS) -> float:
    """Best wall time of `repeats` runs, in seconds (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def contenders(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """name -> callable(data) that raises or returns problems; each built once."""
    compiled = compile_validators(
        {"events": schema}, document=document, runtime_import="generator.runtime"
    )
    ours = getattr(load_module(compiled), compiled.functions["events"])
    found: dict[str, Callable[..., Any]] = {
        "specgen (generated)": lambda data: validate(ours, data, direction="response"),
    }
    standalone = dict(schema, components=document["components"])
    try:
        import fastjsonschema

        fast = fastjsonschema.compile(standalone)
        found["fastjsonschema"] = lambda data: fast(data) and None  # returns data when valid
    except ImportError:
        pass
    try:
        import jsonschema

        draft4 = jsonschema.Draft4Validator(standalone)
        found["jsonschema (Draft4Validator)"] = draft4.validate
    except ImportError:
        pass
    try:
        import jsonschema_rs

        found["jsonschema-rs"] = jsonschema_rs.Draft4Validator(standalone).validate
    except ImportError:
        pass
    return found


def main() -> None:
    document = load_path(SPEC).data
    operation = document["paths"]["/sora_cam/devices/{device_id}/events"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    data = events(ITEMS)
    results: dict[str, float] = {}
    for name, check in contenders(document, schema).items():
        outcome = check(data)
        assert not outcome, f"{name} rejected valid data: {str(outcome)[:300]}"
        results[name] = best_time(lambda check=check: check(data)) / ITEMS * 1e6
    reference = results.get("fastjsonschema")
    print(f"{ITEMS}-item SoraCam events list, best of {REPEATS} runs")
    print(f"{'validator':<30} {'us/item':>9} {'vs fastjsonschema':>18}")
    for name, micros in results.items():
        ratio = f"{micros / reference:.2f}x" if reference else "-"
        print(f"{name:<30} {micros:>9.3f} {ratio:>18}")


def client_share() -> None:
    """Share of a full generated-client call (list devices, MockTransport) spent validating."""
    import json
    import sys

    import httpx

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generated" / "soracam"))
    from soracam import Client

    devices = [
        {
            "deviceId": f"7CDDDEADBE{i:02d}",
            "name": f"cam {i}",
            "firmwareVersion": "4.58.0.97",
            "productDisplayName": "ATOM Cam 2",
            "connected": True,
            "powerState": "on",
        }
        for i in range(10)
    ]
    body = json.dumps(devices).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    clients = {
        mode: Client(transport=httpx.MockTransport(handler), response_validation=mode)
        for mode in ("off", "warn")
    }
    calls = 1000
    timings = {mode: float("inf") for mode in clients}
    for _ in range(7):  # interleaved, so load from elsewhere hits both modes alike
        for mode, client in clients.items():
            start = time.perf_counter()
            for _ in range(calls):
                client.sora_cam.list_sora_cam_devices()
            timings[mode] = min(timings[mode], (time.perf_counter() - start) / calls * 1e6)
    share = (timings["warn"] - timings["off"]) / timings["warn"]
    print()
    print("generated client, list devices (10 devices, MockTransport), best of 7 x 1000 calls")
    print(f"{'response validation':<30} {'us/call':>9}")
    print(f"{'off':<30} {timings['off']:>9.1f}")
    print(f"{'on (warn)':<30} {timings['warn']:>9.1f}")
    print(f"{'share spent validating':<30} {share:>9.1%}")


if __name__ == "__main__":
    main()
    client_share()
