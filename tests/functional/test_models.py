"""Generated models: values unknown at generation time, absent vs null, integer enums,
equality and repr, through `from_dict`/`to_dict` and through the client."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

DEVICE: dict[str, Any] = {
    "deviceId": "7C12345678AB",
    "name": "entrance",
    "firmwareVersion": "4.58.0.98",
    "productDisplayName": "ATOM Cam 2",
    "powerState": "on",
    "connected": True,
    "lastConnectedTime": 1700000000000,
    "configuration": {"audioAlarmEnabled": False, "motionDetectionEnabled": True},
    "appliedLicenses": [{"name": "Cloud Continuous Recording License (7 Days)", "value": "7"}],
}

FUTURE_DEVICE: dict[str, Any] = {
    **DEVICE,
    "powerState": "sleeping",  # not in the spec's enum [on, sleep]
    "newField": {"nested": [1, "two", None], "flag": True},  # not in the schema
    "configuration": {"audioAlarmEnabled": True, "fireAlarmEnabled": True},  # nested unknown
}


def answer(payload: Any, status: int = 200) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=payload)

    return handler


# --------------------------------------------------------------------------- unknown values


def test_unknown_enum_value_and_unknown_field_are_kept() -> None:
    from soracam import models

    data = copy.deepcopy(FUTURE_DEVICE)
    device = models.SoraCamDevice.from_dict(data)
    assert device.power_state.value == "sleeping"
    assert device.power_state.is_known is False
    assert device.power_state == "sleeping"
    assert str(device.power_state) == "sleeping"
    assert isinstance(device.power_state, models.SoraCamDevicePowerState)
    assert device.additional_properties["newField"] == {"nested": [1, "two", None], "flag": True}
    assert device["newField"] == FUTURE_DEVICE["newField"]
    assert device.configuration.additional_properties == {"fireAlarmEnabled": True}
    assert device.configuration.audio_alarm_enabled is True
    assert device.to_dict() == FUTURE_DEVICE
    assert data == FUTURE_DEVICE  # the input was not mutated
    # The serialized form is the received JSON, not an enum repr.
    assert json.loads(json.dumps(device.to_dict())) == FUTURE_DEVICE


def test_known_enum_value_is_a_known_member() -> None:
    from soracam import models

    device = models.SoraCamDevice.from_dict(DEVICE)
    assert device.power_state is models.SoraCamDevicePowerState("on")
    assert device.power_state.is_known is True
    assert device.power_state != models.SoraCamDevicePowerState("sleep")


def test_unknown_values_through_the_client(mode: str, invoke: Any) -> None:
    device = invoke(
        mode, answer(FUTURE_DEVICE), "sora_cam", "get_sora_cam_device", {"device_id": "d"}
    )
    assert device.power_state.value == "sleeping"
    assert device.power_state.is_known is False
    assert device.additional_properties["newField"] == FUTURE_DEVICE["newField"]
    assert device.to_dict() == FUTURE_DEVICE


def test_unknown_values_in_a_list_response(mode: str, invoke: Any) -> None:
    from soracam import models

    payload = [FUTURE_DEVICE, DEVICE]
    devices = invoke(mode, answer(payload), "sora_cam", "list_sora_cam_devices", {})
    assert [type(d) for d in devices] == [models.SoraCamDevice, models.SoraCamDevice]
    assert [d.power_state.is_known for d in devices] == [False, True]
    assert [d.to_dict() for d in devices] == payload


def test_wrongly_typed_values_are_kept_as_received() -> None:
    """Decoding is tolerant: a nested object that is not an object, a list that is not a list,
    an enum of the wrong type: kept as they came and given back unchanged."""
    from soracam import models

    data = {
        **DEVICE,
        "configuration": "not-an-object",
        "appliedLicenses": {"not": "a list"},
        "powerState": 3,
        "lastConnectedTime": "yesterday",
    }
    device = models.SoraCamDevice.from_dict(data)
    assert device.configuration == "not-an-object"
    assert device.power_state == 3
    assert device.last_connected_time == "yesterday"
    assert device.to_dict() == data


# --------------------------------------------------------------------------- absent vs null


def test_absent_and_null_are_distinct() -> None:
    from soracam import UNSET, models

    data = {"deviceId": "d", "name": None, "configuration": None, "powerState": None}
    device = models.SoraCamDevice.from_dict(data)
    assert device.name is None
    assert device.configuration is None
    assert device.power_state is None
    assert device.firmware_version is UNSET
    assert device.connected is UNSET
    assert device.applied_licenses is UNSET
    assert device["name"] is None
    with pytest.raises(KeyError):
        device["firmwareVersion"]
    out = device.to_dict()
    assert out == data
    assert "firmwareVersion" not in out and "name" in out


def test_constructor_leaves_unset_fields_out() -> None:
    from soracam import UNSET, models

    config = models.SoraCamDeviceConfiguration(motion_detection_enabled=False)
    assert config.audio_alarm_enabled is UNSET
    assert config.to_dict() == {"motionDetectionEnabled": False}
    config.smoke_alarm_enabled = None
    assert config.to_dict() == {"motionDetectionEnabled": False, "smokeAlarmEnabled": None}
    extra = models.SoraCamDeviceConfiguration(additional_properties={"x-new": 1})
    assert extra.to_dict() == {"x-new": 1}


def test_absent_and_null_through_the_client(mode: str, invoke: Any) -> None:
    from soracam import UNSET

    payload = {"deviceId": "d", "name": "n", "firmwareVersion": None}
    device = invoke(mode, answer(payload), "sora_cam", "get_sora_cam_device", {"device_id": "d"})
    assert device.firmware_version is None
    assert device.power_state is UNSET
    assert device.to_dict() == payload


# --------------------------------------------------------------------------- integer enums


@pytest.mark.parametrize("value", [0, 180])
def test_integer_enum_round_trips(value: int) -> None:
    from soracam import models

    member = models.SoraCamAtomCamSettingsRotationState(value)
    assert member.is_known is True
    assert member == value and member.value == value
    rotation = models.SoraCamAtomCamSettingsRotation.from_dict({"state": value})
    assert rotation.state is member
    out = rotation.to_dict()
    assert out == {"state": value}
    assert type(out["state"]) is int  # not the enum, not a string
    assert json.dumps(out) == json.dumps({"state": value})


def test_unknown_integer_enum_value_is_kept() -> None:
    from soracam import models

    rotation = models.SoraCamAtomCamSettingsRotation.from_dict({"state": 90})
    assert rotation.state.value == 90
    assert rotation.state.is_known is False
    assert rotation.to_dict() == {"state": 90}
    assert models.SoraCamAtomCamSettingsRotationState(90) is rotation.state  # cached member


def test_integer_enum_in_a_request_body_and_response(mode: str, invoke: Any) -> None:
    from soracam import models

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, json={"state": 180})
        return httpx.Response(200)

    body = models.SoraCamAtomCamSettingsRotation(
        state=models.SoraCamAtomCamSettingsRotationState(180)
    )
    result = invoke(
        mode,
        handler,
        "sora_cam",
        "set_sora_cam_device_atom_cam_settings_rotation",
        {"device_id": "d", "body": body},
    )
    assert result is None
    assert seen[0].content == b'{"state":180}'
    got = invoke(
        mode,
        handler,
        "sora_cam",
        "get_sora_cam_device_atom_cam_settings_rotation",
        {"device_id": "d"},
    )
    assert got.state is models.SoraCamAtomCamSettingsRotationState(180)
    assert got == body


# --------------------------------------------------------------------------- equality, repr


def test_equality() -> None:
    from soracam import models

    a = models.SoraCamDevice.from_dict(DEVICE)
    b = models.SoraCamDevice.from_dict(copy.deepcopy(DEVICE))
    assert a == b
    assert not (a != b)
    assert a != models.SoraCamDevice.from_dict({**DEVICE, "name": "other"})
    assert a != models.SoraCamDevice.from_dict({**DEVICE, "newField": 1})  # unknown fields count
    assert a != models.SoraCamDevice.from_dict({**DEVICE, "connected": None})  # null != True
    partial = {k: v for k, v in DEVICE.items() if k != "connected"}
    assert a != models.SoraCamDevice.from_dict(partial)  # absent != present
    # Same wire data, different model types: not equal.
    assert models.SoraCamDeviceName.from_dict({"name": "x"}) != {"name": "x"}
    name = models.SoraCamDeviceName.from_dict({"name": "x"})
    assert models.SoraCamDeviceName(name="x") == name


def test_repr_names_the_class_and_set_fields_only() -> None:
    from soracam import models

    device = models.SoraCamDevice.from_dict(
        {"deviceId": "d-1", "powerState": "sleeping", "name": None, "newField": 5}
    )
    text = repr(device)
    assert text.startswith("SoraCamDevice(")
    assert "device_id='d-1'" in text
    assert "name=None" in text
    assert "sleeping" in text
    assert "newField=5" in text
    assert "firmware_version" not in text  # absent fields are left out
    assert repr(models.SoraCamDeviceName(name="x")) == "SoraCamDeviceName(name='x')"
