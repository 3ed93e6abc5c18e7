"""`specgen call SPEC OPERATION --param name=value ...`: explore an API from the shell.

One call through the dynamic client (`generator.dynamic`), so the request is exactly what the
generated client would send. The response body goes to stdout as JSON (bytes and text as they
came), the status line and any error to stderr, so `specgen call ... | jq` works. Exit 0 on a
success, 1 on an error status, a validation error or a failed connection, 2 on a usage error.

Parameter values are read by the parameter's type: integers, numbers, booleans
(true/false/1/0/yes/no), JSON for lists, objects and models; a repeated `--param` builds a list.
Credentials: `--credential api_key=...`, or the environment (`SPECGEN_API_KEY` for `api_key`),
which keeps secrets out of shell history; `--vendor soracom` logs in as the generated client does
(`--profile`, `--sandbox`, `SORACOM_*` variables; `--server` is the coverage). Secrets never
appear in what is printed: credential values are masked in errors, status lines and bodies.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

from generator.commands.options import add_ref_policy

EXIT_FAILED = 1
EXIT_USAGE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="spec file or http(s) URL")
    parser.add_argument(
        "operation", metavar="OPERATION", nargs="?", help="operationId or Python method name"
    )
    parser.add_argument(
        "--param", "-p", action="append", default=[], metavar="NAME=VALUE", help="an argument"
    )
    parser.add_argument(
        "--body", metavar="@FILE|-|JSON", help="request body: @file, - (stdin) or JSON"
    )
    parser.add_argument("--base-url", help="base URL (default: the spec's first server)")
    parser.add_argument("--server", help="a named server of the spec: default, server2, ...")
    parser.add_argument(
        "--header", "-H", action="append", default=[], metavar="NAME=VALUE", help="extra header"
    )
    parser.add_argument(
        "--credential", action="append", default=[], metavar="NAME=VALUE", help="a credential"
    )
    parser.add_argument(
        "--vendor", metavar="NAME", help="a vendor layer for login and endpoints, e.g. soracom"
    )
    parser.add_argument("--profile", help="with --vendor soracom: the soracom-cli profile")
    parser.add_argument(
        "--sandbox", action="store_true", help="with --vendor soracom: the API sandbox"
    )
    parser.add_argument("--raw", action="store_true", help="also print response headers (stderr)")
    parser.add_argument("--list", action="store_true", help="list the spec's operations")
    parser.add_argument("--timeout", type=float, help="seconds")
    parser.add_argument(
        "--no-validate", action="store_true", help="send arguments without checking them"
    )
    parser.add_argument(
        "--response-validation",
        choices=("strict", "warn", "off"),
        default="warn",
        help="strict: a response that does not match the spec is an error (exit 1)",
    )
    parser.add_argument("--no-cache", action="store_true", help="skip the start-up cache")
    add_ref_policy(parser)
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="repair common spec violations as warnings (see `specgen validate --list-rules`)",
    )
    parser.add_argument(
        "--sample-body",
        action="store_true",
        help="print a sample request body built from the schema (to edit, then pass as --body)",
    )


def run(args: argparse.Namespace) -> int:
    from generator.dynamic import Client, load_api

    api = load_api(
        args.spec,
        use_cache=not args.no_cache,
        allow_remote_refs=args.allow_remote_refs,
        allow_outside_refs=args.allow_outside_refs,
        lenient=args.lenient,
    )
    for repair in api.repairs:
        print(repair, file=sys.stderr)
    if args.list or not args.operation:
        _print_operations(api)
        return 0 if args.list else EXIT_USAGE
    try:
        info = api.find(args.operation)
        if args.sample_body:
            return _print_sample_body(args, info)
        arguments = _arguments(api, info, args)
        options = _options(api, args)
    except (LookupError, ValueError) as exc:
        print(f"specgen call: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with Client(api, **options) as client:
        return _send(client, info, arguments, args.raw)


def _vendor_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.vendor is None:
        if args.profile is not None or args.sandbox:
            raise ValueError("--profile and --sandbox need --vendor (e.g. --vendor soracom)")
        return {}
    options: dict[str, Any] = {"vendor": args.vendor}
    if args.profile is not None:
        options["profile"] = args.profile
    if args.sandbox:
        options["sandbox"] = True
    return options


def _print_operations(api: Any) -> None:
    rows = [
        (i.operation_id, f"{i.http_method} {i.path}", f"{i.resource}.{i.method}")
        for i in api.operations()
    ]
    width = [max((len(r[n]) for r in rows), default=0) for n in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width[n]) for n, cell in enumerate(row)).rstrip())


def _print_sample_body(args: argparse.Namespace, info: Any) -> int:
    """A schema-shaped body for the operation; scalar examples from the spec are reused."""
    from generator.dynamic.samples import sample
    from generator.dynamic.source import read_source
    from generator.load import load_bytes
    from generator.resolve import bundle

    source = read_source(args.spec)
    document = bundle(
        load_bytes(source.content, source.name, source.path),
        allow_remote=args.allow_remote_refs,
        allow_outside=args.allow_outside_refs,
    )
    operation = document["paths"][info.path][info.http_method.lower()]
    body = operation.get("requestBody")
    for _ in range(32):  # a chain of refs, bounded
        if not (isinstance(body, dict) and isinstance(body.get("$ref"), str)):
            break
        target: Any = document
        for token in body["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        body = target
    content = (body or {}).get("content") or {}
    if not content:
        raise ValueError(f"{info.operation_id} takes no request body")
    media, described = next(iter(content.items()))
    print(_json(sample((described or {}).get("schema", {}), document)))
    print(f"({media})", file=sys.stderr)
    return 0


def _as_cli_message(exc: TypeError) -> str:
    """CPython's 'X.m() missing 1 required keyword-only argument: 'a'' in command-line words."""
    text = str(exc)
    missing = re.search(r"missing \d+ required keyword-only arguments?: (.*)$", text)
    if missing:
        names = re.findall(r"'([^']+)'", missing.group(1))
        return "missing " + ", ".join(f"--param {name}=..." for name in names)
    unexpected = re.search(r"unexpected keyword argument '([^']+)'", text)
    if unexpected:
        return f"unknown parameter {unexpected.group(1)!r} (see --list and the operation's help)"
    return text


