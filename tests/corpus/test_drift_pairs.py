"""The diff against oasdiff's own assertions (../shared/corpus/drift-pairs).

Each pair folder holds a base and a revision spec and `expected.json`: the change ids oasdiff's
tests assert and their levels (ERR = breaking, WARN = potentially breaking, INFO = non-breaking).
For every pair, every asserted change must be found with the same severity class; where oasdiff
ran all its checks, specgen must not report a breaking change oasdiff does not, except the
divergences listed (and justified) in `KNOWN_EXTRA_BREAKING`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.diff import RULES, Change, Severity, diff_specs
from generator.load import load_path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAIRS = SHARED / "corpus" / "drift-pairs"

LEVEL = {
    "ERR": Severity.BREAKING,
    "WARN": Severity.POTENTIALLY_BREAKING,
    "INFO": Severity.NON_BREAKING,
}

OURS_TO_OASDIFF: dict[str, str] = {
    "path-removed": "api-path-removed-without-deprecation",
    "path-removed-after-deprecation": "api-path-removed-with-deprecation",
    "operation-removed": "api-removed-without-deprecation",
    "operation-removed-after-deprecation": "api-removed-with-deprecation",
    "path-added": "endpoint-added",
    "operation-added": "endpoint-added",
    "operation-deprecated": "endpoint-deprecated",
    "operation-reactivated": "endpoint-reactivated",
    "operation-id-changed": "api-operation-id-removed",
    "request-parameter-removed": "request-parameter-removed",
    "request-parameter-added": "new-optional-request-parameter",
    "request-required-parameter-added": "new-required-request-parameter",
    "request-parameter-became-required": "request-parameter-became-required",
    "request-parameter-became-optional": "request-parameter-became-optional",
    "request-parameter-min-increased": "request-parameter-min-increased",
    "request-parameter-type-changed": "request-parameter-type-changed",
    "request-parameter-became-enum": "request-parameter-became-enum",
    "request-body-removed": "request-body-removed",
    "request-body-added-required": "request-body-added-required",
    "request-body-added-optional": "request-body-added-optional",
    "request-body-became-required": "request-body-became-required",
    "request-body-media-type-removed": "request-body-media-type-removed",
    "request-body-all-of-added": "request-body-all-of-added",
    "request-body-discriminator-mapping-added": "request-body-discriminator-mapping-added",
    "request-body-discriminator-mapping-deleted": "request-body-discriminator-mapping-deleted",
    "request-required-property-added": "new-required-request-property",
    "request-property-added": "new-optional-request-property",
    "request-property-removed": "request-property-removed",
    "request-property-became-required": "request-property-became-required",
    "request-property-became-optional": "request-property-became-optional",
    "request-property-pattern-added": "request-property-pattern-added",
    "request-property-pattern-changed": "request-property-pattern-changed",
    "request-property-all-of-added": "request-property-all-of-added",
    "request-property-discriminator-mapping-added": "request-property-discriminator-mapping-added",
    "request-property-discriminator-mapping-changed": "request-property-discriminator-mapping-changed",
    "request-property-discriminator-mapping-deleted": "request-property-discriminator-mapping-deleted",
    "response-success-status-removed": "response-success-status-removed",
    "response-non-success-status-removed": "response-non-success-status-removed",
    "response-media-type-removed": "response-media-type-removed",
    "response-optional-header-removed": "optional-response-header-removed",
    "response-required-header-removed": "required-response-header-removed",
    "response-body-became-nullable": "response-body-became-nullable",
    "response-body-type-changed": "response-body-type-changed",
    "response-body-one-of-removed": "response-body-one-of-removed",
    "response-property-one-of-removed": "response-property-one-of-removed",
    "response-property-enum-value-added": "response-property-enum-value-added",
    "response-property-became-optional": "response-property-became-optional",
    "response-property-pattern-added": "response-property-pattern-added",
    "response-property-pattern-changed": "response-property-pattern-changed",
    "response-required-property-removed": "response-required-property-removed",
    "response-optional-property-removed": "response-optional-property-removed",
    "security-removed": "api-global-security-removed",
}
"""Our rule id -> oasdiff's id for the same change (oasdiff splits some of ours further)."""

