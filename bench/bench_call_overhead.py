"""Benchmark: per-call overhead of a GET with credentials and retries on, against a baseline.

Issue 10 asks that retries (and auth) cost a GET no more than 5 % over the client before them.
The baseline is the generated package of an older commit (`--baseline`, default the commit
before retries and pagination existed), extracted with `git archive` into a temporary folder;
the candidate is this checkout's `generated/soracam`. Each side runs in its own interpreter
(both packages are called `soracam`), alternating, several rounds; every round times batches of
`list_sora_cam_device_events_for_device` answering 10 events through `httpx.MockTransport`, with
`api_key`/`api_token` set (so the credential headers are added) and, on the candidate, the
default retry policy active (the GET is retryable; the answer is a 200 so no retry happens).
Reported: the median µs per call of each side and the ratio.

Run: ``python bench/bench_call_overhead.py [--baseline REV] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = "6f195bb"
"""main before issue 10 (retries, pagination): the 'today' the 5 % budget is measured against."""
TARGET = 1.05

_CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import httpx, soracam

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

client = soracam.Client(api_key="k", api_token="t", transport=httpx.MockTransport(handler))
events_for = client.sora_cam.list_sora_cam_device_events_for_device
call = lambda: events_for(device_id="7CDDDEADBEEF", limit=10)
assert len(call()) == 10
for _ in range(300):
    call()
calls, batches = int(sys.argv[2]), []
for _ in range(int(sys.argv[3])):
    started = time.perf_counter()
    for _ in range(calls):
        call()
    batches.append((time.perf_counter() - started) / calls * 1e6)
print(json.dumps(statistics.median(batches)))
"""


def _extract(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", rev, "generated/soracam"], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "generated" / "soracam"


def _run(package: Path, calls: int, batches: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(package), str(calls), str(batches)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=5)
    options = parser.parse_args()
    candidate = REPO / "generated" / "soracam"
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        baseline = _extract(options.baseline, Path(tmp))
        before: list[float] = []
        after: list[float] = []
        for _ in range(options.rounds):
            before.append(_run(baseline, options.calls, options.batches))
            after.append(_run(candidate, options.calls, options.batches))
    b, a = statistics.median(before), statistics.median(after)
    print(
        f"GET list_sora_cam_device_events_for_device (10 events, MockTransport, credentials on), "
        f"{options.rounds} rounds x {options.batches} batches x {options.calls} calls"
    )
    print(f"{'baseline ' + options.baseline:24} {b:8.1f} us   rounds: {_fmt(before)}")
    print(f"{'this checkout':24} {a:8.1f} us   rounds: {_fmt(after)}")
    print(f"ratio {a / b:.3f} (target <= {TARGET})")


def _fmt(values: list[float]) -> str:
    return " ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
