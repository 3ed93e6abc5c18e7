"""`specgen verify`: clean recorded traffic passes; hand-made violations are reported, exit 1."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.contract import MockApp, RecordingTransport, SyncMockTransport, read_traffic
from generator.contract.spec import ContractSpec


@pytest.fixture(scope="module")
def recorded(soracam_contract: ContractSpec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Traffic of the generated client against the mock, recorded by the runtime's transport."""
    from soracam import Client, models

    path = tmp_path_factory.mktemp("traffic") / "clean.jsonl"
    transport = RecordingTransport(path, SyncMockTransport(MockApp(soracam_contract, seed=3)))
    with Client(
        base_url="http://mock/v1", api_key="K", api_token="SECRET-T", transport=transport
    ) as c:
        c.sora_cam.list_sora_cam_devices()
        c.sora_cam.list_sora_cam_device_events_for_device(device_id="D1", limit=2)
        c.sora_cam.set_sora_cam_device_name(
            device_id="D1", body=models.SoraCamDeviceName(name="door")
        )
    return path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def verify(spec: Path, *files: Path, fmt: str = "text", capsys: Any) -> tuple[int, str]:
    code = main(["verify", str(spec), *map(str, files), "--format", fmt])
    return code, capsys.readouterr().out


def test_recording_masks_secrets(recorded: Path) -> None:
    text = recorded.read_text()
    assert "SECRET-T" not in text
    first = lines(recorded)[0]["request"]["headers"]
    assert ["x-soracom-token", "***"] in first


def test_clean_traffic_passes(recorded: Path, soracam_spec: Path, capsys: Any) -> None:
    code, out = verify(soracam_spec, recorded, capsys=capsys)
    assert code == 0, out
    assert "ok   listSoraCamDevices: 1 pair(s)" in out
    assert "coverage: 3/66 operations exercised" in out
    assert "0 with violations, 0 where the judges disagree" in out
    rows = out.splitlines()
    start = next(i for i, row in enumerate(rows) if row.startswith("  never called: "))
    block = [rows[start], *itertools.takewhile(lambda r: r.startswith("    "), rows[start + 1 :])]
    assert len(block) > 1 and all(len(row) <= 100 for row in block)  # wrapped, not one line
    names = " ".join(block).removeprefix("  never called: ").replace(",", " ").split()
    assert len(names) == 63 and "getSoraCamDevice" in names


def _device_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return next(i for i in items if i["request"]["url"].endswith("/sora_cam/devices"))


def _edit_body(item: dict[str, Any], edit: Any) -> None:
    body = json.loads(item["response"]["body"])
    edit(body)
    item["response"]["body"] = json.dumps(body)


def _wrong_type(item: dict[str, Any]) -> None:
    _edit_body(item, lambda b: b[0].__setitem__("deviceId", 123))


def _missing_required(item: dict[str, Any]) -> None:
    _edit_body(item, lambda b: b[0].pop("name"))


def _undeclared_status(item: dict[str, Any]) -> None:
    item["response"]["status"] = 418


def _wrong_media_type(item: dict[str, Any]) -> None:
    item["response"]["headers"] = [["content-type", "text/html"]]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_wrong_type, "response body[0].deviceId: expected string, got integer"),
        (_missing_required, "response body[0].name"),
        (_undeclared_status, "response status: 418 is not documented (documented: 200)"),
        (
            _wrong_media_type,
            "response header.Content-Type: 'text/html' is not one of: application/json",
        ),
    ],
)
def test_violations_reported_with_path_and_exit_1(
    edit: Any, expected: str, recorded: Path, soracam_spec: Path, tmp_path: Path, capsys: Any
) -> None:
    items = lines(recorded)
    edit(_device_list(items))
    code, out = verify(soracam_spec, write(tmp_path / "bad.jsonl", items), capsys=capsys)
    assert code == 1
    assert "FAIL listSoraCamDevices" in out
    assert expected in out
    assert f"{tmp_path / 'bad.jsonl'}:1: " in out  # file and line of the exchange


def test_request_violation_and_unknown_path(
    recorded: Path, soracam_spec: Path, tmp_path: Path, capsys: Any
) -> None:
    items = lines(recorded)
    events = next(i for i in items if "/events" in i["request"]["url"])
    events["request"]["url"] = events["request"]["url"].replace("limit=2", "limit=abc")
    stray = json.loads(json.dumps(items[0]))
    stray["request"]["url"] = "http://mock/v1/nowhere"
    code, out = verify(soracam_spec, write(tmp_path / "req.jsonl", [*items, stray]), capsys=capsys)
    assert code == 1
    assert "request query.limit: 'abc' is not an integer" in out
    assert "GET /nowhere: no such path" in out


