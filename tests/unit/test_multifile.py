"""Multi-file documents: thousands of files, refs relative to the referencing file, cycles across
files, path-item and operation refs, refs inside `x-` extensions, `description: {$ref: ...}`;
bundled once (each file read once), and problems reported at file:line:col of the file where
they are written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import resolve
from generator.cli import main
from generator.diagnostics import SpecError
from generator.load import load_path
from generator.pipeline import Target, render_target
from generator.resolve import bundle, bundle_map
from generator.validate import validate

N = 500
"""Path items, operations, schemas and Markdown descriptions: 4 * 500 + 2 = 2,002 files."""


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _synthetic(root: Path, n: int = N) -> Path:
    """openapi.yaml -> paths/pI.yaml (path item) -> ops/getI.yaml (operation) ->
    ../schemas/sI.yaml, whose `next` points at s(I+1) and the last back at s0: a cycle through
    every schema file. Each operation's description is docs/dI.md; `x-origin` holds a ref to a
    file that does not exist (an extension is opaque)."""
    paths = "\n".join(f"  /items{i}/{{id}}:\n    $ref: paths/p{i}.yaml" for i in range(n))
    _write(
        root,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: Big, version: '1'}\n"
        "servers: [{url: 'https://big.example.com'}]\n"
        f"paths:\n{paths}\n"
        "components:\n  parameters:\n    Id: {$ref: 'params/id.yaml'}\n",
    )
    _write(root, "params/id.yaml", "name: id\nin: path\nrequired: true\nschema: {type: string}\n")
    for i in range(n):
        _write(
            root,
            f"paths/p{i}.yaml",
            f"parameters:\n  - $ref: '../params/id.yaml'\nget:\n  $ref: '../ops/get{i}.yaml'\n",
        )
        _write(
            root,
            f"ops/get{i}.yaml",
            f"operationId: getItem{i}\n"
            f"description: {{$ref: '../docs/d{i}.md'}}\n"
            "x-origin: {$ref: 'no/such/file.yaml'}\n"
            "responses:\n  '200':\n    description: ok\n    content:\n"
            f"      application/json:\n        schema: {{$ref: '../schemas/s{i}.yaml'}}\n",
        )
        _write(
            root,
            f"schemas/s{i}.yaml",
            "type: object\nproperties:\n"
            f"  value{i}: {{type: integer}}\n"
            f"  next: {{$ref: 's{(i + 1) % n}.yaml'}}\n",
        )
        _write(root, f"docs/d{i}.md", f"Item **{i}**, described in Markdown.\n")
    return root / "openapi.yaml"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthetic(tmp_path_factory.mktemp("big"))


@pytest.mark.slow
def test_two_thousand_files_bundle_flat_and_read_once(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real = resolve.parse_fragment

    def counting(content: bytes, name: str) -> Any:
        reads.append(name)
        return real(content, name)

    monkeypatch.setattr(resolve, "parse_fragment", counting)
    spec = load_path(big)
    assert [d for d in validate(spec) if d.is_error] == []
    document = bundle(spec)
    result = bundle_map(spec)
    assert result.files == 1 + 1 + 3 * N  # the spec, params/id.yaml, paths, ops, schemas
    assert len(reads) == len(set(reads)) == 1 + 3 * N  # each YAML file parsed exactly once
    schemas = document["components"]["schemas"]
    assert len(schemas) == N  # one component per schema file, not nested copies
    assert schemas["s0"]["properties"]["next"] == {"$ref": "#/components/schemas/s1"}
    assert schemas[f"s{N - 1}"]["properties"]["next"] == {"$ref": "#/components/schemas/s0"}
    assert max(_depth(document)) < 16  # a cycle through 500 files is not 500 levels deep
    op = document["paths"]["/items7/{id}"]["get"]
    assert op["description"] == "Item **7**, described in Markdown.\n"
    assert op["x-origin"] == {"$ref": "no/such/file.yaml"}  # opaque: copied, not followed
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/s7"
    }
    shared = document["paths"]["/items9/{id}"]["parameters"][0]
    assert shared == {"$ref": "#/components/parameters/Id"}
    assert document["components"]["parameters"]["Id"]["name"] == "id"


def _depth(node: Any, level: int = 0) -> Any:
    if isinstance(node, dict):
        for value in node.values():
            yield from _depth(value, level + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _depth(value, level + 1)
    else:
        yield level


@pytest.mark.slow
def test_two_thousand_files_generate(big: Path) -> None:
    files = render_target(Target(big, Path("out"), "big"))
    resources = files["big/resources/default.py"].decode()
    assert resources.count("    def get_item") == N  # sync
    assert resources.count("    async def get_item") == N  # async
    assert resources.count("_raw_response_wrapper(resource.get_item") == 2 * N  # raw: wrapped
    models = "".join(v.decode() for k, v in sorted(files.items()) if k.startswith("big/models/"))
    assert "class S0(Model):" in models and "next_: S1 | Unset" in models
    assert "Item **7**, described in Markdown." in resources


# --- each feature on its own, small ------------------------------------------------------


def _spec(root: Path, paths: str = "", components: str = "") -> Path:
    return _write(
        root,
        "api/openapi.yaml",
        f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths or '  {}'}\n"
        + (f"components:\n{components}\n" if components else ""),
    )


def test_refs_are_relative_to_the_referencing_file(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "  /a:\n    $ref: 'deep/er/a.yaml'")
    _write(
        tmp_path,
        "api/deep/er/a.yaml",
        "get:\n  operationId: getA\n  responses:\n    '200':\n      description: ok\n"
        "      content: {application/json: {schema: {$ref: '../../schemas/a.yaml'}}}\n",
    )
    _write(tmp_path, "api/schemas/a.yaml", "type: object\nproperties: {b: {$ref: 'b.yaml'}}\n")
    _write(tmp_path, "api/schemas/b.yaml", "type: string\n")
    document = bundle(load_path(spec))
    assert document["components"]["schemas"] == {
        "a": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/b"}}},
        "b": {"type": "string"},
    }


def test_cycle_across_files_generates(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n"
        "          description: ok\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}",
        "  schemas:\n    A: {$ref: 'a.yaml'}",
    )
    _write(tmp_path, "api/a.yaml", "type: object\nproperties: {b: {$ref: 'b.yaml'}}\n")
    _write(tmp_path, "api/b.yaml", "type: object\nproperties: {a: {$ref: 'a.yaml#'}}\n")
    document = bundle(load_path(spec))
    assert document["components"]["schemas"]["A"]["properties"]["b"] == {
        "$ref": "#/components/schemas/b"
    }
    assert document["components"]["schemas"]["b"]["properties"]["a"] == {
        "$ref": "#/components/schemas/A"
    }
    files = render_target(Target(spec, Path("out"), "cyc"))
    models = "".join(v.decode() for k, v in sorted(files.items()) if k.startswith("cyc/models/"))
    assert "b: B | Unset" in models and "a: A | Unset" in models


def test_description_ref_to_a_yaml_string_and_a_bad_target(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "  /a:\n    get:\n      operationId: getA\n"
        "      summary: {$ref: 'texts.yaml#/summary'}\n"
        "      description: {$ref: 'texts.yaml#/notText'}\n"
        "      responses: {'200': {description: ok}}",
    )
    _write(tmp_path, "api/texts.yaml", "summary: Get an A\nnotText: {a: 1}\n")
    problems = [d for d in validate(load_path(spec)) if d.is_error]
    assert [(d.code, str(d.location)) for d in problems] == [
        ("unresolved-ref", f"{spec}:8:21"),
    ]
    assert "non-string" in problems[0].message


def test_problem_in_another_file_is_reported_there(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "  /pets/{id}:\n    $ref: 'paths/pets.yaml'")
    item = _write(
        tmp_path,
        "api/paths/pets.yaml",
        "get:\n  operationId: getPet\n  responses:\n    '200':\n      description: ok\n"
        "      content:\n        application/json:\n"
        "          schema: {$ref: '../schemas/pet.yaml'}\n",
    )
    pet = _write(
        tmp_path,
        "api/schemas/pet.yaml",
        "type: object\nproperties:\n  name:\n    type: strin\n  tag: {$ref: 'tag.yaml'}\n",
    )
    found = {(d.code, str(d.location)) for d in validate(load_path(spec)) if d.is_error}
    assert found == {
        ("invalid-schema-type", f"{pet}:4:5"),  # the bad type, in the schema file
        ("unresolved-ref", f"{pet}:5:9"),  # the dangling ref, where it is written
        ("path-param-undeclared", f"{item}:1:1"),  # the path item file lacks `id`
    }
    assert {str(d.location).split(":")[0] for d in validate(load_path(spec))} <= {
        str(pet),
        str(item),
    }


def test_cli_reports_positions_in_each_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    spec = _spec(tmp_path, "  /a:\n    $ref: 'a.yaml'")
    _write(
        tmp_path,
        "api/a.yaml",
        "get:\n  operationId: getA\n  responses: {'200': {$ref: 'r.yaml'}}\n",
    )
    main(["validate", str(spec)])
    out = capsys.readouterr().out
    assert out == (
        f"{tmp_path / 'api' / 'a.yaml'}:3:23: error unresolved-ref: "
        "$ref 'r.yaml': the file does not exist\n"
    )


def test_bundle_raises_every_problem_at_once(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "",
        "  schemas:\n    A: {$ref: 'missing1.yaml'}\n    B: {$ref: 'missing2.yaml'}",
    )
    with pytest.raises(SpecError) as caught:
        bundle(load_path(spec))
    assert [d.pointer for d in caught.value.diagnostics] == [
        "/components/schemas/A/$ref",
        "/components/schemas/B/$ref",
    ]


def test_refs_inside_extensions_and_examples_are_not_followed(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "  /a:\n    get:\n      operationId: getA\n"
        "      x-code-samples: {$ref: 'samples/missing.yaml'}\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {type: object, example: {$ref: 'not-a-ref.yaml'}}",
    )
    assert [d for d in validate(load_path(spec)) if d.is_error] == []
    op = bundle(load_path(spec))["paths"]["/a"]["get"]
    assert op["x-code-samples"] == {"$ref": "samples/missing.yaml"}
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["example"] == {"$ref": "not-a-ref.yaml"}


@pytest.mark.slow
def test_synthetic_document_is_json_serializable(big: Path) -> None:
    """The bundle is plain data (no shared mutable parts that would alias on output)."""
    text = json.dumps(bundle(load_path(big)))
    assert text.count('"$ref": "#/components/schemas/s') == 2 * N


def test_diff_sees_a_change_inside_another_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def version(folder: str, kind: str) -> Path:
        root = tmp_path / folder
        spec = _spec(
            root,
            "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n"
            "          description: ok\n"
            "          content: {application/json: {schema: {$ref: 'schemas/a.yaml'}}}",
        )
        _write(root, "api/schemas/a.yaml", f"type: object\nproperties:\n  n: {{type: {kind}}}\n")
        return spec

    old, new = version("old", "integer"), version("new", "string")
    assert main(["diff", "--no-impact", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "type" in out and "No changes" not in out
    assert f"{tmp_path / 'new' / 'api' / 'schemas' / 'a.yaml'}:3:" in out
    assert main(["diff", "--no-impact", str(old), str(version("same", "integer"))]) == 0
    assert "No changes." in capsys.readouterr().out
