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
ratio to raw httpx. Models in a response are decoded on first read, so "generated, every field
read" adds reading each attribute of each device (the cost of eager decoding, paid later).
Anchors measured in the same run, when installed (the `bench` extra): raw httpx plus
openapi-core's response unmarshalling (`OpenAPI.unmarshal_response`: validated, unmarshalled
data, what a user of httpx + openapi-core gets), and aiopenapi3's client (its own httpx fork,
`httpx2`, on a mock transport). They are slow, so they run fewer calls per batch.

Run: ``python bench/bench_dynamic.py [--calls-only]``.
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


def _timed(calls: dict[str, tuple[Callable[[], Any], int]]) -> dict[str, tuple[float, float]]:
    """Per callable (with its calls per batch): (wall, CPU) µs per call, medians over batches
    run interleaved.

    Every callable runs one batch per round, so a burst of load on this shared machine hits them
    alike; CPU time (`time.process_time`) is printed beside wall time since it drifts less.
    """
    for call, count in calls.values():
        for _ in range(min(200, count)):
            call()  # warm up
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(BATCHES):
        for name, (call, count) in calls.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                call()
            wall[name].append((time.perf_counter() - started) / count * 1e6)
            cpu[name].append((time.process_time() - started_cpu) / count * 1e6)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in calls}


def _read_every_field(call: Callable[[], Any]) -> Callable[[], Any]:
    def read() -> Any:
        devices = call()
        for device in devices:
            for field in device.__fields__:
                getattr(device, field.name)
        return devices

    return read


def _anchors(body: bytes, base: str, raw: httpx.Client) -> dict[str, tuple[Callable[[], Any], int]]:
    """openapi-core and aiopenapi3 calls answering the same bytes, when they are installed."""
    found: dict[str, tuple[Callable[[], Any], int]] = {}
    secrets = {"X-Soracom-API-Key": "k", "X-Soracom-Token": "t"}
    try:
        from openapi_core import OpenAPI
        from openapi_core.testing import MockRequest, MockResponse
    except ImportError:
        print("  (openapi-core not installed: no anchor)")
    else:
        core = OpenAPI.from_file_path(str(SPEC))
        request = MockRequest("https://api.soracom.io", "get", "/v1/sora_cam/devices")

        def core_call() -> Any:
            answer = raw.get(base + "/sora_cam/devices", headers=secrets)
            mock = MockResponse(answer.content, content_type=answer.headers["content-type"])
            result = core.unmarshal_response(request, mock)
            if result.errors:
                raise result.errors[0]
            return result.data

        assert len(core_call()) == 10
        found["openapi-core"] = (core_call, max(1, CALLS // 100))
    try:
        import httpx2
        from aiopenapi3 import OpenAPI as Aio
        from aiopenapi3.loader import FileSystemLoader
    except ImportError:
        print("  (aiopenapi3 not installed: no anchor)")
    else:

        def session(*args: Any, **kwargs: Any) -> httpx2.Client:
            answer = httpx2.Response(
                200, content=body, headers={"content-type": "application/json"}
            )
            return httpx2.Client(*args, transport=httpx2.MockTransport(lambda _: answer), **kwargs)

        session.__annotations__["return"] = httpx2.Client  # it reads the class, not text
        aio = Aio.load_file(
            base, SPEC.name, session_factory=session, loader=FileSystemLoader(SPEC.parent)
        )
        aio.authenticate(api_key="k", api_token="t")
        assert len(aio._.listSoraCamDevices()) == 10
        found["aiopenapi3"] = (aio._.listSoraCamDevices, max(1, CALLS // 10))
    return found


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
            "raw httpx": (
                lambda: raw.get(base + "/sora_cam/devices", headers=secrets).json(),
                CALLS,
            ),
            "generated": (generated.sora_cam.list_sora_cam_devices, CALLS),
            "dynamic": (dynamic.sora_cam.list_sora_cam_devices, CALLS),
            "generated, every field read": (
                _read_every_field(generated.sora_cam.list_sora_cam_devices),
                CALLS,
            ),
            "dynamic, every field read": (
                _read_every_field(dynamic.sora_cam.list_sora_cam_devices),
                CALLS,
            ),
            **_anchors(body, base, raw),
        }
    )


def main() -> None:
    if not SPEC.is_file():
        raise SystemExit(f"spec not found at {SPEC}")
    if "--calls-only" in sys.argv:  # the per-call table alone (issue 13's call targets)
        _print_calls()
        return
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
    _print_calls()


def _print_calls() -> None:
    print(
        f"list devices (10 devices, MockTransport, response validation on), "
        f"{CALLS} calls x {BATCHES}"
    )
    calls = bench_calls()
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; batches interleaved, "
        "medians; ratios to raw httpx of the same run"
    )
    wall_ref, cpu_ref = calls["raw httpx"]
    for name, (wall, cpu) in calls.items():
        target = TARGETS.get(name)
        note = ""
        if target:
            met = "met" if wall / wall_ref <= target else "NOT met"
            note = f"  target <= {target}x on wall: {met}"
        print(
            f"{name:28} wall {wall:8.1f} us {wall / wall_ref:6.2f}x   "
            f"CPU {cpu:8.1f} us {cpu / cpu_ref:6.2f}x{note}"
        )


if __name__ == "__main__":
    main()
