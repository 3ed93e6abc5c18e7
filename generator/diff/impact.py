"""Client impact: an HTTP change set expressed on the generated Python surface.

The HTTP diff says what breaks for callers of the URLs; this says what breaks in users' Python
code, which is a different question. A path renamed under the same operationId breaks HTTP
callers but not `client.sora_cam.get_x()` (the regenerated method calls the new URL); an
operationId renamed on the same path leaves HTTP alone but renames the method, which breaks
every caller unless a deprecated alias keeps the old name.

Python severities are two: `breaking` (code that type-checked or ran before may fail now,
including a request the client's own validator now refuses) and `compatible` (additions,
widenings). From them comes a semver suggestion for the generated package: major if anything
breaks, minor if something was added, patch when only the HTTP side (or nothing visible) moved;
never below what the HTTP report implies for the operations the client calls (`behaviour`).

    impact = client_impact(old_surface, new_surface, diff_specs(old, new))
    impact.bump, impact.next_version("0.1.0"), impact.changes, impact.routes

Methods are paired across the two surfaces by Python name, then by operationId, then by HTTP
method + path (path parameter names ignored), then by the change set's operation-id-changed;
a pair under different names is a rename.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from generator.diff.model import ChangeSet
from generator.pytypes import split_union
from generator.surface import Field, Method, Surface


class PySeverity(StrEnum):
    """What a change does to code written against the previous package."""

    BREAKING = "breaking"
    COMPATIBLE = "compatible"


@dataclass(frozen=True)
class ClientChange:
    """One change of the Python surface. `subject` is what users write (`sora_cam.get_x`,
    `models.Device.name`, `models.PowerState.ON`)."""

    kind: str
    severity: PySeverity
    subject: str
    message: str
    old_operation_id: str | None = None
    new_operation_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.severity is not PySeverity.BREAKING, self.subject, self.kind, self.message)


@dataclass(frozen=True)
class Route:
    """A method that kept its Python name while the request it sends moved."""

    method: str
    old: str
    new: str


BUMPS = ("major", "minor", "patch", "none")


@dataclass(frozen=True)
class Impact:
    changes: tuple[ClientChange, ...]
    routes: tuple[Route, ...]
    http: ChangeSet

    @property
    def surface_changed(self) -> bool:
        return bool(self.changes)

    def count(self, severity: PySeverity) -> int:
        return sum(1 for c in self.changes if c.severity is severity)

    @property
    def breaking(self) -> list[ClientChange]:
        return [c for c in self.changes if c.severity is PySeverity.BREAKING]

    @property
    def surface_bump(self) -> str:
        """From the Python changes alone: major (breaking), minor (additions), patch (anything
        else moved), none."""
        if self.breaking:
            return "major"
        if self.changes:
            return "minor"
        if self.http or self.routes or self.http.version_changed:
            return "patch"
        return "none"

    @property
    def http_bump(self) -> str:
        """The least bump the HTTP report implies for the operations the client calls."""
        from generator.diff.behaviour import http_bump

        return http_bump(self.http)

    @property
    def bump(self) -> str:
        """The suggested release: the larger of `surface_bump` and `http_bump` (the one rule
        `specgen diff`, `pull --check` and `pull` share; README, "The generator")."""
        return min(self.surface_bump, self.http_bump, key=BUMPS.index)

    def next_version(self, current: str) -> str:
        return bump_version(current, self.bump)

    def renames(self) -> list[ClientChange]:
        return [c for c in self.changes if c.kind == "method-renamed"]


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-+.]?[0-9A-Za-z.+-]*)?$")


def bump_version(current: str, bump: str) -> str:
    """`1.4.2` + minor -> `1.5.0`; pre-release or local suffixes are dropped by a bump."""
    match = _VERSION.match(current.strip())
    if match is None:
        raise ValueError(f"package version {current!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(g) for g in match.groups())
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    if bump == "none":
        return current
    raise ValueError(f"unknown bump {bump!r}; expected one of {', '.join(BUMPS)}")


def client_impact(old: Surface, new: Surface, changeset: ChangeSet) -> Impact:
    """Every change of the Python surface from `old` to `new`, breaking first."""
    changes: list[ClientChange] = []
    routes: list[Route] = []
    pairs, removed, added = _pair_methods(old, new, changeset)
    for o, n in pairs:
        if o.key != n.key:
            changes.append(_renamed(o, n, new.aliases))
        if o.http != n.http:
            routes.append(Route(n.key, o.http, n.http))
        changes.extend(_method_changes(o, n))
    for o in removed:
        changes.append(
            _change(
                "method-removed",
                PySeverity.BREAKING,
                o.key,
                f"method removed (was {o.http})"
                + (f"; so are {o.pager.items}() and {o.pager.pages}()" if o.pager else ""),
                o,
                None,
            )
        )
    for n in added:
        changes.append(
            _change(
                "method-added", PySeverity.COMPATIBLE, n.key, f"new method for {n.http}", None, n
            )
        )
    for alias, target in sorted(old.aliases.items()):
        if alias not in new.aliases and alias not in new.methods:
            changes.append(
                ClientChange(
                    "alias-removed",
                    PySeverity.BREAKING,
                    alias,
                    f"deprecated alias of {target} removed",
                )
            )
    from generator.diff.behaviour import validator_changes

    changes.extend(validator_changes(changeset, new.by_operation_id()))
    changes.extend(_model_changes(old, new))
    changes.extend(_enum_changes(old, new))
    changes.extend(_alias_changes(old, new))
    changes.sort(key=ClientChange.sort_key)
    routes.sort(key=lambda r: r.method)
    return Impact(tuple(changes), tuple(routes), changeset)


# --- methods ---------------------------------------------------------------------------


def _route_key(http: str) -> str:
    """`GET /a/{id}` and `GET /a/{device_id}` are the same route."""
    return re.sub(r"\{[^}]*\}", "{}", http)


def _pair_methods(
    old: Surface, new: Surface, changeset: ChangeSet
) -> tuple[list[tuple[Method, Method]], list[Method], list[Method]]:
    left = dict(old.methods)
    right = dict(new.methods)
    pairs = [(left.pop(k), right.pop(k)) for k in sorted(set(left) & set(right))]
    renamed_ids = {
        c.old_operation_id: c.new_operation_id
        for c in changeset.changes
        if c.rule == "operation-id-changed" and c.old_operation_id
    }
    keys = (
        lambda m: m.operation_id,
        lambda m: _route_key(m.http),
    )
    for key in keys:
        index = {key(m): m for m in right.values()}
        for o in sorted(left.values(), key=lambda m: m.key):
            n = index.get(key(o))
            if n is not None and n.key in right:
                pairs.append((left.pop(o.key), right.pop(n.key)))
    by_id = {m.operation_id: m for m in right.values()}
    for o in sorted(left.values(), key=lambda m: m.key):
        n = by_id.get(renamed_ids.get(o.operation_id) or "")
        if n is not None and n.key in right:
            pairs.append((left.pop(o.key), right.pop(n.key)))
    return (
        pairs,
        sorted(left.values(), key=lambda m: m.key),
        sorted(right.values(), key=lambda m: m.key),
    )


def _change(
    kind: str,
    severity: PySeverity,
    subject: str,
    message: str,
    old: Method | None,
    new: Method | None,
    **details: Any,
) -> ClientChange:
    return ClientChange(
        kind=kind,
        severity=severity,
        subject=subject,
        message=message,
        old_operation_id=old.operation_id if old else None,
        new_operation_id=new.operation_id if new else None,
        details=details,
    )


def _renamed(o: Method, n: Method, aliases: Mapping[str, str]) -> ClientChange:
    why = (
        f"operationId {o.operation_id} -> {n.operation_id}"
        if o.operation_id != n.operation_id
        else "tag changed"
    )
    kept = aliases.get(o.key) == n.key
    message = f"renamed{' (alias kept)' if kept else ''}: {o.key} -> {n.key} ({why})"
    if not kept:
        message += "; calls to the old name fail"
    return _change(
        "method-renamed",
        PySeverity.COMPATIBLE if kept else PySeverity.BREAKING,
        o.key,
        message,
        o,
        n,
        new_name=n.key,
        alias_kept=kept,
    )


def _method_changes(o: Method, n: Method) -> Iterator[ClientChange]:
    subject = n.key
    for arg in o.args:
        now = n.arg(arg.name)
        if now is None:
            yield _change(
                "argument-removed",
                PySeverity.BREAKING,
                f"{subject}({arg.name})",
                f"argument `{arg.name}` removed; passing it raises TypeError",
                o,
                n,
            )
            continue
        if now.required and not arg.required:
            yield _change(
                "argument-made-required",
                PySeverity.BREAKING,
                f"{subject}({arg.name})",
                f"argument `{arg.name}` is now required",
                o,
                n,
            )
        elif arg.required and not now.required:
            yield _change(
                "argument-made-optional",
                PySeverity.COMPATIBLE,
                f"{subject}({arg.name})",
                f"argument `{arg.name}` is now optional",
                o,
                n,
            )
        if now.annotation != arg.annotation:
            widened = _widens(arg.annotation, now.annotation)
            yield _change(
                "argument-retyped",
                PySeverity.COMPATIBLE if widened else PySeverity.BREAKING,
                f"{subject}({arg.name})",
                f"argument `{arg.name}`: {arg.annotation} -> {now.annotation}"
                + (" (widened)" if widened else ""),
                o,
                n,
                old_annotation=arg.annotation,
                new_annotation=now.annotation,
            )
    for arg in n.args:
        if o.arg(arg.name) is None:
            yield _change(
                "argument-added",
                PySeverity.BREAKING if arg.required else PySeverity.COMPATIBLE,
                f"{subject}({arg.name})",
                f"{'required' if arg.required else 'optional'} argument `{arg.name}: "
                f"{arg.annotation}` added",
                o,
                n,
            )
    if o.returns != n.returns:
        narrowed = _widens(n.returns, o.returns)
        yield _change(
            "return-type-changed",
            PySeverity.COMPATIBLE if narrowed else PySeverity.BREAKING,
            subject,
            f"returns {o.returns} -> {n.returns}" + (" (narrowed)" if narrowed else ""),
            o,
            n,
            old_annotation=o.returns,
            new_annotation=n.returns,
        )
    yield from _pager_changes(o, n)
    if n.deprecated and not o.deprecated:
        yield _change(
            "method-deprecated", PySeverity.COMPATIBLE, subject, "operation marked deprecated", o, n
        )


def _pager_changes(o: Method, n: Method) -> Iterator[ClientChange]:
    """`iter_<method>()` and `iter_<method>_pages()`, gone or new.

    They exist while the operation names a next-key header (`x-soracom-cli-pagination` or the
    pin's `[pagination]`); a loop over `iter_x()` breaks when the header goes, though the plain
    method is unchanged. A renamed method renames its iterators too (reported with the method);
    what they yield follows the method's return type (reported as its change).
    """
    if o.pager and not n.pager:
        yield _change(
            "pagination-removed",
            PySeverity.BREAKING,
            n.key,
            f"{o.pager.items}() and {o.pager.pages}() removed: the operation no longer "
            f"pages by the {o.pager.header} header",
            o,
            n,
        )
    elif n.pager and not o.pager:
        yield _change(
            "pagination-added",
            PySeverity.COMPATIBLE,
            n.key,
            f"new {n.pager.items}() and {n.pager.pages}(), paging by the {n.pager.header} header",
            o,
            n,
        )


def _widens(old: str, new: str) -> bool:
    """Does `new` accept every value `old` accepted? (`Any` accepts everything.)"""
    new_parts = set(split_union(new))
    return "Any" in new_parts or set(split_union(old)) <= new_parts


# --- models, enums, aliases ------------------------------------------------------------

_UNSET = " | Unset"


def _plain(f: Field) -> str:
    return f.annotation.removesuffix(_UNSET)


def _model_changes(old: Surface, new: Surface) -> Iterator[ClientChange]:
    """Field changes, judged by where the model travels (see `Surface.direction`).

    Users construct request models and read response models: a new required field breaks
    constructors only, a field made optional (`T | Unset`) breaks type-checked readers only.
    """
    B, C = PySeverity.BREAKING, PySeverity.COMPATIBLE
    for name in sorted(set(old.models) - set(new.models)):
        yield ClientChange("model-removed", B, f"models.{name}", "model class removed")
    for name in sorted(set(new.models) - set(old.models)):
        yield ClientChange("model-added", C, f"models.{name}", "new model class")
    for name in sorted(set(old.models) & set(new.models)):
        ofields, nfields = old.models[name], new.models[name]
        direction = _merge(old.direction(name), new.direction(name))
        built, read = direction != "response", direction != "request"
        for fname, f in ofields.items():
            subject = f"models.{name}.{fname}"
            g = nfields.get(fname)
            if g is None:
                yield ClientChange(
                    "field-removed", B, subject, f"field `{fname}` ({f.wire}) removed"
                )
                continue
            if _plain(f) != _plain(g):
                ok = (not read and _widens(_plain(f), _plain(g))) or (
                    not built and _widens(_plain(g), _plain(f))
                )
                yield ClientChange(
                    "field-retyped",
                    C if ok else B,
                    subject,
                    f"field `{fname}`: {_plain(f)} -> {_plain(g)}",
                    details={"old_annotation": f.annotation, "new_annotation": g.annotation},
                )
            if g.required and not f.required:
                yield ClientChange(
                    "field-made-required",
                    B if built else C,
                    subject,
                    f"field `{fname}` is now required"
                    + (": constructors must pass it" if built else ""),
                )
            elif f.required and not g.required:
                yield ClientChange(
                    "field-made-optional",
                    B if read else C,
                    subject,
                    f"field `{fname}` is now optional"
                    + (": readers must handle UNSET" if read else ""),
                )
        for fname, g in nfields.items():
            if fname not in ofields:
                breaks = g.required and built
                yield ClientChange(
                    "field-added",
                    B if breaks else C,
                    f"models.{name}.{fname}",
                    f"{'required' if g.required else 'optional'} field `{fname}: "
                    f"{_plain(g)}` added" + ("; constructors must pass it" if breaks else ""),
                )


def _merge(a: str, b: str) -> str:
    """The direction over both versions: a model read before and built now is both."""
    return a if a == b else "both"


def _enum_changes(old: Surface, new: Surface) -> Iterator[ClientChange]:
    B, C = PySeverity.BREAKING, PySeverity.COMPATIBLE
    for name in sorted(set(old.enums) - set(new.enums)):
        yield ClientChange("enum-removed", B, f"models.{name}", "enum class removed")
    for name in sorted(set(new.enums) - set(old.enums)):
        yield ClientChange("enum-added", C, f"models.{name}", "new enum class")
    for name in sorted(set(old.enums) & set(new.enums)):
        omembers, nmembers = old.enums[name], new.enums[name]
        for member, value in omembers.items():
            subject = f"models.{name}.{member}"
            if member not in nmembers:
                yield ClientChange(
                    "enum-member-removed", B, subject, f"enum member {member} ({value!r}) removed"
                )
            elif nmembers[member] != value:
                yield ClientChange(
                    "enum-member-changed",
                    B,
                    subject,
                    f"enum member {member}: {value!r} -> {nmembers[member]!r}",
                )
        for member, value in nmembers.items():
            if member not in omembers:
                yield ClientChange(
                    "enum-member-added",
                    C,
                    f"models.{name}.{member}",
                    f"enum member {member} ({value!r}) added",
                )


def _alias_changes(old: Surface, new: Surface) -> Iterator[ClientChange]:
    B, C = PySeverity.BREAKING, PySeverity.COMPATIBLE
    for name in sorted(set(old.type_aliases) | set(new.type_aliases)):
        before, after = old.type_aliases.get(name), new.type_aliases.get(name)
        if before == after:
            continue
        if after is None:
            yield ClientChange("type-alias-removed", B, f"models.{name}", "type alias removed")
        elif before is None:
            yield ClientChange("type-alias-added", C, f"models.{name}", f"new type alias = {after}")
        else:
            yield ClientChange(
                "type-alias-retyped", B, f"models.{name}", f"type alias {before} -> {after}"
            )
