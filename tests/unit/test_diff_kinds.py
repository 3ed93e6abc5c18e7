"""Drift kinds of issue 12 point 6, one test each: a schema added to or removed from a media
type, and readOnly / writeOnly judged by direction."""

from __future__ import annotations

import copy
import json
from typing import Any

from generator.diff import Severity, diff_specs
from generator.load import load_bytes


def _load(doc: dict[str, Any], name: str):
    return load_bytes(json.dumps(doc, indent=1).encode(), name)


def _diff(old: dict[str, Any], new: dict[str, Any]):
    return diff_specs(_load(old, "old.json"), _load(new, "new.json"))


def _api(request_media: dict[str, Any], response_media: dict[str, Any]) -> dict[str, Any]:
    op = {
        "operationId": "putThing",
        "requestBody": {"required": True, "content": {"application/json": request_media}},
        "responses": {
            "200": {"description": "ok", "content": {"application/json": response_media}}
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"put": op}},
    }


THING = {"type": "object", "properties": {"name": {"type": "string"}}}


def test_a_schema_added_to_a_request_media_type_narrows_it() -> None:
    changes = _diff(_api({}, {"schema": THING}), _api({"schema": THING}, {"schema": THING}))
    assert [(c.rule, c.severity, c.message) for c in changes.changes] == [
        (
            "request-body-schema-added",
            Severity.POTENTIALLY_BREAKING,
            "request body application/json: schema added",
        )
    ]
    change = changes.changes[0]
    assert change.old_pointer == "/paths/~1things/put/requestBody/content/application~1json"
    assert change.new_pointer.endswith("/application~1json/schema")


def test_a_schema_removed_from_a_request_media_type_widens_it() -> None:
    changes = _diff(_api({"schema": THING}, {"schema": THING}), _api({}, {"schema": THING}))
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("request-body-schema-removed", Severity.NON_BREAKING)
    ]


def test_a_schema_added_to_a_response_media_type_only_documents_it() -> None:
    changes = _diff(_api({"schema": THING}, {}), _api({"schema": THING}, {"schema": THING}))
    assert [(c.rule, c.severity, c.message) for c in changes.changes] == [
        (
            "response-body-schema-added",
            Severity.NON_BREAKING,
            "response 200 application/json: schema added",
        )
    ]


def test_a_schema_removed_from_a_response_media_type_drops_a_promise() -> None:
    changes = _diff(_api({"schema": THING}, {"schema": THING}), _api({"schema": THING}, {}))
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("response-body-schema-removed", Severity.POTENTIALLY_BREAKING)
    ]


def _with_property(name: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    thing = copy.deepcopy(THING)
    thing["properties"][name] = schema
    if required:
        thing["required"] = [name]
    return _api({"schema": thing}, {"schema": copy.deepcopy(thing)})


def test_a_new_required_read_only_property_changes_no_request() -> None:
    old = _api({"schema": THING}, {"schema": THING})
    new = _with_property("id", {"type": "string", "readOnly": True}, required=True)
    changes = _diff(old, new)
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("response-property-added", Severity.NON_BREAKING)
    ]


def test_a_new_required_write_only_property_breaks_requests_only() -> None:
    old = _api({"schema": THING}, {"schema": THING})
    new = _with_property("password", {"type": "string", "writeOnly": True}, required=True)
    changes = _diff(old, new)
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("request-required-property-added", Severity.BREAKING)
    ]


def test_a_required_write_only_property_removed_is_no_response_change() -> None:
    old = _with_property("password", {"type": "string", "writeOnly": True}, required=True)
    changes = _diff(old, _api({"schema": THING}, {"schema": THING}))
    assert [c.rule for c in changes.changes] == ["request-property-removed"]


def test_a_property_that_became_read_only_left_the_request() -> None:
    old = _with_property("id", {"type": "string"}, required=False)
    new = _with_property("id", {"type": "string", "readOnly": True}, required=False)
    changes = _diff(old, new)
    assert [(c.rule, c.severity, c.message) for c in changes.changes] == [
        (
            "request-property-became-read-only",
            Severity.POTENTIALLY_BREAKING,
            "request body application/json: property `id` became readOnly: requests no longer "
            "carry it",
        )
    ]


def test_a_property_that_became_write_only_left_the_response() -> None:
    old = _with_property("secret", {"type": "string"}, required=False)
    new = _with_property("secret", {"type": "string", "writeOnly": True}, required=False)
    changes = _diff(old, new)
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("response-property-became-write-only", Severity.POTENTIALLY_BREAKING)
    ]


def test_a_read_only_property_made_required_is_judged_in_responses_only() -> None:
    old = _with_property("id", {"type": "string", "readOnly": True}, required=False)
    new = _with_property("id", {"type": "string", "readOnly": True}, required=True)
    changes = _diff(old, new)
    assert [(c.rule, c.severity) for c in changes.changes] == [
        ("response-property-became-required", Severity.NON_BREAKING)
    ]


def test_read_only_through_a_ref_counts_too() -> None:
    old = _api({"schema": THING}, {"schema": THING})
    new = _with_property("id", {"$ref": "#/components/schemas/Id"}, required=True)
    new["components"] = {"schemas": {"Id": {"type": "string", "readOnly": True}}}
    changes = _diff(old, new)
    assert [c.rule for c in changes.changes] == ["response-property-added"]
