"""Validation in the generated client (issue 3): invalid calls are refused before anything is
sent, naming the argument and JSON path; responses are checked per `response_validation`.

Invalid values come from the spec (the oracle): an enum parameter gets a value outside the enum,
an integer a string, a string an integer; a JSON body gets a property of the wrong type.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from tests.functional.test_operations import OPERATIONS, Op, build_case, deref, is_json, py_name


def _invalid_value(schema: dict[str, Any]) -> Any:
    schema = deref(schema)
    if "enum" in schema:
        return "zz-not-in-the-enum"
    if schema.get("type") in ("integer", "number"):
        return "not-a-number"
    return 12345


def _param_cases() -> list[Any]:
    cases = []
    for op in OPERATIONS:
        for param in op.params:
            if param is op.content_type_param:
                continue
            cases.append(pytest.param(op, param, id=f"{op.operation_id}-{param['name']}"))
    return cases


def _body_cases() -> list[Any]:
    return [
        pytest.param(op, media, id=f"{op.operation_id}-{media}")
        for op in OPERATIONS
        for media in op.media_types
        if is_json(media)
    ]


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


def test_every_operation_with_arguments_is_covered() -> None:
    with_arguments = {op.operation_id for op in OPERATIONS if op.params or op.body}
    covered = {p.values[0].operation_id for p in _param_cases()} | {
        p.values[0].operation_id for p in _body_cases()
    }
    assert with_arguments == covered
    without = {op.operation_id for op in OPERATIONS} - with_arguments
    assert without == {
        "listSoraCamDevices",
        "listSoraCamDeviceAtomCamFirmwareUpdates",
        "listSoraCamLicensePacks",
    }


@pytest.mark.parametrize(("op", "param"), _param_cases())
def test_invalid_parameter_refused_before_sending(
    op: Op, param: dict[str, Any], mode: str, invoke: Any
) -> None:
    from soracam import RequestValidationError

    case = build_case(op, full=True, media=op.media_types[0] if op.media_types else None)
    arg = py_name(param["name"])
    case.kwargs[arg] = _invalid_value(param.get("schema", {}))

    with pytest.raises(RequestValidationError) as info:
        invoke(mode, _never_called, op.tag_attr, op.py_method, case.kwargs)

    assert info.value.operation_id == op.operation_id
    assert any(problem.startswith(f"{arg}:") for problem in info.value.problems), (
        info.value.problems
    )
    assert arg in str(info.value)


@pytest.mark.parametrize(("op", "media"), _body_cases())
def test_invalid_json_body_refused_before_sending(
    op: Op, media: str, mode: str, invoke: Any
) -> None:
    from soracam import RequestValidationError

    case = build_case(op, full=True, media=media)
    schema = deref(op.body["content"][media]["schema"])  # type: ignore[index]
    properties = schema.get("properties") or {}
    if properties:
        wire, prop = next(iter(properties.items()))
        body = dict(case.kwargs["body"])
        body[wire] = _invalid_value(prop)
        expected_path = f"body.{wire}"
    else:
        body = _invalid_value(schema)
        expected_path = "body"
    case.kwargs["body"] = body
    if len(op.media_types) > 1:
        case.kwargs["content_type"] = media

    with pytest.raises(RequestValidationError) as info:
        invoke(mode, _never_called, op.tag_attr, op.py_method, case.kwargs)

    assert any(problem.startswith(f"{expected_path}:") for problem in info.value.problems), (
        info.value.problems
    )


def test_every_problem_is_listed_not_only_the_first(invoke: Any) -> None:
    from soracam import RequestValidationError

    with pytest.raises(RequestValidationError) as info:
        invoke(
            "sync",
            _never_called,
            "sora_cam",
            "list_sora_cam_device_events_for_device",
            {"device_id": 1, "limit": "ten", "sort": "sideways"},
        )
    named = sorted(problem.split(":")[0] for problem in info.value.problems)
    assert named == ["device_id", "limit", "sort"]


def test_request_validation_can_be_switched_off(invoke: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    invoke(
        "sync",
        handler,
        "sora_cam",
        "list_sora_cam_device_events_for_device",
        {"device_id": "d", "sort": "sideways"},
        client_kwargs={"validate_requests": False},
    )
    assert seen[0].url.params["sort"] == "sideways"


# A response that breaks its schema: the SoraCam events example lacks the required `infoType`.
BAD_EVENTS = [{"deviceId": "d", "time": 1, "eventInfo": {"atomEventV1": {"type": "motion"}}}]


def _events(mode: str, invoke: Any, validation: str) -> Any:
    return invoke(
        mode,
        lambda request: httpx.Response(200, json=BAD_EVENTS),
        "sora_cam",
        "list_sora_cam_device_events_for_device",
        {"device_id": "d"},
        client_kwargs={"response_validation": validation},
    )


def test_strict_response_validation_raises_with_the_parsed_body(mode: str, invoke: Any) -> None:
    from soracam import ResponseValidationError

    with pytest.raises(ResponseValidationError) as info:
        _events(mode, invoke, "strict")
    assert any("$[0]" in p and "infoType" in p for p in info.value.problems), info.value.problems
    assert [event.to_dict() for event in info.value.parsed] == BAD_EVENTS
    assert info.value.response.status_code == 200


def test_warn_response_validation_logs_and_returns(
    mode: str, invoke: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        result = _events(mode, invoke, "warn")
    assert [event.to_dict() for event in result] == BAD_EVENTS
    assert any(
        "listSoraCamDeviceEventsForDevice" in r.getMessage() and "infoType" in r.getMessage()
        for r in caplog.records
    )


def test_off_response_validation_is_silent(
    mode: str, invoke: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        result = _events(mode, invoke, "off")
    assert [event.to_dict() for event in result] == BAD_EVENTS
    assert not caplog.records


def test_strict_mode_reports_unknown_enum_values_the_model_keeps(invoke: Any) -> None:
    from soracam import ResponseValidationError

    device = {"deviceId": "d", "powerState": "sleeping"}
    with pytest.raises(ResponseValidationError) as info:
        invoke(
            "sync",
            lambda request: httpx.Response(200, json=device),
            "sora_cam",
            "get_sora_cam_device",
            {"device_id": "d"},
            client_kwargs={"response_validation": "strict"},
        )
    assert any("powerState" in p for p in info.value.problems)
    assert info.value.parsed.power_state.value == "sleeping"


def test_unknown_response_validation_mode_is_refused() -> None:
    from soracam import Client

    with pytest.raises(ValueError, match="response_validation"):
        Client(response_validation="loud")  # type: ignore[arg-type]
