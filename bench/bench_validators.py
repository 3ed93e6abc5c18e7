"""Benchmark: validate a 1000-item SoraCam events list with four validators (issue 3).

The schema is the 200 response of GET /sora_cam/devices/{device_id}/events (an array of
SoraCamEvent). Items are synthesized to be valid against it (the spec's own example is not: it
lacks `eventInfo.infoType`). Each validator is built once, then run over the whole list in
interleaved rounds (each validator once per round, so load from elsewhere hits all alike); the
median round is reported as CPU microseconds per item (specgen's through `validation.validate`, the
wrapper the clients call), with the ratios to fastjsonschema and jsonschema-rs next to issue 13's
targets and the load average. Validation must succeed for every validator, so all of them do the
full work.

Run: ``.venv/bin/python bench/bench_validators.py`` (needs the ``bench`` extra).
"""

from __future__ import annotations

import functools
import gc
import os
import statistics
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
TARGETS = {"fastjsonschema": 0.5, "jsonschema-rs": 1.5}
"""Issue 13: specgen's time per item at most these multiples of each anchor's."""


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


def median_times(runs: dict[str, Callable[[], object]], rounds: int = REPEATS) -> dict[str, float]:
    """Median CPU time of this thread per callable over `rounds` interleaved rounds, in seconds.

    CPU time, not wall time: on a loaded machine a 3 ms run (fastjsonschema's) is preempted
    more often than a 0.4 ms one, which skewed wall-time medians by up to 2x. The cyclic garbage
    collector is off while a run is timed, as `timeit` does.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            gc.disable()
            try:
                start = time.thread_time()
                run()
                times[name].append(time.thread_time() - start)
            finally:
                gc.enable()
    return {name: statistics.median(values) for name, values in times.items()}


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
    runs: dict[str, Callable[[], object]] = {}
    for name, check in contenders(document, schema).items():
        outcome = check(data)
        assert not outcome, f"{name} rejected valid data: {str(outcome)[:300]}"
        runs[name] = functools.partial(check, data)
    # jsonschema is ~100x slower: it runs apart, fewer times.
    slow = {name: runs.pop(name) for name in list(runs) if name.startswith("jsonschema (")}
    before = os.getloadavg()[0]
    results = {name: t / ITEMS * 1e6 for name, t in median_times(runs).items()}
    results |= {name: t / ITEMS * 1e6 for name, t in median_times(slow, 5).items()}
    after = os.getloadavg()[0]
    print(
        f"{ITEMS}-item SoraCam events list, median of {REPEATS} interleaved rounds "
        "(jsonschema: 5 rounds apart)"
    )
    print(f"load average {before:.2f} before, {after:.2f} after, on {os.cpu_count()} cores")
    anchors = [a for a in TARGETS if a in results]
    print(f"{'validator':<30} {'CPU us/item':>13}" + "".join(f" {'vs ' + a:>18}" for a in anchors))
    for name, micros in results.items():
        ratios = "".join(f" {micros / results[a]:>17.2f}x" for a in anchors)
        print(f"{name:<30} {micros:>13.3f}{ratios}")
    ours = results["specgen (generated)"]
    print(
        "targets: specgen "
        + ", ".join(f"<= {TARGETS[a]}x {a} (measured {ours / results[a]:.2f}x)" for a in anchors)
    )


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
