"""Benchmark: dynamic client start (cold and cached) and per-call cost against raw httpx (issue 4).

Start: each run is a fresh interpreter that times, from inside, four stages: `import httpx`,
`import generator.dynamic`, `load_api(SoraCam)` (what `from_spec` adds to a client: spec to
callable operations) and `Client(api)` (mostly httpx's TLS context). Cold runs get an empty cache
folder each; cached runs share one warmed folder. The median of several runs is reported, with
the generated client's start (`import soracam` + `Client()`) beside it for scale.

Per call: `list devices` answering 10 valid devices through `httpx.MockTransport` (the response
bytes prepared once), with response validation on (mode "warn": the validators run), for raw
httpx (`client.get(...).json()`), the generated client and the dynamic client. The median of
several timed batches (interleaved), in microseconds per call of wall and CPU time, and the
ratio to raw httpx.

Run: ``.venv/bin/python bench/bench_dynamic.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
PACKAGE_DIR = REPO / "generated" / "soracam"
START_RUNS = 7
CALLS = 2000
BATCHES = 7
TARGETS = {"cold": 250.0, "cached": 60.0, "generated": 1.15, "dynamic": 1.2}  # calls: issue 13

_CHILD = """
import sys, time, json
t0 = time.perf_counter()
import httpx
t1 = time.perf_counter()
if sys.argv[1] == "generated":
    sys.path.insert(0, sys.argv[2])
    import soracam
    t2 = t3 = time.perf_counter()
    soracam.Client(api_key="k", api_token="t")
else:
    from generator.dynamic import Client, load_api
    t2 = time.perf_counter()
    api = load_api(sys.argv[2])
    t3 = time.perf_counter()
    Client(api, api_key="k", api_token="t")
t4 = time.perf_counter()
print(json.dumps({"httpx": t1 - t0, "import": t2 - t1, "load": t3 - t2, "client": t4 - t3}))
"""


def _child(kind: str, target: str, cache_dir: str) -> dict[str, float]:
    env = {**os.environ, "SPECGEN_CACHE_DIR": cache_dir}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, target],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    stages = json.loads(done.stdout)
    return {k: v * 1000 for k, v in {**stages, "process": wall}.items()}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def bench_start() -> dict[str, dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        cold = [_child("dynamic", str(SPEC), f"{tmp}/cold{n}") for n in range(START_RUNS)]
        _child("dynamic", str(SPEC), f"{tmp}/warm")  # fill the cache
        cached = [_child("dynamic", str(SPEC), f"{tmp}/warm") for _ in range(START_RUNS)]
        generated = [_child("generated", str(PACKAGE_DIR), tmp) for _ in range(START_RUNS)]
    results["dynamic, cold cache"] = _median(cold)
    results["dynamic, cached"] = _median(cached)
    results["generated client"] = _median(generated)
    return results


# --- per call ---------------------------------------------------------------------------------


def devices(count: int) -> list[dict[str, Any]]:
    """Valid SoraCamDevice objects (required and most optional properties)."""
    return [
        {
            "deviceId": f"7CDD{n:08X}",
            "name": f"Camera {n}",
            "firmwareVersion": "4.58.0.100",
            "powerState": "on" if n % 2 else "sleep",
            "productDisplayName": "ATOM Cam 2",
            "connected": bool(n % 3),
            "deviceCategory": "Camera",
            "isShared": False,
            "lastConnectedTime": 1_700_000_000_000 + n,
        }
        for n in range(count)
    ]


def _timed(calls: dict[str, Callable[[], Any]]) -> dict[str, tuple[float, float]]:
    """Per callable: (wall, CPU) µs per call, medians over batches run interleaved.

    Every callable runs one batch per round, so a burst of load on this shared machine hits them
    alike; CPU time (`time.process_time`) is printed beside wall time since it drifts less.
    """
    for call in calls.values():
        for _ in range(200):
            call()  # warm up
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(BATCHES):
        for name, call in calls.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(CALLS):
                call()
            wall[name].append((time.perf_counter() - started) / CALLS * 1e6)
            cpu[name].append((time.process_time() - started_cpu) / CALLS * 1e6)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in calls}


def bench_calls() -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(PACKAGE_DIR))
    import soracam

    from generator.dynamic import Client

    body = json.dumps(devices(10)).encode()
    headers = {"content-type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    base = "https://api.soracom.io/v1"
    raw = httpx.Client(transport=httpx.MockTransport(handler))
    secrets = {"X-Soracom-API-Key": "k", "X-Soracom-Token": "t"}
    generated = soracam.Client(api_key="k", api_token="t", transport=httpx.MockTransport(handler))
    dynamic = Client.from_spec(
        SPEC, api_key="k", api_token="t", transport=httpx.MockTransport(handler)
    )
    assert generated.response_validation == dynamic.response_validation == "warn"
    expected = [d.to_dict() for d in generated.sora_cam.list_sora_cam_devices()]
    assert [d.to_dict() for d in dynamic.sora_cam.list_sora_cam_devices()] == expected
    return _timed(
        {
            "raw httpx": lambda: raw.get(base + "/sora_cam/devices", headers=secrets).json(),
            "generated": generated.sora_cam.list_sora_cam_devices,
            "dynamic": dynamic.sora_cam.list_sora_cam_devices,
        }
    )


def main() -> None:
    if not SPEC.is_file():
        raise SystemExit(f"spec not found at {SPEC}")
    print(f"Start, median of {START_RUNS} fresh interpreters (ms)")
    print(
        f"{'':20} {'import httpx':>12} {'import':>7} {'load spec':>9} {'Client()':>8} "
        f"{'import+load':>11} {'process':>8}"
    )
    for name, row in bench_start().items():
        print(
            f"{name:20} {row['httpx']:12.1f} {row['import']:7.1f} {row['load']:9.1f} "
            f"{row['client']:8.1f} {row['import'] + row['load']:11.1f} {row['process']:8.1f}"
        )
    print(
        f"  targets: cold < {TARGETS['cold']:.0f} ms, cached < {TARGETS['cached']:.0f} ms, on "
        "import+load. Client() is mostly httpx.Client()'s TLS context (no transport given),\n"
        "  paid by both clients alike; `import httpx` too. process = interpreter wall time."
    )
    print()
    print(
        f"list devices (10 devices, MockTransport, response validation on), "
        f"{CALLS} calls x {BATCHES}"
    )
    calls = bench_calls()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; batches interleaved")
    wall_ref, cpu_ref = calls["raw httpx"]
    for name, (wall, cpu) in calls.items():
        target = TARGETS.get(name)
        note = f"  (target {target}x)" if target else ""
        print(
            f"{name:12} wall {wall:8.1f} us {wall / wall_ref:5.2f}x   "
            f"CPU {cpu:8.1f} us {cpu / cpu_ref:5.2f}x{note}"
        )


if __name__ == "__main__":
    main()
