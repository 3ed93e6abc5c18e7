"""The rule registry: every semantic rule's stable code, level and one-line description.

A rule is one small function registered with `@rule(code, level, description)` (Kiota's habit),
so a user can switch any of them off with `--disable CODE`. It yields `(pointer, message)`
pairs; `generator.validate` turns them into `Diagnostic`s and asks the loader for file positions
only then (positions cost a second parse).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Level

if TYPE_CHECKING:
    from generator.validate.rules.context import Context

Finding = tuple[str, str]
"""(JSON pointer, message)."""


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    description: str
    check: Callable[[Context], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(code: str, level: Level, description: str) -> Callable[[Callable[..., Any]], Any]:
    def register(func: Callable[[Context], Iterable[Finding]]) -> Callable[..., Any]:
        assert code not in RULES, code
        RULES[code] = Rule(code, level, description, func)
        return func

    return register
