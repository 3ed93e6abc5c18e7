"""Clean refusals of the command line (issue 8, point 5): each with its message and exit code.

- `--package` names that would shadow what a generated package imports;
- `-o`/`--package` without a SPEC;
- the `$ref` policy: `generate`, `call` and `validate` all take `--allow-remote-refs` and
  `--allow-outside-refs`; refused refs name the switch, allowed remote refs are really fetched
  (from a server on 127.0.0.1) and validated, never reported valid unread.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import resolve
from generator.cli import main
from tests.conftest import REPO_ROOT, models_source

SPEC = """openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example/v1"}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a pet
          content:
            application/json:
              schema: {$ref: "REF"}
"""

PET = """Pet:
  type: object
  required: [name]
  properties:
    name: {type: string}
"""


def specgen(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


class _Server(http.server.ThreadingHTTPServer):
    requests: list[str]
    files: dict[str, bytes]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        body = self.server.files.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ref_server() -> Iterator[_Server]:
    """An HTTP server on 127.0.0.1 serving `/pet.yaml` (and counting what was asked)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests, server.files = [], {"/pet.yaml": PET.encode()}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _spec(tmp_path: Path, ref: str, folder: str = "api") -> Path:
    path = tmp_path / folder / "openapi.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SPEC.replace("REF", ref), encoding="utf-8")
    return path


# --- package names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("httpx", "the HTTP library 'httpx'"),
        ("os", "the standard-library module 'os'"),
        ("json", "the standard-library module 'json'"),
        ("typing", "the standard-library module 'typing'"),
    ],
)
def test_package_names_that_shadow_imports_are_refused(
    tmp_path: Path, name: str, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "#/components/schemas/Pet")
    spec.write_text(
        spec.read_text()
        + "components:\n  schemas:\n"
        + "".join("    " + line + "\n" for line in PET.splitlines()),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", name]) == 2
    err = capsys.readouterr().err
    assert f"package name {name!r} would shadow {what}" in err
    assert f"e.g. '{name}_api'" in err  # the suggestion
    assert not out.exists()


def test_an_invalid_package_name_gets_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "#/components/schemas/Pet")
    assert main(["generate", str(spec), "-o", str(tmp_path / "o"), "--package", "My-Pets"]) == 2
    assert "'My-Pets' is not a valid package name (try 'my_pets')" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flags", [["-o", "out"], ["--package", "pets"], ["-o", "out", "--package", "pets"]]
)
def test_output_or_package_without_a_spec_is_refused(tmp_path: Path, flags: list[str]) -> None:
    result = specgen("generate", *flags, cwd=tmp_path)
    assert result.returncode == 2
    assert "needs a SPEC (`specgen generate SPEC --output DIR`)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- the $ref policy, the same for generate, call and validate --------------------------------


@pytest.mark.parametrize("command", ["generate", "call", "validate"])
def test_remote_refs_are_refused_naming_the_switch(
    tmp_path: Path, command: str, ref_server: _Server
) -> None:
    port = ref_server.server_address[1]
    spec = _spec(tmp_path, f"http://127.0.0.1:{port}/pet.yaml#/Pet")
    extra = {"generate": ["-o", str(tmp_path / "out")], "call": ["--list"], "validate": []}[command]
    result = specgen(command, str(spec), *extra)
    assert result.returncode == 1
    said = result.stdout + result.stderr  # validate lists problems on stdout
    assert "ref-remote" in said and "--allow-remote-refs" in said
    assert "Traceback" not in result.stderr
    assert ref_server.requests == []  # refused before any request
    assert not (tmp_path / "out").exists()


def test_allowed_remote_refs_are_fetched_and_used(tmp_path: Path, ref_server: _Server) -> None:
    port = ref_server.server_address[1]
    spec = _spec(tmp_path, f"http://127.0.0.1:{port}/pet.yaml#/Pet")
    validated = specgen("validate", str(spec), "--allow-remote-refs")
    assert validated.returncode == 0, validated.stderr
    assert "valid: 0 error(s)" in validated.stderr
    assert "/pet.yaml" in ref_server.requests  # really read, not waved through

    out = tmp_path / "out"
    generated = specgen(
        "generate", str(spec), "-o", str(out), "--package", "pets", "--allow-remote-refs"
    )
    assert generated.returncode == 0, generated.stderr
    assert 'Field("name", "name"' in models_source(out / "pets")

    listed = specgen("call", str(spec), "--list", "--allow-remote-refs", "--no-cache")
    assert listed.returncode == 0, listed.stderr
    assert "getPet" in listed.stdout and "GET /pets/{id}" in listed.stdout


