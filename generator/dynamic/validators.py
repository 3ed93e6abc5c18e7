"""Validators compiled on first use, one operation's checks at a time, never the whole spec.

Why: compiling every validator of the 476-operation platform spec up front (the schema compiler
plus Python's `compile` of the module) was about half of the dynamic client's cold start, and a
call needs only the checks of its own operation. So the blueprint keeps the check schemas as
data, and `LazyValidators.functions` compiles the checks it is asked for (with the components
they reference) into a small module the first time any of them is needed.

The code is the generated package's: the same `compile_validators` over the same schemas and
document, so messages and paths are identical; only the grouping into modules differs. Compiler
output holds spec strings only as literals, so executing it never runs spec text. A lock makes
each check compile once even when threads (or a sync and an async client) race to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["RUNTIME_IMPORT", "VALIDATORS_NAME", "LazyValidators"]

RUNTIME_IMPORT = "generator.runtime"
"""The validator modules import the runtime the dynamic client itself uses."""

VALIDATORS_NAME = "<specgen-validators>"
"""File name of the compiled modules, as tracebacks show it."""

Validator = Callable[..., Any]


class LazyValidators:
    """Check name -> validator function, compiled on first request; thread-safe."""

    def __init__(self, checks: Mapping[str, Any], document: Mapping[str, Any]) -> None:
        self._checks = checks
        self._document = document
        self._made: dict[str, Validator] = {}
        self._lock = threading.Lock()
        self._issues: list[str] | None = None

    def __len__(self) -> int:
        return len(self._checks)

    def compiled(self) -> int:
        """How many checks have been compiled so far (tests watch laziness with it)."""
        return len(self._made)

    def function(self, name: str) -> Validator:
        """The validator of check `name`; `KeyError` when the spec has no such check."""
        found = self._made.get(name)
        if found is None:
            self._compile([name])
            found = self._made[name]
        return found

    def functions(self, names: Iterable[str]) -> None:
        """Compile every check in `names` not compiled yet, together, in one module."""
        missing = [name for name in names if name and name not in self._made]
        if missing:
            self._compile(missing)

    def issues(self) -> list[str]:
        """What the compiler could not turn into checks, over every check of the spec.

        Compiles (without running) the whole set once, so the list is the one an up-front build
        reports, whatever has been called so far.
        """
        if self._issues is None:
            from generator.schema_compiler import compile_validators

            compiled = compile_validators(
                self._checks, document=self._document, runtime_import=RUNTIME_IMPORT
            )
            self._issues = [str(issue) for issue in compiled.issues]
        return list(self._issues)

    def _compile(self, names: list[str]) -> None:
        from generator.schema_compiler import compile_validators

        with self._lock:
            wanted = [name for name in dict.fromkeys(names) if name not in self._made]
            if not wanted:
                return
            compiled = compile_validators(
                {name: self._checks[name] for name in wanted},
                document=self._document,
                runtime_import=RUNTIME_IMPORT,
            )
            namespace: dict[str, Any] = {
                "__name__": "specgen_dynamic_validators",
                "__file__": VALIDATORS_NAME,
            }
            code = compile(compiled.source, VALIDATORS_NAME, "exec")
            exec(code, namespace)  # compiler output: spec strings only as literals
            for name in wanted:
                self._made[name] = namespace[compiled.functions[name]]