KNOWN_EXTRA_BREAKING: dict[str, dict[tuple[str, str], str]] = {
    "05-tag-deleted-plus-path-and-param-removals": {
        (
            "request-parameter-type-changed",
            "header parameter `user`",
        ): "oasdiff does not compare parameters defined with `content`; `user` went from a "
        "JSON object to a plain string, which old callers do not send",
        (
            "request-parameter-type-changed",
            "cookie parameter `test`",
        ): "same: a `content` parameter, object -> string",
        (
            "request-parameter-property-became-required",
            "query parameter `filter`",
        ): "same: a `content` parameter whose object now requires `type`",
        (
            "response-body-type-changed",
            "response 201 application/xml",
        ): "oasdiff skips type changes of this non-JSON body; string -> object changes the "
        "XML document callers receive",
    },
}
"""Breaking changes specgen reports and oasdiff does not, each with the reason we keep it."""


def _index() -> list[dict[str, Any]]:
    if not (PAIRS / "INDEX.json").is_file():
        return []
    return json.loads((PAIRS / "INDEX.json").read_text())


def _load_pair(folder: Path) -> tuple[Any, Any]:
    ext = "json" if (folder / "base.json").exists() else "yaml"
    return load_path(folder / f"base.{ext}"), load_path(folder / f"revision.{ext}")


def _oasdiff_id(change: Change) -> str:
    return OURS_TO_OASDIFF.get(change.rule, change.rule)


@pytest.fixture(scope="module")
def rule_levels() -> dict[str, Any]:
    return json.loads((PAIRS / "oasdiff-rule-levels.json").read_text())["rules"]


def test_corpus_is_present() -> None:
    if not PAIRS.is_dir():
        pytest.skip(f"drift pairs not found at {PAIRS}")
    assert len(_index()) == 20


def test_mapping_table_is_consistent(rule_levels: dict[str, Any]) -> None:
    """Every mapped rule exists on both sides; their severity classes agree unless noted."""
    if not PAIRS.is_dir():
        pytest.skip("drift pairs not found")
    deliberate = {
        # oasdiff INFO; we say potentially breaking: callers that ignored the deprecation still
        # break, the API only warned them.
        "path-removed-after-deprecation",
        "operation-removed-after-deprecation",
        # oasdiff INFO; we say potentially breaking: values the old pattern excluded may now
        # arrive at callers that relied on it.
        "response-property-pattern-changed",
    }
    for ours, theirs in OURS_TO_OASDIFF.items():
        assert ours in RULES, ours
        assert theirs in rule_levels, theirs
        levels = {LEVEL[x["level"]] for x in rule_levels[theirs]}
        if ours not in deliberate:
            assert RULES[ours] in levels, (ours, theirs, RULES[ours], levels)


@pytest.mark.parametrize("entry", _index(), ids=lambda e: e["dir"])
def test_pair(entry: dict[str, Any]) -> None:
    folder = PAIRS / entry["dir"]
    expected = json.loads((folder / "expected.json").read_text())
    changes = diff_specs(*_load_pair(folder), locate=False).changes
    found: dict[str, set[Severity]] = {}
    for change in changes:
        found.setdefault(_oasdiff_id(change), set()).add(change.severity)

    for test in expected["tests"]:
        asserted = test["asserted_change_ids"]
        for item in asserted:
            want = {LEVEL[level] for level in item["level"]}
            assert item["id"] in found, f"{test['test']}: {item['id']} not reported"
            assert found[item["id"]] & want, (item["id"], found[item["id"]], want)
        if test["asserted_count"]:
            ids = {item["id"] for item in asserted}
            count = Counter(_oasdiff_id(c) in ids for c in changes)[True]
            assert str(count) in test["asserted_count"], (test["test"], count)
        if test["checks_enabled"] != "ALL":
            continue
        allowed = {item["id"] for item in asserted if "ERR" in item["level"]}
        known = KNOWN_EXTRA_BREAKING.get(entry["dir"], {})
        extra = [
            c
            for c in changes
            if c.severity is Severity.BREAKING
            and _oasdiff_id(c) not in allowed
            and not any(c.rule == rule and c.message.startswith(where) for rule, where in known)
        ]
        assert not extra, [f"{c.rule}: {c.message}" for c in extra]
        if test["asserts_no_changes"]:
            worrying = [c for c in changes if c.severity is not Severity.NON_BREAKING]
            assert not worrying, [f"{c.rule}: {c.message}" for c in worrying]


def test_known_divergences_still_happen() -> None:
    """A listed divergence that no longer occurs must be removed from the list."""
    for folder_name, known in KNOWN_EXTRA_BREAKING.items():
        changes = diff_specs(*_load_pair(PAIRS / folder_name), locate=False).changes
        for rule, where in known:
            assert any(c.rule == rule and c.message.startswith(where) for c in changes), (
                rule,
                where,
            )
