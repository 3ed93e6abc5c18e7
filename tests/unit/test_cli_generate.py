"""`specgen generate SPEC --output DIR --package NAME`: any spec anywhere; bad input gives a clear
error, a non-zero exit, no traceback and no partial output."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import SHARED, models_source

GOOD = """openapi: 3.0.0
info: {title: Pets, version: '1'}
servers: [{url: 'https://pets.example/v1'}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [Pets and more]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}, class: {type: string}}}
"""


def test_generate_any_spec_anywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "pets.yml"
    spec.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out" / "pets"
    assert main(["generate", str(spec), "--output", str(out), "--package", "pets"]) == 0
    assert (out / "pets" / "__init__.py").is_file()
    resource = (out / "pets" / "resources" / "pets_and_more.py").read_text(encoding="utf-8")
    assert "def get_pet(" in resource
    assert "class_: str | Unset" in models_source(out / "pets")
    assert "generated" in capsys.readouterr().err


def test_invalid_spec_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.yml"
    spec.write_text(
        GOOD.replace("in: path, required: true", "in: path, required: false"), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", "pets"]) == 1
    err = capsys.readouterr().err
    assert f"{spec}:" in err and "error path-param-not-required" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_bad_package_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "pets.yml"
    spec.write_text(GOOD, encoding="utf-8")
    assert (
        main(["generate", str(spec), "--output", str(tmp_path / "o"), "--package", "Not-Valid"])
        == 2
    )
    assert "not a valid package name" in capsys.readouterr().err


def test_missing_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "nope.yml"), "--output", str(tmp_path / "o")]) == 1
    assert "cannot read spec" in capsys.readouterr().err


def test_hostile_names_and_descriptions_stay_data(tmp_path: Path) -> None:
    """Names, descriptions, enum values, patterns and defaults with code in them generate a
    package that imports without side effects."""
    import json
    import re
    import subprocess
    import sys

    sentinel = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(sentinel)!r}).touch()"
    code = '"""); ' + payload + '; ("'
    triple_single = "'" * 3
    prop = {
        "type": "string",
        "description": '""" ' + payload,
        "pattern": "^" + re.escape(code) + "$",
        "enum": [code],
    }
    query = {
        "name": "a'); " + payload + "; ('",
        "in": "query",
        "description": "\\\n" + code,
        "schema": {"type": "string", "enum": [code, "b"], "default": payload},
    }
    path_param = {"name": code, "in": "path", "required": True, "schema": {"type": "string"}}
    response = {
        "description": triple_single + " " + payload,
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {payload: prop}}}
        },
    }
    operation = {
        "operationId": 'get"); ' + payload + '; ("',
        "summary": '""" + ' + payload + ' + """',
        "tags": [payload],
        "parameters": [path_param, query],
        "responses": {"200": response},
    }
    hostile = {
        "openapi": "3.0.0",
        "info": {"title": 'x""" ' + payload + " #", "version": "1", "description": "\\" + code},
        "paths": {"/x/{" + code + "}": {"get": operation}},
    }
    spec = tmp_path / "hostile.json"
    spec.write_text(json.dumps(hostile), encoding="utf-8")
    out = tmp_path / "h"
    assert main(["generate", str(spec), "--output", str(out), "--package", "hostile"]) == 0
    probe = "import hostile, hostile.models; hostile.Client(base_url='http://x')"
    result = subprocess.run([sys.executable, "-c", probe], cwd=out, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not sentinel.exists()
    # Lint-clean apart from line length: identifiers made of 60-character hostile names (cut
    # and hashed by the naming stage) can still add up past 120 columns in one signature line.
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--ignore", "E501", "."],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout


@pytest.mark.parametrize(
    "spec",
    sorted(
        (SHARED / "corpus" / "validity" / "mermade-openapi3-examples" / "3.0" / "malicious").glob(
            "*"
        )
    ),
)
def test_malicious_corpus_never_becomes_code(spec: Path, tmp_path: Path) -> None:
    """Each malicious spec is either refused with a clear error or generates inert code."""
    import subprocess
    import sys

    out = tmp_path / "m"
    code = main(["generate", str(spec), "--output", str(out), "--package", "mal"])
    assert code in (0, 1)
    if code == 0:
        result = subprocess.run(
            [sys.executable, "-c", "import mal, mal.models"],
            cwd=out,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
    else:
        assert not out.exists()


def test_warning_summary_names_the_spec_as_shortest_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spec outside the working folder is shown by its absolute path (it was printed as
    `../../../../deep/...`, from /tmp as `../work/...`); one below the folder stays relative."""
    spec = tmp_path / "deep" / "er" / "warned.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(
        GOOD.replace("name: {type: string}", "name: {type: string, pattern: '^(a+)+$'}")
    )
    far = tmp_path / "a"
    far.mkdir(parents=True)
    monkeypatch.chdir(far)
    assert main(["generate", str(spec), "--output", str(tmp_path / "o1"), "--package", "p"]) == 0
    err = capsys.readouterr().err
    assert f"{spec}: 1 warning(s); `specgen validate {spec}` shows them" in err, err
    monkeypatch.chdir(tmp_path / "deep")
    assert main(["generate", str(spec), "--output", str(tmp_path / "o2"), "--package", "p"]) == 0
    assert "er/warned.yaml: 1 warning(s)" in capsys.readouterr().err
