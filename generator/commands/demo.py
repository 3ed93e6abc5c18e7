"""`specgen demo`: show the generated SoraCam client working, with no network or credentials.

Real calls need Soracom credentials, so the demo answers through `httpx.MockTransport` with
data shaped like the spec's examples, and prints each request the client sent and what it
returned: typed models, open enums, pagination headers and typed errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import httpx

from generator.config import find_project

_CAMERA = {"firmwareVersion": "4.58.0.97", "productDisplayName": "ATOM Cam 2"}
DEVICES = [
    {
        "deviceId": "7CDDDEADBEEF",
        "name": "My ATOM Cam 2",
        "connected": True,
        "powerState": "on",
        **_CAMERA,
    },
    {
        "deviceId": "7CDDFEEDFACE",
        "name": "Warehouse",
        "connected": False,
        "powerState": "sleeping",
        **_CAMERA,
    },
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--package", default="soracam", help="pinned package to demonstrate")


def _handler(request: httpx.Request) -> httpx.Response:
    print(f"  -> {request.method} {request.url}")
    path = request.url.path
    if path.endswith("/sora_cam/devices"):
        return httpx.Response(200, json=DEVICES)
    if path.endswith("/events"):
        events = [
            {
                "deviceId": "7CDDDEADBEEF",
                "deviceType": "atomCam2",
                "eventId": "2f4e8a52-1c3b-4e0f-9d0a-6b1f0c8e7a11",
                "time": 1664512183393,
                "eventInfo": {
                    "infoType": "atomEventV1",
                    "atomEventV1": {"type": "motion", "startTime": 1664512183393},
                },
            }
        ]
        return httpx.Response(200, json=events, headers={"x-soracom-next-key": "1664512183393"})
    return httpx.Response(404, json={"code": "SCA0004", "message": "The device was not found."})


def run(args: argparse.Namespace) -> int:
    project = find_project()
    pin = next((p for p in project.pins() if p.package == args.package), None)
    if pin is None:
        print(f"specgen: no pin for package {args.package!r}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(project.root / pin.output))
    module: Any = __import__(pin.package)
    client = module.Client(
        api_key="demo-key", api_token="demo-token", transport=httpx.MockTransport(_handler)
    )

    print("client.sora_cam.list_sora_cam_devices()")
    for device in client.sora_cam.list_sora_cam_devices():
        state = device.power_state
        known = "" if state.is_known else "  (a value unknown to the spec, kept as is)"
        print(f"  {device.device_id}  {device.name!r}  power_state={state.value}{known}")
    print("  (and the response validator logged that 'sleeping' is not in the spec's enum)")

    print(
        "client.with_raw_response.sora_cam.list_sora_cam_device_events_for_device("
        "device_id=..., limit=1)"
    )
    raw = client.with_raw_response.sora_cam.list_sora_cam_device_events_for_device(
        device_id="7CDDDEADBEEF", limit=1
    )
    print(f"  status {raw.status_code}, next key {raw.next_key}")
    print("  " + json.dumps([event.to_dict() for event in raw.parsed]))

    print("client.sora_cam.get_sora_cam_device(device_id='missing')")
    try:
        client.sora_cam.get_sora_cam_device(device_id="missing")
    except module.NotFoundError as exc:
        print(f"  {type(exc).__name__}: code={exc.code} message={exc.message!r}")
    return 0
