"""`specgen call` end to end: a subprocess against a real HTTP server on 127.0.0.1.

The server (http.server in a thread) answers JSON like Soracom and records each request, so the
tests check both sides: what the command sent (path, query, headers, body bytes) and what it
printed (the JSON on stdout, the status line and errors on stderr) and its exit code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
if not SPEC.is_file():
    pytest.skip(f"spec not found at {SPEC}", allow_module_level=True)

DEVICES = [
    {"deviceId": "7CDDDEADBEEF", "name": "Cam", "powerState": "on", "firmwareVersion": "4.1"},
    {"deviceId": "7CDDFEEDFACE", "name": "Door", "powerState": "sleeping", "extra": [1, 2]},
]


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        path = self.path.split("?", 1)[0]
        if path == "/v1/sora_cam/devices":
            self._json(200, DEVICES)
        elif path == "/v1/sora_cam/devices/7CDDDEADBEEF/name" and self.command == "POST":
            self._json(200, {**DEVICES[0], "name": json.loads(body)["name"]})
        else:
            self._json(404, {"code": "SCA0004", "message": "The device was not found."})

    do_GET = do_PUT = do_POST = do_DELETE = _answer

    def _json(self, status: int, value: Any) -> None:
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    handler = type("Handler", (_Handler,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _run(
    tmp_path: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "SPECGEN_CACHE_DIR": str(tmp_path / "cache"),
        "SPECGEN_API_KEY": "key-K",
        "SPECGEN_API_TOKEN": "token-T",
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", "call", str(SPEC), *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def test_list_devices_prints_json(server: Any, tmp_path: Path) -> None:
    base, seen = server
    seen.clear()
    done = _run(tmp_path, "listSoraCamDevices", "--base-url", base)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == DEVICES  # unknown fields and enum values kept
    stderr = done.stderr.decode().strip().splitlines()
    assert stderr[-1] == "HTTP 200 OK"
    # response_validation="warn" (the default): the second device misses required fields
    assert "does not match the spec" in stderr[0] and "$[1].firmwareVersion" in stderr[0]
    (request,) = seen
    assert (request["method"], request["path"]) == ("GET", "/v1/sora_cam/devices")
    assert request["headers"]["X-Soracom-API-Key"] == "key-K"
    assert request["headers"]["X-Soracom-Token"] == "token-T"


def test_typed_params_and_method_name(server: Any, tmp_path: Path) -> None:
    base, seen = server
    seen.clear()
    done = _run(
        tmp_path,
        "list_sora_cam_device_events_for_device",
        "--base-url",
        base,
        "--param",
        "device_id=7CDDDEADBEEF",
        "--param",
        "limit=5",
        "--param",
        "from=1664512183393",
        "--header",
        "X-Trace=abc",
    )
    # 404: the fake server knows no events; the query shows the params were typed and sent
    assert done.returncode == 1
    assert "NotFound" not in done.stdout.decode() and done.stdout == b""
    assert "HTTP 404 Not Found: SCA0004: The device was not found." in done.stderr.decode()
    (request,) = seen
    assert request["path"] == (
        "/v1/sora_cam/devices/7CDDDEADBEEF/events?limit=5&from=1664512183393"
    )
    assert request["headers"]["X-Trace"] == "abc"


def test_body_from_file_and_stdin(server: Any, tmp_path: Path) -> None:
    base, seen = server
    body = tmp_path / "name.json"
    body.write_text('{"name": "Front door"}', encoding="utf-8")
    for source, stdin in ((f"@{body}", None), ("-", b'{"name": "Front door"}')):
        seen.clear()
        done = _run(
            tmp_path,
            "setSoraCamDeviceName",
            "--base-url",
            base,
            "-p",
            "device_id=7CDDDEADBEEF",
            "--body",
            source,
            stdin=stdin,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads(done.stdout)["name"] == "Front door"
        (request,) = seen
        assert request["method"] == "POST"
        assert request["body"] == b'{"name":"Front door"}'
        assert request["headers"]["Content-Type"] == "application/json"


def test_error_status_exits_1_with_message_on_stderr(server: Any, tmp_path: Path) -> None:
    base, _ = server
    done = _run(tmp_path, "getSoraCamDevice", "--base-url", base, "-p", "device_id=missing")
    assert done.returncode == 1
    assert done.stdout == b""
    stderr = done.stderr.decode()
    assert "HTTP 404 Not Found: SCA0004: The device was not found." in stderr
    assert '"code": "SCA0004"' in stderr


def test_validation_error_exits_1_before_sending(server: Any, tmp_path: Path) -> None:
    base, seen = server
    seen.clear()
    done = _run(
        tmp_path,
        "setSoraCamDeviceName",
        "--base-url",
        base,
        "-p",
        "device_id=7CDDDEADBEEF",
        "--body",
        '{"name": 5}',
    )
    assert done.returncode == 1
    assert "invalid arguments for setSoraCamDeviceName" in done.stderr.decode()
    assert "body.name: expected string" in done.stderr.decode()
    assert seen == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    unknown = _run(tmp_path, "noSuchOperation", "--base-url", "http://127.0.0.1:9")
    assert unknown.returncode == 2
    assert "no operation 'noSuchOperation'" in unknown.stderr.decode()
    bad_value = _run(tmp_path, "listSoraCamDeviceEvents", "-p", "limit=many")
    assert bad_value.returncode == 2
    assert "--param limit='many' is not a valid int" in bad_value.stderr.decode()


def test_list_operations(tmp_path: Path) -> None:
    done = _run(tmp_path, "--list")
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 66
    assert lines[0].split() == [
        "listSoraCamDevices",
        "GET",
        "/sora_cam/devices",
        "sora_cam.list_sora_cam_devices",
    ]


def test_sample_body_is_accepted_by_the_operation(server: Any, tmp_path: Path) -> None:
    base, seen = server
    sampled = _run(tmp_path, "setSoraCamDeviceName", "--sample-body")
    assert sampled.returncode == 0, sampled.stderr.decode()
    assert json.loads(sampled.stdout) == {"name": "text"}
    seen.clear()
    body = sampled.stdout.decode()
    done = _run(
        tmp_path,
        "setSoraCamDeviceName",
        "--base-url",
        base,
        "-p",
        "device_id=7CDDDEADBEEF",
        "--body",
        body,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert seen[0]["body"] == b'{"name":"text"}'


def test_body_file_that_cannot_be_read_is_named(server: Any, tmp_path: Path) -> None:
    base, seen = server
    seen.clear()
    missing = tmp_path / "missing.json"
    done = _run(
        tmp_path,
        "setSoraCamDeviceName",
        "--base-url",
        base,
        "-p",
        "device_id=7CDDDEADBEEF",
        "--body",
        f"@{missing}",
    )
    assert done.returncode == 2 and not seen
    assert done.stderr.decode().strip() == (
        f"specgen call: --body @{missing}: cannot read {missing}: No such file or directory"
    )
