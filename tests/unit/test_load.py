"""Hostile and broken input (issue 2, point 3): each one refused with a clear message, its
position and exit status 1 from `specgen validate`, and never a traceback."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import SpecError
from generator.load import load_bytes

MINIMAL = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n'


def run_validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_minimal_spec_is_valid(tmp_path, capsys):
    path = write(tmp_path, "ok.yaml", MINIMAL)
    code, out, err = run_validate(capsys, str(path))
    assert code == 0
    assert out == ""
    assert "0 error(s), 0 warning(s)" in err


def test_empty_file(tmp_path, capsys):
    path = write(tmp_path, "empty.yaml", "  \n")
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert (
        out
        == f"{path}: error load-empty: the file is empty; expected an OpenAPI 3.0 or 3.1 document\n"
    )


def test_document_that_is_not_a_mapping(tmp_path, capsys):
    path = write(tmp_path, "list.yaml", "- openapi\n- 3.0.3\n")
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out.startswith(
        f"{path}:1:1: error load-not-mapping: the document is a list, not a mapping"
    )


def test_invalid_yaml_reports_its_line(tmp_path, capsys):
    bad_indent = 'openapi: 3.0.3\ninfo:\n  title: x\n  version: "1"\n paths: {}\n'
    path = write(tmp_path, "bad.yaml", bad_indent)
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}:5:2: error load-yaml-syntax: invalid YAML: ")
    assert "did not find expected key" in out


def test_non_utf8_bytes(tmp_path, capsys):
    path = write(tmp_path, "latin1.yaml", b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n")
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out == (
        f"{path}:3:13: error load-encoding: the file is not valid UTF-8 (byte 0xe9 at offset 33)\n"
    )


def test_swagger_2_is_not_supported(tmp_path, capsys):
    swagger = 'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\n'
    path = write(tmp_path, "swagger.yaml", swagger)
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}:1:1: error unsupported-version: Swagger 2.0 is not supported")


def _billion_laughs(levels: int = 9) -> bytes:
    lines = [
        "openapi: 3.0.3",
        'info: {title: t, version: "1"}',
        "paths: {}",
        "x-lol:",
        '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"  a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def test_alias_bomb_is_refused_with_bounded_memory(tmp_path, capsys):
    """Bounded by construction (aliases are counted, never expanded); its time is measured by
    bench/bench_limits.py, not asserted here."""
    content = _billion_laughs()  # 10^10 strings once expanded
    tracemalloc.start()
    try:
        with pytest.raises(SpecError) as caught:
            load_bytes(content, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in caught.value.diagnostics] == ["load-alias-bomb"]
    assert "billion laughs" in caught.value.diagnostics[0].message
    assert peak < 20 * 1024 * 1024

    path = write(tmp_path, "bomb.yaml", content)
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}: error load-alias-bomb: the document expands to more than ")


def test_pathologically_deep_nesting(tmp_path, capsys):
    path = write(tmp_path, "deep.yaml", "openapi: 3.0.3\nx: " + "[" * 5000 + "]" * 5000 + "\n")
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out == f"{path}: error load-too-deep: the document nests deeper than 128 levels\n"


def test_deep_block_nesting_too(tmp_path, capsys):
    body = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "end: 1\n"
    nested = "".join("  " + line + "\n" for line in body.splitlines())
    path = write(tmp_path, "deep2.yaml", MINIMAL + "x-deep:\n" + nested)
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert "load-too-deep" in out


REF_SPEC = """openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "{ref}"
"""


def test_ref_outside_the_spec_folder_is_refused(tmp_path, capsys):
    write(tmp_path, "common/pet.yaml", "type: object\n")
    path = write(tmp_path, "spec/openapi.yaml", REF_SPEC.replace("{ref}", "../common/pet.yaml"))
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out == (
        f"{path}:12:17: error ref-outside-folder: $ref '../common/pet.yaml' points "
        "outside the spec's folder (spec/); refused unless allowed "
        "(--allow-outside-refs)\n"
    )
    code, out, _ = run_validate(capsys, str(path), "--allow-outside-refs")
    assert (code, out) == (0, "")


def test_ref_to_a_url_is_refused(tmp_path, capsys):
    path = write(
        tmp_path, "openapi.yaml", REF_SPEC.replace("{ref}", "https://example.com/pet.yaml")
    )
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out == (
        f"{path}:12:17: error ref-remote: $ref 'https://example.com/pet.yaml' points "
        "to a URL; remote refs are refused unless allowed (--allow-remote-refs)\n"
    )
    # Allowed means fetched: example.com is unreachable here, so the ref cannot be read and the
    # spec is not reported valid (tests/unit/test_cli_refusals.py fetches from 127.0.0.1).
    code, out, _ = run_validate(capsys, str(path), "--allow-remote-refs")
    assert code == 1
    assert "error unresolved-ref: $ref 'https://example.com/pet.yaml': cannot fetch" in out


def test_ref_inside_the_folder_is_fine(tmp_path, capsys):
    write(tmp_path, "schemas/pet.yaml", "type: object\n")
    path = write(tmp_path, "openapi.yaml", REF_SPEC.replace("{ref}", "schemas/pet.yaml"))
    code, out, _ = run_validate(capsys, str(path))
    assert (code, out) == (0, "")


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nope.yaml"
    code, out, _ = run_validate(capsys, str(path))
    assert code == 1
    assert out.startswith(f"{path}: error load-io: cannot read spec: ")
