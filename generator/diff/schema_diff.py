"""Compare two schemas by resolved content, in one direction (request or response).

The result is a tuple of `Finding`s: the kind of change (a key of `rules.SCHEMA_KINDS` or
`rules.PROPERTY_KINDS`), the property path from the compared root, and the pointers of the
affected nodes in both documents. The operation walker turns findings into rule ids and messages,
because only it knows where the schema sits (request body, parameter, response header...).

Why it is linear: a pair of resolved nodes is walked once per direction for the whole
document pair, keyed by node identity. The walk records the pair's own findings and its edges to
child pairs (property, items, composition member), never copies of the children's findings, so a
component used by 300 operations, or reached along many routes through other components, is
walked once. Whether a pair has any change below it ("dirty") is settled per strongly connected
group of pairs (Tarjan), which makes recursive schemas cost no more than acyclic ones.

Each root (a body, parameter or header schema of one operation) then collects findings by walking
only dirty pairs, each pair at most once, breadth first: a change inside a shared `$ref` target
is reported once per operation, at the shortest property path that reaches it, not once per
route (routes through a densely linked spec are exponential in number).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import join_pointer
from generator.diff.rules import BOUNDS
from generator.diff.walk import Document, ref_name

COMPOSITIONS = ("allOf", "oneOf", "anyOf")
_COMPOSITION_KINDS = {"allOf": "all-of", "oneOf": "one-of", "anyOf": "any-of"}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    path: tuple[str, ...]
    old_pointer: str | None
    new_pointer: str | None
    old: Any = None
    new: Any = None
    about_property: bool = False

    def within(self, prefix: tuple[str, ...]) -> Finding:
        """The same finding seen from `prefix` levels higher up."""
        return Finding(
            self.kind,
            (*prefix, *self.path),
            self.old_pointer,
            self.new_pointer,
            self.old,
            self.new,
            self.about_property,
        )

    @property
    def in_property(self) -> bool:
        """True when the change sits inside a property (or items), not on the root schema.

        Composition members (`allOf[Dog]`) are transparent: a type change of a body's `allOf`
        member is still a change of the body.
        """
        if self.about_property:
            return True
        return any(not seg.startswith(("allOf[", "oneOf[", "anyOf[")) for seg in self.path)


Key = tuple[int, int, str]


class _Pair:
    """What one walk of a pair of resolved nodes found: its own findings and its child edges."""

    __slots__ = ("items", "index", "low", "on_stack", "dirty", "local", "provisional")

    def __init__(self, index: int) -> None:
        self.items: list[Finding | tuple[str, Key]] = []
        self.index = index
        self.low = index
        self.on_stack = True
        self.dirty = False  # settled when the pair's strongly connected group is complete
        self.local = False
        self.provisional = False  # dirty as far as known while the group is still open


class SchemaDiffer:
    """Memoized, cycle-safe schema comparison between two documents (see the module docstring)."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old = old
        self.new = new
        self._pairs: dict[Key, _Pair] = {}
        self._stack: list[Key] = []
        self._counter = 0

    def diff(
        self, old: Any, old_ptr: str, new: Any, new_ptr: str, direction: str
    ) -> tuple[Finding, ...]:
        key = self._visit(old, old_ptr, new, new_ptr, direction)
        if key is None or not self._pairs[key].dirty:
            return ()
        return self._collect(key)

    # -- building the pair graph -----------------------------------------------------------------

    def _visit(self, o: Any, op: str, n: Any, np: str, direction: str) -> Key | None:
        """Walk the pair once (memoized); None when either side is not a schema object."""
        o, op = self.old.resolve(o, op)
        n, np = self.new.resolve(n, np)
        if not isinstance(o, dict) or not isinstance(n, dict):
            return None
        key = (id(o), id(n), direction)
        if key in self._pairs:
            return key
        pair = _Pair(self._counter)
        self._counter += 1
        self._pairs[key] = pair
        self._stack.append(key)
        walk = _Walk(self, pair, o, op, n, np, direction)
        walk.run()
        pair.local = any(isinstance(item, Finding) for item in pair.items)
        pair.provisional = pair.provisional or pair.local
        if pair.low == pair.index:
            self._settle(key)
        return key

    def _reach(self, pair: _Pair, key: Key | None) -> bool:
        """Note an edge (or a trial comparison) from `pair` to `key`; True when `key` differs."""
        if key is None:
            return False
        child = self._pairs[key]
        if child.on_stack:
            pair.low = min(pair.low, child.low)
            return child.provisional
        return child.dirty

    def _settle(self, root: Key) -> None:
        """Close the strongly connected group rooted at `root`: decide `dirty` for each member."""
        group: list[Key] = []
        while True:
            key = self._stack.pop()
            self._pairs[key].on_stack = False
            group.append(key)
            if key == root:
                break
        members = set(group)
        parents: dict[Key, list[Key]] = {}
        work: list[Key] = []
        for key in group:
            pair = self._pairs[key]
            dirty = pair.local
            for item in pair.items:
                if isinstance(item, Finding):
                    continue
                child = item[1]
                if child in members:
                    parents.setdefault(child, []).append(key)
                elif self._pairs[child].dirty:
                    dirty = True
            if dirty:
                pair.dirty = True
                work.append(key)
        while work:
            for parent in parents.get(work.pop(), ()):
                if not self._pairs[parent].dirty:
                    self._pairs[parent].dirty = True
                    work.append(parent)

    # -- reading findings for one root -------------------------------------------------------------

    def _collect(self, root: Key) -> tuple[Finding, ...]:
        """Findings under `root`, each dirty pair once, along its shortest route from the root
        (breadth first; ties go to the walk order: properties, items, compositions)."""
        out: list[Finding] = []
        seen = {root}
        queue: deque[tuple[Key, tuple[str, ...]]] = deque([(root, ())])
        while queue:
            key, prefix = queue.popleft()
            for item in self._pairs[key].items:
                if isinstance(item, Finding):
                    out.append(item.within(prefix) if prefix else item)
                    continue
                segment, child = item
                if child not in seen and self._pairs[child].dirty:
                    seen.add(child)
                    queue.append((child, (*prefix, segment)))
        return tuple(out)