def test_json_and_junit_formats(
    recorded: Path, soracam_spec: Path, tmp_path: Path, capsys: Any
) -> None:
    items = lines(recorded)
    _wrong_type(_device_list(items))
    bad = write(tmp_path / "bad.jsonl", items)
    code, out = verify(soracam_spec, bad, fmt="json", capsys=capsys)
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    (violation,) = data["operations"]["listSoraCamDevices"]["violations"]
    assert violation["location"] == "body[0].deviceId" and violation["side"] == "response"
    assert "getSoraCamDevice" in data["coverage"]["operations_never_called"]
    code, out = verify(soracam_spec, bad, fmt="junit", capsys=capsys)
    suite = ET.fromstring(out)
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    failure = suite.find("testcase/failure")
    assert failure is not None and "body[0].deviceId" in (failure.get("message") or "")


def test_har_file_is_read(recorded: Path, soracam_spec: Path, tmp_path: Path, capsys: Any) -> None:
    def entry(item: dict[str, Any]) -> dict[str, Any]:
        request, response = item["request"], item["response"]
        headers = [{"name": k, "value": v} for k, v in response["headers"]]
        return {
            "request": {
                "method": request["method"],
                "url": request["url"],
                "headers": [{"name": k, "value": v} for k, v in request["headers"]],
                **(
                    {"postData": {"mimeType": "application/json", "text": request["body"]}}
                    if request["body"]
                    else {}
                ),
            },
            "response": {
                "status": response["status"],
                "headers": headers,
                "content": {"mimeType": "application/json", "text": response["body"] or ""},
            },
        }

    items = lines(recorded)
    har = {"log": {"version": "1.2", "entries": [entry(i) for i in items]}}
    path = tmp_path / "browser.har"
    path.write_text(json.dumps(har))
    assert len(read_traffic(path)) == 3
    code, out = verify(soracam_spec, path, capsys=capsys)
    assert code == 0, out
    _missing_required(items[0])
    har["log"]["entries"][0] = entry(items[0])
    path.write_text(json.dumps(har))
    code, out = verify(soracam_spec, path, capsys=capsys)
    assert code == 1
    assert f"{path}#entries[0]: response body[0].name" in out


def test_unreadable_traffic_is_named(soracam_spec: Path, tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"request": {}}\n')
    assert main(["verify", str(soracam_spec), str(bad)]) == 2
    assert f"{bad}:1: not a recorded exchange" in capsys.readouterr().err


def test_masked_bearer_token_counts_as_sent(tmp_path: Path, capsys: Any) -> None:
    """A recording masks `Authorization` to `***`; verify must not call the credential missing
    (it did: every bearer-authenticated pair failed), while a pair without it still fails."""
    import httpx
    import yaml

    from generator.contract import load_contract
    from tests.contract.small_spec import SPEC

    spec = tmp_path / "pets.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    mock = MockApp(load_contract(spec), seed=1)
    traffic = tmp_path / "t.jsonl"
    transport = RecordingTransport(traffic, SyncMockTransport(mock))
    pet = {"id": 1, "name": "Tom"}
    with httpx.Client(base_url="https://pets.example.com/api", transport=transport) as c:
        sent = c.post("/pets", json=pet, headers={"Authorization": "Bearer SECRET-B"})
        assert sent.status_code == 201, sent.text
    transport.close()
    assert "SECRET-B" not in traffic.read_text()
    code, out = verify(spec, traffic, capsys=capsys)
    assert code == 0, out
    assert "credential" not in out

    unsent = lines(traffic)[0]
    unsent["request"]["headers"] = [
        h for h in unsent["request"]["headers"] if h[0].lower() != "authorization"
    ]
    code, out = verify(spec, write(tmp_path / "u.jsonl", [unsent]), capsys=capsys)
    assert code == 1
    assert "credential 'bearer' (bearer) missing" in out


def test_oracle_limits_are_not_printed_as_warnings(tmp_path: Path, capsys: Any) -> None:
    """openapi-core warned "Unsupported scheme type" on stderr for every oauth2 pair."""
    spec = tmp_path / "oauth.yaml"
    spec.write_text(
        """openapi: 3.0.3
info: {title: o, version: '1'}
servers: [{url: 'https://o.example/api'}]
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://o.example/auth', scopes: {}}}}
security: [{oauth: []}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: ok}}
"""
    )
    exchange = {
        "request": {
            "method": "GET",
            "url": "https://o.example/api/ping",
            "headers": [["authorization", "***"]],
            "body": None,
        },
        "response": {"status": 204, "headers": [], "body": None},
    }
    code = main(["verify", str(spec), str(write(tmp_path / "t.jsonl", [exchange]))])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "ok   ping: 1 pair(s)" in out
    assert "Unsupported scheme" not in err
