"""Verifying recorded traffic against a spec with two judges; reports in text, JSON or JUnit.

Each exchange is routed to its operation and judged by the compiled validators (`judge`: the
verdict) and by openapi-core (`oracle`: the independent second opinion). An exchange fails when
the compiled judge finds a violation; where openapi-core disagrees (finds problems the compiled
judge does not, or none where it does) the report lists the disagreement for a human to settle.
The coverage summary names the operations and documented statuses the traffic never exercised.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from generator.contract.judge import check_request, check_response
from generator.contract.problem import Violation
from generator.contract.spec import ContractSpec
from generator.contract.traffic import Exchange

__all__ = ["Report", "Verdict", "verify"]


@dataclass
class Verdict:
    exchange: Exchange
    operation_id: str
    violations: list[tuple[str, Violation]] = field(default_factory=list)
    """(side, violation): side is "request" or "response"."""
    disagreements: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass
class Report:
    verdicts: list[Verdict]
    operations: list[str]
    statuses: dict[str, list[str]]
    """Documented statuses per operation (for the coverage summary)."""
    oracle_note: str = ""
    """Why openapi-core gave no second opinion, when it refused the spec ("" otherwise)."""

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def by_operation(self) -> dict[str, list[Verdict]]:
        grouped: dict[str, list[Verdict]] = {}
        for verdict in self.verdicts:
            grouped.setdefault(verdict.operation_id, []).append(verdict)
        return grouped

    def coverage(self) -> tuple[list[str], dict[str, list[str]]]:
        """(operations never seen, operation -> documented statuses never seen)."""
        seen: dict[str, set[int]] = {}
        for verdict in self.verdicts:
            seen.setdefault(verdict.operation_id, set()).add(verdict.exchange.status)
        unseen_ops = [op for op in self.operations if op not in seen]
        unseen_status: dict[str, list[str]] = {}
        for op, statuses in self.statuses.items():
            if op not in seen:
                continue
            missing = [s for s in statuses if not any(_covers(s, code) for code in seen[op])]
            if missing:
                unseen_status[op] = missing
        return unseen_ops, unseen_status


def _covers(documented: str, status: int) -> bool:
    documented = documented.upper()
    if documented == "DEFAULT":
        return True
    if documented.endswith("XX"):
        return documented[0] == str(status)[0]
    return documented == str(status)


def verify(contract: ContractSpec, exchanges: Iterable[Exchange], *, oracle: bool = True) -> Report:
    """Judge every exchange; `oracle=False` skips openapi-core (faster, no second opinion)."""
    from generator.contract.oracle import Oracle

    second, note = None, ""
    if oracle:
        try:
            second = Oracle(contract.document, contract.base_path)
        except Exception as exc:  # its spec check is stricter than specgen's in places
            # (Rubrik: a `default` outside its `enum`, a warning here): judge alone, say so
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            note = (
                f"openapi-core refuses the spec ({reason}); judged by the compiled validators only"
            )
    verdicts = []
    for exchange in exchanges:
        verdicts.append(_judge(contract, second, exchange))
    return Report(
        verdicts,
        [op.operation_id for op in contract.operations],
        {op.operation_id: [r.status for r in op.responses] for op in contract.operations},
        note,
    )


def _judge(contract: ContractSpec, oracle: Any, exchange: Exchange) -> Verdict:
    parts = urlsplit(exchange.url)
    path = parts.path
    base = contract.base_path
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :] or "/"
    op, allowed, groups = contract.match(exchange.method, path)
    if op is None:
        where = f"{exchange.method} {path}"
        reason = f"not declared (declared: {', '.join(allowed)})" if allowed else "no such path"
        verdict = Verdict(exchange, where)
        verdict.violations.append(("request", Violation("path", f"{where}: {reason}")))
        return verdict
    verdict = Verdict(exchange, op.operation_id)
    request = check_request(
        contract,
        op,
        path_values=op.path_values(groups),
        query_string=parts.query,
        headers=exchange.request_headers,
        body=exchange.request_body,
    )
    verdict.violations += [("request", v) for v in request.all]
    response = check_response(
        op, exchange.status, exchange.response_headers, exchange.response_body
    )
    verdict.violations += [("response", v) for v in response]
    if oracle is not None:
        theirs_request, theirs_response = oracle.judge(exchange, path)
        for side, ours, theirs in (
            ("request", request.all, theirs_request),
            ("response", response, theirs_response),
        ):
            if bool(ours) != bool(theirs):
                if theirs:
                    verdict.disagreements.append(
                        f"{side}: openapi-core finds {theirs[0]}; the compiled validators find "
                        "nothing"
                    )
                else:
                    verdict.disagreements.append(
                        f"{side}: the compiled validators find {ours[0]}; openapi-core finds "
                        "nothing"
                    )
    return verdict


# --- output ---------------------------------------------------------------------------------


def format_text(report: Report) -> str:
    lines = []
    for op, verdicts in report.by_operation().items():
        bad = [v for v in verdicts if not v.ok]
        statuses = ",".join(sorted({str(v.exchange.status) for v in verdicts}))
        mark = "FAIL" if bad else "ok"
        lines.append(
            f"{mark:4} {op}: {len(verdicts)} pair(s), status {statuses}, {len(bad)} failing"
        )
        for verdict in verdicts:
            for side, violation in verdict.violations:
                lines.append(f"     {verdict.exchange.source}: {side} {violation}")
            for note in verdict.disagreements:
                lines.append(f"     {verdict.exchange.source}: judges disagree: {note}")
    unseen_ops, unseen_status = report.coverage()
    total = len(report.operations)
    lines.append(
        f"coverage: {total - len(unseen_ops)}/{total} operations exercised; "
        f"{sum(len(v) for v in unseen_status.values())} documented status(es) never seen"
    )
    if unseen_ops:  # one name after another, wrapped: a large API leaves hundreds
        lines += textwrap.wrap(
            ", ".join(unseen_ops),
            100,
            initial_indent="  never called: ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    for op_id, missing in unseen_status.items():
        lines.append(f"  {op_id}: never saw {', '.join(missing)}")
    if report.oracle_note:
        lines.append(report.oracle_note)
    failing = sum(1 for v in report.verdicts if not v.ok)
    disagree = sum(1 for v in report.verdicts if v.disagreements)
    lines.append(
        f"{len(report.verdicts)} pair(s), {failing} with violations, "
        f"{disagree} where the judges disagree"
    )
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> str:
    unseen_ops, unseen_status = report.coverage()
    data = {
        "ok": report.ok,
        "operations": {
            op: {
                "pairs": len(verdicts),
                "violations": [
                    {"source": v.exchange.source, "side": side, **violation.to_dict()}
                    for v in verdicts
                    for side, violation in v.violations
                ],
                "disagreements": [
                    {"source": v.exchange.source, "note": note}
                    for v in verdicts
                    for note in v.disagreements
                ],
            }
            for op, verdicts in report.by_operation().items()
        },
        "coverage": {"operations_never_called": unseen_ops, "statuses_never_seen": unseen_status},
        "oracle_note": report.oracle_note,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_junit(report: Report) -> str:
    """JUnit XML: one test case per exchange, its operation as the class name."""
    failing = sum(1 for v in report.verdicts if not v.ok)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuite name="specgen verify" tests="{len(report.verdicts)}" '
        f'failures="{failing}" errors="0">',
    ]
    for verdict in report.verdicts:
        name = quoteattr(
            f"{verdict.exchange.method} {verdict.exchange.url} -> {verdict.exchange.status}"
        )
        head = f"  <testcase classname={quoteattr(verdict.operation_id)} name={name}"
        if verdict.ok:
            lines.append(head + " />")
            continue
        text = "\n".join(f"{side} {v}" for side, v in verdict.violations)
        first = f"{verdict.violations[0][0]} {verdict.violations[0][1]}"
        lines.append(head + ">")
        lines.append(f"    <failure message={quoteattr(first)}>{_escape(text)}</failure>")
        lines.append("  </testcase>")
    lines.append("</testsuite>")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


FORMATS = {"text": format_text, "json": format_json, "junit": format_junit}
