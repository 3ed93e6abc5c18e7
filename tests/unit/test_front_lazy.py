"""The front end's fast paths give what the slow ones gave.

Pointers are written out only for a reported problem (`diagnostics.PointerPath`), so a problem
deep in a spec (escaped tokens, list indexes, nested schemas) must still name its exact pointer
and file:line:col. A single-file bundle is made without the bundler's walk (`_local_bundle`),
and `yaml12` tells `load` when `_normalize` has nothing to do: both are checked against the
code they stand in for.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest

from generator import resolve, yaml12
from generator.diagnostics import pointer_of
from generator.load import LoadedSpec, _normalize, load_bytes, load_path
from generator.validate import validate

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

DEEP = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{b}~c:
    parameters:
      - {name: b, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  x/y:
                    allOf:
                      - type: object
                      - properties:
                          z:
                            type: integer
                            default: seven
                            pattern: '(unclosed'
                  bad:
                    type: strin
                  flag:
                    readOnly: 'yes'
components:
  schemas:
    Deep:
      type: object
      properties:
        list:
          type: array
          items:
            type: object
            properties:
              n: {type: number, default: true}
externalDocs: {url: 'not a url'}
"""


def _found(spec: LoadedSpec) -> set[tuple[str, str, str]]:
    return {(d.code, d.pointer, str(d.location)) for d in validate(spec)}


def test_a_problem_deep_in_a_spec_names_its_exact_pointer_and_position() -> None:
    spec = load_bytes(DEEP.encode(), "deep.yaml")
    schema = "/paths/~1a~1{b}~0c/get/responses/200/content/application~1json/schema"
    z = schema + "/properties/x~1y/allOf/1/properties/z"
    assert {
        ("default-type-mismatch", z + "/default", "deep.yaml:22:29"),
        ("invalid-pattern", z + "/pattern", "deep.yaml:23:29"),
        ("invalid-schema-type", schema + "/properties/bad/type", "deep.yaml:25:21"),
        ("oas-schema", schema + "/properties/flag/readOnly", "deep.yaml:27:21"),
        (
            "default-type-mismatch",
            "/components/schemas/Deep/properties/list/items/properties/n/default",
            "deep.yaml:38:33",
        ),
        ("invalid-url", "/externalDocs/url", "deep.yaml:39:16"),
    } <= _found(spec)


def test_the_rules_indexes_write_pointers_as_before() -> None:
    from generator.validate.rules.context import Context

    spec = load_bytes(DEEP.encode(), "deep.yaml")
    ctx = Context(spec, allow_remote=False, allow_outside=False)
    assert [p for p, _ in ctx.schemas] == sorted(pointer_of(p) for p, _ in ctx.schema_paths)
    assert len(ctx.schemas) == len(ctx.schema_paths)
    assert (
        "/paths/~1a~1{b}~0c/get/responses/200/content/application~1json/schema/properties/x~1y"
        "/allOf/1/properties/z"
    ) in dict(ctx.schemas)
    assert pointer_of(None) == "" and pointer_of(((None, "a/b"), 0), "~") == "/a~1b/0/~0"


# --- single-file bundles -------------------------------------------------------------------

BUNDLE_30 = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /p:
    get:
      description: text
      responses:
        '200':
          $ref: '#/components/responses/Ok'
          description: dropped in 3.0
components:
  responses:
    Ok: {description: ok}
  schemas:
    A:
      type: object
      properties:
        $ref: {type: string}
        description:
          $ref: '#/components/schemas/B'
          description: a property named description
        example:
          $ref: '#/components/schemas/B'
          readOnly: true
      default: {$ref: kept, as: data}
      x-ext: {$ref: '#/x', keep: me}
    B: {type: string}