def test_an_allowed_remote_ref_that_cannot_be_read_is_an_error(
    tmp_path: Path, ref_server: _Server
) -> None:
    port = ref_server.server_address[1]
    spec = _spec(tmp_path, f"http://127.0.0.1:{port}/missing.yaml#/Pet")
    result = specgen("validate", str(spec), "--allow-remote-refs")
    assert result.returncode == 1
    assert "unresolved-ref" in result.stdout and "404" in result.stdout
    assert "invalid" in result.stderr
    assert "/missing.yaml" in ref_server.requests


def test_an_oversized_remote_document_is_refused(
    tmp_path: Path,
    ref_server: _Server,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(resolve, "REMOTE_MAX_BYTES", 16)
    port = ref_server.server_address[1]
    spec = _spec(tmp_path, f"http://127.0.0.1:{port}/pet.yaml#/Pet")
    assert main(["validate", str(spec), "--allow-remote-refs"]) == 1
    assert "is larger than" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["generate", "call"])
def test_outside_refs_need_the_switch(tmp_path: Path, command: str) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "pet.yaml").write_text(PET, encoding="utf-8")
    spec = _spec(tmp_path, "../common/pet.yaml#/Pet")
    out = tmp_path / "out"
    extra = (
        ["-o", str(out), "--package", "pets"] if command == "generate" else ["--list", "--no-cache"]
    )
    refused = specgen(command, str(spec), *extra)
    assert refused.returncode == 1
    assert "ref-outside-folder" in refused.stderr and "--allow-outside-refs" in refused.stderr
    allowed = specgen(command, str(spec), *extra, "--allow-outside-refs")
    assert allowed.returncode == 0, allowed.stderr
    if command == "generate":
        assert 'Field("name", "name"' in models_source(out / "pets")
    else:
        assert "getPet" in allowed.stdout


def test_the_dynamic_client_takes_the_same_policy(tmp_path: Path, ref_server: _Server) -> None:
    from generator.diagnostics import SpecError
    from generator.dynamic import Client

    port = ref_server.server_address[1]
    spec = _spec(tmp_path, f"http://127.0.0.1:{port}/pet.yaml#/Pet")
    with pytest.raises(SpecError, match="remote refs are refused"):
        Client.from_spec(spec, cache=False)
    client = Client.from_spec(spec, cache=False, allow_remote_refs=True)
    assert [op.operation_id for op in client.operations()] == ["getPet"]


def test_top_level_help_names_both_openapi_versions(capsys: pytest.CaptureFixture[str]) -> None:
    """`specgen --help` said "an OpenAPI 3.0 document" though 3.1 is read as well."""
    from generator.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "OpenAPI 3.0 or 3.1 document" in " ".join(capsys.readouterr().out.split())
    for command in ("validate", "mock", "verify"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "OpenAPI 3.0 or 3.1 document" in " ".join(capsys.readouterr().out.split())


def test_warnings_print_as_one_line_without_python_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A soracom-cli profile readable by others warned in Python's format, with a line of
    specgen's own source (`setup = vendor_module(vendor).configure(`); --debug keeps it."""
    import os

    from generator.cli import main
    from tests.conftest import SHARED

    spec = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
    if not spec.is_file():
        pytest.skip(f"shared SoraCam spec not found at {spec}")
    profile = tmp_path / "default.json"
    profile.write_text('{"authKeyId": "keyId-x", "authKey": "secret-x", "coverageType": "jp"}')
    os.chmod(profile, 0o644)
    monkeypatch.setenv("SORACOM_PROFILE_DIR", str(tmp_path))
    argv = ["call", str(spec), "listSoraCamDevices", "--vendor", "soracom"]
    argv += ["--base-url", "http://127.0.0.1:9/v1", "--timeout", "2"]
    assert main(argv) != 0  # nothing listens on port 9
    err = capsys.readouterr().err
    warned = [line for line in err.splitlines() if "readable by others" in line]
    assert len(warned) == 1, err
    assert warned[0].startswith("specgen: warning: ") and "ProfilePermissionWarning" not in err
    assert "vendor_module" not in err
