"""The pin settings of issue 10's generic pieces: `[pagination]` (specs without
`x-soracom-cli-pagination`), `[retries] wait_headers` and `[vendor] name` (the vendor layer
copied as `<package>/_vendor`), from the TOML to a working generated package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import ConfigError, PaginationRule, load_pin
from generator.pipeline import Target, render_target
from generator.write import write_package

PIN = """
[api]
name = "pets"
file = "pets.yml"
version = "1"
sha256 = "00"

[package]
name = "pets"
output = "generated/pets"

{package_extra}
{extra}
"""

SPEC = """openapi: 3.0.0
info: {title: Pets, version: '1'}
servers: [{url: 'https://pets.example/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: after, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
  /owners:
    get:
      operationId: listOwners
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {}}}}}
  /toys:
    get:
      operationId: listToys
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {}}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"""


def _pin(tmp_path: Path, extra: str = "", package_extra: str = "") -> Path:
    path = tmp_path / "pets.toml"
    path.write_text(PIN.format(extra=extra, package_extra=package_extra), encoding="utf-8")
    return path


def test_pin_tables_are_read(tmp_path: Path) -> None:
    pin = load_pin(
        _pin(
            tmp_path,
            '[pagination]\nparam = "after"\nheader = "X-Next"\noperations = ["listPets"]\n'
            '[retries]\nwait_headers = ["X-Wait"]\n',
            '[vendor]\nname = "soracom"',
        )
    )
    assert pin.pagination == PaginationRule("after", "X-Next", ("listPets",))
    assert pin.retry_wait_headers == ("X-Wait",)
    assert pin.vendor == "soracom"
    plain = load_pin(_pin(tmp_path))
    assert (plain.pagination, plain.retry_wait_headers, plain.vendor) == (None, (), "")


@pytest.mark.parametrize(
    ("extra", "package_extra", "message"),
    [
        ('[pagination]\nparam = "after"\n', "", "needs param and header"),
        ("[retries]\nwait_headers = 5\n", "", "wait_headers must be a list"),
        ("", '[vendor]\nname = "acme"', "name 'acme' is unknown; known: soracom"),
    ],
)
def test_bad_pin_tables_are_clear_errors(
    tmp_path: Path, extra: str, package_extra: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_pin(_pin(tmp_path, extra, package_extra))


def _generate(tmp_path: Path, **options: object) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = tmp_path / "pets.yml"
    spec.write_text(SPEC, encoding="utf-8")
    output = tmp_path / "out"
    target = Target(spec_path=spec, output=output, package="pets", **options)  # type: ignore[arg-type]
    write_package(output, render_target(target))
    return output


PROBE = """
import httpx, pets
seen = []
def handler(request):
    seen.append(request.url.params.get("after"))
    after = int(request.url.params.get("after", "0"))
    headers = {"x-next": str(after + 1)} if after < 2 else {}
    if len(seen) == 1:
        return httpx.Response(429, headers={"x-wait": "0"})
    return httpx.Response(200, json=[{"name": f"pet{after}"}], headers=headers)
waits = []
policy = pets.RetryPolicy(sleep=waits.append, wait_headers=pets.Client.retry_policy.wait_headers)
c = pets.Client(transport=httpx.MockTransport(handler), retry_policy=policy)
print([p.name for p in c.default.iter_list_pets()], seen, waits)
print(sorted(n for n in dir(c.default) if n.startswith("iter_")))
"""


def test_a_pin_pagination_rule_and_wait_header_make_a_working_package(tmp_path: Path) -> None:
    output = _generate(
        tmp_path,
        pagination=PaginationRule("after", "X-Next", ("listPets",)),
        retry_wait_headers=("X-Wait",),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=output, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    # the 429 waited 0 s as X-Wait said, then three pages; the key went back as an integer
    assert first == "['pet0', 'pet1', 'pet2'] [None, None, '1', '2'] [0.0]"
    assert second == "['iter_list_pets', 'iter_list_pets_pages']"  # listOwners not listed


def test_a_rule_for_all_operations_pages_those_declaring_the_param(tmp_path: Path) -> None:
    output = _generate(tmp_path, pagination=PaginationRule("after", "x-next"))
    resource = (output / "pets" / "resources" / "default.py").read_text(encoding="utf-8")
    assert "def iter_list_pets(" in resource and "def iter_list_owners(" in resource
    assert "def iter_list_toys(" not in resource  # no `after` parameter to feed the key to
    operations = (output / "pets" / "_operations" / "default.py").read_text(encoding="utf-8")
    assert 'PageSpec("after", "x-next", "integer")' in operations
    assert 'PageSpec("after", "x-next", "string")' in operations


def test_the_vendor_layer_is_copied_with_its_runtime_import_made_relative(tmp_path: Path) -> None:
    output = _generate(tmp_path, vendor="soracom")
    copied = sorted(p.name for p in (output / "pets" / "_vendor").glob("*.py"))
    assert {"__init__.py", "soracam_workflows.py"} <= set(copied)
    text = (output / "pets" / "_vendor" / "soracam_workflows.py").read_text(encoding="utf-8")
    assert "generator.runtime" not in text and "from .._runtime.errors import" in text
    assert text.startswith("# Generated by specgen")
    probe = (
        "import pets, pets._vendor.soracam_workflows as w\n"
        "print(w.SoraCamWorkflowError.__mro__[1] is pets.ApiError, w.httpx.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=output, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "True httpx", result.stderr
    assert not (_generate(tmp_path / "plain") / "pets" / "_vendor").exists()
    # the workflows drive SoraCam operations this spec lacks: no public `workflows` module
    assert not (output / "pets" / "workflows.py").exists()


def test_mirror_folders_are_normalized(tmp_path: Path) -> None:
    """`pull` printed the spec as /tmp/clone/../shared/...: a mirror is named without `..`."""
    from generator.config import find_project

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text('[tool.specgen]\nmirrors = ["../shared/specs"]\n')
    assert find_project(repo).mirrors == (tmp_path / "shared" / "specs",)
