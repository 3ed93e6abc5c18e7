"""Stage 7, render: one Jinja environment, the planned files in, file contents out.

StrictUndefined turns a template typo into an error instead of empty code; autoescape is off
because the output is Python, and escaping is done by the filters from `literals` instead.
"""

from __future__ import annotations

import importlib.resources
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator import literals, markdown
from generator.layout import final_layout, needs_formatter
from generator.plan import PlannedFile


def templates_dir() -> Path:
    """The Jinja templates: `generator/templates` in a built package, `templates/` in a checkout.

    The build maps the top-level `templates/` folder into the package (see setup.py), so an
    installed specgen finds them through `importlib.resources`; a source checkout (tests, an
    editable install) has them beside the `generator` folder instead.
    """
    packaged = importlib.resources.files("generator") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


def _docstring(text: str, indent: int, fields: list[dict[str, Any]] | None = None) -> str:
    sections = []
    if fields:
        sections.append(("Attributes", [(f["name"], _field_doc(f)) for f in fields]))
    return literals.docstring(text, indent, sections)


def _args_docstring(text: str, indent: int, args: list[list[str]]) -> str:
    return literals.docstring(text, indent, [("Args", [(a[0], a[1]) for a in args])])


def _field_doc(field: dict[str, Any]) -> str:
    doc = " ".join(str(field.get("doc") or "").split())
    notes = []
    if field["name"] != field["wire"]:
        notes.append(f"wire name `{field['wire']}`")
    if field.get("read_only"):
        notes.append("read-only: set by the server, refused in a request")
    if field.get("write_only"):
        notes.append("write-only: sent in requests, UNSET in responses")
    if notes:
        doc = (doc + " " if doc else "") + "(" + ", ".join(notes) + ")"
    return doc


def _import_block(groups: Sequence[Sequence[str]]) -> str:
    """Import groups separated by one blank line and followed by one; nothing if all empty.

    Lets templates list imports conditionally and still match isort's layout exactly.
    """
    present = ["\n".join(group) for group in groups if group]
    return "\n\n".join(present) + "\n\n" if present else ""


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own compiled-template cache (Python bytecode keyed by template path, checked
    against a hash of the template's source), in its per-user private temporary folder.

    Compiling the templates costs ~0.1 s per run; loading them compiled costs a few
    milliseconds. The cache is an optimisation only: when it cannot be read or written,
    templates are compiled as without it."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable or corrupt: compile from source instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache(pattern="specgen-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had
        return None


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Contexts are plain dicts: `op.name` reads the key directly. Jinja's default tries the
    attribute first and catches the AttributeError (~100,000 times on a large spec); the result
    is the same, since a dict has no other attributes than its class's (`items`, `get`...)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_template_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        pyrepr=literals.py_literal,
        pytuple=literals.py_tuple,
        docstring=_docstring,
        args_docstring=_args_docstring,
        comment=literals.comment,
        toml_str=literals.toml_str,
        markdown_text=markdown.inline,
        markdown_code=markdown.code,
        markdown_block=markdown.block,
        import_block=_import_block,
    )
    return env


def header_comment(context: dict[str, Any]) -> str:
    h = context["header"]
    return (
        f"# Generated by specgen {h['generator_version']} "
        f"from {literals.comment(h['spec_name'])}.\n"
        f"# Spec sha256: {h['sha256']}\n"
        "# Do not edit: changes are overwritten by `specgen generate`.\n"
    )


def render_file(planned: PlannedFile) -> bytes:
    if planned.template:
        text = environment().get_template(planned.template).render(**planned.context)
    else:
        assert planned.source is not None
        text = header_comment(planned.context) + planned.source.read_text(encoding="utf-8")
        for old, new in planned.rewrite:
            text = text.replace(old, new)
    return text.encode("utf-8")


def render_all(files: list[PlannedFile]) -> dict[str, bytes]:
    rendered = {f.path: render_file(f) for f in files}
    # Verbatim copies (the runtime, vendor layers) are formatted at the same width here.
    templated = format_python({f.path: rendered[f.path] for f in files if f.template})
    return {**rendered, **templated}


LINE_LENGTH = literals.LINE_LENGTH


def format_python(files: dict[str, bytes]) -> dict[str, bytes]:
    """Apply `ruff format` (pinned version) to the rendered Python files that need it.

    Templates emit the final layout: calls and collections that do not fit are exploded, one
    item per line, with a magic trailing comma, as ruff would leave them. What a template cannot
    lay out (a line still over `LINE_LENGTH`: a very long annotation or name) is settled by ruff,
    run only on those files, in one call. `tests/golden/test_final_layout.py` proves every other
    file of every shared spec's package is already as ruff formats it.
    """
    files = dict(files)
    python: dict[str, bytes] = {}
    for path, content in files.items():
        if path.endswith(".py"):
            text = final_layout(content.decode("utf-8"), LINE_LENGTH)
            files[path] = text.encode("utf-8")
            if needs_formatter(text, LINE_LENGTH):
                python[path] = files[path]
    if not python:
        return files
    from ruff.__main__ import find_ruff_bin

    with tempfile.TemporaryDirectory(prefix="specgen-format-") as tmp:
        root = Path(tmp)
        for path, content in python.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        result = subprocess.run(
            [
                find_ruff_bin(),
                "format",
                "--no-cache",
                "--isolated",
                "--line-length",
                str(LINE_LENGTH),
                "--target-version",
                "py311",
                "--quiet",
                ".",
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"generated code does not parse (a generator bug): {result.stderr.strip()}"
            )
        return {**files, **{path: (root / path).read_bytes() for path in python}}
