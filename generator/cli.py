"""The `specgen` command line: argument parsing and the error boundary.

Each sub-command lives in `generator/commands/<name>.py` with `add_arguments(parser)` and
`run(args) -> int`. This module only dispatches and turns `SpecError`s (and, without --debug,
any other failure) into a clear message and a non-zero exit instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn, TextIO

from generator import __version__
from generator.diagnostics import SpecError

COMMANDS: dict[str, str] = {
    "generate": "Generate a typed Python client package (all pinned APIs by default).",
    "check": "Exit 1 with a unified diff when generated code is stale.",
    "validate": "Report every problem in a spec as FILE:LINE:COL: level CODE: message.",
    "diff": "Report what changed between two versions of a spec and what breaks.",
    "pull": "Fetch the upstream spec, report the drift, update the pin and regenerate.",
    "call": "Call one operation of any spec from the shell (dynamic client).",
    "demo": "Show the generated SoraCam client working against the SoraCam mock server.",
    "mock": "Serve a mock of a spec over HTTP: validated requests, examples or synthesized data.",
    "verify": "Check recorded traffic (JSON Lines or HAR) against a spec; exit 1 on violations.",
}

EXIT_ERROR = 2
"""Exit status for usage errors and unusable input; 1 is kept for 'found problems / drift'."""


def _available(only: str | None = None) -> dict[str, object]:
    """Command modules by name; just `only` when given, since each import costs start-up time."""
    modules: dict[str, object] = {}
    for name in [only] if only in COMMANDS else COMMANDS:
        try:
            modules[name] = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.commands.{name}":
                raise
    return modules


_SECRET_ITEM = re.compile(
    r"(?i)((?:--credential|--header|-H)[= ]+|\b[\w-]*(?:key|token|secret|password|auth)[\w-]*=)"
    r"(?:\S*=)?[^\s'\"]+"
)


class _Parser(argparse.ArgumentParser):
    """Usage errors echo the command line ("unrecognized arguments: ..."): secret-looking
    values (`--credential`/`--header` items, `*key*=`, `*token*=` ...) are masked."""

    def error(self, message: str) -> NoReturn:
        super().error(_SECRET_ITEM.sub(lambda m: m.group(1) + "***", message))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="specgen",
        description=(
            "Turn an OpenAPI 3.0 or 3.1 document into a typed Python client, and keep it right."
        ),
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in _available(only).items():
        p = sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        p.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        module.add_arguments(p)  # type: ignore[attr-defined]
        p.set_defaults(_run=module.run)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    with warnings.catch_warnings():
        if not debug:  # one line each, not Python's "file:line: Category" and a source line
            warnings.showwarning = _show_warning
        return _run(args, debug)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"specgen: warning: {message}", file=sys.stderr)


def _run(args: argparse.Namespace, debug: bool) -> int:
    try:
        return int(args._run(args))
    except SpecError as exc:
        if debug:
            raise
        for diag in exc.diagnostics:
            print(diag.format(), file=sys.stderr)
        return 1 if any(d.is_error for d in exc.diagnostics) else 0
    except KeyboardInterrupt:
        print("specgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `specgen ... | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the Python docs' recipe: no error at exit
        return 0
    except Exception as exc:
        if debug:
            raise
        print(f"specgen: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
