"""Lazy imports in generated packages: a resource, a model group and the validators load on use.

Importing the package must not import every resource, model and validator (issue 13: one
resource of a 476-operation package should cost about what it needs), yet every export stays
reachable under its public name, and the model modules import each other without cycles.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.pipeline import Target, render_target
from tests.conftest import REPO_ROOT

GENERATED = REPO_ROOT / "generated" / "soracam"


def _run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATED, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_loads_no_resource_model_group_validator_or_asyncio() -> None:
    out = _run(
        "import sys, soracam\n"
        "print(sorted(m for m in sys.modules if m.startswith(('soracam.resources.',"
        " 'soracam.models.', 'soracam._operations.', 'soracam._validators')) or m == 'asyncio'))\n"
    )
    assert out.strip() == "[]"


def test_one_resource_loads_its_own_modules_and_validators_on_the_first_call() -> None:
    out = _run(
        "import sys, httpx, soracam\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith('soracam.') and '_runtime' not in m"
        " and '_vendor' not in m)\n"
        "def answer(request):\n"
        "    return httpx.Response(200, json=[{'gadgetId': 'g1', 'productId': 'wimax'}])\n"
        "client = soracam.Client(base_url='http://test', transport=httpx.MockTransport(answer),"
        " response_validation='strict')\n"
        "gadgets = client.gadget\n"
        "print(loaded())\n"
        "result = gadgets.list_gadgets()\n"
        "print(loaded())\n"
        "print(type(result[0]).__module__, type(result[0]).__name__)\n"
    )
    before, after, kind = out.splitlines()
    assert "'soracam.resources.gadget'" in before
    assert "sora_cam" not in before and "soracam._validators" not in before
    assert "sora_cam" not in after
    assert "'soracam._validators'" in after  # the first call validated the response
    assert kind.startswith("soracam.models ")


def test_every_model_export_resolves_under_the_public_module() -> None:
    out = _run(
        "import soracam\n"
        "names = soracam.models.__all__\n"
        "bad = [n for n in names if isinstance(getattr(soracam.models, n), type)"
        " and getattr(soracam.models, n).__module__ != 'soracam.models']\n"
        "missing = sorted(set(names) - set(dir(soracam.models)))\n"
        "try:\n"
        "    soracam.models.NoSuchModel\n"
        "except AttributeError as error:\n"
        "    print('error', error)\n"
        "print(len(names), bad, missing)\n"
    )
    error, summary = out.splitlines()
    assert error == "error module 'soracam.models' has no attribute 'NoSuchModel'"
    count, rest = summary.split(" ", 1)
    assert int(count) > 50 and rest == "[] []"


def _spec(tmp_path: Path) -> Path:
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def get(tag: str, schema: dict[str, str]) -> dict[str, object]:
        content = {"application/json": {"schema": schema}}
        return {
            "get": {
                "operationId": f"get{tag}",
                "tags": [tag],
                "responses": {"200": {"description": "ok", "content": content}},
            }
        }

    obj = {"type": "object"}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": get("A", ref("OnlyA")), "/b": get("B", ref("OnlyB"))},
        "components": {
            "schemas": {
                "OnlyA": {**obj, "properties": {"common": ref("Common")}},
                "OnlyB": {**obj, "properties": {"common": ref("Common")}},
                "Common": {**obj, "properties": {"x": {"type": "string"}}},
                "Unused": {**obj, "properties": {"a": ref("OnlyA")}},
            }
        },
    }
    path = tmp_path / "groups.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_models_are_grouped_by_the_tags_that_reach_them(tmp_path: Path) -> None:
    files = render_target(Target(_spec(tmp_path), Path("out"), "g"))
    groups = {
        k.rsplit("/", 1)[1]: v.decode() for k, v in files.items() if k.startswith("g/models/")
    }
    assert sorted(groups) == [
        "__init__.py",
        "_shared.py",
        "_tag_a.py",
        "_tag_b.py",
        "_unreferenced.py",
    ]
    assert "class OnlyA(Model)" in groups["_tag_a.py"]
    assert "class OnlyB(Model)" in groups["_tag_b.py"]
    assert "class Common(Model)" in groups["_shared.py"]
    assert "class Unused(Model)" in groups["_unreferenced.py"]
    # references point from a tag to _shared and from _unreferenced onward: no cycles
    assert "from ._shared import Common" in groups["_tag_a.py"]
    assert "from ._tag_a import OnlyA" in groups["_unreferenced.py"]
    assert not [line for line in groups["_shared.py"].splitlines() if line.startswith("from ._")]
