"""Command-line options shared by several commands, defined once so they read the same."""

from __future__ import annotations

import argparse


def add_ref_policy(parser: argparse.ArgumentParser) -> None:
    """`--allow-remote-refs` / `--allow-outside-refs`: the `$ref` policy of `generator.resolve`.

    A spec is untrusted input, so by default its refs may only name files in its own folder;
    every command that reads a spec accepts the same two switches its error messages suggest.
    """
    parser.add_argument(
        "--allow-remote-refs",
        action="store_true",
        help="follow $refs to URLs (fetched with a timeout and a size limit)",
    )
    parser.add_argument(
        "--allow-outside-refs",
        action="store_true",
        help="follow $refs to files outside the spec's folder",
    )
