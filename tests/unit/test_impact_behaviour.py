"""The Python impact counts what the generated client does, and its bump is never below the
HTTP report's for the operations the client calls (issue 12 point 6)."""

from __future__ import annotations

import pytest

from generator.diff import Severity, diff_specs
from generator.diff.impact import Impact, PySeverity, client_impact
from generator.diff.impact_report import as_json_data, summary
from generator.load import load_bytes
from generator.surface import python_surface

BASE = """openapi: 3.0.3
info: {title: t, version: '1.0'}
paths:
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {in: query, name: limit, schema: {type: integer, maximum: 100}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    NewPet:
      type: object
      properties:
        name: {type: string, maxLength: 50}
        size: {type: string, enum: [small, large]}
"""


def impact(old: str, new: str) -> Impact:
    o, n = load_bytes(old.encode(), "old.yaml"), load_bytes(new.encode(), "new.yaml")
    return client_impact(python_surface(o, "pets"), python_surface(n, "pets"), diff_specs(o, n))


def edit(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("maximum: 100", "maximum: 10", "request-parameter-max-decreased"),
        ("maxLength: 50", "maxLength: 5", "request-property-max-length-decreased"),
        ("enum: [small, large]", "enum: [small]", "request-property-enum-value-removed"),
        ("maxLength: 50}", "maxLength: 50, pattern: '^[a-z]+$'}", "request-property-pattern-added"),
    ],
)
def test_a_narrowed_request_constraint_is_python_breaking(old: str, new: str, rule: str) -> None:
    result = impact(BASE, edit(old, new))
    assert result.http.worst is Severity.BREAKING
    narrowed = [c for c in result.changes if c.kind == "request-validation-narrowed"]
    assert [(c.severity, c.details["http_rule"]) for c in narrowed] == [(PySeverity.BREAKING, rule)]
    assert "request validator now rejects values it accepted" in narrowed[0].message
    assert result.bump == "major"


def test_a_new_enum_value_in_a_request_is_counted_as_a_widening() -> None:
    result = impact(BASE, edit("enum: [small, large]", "enum: [small, large, huge]"))
    widened = [c for c in result.changes if c.kind == "request-validation-widened"]
    assert [(c.subject, c.severity) for c in widened] == [
        ("pets.create_pet", PySeverity.COMPATIBLE)
    ]
    assert result.bump == "minor"


def test_a_raised_request_maximum_is_compatible() -> None:
    result = impact(BASE, edit("maximum: 100", "maximum: 1000"))
    assert [(c.kind, c.subject, c.severity) for c in result.changes] == [
        ("request-validation-widened", "pets.list_pets", PySeverity.COMPATIBLE)
    ]
    assert result.bump == "minor"


def test_response_constraints_leave_the_client_validators_alone() -> None:
    changed = BASE.replace(
        "    Pet:\n      type: object\n      properties:\n        name: {type: string}",
        "    Pet:\n      type: object\n      properties:\n        name: {type: string, maxLength: 9}",
    )
    assert changed != BASE
    result = impact(BASE, changed)
    assert result.http.rules() == {"response-property-max-length-set"}
    assert not [c for c in result.changes if c.kind.startswith("request-validation")]


def test_the_bump_is_never_below_what_the_http_report_implies() -> None:
    """A response status removed: no signature moves, the HTTP report says breaking."""
    new = edit(
        """      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
    get:""",
        """      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
        '409': {description: conflict}
    get:""",
    )
    added = impact(BASE, new)
    removed = impact(new, BASE)
    assert added.http.rules() == {"response-non-success-status-added"}
    assert (added.surface_bump, added.http_bump, added.bump) == ("patch", "patch", "patch")
    assert removed.http.rules() == {"response-non-success-status-removed"}
    assert removed.http_bump == "patch"
    security = BASE.replace(
        "components:\n",
        "security: [{key: []}]\ncomponents:\n  securitySchemes:\n"
        "    key: {type: apiKey, in: header, name: X-Key}\n",
    )
    result = impact(BASE, security)
    assert result.http.worst is Severity.BREAKING
    assert result.http_bump == "major" and result.bump == "major"
    assert "suggested bump: major (HTTP contract of called operations)" in summary(result)
    assert as_json_data(result)["bump_from"] == {
        "surface": result.surface_bump,
        "http": "major",
    }


def test_a_schema_added_to_a_media_type_is_reported_on_both_sides() -> None:
    """Before: "No changes" over HTTP while Python called it breaking."""
    bare = BASE.replace(
        "content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}",
        "content: {application/json: {}}",
    )
    result = impact(bare, BASE)
    assert result.http.rules() == {"request-body-schema-added"}
    assert result.http.worst is Severity.POTENTIALLY_BREAKING
    assert result.bump == "major"  # the body argument's type changed
    assert result.http_bump == "minor"


def test_a_new_required_read_only_field_of_a_request_model_breaks_nobody() -> None:
    new = edit(
        "    NewPet:\n      type: object\n      properties:\n",
        "    NewPet:\n      type: object\n      required: [id]\n      properties:\n"
        "        id: {type: string, readOnly: true}\n",
    )
    result = impact(BASE, new)
    assert not result.http  # readOnly: not part of any request
    assert not result.breaking
    assert result.bump == "minor"
