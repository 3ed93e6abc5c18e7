"""ReDoS (issue 9, point 7): patterns `re` could take super-linear time on are flagged
(`pattern-redos`) and run by the linear engine instead, which is bounded by construction.

No test here measures time (bench/bench_redos.py does): they assert the flag, which engine each
pattern gets, that the linear engine agrees with `re` on what matches, and that it does at most
one step computation per character."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import load_path
from generator.runtime.validation import LinearPattern, linear_pattern, validate
from generator.schema_compiler import compile_validators, load_module
from generator.schema_compiler.ecma_regex import translate
from generator.schema_compiler.redos import (
    Unsupported,
    backtracking_is_linear,
    nfa_program,
    redos_risk,
)
from generator.validate import validate as validate_spec

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "tests" / "data" / "redos" / "redos.yaml"

EXPONENTIAL = ["^(a+)+$", "(\\d+)*x", "^(x+x+)+y$", "^([a-z0-9]+[-.]?)*@", "(a*)*b"]
SAFE_FOR_RE = ["^[a-z]+$", "[0-9A-F]{12}", "^\\d{3}-\\d{4}$", "^(ab)+$", "^[A-Z]{2}$"]
POLYNOMIAL = ["a+x", ".*=.*", "^[a-z]+-[0-9]+$", "\\s*\\S+\\s*$"]
ENGINE_CASES = (
    EXPONENTIAL
    + SAFE_FOR_RE
    + POLYNOMIAL
    + [
        "^$",
        "abc$",
        "a{2,4}b",
        "[^a-c]x?",
        ".b",
        "^(ab|a)*$",
        "^\\w+\\s?\\S*$",
        "^(foo|bar)?[0-9]{1,3}$",
        "^a?$",
        "\\bab",
        "a\\b",
        "x\\B",
        "\\B",
        "^\\w+\\b\\s*(x+)+$",
    ]
)


@pytest.mark.parametrize("pattern", EXPONENTIAL)
def test_nested_quantifiers_are_flagged(pattern: str) -> None:
    assert "nested quantifiers" in redos_risk(translate(pattern))
    assert not backtracking_is_linear(translate(pattern))


@pytest.mark.parametrize("pattern", SAFE_FOR_RE + POLYNOMIAL)
def test_other_patterns_are_not_flagged(pattern: str) -> None:
    assert redos_risk(translate(pattern)) == ""


@pytest.mark.parametrize("pattern", SAFE_FOR_RE)
def test_provably_linear_patterns_keep_re(pattern: str) -> None:
    assert backtracking_is_linear(translate(pattern))


@pytest.mark.parametrize("pattern", POLYNOMIAL)
def test_polynomial_patterns_go_to_the_linear_engine(pattern: str) -> None:
    assert not backtracking_is_linear(translate(pattern))


def _engine(pattern: str) -> LinearPattern:
    return LinearPattern(nfa_program(translate(pattern)))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(ENGINE_CASES),
    st.text(alphabet="aAbcxy19_-.@= \n!", max_size=12),
)
def test_linear_engine_agrees_with_re(pattern: str, text: str) -> None:
    python = translate(pattern)
    expected = re.compile(python, re.ASCII).search(text) is not None
    assert (_engine(pattern).search(text) is not None) == expected


def test_engine_does_at_most_one_step_computation_per_character() -> None:
    class Counting(LinearPattern):
        __slots__ = ("closures",)

        def _closure(self, cache: Any, states: set[int], where: int) -> int:
            self.closures += 1
            return super()._closure(cache, states, where)

    engine = Counting(nfa_program(translate("^(a+)+$")))
    for text in ("a" * 10_000 + "!", "".join(random.Random(1).choices("ab!", k=10_000))):
        engine.closures = 0
        assert engine.search(text) is None
        assert engine.closures <= len(text) + 1  # one per character at most, then cached
    assert engine.search("a" * 10_000) is True


def test_unsupported_constructs_are_refused_not_run() -> None:
    for pattern in ("^(a+)+\\1$", "(?=a)(a+)+$"):
        with pytest.raises(Unsupported):
            nfa_program(translate(pattern))


def test_compiled_module_never_gives_a_risky_pattern_to_re() -> None:
    document = load_path(SPEC).data
    schema = {"$ref": "#/components/schemas/Thing"}
    compiled = compile_validators(
        {"thing": schema}, document=document, runtime_import="generator.runtime"
    )
    assert "linear_pattern(" in compiled.source  # ^(a+)+$
    assert 'compile_pattern("^[a-z]+\\\\Z")' in compiled.source  # the safe one keeps `re`
    assert "(a+)+" not in compiled.source.split("compile_pattern")[-1]
    assert [i.pointer for i in compiled.issues] == [
        "#/components/schemas/Thing/properties/back/pattern"
    ]
    assert "backreference" in compiled.issues[0].message
    module = load_module(compiled)
    fn = module.validate_thing
    assert validate(fn, {"name": "a" * 10_000}) == []
    problems = validate(fn, {"name": "a" * 10_000 + "!"}, direction="request")
    assert [(p.path, p.keyword) for p in problems] == [("$.name", "pattern")]


def test_pattern_redos_rule_warns_with_position() -> None:
    found = [d for d in validate_spec(load_path(SPEC)) if d.code == "pattern-redos"]
    assert [d.pointer for d in found] == [
        "/components/schemas/Thing/properties/name/pattern",
        "/components/schemas/Thing/properties/back/pattern",
    ]
    assert all(not d.is_error for d in found)
    assert "linear-time engine" in found[0].message and "does not check" in found[1].message


def test_linear_pattern_round_trips_its_json_program() -> None:
    import json

    program = nfa_program(translate("^(a+)+$"))
    rebuilt = linear_pattern(json.dumps(program))
    assert rebuilt.search("aaa") is True and rebuilt.search("aab") is None
