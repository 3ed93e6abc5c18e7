"""The schema diff walks each pair of schemas once: cost linear in document size (issue 13).

Durations are measured by bench/bench_diff.py; these tests assert the structure that makes the
cost linear (how many schema pairs are walked) and what the report says about shared targets.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from generator.diff import diff_specs
from generator.diff.operations import OperationDiffer
from generator.diff.schema_diff import SchemaDiffer
from generator.diff.walk import Document
from generator.load import load_bytes


def _load(doc: dict[str, Any], name: str):
    return load_bytes(json.dumps(doc, indent=1).encode(), name)


def _api(schemas: dict[str, Any], root: str) -> dict[str, Any]:
    op = {
        "operationId": "getRoot",
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{root}"}}
                },
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/root": {"get": op}},
        "components": {"schemas": schemas},
    }


def _dense(n: int) -> dict[str, Any]:
    """n schemas, each with a property referencing every other one: n! routes from the root."""
    return {
        f"S{i}": {
            "type": "object",
            "properties": {
                f"to{j}": {"$ref": f"#/components/schemas/S{j}"} for j in range(n) if j != i
            }
            | {"leaf": {"type": "string", "maxLength": 10}},
        }
        for i in range(n)
    }


def _walked(old: dict[str, Any], new: dict[str, Any]) -> tuple[int, Any]:
    differ = OperationDiffer(Document(_load(old, "old.json")), Document(_load(new, "new.json")))
    changes = list(differ.run())
    schemas: SchemaDiffer = differ.schemas
    return len(schemas._pairs), changes


def test_a_densely_linked_self_diff_walks_each_pair_once() -> None:
    doc = _api(_dense(12), "S0")
    pairs, changes = _walked(doc, copy.deepcopy(doc))
    assert changes == []
    # 12 component pairs plus each one's inline `leaf` pair: nothing walked twice.
    assert pairs == 24


def test_a_change_deep_in_a_dense_graph_is_found_once_per_operation() -> None:
    old = _api(_dense(12), "S0")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["S7"]["properties"]["leaf"]["maxLength"] = 5
    pairs, changes = _walked(old, new)
    assert pairs == 24
    assert [c.rule for c in changes] == ["response-property-max-length-decreased"]
    assert changes[0].details["property"] == "to7/leaf"  # the first route the walk meets
    assert changes[0].new_pointer == "/components/schemas/S7/properties/leaf/maxLength"


def test_a_shared_target_reached_twice_is_reported_once_with_its_first_path() -> None:
    address = {"type": "object", "properties": {"zip": {"type": "string"}}}
    customer = {
        "type": "object",
        "properties": {
            "billing": {"$ref": "#/components/schemas/Address"},
            "shipping": {"$ref": "#/components/schemas/Address"},
        },
    }
    old = _api({"Address": address, "Customer": customer}, "Customer")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Address"]["properties"]["zip"]["enum"] = ["1"]
    changes = diff_specs(_load(old, "old.json"), _load(new, "new.json")).changes
    assert [(c.rule, c.details["property"]) for c in changes] == [
        ("response-property-became-enum", "billing/zip")
    ]


def test_a_change_inside_a_recursive_schema_is_found_from_every_operation() -> None:
    node = {
        "type": "object",
        "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "value": {"type": "integer", "maximum": 10},
        },
    }
    tree = {"type": "object", "properties": {"root": {"$ref": "#/components/schemas/Node"}}}
    old = _api({"Node": node, "Tree": tree}, "Tree")
    old["paths"]["/node"] = copy.deepcopy(old["paths"]["/root"])
    old["paths"]["/node"]["get"]["operationId"] = "getNode"
    content = old["paths"]["/node"]["get"]["responses"]["200"]["content"]["application/json"]
    content["schema"] = {"$ref": "#/components/schemas/Node"}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["properties"]["value"]["maximum"] = 20
    changes = diff_specs(_load(old, "old.json"), _load(new, "new.json")).changes
    found = sorted((c.operation_id, c.details["property"]) for c in changes)
    assert found == [("getNode", "value"), ("getRoot", "root/value")]
    assert {c.rule for c in changes} == {"response-property-max-increased"}


def test_a_cycle_with_no_change_stays_clean_when_a_sibling_changes() -> None:
    """Dirtiness is decided per strongly connected group, not guessed at the cycle cut."""
    a = {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}
    b = {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}
    root = {
        "type": "object",
        "properties": {
            "a": {"$ref": "#/components/schemas/A"},
            "n": {"type": "string"},
        },
    }
    old = _api({"A": a, "B": b, "Root": root}, "Root")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Root"]["properties"]["n"]["format"] = "date"
    changes = diff_specs(_load(old, "old.json"), _load(new, "new.json")).changes
    assert [(c.rule, c.details["property"]) for c in changes] == [
        ("response-property-format-changed", "n")
    ]