class _Walk:
    """One comparison of two resolved schema objects."""

    def __init__(
        self,
        differ: SchemaDiffer,
        pair: _Pair,
        o: dict[str, Any],
        op: str,
        n: dict[str, Any],
        np: str,
        direction: str,
    ) -> None:
        self.differ = differ
        self.pair = pair
        self.o, self.op, self.n, self.np = o, op, n, np
        self.request = direction == "request"
        self.direction = direction
        self.found = pair.items

    def add(
        self,
        kind: str,
        key: str | None = None,
        old: Any = None,
        new: Any = None,
        *,
        about_property: bool = False,
    ) -> None:
        op = join_pointer(self.op, key) if key and key in self.o else self.op
        np = join_pointer(self.np, key) if key and key in self.n else self.np
        self.found.append(Finding(kind, (), op, np, old, new, about_property))

    def child(self, segment: str, o: Any, op: str, n: Any, np: str) -> None:
        key = self.differ._visit(o, op, n, np, self.direction)
        if key is not None:
            if self.differ._reach(self.pair, key):
                self.pair.provisional = True
            self.found.append((segment, key))

    def differs(self, o: Any, op: str, n: Any, np: str) -> bool:
        """A trial comparison (composition matching): does anything differ under the pair?"""
        key = self.differ._visit(o, op, n, np, self.direction)
        return self.differ._reach(self.pair, key)

    def run(self) -> None:
        o, n = self.o, self.n
        if "$ref" in o or "$ref" in n:  # an unresolvable reference: compare the strings
            if o.get("$ref") != n.get("$ref"):
                self.add("ref-changed", None, o.get("$ref"), n.get("$ref"))
            return
        if self.types():
            # Different kinds of value: listing every property or bound that went with the old
            # type would bury the one change that matters.
            return
        self.enums()
        self.bounds()
        self.scalars()
        self.properties()
        self.additional_properties()
        if isinstance(o.get("items"), dict) and isinstance(n.get("items"), dict):
            self.child(
                "items",
                o["items"],
                join_pointer(self.op, "items"),
                n["items"],
                join_pointer(self.np, "items"),
            )
        for keyword in COMPOSITIONS:
            self.composition(keyword)
        self.discriminator()

    # -- value-level keywords ------------------------------------------------------------------

    def types(self) -> bool:
        """Compare type, format and nullable; True when the type changed outright."""
        ot, nt = self.o.get("type"), self.n.get("type")
        if ot is not None and nt is not None and ot != nt:
            if (ot, nt) == ("integer", "number"):
                kind = "type-generalized"
            elif (ot, nt) == ("number", "integer"):
                kind = "type-specialized"
            else:
                kind = "type-changed"
            self.add(kind, "type", ot, nt)
            if kind == "type-changed":
                return True
        elif self.o.get("format") != self.n.get("format"):
            self.add("format-changed", "format", self.o.get("format"), self.n.get("format"))
        on, nn = bool(self.o.get("nullable")), bool(self.n.get("nullable"))
        if on != nn:
            self.add("became-nullable" if nn else "became-not-nullable", "nullable", on, nn)
        return False

    def enums(self) -> None:
        oe, ne = self.o.get("enum"), self.n.get("enum")
        if oe is None and ne is None:
            return
        if oe is None:
            self.add("became-enum", "enum", None, ne)
        elif ne is None:
            self.add("enum-removed", "enum", oe, None)
        elif isinstance(oe, list) and isinstance(ne, list):
            for value in ne:
                if value not in oe:
                    self.add("enum-value-added", "enum", None, value)
            for value in oe:
                if value not in ne:
                    self.add("enum-value-removed", "enum", value, None)

    def bounds(self) -> None:
        for keyword, stem, _ in BOUNDS:
            ov, nv = self.o.get(keyword), self.n.get(keyword)
            if ov == nv:
                continue
            if ov is None:
                self.add(f"{stem}-set", keyword, None, nv)
            elif nv is None:
                self.add(f"{stem}-unset", keyword, ov, None)
            else:
                try:
                    larger = nv > ov
                except TypeError:
                    continue
                self.add(f"{stem}-{'increased' if larger else 'decreased'}", keyword, ov, nv)
        for keyword, stem in (
            ("exclusiveMaximum", "exclusive-max"),
            ("exclusiveMinimum", "exclusive-min"),
        ):
            ov, nv = bool(self.o.get(keyword)), bool(self.n.get(keyword))
            if ov != nv:
                self.add(f"{stem}-{'set' if nv else 'unset'}", keyword, ov, nv)

    def scalars(self) -> None:
        op, np = self.o.get("pattern"), self.n.get("pattern")
        if op != np:
            if op is None:
                kind = "pattern-added"
            else:
                kind = "pattern-removed" if np is None else "pattern-changed"
            self.add(kind, "pattern", op, np)
        if "default" in self.o or "default" in self.n:
            od, nd = self.o.get("default"), self.n.get("default")
            if "default" not in self.o:
                self.add("default-value-added", "default", None, nd)
            elif "default" not in self.n:
                self.add("default-value-removed", "default", od, None)
            elif od != nd:
                self.add("default-value-changed", "default", od, nd)
        ou, nu = bool(self.o.get("uniqueItems")), bool(self.n.get("uniqueItems"))
        if ou != nu:
            self.add("unique-items-set" if nu else "unique-items-unset", "uniqueItems", ou, nu)

    # -- objects -------------------------------------------------------------------------------

    def properties(self) -> None:
        oprops = self.o.get("properties") or {}
        nprops = self.n.get("properties") or {}
        if not isinstance(oprops, dict) or not isinstance(nprops, dict):
            return
        # A readOnly property is not part of a request, a writeOnly one not part of a response
        # (OAS 3.0.3, Schema Object: "required" then applies in the other direction only):
        # presence rules see only the properties that travel in this direction, so a new
        # required readOnly property changes no request, and a property that became readOnly
        # left the request. Their contents are still compared (oasdiff does the same).
        hidden = "readOnly" if self.request else "writeOnly"
        o_all, n_all = oprops, nprops
        oprops = self._travelling(o_all, self.differ.old, hidden)
        nprops = self._travelling(n_all, self.differ.new, hidden)
        # `required` names with no declared property are an authoring slip the validator reports;
        # only declared properties take part in presence rules.
        oreq = set(self.o.get("required") or []) & oprops.keys()
        nreq = set(self.n.get("required") or []) & nprops.keys()
        opp = join_pointer(self.op, "properties")
        npp = join_pointer(self.np, "properties")
        for name in oprops:
            if name in nprops:
                continue
            if name in n_all:
                kind = "became-read-only" if self.request else "became-write-only"
                np = join_pointer(npp, name)
                self.found.append(
                    Finding(kind, (name,), join_pointer(opp, name), np, about_property=True)
                )
                continue
            if self.request:
                kind = "removed"
            else:
                kind = "required-removed" if name in oreq else "optional-removed"
            self.found.append(
                Finding(
                    kind,
                    (name,),
                    join_pointer(opp, name),
                    npp if "properties" in self.n else self.np,
                    about_property=True,
                )
            )
        for name in nprops:
            if name in oprops:
                continue
            kind = "required-added" if name in nreq and self.request else "added"
            self.found.append(
                Finding(
                    kind,
                    (name,),
                    opp if "properties" in self.o else self.op,
                    join_pointer(npp, name),
                    about_property=True,
                )
            )
        for name in o_all:
            if name not in n_all:
                continue
            op, np = join_pointer(opp, name), join_pointer(npp, name)
            if name in oprops and name in nprops and (name in oreq) != (name in nreq):
                kind = "became-required" if name in nreq else "became-optional"
                self.found.append(Finding(kind, (name,), op, np, about_property=True))
            o_dep = self.differ.old.resolve(o_all[name], op)[0]
            n_dep = self.differ.new.resolve(n_all[name], np)[0]
            if (
                isinstance(o_dep, dict)
                and isinstance(n_dep, dict)
                and not o_dep.get("deprecated")
                and n_dep.get("deprecated")
            ):
                self.found.append(Finding("deprecated", (name,), op, np, about_property=True))
            self.child(name, o_all[name], op, n_all[name], np)

    @staticmethod
    def _travelling(props: dict[str, Any], doc: Document, hidden: str) -> dict[str, Any]:
        """`props` without those marked `hidden` (readOnly or writeOnly), in declared order."""
        kept = {}
        for name, schema in props.items():
            resolved = doc.resolve(schema, "")[0]
            if not (isinstance(resolved, dict) and resolved.get(hidden) is True):
                kept[name] = schema
        return kept

    def additional_properties(self) -> None:
        key = "additionalProperties"
        oa, na = self.o.get(key, True), self.n.get(key, True)
        if oa == {}:
            oa = True
        if na == {}:
            na = True
        if oa == na:
            return
        if isinstance(oa, dict) and isinstance(na, dict):
            self.child("*", oa, join_pointer(self.op, key), na, join_pointer(self.np, key))
        elif na is False or (oa is True and isinstance(na, dict)):
            self.add("additional-properties-restricted", key, oa, na)
        elif oa is False or (isinstance(oa, dict) and na is True):
            self.add("additional-properties-allowed", key, oa, na)

    # -- composition ---------------------------------------------------------------------------

    def composition(self, keyword: str) -> None:
        olist, nlist = self.o.get(keyword), self.n.get(keyword)
        if not isinstance(olist, list):
            olist = []
        if not isinstance(nlist, list):
            nlist = []
        if not olist and not nlist:
            return
        base_o, base_n = join_pointer(self.op, keyword), join_pointer(self.np, keyword)
        pairs, gone, new = self._match(olist, base_o, nlist, base_n)
        stem = _COMPOSITION_KINDS[keyword]
        for i in gone:
            self.found.append(
                Finding(
                    f"{stem}-removed",
                    (),
                    join_pointer(base_o, i),
                    base_n if nlist else self.np,
                    _label(olist[i], i),
                    None,
                )
            )
        for j in new:
            self.found.append(
                Finding(
                    f"{stem}-added",
                    (),
                    base_o if olist else self.op,
                    join_pointer(base_n, j),
                    None,
                    _label(nlist[j], j),
                )
            )
        for i, j in pairs:
            self.child(
                f"{keyword}[{_label(nlist[j], j)}]",
                olist[i],
                join_pointer(base_o, i),
                nlist[j],
                join_pointer(base_n, j),
            )

    def _match(
        self, olist: list[Any], base_o: str, nlist: list[Any], base_n: str
    ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """Pair members: same reference, then equal content, then same title, then position."""
        old_left = list(range(len(olist)))
        new_left = list(range(len(nlist)))
        pairs: list[tuple[int, int]] = []

        def take(i: int, j: int) -> None:
            pairs.append((i, j))
            old_left.remove(i)
            new_left.remove(j)

        for i in list(old_left):
            name = _ref(olist[i])
            match = next((j for j in new_left if name and _ref(nlist[j]) == name), None)
            if match is not None:
                take(i, match)
        for i in list(old_left):
            for j in new_left:
                if not self.differs(
                    olist[i], join_pointer(base_o, i), nlist[j], join_pointer(base_n, j)
                ):
                    take(i, j)
                    break
        for i in list(old_left):
            title = _title(self.differ.old, olist[i])
            match = next(
                (j for j in new_left if title and _title(self.differ.new, nlist[j]) == title), None
            )
            if match is not None:
                take(i, match)
        if len(old_left) == len(new_left):
            for i, j in list(zip(old_left, new_left, strict=True)):
                take(i, j)
        return sorted(pairs), old_left, new_left

    def discriminator(self) -> None:
        od, nd = self.o.get("discriminator"), self.n.get("discriminator")
        key = "discriminator"
        if not isinstance(od, dict):
            if isinstance(nd, dict):
                self.add("discriminator-added", key, None, nd.get("propertyName"))
            return
        if not isinstance(nd, dict):
            self.add("discriminator-removed", key, od.get("propertyName"), None)
            return
        if od.get("propertyName") != nd.get("propertyName"):
            self.add(
                "discriminator-property-name-changed",
                key,
                od.get("propertyName"),
                nd.get("propertyName"),
            )
        # Mapping values are compared as written: they name the schema a value selects, and the
        # variants' contents are compared through oneOf/anyOf.
        om, nm = od.get("mapping") or {}, nd.get("mapping") or {}
        for value in nm:
            if value not in om:
                self.add("discriminator-mapping-added", key, None, value)
            elif om[value] != nm[value]:
                self.add(
                    "discriminator-mapping-changed",
                    key,
                    f"{value}: {om[value]}",
                    f"{value}: {nm[value]}",
                )
        for value in om:
            if value not in nm:
                self.add("discriminator-mapping-deleted", key, value, None)


def _ref(node: Any) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref if isinstance(ref, str) else None


def _title(doc: Document, node: Any) -> str | None:
    resolved = doc.resolve(node, "")[0]
    title = resolved.get("title") if isinstance(resolved, dict) else None
    return title if isinstance(title, str) else None


def _label(node: Any, index: int) -> str:
    name = ref_name(node)
    if name:
        return name
    title = node.get("title") if isinstance(node, dict) else None
    return title if isinstance(title, str) else str(index)


def render_value(value: Any) -> str:
    """A compact, unambiguous rendering of a spec value for messages."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
