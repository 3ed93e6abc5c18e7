"""Hostile characters through every path a spec string takes into generated files.

One policy (`generator.literals`): printable characters, non-ASCII included, are kept as written;
everything else is escaped (Python literals, docstrings, comments, TOML) or replaced (Markdown),
so every file stays valid UTF-8, one logical line per physical line, and the same bytes each run.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator import markdown
from generator.literals import (
    LINE_LENGTH,
    NotPlainData,
    comment,
    docstring,
    py_literal,
    py_str,
    string_chunks,
    string_literal,
    toml_str,
    width,
)
from generator.schema_compiler import compile_validators, load_module

# Characters no generated file may carry as they are: they end lines for some tools, reorder
# text on screen (bidi overrides, the Trojan Source trick), cannot be encoded, or are invisible.
FORBIDDEN_RAW = "\x00\x1b\x7f\x85\u2028\u2029\u202e\u2066\u200b\ufeff\ud800\udfff"
HOSTILE = [
    '"""; import os; os.system("echo pwned") #',
    "'''",
    "\\",
    "\\n is not a newline",
    'ends with a quote"',
    "ends with a backslash\\",
    "line\nbreak\r\n\ttab",
    "NUL\x00 ESC\x1b[31m DEL\x7f NEL\x85",
    "separators\u2028and\u2029here",
    "bidi \u202eevil\u202c \u2066isolate\u2069 zero\u200bwidth \ufeffbom",
    "lone surrogates \ud800 and \udfff",
    "é 日本語の説明 🎥 \U000e0001",
    "{{ jinja }} {% if %}",
    "\"mixed\" 'quotes' \"\"\" '''",
    "長い説明" * 40,
    "x" * 300 + '"' * 5,
]


def _assert_clean(source: str) -> None:
    """Encodable as UTF-8, no raw forbidden character, no line break beyond LF."""
    source.encode("utf-8")  # a lone surrogate would raise here
    assert not set(source) & set(FORBIDDEN_RAW)
    assert source.splitlines() == source.removesuffix("\n").split("\n")


@pytest.mark.parametrize("text", HOSTILE)
def test_python_literals_round_trip_and_stay_clean(text: str) -> None:
    for literal in (string_literal(text), py_literal(text), py_str(text), py_literal([text])):
        _assert_clean(literal)
        value = ast.literal_eval(literal)
        assert value == text or value == [text]
    assert "\n" not in string_literal(text)
    assert ast.literal_eval(py_literal({text: text})) == {text: text}


@pytest.mark.parametrize("text", HOSTILE)
def test_chunks_fit_their_width_and_join_to_the_text(text: str) -> None:
    chunks = string_chunks(text, 40)
    assert "".join(ast.literal_eval(chunk) for chunk in chunks) == text
    assert all(width(chunk) <= 40 or len(ast.literal_eval(chunk)) == 1 for chunk in chunks)


def test_non_ascii_kept_readable_not_printable_escaped() -> None:
    assert string_literal("日本 é") == '"日本 é"'
    assert string_literal("a\u2028b\x00c\u202e") == '"a\\u2028b\\x00c\\u202e"'
    assert string_literal("\ud800\U000e0001") == '"\\ud800\\U000e0001"'
    assert width("日本a") == 5  # wide characters take two columns, as ruff counts them


@pytest.mark.parametrize("text", HOSTILE)
def test_docstrings_cannot_escape_and_keep_the_words(text: str) -> None:
    literal = docstring(text, 4, [("Args", [("x", text)])])
    _assert_clean(literal)
    tree = ast.parse(f"def f():\n    {literal}\n    return 1\n")
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 2
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None
    for word in text.split():
        if word.isprintable() and len(word) < 60:
            assert word in doc


@pytest.mark.parametrize("text", HOSTILE)
def test_comments_stay_one_line(text: str) -> None:
    line = comment(text)
    _assert_clean(line)
    tree = ast.parse(f"x = 1  # {line}\ny = 2\n")
    assert len(tree.body) == 2
    assert len(line) <= 80


@pytest.mark.parametrize("text", HOSTILE)
def test_toml_strings_round_trip(text: str) -> None:
    value = toml_str(text)
    _assert_clean(value)
    expected = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    assert tomllib.loads(f"k = {value}\n")["k"] == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_stays_one_clean_line(text: str) -> None:
    line = markdown.inline(text)
    _assert_clean(line)
    assert "\n" not in line


