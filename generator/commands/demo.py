"""`specgen demo`: the generated SoraCam client against the SoraCam mock, over real HTTP.

The demo starts `specgen mock` on a free loopback port (no credentials, no network) and drives
the generated client through it: typed models, an enum value unknown to the spec kept as is,
pagination by next key, a request body, a documented error picked with `Prefer: code`, and a bad
request refused by the mock with every violation listed. Its data is valid for the spec except
for one deliberate unknown enum value, so the only warning printed is the one it explains.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.config import find_project
from generator.fetch import locate_pinned

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
        "powerState": "sleeping",  # the spec says 'on' or 'sleep': the one deliberate warning
        **_CAMERA,
    },
]
DEVICE_ID = "7CDDDEADBEEF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--package", default="soracam", help="pinned package to demonstrate")
    parser.add_argument("--seed", type=int, default=0, help="seed of the mock's synthesized data")


def run(args: argparse.Namespace) -> int:
    project = find_project()
    pin = next((p for p in project.pins() if p.package == args.package), None)
    if pin is None:
        print(f"specgen: no pin for package {args.package!r}", file=sys.stderr)
        return 2
    from generator.contract import MockApp, RunningMock, load_contract

    contract = load_contract(locate_pinned(pin, project))
    app = MockApp(contract, seed=args.seed, stubs={"listSoraCamDevices": DEVICES})
    if hasattr(sys.stdout, "reconfigure"):  # keep prints and the logged warning in order
        sys.stdout.reconfigure(line_buffering=True)
    sys.path.insert(0, str(project.root / pin.output))
    module: Any = __import__(pin.package)
    with RunningMock(app) as mock:
        print(f"SoraCam mock (specgen mock) at {mock.url}: loopback, no credentials, no network")
        keys = {"api_key": "demo-key", "api_token": "demo-token"}
        with module.Client(base_url=mock.url, **keys) as client:
            _tour(module, client, mock.url, keys)
    return 0


def _tour(module: Any, client: Any, url: str, keys: dict[str, str]) -> None:
    print("client.sora_cam.list_sora_cam_devices()")
    for device in client.sora_cam.list_sora_cam_devices():
        state = device.power_state
        known = "" if state.is_known else "  (a value unknown to the spec, kept as is)"
        print(f"  {device.device_id}  {device.name!r}  power_state={state.value}{known}")
    print("  (the warning above is the response validator noting 'sleeping' is not in the enum)")

    print("client.with_raw_response.sora_cam.list_sora_cam_device_events_for_device(limit=2)")
    page = client.with_raw_response.sora_cam.list_sora_cam_device_events_for_device(
        device_id=DEVICE_ID, limit=2
    )
    pages = 1
    print(f"  page 1: HTTP {page.status_code}, {len(page.parsed)} events, next key {page.next_key}")
    while page.next_key:
        page = client.with_raw_response.sora_cam.list_sora_cam_device_events_for_device(
            device_id=DEVICE_ID, limit=2, last_evaluated_key=page.next_key
        )
        pages += 1
        print(
            f"  page {pages}: HTTP {page.status_code}, {len(page.parsed)} events, "
            f"next key {page.next_key}"
        )

    print("client.sora_cam.set_sora_cam_device_atom_cam_settings_rotation(body=state 180)")
    rotation = module.models.SoraCamAtomCamSettingsRotation(
        state=module.models.SoraCamAtomCamSettingsRotationState.VALUE_180
    )
    client.sora_cam.set_sora_cam_device_atom_cam_settings_rotation(
        device_id=DEVICE_ID, body=rotation
    )
    print("  sent and accepted (the mock validated the body)")

    print("get_sora_cam_device with the header `Prefer: code=404` (any documented status)")
    with module.Client(base_url=url, headers={"Prefer": "code=404"}, **keys) as c404:
        try:
            c404.sora_cam.get_sora_cam_device(device_id=DEVICE_ID)
        except module.NotFoundError as exc:
            print(f"  {type(exc).__name__}: HTTP {exc.status_code}")

    print("list events with limit=0, client-side checks off: the mock refuses it")
    with module.Client(base_url=url, validate_requests=False, **keys) as loose:
        try:
            loose.sora_cam.list_sora_cam_device_events_for_device(device_id=DEVICE_ID, limit=0)
        except module.ApiStatusError as exc:
            problem = exc.response.json()
            print(f"  {type(exc).__name__}: HTTP {exc.status_code} {problem['title']}")
            for error in problem.get("errors", []):
                print(f"    {error['location']}: {error['message']}")
