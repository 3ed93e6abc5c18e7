"""`specgen diff`: the three formats and the --fail-on exit codes, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

BASE = """openapi: 3.0.3
info: {title: t, version: '1.0'}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {in: query, name: kind, schema: {type: string, enum: [cat, dog]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {kind: {type: string, enum: [cat, dog]}}}
  /old:
    get:
      responses: {'200': {description: ok}}
"""


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "base": BASE,
        "version": BASE.replace("version: '1.0'", "version: '1.1'"),
        # a new response enum value only: potentially breaking
        "enum": BASE.replace(
            "properties: {kind: {type: string, enum: [cat, dog]}}",
            "properties: {kind: {type: string, enum: [cat, dog, eel]}}",
        ),
        # a new request enum value only: non-breaking
        "request_enum": BASE.replace(
            "schema: {type: string, enum: [cat, dog]}}",
            "schema: {type: string, enum: [cat, dog, eel]}}",
        ),
        # a path removed: breaking
        "removed": BASE.split("  /old:")[0],
        "broken": "openapi: 3.0.3\ninfo: [unclosed\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text)
    return paths


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["diff", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_self_diff_says_no_changes(specs, capsys) -> None:
    code, out, _ = run(capsys, specs["base"], specs["base"], "--fail-on", "any")
    assert code == 0
    assert "No changes." in out


def test_version_only_says_no_api_change(specs, capsys) -> None:
    code, out, _ = run(capsys, specs["base"], specs["version"], "--fail-on", "any")
    assert code == 0
    assert "No API change (info.version 1.0 -> 1.1)" in out
    code, out, _ = run(capsys, specs["base"], specs["version"], "--format", "json")
    data = json.loads(out)
    assert data["api_changed"] is False and data["changes"] == []
    assert (data["old"]["version"], data["new"]["version"]) == ("1.0", "1.1")


@pytest.mark.parametrize(
    ("new", "fail_on", "expected"),
    [
        ("removed", "breaking", 1),
        ("enum", "breaking", 0),
        ("enum", "potentially-breaking", 1),
        ("request_enum", "potentially-breaking", 0),
        ("request_enum", "any", 1),
        ("base", "any", 0),
    ],
)
def test_fail_on_thresholds(specs, capsys, new: str, fail_on: str, expected: int) -> None:
    code, _, _ = run(capsys, specs["base"], specs[new], "--fail-on", fail_on)
    assert code == expected


def test_without_fail_on_exit_is_zero_even_when_breaking(specs, capsys) -> None:
    assert run(capsys, specs["base"], specs["removed"])[0] == 0


def test_text_groups_by_severity_with_locations(specs, capsys) -> None:
    _, out, _ = run(capsys, specs["base"], specs["removed"])
    assert "BREAKING (1)" in out
    assert "[path-removed] GET /old" in out
    assert f"old {specs['base']}:16:" in out


def test_markdown_has_a_summary_table_and_sections(specs, capsys) -> None:
    _, out, _ = run(capsys, specs["base"], specs["enum"], "--format", "markdown")
    assert "| Severity | Changes |" in out
    assert "| Potentially breaking | 1 |" in out
    assert "#### Potentially breaking (1)" in out
    assert "`response-property-enum-value-added`" in out


def test_json_is_stable_and_sorted(specs, capsys) -> None:
    _, first, _ = run(capsys, specs["base"], specs["removed"], "--format", "json")
    _, second, _ = run(capsys, specs["base"], specs["removed"], "--format", "json")
    assert first == second
    data = json.loads(first)
    assert list(data) == sorted(data)
    [change] = data["changes"]
    assert change["rule"] == "path-removed" and change["severity"] == "breaking"
    assert change["old"]["pointer"] == "/paths/~1old/get"
    assert change["old"]["location"].endswith(":16:5")


def test_load_error_exits_non_zero_with_the_message(specs, capsys) -> None:
    code, out, err = run(capsys, specs["base"], specs["broken"])
    assert code != 0
    assert "broken.yaml" in err and "load-yaml-syntax" in err
    code, _, err = run(capsys, specs["base"], specs["base"].parent / "missing.yaml")
    assert code != 0 and "cannot read spec" in err
