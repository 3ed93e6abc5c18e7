"""Runtime helpers and the ECMA-262 pattern translation, checked directly."""

from __future__ import annotations

import pytest

from generator.runtime import validation as rt
from generator.schema_compiler.ecma_regex import UnsupportedPattern, translate


def search(pattern: str, text: str) -> bool:
    return rt.compile_pattern(translate(pattern)).search(text) is not None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("^abc$", "abc\n", False),  # $ is end of input only
        ("^a.c$", "a\u2028c", False),  # . excludes ECMA line terminators
        ("^\\d$", "\u0967", False),  # \d is ASCII
        ("^\\w$", "\u00e9", False),
        ("^\\s$", "\ufeff", True),  # \s is Unicode White_Space plus BOM
        ("^[\\S]$", " ", False),
        ("^\\cJ$", "\n", True),
        ("^\\p{Lu}$", "\u00c9", True),
        ("^\\P{L}$", "a", False),
        ("^(?<y>\\d{2})-\\k<y>$", "12-12", True),
        ("^a{,2}$", "a{,2}", True),  # not a quantifier in ECMA
        ("^[]$", "", False),
        ("^[^]$", "\n", True),
        ("^\\u{1F432}$", "\U0001f432", True),
    ],
)
def test_ecma_semantics(pattern: str, text: str, expected: bool) -> None:
    assert search(pattern, text) is expected


@pytest.mark.parametrize("pattern", ["(?<=a+)b", "\\p{Script=Greek}", "(?i)a", "[z-a]"])
def test_untranslatable_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedPattern):
        translate(pattern)


def test_compile_pattern_never_raises() -> None:
    assert rt.compile_pattern("(").search("anything")


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (rt.is_date_time, "1998-12-31T23:59:60Z", "1998-12-31T23:58:60Z"),
        (rt.is_date_time, "2024-02-29t10:00:00.5+09:00", "2023-02-29T10:00:00Z"),
        (rt.is_date, "2000-02-29", "1900-02-29"),
        (rt.is_email, "te.s~t@example.com", "te..st@example.com"),
        (rt.is_hostname, "xn--4gbwdl.xn--wgbh1c", "example."),
        (rt.is_ipv4, "255.255.255.255", "127.1"),
        (rt.is_ipv6, "::ffff:192.168.0.1", "fe80::a%eth1"),
        (rt.is_uri, "ldap://[2001:db8::7]/c=GB?objectClass?one", "//foo.bar/"),
        (rt.is_byte, "aGVsbG8=", "aGVsbG8"),
    ],
)
def test_format_checkers(check: object, good: str, bad: str) -> None:
    assert callable(check)
    assert check(good) and not check(bad)


def test_json_equality() -> None:
    assert rt.json_equal(1, 1.0) and not rt.json_equal(True, 1) and not rt.json_equal("1", 1)
    assert rt.json_equal({"a": [1, {"b": None}]}, {"a": [1.0, {"b": None}]})
    assert rt.has_duplicates([[1], [1.0]]) and not rt.has_duplicates([0, False])
    assert rt.json_keys_from('[1, true, {"a": null}]') == rt.json_keys([1.0, True, {"a": None}])


def test_exact_multiple_of() -> None:
    assert rt.is_multiple_of(0.3, rt.exact_number(0.1))
    assert not rt.is_multiple_of(0.35, rt.exact_number(0.1))
    assert rt.is_multiple_of(10**40, rt.exact_number(5))
    assert rt.is_multiple_of(1e308, rt.exact_number(0.5))


def test_render_path_quotes_odd_keys() -> None:
    path: rt.Path = ((("$", "a b"), 3), "c")
    assert rt.render_path(path) == "$['a b'][3].c"
    assert rt.render_path(("$", "it's")) == '$["it\'s"]'