@pytest.mark.parametrize("value", [object(), {1.5: "x"}, {True: 1}, b"bytes", {"a": {1, 2}}])
def test_only_plain_data_becomes_a_literal(value: object) -> None:
    with pytest.raises(NotPlainData):
        py_literal(value)


def test_compiled_validators_keep_hostile_strings_as_data(tmp_path: Path) -> None:
    """Enum values, property names and messages through the schema compiler: the module is
    clean, checks the values, and `ruff format` at the package's line length changes nothing."""
    values = [t for t in HOSTILE if "\x00" not in t]  # NUL too: below, as a property name
    schema = {
        "type": "object",
        "required": ["\x00", "日本"],
        "properties": {text: {"type": "string", "enum": values} for text in HOSTILE},
    }
    first = compile_validators({"thing": schema}, document={}, runtime_import="generator.runtime")
    second = compile_validators({"thing": schema}, document={}, runtime_import="generator.runtime")
    assert first.source == second.source  # byte-identical across runs
    _assert_clean(first.source)
    module = load_module(first, "hostile_strings_validators")
    check = getattr(module, first.functions["thing"])
    from generator.runtime.validation import validate

    good = {**{text: values[0] for text in HOSTILE}, "\x00": "x", "日本": "y"}
    assert validate(check, good) == []
    problems = validate(check, {"\x00": "x", "日本": "y", HOSTILE[7]: "nope"})
    assert [p.keyword for p in problems] == ["enum"]
    target = tmp_path / "validators.py"
    target.write_text(first.source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--diff", "--no-cache", "--isolated"]
        + ["--line-length", str(LINE_LENGTH), str(target)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_generated_package_carries_hostile_text_as_data(tmp_path: Path) -> None:
    """Title, descriptions, summaries, enum values and defaults with every hostile character:
    every file is clean UTF-8, pyproject.toml parses, the package imports and shows the text."""
    from generator.cli import main

    text = " ".join(HOSTILE[:13])
    enum = ["日本", "a\u2028b", 'q"uote', "back\\slash"]
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T " + text, "version": "1\u2028", "description": text},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "summary": text,
                    "description": text,
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "query",
                            "description": text,
                            "schema": {"type": "string", "enum": enum, "default": enum[1]},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": text,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": text,
                    "properties": {"kind": {"type": "string", "enum": enum, "description": text}},
                }
            }
        },
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(["generate", str(path), "--output", str(out), "--package", "hostile"]) == 0
        outputs.append(
            {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert outputs[0] == outputs[1]  # byte-identical across runs
    for name, content in outputs[0].items():
        if name.suffix in (".py", ".toml", ".md"):
            _assert_clean(content.decode("utf-8"))
        if name.suffix == ".py":
            ast.parse(content)
    pyproject = tomllib.loads(outputs[0][Path("pyproject.toml")].decode("utf-8"))
    assert "日本語の説明" in pyproject["project"]["description"]
    probe = (
        "import hostile, hostile.models as m; "
        "print(ascii(m.Thing.__doc__)); print(ascii([e.value for e in m.ThingKind]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path / "a", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    doc, members = result.stdout.splitlines()
    assert "\\u65e5\\u672c\\u8a9e" in doc and "\\u2028" in doc  # kept, as data
    assert ast.literal_eval(members) == enum


def test_wide_text_wraps_inside_the_line_length() -> None:
    """A Japanese description (wide characters, few spaces) wraps by ruff's columns, breaking
    between characters when a run has no space, so the generated line stays under the limit."""
    text = "日本語の説明です、 " * 30 + "とても長い単語" * 40 + " https://example.com/" + "x" * 150
    literal = docstring(text, 8, [("Args", [("device_id", "デバイスID" * 60)])])
    lines = literal.splitlines()
    too_wide = [line for line in lines if width(line) + 8 > LINE_LENGTH and " " in line.strip()]
    assert too_wide == []
    squeezed = "".join(ast.literal_eval(literal).split())
    assert "".join(text.split()) in squeezed  # every character kept, in order
    assert any(line.strip() == "https://example.com/" + "x" * 150 for line in lines)  # whole
