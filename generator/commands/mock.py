"""`specgen mock SPEC`: serve a mock of any spec over HTTP (uvicorn), for clients under test.

Loopback only unless `--allow-non-loopback` is given (the mock answers anyone who can reach
it, and it has no credentials of its own to protect: it only checks they are present).
"""

from __future__ import annotations

import argparse
import sys

DEFAULT_PORT = 4010
"""Prism's default port, so existing client configurations point at the mock unchanged."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", help="OpenAPI 3.0 or 3.1 document (YAML or JSON)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0: any free one)")
    parser.add_argument("--seed", type=int, default=0, help="seed of synthesized data")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added before every answer"
    )
    parser.add_argument(
        "--fail-rate", type=float, default=0.0, help="share of requests answered 503 (0 to 1)"
    )
    parser.add_argument(
        "--pagination",
        metavar="PARAM:HEADER",
        help="page operations that take query PARAM through response HEADER, for specs "
        "without x-soracom-cli-pagination (as a pin's [pagination] table does)",
    )
    parser.add_argument(
        "--allow-non-loopback",
        action="store_true",
        help="allow --host to be an address other machines can reach",
    )


def run(args: argparse.Namespace) -> int:
    from generator.contract.server import is_loopback

    if not is_loopback(args.host) and not args.allow_non_loopback:
        print(
            f"specgen mock: {args.host} is reachable from other machines; "
            "pass --allow-non-loopback to listen there",
            file=sys.stderr,
        )
        return 2
    if not 0.0 <= args.fail_rate <= 1.0 or args.latency < 0:
        print("specgen mock: --fail-rate must be 0..1 and --latency >= 0", file=sys.stderr)
        return 2
    from generator.config import PaginationRule
    from generator.contract import MockApp, load_contract
    from generator.contract.server import serve

    rule = None
    if args.pagination:
        param, _, header = args.pagination.partition(":")
        if not param or not header:
            print("specgen mock: --pagination takes PARAM:HEADER", file=sys.stderr)
            return 2
        rule = PaginationRule(param, header)
    contract = load_contract(args.spec, pagination=rule)  # SpecError -> exit 1 (cli.py)
    app = MockApp(contract, seed=args.seed, latency=args.latency, fail_rate=args.fail_rate)
    if not is_loopback(args.host):
        print(
            f"specgen mock: warning: listening on {args.host}, reachable from other machines",
            file=sys.stderr,
        )

    def ready(port: int) -> None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(
            f"specgen mock: {len(contract.operations)} operations of {args.spec} at "
            f"http://{host}:{port}{app.base_path} (seed {args.seed}; Ctrl-C to stop)",
            flush=True,
        )

    try:
        serve(app, args.host, args.port, on_ready=ready)
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it handled, after shutting down
        pass
    except OSError as exc:
        print(f"specgen mock: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    print("specgen mock: stopped", flush=True)
    return 0
