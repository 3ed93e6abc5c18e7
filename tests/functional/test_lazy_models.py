"""Models in responses decode on first read (`Model.from_wire`); what a caller can observe must
be what eager decoding gave: values, assignments made before the first read, errors for unknown
attributes, and `from_dict` copying what it is given. Generated and dynamic clients alike."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

SPEC = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)

DEVICE: dict[str, Any] = {
    "deviceId": "7C12345678AB",
    "name": "entrance",
    "firmwareVersion": "4.58.0.98",
    "productDisplayName": "ATOM Cam 2",
    "powerState": "on",
    "configuration": {"audioAlarmEnabled": False, "motionDetectionEnabled": True},
    "appliedLicenses": [{"name": "Cloud Continuous Recording License (7 Days)", "value": "7"}],
    "newField": 1,
}


def _devices(kind: str, payload: Any) -> Any:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=payload))
    if kind == "generated":
        from soracam import Client

        client: Any = Client(api_key="k", api_token="t", transport=transport)
    else:
        if not SPEC.is_file():
            pytest.skip(f"the SoraCam spec is not at {SPEC}")
        from generator.dynamic import Client as DynamicClient

        client = DynamicClient.from_spec(SPEC, api_key="k", api_token="t", transport=transport)
    return client.sora_cam.list_sora_cam_devices()


@pytest.fixture(params=["generated", "dynamic"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_first_read_decodes_every_field(kind: str) -> None:
    (device,) = _devices(kind, [DEVICE])
    assert device.power_state == "on" and device.power_state.is_known
    assert device.configuration.motion_detection_enabled is True
    assert device.applied_licenses[0].value == "7"
    assert device.additional_properties == {"newField": 1}
    assert device.to_dict() == DEVICE
    assert device.connected.__class__.__name__ == "Unset"


def test_an_assignment_before_the_first_read_is_kept(kind: str) -> None:
    (device,) = _devices(kind, [DEVICE])
    device.name = "garage"
    assert device.name == "garage"
    assert device.device_id == "7C12345678AB"
    assert device.to_dict()["name"] == "garage"


def test_an_unknown_attribute_raises_attribute_error(kind: str) -> None:
    (device,) = _devices(kind, [DEVICE])
    with pytest.raises(AttributeError, match="has no attribute 'no_such_field'"):
        device.no_such_field  # noqa: B018
    assert not hasattr(device, "__setstate__")
    assert device.device_id == "7C12345678AB"  # still decodes after the failed lookup


def test_equality_copies_and_repr_are_those_of_a_decoded_model(kind: str) -> None:
    first, second, third = _devices(kind, [DEVICE, DEVICE, DEVICE])
    assert first == second
    clone = copy.copy(third)  # copied before any read: the copy decodes on its own
    assert clone.to_dict() == DEVICE
    eager = type(first).from_dict(DEVICE)
    assert repr(first) == repr(eager) and first == eager


def test_threads_reading_one_model_all_see_its_values(kind: str) -> None:
    devices = _devices(kind, [DEVICE] * 50)
    seen: list[Any] = []

    def read() -> None:
        seen.extend(d.firmware_version for d in devices)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["4.58.0.98"] * 200


def test_from_dict_decodes_nested_models_at_once() -> None:
    from soracam import models

    data = copy.deepcopy(DEVICE)
    device = models.SoraCamDevice.from_dict(data)
    data["configuration"]["motionDetectionEnabled"] = False  # the caller's mapping changes
    data["appliedLicenses"][0]["value"] = "30"
    assert device.configuration.motion_detection_enabled is True
    assert device.applied_licenses[0].value == "7"
