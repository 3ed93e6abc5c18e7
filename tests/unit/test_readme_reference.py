"""The generated README's API reference: every SoraCam operation and model is in it, each method
line names its HTTP method, path, return type and errors, and spec text cannot break its layout."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from generator.ir import build_api
from generator.load import load_path
from generator.naming import name_api
from generator.pipeline import prepare
from generator.plan import Options, plan
from generator.render import render_file
from tests.conftest import REPO_ROOT, SHARED

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SORACAM = SHARED / "specs" / "soracam" / "soracom-soracam-api-openapi.yml"
README = REPO_ROOT / "generated" / "soracam" / "README.md"


def render_readme(
    spec_path: Path, aliases: dict[str, str] | None = None
) -> tuple[str, object, object]:
    """The README a spec generates (planned and rendered, without writing the package)."""
    spec = load_path(spec_path)
    api = build_api(prepare(spec, quiet=True))
    names = name_api(api, aliases or {})
    files = plan(api, names, Options(package="pkg", spec_name=spec_path.name, spec_sha256="0"))
    readme = next(f for f in files if f.path == "README.md")
    return render_file(readme).decode("utf-8"), api, names


def headings(text: str) -> list[tuple[str, str]]:
    tokens = MD.parse(text)
    return [
        (tokens[i].tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def check_reference(text: str, api: object, names: object) -> None:
    """Every operation (method, HTTP line) and every model, enum and alias is listed, and the
    headings are exactly the template's own."""
    from generator.ir.model import Api, EnumSchema, ObjectSchema
    from generator.naming import Names

    assert isinstance(api, Api) and isinstance(names, Names)
    reference = text[text.index("## API reference") :]
    for op in api.operations:
        method = names.operations[id(op)].method
        resource = names.resources[op.tags[0]].attribute
        assert f"client.{resource}.{method}(" in reference, method
        assert f"{op.method.upper()} {op.path}" in reference, op.path
    for schema in [*api.schemas.values(), *api.inline_models]:
        if isinstance(schema, (ObjectSchema, EnumSchema)):
            assert f"- `{names.class_of(schema)}`" in reference, names.class_of(schema)
    for component, schema in api.schemas.items():
        if not isinstance(schema, (ObjectSchema, EnumSchema)):
            assert f"- `{names.components[component]}`" in reference
    found = headings(text)
    assert found[0][0] == "h1" and found[1] == ("h2", "API reference")
    h3 = [title for tag, title in found[2:]]
    assert all(tag == "h3" for tag, _ in found[2:]), found
    sections = [t for t in h3 if t in ("Models", "Enums", "Type aliases")]
    assert len(h3) == len({op.tags[0] for op in api.operations}) + len(sections)
    rendered = MD.render(text)
    assert "<script" not in rendered and "<img" not in rendered


def test_every_soracam_operation_and_model_is_in_the_committed_readme() -> None:
    text, api, names = render_readme(SORACAM)
    committed = README.read_text(encoding="utf-8")
    # The committed README is this one but for the package name and the pin's header.
    assert committed.count("\n- `client.sora_cam.") == text.count("\n- `client.sora_cam.")
    check_reference(committed, api, names)


def test_a_method_line_has_signature_return_type_http_line_and_errors() -> None:
    committed = README.read_text(encoding="utf-8")
    assert (
        "- `client.sora_cam.get_sora_cam_device(*, device_id: str) -> models.SoraCamDevice`\n\n"
        "  `GET /sora_cam/devices/{device_id}`: Get the SoraCam compatible camera device "
        "information identified by device_id.\\\n"
        "  Errors: `NotFoundError` (404).\n"
    ) in committed
    assert "= ...) -> list[models.SoraCamEvent]`" in committed  # optional args marked
    assert (  # a paginated operation names its iter_ pair
        "`client.sora_cam.iter_list_sora_cam_device_events_for_device(...) -> "
        "Iterator[models.SoraCamEvent]`"
    ) in committed


HOSTILE_SPEC = """\
openapi: 3.0.3
info: {title: "<script>x()</script> API", version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: ["# Tag\\n## Fake heading"]
      summary: "[phish](javascript:alert(1)) <img src=x onerror=y()>"
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "418": {description: teapot}
        default: {description: any}
  "/odd`path`<b>|{id}":
    delete:
      operationId: "drop`Thing`<i>"
      tags: ["# Tag\\n## Fake heading"]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: gone}
components:
  securitySchemes:
    "<b>`tok`</b>": {type: oauth2, flows: {}}
    "[x](y)": {type: http, scheme: "dig`est<i>"}
  schemas:
    "Alias<script>[x](y)":
      type: string
      description: "`code` then <b>bold</b>"
    Thing:
      type: object
      description: |
        ## Not a heading
        <iframe src="https://evil.example"></iframe>

        - ![pixel](https://tracker.example/p.gif)
        - ```python
      properties:
        kind:
          type: string
          description: "---"
          enum: ["`a`", "<b>", "|x|"]
"""


def test_hostile_spec_text_cannot_change_the_readme_structure(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    text, api, names = render_readme(spec)
    check_reference(text, api, names)
    rendered = MD.render(text)
    assert "- `access_token`: An OAuth 2.0 access token" in text
    assert "no argument; HTTP authentication scheme" in text
    for tag in ("<iframe", "<a href", "<h2>Fake", "<h2>Not", "<b>", "<i>"):
        assert tag not in rendered, tag
    assert rendered.count("<pre") == 1  # the template's own usage example
    assert "`ApiStatusError` (418), `ApiStatusError` (default)" in text
    assert "(`` `a` ``, `<b>`, `|x|`)" in text
    assert "``DELETE /odd`path`<b>|{id}``" in text
    assert (
        text.count("### `client.") == 1
    )  # both operations under the one (hostile) tag  # a path with backticks stays one code span


def test_a_spec_file_name_cannot_close_the_header_comment(tmp_path: Path) -> None:
    spec = tmp_path / "x--><script>.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    first = render_readme(spec)[0].splitlines()[0]
    assert first.startswith("<!-- ") and first.endswith(" -->") and first.count("-->") == 1


def test_readme_is_byte_identical_across_runs() -> None:
    assert render_readme(SORACAM)[0] == render_readme(SORACAM)[0]


def test_renamed_operations_show_their_old_method_name(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    text, _, _ = render_readme(spec, {"fetchThing": "getThing"})
    assert "-> models.Thing` (old names, deprecated: `fetch_thing()`)" in text
