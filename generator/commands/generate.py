"""`specgen generate`: every pinned API, or any spec to any folder."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from generator.commands.options import add_ref_policy
from generator.config import find_project
from generator.naming import package_name_problem
from generator.pipeline import Target, default_package_name, render_target
from generator.targets import pin_target
from generator.write import NotOurFolder, write_package


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spec", nargs="?", type=Path, help="spec file (default: every pin in spec/)"
    )
    parser.add_argument("--output", "-o", type=Path, help="output folder (required with SPEC)")
    parser.add_argument("--package", help="Python package name (default: from the file name)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the output folder even if specgen did not write it (deletes its files)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="repair common spec violations as warnings (see `specgen validate --list-rules`)",
    )
    add_ref_policy(parser)


def run(args: argparse.Namespace) -> int:
    if args.spec is None:
        given = [
            flag
            for flag, value in (("--output", args.output), ("--package", args.package))
            if value
        ]
        if given:
            print(
                f"specgen: {' and '.join(given)} needs a SPEC "
                "(`specgen generate SPEC --output DIR`); without one, every pin in spec/ is "
                "generated to its own folder",
                file=sys.stderr,
            )
            return 2
        project = find_project()
        pins = project.pins()
        if not pins:
            print(f"specgen: no pins in {project.pins_dir}", file=sys.stderr)
            return 2
        targets = [pin_target(pin, project) for pin in pins]
        if args.lenient:
            targets = [dataclasses.replace(t, lenient=True) for t in targets]
    else:
        if args.output is None:
            print("specgen: --output is required when a SPEC is given", file=sys.stderr)
            return 2
        package = args.package or default_package_name(args.spec)
        problem = package_name_problem(package)
        if problem:
            print(f"specgen: {problem}", file=sys.stderr)
            return 2
        targets = [
            Target(
                spec_path=args.spec,
                output=args.output,
                package=package,
                lenient=args.lenient,
                allow_remote_refs=args.allow_remote_refs,
                allow_outside_refs=args.allow_outside_refs,
            )
        ]
    rendered = [(target, render_target(target)) for target in targets]  # all or nothing
    for target, files in rendered:
        try:
            write_package(target.output, files, force=args.force)
        except NotOurFolder as exc:
            print(f"specgen: {exc}", file=sys.stderr)
            return 2
        print(
            f"generated {target.output} ({len(files)} files) from {target.spec_path.name}",
            file=sys.stderr,
        )
    return 0
