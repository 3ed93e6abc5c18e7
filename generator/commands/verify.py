"""`specgen verify SPEC TRAFFIC...`: judge recorded exchanges; exit 1 on any violation."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", help="OpenAPI 3.0 or 3.1 document (YAML or JSON)")
    parser.add_argument(
        "traffic", nargs="+", help="recorded traffic: specgen JSON Lines or HAR 1.2 files"
    )
    parser.add_argument(
        "--format", choices=("text", "json", "junit"), default="text", help="report format"
    )
    parser.add_argument(
        "--no-oracle", action="store_true", help="skip openapi-core, the second judge"
    )


def run(args: argparse.Namespace) -> int:
    from generator.contract import TrafficError, load_contract, read_traffic
    from generator.contract.verify import FORMATS, verify

    contract = load_contract(args.spec)
    exchanges = []
    try:
        for path in args.traffic:
            exchanges += read_traffic(path)
    except TrafficError as exc:
        print(f"specgen verify: {exc}", file=sys.stderr)
        return 2
    report = verify(contract, exchanges, oracle=not args.no_oracle)
    sys.stdout.write(FORMATS[args.format](report))
    return 0 if report.ok else 1
