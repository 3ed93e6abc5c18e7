"""Hostile specs: compiling validators and importing them must have no side effect.

Every string a spec controls (property names, enum values, patterns, descriptions, defaults,
discriminator values, titles) reaches the compiled module only as a literal. These tests plant
payloads that would create a sentinel file or print if they ever ran, compile them, write the
module into a throwaway package beside a copy of the runtime, import it and run the validators
in a fresh interpreter, then check that nothing was printed and no sentinel appeared.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.load import load_path
from generator.schema_compiler import compile_validators

REPO = Path(__file__).resolve().parents[2]
MALICIOUS = REPO.parent / "shared" / "corpus" / "validity" / "mermade-openapi3-examples"
MALICIOUS = MALICIOUS / "3.0" / "malicious"
RUNTIME = REPO / "generator" / "runtime" / "validation.py"

SENTINEL = "PWNED"
PAYLOADS = [
    f"'); __import__('pathlib').Path('{SENTINEL}').touch() #",
    f'"); __import__("pathlib").Path("{SENTINEL}").touch() #',
    f'"""\n__import__("pathlib").Path("{SENTINEL}").touch()\n"""',
    f"'''\n__import__('pathlib').Path('{SENTINEL}').touch()\n'''",
    f"\\\n__import__('pathlib').Path('{SENTINEL}').touch()",
    f"\n__import__('pathlib').Path('{SENTINEL}').touch()\n",
    f"{{__import__('pathlib').Path('{SENTINEL}').touch()}}",
    "'); import os; os.system('x') #",
    "\x00\u2028\u2029\ud800\U0001f432\\N{BULLET}\\x41",
    "print('leak')",
]


def _inline_schemas(node: Any, found: list[Any], depth: int = 0) -> None:
    """Every value under a `schema` key (parameters, media types) anywhere in the document."""
    if depth > 64:
        return
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "schema" and isinstance(value, Mapping):
                found.append(value)
            _inline_schemas(value, found, depth + 1)
    elif isinstance(node, list):
        for item in node:
            _inline_schemas(item, found, depth + 1)


def _all_schemas(document: Mapping[str, Any]) -> dict[str, Any]:
    components = document.get("components") or {}
    schemas = list((components.get("schemas") or {}).values())
    _inline_schemas(document.get("paths") or {}, schemas)
    return {f"s{i}": schema for i, schema in enumerate(schemas)}


def _run_in_package(tmp_path: Path, source: str, calls: str) -> subprocess.CompletedProcess[str]:
    """Write `source` as pkg/validators.py beside pkg/_runtime, import it, run `calls`."""
    pkg = tmp_path / "pkg"
    (pkg / "_runtime").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "_runtime" / "__init__.py").write_text("")
    shutil.copy(RUNTIME, pkg / "_runtime" / "validation.py")
    (pkg / "validators.py").write_text(source, encoding="utf-8")
    script = "import pkg.validators as v\nfrom pkg._runtime.validation import validate\n" + calls
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _assert_clean(tmp_path: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""
    assert not (tmp_path / SENTINEL).exists()
    assert not (tmp_path / "x").exists()


def _malicious_files() -> Iterator[Path]:
    return iter(sorted(MALICIOUS.glob("*"))) if MALICIOUS.is_dir() else iter(())


def test_malicious_corpus_is_present() -> None:
    assert len(list(_malicious_files())) >= 6


@pytest.mark.parametrize("spec", list(_malicious_files()), ids=lambda p: p.name)
def test_malicious_spec_compiles_and_imports_without_side_effect(
    spec: Path, tmp_path: Path
) -> None:
    try:
        loaded = load_path(spec)
    except SpecError:
        return  # refused by the loader (the YAML bomb): nothing reaches the compiler
    schemas = _all_schemas(loaded.data)
    assert schemas or spec.suffix == ".yaml", "the rapid7 specs carry schemas"
    compiled = compile_validators(schemas, document=loaded.data)
    calls = "".join(
        f"validate(v.{fn}, {{'a': 1}})\nvalidate(v.{fn}, [1, 'x'])\n"
        for fn in compiled.functions.values()
    )
    _assert_clean(tmp_path, _run_in_package(tmp_path, compiled.source, calls))


def _hostile_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for i, text in enumerate(PAYLOADS):
        properties[text] = {
            "type": "string",
            "description": text,
            "default": text,
            "title": text,
            "example": text,
            "enum": [text, f"plain{i}"],
            "pattern": "^" + "".join(ch for ch in text if ch.isalnum()) + "|.*",
            "format": text,
        }
    properties["numbers"] = {"type": "number", "enum": [1, 2.5, True, None, {"k": PAYLOADS[0]}]}
    properties["bad"] = {"type": "string", "pattern": "[z-a]" + PAYLOADS[0]}
    properties["nested"] = {
        "type": "object",
        "additionalProperties": False,
        "required": PAYLOADS,
        "properties": {text: {"type": "integer", "minimum": 0} for text in PAYLOADS},
    }
    return {
        "type": "object",
        "required": PAYLOADS[:3],
        "properties": properties,
        "discriminator": {"propertyName": PAYLOADS[1], "mapping": {PAYLOADS[2]: "#/x"}},
        "oneOf": [{"$ref": "#/x"}],
        "description": PAYLOADS[2],
    }


def test_hand_written_injections_stay_literals(tmp_path: Path) -> None:
    schema = _hostile_schema()
    document = {"x": {"type": "object", "title": PAYLOADS[3]}, "root": schema}
    compiled = compile_validators({"hostile": schema}, document=document)
    assert any("pattern not checked" in str(issue) for issue in compiled.issues)
    instance = {text: text for text in PAYLOADS} | {"nested": {text: -1 for text in PAYLOADS}}
    calls = (
        f"p = validate(v.validate_hostile, {instance!r})\n"
        "assert p, 'expected problems'\n"
        "assert validate(v.validate_hostile, None)\n"
    )
    _assert_clean(tmp_path, _run_in_package(tmp_path, compiled.source, calls))


def test_spec_strings_never_appear_unquoted() -> None:
    """Every line holding payload text is inside a string literal (the tokenizer agrees)."""
    import io
    import tokenize

    compiled = compile_validators({"hostile": _hostile_schema()}, document={"x": {}})
    for token in tokenize.generate_tokens(io.StringIO(compiled.source).readline):
        if token.type == tokenize.NAME:
            assert token.string not in {"__import__", "os", "system", "print", "touch"}


@pytest.mark.parametrize("name", ["a-b", "1a", "a b", "x;import os", "é", ""])
def test_validator_names_must_be_identifiers(name: str) -> None:
    with pytest.raises(ValueError):
        compile_validators({name: {}}, document={})


@pytest.mark.parametrize("prefix", ["x; import os", "a.b c", "", "os.system('x')"])
def test_runtime_import_must_be_a_module_path(prefix: str) -> None:
    with pytest.raises(ValueError):
        compile_validators({}, document={}, runtime_import=prefix)
