"""Client impact on small specs: each kind of Python-surface change, its severity, the bump,
and the pin writer that records renames (`generator.config.update_pin_text`)."""

from __future__ import annotations

import tomllib

import pytest

from generator.config import ConfigError, PaginationRule, update_pin_text
from generator.diff import Severity, diff_specs
from generator.diff.impact import Impact, PySeverity, bump_version, client_impact, split_union
from generator.diff.impact_report import render_markdown, render_text
from generator.load import load_bytes
from generator.surface import python_surface

BASE = """openapi: 3.0.3
info: {title: t, version: '1.0'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
        - {in: query, name: verbose, schema: {type: boolean}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
    NewPet:
      type: object
      properties:
        name: {type: string}
"""


def impact(old: str, new: str, aliases: dict[str, str] | None = None) -> Impact:
    o, n = load_bytes(old.encode(), "old.yaml"), load_bytes(new.encode(), "new.yaml")
    return client_impact(
        python_surface(o, "pets"), python_surface(n, "pets", aliases), diff_specs(o, n)
    )


def kinds(result: Impact) -> set[tuple[str, str, PySeverity]]:
    return {(c.kind, c.subject, c.severity) for c in result.changes}


B, C = PySeverity.BREAKING, PySeverity.COMPATIBLE


def test_self_diff_is_empty_and_needs_no_release() -> None:
    result = impact(BASE, BASE)
    assert not result.changes and not result.routes and result.bump == "none"


def test_version_only_is_a_patch() -> None:
    result = impact(BASE, BASE.replace("version: '1.0'", "version: '1.1'"))
    assert not result.changes and result.bump == "patch"


def test_surface_records_methods_models_enums() -> None:
    spec = load_bytes(BASE.encode(), "s.yaml")
    surface = python_surface(spec, "pets")
    get = surface.methods["pets.get_pet"]
    assert (get.operation_id, get.http, get.returns) == ("getPet", "GET /pets/{id}", "models.Pet")
    assert [(a.name, a.annotation, a.required) for a in get.args] == [
        ("id_", "str", True),  # `id` is a builtin
        ("verbose", "bool", False),
    ]
    assert surface.models["Pet"]["name"].required and not surface.models["Pet"]["kind"].required
    assert surface.enums["PetKind"] == {"CAT": "cat", "DOG": "dog"}
    assert surface.direction("Pet") == "response" and surface.direction("NewPet") == "request"
    assert surface.to_json() == python_surface(spec, "pets").to_json()  # deterministic


def test_operation_id_renamed_on_the_same_path() -> None:
    new = BASE.replace("operationId: getPet", "operationId: fetchPet")
    result = impact(BASE, new)
    assert kinds(result) == {("method-renamed", "pets.get_pet", B)}
    assert "pets.fetch_pet" in result.changes[0].message and result.bump == "major"
    assert not result.http.at_least(Severity.BREAKING)  # HTTP callers are unaffected

    kept = impact(BASE, new, {"getPet": "fetchPet"})
    assert kinds(kept) == {("method-renamed", "pets.get_pet", C)}
    assert "alias kept" in kept.changes[0].message and kept.bump == "minor"


