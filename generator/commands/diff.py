"""`specgen diff OLD NEW`: what changed in the HTTP contract, and whether CI should stop.

After the HTTP report comes a "Python client impact" section (`--no-impact` leaves it out): the
same change set on the generated Python surface, with a semver suggestion (`--package-version`
turns it into the next version number).

Both specs are validated first, as `specgen validate` would. A spec with validation errors is
refused (each error printed as `FILE:LINE:COL: error CODE: message`, exit 2): a diff of documents
that do not mean what they say would be a confident report about nothing. `--lenient` diffs them
anyway, printing each error as a warning; the impact section then carries a note instead (the
Python surface needs a spec that generates).

Exit status: 0 when nothing reaches the `--fail-on` threshold (or no threshold is given), 1 when
something does (`--fail-on` looks at the HTTP contract), 2 when a spec cannot be read or has
validation errors (without `--lenient`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import replace

from generator.commands.options import add_ref_policy
from generator.diagnostics import Diagnostic, Level, SpecError
from generator.diff import diff_specs
from generator.diff.model import Severity
from generator.diff.report import RENDERERS
from generator.load import LoadedSpec, load_path
from generator.validate import validate

INVALID = 2

THRESHOLDS = {
    "breaking": Severity.BREAKING,
    "potentially-breaking": Severity.POTENTIALLY_BREAKING,
    "any": Severity.NON_BREAKING,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier spec (YAML or JSON)")
    parser.add_argument("new", metavar="NEW", help="the later spec (YAML or JSON)")
    parser.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        default="text",
        help="text for terminals, markdown for PR comments, json for machines",
    )
    parser.add_argument(
        "--fail-on",
        choices=list(THRESHOLDS),
        default=None,
        help="exit 1 when a change at least this severe is found",
    )
    parser.add_argument(
        "--no-impact",
        dest="impact",
        action="store_false",
        help="leave out the Python client impact section",
    )
    add_ref_policy(parser)
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="diff specs with validation errors anyway, reporting the errors as warnings",
    )
    parser.add_argument(
        "--package-version",
        metavar="X.Y.Z",
        default=None,
        help="current version of the generated package, to suggest the next one",
    )


def run(args: argparse.Namespace) -> int:
    try:
        old, new = load_path(args.old), load_path(args.new)
    except SpecError as exc:
        _print(exc.diagnostics)
        return INVALID
    same = old.sha256 == new.sha256  # a self-diff validates one document
    errors = [d for spec in ((old,) if same else (old, new)) for d in _errors(spec, args)]
    if errors and not args.lenient:
        _print(errors)
        print(
            f"specgen diff: {len(errors)} validation error(s); fix them, or pass --lenient "
            "to diff anyway",
            file=sys.stderr,
        )
        return INVALID
    _print([replace(d, level=Level.WARNING) for d in errors])
    from generator.resolve import as_one_document

    # A multi-file spec is compared as one document, so a change in any file is seen (and
    # located in that file).
    try:
        old, new = (
            as_one_document(
                spec,
                allow_remote=args.allow_remote_refs,
                allow_outside=args.allow_outside_refs,
            )
            for spec in (old, new)
        )
    except SpecError as exc:
        _print(exc.diagnostics)
        return INVALID
    changes = diff_specs(old, new)
    if not args.impact:
        sys.stdout.write(RENDERERS[args.format](changes))
    else:
        from generator.diff.impact_section import render_with_impact

        sys.stdout.write(render_with_impact(old, new, changes, args.format, args.package_version))
    if args.fail_on is None:
        return 0
    return 1 if changes.at_least(THRESHOLDS[args.fail_on]) else 0


def _errors(spec: LoadedSpec, args: argparse.Namespace) -> list[Diagnostic]:
    """Validation errors, under the same `$ref` policy as `specgen validate`."""
    found = validate(
        spec,
        allow_remote_refs=args.allow_remote_refs,
        allow_outside_refs=args.allow_outside_refs,
        locate_warnings=False,
    )
    return [d for d in found if d.is_error]


def _print(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
