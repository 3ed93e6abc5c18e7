"""The type table: each schema's Python type decided once per API, before planning, and only
read afterwards (by the models and operations planners and the dynamic client's blueprint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.ir import build_api
from generator.ir.model import Api, ObjectSchema
from generator.naming import Names, name_api
from generator.plan import describe_operations
from generator.pytypes import TypeMapper, TypeTable

DATA = Path(__file__).parent.parent / "data"

SPEC = """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string, nullable: true}
        kind: {type: string, enum: [cat, dog]}
        tags: {type: object, additionalProperties: {type: integer}}
        photo: {type: string, format: binary}
        owner: {$ref: '#/components/schemas/Owner'}
        either: {oneOf: [{$ref: '#/components/schemas/Owner'}, {type: string}]}
        ids: {$ref: '#/components/schemas/Ids'}
    Owner: {type: object, nullable: true, properties: {id: {type: integer}}}
    Ids: {type: array, items: {type: integer}}
    Loop: {type: array, items: {$ref: '#/components/schemas/Loop'}}
"""


def _api(text: str) -> tuple[Api, Names]:
    api = build_api(yaml.safe_load(text))
    return api, name_api(api)


def _fields(api: Api, table: TypeTable, component: str) -> dict[str, Any]:
    schema = api.schemas[component]
    assert isinstance(schema, ObjectSchema)
    return {p.wire: table.entry(p.schema) for p in schema.properties}


def test_entries_hold_annotation_codec_kind_nullability() -> None:
    api, names = _api(SPEC)
    table = TypeTable.of(api, names)
    f = _fields(api, table, "Pet")
    assert (f["name"].annotation, f["name"].kind, f["name"].nullable) == (
        "str | None",
        "primitive",
        True,
    )
    assert (f["kind"].annotation, f["kind"].codec, f["kind"].kind) == (
        "PetKind",
        "codecs.enum(PetKind)",
        "enum",
    )
    assert f["kind"].qualified() == ("models.PetKind", "codecs.enum(models.PetKind)")
    assert (f["tags"].annotation, f["tags"].codec, f["tags"].kind) == (
        "dict[str, int]",
        "codecs.PLAIN",
        "map",
    )
    # binary inside a JSON response: the decoded JSON holds a string (FileInput is multipart's)
    assert f["photo"].annotation == "str" and f["photo"].qualified()[0] == "str"
    # a referenced component that accepts null: `| None`, and values are models
    owner = f["owner"]
    assert (owner.annotation, owner.kind, owner.nullable, owner.is_model) == (
        "Owner | None",
        "model",
        True,
        True,
    )
    either = f["either"]
    assert (either.kind, either.is_model, either.annotation) == (
        "union",
        True,
        "Owner | str | None",
    )
    assert either.codec == "_U1" and either.qualified()[1] == "models._U1"
    # an alias is followed: the annotation is its target's, `resolved` the target schema
    assert (f["ids"].annotation, f["ids"].kind) == ("list[int]", "list")
    assert f["ids"].resolved is api.schemas["Ids"]
    # an alias that contains itself is typed Any where the cycle closes, not 32 levels deep
    loop = table.entry(api.schemas["Loop"]).annotation
    assert loop.startswith("list[") and "Any" in loop and loop.count("list[") <= 2


def test_one_table_per_api_shared_by_every_reader() -> None:
    api, names = _api(SPEC)
    table = TypeTable.of(api, names)
    describe_operations(api, names)  # the operations planner reads the same table
    assert TypeTable.of(api, names) is table
    assert TypeMapper(api, names, prefix="models.").table is table
    other_api, other_names = _api(SPEC)
    assert TypeTable.of(other_api, other_names) is not table


def test_mapper_answers_are_lookups_in_the_table() -> None:
    api, names = _api(SPEC)
    table = TypeTable.of(api, names)
    mapper = TypeMapper(api, names, prefix="models.")
    for schema in [p.schema for p in api.schemas["Pet"].properties]:  # type: ignore[attr-defined]
        entry = table.entry(schema)
        assert mapper.annotation(schema) == entry.qualified()[0]
        assert mapper.codec(schema) == entry.qualified()[1]
        assert mapper.is_model(schema) is entry.is_model
    assert mapper.annotation(None) == "Any" and mapper.codec(None) == "codecs.PLAIN"


def test_a_union_that_contains_itself_keeps_its_codec() -> None:
    api, names = _api((DATA / "unions" / "self-referencing.yaml").read_text())
    table = TypeTable.of(api, names)
    a = api.schemas["A"]
    assert table.entry(a).codec == "_U1"
    listed = a.variants[2]  # type: ignore[attr-defined]
    assert table.entry(listed).codec == "codecs.list_of(_U1)"
    assert table.entry(listed.items).is_model  # through B, a branch of A
    assert [u.branches for u in table.unions()] == [
        (("u1_0", "codecs.PLAIN"), ("u1_1", "codecs.model(B)"), ("u1_2", "codecs.PLAIN"))
    ]
