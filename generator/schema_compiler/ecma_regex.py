"""Translate an ECMA-262 pattern (what OpenAPI's `pattern` means) into a Python `re` pattern.

The translation runs when validators are compiled, so the generated module holds a plain Python
pattern literal and imports fast. The result is compiled with `re.ASCII`, which gives ``\\d``,
``\\w`` and ``\\b`` their ECMA (ASCII) meaning; everything else that differs is rewritten:

==================  ==========================================  ===============================
ECMA                meaning                                     Python written
==================  ==========================================  ===============================
``$``               end of input only                           ``\\Z`` (Python's ``$`` also
                                                                matches before a final newline)
``.``               any char but \\n \\r \\u2028 \\u2029        ``[^\\n\\r\\u2028\\u2029]``
``\\s`` ``\\S``       Unicode White_Space + line terminators     explicit class
``\\cX``             control character                          ``\\xNN``
``\\p{..}`` ``\\P{..}`` General_Category (``L``, ``Letter``,     explicit class from unicodedata
                    ``Nd``, ``digit``...)
``(?<n>..)`` ``\\k<n>`` named group / back-reference           ``(?P<n>..)`` ``(?P=n)``
``[]`` ``[^]``      nothing / any character                    ``(?!)`` ``[\\s\\S]``
``\\u{..}`` ``\\/``   code point / identity escapes              the character, escaped
``{`` not a         a literal brace (Annex B)                  ``\\{``
quantifier
==================  ==========================================  ===============================

Known differences that remain (documented, reported as compile issues where detectable):
variable-width look-behind is refused by Python; a back-reference to a group that did not
participate matches the empty string in ECMA but fails in Python; Unicode script properties
(``\\p{Script=Greek}``) and binary properties other than the general categories are refused;
``\\S``/``\\P{..}`` inside a negated class is refused. Patterns are matched with `search`
(unanchored), as ECMA ``RegExp.test`` does.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

__all__ = ["UnsupportedPattern", "translate"]


class UnsupportedPattern(ValueError):
    """The pattern uses ECMA syntax that has no faithful Python translation."""


_WHITESPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_CLASS = (
    "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_SIMPLE_ESCAPES = {"t": "\\t", "n": "\\n", "v": "\\x0b", "f": "\\x0c", "r": "\\r"}
_CATEGORY_GROUPS = {
    "L": ("Lu", "Ll", "Lt", "Lm", "Lo"),
    "LC": ("Lu", "Ll", "Lt"),
    "M": ("Mn", "Mc", "Me"),
    "N": ("Nd", "Nl", "No"),
    "P": ("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"),
    "S": ("Sm", "Sc", "Sk", "So"),
    "Z": ("Zs", "Zl", "Zp"),
    "C": ("Cc", "Cf", "Cs", "Co", "Cn"),
}
_CATEGORY_ALIASES = {
    "letter": "L",
    "cased_letter": "LC",
    "uppercase_letter": "Lu",
    "lowercase_letter": "Ll",
    "titlecase_letter": "Lt",
    "modifier_letter": "Lm",
    "other_letter": "Lo",
    "mark": "M",
    "combining_mark": "M",
    "nonspacing_mark": "Mn",
    "spacing_mark": "Mc",
    "enclosing_mark": "Me",
    "number": "N",
    "decimal_number": "Nd",
    "digit": "Nd",
    "letter_number": "Nl",
    "other_number": "No",
    "punctuation": "P",
    "punct": "P",
    "connector_punctuation": "Pc",
    "dash_punctuation": "Pd",
    "open_punctuation": "Ps",
    "close_punctuation": "Pe",
    "initial_punctuation": "Pi",
    "final_punctuation": "Pf",
    "other_punctuation": "Po",
    "symbol": "S",
    "math_symbol": "Sm",
    "currency_symbol": "Sc",
    "modifier_symbol": "Sk",
    "other_symbol": "So",
    "separator": "Z",
    "space_separator": "Zs",
    "line_separator": "Zl",
    "paragraph_separator": "Zp",
    "other": "C",
    "control": "Cc",
    "cntrl": "Cc",
    "format": "Cf",
    "surrogate": "Cs",
    "private_use": "Co",
    "unassigned": "Cn",
}


def translate(pattern: str) -> str:
    """Return the Python equivalent of ECMA-262 `pattern` (to compile with `re.ASCII`).

    Raises `UnsupportedPattern` for syntax with no faithful translation; the caller reports it.
    """
    out = _Translator(pattern).run()
    try:
        re.compile(out, re.ASCII)
    except re.error as exc:
        raise UnsupportedPattern(f"not a valid pattern for Python's re: {exc}") from None
    return out


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.out: list[str] = []

    def run(self) -> str:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            self.pos += 1
            if ch == "\\":
                self.out.append(self._escape(in_class=False))
            elif ch == "[":
                self.out.append(self._char_class())
            elif ch == "$":
                self.out.append("\\Z")
            elif ch == ".":
                self.out.append("[^\\n\\r\\u2028\\u2029]")
            elif ch == "(":
                self.out.append(self._group_open())
            elif ch == "{":
                m = re.compile(r"\d+(?:,\d*)?\}").match(src, self.pos)
                if m and self.out and self.out[-1] not in ("(", "|"):
                    self.out.append("{" + m.group())
                    self.pos = m.end()
                else:
                    self.out.append("\\{")
            elif ch == "}":
                self.out.append("\\}")
            else:
                self.out.append(ch)
        return "".join(self.out)

    def _group_open(self) -> str:
        src = self.src
        if not src.startswith("?", self.pos):
            return "("
        rest = src[self.pos + 1 :]
        for prefix in (":", "=", "!", "<=", "<!"):
            if rest.startswith(prefix):
                self.pos += 1 + len(prefix)
                return "(?" + prefix
        m = re.match(r"<([A-Za-z_$][A-Za-z0-9_$]*)>", rest)
        if m:
            self.pos += 1 + m.end()
            return f"(?P<{_group_name(m[1])}>"
        raise UnsupportedPattern("unknown group syntax '(?'")

    def _char_class(self) -> str:
        src = self.src
        negated = src.startswith("^", self.pos)
        if negated:
            self.pos += 1
        items: list[str] = []
        alternatives: list[str] = []
        while True:
            if self.pos >= len(src):
                raise UnsupportedPattern("unterminated character class")
            ch = src[self.pos]
            self.pos += 1
            if ch == "]":
                break
            if ch == "\\":
                esc = self._escape(in_class=True)
                if esc.startswith("(?:"):  # a negated set inside a class: \S, \P{..}
                    if negated:
                        raise UnsupportedPattern("negated set inside a negated class")
                    alternatives.append(esc)
                else:
                    items.append(esc)
            elif ch == "-":
                items.append("\\-" if not items or items[-1] == "-" else "-")
            else:
                items.append(_literal(ch) if ch in "[^&~|" else ch)
        body = "".join(items)
        if not body and not alternatives:
            return "[\\s\\S]" if negated else "(?!)"
        klass = f"[{'^' if negated else ''}{body}]" if body else ""
        if not alternatives:
            return klass
        return "(?:" + "|".join(([klass] if klass else []) + alternatives) + ")"

    def _escape(self, *, in_class: bool) -> str:
        src = self.src
        if self.pos >= len(src):
            raise UnsupportedPattern("pattern ends with a backslash")
        ch = src[self.pos]
        self.pos += 1
        if ch in "dDwW":
            return "\\" + ch
        if ch == "s":
            return _WS_CLASS if in_class else f"[{_WS_CLASS}]"
        if ch == "S":
            return f"(?:[^{_WS_CLASS}])" if in_class else f"[^{_WS_CLASS}]"
        if ch in "bB":
            return "\\x08" if in_class and ch == "b" else "\\" + ch
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch == "c":
            if self.pos < len(src) and src[self.pos].isascii() and src[self.pos].isalpha():
                self.pos += 1
                return _literal(chr(ord(src[self.pos - 1]) % 32))
            return "\\\\c"
        if ch == "0" and not src[self.pos : self.pos + 1].isdigit():
            return "\\x00"
        if ch.isdigit():
            m = re.compile(r"\d*").match(src, self.pos)
            assert m is not None
            self.pos = m.end()
            if in_class:
                raise UnsupportedPattern("octal escape in a class")
            return f"(?:\\{ch}{m.group()})"
        if ch == "x":
            m = re.compile(r"[0-9A-Fa-f]{2}").match(src, self.pos)
            if m:
                self.pos = m.end()
                return _literal(chr(int(m.group(), 16)))
            return "x"
        if ch == "u":
            m = re.compile(r"[0-9A-Fa-f]{4}|\{([0-9A-Fa-f]{1,6})\}").match(src, self.pos)
            if m:
                self.pos = m.end()
                code = int(m[1] or m.group(), 16)
                if code > sys.maxunicode:
                    raise UnsupportedPattern("code point out of range")
                return _literal(chr(code))
            return "u"
        if ch in "pP":
            m = re.compile(r"\{([A-Za-z_]+)(?:=([A-Za-z_]+))?\}").match(src, self.pos)
            if not m:
                raise UnsupportedPattern("malformed \\p{...} escape")
            self.pos = m.end()
            name = m[2] if m[1] in ("General_Category", "gc") else m[1]
            if m[2] and m[1] not in ("General_Category", "gc"):
                raise UnsupportedPattern(f"unsupported Unicode property {m[1]!r}")
            ranges = _category_class(name or "")
            if ch == "p":
                return ranges if in_class else f"[{ranges}]"
            return f"(?:[^{ranges}])" if in_class else f"[^{ranges}]"
        if ch == "k" and src.startswith("<", self.pos):
            end = src.find(">", self.pos)
            if end < 0:
                raise UnsupportedPattern("malformed \\k<name>")
            name = src[self.pos + 1 : end]
            self.pos = end + 1
            return f"(?P={_group_name(name)})"
        # identity escape: the character itself (Annex B allows letters too)
        return _literal(ch)


def _group_name(name: str) -> str:
    if not name.replace("$", "_").isidentifier():
        raise UnsupportedPattern("group name is not a Python identifier")
    return name.replace("$", "_")


def _literal(ch: str) -> str:
    """A single character as a Python regex atom that means exactly that character."""
    code = ord(ch)
    if ch.isascii() and (ch.isalnum() or ch == "_"):
        return ch
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@cache
def _category_class(name: str) -> str:
    """Class body (ranges, no brackets) for a General_Category value or alias."""
    key = name if name in _CATEGORY_GROUPS else _CATEGORY_ALIASES.get(name.lower(), name)
    wanted = set(_CATEGORY_GROUPS.get(key, (key,)))
    known = {c for group in _CATEGORY_GROUPS.values() for c in group}
    if not wanted <= known:
        raise UnsupportedPattern(f"unsupported Unicode property {name!r}")
    parts: list[str] = []
    start = -1
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and unicodedata.category(chr(code)) in wanted
        if inside and start < 0:
            start = code
        elif not inside and start >= 0:
            end = code - 1
            parts.append(
                _literal(chr(start))
                if start == end
                else f"{_literal(chr(start))}-{_literal(chr(end))}"
            )
            start = -1
    return "".join(parts)
