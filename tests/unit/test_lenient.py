"""Lenient mode's entry points (CLI flags, pin setting) and the crash sites of issue 12."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.config import ConfigError, load_pin
from generator.diagnostics import SpecError
from generator.dynamic import Client
from generator.load import load_bytes
from generator.validate import validate

LENIENT = Path(__file__).resolve().parents[1] / "corpus" / "lenient"
PIN = """\
{lenient}
[api]
name = "x"
file = "x.yaml"
version = "1"
sha256 = "00"

[package]
name = "x"
output = "out"
"""


def test_generate_lenient_repairs_and_strict_refuses(tmp_path: Path, capsys) -> None:
    spec = str(LENIENT / "undeclared-path-variable.yaml")
    assert main(["generate", spec, "-o", str(tmp_path / "a"), "--package", "c"]) == 1
    err = capsys.readouterr().err
    assert "error path-param-undeclared" in err and "Traceback" not in err
    assert main(["generate", spec, "-o", str(tmp_path / "b"), "--package", "c", "--lenient"]) == 0
    err = capsys.readouterr().err
    assert ":5:5: warning path-param-undeclared: path variable '{thingId}'" in err
    assert (tmp_path / "b" / "specgen-manifest.json").is_file()


def test_validate_is_unchanged_by_lenient_mode(capsys) -> None:
    assert main(["validate", str(LENIENT / "default-wrong-type.yaml")]) == 1
    assert capsys.readouterr().out.count("error default-type-mismatch") == 7


def test_call_lenient_lists_the_repaired_operations(capsys) -> None:
    spec = str(LENIENT / "duplicate-template.yaml")
    assert main(["call", spec, "--list", "--no-cache"]) == 1
    assert "path-template-duplicate" in capsys.readouterr().err
    assert main(["call", spec, "--list", "--no-cache", "--lenient"]) == 0
    out, err = capsys.readouterr()
    assert "getItem" in out and "deleteItem" in out and "getItemByKey" not in out
    assert "warning path-template-duplicate" in err


def test_pin_lenient_setting(tmp_path: Path) -> None:
    pin = tmp_path / "x.toml"
    pin.write_text(PIN.format(lenient=""), encoding="utf-8")
    assert load_pin(pin).lenient is False
    pin.write_text(PIN.format(lenient="lenient = true"), encoding="utf-8")
    assert load_pin(pin).lenient is True
    pin.write_text(PIN.format(lenient='lenient = "yes"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="lenient must be true or false"):
        load_pin(pin)


def test_pin_lenient_reaches_the_target(tmp_path: Path) -> None:
    from generator.config import Project
    from generator.targets import pin_target

    pin = tmp_path / "x.toml"
    pin.write_text(PIN.format(lenient="lenient = true"), encoding="utf-8")
    project = Project(root=tmp_path, pins_dir=tmp_path, cache_dir=tmp_path, mirrors=())
    target = pin_target(load_pin(pin), project, spec_path=tmp_path / "x.yaml")
    assert target.lenient is True


# --- the crash sites the issue names --------------------------------------------------------------

LIST_TYPE = b"""openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components: {schemas: {N: {type: [integer, "null"], default: 1}}}
"""
MAPPING_NAME = b"""openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{id}:
    get:
      parameters:
        - {name: {x: 1}, in: path, required: true, schema: {type: string}}
        - {name: [q], in: header, schema: {type: string}}
      responses: {"200": {description: ok}}
"""


@pytest.mark.parametrize(
    ("content", "expected", "lenient_repairs"),
    [
        (LIST_TYPE, [(4, "error invalid-schema-type: type must be a string, not a list")], True),
        (
            MAPPING_NAME,
            [
                (7, "error oas-schema: name must be a string, not a mapping"),
                (8, "error oas-schema: name must be a string, not a list"),
            ],
            False,
        ),
    ],
)
def test_mistyped_fields_are_diagnostics_everywhere(
    content: bytes,
    expected: list[tuple[int, str]],
    lenient_repairs: bool,
    tmp_path: Path,
    capsys,
) -> None:
    found = [d.format() for d in validate(load_bytes(content, "s.yaml")) if d.is_error]
    for line, text in expected:
        assert any(f.startswith(f"s.yaml:{line}:") and text in f for f in found), found
    spec = tmp_path / "s.yaml"
    spec.write_bytes(content)
    for lenient in (False, True):
        flags = ["--lenient"] if lenient else []
        status = main(["generate", str(spec), "-o", str(tmp_path / f"o{lenient}"), *flags])
        err = capsys.readouterr().err
        assert "Traceback" not in err and "unhashable" not in err
        if lenient and lenient_repairs:  # a type array is a later-draft keyword lenient reads
            assert status == 0 and "warning later-draft-keyword" in err
            Client.from_spec(spec, cache=False, lenient=True, base_url="http://x")
            continue
        assert status == 1 and " error " in err
        with pytest.raises(SpecError):
            Client.from_spec(spec, cache=False, lenient=lenient, base_url="http://x")
