"""`compile_validators`: OpenAPI 3.0 schemas -> the source of one Python validator module.

The result is text, not functions, so the same compiler serves the generated client (the module is
rendered into the package) and the dynamic client (which executes it in memory; see
`load_module`). The text is deterministic byte for byte, passes ``ruff check``,
``ruff format --check`` and ``mypy --strict``, and contains spec strings only as literals.
"""

from __future__ import annotations

import re
import types
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.oas31 import is_31, normalize_schema
from generator.schema_compiler import writer
from generator.schema_compiler.emit import QUICK_PATH, FunctionEmitter, has_containers
from generator.schema_compiler.keywords import FORMAT_CHECKERS, INTEGER_FORMATS
from generator.schema_compiler.module import CompileIssue, ModuleState, PendingFunction

__all__ = ["DEFAULT_FORMATS", "CompiledValidators", "compile_validators", "load_module"]

DEFAULT_FORMATS = frozenset(FORMAT_CHECKERS) | frozenset(INTEGER_FORMATS)
"""Formats asserted unless the caller narrows them; any other format is an annotation."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RUNTIME_IMPORT = re.compile(r"\.*[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z|\.+\Z")
_HEADER = '"""Validators compiled from OpenAPI schemas by specgen. Generated code: do not edit."""'


@dataclass(frozen=True)
class CompiledValidators:
    """A compiled validator module.

    `functions` maps each caller-given validator name to its function name in `source`; each
    function has the signature ``fn(data, path, sink, mode) -> None`` and is run through
    ``validation.validate(fn, data, direction=...)``. `issues` lists schema parts that could not
    become checks (bad patterns, unresolvable refs, malformed keywords).
    """

    source: str
    functions: dict[str, str]
    issues: tuple[CompileIssue, ...] = field(default=())


def compile_validators(
    schemas: Mapping[str, Any],
    *,
    document: Mapping[str, Any],
    runtime_import: str = "._runtime",
    formats: Collection[str] | None = None,
    dialect: str | None = None,
    quick_twins: bool = True,
) -> CompiledValidators:
    """Compile `schemas` (validator name -> Schema Object) into one module's source.

    `document` is the whole OpenAPI document local ``$ref``s point into; every referenced schema
    becomes one shared function, so recursive schemas work. `runtime_import` is the package the
    module imports ``validation`` from (``"._runtime"`` inside a generated package,
    ``"generator.runtime"`` for the dynamic client). `formats` narrows the formats asserted
    (default: `DEFAULT_FORMATS`). `dialect` is ``"2020-12"`` (JSON Schema as OpenAPI 3.1 uses
    it, see `keywords31`) or ``"oas3.0"``; by default the document's `openapi` field decides.
    `quick_twins`: give container validators their quick twins (see `ModuleState.quick_name`);
    without them the module is a third smaller and valid data is checked by the full functions
    (for callers that validate a few values once, such as a document's examples).
    """
    if not _RUNTIME_IMPORT.match(runtime_import):
        raise ValueError(f"runtime_import is not a module path: {runtime_import!r}")
    chosen = DEFAULT_FORMATS if formats is None else frozenset(formats)
    if dialect is None:
        dialect = "2020-12" if is_31(document) else "oas3.0"
    if dialect not in ("2020-12", "oas3.0"):
        raise ValueError(f"unknown schema dialect: {dialect!r}")
    state = ModuleState(document, chosen, dialect_2020=dialect == "2020-12")
    functions: dict[str, str] = {}
    aliases: list[str] = []
    components = _component_pointers(document)
    for name, schema in schemas.items():
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            raise ValueError(f"validator name must be an ASCII identifier: {name!r}")
        fn = f"validate_{name}"
        functions[name] = fn
        pointer = components.get(id(schema), "")
        if state.dialect_2020:
            schema = normalize_schema(schema)
        if isinstance(schema, Mapping) and "$ref" in schema:
            target = state.ref_function(schema["$ref"], name)
            aliases.extend(writer.alias(fn, target) if target else ())
            if target:
                continue
        if pointer and state.claim_ref(pointer, fn):
            state.enqueue(PendingFunction(fn, schema, pointer))
        else:
            state.enqueue(PendingFunction(fn, schema, name))
    bodies: dict[tuple[bool, tuple[str, ...]], str] = {}
    shared: list[str] = []
    position = 0
    while position < len(state.queue):
        pending = state.queue[position]
        position += 1
        state.quiet = pending.quick
        if pending.quick:
            emitter = _quick_twin(state, pending, pending.name[3:] in functions.values())
        else:
            emitter = FunctionEmitter(state, pending.name)
            if quick_twins and has_containers(pending.schema):
                twin = state.quick_name(pending.name)
                if twin is not None:
                    emitter.prelude(twin)
            emitter.schema(pending.schema, "data", "path", pending.pointer)
        # one function per body: most parameters are the same few schemas ({type: string})
        first = bodies.setdefault((emitter.quick, tuple(emitter.final_lines())), emitter.name)
        if first == emitter.name:
            state.functions.append(emitter.finish())
        else:
            shared.extend(writer.alias(emitter.name, first))
    source = _assemble(state, runtime_import, shared, aliases)
    return CompiledValidators(source, functions, tuple(state.issues))


QUICK_DEEPER = 4
"""A quick twin keeps subschemas inline this many levels deeper than its function does: each
call it saves is paid per item of a list."""


def _quick_twin(state: ModuleState, pending: PendingFunction, entry: bool) -> FunctionEmitter:
    """The quick twin's emitter: deeper inline when every line still fits, else as deep as its
    function (a spill made by the first try is then an unused function, which is harmless).
    An `entry` point's twin (a caller-named validator) checks list items inline."""
    emitter = FunctionEmitter(state, pending.name, quick=True, deeper=QUICK_DEEPER)
    emitter.inline_items = entry
    emitter.schema(pending.schema, "data", QUICK_PATH, pending.pointer)
    if emitter.all_fit():
        return emitter
    emitter = FunctionEmitter(state, pending.name, quick=True)
    emitter.schema(pending.schema, "data", QUICK_PATH, pending.pointer)
    if emitter.all_fit():
        return emitter
    emitter = FunctionEmitter(state, pending.name, quick=True)
    emitter.subscripts = False  # no `try:` level: every line as deep as its function's
    emitter.schema(pending.schema, "data", QUICK_PATH, pending.pointer)
    return emitter


def _component_pointers(document: Mapping[str, Any]) -> dict[int, str]:
    """id(schema object) -> its ``#/components/schemas/X`` pointer, to share one function."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    if not isinstance(schemas, Mapping):
        return {}
    return {
        id(schema): "#/components/schemas/" + str(name).replace("~", "~0").replace("/", "~1")
        for name, schema in schemas.items()
        if isinstance(schema, Mapping)
    }


def _import_key(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _uses(text: str, name: str) -> bool:
    """Whether identifier `name` occurs in `text` as a whole word (``str.find``: a regex with
    ``\\b`` scans a large module several times slower)."""
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        before = text[start - 1 : start]
        after = text[end : end + 1]
        if not (before.isidentifier() or before.isdigit()) and not (
            after.isidentifier() or after.isdigit()
        ):
            return True
        start = text.find(name, end)
    return False


def _assemble(
    state: ModuleState, runtime_import: str, shared: list[str], aliases: list[str]
) -> str:
    """The module: imports, constants, functions, then `shared` (functions whose body is
    another's, before the tables naming them), the tables and the entry-point `aliases`."""
    lines = [_HEADER]
    # Emitters note names as they go, but may then drop the code using them (an optional
    # property with nothing to check): import only what the module text uses (ruff F401).
    body = "\n".join([*state.constants, *(line for f in state.functions for line in f)])
    body += "\n" + "\n".join(state.trailer)
    imports = {name for name in state.imports if _uses(body, name)}
    if imports:
        lines.extend(["", f"from {runtime_import}.validation import ("])
        lines.extend(f"    {name}," for name in sorted(imports, key=_import_key))
        lines.append(")")
    if state.constants:
        lines.append("")
        lines.extend(state.constants)
    for function in state.functions:
        lines.extend(["", ""])
        lines.extend(function)
    trailer = shared + state.trailer + aliases
    if trailer:
        lines.extend(["", ""])
        lines.extend(trailer)
    return "\n".join(lines) + "\n"


def load_module(compiled: CompiledValidators, name: str = "specgen_validators") -> types.ModuleType:
    """Execute compiled source as a fresh module (the dynamic client's path; no file written).

    The source must have been compiled with an absolute `runtime_import` such as
    ``"generator.runtime"``.
    """
    module = types.ModuleType(name)
    module.__dict__["__file__"] = f"<{name}>"
    code = compile(compiled.source, f"<{name}>", "exec")
    exec(code, module.__dict__)  # our own generated source; spec data only as literals
    return module
