"""Drift across OpenAPI 3.0 -> 3.1 of the same API: the SoraCam spec, converted to 3.1 here the
way the OAS 3.1 migration guide says (`nullable` -> a type array with "null", boolean
`exclusiveMinimum` -> the numeric form, schema `example` -> `examples`), is the same API: `specgen
diff` reports no change (HTTP and Python sections), and the generated package differs only in the
lines naming the spec file and its hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diff import diff_specs
from generator.load import load_bytes, load_path
from generator.pipeline import Target, render_target

SORACAM = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "specs"
    / "soracam"
    / "soracom-soracam-api-openapi.yml"
)
if not SORACAM.is_file():
    pytest.skip(f"spec not found at {SORACAM}", allow_module_level=True)

_CHILDREN = ("items", "additionalProperties", "not")


def _schema_to_31(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    s = dict(schema)
    nullable = s.pop("nullable", False)
    if nullable is True and isinstance(s.get("type"), str):
        s["type"] = [s["type"], "null"]
    for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if s.get(key) is True and bound in s:
            s[key] = s.pop(bound)
        elif s.get(key) is False:
            del s[key]
    if "example" in s:
        s["examples"] = [s.pop("example")]
    for key in _CHILDREN:
        if isinstance(s.get(key), dict):
            s[key] = _schema_to_31(s[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(s.get(key), list):
            s[key] = [_schema_to_31(sub) for sub in s[key]]
    if isinstance(s.get("properties"), dict):
        s["properties"] = {name: _schema_to_31(sub) for name, sub in s["properties"].items()}
    return s


def _to_31(node: Any, key: str = "") -> Any:
    if isinstance(node, list):
        return [_to_31(item, key) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k in ("example", "examples") or k.startswith("x-"):
            out[k] = v
        elif k == "schema":
            out[k] = _schema_to_31(v)
        elif k == "schemas" and key == "components":
            out[k] = {name: _schema_to_31(sub) for name, sub in v.items()}
        else:
            out[k] = _to_31(v, k)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = yaml.safe_load(SORACAM.read_text(encoding="utf-8"))
    data = _to_31(data)
    data["openapi"] = "3.1.0"
    path = tmp_path_factory.mktemp("drift31") / "soracam-3.1.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_conversion_really_is_31(converted: Path) -> None:
    text = converted.read_text(encoding="utf-8")
    assert text.startswith("openapi: 3.1.0") and "examples:" in text
    assert "\n    example:" not in text and "nullable" not in text


def test_diff_30_to_31_reports_no_change(converted: Path) -> None:
    changes = diff_specs(load_path(SORACAM), load_path(converted))
    assert [c.rule for c in changes.changes] == []


def test_diff_cli_30_to_31_says_no_changes(
    converted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(SORACAM), str(converted)]) == 0
    out = capsys.readouterr().out
    assert "No changes." in out and "suggested bump: none" in out


def test_diff_30_to_31_still_sees_a_real_change(converted: Path) -> None:
    """The same comparison is not blind: a removed operation in the 3.1 copy is reported."""
    data = yaml.safe_load(converted.read_text(encoding="utf-8"))
    path, item = next(iter(data["paths"].items()))
    method = next(m for m in item if m in ("get", "post", "put", "delete", "patch"))
    del item[method]
    changed = load_bytes(yaml.safe_dump(data).encode(), "changed.yml")
    rules = {c.rule for c in diff_specs(load_path(SORACAM), changed).changes}
    assert rules & {"operation-removed", "path-removed"}, rules


def test_generated_package_is_the_same_but_for_the_spec_name(converted: Path) -> None:
    def render(spec: Path) -> dict[str, bytes]:
        target = Target(spec, Path("out"), "soracam", spec_name="soracam.yml")
        return render_target(target)

    old, new = render(SORACAM), render(converted)
    assert old.keys() == new.keys()
    differing = sorted(name for name in old if old[name] != new[name])
    for name in differing:
        lines = zip(old[name].splitlines(), new[name].splitlines(), strict=True)
        for before, after in lines:
            if before != after:
                assert b"sha256" in before.lower() and b"sha256" in after.lower(), name


SMALL_30 = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "addThing",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
                    }
                ],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
    "components": {
        "schemas": {
            "T": {
                "type": "object",
                "properties": {
                    "note": {"type": "string", "nullable": True, "example": "hi"},
                    "size": {"type": "number", "maximum": 9, "exclusiveMaximum": True},
                    "level": {"type": "string", "enum": ["a", "b", None], "nullable": True},
                    "child": {"$ref": "#/components/schemas/T", "description": "recursive"},
                },
            }
        }
    },
}


def test_30_keywords_and_their_31_spelling_diff_to_nothing() -> None:
    """nullable, boolean exclusive bounds, example and $ref siblings, each in its 3.1 spelling."""
    import json

    old = load_bytes(json.dumps(SMALL_30).encode(), "old.json")
    new_data = _to_31(SMALL_30)
    new_data["openapi"] = "3.1.0"
    props = new_data["components"]["schemas"]["T"]["properties"]
    assert props["note"]["type"] == ["string", "null"] and props["size"]["exclusiveMaximum"] == 9
    new = load_bytes(json.dumps(new_data).encode(), "new.json")
    assert [c.rule for c in diff_specs(old, new).changes] == []
    new_data["components"]["schemas"]["T"]["properties"]["size"]["exclusiveMaximum"] = 8
    narrowed = load_bytes(json.dumps(new_data).encode(), "narrowed.json")
    assert [c.rule for c in diff_specs(old, narrowed).changes] != []
