"""Benchmark: per-call overhead of a GET with credentials and retries on, against a baseline.

Issue 10 asks that retries (and auth) cost a GET no more than 5 % over the client before them.
The baseline is the generated package of an older commit (`--baseline`, default the commit
before retries and pagination existed), extracted with `git archive` and imported as
`soracam_baseline` (its imports are relative) in the same interpreter as this checkout's
`generated/soracam`. Batches of `list_sora_cam_device_events_for_device` answering 10 events
through `httpx.MockTransport`, with `api_key`/`api_token` set (credential headers added) and, on
the candidate, the default retry policy active (a retryable GET answered 200: no retry), are
timed alternately, baseline then candidate, so both see the same machine load; several rounds
each in a fresh interpreter. Reported: the fastest batch of each side (µs per call; a batch can
only be slowed by neighbours, never sped up) and the median of the per-pair ratios; raw httpx
(`client.get(...).json()` on the same transport) is timed in the same rounds as the anchor.

Run: ``python bench/bench_call_overhead.py [--baseline REV] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BASELINE = "6f195bb"
"""main before issue 10 (retries, pagination): the 'today' the 5 % budget is measured against."""
TARGET = 1.05
RAW_TARGET = 1.15

_CHILD = r"""
import importlib, json, statistics, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import httpx
calls, batches = int(sys.argv[3]), int(sys.argv[4])

events = [
    {"deviceId": "7CDDDEADBEEF", "time": 1_700_000_000_000 + n, "eventId": f"e{n}",
     "eventInfo": {"atomEventV1": {"type": "motion", "startTime": 1_700_000_000_000 + n}}}
    for n in range(10)
]
body = json.dumps(events).encode()
headers = {"content-type": "application/json"}

def handler(request):
    assert request.headers["x-soracom-api-key"] == "k"
    return httpx.Response(200, content=body, headers=headers)

def caller(package):
    module = importlib.import_module(package)
    client = module.Client(api_key="k", api_token="t", transport=httpx.MockTransport(handler))
    events_for = client.sora_cam.list_sora_cam_device_events_for_device
    call = lambda: events_for(device_id="7CDDDEADBEEF", limit=10)
    assert len(call()) == 10
    for _ in range(300):
        call()
    return call

raw = httpx.Client(transport=httpx.MockTransport(handler))
url = "https://api.soracom.io/v1/sora_cam/devices/7CDDDEADBEEF/events"
secrets = {"X-Soracom-API-Key": "k", "X-Soracom-Token": "t"}
sides = {
    "baseline": caller("soracam_baseline"),
    "candidate": caller("soracam"),
    "raw httpx": lambda: raw.get(url, params={"limit": 10}, headers=secrets).json(),
}
times = {name: [] for name in sides}
for _ in range(batches):
    for name, call in sides.items():  # interleaved: both sides see the same machine load
        started = time.perf_counter()
        for _ in range(calls):
            call()
        times[name].append((time.perf_counter() - started) / calls * 1e6)
ratios = [c / b for b, c in zip(times["baseline"], times["candidate"])]
to_raw = [c / r for r, c in zip(times["raw httpx"], times["candidate"])]
print(json.dumps({
    **{k: min(v) for k, v in times.items()},
    "ratio": statistics.median(ratios),
    "to_raw": statistics.median(to_raw),
}))
"""


def _extract(rev: str, into: Path) -> Path:
    """The baseline package as `soracam_baseline` (its imports are relative, so it imports
    under any name), beside this checkout's `soracam` in one interpreter."""
    archive = subprocess.run(
        ["git", "archive", rev, "generated/soracam/soracam"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "generated" / "soracam" / "soracam").rename(into / "soracam_baseline")
    return into


def _run(baseline: Path, calls: int, batches: int) -> dict[str, float]:
    candidate = REPO / "generated" / "soracam"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(baseline), str(candidate), str(calls), str(batches)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        baseline = _extract(options.baseline, Path(tmp))
        rounds = [_run(baseline, options.calls, options.batches) for _ in range(options.rounds)]
    before = [r["baseline"] for r in rounds]
    after = [r["candidate"] for r in rounds]
    ratios = sorted(r["ratio"] for r in rounds)
    to_raw = sorted(r["to_raw"] for r in rounds)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"GET list_sora_cam_device_events_for_device (10 events, MockTransport, credentials on), "
        f"{options.rounds} rounds x {options.batches} interleaved batches x {options.calls} calls"
    )
    print(f"{'baseline ' + options.baseline:24} {min(before):8.1f} us   rounds: {_fmt(before)}")
    print(f"{'this checkout':24} {min(after):8.1f} us   rounds: {_fmt(after)}")
    raw = [r["raw httpx"] for r in rounds]
    print(f"{'raw httpx (anchor)':24} {min(raw):8.1f} us   rounds: {_fmt(raw)}")
    print(
        f"this checkout / raw httpx, median of interleaved batches {to_raw[len(to_raw) // 2]:.3f} "
        f"(rounds: {_fmt(to_raw, 3)}; issue 13's call target, <= {RAW_TARGET}, is for list "
        "devices in bench_dynamic.py)"
    )
    print(f"ratio of fastest batches {min(after) / min(before):.3f}")
    print(
        f"median ratio of interleaved batches {ratios[len(ratios) // 2]:.3f} "
        f"(rounds: {_fmt(ratios, 3)}; target <= {TARGET})"
    )
    plain, looped = bench_loop()
    print(
        f"retry loop alone (stub transport): send {plain:.2f} us, send_sync {looped:.2f} us: "
        f"+{looped - plain:.2f} us per request ({(looped - plain) / min(after) * 100:.2f} % of "
        "the GET above)"
    )


def bench_loop(calls: int = 100_000, repeats: int = 7) -> tuple[float, float]:
    """The retry loop's own cost: `send_sync` (default policy) around a stub client whose
    `send` returns a ready 200 at once, against calling the stub directly; the fastest of
    `repeats` runs, µs per request. No I/O and no httpx work, so neighbours barely move it."""
    import timeit

    import httpx

    sys.path.insert(0, str(REPO))
    from generator.runtime.retries import RetryPolicy, send_sync

    response = httpx.Response(200)

    class Stub:
        def send(self, request: httpx.Request) -> httpx.Response:
            return response

    http: Any = Stub()
    request = httpx.Request("GET", "https://api.example/v1/things")
    policy = RetryPolicy()

    def direct() -> None:
        send_once(request, 1)

    def send_once(request: httpx.Request, attempt: int) -> httpx.Response:
        return http.send(request)  # type: ignore[no-any-return]

    def looped() -> None:
        send_sync(send_once, request, policy)

    def per_call(call: Callable[[], None]) -> float:
        return min(timeit.repeat(call, number=calls, repeat=repeats)) / calls * 1e6

    return per_call(direct), per_call(looped)


def _fmt(values: list[float], digits: int = 1) -> str:
    return " ".join(f"{v:.{digits}f}" for v in values)


if __name__ == "__main__":
    main()