"""


def _walked(spec: LoadedSpec) -> resolve.Bundle:
    return resolve._Bundler(resolve.RefResolver(spec, False, False, source=True)).run()


def _equal(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_single_file_bundle_equals_the_bundlers_walk(version: str) -> None:
    spec = load_bytes(BUNDLE_30.replace("3.0.3", version).encode(), "b.yaml")
    fast = resolve._local_bundle(spec.source, spec.raw is not None)
    assert fast is not None
    assert _equal(fast, _walked(spec).document)
    response = fast["paths"]["/p"]["get"]["responses"]["200"]
    if version == "3.0.3":
        assert response == {"$ref": "#/components/responses/Ok"}
    else:  # 3.1 keeps the siblings, after the $ref
        assert list(response) == ["$ref", "description"]
    schema = fast["components"]["schemas"]["A"]
    assert schema["default"] == {"$ref": "kept", "as": "data"}  # data: not a reference
    assert schema["x-ext"] == {"$ref": "#/x", "keep": "me"}  # an extension: opaque
    assert schema["properties"]["$ref"] == {"type": "string"}  # a property named $ref
    assert fast is not spec.source and fast["paths"] is not spec.source["paths"]


@pytest.mark.parametrize(
    "change",
    [
        "      description: {$ref: '#/components/schemas/B/type'}\n",  # a text ref
        "      $ref: 'other.yaml'\n",  # another file
    ],
)
def test_what_the_bundler_must_follow_is_left_to_it(change: str) -> None:
    text = BUNDLE_30.replace("      description: text\n", change)
    spec = load_bytes(text.encode(), "b.yaml")
    assert resolve._local_bundle(spec.source, False) is None


def test_every_shared_single_file_spec_bundles_as_the_walk_does() -> None:
    checked = 0
    for path in sorted((SHARED / "specs").rglob("*.y*ml")) + sorted(
        (SHARED / "corpus" / "real-world").rglob("*.y*ml")
    ):
        spec = load_path(path)
        fast = resolve._local_bundle(spec.source, spec.raw is not None)
        if fast is None:
            continue
        walked = _walked(spec)
        assert not walked.problems and not walked.origins
        assert _equal(fast, walked.document), path
        checked += 1
    assert checked >= 5


# --- plain YAML: `_normalize` skipped only when it has nothing to do -----------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("a: [1, 2.5, true, null, text, '017']\nb: {c: d}\n", True),
        ("a: &x {k: v}\nb: *x\n", False),  # an alias: sizes and cycles are measured
        ("a: 2001-12-14\n", False),  # a timestamp becomes ISO text
        ("1: one\n", False),  # a key that is not a string
        ("a: " + "[" * 130 + "]" * 130 + "\n", False),  # deeper than MAX_DEPTH
    ],
)
def test_yaml12_says_plain_only_when_normalize_changes_nothing(text: str, plain: bool) -> None:
    data, found = yaml12.load_plain(text)
    assert found is plain
    assert data == yaml12.load(text)
    if plain:
        assert _equal(_normalize(data, "t"), yaml12.load_plain(text)[0])


def test_refusals_of_normalize_still_happen() -> None:
    from generator.diagnostics import SpecError

    deep = "openapi: 3.0.3\nx: " + "[" * 130 + "]" * 130 + "\n"
    with pytest.raises(SpecError) as deep_error:
        load_bytes(deep.encode(), "deep.yaml")
    assert deep_error.value.diagnostics[0].code == "load-too-deep"
    dates = load_bytes(b"openapi: 3.0.3\ninfo: {title: t, version: 2001-12-14}\n", "d.yaml")
    assert dates.data["info"]["version"] == "2001-12-14"


# --- JSON: only the depth is checked (`_within_depth`), as `_normalize` would --------------------


@pytest.mark.parametrize("extra", [-1, 0, 1, 2])
def test_json_nesting_is_refused_exactly_where_normalize_refuses_it(extra: int) -> None:
    from generator.diagnostics import SpecError
    from generator.load import MAX_DEPTH, _parse, _within_depth

    depth = MAX_DEPTH + extra  # containers on the deepest branch, the root included
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    text = '{"openapi": "3.0.3", "a": {"b": 1}, "x": ' + inner + "}"
    data, plain = _parse(text, "d.json")
    assert _within_depth(data) is (depth <= MAX_DEPTH)
    assert plain is (depth <= MAX_DEPTH)
    if depth <= MAX_DEPTH:
        assert _normalize(copy.deepcopy(data), "d.json") == data
        return
    for source in (text, "openapi: 3.0.3\nx: " + inner + "\n"):  # the same refusal as YAML's
        with pytest.raises(SpecError) as refused:
            load_bytes(source.encode(), "d.json" if source is text else "d.yaml")
        found = refused.value.diagnostics[0]
        assert (found.code, found.message) == (
            "load-too-deep",
            f"the document nests deeper than {MAX_DEPTH} levels",
        )


def test_shared_json_specs_load_as_normalize_makes_them() -> None:
    from generator.load import _parse

    specs = sorted(SHARED.rglob("*.json"))
    checked = 0
    for path in specs:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            data, plain = _parse(text, path.name)
        except Exception:  # noqa: BLE001 - refused files are another test's business
            continue
        if not isinstance(data, dict):
            continue
        assert plain, path  # none of them is deep or larger than the size bound
        assert _normalize(copy.deepcopy(data), path.name) == data, path
        checked += 1
    assert checked >= 10


# --- the collector pause ---------------------------------------------------------------------


def test_the_collector_pause_restores_the_state_it_found() -> None:
    import gc

    from generator.gcpause import paused

    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: the outer pause decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError("an error inside the block")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()
    spec = load_bytes(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", "s.yaml")
    validate(spec)
    assert gc.isenabled()


# --- positions: libyaml's composer through yaml12, as ruamel.yaml's gave them ---------------

UNICODE = """\
openapi: 3.0.3
info: {title: "日本語のタイトル", version: '1'}
paths:
  /こんにちは/{id}:
    get:
      summary: 'ä → ö'
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: "é", content: {text/plain: {example: "ü"}}}}
components: {schemas: {Ünïcode: {type: object, properties: {"ключ": {type: strin}}}}}
"""


def _pointers(data: Any, at: str = "") -> list[str]:
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _pointers(value, pointer_of(at or None, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _pointers(value, pointer_of(at or None, index))
    return found


@pytest.mark.parametrize(
    "source",
    [DEEP, UNICODE, BUNDLE_30, SHARED / "specs/soracam/soracom-soracam-api-openapi.yml"],
    ids=["deep", "unicode", "bundle", "soracam"],
)
def test_positions_are_ruamels(source: str | Path) -> None:
    from generator.load import _find_position, _yaml_safe

    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    fast = yaml12.compose(text)
    assert type(fast).__module__.startswith("yaml")  # PyYAML's composer, not ruamel's
    slow = _yaml_safe().compose(text)
    pointers = _pointers(yaml12.load(text))
    assert len(pointers) > 20
    for pointer in pointers:
        assert _find_position("f", fast, pointer) == _find_position("f", slow, pointer), pointer
