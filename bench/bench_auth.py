"""Benchmark: per-call cost of a GET with auth, logging and secret masking (issue 10).

One `list_sora_cam_devices()` answering 10 valid devices through `httpx.MockTransport` (the
response bytes prepared once), response validation on ("warn"), logging at the default level
(WARNING: the DEBUG lines are not formatted). Each configuration runs in a fresh interpreter
importing the package from its own folder:

- "before": the generated package of another checkout (default: /work/main, the lead's main),
  `api_key` + `api_token`;
- "keys": this checkout's package, `api_key` + `api_token`;
- "login": this checkout's package, AuthKey login (POST /auth once, then the cached token).

CPU time of this process (`time.process_time`: the machine is shared, wall time swings with
other load); per process the median of several timed batches; per configuration the best of a few
interleaved processes (the machine is shared); in microseconds per call, and the ratio to
"before" (target: within 5 %).

    python bench/bench_auth.py [OTHER_CHECKOUT]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CALLS = 2000
BATCHES = 9
ROUNDS = 3

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import httpx, soracam
device = {"deviceId": "7CDDDEADBEEF", "name": "door", "firmwareVersion": "4.58",
          "productDisplayName": "ATOM Cam 2", "powerState": "on"}
body = json.dumps([dict(device, deviceId=f"7CDD{i:08d}") for i in range(10)]).encode()
auth = json.dumps({"apiKey": "k", "token": "t"}).encode()
def handler(request):
    if request.url.path.endswith("/auth"):
        return httpx.Response(200, content=auth, headers={"content-type": "application/json"})
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})
transport = httpx.MockTransport(handler)
if sys.argv[2] == "login":
    client = soracam.Client(base_url="https://b.example/v1", transport=transport,
                            auth_key_id="keyId-x", auth_key="secret-x")
else:
    client = soracam.Client(base_url="https://b.example/v1", transport=transport,
                            api_key="k", api_token="t")
call = client.sora_cam.list_sora_cam_devices
for _ in range(200):
    call()
batches = []
for _ in range(int(sys.argv[4])):
    t = time.process_time()
    for _ in range(int(sys.argv[3])):
        call()
    batches.append((time.process_time() - t) / int(sys.argv[3]) * 1e6)
print(json.dumps(batches))
"""


def run(package_dir: Path, mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(package_dir), mode, str(CALLS), str(BATCHES)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return statistics.median(json.loads(out))


def main() -> None:
    other = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "main"
    configs = [
        ("before", other / "generated" / "soracam", "keys"),
        ("keys", REPO / "generated" / "soracam", "keys"),
        ("login", REPO / "generated" / "soracam", "login"),
    ]
    rounds: dict[str, list[float]] = {name: [] for name, _, _ in configs}
    for _ in range(ROUNDS):  # interleaved, so drift in machine load hits every configuration
        for name, folder, mode in configs:
            rounds[name].append(run(folder, mode))
    results = {name: min(values) for name, values in rounds.items()}
    base = results["before"]
    print(f"{'client':<8} {'us/call':>9} {'ratio':>7}")
    for name, value in results.items():
        print(f"{name:<8} {value:9.1f} {value / base:7.3f}")


if __name__ == "__main__":
    main()
