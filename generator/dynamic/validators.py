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

import marshal
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["RUNTIME_IMPORT", "VALIDATORS_NAME", "LazyValidators", "pack_schemas"]

RUNTIME_IMPORT = "generator.runtime"
"""The validator modules import the runtime the dynamic client itself uses."""

VALIDATORS_NAME = "<specgen-validators>"
"""File name of the compiled modules, as tracebacks show it."""

Validator = Callable[..., Any]


def pack_schemas(checks: Mapping[str, Any], document: Mapping[str, Any]) -> bytes:
    """The check schemas and the document they point into, as one `marshal` blob.

    Why a blob: kept as objects, a large spec's document is tens of thousands of dicts and lists
    the garbage collector walks again and again while a client starts (that tripled
    `Client()` on the platform spec); packed, it is one bytes object until the first call
    needs it. One dump keeps the schemas shared with the document (the compiler names a
    component's function by finding the schema among the components). When every `$ref` the
    checks can reach points into ``#/components/``, only the components are kept (the paths,
    with their descriptions and examples, are most of a document and no check reads them).
    """
    kept: Mapping[str, Any] = document
    components = document.get("components")
    if isinstance(components, Mapping) and _refs_stay_in_components([checks, components]):
        kept = {key: document[key] for key in ("openapi", "components") if key in document}
    return marshal.dumps({"checks": dict(checks), "document": dict(kept)})


def _refs_stay_in_components(roots: list[Any]) -> bool:
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if ref is not None and not (isinstance(ref, str) and ref.startswith("#/components/")):
                return False
            stack.extend(v for v in node.values() if isinstance(v, (Mapping, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (Mapping, list)))
    return True


class LazyValidators:
    """Check name -> validator function, compiled on first request; thread-safe.

    `packed` is `pack_schemas`' blob, unpacked on the first compile.
    """

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._schemas: dict[str, Any] | None = None
        self._made: dict[str, Validator] = {}
        self._lock = threading.Lock()
        self._issues: list[str] | None = None
        self._complete: Callable[[], object] | None = None

    @classmethod
    def over(
        cls, checks: dict[str, Any], document: Mapping[str, Any], *, complete: Callable[[], object]
    ) -> LazyValidators:
        """A cold start's validators: `checks` grows as operations are described (an operation's
        checks are there before its first call asks for them); `complete()` describes the rest
        (for `len` and `issues`, which cover the whole spec)."""
        made = cls(b"")
        made._schemas = {"checks": checks, "document": document}
        made._complete = complete
        return made

    def __len__(self) -> int:
        if self._complete is not None:
            self._complete()
        return len(self._unpacked()["checks"])

    def _unpacked(self) -> dict[str, Any]:
        schemas = self._schemas
        if schemas is None:
            schemas = self._schemas = marshal.loads(self._packed)  # our own blob (see cache)
        return schemas

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

            if self._complete is not None:
                self._complete()
            schemas = self._unpacked()
            compiled = compile_validators(
                schemas["checks"], document=schemas["document"], runtime_import=RUNTIME_IMPORT
            )
            self._issues = [str(issue) for issue in compiled.issues]
        return list(self._issues)

    def _compile(self, names: list[str]) -> None:
        from generator.schema_compiler import compile_validators

        with self._lock:
            wanted = [name for name in dict.fromkeys(names) if name not in self._made]
            if not wanted:
                return
            schemas = self._unpacked()
            checks = schemas["checks"]
            compiled = compile_validators(
                {name: checks[name] for name in wanted},
                document=schemas["document"],
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
