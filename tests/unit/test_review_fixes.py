"""Regressions found by a new-user review: folder safety, Basic auth, server variables, the
`allOf: [$ref]` wrapper, free-form aliases, empty path values reported with other problems."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.ir import build_api
from generator.naming import name_api
from generator.pytypes import TypeMapper
from generator.runtime.client import SyncApiClient
from generator.runtime.errors import RequestValidationError
from generator.runtime.operation import Credential, Operation, Param
from generator.runtime.request import build_request_parts
from generator.runtime.validation import Validator
from generator.write import MANIFEST, NotOurFolder, write_package

SPEC = """openapi: 3.0.0
info: {title: t, version: '1'}
servers:
  - url: 'https://{region}.example.com/{version}'
    variables:
      region: {default: eu}
      version: {default: v2}
  - url: /relative/api
paths:
  /j/{id}:
    post:
      operationId: postJ
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      security: [{basic: []}]
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Free: {type: object}
    Pod: {type: object, properties: {name: {type: string}}}
    Job:
      type: object
      properties:
        template: {description: the pod, allOf: [{$ref: '#/components/schemas/Pod'}]}
        maybe: {nullable: true, allOf: [{$ref: '#/components/schemas/Pod'}]}
        state: {allOf: [{type: string, enum: [a, b]}]}
"""


def test_generate_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_text("important", encoding="utf-8")
    with pytest.raises(NotOurFolder, match="not empty"):
        write_package(folder, {"a.py": b""})
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "important"
    spec = tmp_path / "s.yml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["generate", str(spec), "-o", str(folder), "--package", "p"]) == 2
    assert (folder / "notes.txt").exists()
    assert main(["generate", str(spec), "-o", str(folder), "--package", "p", "--force"]) == 0
    assert (folder / MANIFEST).is_file() and not (folder / "notes.txt").exists()
    # A folder specgen wrote (it has the manifest) is replaced without --force.
    assert main(["generate", str(spec), "-o", str(folder), "--package", "p"]) == 0


def test_basic_auth_is_base64_encoded() -> None:
    op: Operation[None] = Operation("op", "GET", "/x", security=("basic",))
    parts = build_request_parts(
        op, {}, "https://h", {"basic": (Credential("basic", "Authorization"), "u:p")}
    )
    assert parts.headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()


def test_server_variables_take_their_defaults_and_relative_urls_need_base_url() -> None:
    import yaml

    api = build_api(yaml.safe_load(SPEC))
    assert api.servers[0].url == "https://eu.example.com/v2"

    class Api(SyncApiClient):
        servers = {"default": api.servers[0].url, "server2": api.servers[1].url}
        default_server = "default"

    assert Api().base_url == "https://eu.example.com/v2"
    with pytest.raises(ValueError, match="relative URL '/relative/api'; pass base_url="):
        Api(server="server2")


def test_allof_wrapper_is_the_referenced_model() -> None:
    import yaml

    api = build_api(yaml.safe_load(SPEC))
    names = name_api(api)
    types = TypeMapper(api, names)
    job = api.schemas["Job"]
    annotations = {p.wire: types.annotation(p.schema) for p in job.properties}  # type: ignore[attr-defined]
    assert annotations["template"] == "Pod"
    assert annotations["maybe"] == "Pod | None"
    assert annotations["state"] == "JobState"
    assert len({names.class_of(s) for s in api.inline_models}) == len(api.inline_models)


def test_free_form_alias_and_wrappers_generate_clean_code(tmp_path: Path) -> None:
    spec = tmp_path / "s.yml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "p"]) == 0
    for command in (
        ["ruff", "check", "--no-cache", "."],
        ["mypy", "--strict", "--cache-dir", str(tmp_path / "c"), "p"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=out, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_empty_path_value_is_listed_with_the_other_problems() -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("sent")

    def reject_all(data: object, path: Any, sink: Any, mode: int) -> None:
        from generator.runtime.validation import fail

        fail(sink, mode, path, "minimum", "too small")

    check: Validator = reject_all
    op: Operation[None] = Operation(
        "op",
        "GET",
        "/x/{id}",
        params={
            "id": Param("path", "id", required=True),
            "limit": Param("query", "limit", check=check),
        },
    )
    client = SyncApiClient(base_url="https://h", transport=httpx.MockTransport(never))
    with pytest.raises(RequestValidationError) as info:
        client.request(op, {"id": "", "limit": 0})
    assert sorted(p.split(":")[0] for p in info.value.problems) == ["id", "limit"]


def test_json_file_syntax_errors_are_reported_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "bad.json"
    spec.write_text(
        '{"openapi": "3.0.0",\n  "info": {"title": "t" "version": "1"}}\n', encoding="utf-8"
    )
    assert main(["validate", str(spec)]) == 1
    err = capsys.readouterr()
    assert (
        f"{spec}:2:25: error load-json-syntax: invalid JSON: Expecting ',' delimiter"
        in err.out + err.err
    )


def test_from_dict_refuses_a_non_mapping_clearly() -> None:
    from generator.runtime.models import Model

    with pytest.raises(TypeError, match=r"Model.from_dict\(\) takes a mapping, not list"):
        Model.from_dict([1])  # type: ignore[arg-type]


def test_call_names_missing_parameters_as_options(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SHARED

    spec = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
    code = main(["call", str(spec), "getSoraCamDevice", "--base-url", "http://127.0.0.1:9"])
    assert code == 2
    assert "missing --param device_id=..." in capsys.readouterr().err
