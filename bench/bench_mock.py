"""Benchmark: `specgen mock` under N concurrent clients over loopback, beside Prism when present.

The mock runs as its own process (`python -m generator mock SORACAM --port 0`, as a user starts
it); this process drives it with N concurrent asyncio clients (sharing one `httpx.AsyncClient` with
N keep-alive connections) for D seconds per N. The workload cycles through three valid calls
(list devices: the spec's example; list events with limit: synthesized data, pagination header;
set name: a validated JSON body) and one bad request (limit=0) that must be refused with a 4xx.
Reported per N: requests per second, p50 and p99 latency in milliseconds, 5xx count (must be 0),
and whether every bad request got a 4xx. Bounded: each level stops at D seconds.

Prism (`@stoplight/prism-cli`, run from `--prism-dir/node_modules/.bin/prism`) gets the same
workload on the same spec when installed; otherwise the table says so.

Run: ``python bench/bench_mock.py [--duration 10] [--clients 1,16,64] [--prism-dir DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
KEYS = {"X-Soracom-API-Key": "key", "X-Soracom-Token": "token"}
WORKLOAD = [
    ("GET", "/sora_cam/devices", None, True),
    ("GET", "/sora_cam/devices/7CDDDEADBEEF/events?limit=5", None, True),
    ("POST", "/sora_cam/devices/7CDDDEADBEEF/name", {"name": "door"}, True),
    ("GET", "/sora_cam/devices/7CDDDEADBEEF/events?limit=0", None, False),
]


@contextmanager
def specgen_mock() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", str(SPEC), "--port", "0"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        found = re.search(r"at (http://\S+) ", proc.stdout.readline())
        assert found, "specgen mock did not start"
        yield found[1]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


@contextmanager
def prism_mock(prism: Path, port: int = 4099) -> Iterator[str]:
    proc = subprocess.Popen(
        [str(prism), "mock", str(SPEC), "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(url + "/sora_cam/devices", headers=KEYS, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            raise RuntimeError("prism did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def _client(
    client: httpx.AsyncClient,
    stop: float,
    latencies: list[float],
    stats: dict[str, int],
    offset: int,
) -> None:
    index = offset
    while time.monotonic() < stop:
        method, path, body, valid = WORKLOAD[index % len(WORKLOAD)]
        index += 1
        started = time.perf_counter()
        response = await client.request(method, path, json=body)
        latencies.append(time.perf_counter() - started)
        if response.status_code >= 500:
            stats["5xx"] += 1
        if not valid:
            stats["bad"] += 1
            stats["bad_4xx"] += 400 <= response.status_code < 500
        elif response.status_code >= 400:
            stats["valid_refused"] += 1


async def _level(url: str, clients: int, duration: float) -> dict[str, float]:
    latencies: list[float] = []
    stats = {"5xx": 0, "bad": 0, "bad_4xx": 0, "valid_refused": 0}
    started = time.monotonic()
    stop = started + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=KEYS, timeout=30, limits=limits) as http:
        await asyncio.gather(*(_client(http, stop, latencies, stats, i) for i in range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        **stats,
    }


def _row(name: str, clients: int, r: dict[str, float]) -> str:
    bad = "yes" if r["bad"] == r["bad_4xx"] else f"NO ({r['bad'] - r['bad_4xx']})"
    return (
        f"{name:8} {clients:>4} {r['requests']:>9.0f} {r['rps']:>8.0f} {r['p50']:>8.2f} "
        f"{r['p99']:>8.2f} {r['5xx']:>4.0f} {r['valid_refused']:>8.0f}  {bad}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per level")
    parser.add_argument("--clients", default="1,16,64", help="concurrency levels")
    parser.add_argument("--prism-dir", type=Path, default=Path("/tmp/prism"))
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    header = (
        f"{'server':8} {'N':>4} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'5xx':>4} {'refused':>8}  bad->4xx"
    )
    print(header)
    servers = [("specgen", specgen_mock)]
    prism = args.prism_dir / "node_modules" / ".bin" / "prism"
    if prism.is_file() and shutil.which("node"):
        servers.append(("prism", lambda: prism_mock(prism)))
    failed = False
    for name, start in servers:
        with start() as url:
            for clients in levels:
                result = asyncio.run(_level(url, clients, args.duration))
                failed |= result["5xx"] > 0 or result["bad"] != result["bad_4xx"]
                print(_row(name, clients, result), flush=True)
    if len(servers) == 1:
        print(f"prism: not installed at {prism} (npm install @stoplight/prism-cli there)")
    print("refused: valid requests answered >= 400 (should be 0 for specgen)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
