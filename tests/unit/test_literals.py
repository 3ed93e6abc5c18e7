"""Spec strings reach generated code only as literals or escaped docstrings: never as code."""

from __future__ import annotations

import ast

import pytest

from generator.literals import docstring, py_literal, py_tuple

HOSTILE = [
    '"""; import os; os.system("echo pwned") #',
    "'''",
    "\\",
    'ends with a quote"',
    "line\nbreak\r\n\ttab",
    "\x00\x1b[31m",
    "\u2028\u2029",
    "é 日本 🎥",
    "{{ jinja }} {% if %}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_round_trips(text: str) -> None:
    literal = py_literal(text)
    assert ast.literal_eval(literal) == text


@pytest.mark.parametrize(
    "value", [0, -5, 1.5, 1e300, True, None, [1, "a"], {"k": [None]}, float("inf")]
)
def test_other_literals(value: object) -> None:
    literal = py_literal(value)
    if literal.startswith("float("):
        assert literal == 'float("inf")'
    else:
        assert ast.literal_eval(literal) == value


def test_tuples() -> None:
    assert py_tuple([]) == "()"
    assert py_tuple(["a"]) == '("a",)'
    assert py_tuple(["a", "b"]) == '("a", "b")'


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_cannot_escape(text: str) -> None:
    source = f"def f():\n    {docstring(text, 4)}\n    return 1\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert len(func.body) == 2  # the docstring and the return, nothing injected
    assert isinstance(func.body[0], ast.Expr)


def test_docstring_wraps_long_text_and_keeps_list_lines() -> None:
    text = "word " * 60 + "\n\n- first item\n- second item"
    doc = docstring(text, 8)
    lines = doc.splitlines()
    assert all(len(line) + 8 <= 120 for line in lines)  # the generated package's line length
    assert len(lines) > 3
    assert "        - first item" in lines
