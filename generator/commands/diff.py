"""`specgen diff OLD NEW`: what changed in the HTTP contract, and whether CI should stop.

After the HTTP report comes a "Python client impact" section (`--no-impact` leaves it out): the
same change set on the generated Python surface, with a semver suggestion (`--package-version`
turns it into the next version number). A spec that cannot be generated (validation errors)
gets the HTTP report and a note instead of the section.

Exit status: 0 when nothing reaches the `--fail-on` threshold (or no threshold is given), 1 when
something does (`--fail-on` looks at the HTTP contract). Unreadable or invalid specs raise
`SpecError`, which the CLI boundary prints as `FILE:LINE:COL: error CODE: message` with a
non-zero exit.
"""

from __future__ import annotations

import argparse
import sys

from generator.diff import diff_specs
from generator.diff.model import Severity
from generator.diff.report import RENDERERS
from generator.load import load_path

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
    parser.add_argument(
        "--package-version",
        metavar="X.Y.Z",
        default=None,
        help="current version of the generated package, to suggest the next one",
    )


def run(args: argparse.Namespace) -> int:
    from generator.resolve import as_one_document

    # A multi-file spec is compared as one document, so a change in any file is seen (and
    # located in that file).
    old, new = as_one_document(load_path(args.old)), as_one_document(load_path(args.new))
    changes = diff_specs(old, new)
    if not args.impact:
        sys.stdout.write(RENDERERS[args.format](changes))
    else:
        from generator.diff.impact_section import render_with_impact

        sys.stdout.write(render_with_impact(old, new, changes, args.format, args.package_version))
    if args.fail_on is None:
        return 0
    return 1 if changes.at_least(THRESHOLDS[args.fail_on]) else 0
