"""`specgen validate SPEC`: print every problem as `FILE:LINE:COL: level CODE: message`.

Problems go to stdout, sorted by position, so the output can be diffed and grepped; the
one-line summary goes to stderr. Exit 1 when there is any error (load errors included), else 0
(warnings alone do not fail).
"""

from __future__ import annotations

import argparse
import sys

from generator.commands.options import add_ref_policy
from generator.diagnostics import Diagnostic, SpecError
from generator.load import load_path
from generator.validate import ALL_CODES, describe_rules, validate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spec", nargs="?", help="path to an OpenAPI 3.0 or 3.1 document (YAML or JSON)"
    )
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="CODE",
        help="switch off one rule (repeatable); see --list-rules",
    )
    add_ref_policy(parser)
    parser.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule code, level and description, then exit",
    )


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        from generator.validate.lenient import REPAIRS

        for r in describe_rules():
            print(f"{r.code:28} {r.level.value:8} {r.description}")
        print("\nRepairs of --lenient (generate, call): each becomes a warning with this code")
        for code, repair in sorted(REPAIRS.items()):
            print(f"{code:28} {'warning':8} {repair.description}")
        return 0
    if not args.spec:
        print("specgen validate: error: SPEC is required (or --list-rules)", file=sys.stderr)
        return 2
    unknown = sorted(set(args.disable) - ALL_CODES)
    if unknown:
        print(
            f"specgen validate: error: unknown rule code(s): {', '.join(unknown)} "
            "(see --list-rules)",
            file=sys.stderr,
        )
        return 2
    try:
        spec = load_path(args.spec)
        diagnostics = validate(
            spec,
            disabled=frozenset(args.disable),
            allow_remote_refs=args.allow_remote_refs,
            allow_outside_refs=args.allow_outside_refs,
        )
    except SpecError as exc:
        diagnostics = list(exc.diagnostics)
    return report(args.spec, diagnostics)


def report(name: str, diagnostics: list[Diagnostic]) -> int:
    # Build the whole output first: never a partial report.
    out = "".join(d.format() + "\n" for d in diagnostics)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    sys.stdout.write(out)
    sys.stdout.flush()
    verdict = "invalid" if errors else "valid"
    print(f"{name}: {verdict}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