def test_path_moved_under_the_same_operation_id_is_python_neutral() -> None:
    result = impact(BASE, BASE.replace("/pets/{id}:", "/animals/{id}:"))
    assert not result.changes and result.bump == "patch"
    assert [(r.method, r.old, r.new) for r in result.routes] == [
        ("pets.get_pet", "GET /pets/{id}", "GET /animals/{id}")
    ]
    assert result.http.worst is Severity.BREAKING  # but HTTP callers of the old URL break


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a required query parameter breaks callers; an optional one does not
        (
            "- {in: query, name: verbose, schema: {type: boolean}}",
            "- {in: query, name: verbose, schema: {type: boolean}}\n"
            "        - {in: query, name: lang, required: true, schema: {type: string}}",
            {("argument-added", "pets.get_pet(lang)", B)},
        ),
        (
            "- {in: query, name: verbose, schema: {type: boolean}}",
            "- {in: query, name: verbose, schema: {type: boolean}}\n"
            "        - {in: query, name: lang, schema: {type: string}}",
            {("argument-added", "pets.get_pet(lang)", C)},
        ),
        (
            "- {in: query, name: verbose, schema: {type: boolean}}",
            "",
            {("argument-removed", "pets.get_pet(verbose)", B)},
        ),
        (
            "name: verbose, schema",
            "name: verbose, required: true, schema",
            {("argument-made-required", "pets.get_pet(verbose)", B)},
        ),
        (
            "name: verbose, schema: {type: boolean}",
            "name: verbose, schema: {type: integer}",
            {("argument-retyped", "pets.get_pet(verbose)", B)},
        ),
        # response model: a new required field is fine for readers, a lost one is not
        (
            "      required: [name]\n",
            "      required: [name, kind]\n",
            {("field-made-required", "models.Pet.kind", C)},
        ),
        ("      required: [name]\n", "", {("field-made-optional", "models.Pet.name", B)}),
        (
            "kind: {type: string, enum: [cat, dog]}",
            "kind: {type: string, enum: [cat, dog, eel]}",
            {("enum-member-added", "models.PetKind.EEL", C)},
        ),
        (
            "kind: {type: string, enum: [cat, dog]}",
            "kind: {type: string, enum: [cat]}",
            {("enum-member-removed", "models.PetKind.DOG", B)},
        ),
        # request model: a new required field breaks constructors
        (
            "    NewPet:\n      type: object\n",
            "    NewPet:\n      type: object\n      required: [name]\n",
            {("field-made-required", "models.NewPet.name", B)},
        ),
    ],
)
def test_each_change_and_its_python_severity(old: str, new: str, expected: set) -> None:
    assert old in BASE
    result = impact(BASE, BASE.replace(old, new, 1))
    assert kinds(result) == expected
    assert result.bump == ("major" if any(s is B for _, _, s in expected) else "minor")


def test_methods_added_and_removed() -> None:
    removed = BASE.split("  /pets:\n")[0] + "components:" + BASE.split("components:")[1]
    result = impact(BASE, removed)
    assert ("method-removed", "pets.create_pet", B) in kinds(result)
    back = impact(removed, BASE)
    assert ("method-added", "pets.create_pet", C) in kinds(back) and back.bump == "minor"


def test_return_type_narrowing_is_compatible_and_widening_is_not() -> None:
    assert split_union("A | list[B | C] | None") == ["A", "list[B | C]", "None"]
    ref = "{$ref: '#/components/schemas/Pet'}"
    assert ref in BASE
    nullable = BASE.replace(ref, "{type: string, nullable: true}", 1)
    plain = BASE.replace(ref, "{type: string}", 1)
    narrowed, widened = impact(nullable, plain), impact(plain, nullable)
    assert [(c.kind, c.severity) for c in narrowed.changes] == [("return-type-changed", C)]
    assert [(c.kind, c.severity) for c in widened.changes] == [("return-type-changed", B)]
    assert "str -> str | None" in widened.changes[0].message


def test_bump_version() -> None:
    assert bump_version("0.1.0", "major") == "1.0.0"
    assert bump_version("1.4.2", "minor") == "1.5.0"
    assert bump_version("1.4.2", "patch") == "1.4.3"
    assert bump_version("1.4.2rc1", "patch") == "1.4.3"
    assert bump_version("1.4.2", "none") == "1.4.2"
    with pytest.raises(ValueError, match="MAJOR.MINOR.PATCH"):
        bump_version("one", "major")


def test_reports_show_both_layers() -> None:
    result = impact(BASE, BASE.replace("/pets/{id}:", "/animals/{id}:"))
    text = render_text(result, "1.2.3")
    assert "HTTP: " in text and "breaking" in text.split("Python:")[0]
    assert "Python: surface unchanged" in text and "1.2.3 -> 1.2.4" in text
    assert "GET /pets/{id} -> GET /animals/{id}" in text
    assert "### Python client impact" in render_markdown(result)


# -- writing the pin --------------------------------------------------------------------------

PIN = """# a comment that must survive
[api]
name = "pets"
file = "old.yaml"  # trailing words
version = "1"
sha256 = "aa"

[package]
name = "pets"
output = "generated/pets"

# servers below
[servers]
default = "x"
x = "https://example.com"
"""


def test_update_pin_keeps_comments_and_adds_what_is_missing() -> None:
    text = update_pin_text(
        PIN,
        api={"version": "2", "sha256": "bb", "file": "new.yaml"},
        package={"version": "1.0.0"},
        aliases={"getPet": "fetchPet", 'we"ird id': "x"},
    )
    data = tomllib.loads(text)
    assert data["api"] == {"name": "pets", "file": "new.yaml", "version": "2", "sha256": "bb"}
    assert data["package"]["version"] == "1.0.0"
    assert data["aliases"] == {"getPet": "fetchPet", 'we"ird id': "x"}
    assert "# a comment that must survive" in text and "# servers below" in text
    assert data["servers"] == {"default": "x", "x": "https://example.com"}
    again = update_pin_text(text, aliases={"getPet": "newer"}, remove_aliases=['we"ird id'])
    assert tomllib.loads(again)["aliases"] == {"getPet": "newer"}