def _send(client: Any, info: Any, arguments: dict[str, Any], raw: bool) -> int:
    from generator.dynamic import ApiConnectionError, ApiError, ApiStatusError
    from generator.runtime.codecs import encode_value

    method = getattr(client.with_raw_response.__dict__[info.resource], info.method)
    try:
        response = method(**arguments)
    except TypeError as exc:
        print(f"specgen call: {client.redact(_as_cli_message(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except ApiStatusError as exc:
        print(f"HTTP {exc}", file=sys.stderr)
        if exc.body not in (None, ""):
            print(client.redact(_json(exc.body)), file=sys.stderr)
        return EXIT_FAILED
    except ApiConnectionError as exc:
        print(f"specgen call: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ApiError as exc:  # request or (strict) response validation
        print(f"specgen call: {exc}", file=sys.stderr)
        return EXIT_FAILED
    http = response.http_response
    print(f"HTTP {http.status_code} {http.reason_phrase}".rstrip(), file=sys.stderr)
    if raw:
        for name, value in http.headers.multi_items():
            print(client.redact(f"{name}: {value}"), file=sys.stderr)
    parsed = response.parsed
    if isinstance(parsed, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(parsed)
    elif isinstance(parsed, str) and not _is_json(http):
        sys.stdout.write(client.redact(parsed))
    elif parsed is not None:
        print(client.redact(_json(encode_value(parsed))))
    elif http.content:
        # No body documented (the client returns None), but the server sent one: show it,
        # since exploring an API is what this command is for.
        print(client.redact(_json(http.json()) if _is_json(http) else http.text))
    return 0


def _is_json(http: Any) -> bool:
    media = str(http.headers.get("content-type", "")).split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


# --- arguments ---------------------------------------------------------------------------------


def _pairs(items: list[str], what: str, secret: bool = False) -> list[tuple[str, str]]:
    """NAME=VALUE items; with `secret`, an error names the item's position, not its text."""
    out = []
    for index, item in enumerate(items, 1):
        name, sep, value = item.partition("=")
        if not sep or not name:
            shown = f"#{index}" if secret else repr(item)
            raise ValueError(f"{what} {shown} is not NAME=VALUE")
        out.append((name.strip(), value))
    return out


def _arguments(api: Any, info: Any, args: argparse.Namespace) -> dict[str, Any]:
    entry = api.by_operation_id[info.operation_id]
    annotations = {name: annotation for name, annotation, _ in entry.args}
    wire_names = {p.wire: arg for arg, p in entry.operation.params.items()}
    out: dict[str, Any] = {}
    for name, text in _pairs(args.param, "--param"):
        arg = name if name in annotations else wire_names.get(name, name)
        if arg not in annotations:
            known = ", ".join(annotations) or "none"
            raise ValueError(f"{info.operation_id} has no parameter {name!r}; parameters: {known}")
        value = _convert(text, annotations[arg], name)
        if arg in out and annotations[arg].startswith("list["):
            previous = out[arg]
            out[arg] = [*previous, *value] if isinstance(value, list) else [*previous, value]
        else:
            out[arg] = value
    body = entry.operation.body
    if args.body is not None:
        if body is None:
            raise ValueError(f"{info.operation_id} takes no request body")
        out[body.arg] = _read_body(args.body, body)
    return out


def _convert(text: str, annotation: str, name: str) -> Any:
    """A command-line string as the parameter's type (from the generated annotation text)."""
    kinds = [part.strip() for part in annotation.split(" | ")]
    plain = [k for k in kinds if k in ("str", "int", "float", "bool", "None")]
    if "str" in plain or ("Any" in kinds and not text.lstrip().startswith(("{", "["))):
        return text
    try:
        if "int" in plain:
            return int(text)
        if "float" in plain:
            return float(text)
        if "bool" in plain:
            lowered = text.strip().lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ValueError(text)
        value = json.loads(text)
    except ValueError:
        raise ValueError(f"--param {name}={text!r} is not a valid {annotation}") from None
    if annotation.startswith("list[") and not isinstance(value, list):
        return [value]
    return value


def _read_body(spec: str, body: Any) -> Any:
    if spec == "-":
        data = sys.stdin.buffer.read()
    elif spec.startswith("@"):
        try:
            with open(spec[1:], "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise ValueError(f"--body {spec}: cannot read {spec[1:]}: {exc.strerror}") from None
    else:
        data = spec.encode("utf-8")
    media = body.media_types[0].split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media.endswith("form-urlencoded"):
        try:
            return json.loads(data)
        except ValueError as exc:
            raise ValueError(f"--body is not valid JSON: {exc}") from None
    if media.startswith("text/"):
        return data.decode("utf-8")
    return data


def _options(api: Any, args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {
        "validate_requests": not args.no_validate,
        "response_validation": args.response_validation,
        "headers": dict(_pairs(args.header, "--header", secret=True)),
        **_vendor_options(args),
    }
    if args.base_url:
        options["base_url"] = args.base_url
    if args.server:
        options["server"] = args.server
    if args.timeout is not None:
        options["timeout"] = args.timeout
    given = dict(_pairs(args.credential, "--credential", secret=True))
    unknown = set(given) - set(api.credentials)
    if unknown:
        known = ", ".join(api.credentials) or "none"
        raise ValueError(f"unknown credential {', '.join(sorted(unknown))}; known: {known}")
    for arg in api.credentials:
        secret = given.get(arg) or os.environ.get(f"SPECGEN_{arg.upper()}")
        if secret:
            options[arg] = secret
    return options
