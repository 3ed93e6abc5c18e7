"""Unit tests of `generator.diff`: small hand-written specs, one behaviour each."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.diff import RULES, Severity, diff_specs
from generator.diff.messages import describe
from generator.diff.rules import PROPERTY_KINDS, SCHEMA_KINDS
from generator.diff.schema_diff import Finding
from generator.load import load_bytes, load_path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def spec(
    paths: dict[str, Any],
    schemas: dict[str, Any] | None = None,
    version: str = "1.0.0",
    **extra: Any,
) -> dict[str, Any]:
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": version}, "paths": paths}
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    doc.update(extra)
    return doc


def load(doc: dict[str, Any], name: str = "x.json"):
    return load_bytes(json.dumps(doc, indent=1).encode(), name)


def diff(old: dict[str, Any], new: dict[str, Any]):
    return diff_specs(load(old, "old.json"), load(new, "new.json"))


def pet_api(
    request_schema: Any, response_schema: Any, schemas: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    op = {
        "operationId": "createPet",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": request_schema}},
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": response_schema}},
            }
        },
    }
    return spec({"/pets": {"post": op}}, schemas, **extra)


STRING = {"type": "string"}
COLOR = {"type": "object", "properties": {"color": {"type": "string", "enum": ["red", "blue"]}}}


def test_self_diff_is_empty() -> None:
    doc = pet_api(COLOR, COLOR)
    changes = diff(doc, copy.deepcopy(doc))
    assert not changes and not changes.version_changed


def test_version_only_is_no_api_change() -> None:
    old = pet_api(COLOR, COLOR)
    new = copy.deepcopy(old)
    new["info"]["version"] = "2.0.0"
    changes = diff(old, new)
    assert not changes
    assert (changes.old_version, changes.new_version) == ("1.0.0", "2.0.0")


def test_ref_refactor_is_not_a_change() -> None:
    inline = pet_api(COLOR, {"type": "array", "items": COLOR})
    moved = pet_api(
        {"$ref": "#/components/schemas/Pet"},
        {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
        {"Pet": copy.deepcopy(COLOR)},
    )
    assert not diff(inline, moved)
    assert not diff(moved, inline)


def test_ref_refactor_with_a_real_change_reports_only_that_change() -> None:
    inline = pet_api(COLOR, COLOR)
    changed = copy.deepcopy(COLOR)
    changed["properties"]["color"]["enum"].append("green")
    moved = pet_api(
        {"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/Pet"}, {"Pet": changed}
    )
    changes = diff(inline, moved)
    assert {(c.rule, c.severity) for c in changes.changes} == {
        ("request-property-enum-value-added", Severity.NON_BREAKING),
        ("response-property-enum-value-added", Severity.POTENTIALLY_BREAKING),
    }
    assert all(
        c.new_pointer == "/components/schemas/Pet/properties/color/enum" for c in changes.changes
    )


def test_enum_value_added_severity_depends_on_direction() -> None:
    old = pet_api(COLOR, COLOR)
    bigger = copy.deepcopy(COLOR)
    bigger["properties"]["color"]["enum"].append("green")
    changes = diff(old, pet_api(bigger, bigger))
    by_rule = {c.rule: c.severity for c in changes.changes}
    assert by_rule == {
        "request-property-enum-value-added": Severity.NON_BREAKING,
        "response-property-enum-value-added": Severity.POTENTIALLY_BREAKING,
    }
    # and the reverse: removing a value breaks requests only
    changes = diff(pet_api(bigger, bigger), old)
    assert {c.rule: c.severity for c in changes.changes} == {
        "request-property-enum-value-removed": Severity.BREAKING,
        "response-property-enum-value-removed": Severity.NON_BREAKING,
    }


@pytest.mark.parametrize(
    ("old_bound", "new_bound", "in_request", "in_response"),
    [
        ({"maxLength": 10}, {"maxLength": 5}, Severity.BREAKING, Severity.NON_BREAKING),
        ({"maxLength": 5}, {"maxLength": 10}, Severity.NON_BREAKING, Severity.POTENTIALLY_BREAKING),
        ({"minimum": 1}, {"minimum": 10}, Severity.BREAKING, Severity.NON_BREAKING),
        ({"minimum": 10}, {"minimum": 1}, Severity.NON_BREAKING, Severity.POTENTIALLY_BREAKING),
        ({}, {"pattern": "^a"}, Severity.BREAKING, Severity.NON_BREAKING),
        ({"pattern": "^a"}, {}, Severity.NON_BREAKING, Severity.POTENTIALLY_BREAKING),
    ],
)
def test_constraint_severity_depends_on_direction(
    old_bound: dict[str, Any],
    new_bound: dict[str, Any],
    in_request: Severity,
    in_response: Severity,
) -> None:
    old_schema = {"type": "object", "properties": {"name": {"type": "string", **old_bound}}}
    new_schema = {"type": "object", "properties": {"name": {"type": "string", **new_bound}}}
    changes = diff(pet_api(old_schema, old_schema), pet_api(new_schema, new_schema))
    got = {c.rule.split("-", 1)[0]: c.severity for c in changes.changes}
    assert got == {"request": in_request, "response": in_response}, changes.changes


def test_required_and_nullable_changes() -> None:
    old = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": STRING, "b": STRING, "c": STRING},
    }
    new = {
        "type": "object",
        "required": ["b"],
        "properties": {"a": STRING, "b": STRING, "c": {"type": "string", "nullable": True}},
    }
    changes = diff(pet_api(old, old), pet_api(new, new))
    assert {(c.rule, c.severity) for c in changes.changes} == {
        ("request-property-became-optional", Severity.NON_BREAKING),
        ("request-property-became-required", Severity.BREAKING),
        ("request-property-became-nullable", Severity.NON_BREAKING),
        ("response-property-became-optional", Severity.BREAKING),
        ("response-property-became-required", Severity.NON_BREAKING),
        ("response-property-became-nullable", Severity.BREAKING),
    }


def test_recursive_schemas_terminate_and_report_nested_changes() -> None:
    def tree(kind: dict[str, Any]) -> dict[str, Any]:
        return {
            "Node": {
                "type": "object",
                "properties": {
                    "value": kind,
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
            }
        }

    ref = {"$ref": "#/components/schemas/Node"}
    changes = diff(pet_api(ref, ref, tree(STRING)), pet_api(ref, ref, tree({"type": "integer"})))
    assert {c.rule for c in changes.changes} == {
        "request-property-type-changed",
        "response-property-type-changed",
    }
    assert all(c.details["property"] == "value" for c in changes.changes)


def test_composition_members_matched_by_content_not_position() -> None:
    a = {"type": "object", "properties": {"a": STRING}}
    b = {"type": "object", "properties": {"b": STRING}}
    c = {"type": "object", "properties": {"c": STRING}}
    old = {"oneOf": [a, b]}
    new = {"oneOf": [c, a, b]}
    changes = diff(pet_api(old, old), pet_api(new, new))
    assert {(ch.rule, ch.severity) for ch in changes.changes} == {
        ("request-body-one-of-added", Severity.NON_BREAKING),
        ("response-body-one-of-added", Severity.POTENTIALLY_BREAKING),
    }


def test_paths_match_by_template_and_renamed_parameter_is_reported() -> None:
    def api(name: str) -> dict[str, Any]:
        op = {
            "operationId": "getPet",
            "responses": {"200": {"description": "ok"}},
            "parameters": [{"in": "path", "name": name, "required": True, "schema": STRING}],
        }
        return spec({f"/pets/{{{name}}}": {"get": op}})

    changes = diff(api("id"), api("petId"))
    assert [(c.rule, c.severity, c.path, c.old_path) for c in changes.changes] == [
        ("path-parameter-renamed", Severity.NON_BREAKING, "/pets/{petId}", "/pets/{id}")
    ]


def test_operation_id_change_and_removed_operations() -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    old = spec(
        {
            "/a": {"get": {"operationId": "one", **ok}, "post": {"operationId": "two", **ok}},
            "/b": {"get": {"operationId": "three", **ok}},
        }
    )
    new = spec({"/a": {"get": {"operationId": "uno", **ok}}})
    changes = diff(old, new)
    assert {
        (c.rule, c.severity, c.old_operation_id, c.new_operation_id) for c in changes.changes
    } == {
        ("operation-id-changed", Severity.NON_BREAKING, "one", "uno"),
        ("operation-removed", Severity.BREAKING, "two", None),
        ("path-removed", Severity.BREAKING, "three", None),
    }
    assert changes.changes[0].severity is Severity.BREAKING  # worst first


def test_parameters_body_responses_and_security() -> None:
    ok = {"description": "ok", "headers": {"X-Rate": {"schema": STRING}}}
    old_op = {
        "parameters": [{"in": "query", "name": "q", "schema": STRING}],
        "responses": {"200": ok, "404": {"description": "missing"}},
    }
    new_op = {
        "parameters": [
            {"in": "query", "name": "q", "required": True, "schema": STRING},
            {"in": "header", "name": "X-New", "required": True, "schema": STRING},
        ],
        "requestBody": {"content": {"text/plain": {"schema": STRING}}},
        "responses": {"201": {"description": "created"}},
        "security": [{"key": []}],
    }
    schemes = {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}}
    changes = diff(
        spec({"/a": {"post": old_op}}, components=schemes),
        spec({"/a": {"post": new_op}}, components=schemes),
    )
    assert {(c.rule, c.severity) for c in changes.changes} == {
        ("request-parameter-became-required", Severity.BREAKING),
        ("request-required-parameter-added", Severity.BREAKING),
        ("request-body-added-optional", Severity.NON_BREAKING),
        ("response-success-status-removed", Severity.BREAKING),
        ("response-success-status-added", Severity.NON_BREAKING),
        ("response-non-success-status-removed", Severity.NON_BREAKING),
        ("security-added", Severity.BREAKING),
    }


def test_locations_point_into_both_files(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n"
        "    get:\n      responses:\n        '200': {description: ok}\n"
    )
    new.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /b:\n"
        "    get:\n      responses:\n        '200': {description: ok}\n"
    )
    changes = diff_specs(load_path(old), load_path(new))
    removed = next(c for c in changes.changes if c.rule == "path-removed")
    added = next(c for c in changes.changes if c.rule == "path-added")
    assert (removed.old_location.line, removed.old_location.col) == (5, 5)
    assert (added.new_location.line, added.new_location.col) == (5, 5)


def test_every_rule_id_is_kebab_case_and_every_kind_has_a_sentence() -> None:
    for rule in RULES:
        assert rule == rule.lower() and " " not in rule and "_" not in rule, rule
    for kind in [*SCHEMA_KINDS, *PROPERTY_KINDS]:
        sentence = describe(Finding(kind, ("p",), None, None, 1, 2))
        assert not sentence.startswith(f"{kind} on "), (kind, sentence)  # the fallback


def test_platform_self_diff_finds_no_change() -> None:
    """Its speed is measured by bench/bench_limits.py, not asserted here (shared machines)."""
    path = SHARED / "specs" / "soracom" / "soracom-platform-api-openapi.yml"
    if not path.is_file():
        pytest.skip("platform spec not found")
    assert not diff_specs(load_path(path), load_path(path))