def test_update_pin_refuses_to_write_broken_toml() -> None:
    with pytest.raises(ConfigError):
        update_pin_text('[api]\nversion = "1"\n[api]\nname = "x"\n', api={"version": "2"})


# -- `specgen diff` shows the impact section ---------------------------------------------------


def test_diff_command_prints_both_layers(tmp_path, capsys) -> None:
    import json

    from generator.cli import main

    old, new, bad = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "bad.yaml"
    old.write_text(BASE)
    new.write_text(BASE.replace("operationId: getPet", "operationId: fetchPet"))
    # loads, but would not generate: a path parameter that is never declared
    bad.write_text(BASE.replace("/pets:\n", "/pets/{owner}:\n"))

    assert main(["diff", str(old), str(new), "--package-version", "2.0.0"]) == 0
    out = capsys.readouterr().out
    assert "PYTHON CLIENT IMPACT" in out and "pets.get_pet -> pets.fetch_pet" in out
    assert "suggested bump: major (2.0.0 -> 3.0.0)" in out

    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["client_impact"]["bump"] == "major"
    assert data["client_impact"]["changes"][0]["kind"] == "method-renamed"

    assert main(["diff", str(old), str(new), "--no-impact"]) == 0
    assert "PYTHON CLIENT IMPACT" not in capsys.readouterr().out

    assert main(["diff", str(old), str(bad)]) == 2  # validation errors refuse the diff
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "bad.yaml:" in captured.err and ": error " in captured.err
    assert "pass --lenient" in captured.err

    assert main(["diff", str(old), str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: error load-io" in capsys.readouterr().err

    assert main(["diff", str(old), str(bad), "--lenient"]) == 0
    captured = capsys.readouterr()
    assert "PYTHON CLIENT IMPACT" in captured.out and "not computed" in captured.out
    assert ": warning " in captured.err and ": error " not in captured.err


PAGED = """openapi: 3.0.3
info: {title: t, version: '1.0'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {in: query, name: last_evaluated_key, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
      x-soracom-cli-pagination:
        request: {param: last_evaluated_key}
        response: {header: x-soracom-next-key}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"""
UNPAGED = (
    PAGED.split("      x-soracom-cli-pagination:")[0]
    + "components:"
    + PAGED.split("components:")[1]
)


def test_surface_records_the_iterators_of_a_paginated_method() -> None:
    surface = python_surface(load_bytes(PAGED.encode(), "p.yaml"), "pets")
    pager = surface.methods["pets.list_pets"].pager
    assert pager is not None
    assert (pager.items, pager.pages, pager.item, pager.header) == (
        "iter_list_pets",
        "iter_list_pets_pages",
        "models.Pet",
        "x-soracom-next-key",
    )
    assert '"iter": {"header": "x-soracom-next-key"' in surface.to_json()
    assert (
        python_surface(load_bytes(UNPAGED.encode(), "u.yaml"), "pets")
        .methods["pets.list_pets"]
        .pager
        is None
    )


def test_pagination_removed_breaks_and_added_is_compatible() -> None:
    removed = impact(PAGED, UNPAGED)
    assert kinds(removed) == {("pagination-removed", "pets.list_pets", B)}
    assert removed.bump == "major"
    assert "iter_list_pets() and iter_list_pets_pages() removed" in removed.changes[0].message
    added = impact(UNPAGED, PAGED)
    assert kinds(added) == {("pagination-added", "pets.list_pets", C)} and added.bump == "minor"
    assert "x-soracom-next-key" in render_text(added)


def test_removed_paginated_method_names_its_iterators() -> None:
    no_paths = PAGED.split("paths:")[0] + "paths: {}\ncomponents:" + PAGED.split("components:")[1]
    [change] = [c for c in impact(PAGED, no_paths).changes if c.kind == "method-removed"]
    assert "so are iter_list_pets() and iter_list_pets_pages()" in change.message


def test_pin_pagination_rule_gives_iterators_to_a_spec_without_the_extension() -> None:
    spec = load_bytes(UNPAGED.encode(), "u.yaml")
    rule = PaginationRule(param="last_evaluated_key", header="X-Soracom-Next-Key")
    pager = python_surface(spec, "pets", pagination=rule).methods["pets.list_pets"].pager
    assert pager is not None and pager.header == "x-soracom-next-key"
