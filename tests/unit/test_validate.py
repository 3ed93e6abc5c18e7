"""Stage 2 (validate) and stage 3 (resolve): each rule fires on a small spec and can be switched
off; the pinned SoraCam spec is valid with its known example warning; bundling inlines
external refs, keeps cycles as refs and refuses what the policy refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diagnostics import Level, SpecError
from generator.load import LoadedSpec, load_bytes, load_path
from generator.resolve import bundle, resolve_pointer
from generator.validate import ALL_CODES, RULES, validate

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SORACAM = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
PLATFORM = SHARED / "specs" / "soracom" / "soracom-platform-api-openapi.yml"

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
    "components": {"schemas": {"Pet": {"type": "object"}}},
}


def spec_of(data: dict[str, Any], name: str = "spec.json") -> LoadedSpec:
    return load_bytes(json.dumps(data, indent=1).encode(), name)


def mutate(change) -> dict[str, Any]:  # noqa: ANN001 - a small lambda
    data = copy.deepcopy(BASE)
    change(data)
    return data


def op(data: dict[str, Any]) -> dict[str, Any]:
    return data["paths"]["/pets/{id}"]["get"]


def add_op(path: str, operation: dict[str, Any]):  # noqa: ANN201
    def change(data: dict[str, Any]) -> None:
        data["paths"][path] = {"get": {"responses": {"200": {"description": "ok"}}, **operation}}

    return change


P = "/paths/~1pets~1{id}/get"
CASES: dict[str, tuple[Any, str]] = {
    "oas-schema": (lambda d: d["info"].pop("title"), "/info"),
    "duplicate-operation-id": (
        add_op("/other", {"operationId": "getPet"}),
        "/paths/~1other/get/operationId",
    ),
    "path-param-undeclared": (lambda d: op(d).pop("parameters"), P),
    "path-param-unused": (
        add_op("/a", {"parameters": [{"name": "x", "in": "path", "required": True}]}),
        "/paths/~1a/get/parameters/0",
    ),
    "path-param-not-required": (
        lambda d: op(d)["parameters"][0].pop("required"),
        P + "/parameters/0",
    ),
    "duplicate-parameter": (
        lambda d: op(d)["parameters"].extend(
            [{"name": "q", "in": "query"}, {"name": "q", "in": "query"}]
        ),
        P + "/parameters/2",
    ),
    "invalid-param-in": (
        lambda d: op(d)["parameters"].append(
            {"name": "b", "in": "body", "schema": {"type": "string"}}
        ),
        P + "/parameters/1/in",
    ),
    "invalid-response-code": (
        lambda d: op(d)["responses"].update({"20X": {"description": "x"}}),
        P + "/responses/20X",
    ),
    "path-template-duplicate": (
        lambda d: d["paths"].update({"/pets/{petId}": d["paths"]["/pets/{id}"]}),
        "/paths/~1pets~1{petId}",
    ),
    "security-scheme-unsupported": (
        lambda d: d["components"].update(
            securitySchemes={"digest": {"type": "http", "scheme": "digest"}}
        ),
        "/components/securitySchemes/digest",
    ),
    "security-scheme-undefined": (lambda d: d.update(security=[{"nope": []}]), "/security/0/nope"),
    "unresolved-ref": (
        lambda d: op(d)["responses"]["200"].update(
            content={"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}
        ),
        P + "/responses/200/content/application~1json/schema/$ref",
    ),
    "ref-cycle": (
        lambda d: d["components"]["schemas"].update(
            A={"$ref": "#/components/schemas/B"}, B={"$ref": "#/components/schemas/A"}
        ),
        "/components/schemas/A/$ref",
    ),
    "invalid-schema-type": (
        lambda d: d["components"]["schemas"]["Pet"].update(type="null"),
        "/components/schemas/Pet/type",
    ),
    "invalid-pattern": (
        lambda d: d["components"]["schemas"]["Pet"].update(type="string", pattern="["),
        "/components/schemas/Pet/pattern",
    ),
    "pattern-redos": (
        lambda d: d["components"]["schemas"]["Pet"].update(type="string", pattern="^(a+)+$"),
        "/components/schemas/Pet/pattern",
    ),
    "default-type-mismatch": (
        lambda d: d["components"]["schemas"]["Pet"].update(type="integer", default="x"),
        "/components/schemas/Pet/default",
    ),
    "default-mismatch": (
        lambda d: d["components"]["schemas"]["Pet"].update(
            type="string", enum=["a", "b"], default="c"
        ),
        "/components/schemas/Pet/default",
    ),
    "closed-schema-composition": (
        lambda d: d["components"]["schemas"]["Pet"].update(
            additionalProperties=False, allOf=[{"properties": {"name": {"type": "string"}}}]
        ),
        "/components/schemas/Pet/additionalProperties",
    ),
    "invalid-url": (lambda d: d.update(externalDocs={"url": "ht<p://x"}), "/externalDocs/url"),
    "invalid-email": (
        lambda d: d["info"].update(contact={"email": "nobody"}),
        "/info/contact/email",
    ),
    "example-mismatch": (
        lambda d: op(d)["parameters"][0].update(schema={"type": "integer"}, example="abc"),
        P + "/parameters/0/example",
    ),
    "webhook-not-generated": (
        lambda d: d.update(
            openapi="3.1.0",
            webhooks={"petAdded": {"post": {"responses": {"200": {"description": "ok"}}}}},
        ),
        "/webhooks/petAdded/post",
    ),
    "schema-keyword-unchecked": (
        lambda d: (
            d.update(openapi="3.1.0"),
            d["components"]["schemas"]["Pet"].update(unevaluatedItems=False),
        ),
        "/components/schemas/Pet/unevaluatedItems",
    ),
    "schema-dialect-unknown": (
        lambda d: d.update(
            openapi="3.1.0", jsonSchemaDialect="http://json-schema.org/draft-07/schema#"
        ),
        "/jsonSchemaDialect",
    ),
}
FILE_CASES = {"ref-outside-folder": "../elsewhere.yaml", "ref-remote": "https://example.com/x"}


def test_the_base_spec_is_clean():
    assert validate(spec_of(BASE)) == []


def test_every_rule_has_a_case():
    assert set(CASES) | set(FILE_CASES) == ALL_CODES


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_and_can_be_disabled(code):
    change, pointer = CASES[code]
    spec = spec_of(mutate(change))
    found = [d for d in validate(spec) if d.code == code]
    assert [d.pointer for d in found] == [pointer]
    diag = found[0]
    level = Level.ERROR if code == "oas-schema" else RULES[code].level
    assert diag.level is level
    assert diag.location is not None and diag.location.line > 1 and diag.message
    assert code not in {d.code for d in validate(spec, disabled=frozenset({code}))}


def test_disabling_a_rule_removes_the_structural_twin_too():
    spec = spec_of(mutate(CASES["invalid-schema-type"][0]))
    assert validate(spec, disabled=frozenset({"invalid-schema-type"})) == []
    spec = spec_of(mutate(CASES["invalid-param-in"][0]))
    assert validate(spec, disabled=frozenset({"invalid-param-in"})) == []


@pytest.mark.parametrize("code", sorted(FILE_CASES))
def test_ref_policy_rules(code, tmp_path):
    data = mutate(CASES["unresolved-ref"][0])
    schema = op(data)["responses"]["200"]["content"]["application/json"]["schema"]
    schema["$ref"] = FILE_CASES[code]
    (tmp_path / "spec").mkdir()
    (tmp_path / "elsewhere.yaml").write_text("type: object\n")
    path = tmp_path / "spec" / "openapi.json"
    path.write_text(json.dumps(data, indent=1))
    spec = load_path(path)
    assert [d.code for d in validate(spec)] == [code]
    assert validate(spec, disabled=frozenset({code})) == []
    if code == "ref-remote":  # allowed means fetched: unreachable here, so not valid
        fetched = validate(spec, allow_remote_refs=True)
        assert [d.code for d in fetched] == ["unresolved-ref"]
        assert "cannot fetch" in fetched[0].message
    else:
        assert validate(spec, allow_outside_refs=True) == []


def test_unresolved_file_ref_and_fragment(tmp_path):
    (tmp_path / "parts.yaml").write_text("Pet: {type: object}\n")
    data = copy.deepcopy(BASE)
    data["components"]["schemas"] = {
        "A": {"$ref": "parts.yaml#/Pet"},
        "B": {"$ref": "parts.yaml#/Dog"},
        "C": {"$ref": "missing.yaml"},
    }
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(data, indent=1))
    found = [(d.code, d.pointer, d.message) for d in validate(load_path(path))]
    assert found == [
        (
            "unresolved-ref",
            "/components/schemas/B/$ref",
            "$ref 'parts.yaml#/Dog' does not resolve: there is no 'Dog' there",
        ),
        (
            "unresolved-ref",
            "/components/schemas/C/$ref",
            "$ref 'missing.yaml': the file does not exist",
        ),
    ]


def test_refs_inside_examples_and_property_names_are_not_refs():
    data = copy.deepcopy(BASE)
    data["components"]["schemas"]["Pet"] = {
        "type": "object",
        "properties": {"$ref": {"type": "string"}, "default": {"type": "string"}},
        "example": {"$ref": "#/nowhere"},
    }
    assert validate(spec_of(data)) == []


def test_response_named_default_is_walked():
    data = copy.deepcopy(BASE)
    op(data)["responses"]["default"] = {"$ref": "#/components/responses/Missing"}
    assert [d.code for d in validate(spec_of(data))] == ["unresolved-ref"]


def test_diagnostics_are_sorted_by_position():
    data = mutate(CASES["invalid-email"][0])
    CASES["invalid-schema-type"][0](data)
    CASES["path-param-undeclared"][0](data)
    lines = [d.location.line for d in validate(spec_of(data))]
    assert lines == sorted(lines) and len(lines) == 3


# --- the pinned SoraCam spec ------------------------------------------------------------------


@pytest.fixture(scope="module")
def soracam() -> LoadedSpec:
    if not SORACAM.is_file():
        pytest.skip("shared SoraCam spec not available")
    return load_path(SORACAM)


def test_soracam_spec_has_no_errors_and_warns_about_the_events_example(soracam):
    diagnostics = validate(soracam)
    assert [d for d in diagnostics if d.is_error] == []
    events = (
        "/paths/~1sora_cam~1devices~1{device_id}~1events/get/responses/200/content/"
        "application~1json/example"
    )
    warning = next(d for d in diagnostics if d.pointer == events)
    assert warning.code == "example-mismatch" and warning.level is Level.WARNING
    assert "required property 'infoType' is missing" in warning.message
    assert warning.location is not None and warning.location.line > 1600


def test_cli_output_format_and_exit_code(soracam, capsys):
    assert main(["validate", str(SORACAM)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines and all(
        f"{SORACAM}:" in line and ": warning example-mismatch: " in line for line in lines
    )
    assert "0 error(s)" in err and "Traceback" not in err
    assert main(["validate", str(SORACAM), "--disable", "example-mismatch"]) == 0
    assert capsys.readouterr()[0] == ""


def test_cli_lists_rules_and_rejects_unknown_codes(capsys):
    assert main(["validate", "--list-rules"]) == 0
    out = capsys.readouterr()[0]
    rules, repairs = out.split("\n\n")
    assert {line.split()[0] for line in rules.splitlines()} == ALL_CODES
    from generator.validate.lenient import REPAIRS

    assert repairs.splitlines()[0].startswith("Repairs of --lenient")
    assert [line.split()[0] for line in repairs.splitlines()[1:]] == sorted(REPAIRS)
    assert main(["validate", "x.yaml", "--disable", "no-such-rule"]) == 2
    assert "unknown rule code(s): no-such-rule" in capsys.readouterr()[1]


def test_platform_spec_validates_without_errors():
    """Its speed is measured by bench/bench_limits.py, not asserted here (shared machines)."""
    if not PLATFORM.is_file():
        pytest.skip("shared platform spec not available")
    diagnostics = validate(load_path(PLATFORM))
    assert [d for d in diagnostics if d.is_error] == []


# --- stage 3: resolve ---------------------------------------------------------------------------


def test_resolve_pointer():
    doc = {"components": {"schemas": {"a/b": {"x": [1, 2]}, "with space": 1}}}
    assert resolve_pointer(doc, "#/components/schemas/a~1b/x/1") == 2
    assert resolve_pointer(doc, "#/components/schemas/with%20space") == 1
    assert resolve_pointer(doc, "#") is doc
    with pytest.raises(LookupError):
        resolve_pointer(doc, "#/components/nope")


def test_bundle_inlines_external_refs_and_keeps_cycles(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "node.yaml").write_text(
        "type: object\nproperties:\n  next: {$ref: '#'}\n  pet: {$ref: 'pet.yaml'}\n"
    )
    (tmp_path / "schemas" / "pet.yaml").write_text("type: object\n")
    data = copy.deepcopy(BASE)
    data["components"]["schemas"] = {
        "Node": {"$ref": "schemas/node.yaml"},
        "Again": {"$ref": "schemas/node.yaml"},
        "Local": {"$ref": "#/components/schemas/Node"},
    }
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(data, indent=1))
    bundled = bundle(load_path(path))
    schemas = bundled["components"]["schemas"]
    assert schemas["Node"]["properties"]["next"] == {"$ref": "#/components/schemas/Node"}
    # a schema from another file gets its own component (named after the file), not a copy
    assert schemas["Node"]["properties"]["pet"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["pet"] == {"type": "object"}
    assert schemas["Again"] == {"$ref": "#/components/schemas/Node"}
    assert schemas["Local"] == {"$ref": "#/components/schemas/Node"}
    refs = [r for r in json.dumps(bundled).split('"$ref": ')[1:]]
    assert all(r.startswith('"#') for r in refs)


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("../out.yaml", "ref-outside-folder"),
        ("http://example.com/x.yaml", "ref-remote"),
        ("nope.yaml", "unresolved-ref"),
    ],
)
def test_bundle_refuses(tmp_path, ref, code):
    (tmp_path / "out.yaml").write_text("type: object\n")
    (tmp_path / "spec").mkdir()
    data = copy.deepcopy(BASE)
    data["components"]["schemas"]["Pet"] = {"$ref": ref}
    path = tmp_path / "spec" / "openapi.json"
    path.write_text(json.dumps(data, indent=1))
    with pytest.raises(SpecError) as caught:
        bundle(load_path(path))
    (diag,) = caught.value.diagnostics
    assert diag.code == code and ref in diag.message
    assert diag.pointer == "/components/schemas/Pet/$ref" and diag.location.line > 1


def test_bundle_allows_outside_refs_when_asked(tmp_path):
    (tmp_path / "out.yaml").write_text("type: string\n")
    (tmp_path / "spec").mkdir()
    data = copy.deepcopy(BASE)
    data["components"]["schemas"]["Pet"] = {"$ref": "../out.yaml"}
    path = tmp_path / "spec" / "openapi.json"
    path.write_text(json.dumps(data, indent=1))
    assert bundle(load_path(path), allow_outside=True)["components"]["schemas"]["Pet"] == {
        "type": "string"
    }


@pytest.mark.parametrize("length", [1, 2, 3])
def test_ref_cycle_of_any_length_is_reported_once_where_it_first_appears(length):
    names = [f"S{i}" for i in range(length)]
    schemas = {
        n: {"$ref": f"#/components/schemas/{names[(i + 1) % length]}"} for i, n in enumerate(names)
    }
    data = mutate(lambda d: d["components"]["schemas"].update(schemas))
    found = [d for d in validate(spec_of(data)) if d.code == "ref-cycle"]
    assert [d.pointer for d in found] == ["/components/schemas/S0/$ref"]
    chain = " -> ".join(f"#/components/schemas/{n}" for n in [*names[1:], names[0]])
    assert found[0].message == f"$ref cycle never reaches a schema: {chain} (back here)"


def test_recursion_through_a_property_or_an_item_is_no_ref_cycle():
    tree = {
        "type": "object",
        "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
            "parent": {"$ref": "#/components/schemas/Tree"},
        },
    }
    alias = {"$ref": "#/components/schemas/Tree"}
    data = mutate(lambda d: d["components"]["schemas"].update(Tree=tree, Alias=alias))
    assert [d.code for d in validate(spec_of(data))] == []


def test_ref_cycle_across_files_is_found(tmp_path):
    (tmp_path / "parts.yaml").write_text("Back: {$ref: 'spec.json#/components/schemas/Loop'}\n")
    data = mutate(lambda d: d["components"]["schemas"].update(Loop={"$ref": "parts.yaml#/Back"}))
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(data))
    found = [d for d in validate(load_path(spec_path)) if d.code == "ref-cycle"]
    # validated as bundled: the hop through parts.yaml is inlined, the loop stays
    assert [(d.pointer, d.message) for d in found] == [
        (
            "/components/schemas/Loop/$ref",
            "$ref cycle never reaches a schema: #/components/schemas/Loop (back here)",
        )
    ]
