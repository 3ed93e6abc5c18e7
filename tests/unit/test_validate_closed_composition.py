"""`closed-schema-composition`: `additionalProperties: false` beside allOf/anyOf/oneOf refuses
the properties its branches declare (JSON Schema applies it to the schema's own `properties`
only), as ShipEngine's `{additionalProperties: false, allOf: [{$ref: account_settings}]}`; the
compiled validators agree with the warning: they refuse such a property."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.dynamic import Client, ResponseValidationError
from generator.validate import validate
from tests.unit.test_validate import BASE, mutate, spec_of

BODY = {"properties": {"layout": {"type": "string"}}, "type": "object"}


def _with(pet: dict[str, Any], **schemas: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["components"]["schemas"]["Pet"] = pet
        data["components"]["schemas"].update(schemas)

    return spec_of(mutate(change))


def _findings(spec: Any) -> list[str]:
    return [d.message for d in validate(spec) if d.code == "closed-schema-composition"]


@pytest.mark.parametrize("keyword", ["allOf", "anyOf", "oneOf"])
def test_a_property_from_a_referenced_branch_is_named(keyword: str) -> None:
    pet = {"additionalProperties": False, keyword: [{"$ref": "#/components/schemas/Body"}]}
    [message] = _findings(_with(pet, Body=BODY))
    assert "'layout'" in message and keyword in message


def test_nested_all_of_is_followed_and_own_properties_are_allowed() -> None:
    nested = {"allOf": [{"$ref": "#/components/schemas/Body"}, {"properties": {"n": {}}}]}
    pet = {"additionalProperties": False, "allOf": [{"$ref": "#/components/schemas/Nested"}]}
    [message] = _findings(_with(pet, Body=BODY, Nested=nested))
    assert "'layout', 'n'" in message
    pet["properties"] = {"layout": {"type": "string"}, "n": {}}
    assert _findings(_with(pet, Body=BODY, Nested=nested)) == []


def test_open_schemas_are_not_flagged() -> None:
    assert _findings(_with({"allOf": [{"$ref": "#/components/schemas/Body"}]}, Body=BODY)) == []
    assert validate(spec_of(BASE)) == []


def test_the_validators_refuse_what_the_warning_names() -> None:
    data = mutate(lambda d: None)
    data["components"]["schemas"].update(
        Pet={"additionalProperties": False, "allOf": [{"$ref": "#/components/schemas/Body"}]},
        Body=BODY,
    )
    data["paths"]["/pets/{id}"]["get"]["responses"]["200"]["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
    }

    def client(body: Any) -> Client:
        transport = httpx.MockTransport(lambda r: httpx.Response(200, json=body))
        return Client.from_spec(
            data, cache=False, base_url="http://x", transport=transport,
            response_validation="strict",
        )  # fmt: skip

    client({}).call("getPet", id_="1")
    with pytest.raises(ResponseValidationError, match="not allowed"):
        client({"layout": "4x6"}).call("getPet", id_="1")
