"""Stage 3, resolve: `$ref`s to other files are bundled in, so only local `#/...` refs remain.

Why bundle rather than dereference everything: later stages (IR, naming) need to see that two
places share one schema, and recursive schemas must stay finite. So each external target is
placed once, and every later reference to the same target (including a reference from inside
itself: a cycle, across any number of files) becomes a local ref to that place:

- a schema from another file goes to `components/schemas` (named after its file or its last
  pointer token, made unique) and is referred to from there, so a chain or cycle of thousands of
  schema files bundles into a flat document (no nesting as deep as the chain); a root
  `components/schemas/X: {$ref: file}` keeps the name X;
- any other object (path item, operation, parameter, response...) is inlined where the root's
  `components` names it (`components/parameters/X: {$ref: file}`), else at the first place
  that refers to it;
- a `$ref` as the value of `description` or `summary` becomes that file's text (Markdown is
  read as text, a YAML/JSON target must be a string);
- refs inside `x-` extensions and inside data (`example`, `default`, `enum`, `const`) are opaque
  values: copied, never followed.

Refs are resolved relative to the file they are written in; each file is read and parsed once
(`RefResolver.docs`). `Bundle.locate` maps a pointer of the bundled document back to
file:line:col in the file that holds it, so problems found after bundling are reported where
they are written.

Policy (issue 2, point 3): a spec is untrusted input, so by default it may only pull in files
from its own folder (and below). Refs that climb out of it, and refs to URLs, are refused with
a `SpecError` (codes `ref-outside-folder`, `ref-remote`) unless the caller allows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.diagnostics import (
    Diagnostic,
    Level,
    Location,
    PointerPath,
    SpecError,
    join_pointer,
    pointer_of,
    resolve_pointer,
    unescape_pointer_token,
)
from generator.gcpause import paused
from generator.load import LoadedSpec, _find_position, _round_trip, parse_fragment

REMOTE_TIMEOUT = 10.0
"""Seconds allowed for fetching one remote ref (only when remote refs are allowed)."""

REMOTE_MAX_BYTES = 20 * 1024 * 1024
"""Largest remote document accepted (bytes): a spec is untrusted, so is what it points to."""


class RefProblem(Exception):
    """Why one ref cannot be followed: a stable code and a message (the caller adds where)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_remote(ref: str) -> bool:
    return urlsplit(ref).scheme.lower() in {"http", "https", "ftp", "file"} or ref.startswith("//")


@dataclass
class RefResolver:
    """Finds and loads the targets of refs, applying the folder/remote policy.

    Documents are keyed by absolute path (or URL); the root spec is pre-loaded so refs back
    into it resolve to the data already in memory.
    """

    spec: LoadedSpec
    allow_remote: bool = False
    allow_outside: bool = False
    docs: dict[str, Any] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    """The bytes of every file read (positions are computed from them on demand)."""
    source: bool = False
    """Resolve into the document as written (`spec.source`) rather than `spec.data`."""

    def __post_init__(self) -> None:
        self.docs[self.root_key] = self.spec.source if self.source else self.spec.data

    @cached_property
    def root_key(self) -> str:
        return str(self.spec.path.resolve()) if self.spec.path else self.spec.name

    @cached_property
    def root_dir(self) -> Path | None:
        return self.spec.path.resolve().parent if self.spec.path else None

    def target(self, ref: str, base: str) -> tuple[str, str]:
        """(document key, fragment) that `ref`, written in document `base`, points to."""
        file_part, _, fragment = ref.partition("#")
        if not file_part:
            return base, fragment
        if is_remote(file_part) or is_remote(base):
            if not self.allow_remote:
                raise RefProblem(
                    "ref-remote",
                    f"$ref '{ref}' points to a URL; remote refs are refused "
                    "unless allowed (--allow-remote-refs)",
                )
            from urllib.parse import urljoin

            return urljoin(base, file_part) if is_remote(base) else file_part, fragment
        if self.root_dir is None:
            raise RefProblem(
                "unresolved-ref",
                f"$ref '{ref}' names a file, but the spec was "
                "not read from a file, so there is no folder to look in",
            )
        path = (Path(base).parent / unquote(file_part)).resolve()
        if not self.allow_outside and not path.is_relative_to(self.root_dir):
            raise RefProblem(
                "ref-outside-folder",
                f"$ref '{ref}' points outside the spec's folder "
                f"({self.root_dir.name}/); refused unless allowed (--allow-outside-refs)",
            )
        return str(path), fragment

    def load(self, key: str) -> Any:
        if key not in self.docs:
            if is_remote(key):
                self.docs[key] = self._fetch(key)
            elif not Path(key).is_file():
                raise RefProblem("unresolved-ref", "the file does not exist")
            else:
                try:
                    content = Path(key).read_bytes()
                except OSError as exc:
                    reason = f"cannot read file: {exc.strerror}"
                    raise RefProblem("unresolved-ref", reason) from None
                self.contents[key] = content
                self.docs[key] = parse_fragment(content, self.display(key))
        return self.docs[key]

    def display(self, key: str) -> str:
        """How a file is named in diagnostics: beside the spec as the user named it."""
        if key == self.root_key or is_remote(key) or self.root_dir is None:
            return self.spec.name if key == self.root_key else key
        try:
            relative = Path(key).relative_to(self.root_dir)
        except ValueError:
            return key
        return str(Path(self.spec.name).parent / relative)

    def value(self, ref: str, base: str) -> tuple[str, str, Any]:
        """(document key, fragment, value) for `ref`; `RefProblem` when it cannot be followed."""
        key, fragment = self.target(ref, base)
        try:
            doc = self.load(key)
        except SpecError as exc:
            message = exc.diagnostics[0].message
            raise RefProblem("unresolved-ref", f"$ref '{ref}': {message}") from None
        except RefProblem as exc:
            raise RefProblem(exc.code, f"$ref '{ref}': {exc.message}") from None
        try:
            return key, fragment, resolve_pointer(doc, fragment)
        except LookupError as exc:
            raise RefProblem("unresolved-ref", f"$ref '{ref}' does not resolve: {exc}") from None

    def _fetch(self, url: str) -> Any:
        """GET `url` (timeout `REMOTE_TIMEOUT`, at most `REMOTE_MAX_BYTES`) and parse it."""
        import httpx

        chunks: list[bytes] = []
        received = 0
        try:
            with httpx.stream("GET", url, timeout=REMOTE_TIMEOUT, follow_redirects=True) as reply:
                reply.raise_for_status()
                for chunk in reply.iter_bytes():
                    received += len(chunk)
                    if received > REMOTE_MAX_BYTES:
                        raise RefProblem(
                            "unresolved-ref",
                            f"'{url}' is larger than {REMOTE_MAX_BYTES // (1024 * 1024)} MiB",
                        )
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise RefProblem("unresolved-ref", f"cannot fetch '{url}': {exc}") from None
        content = b"".join(chunks)
        self.contents[url] = content
        return parse_fragment(content, url)


_SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
    | {"unevaluatedProperties", "unevaluatedItems"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_DATA = frozenset({"example", "default", "enum", "const", "examples"})
_TEXT_KEYS = frozenset({"description", "summary"})
_IN_SCHEMA = {
    **dict.fromkeys(_DATA, "data"),
    **dict.fromkeys(_SCHEMA_ONE | _SCHEMA_LISTS, "schema"),
    **dict.fromkeys(_SCHEMA_MAPS, "map"),
}
"""The context of a value under each keyword of a schema (any other keyword: "doc")."""
_TEXT_SUFFIXES = (".yaml", ".yml", ".json")
_NAME_CHARS = __import__("re").compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Bundle:
    """A bundled document, where each part of it came from, and the problems met."""

    document: dict[str, Any]
    resolver: RefResolver
    origins: dict[str, tuple[str, str]]
    """Bundled pointer -> (file key, pointer in that file) for every placed part."""
    problems: list[Diagnostic]
    _positions: dict[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> int:
        """How many files the document is made of (the spec included)."""
        return len(self.resolver.docs)

    def origin(self, pointer: str) -> tuple[str, str]:
        """(file key, pointer in that file) of the value at bundled `pointer`."""
        probe = pointer
        while True:
            if probe in self.origins:
                key, start = self.origins[probe]
                return key, start + pointer[len(probe) :]
            if not probe:
                return self.resolver.root_key, pointer
            probe = probe.rsplit("/", 1)[0]

    def locate(self, pointer: str) -> Location:
        """file:line:col, in the file it is written in, of the value at bundled `pointer`."""
        key, inner = self.origin(pointer)
        return self.locate_in(key, inner)

    def locate_in(self, key: str, pointer: str) -> Location:
        resolver = self.resolver
        if key == resolver.root_key:
            return resolver.spec.locate(pointer)
        if key not in self._positions:
            content = resolver.contents.get(key)
            self._positions[key] = _round_trip(content) if content is not None else None
        return _find_position(resolver.display(key), self._positions[key], pointer)


class BundledSpec(LoadedSpec):
    """A spec whose `data` is the bundled document; positions map back to each file."""

    bundle_map: Bundle

    @classmethod
    def of(cls, spec: LoadedSpec, result: Bundle) -> BundledSpec:
        bundled = cls(name=spec.name, data=result.document, content=spec.content, path=spec.path)
        bundled.bundle_map = result
        if spec.raw is not None:
            from generator.oas31 import downgrade

            bundled.raw = result.document
            bundled.data = downgrade(result.document)
        return bundled

    def locate(self, pointer: str) -> Location:
        return self.bundle_map.locate(pointer)


def as_one_document(
    spec: LoadedSpec, *, allow_remote: bool = False, allow_outside: bool = False
) -> LoadedSpec:
    """`spec` itself when it is one file; else its bundle as a spec whose positions map back to
    each file (for stages that only follow local refs, such as the diff). Raises `SpecError`
    when a ref cannot be followed."""
    if not has_external_refs(spec.source):
        return spec
    result = bundle_map(spec, allow_remote=allow_remote, allow_outside=allow_outside)
    if result.problems:
        raise SpecError(result.problems)
    return BundledSpec.of(spec, result)


def has_external_refs(data: Any) -> bool:
    """Whether any `$ref` outside extensions and data points at another file or URL."""
    stack = [data]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return True
            for k, v in node.items():
                if isinstance(v, (dict, list)) and not (k.startswith("x-") or k == "example"):
                    push(v)
        elif isinstance(node, list):
            for v in node:
                if isinstance(v, (dict, list)):
                    push(v)
    return False


def _local_bundle(data: dict[str, Any], keep_siblings: bool) -> dict[str, Any] | None:
    """What `_Bundler.run` gives for a document whose `$ref`s are all local, else None.

    Such a document places nothing and reads no file: its bundle is a copy in which each
    Reference Object's siblings are dropped (3.0) or follow its `$ref` (3.1). Made here as a
    C deep copy plus one pass in the bundler's contexts (`_child`; data and extensions not
    entered), without the bundler's per-node pointers. None (the bundler decides) as soon as
    the pass meets what the bundler would follow: a `$ref` to a file or URL, or one standing
    for a `description`/`summary` text.
    """
    if isinstance(data.get("$ref"), str):
        return None  # the whole document is a reference
    for entries in _get_map(data, "components").values():  # `X: {$ref: file}`, placed as X
        for value in entries.values() if isinstance(entries, dict) else ():
            ref = value.get("$ref") if isinstance(value, dict) else None
            if isinstance(ref, str) and not ref.startswith("#") and len(value) == 1:
                return None
    copied = _plain_copy(data)
    if copied is None:
        return None
    stack: list[tuple[Any, str, str | None]] = [(copied, "doc", "")]
    pop, push = stack.pop, stack.append
    while stack:
        node, ctx, pointer = pop()
        if isinstance(node, list):
            child = "schema" if ctx == "schema" else "doc"
            items: Any = enumerate(node)
        else:
            child = ""
            items = node.items()
        for k, v in items:
            kind = v.__class__
            if kind is not dict and kind is not list:
                continue  # a scalar (the copy holds exact dicts and lists only)
            if child:
                here = child
            elif ctx == "map":
                here = "schema"
            elif k.startswith("x-"):
                continue  # an extension: opaque data, copied as is
            elif k in _TEXT_KEYS and kind is dict and isinstance(v.get("$ref"), str):
                return None  # the text a ref points at
            elif ctx == "schema":
                here = _IN_SCHEMA.get(k, "doc")  # `_child`, inlined
            else:
                here = _child(ctx, k, pointer or "")
            if here == "data":
                continue
            if here != "map" and kind is dict and isinstance(v.get("$ref"), str):
                ref = v["$ref"]
                if not ref.startswith("#"):
                    return None  # another file or a URL
                if len(v) > 1:  # OAS 3.0 drops a Reference Object's siblings; 3.1 keeps them
                    siblings = {s: w for s, w in v.items() if s != "$ref"} if keep_siblings else {}
                    node[k] = {"$ref": ref, **siblings}
                continue
            push((v, here, "/components" if pointer == "" and k == "components" else None))
    return copied


def _plain_copy(data: dict[str, Any]) -> dict[str, Any] | None:
    """A deep copy of plain data (the bundler's walk makes fresh containers too); None when it
    holds anything marshal refuses (a subclass such as OrderedDict, an object, a cycle), which
    the walk then handles. Version 2 has no back-references, so nothing comes out shared."""
    import marshal

    try:
        return marshal.loads(marshal.dumps(data, 2))  # type: ignore[no-any-return]
    except (ValueError, RecursionError):
        return None


def bundle(
    spec: LoadedSpec, *, allow_remote: bool = False, allow_outside: bool = False
) -> dict[str, Any]:
    """A copy of the spec where every external ref is bundled in; only `#/...` refs remain.

    Raises `SpecError` (ref-remote, ref-outside-folder, unresolved-ref) naming every ref that
    cannot be followed and where it is written (file:line:col of the file holding it). An
    OpenAPI 3.1 spec comes back downgraded (`generator.oas31`), like `spec.data`. The result is
    memoized on the spec, so validate-then-generate reads every file once.
    """
    result = bundle_map(spec, allow_remote=allow_remote, allow_outside=allow_outside)
    if result.problems:
        raise SpecError(result.problems)
    if spec.raw is None:
        return result.document
    from generator.oas31 import downgrade

    return downgrade(result.document)


@paused()
def bundle_map(
    spec: LoadedSpec, *, allow_remote: bool = False, allow_outside: bool = False
) -> Bundle:
    """`bundle` with the origin of each part and the problems collected, not raised."""
    key = (allow_remote, allow_outside)
    cache = spec.__dict__.setdefault("_bundles", {})
    if key not in cache:
        resolver = RefResolver(spec, allow_remote, allow_outside, source=True)
        data = resolver.docs[resolver.root_key]
        local = _local_bundle(data, spec.raw is not None)
        if local is not None:  # one file, local refs only: nothing placed, no file read
            cache[key] = Bundle(local, resolver, {}, [])
        else:
            cache[key] = _Bundler(resolver).run()
    return cache[key]  # type: ignore[no-any-return]


@dataclass
class _Hoist:
    key: str
    fragment: str
    value: Any
    pointer: str


@dataclass
class _Bundler:
    resolver: RefResolver
    placed: dict[tuple[str, str], str] = field(default_factory=dict)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    queue: list[_Hoist] = field(default_factory=list)
    can_hoist: bool = True
    names: set[str] = field(default_factory=set)
    _bundle: Bundle | None = None

    @property
    def keep_siblings(self) -> bool:
        return self.resolver.spec.raw is not None

    def run(self) -> Bundle:
        resolver = self.resolver
        root = resolver.root_key
        data = resolver.docs[root]
        self._bundle = Bundle({}, resolver, self.origins, self.problems)
        self.names = set(_get_map(data, "components", "schemas"))
        components = data.get("components", {})
        self.can_hoist = isinstance(components, dict) and isinstance(
            components.get("schemas", {}), dict
        )  # else the document is malformed (the structural check says so): inline instead
        components = _get_map(data, "components")
        for kind, entries in components.items():  # `X: {$ref: file}` is placed as X
            for name, value in entries.items() if isinstance(entries, dict) else ():
                ref = value.get("$ref") if isinstance(value, dict) else None
                if not isinstance(ref, str) or ref.startswith("#") or len(value) != 1:
                    continue
                try:
                    key, fragment, _ = resolver.value(ref, root)
                except RefProblem:
                    continue  # reported when the walk reaches it
                here = join_pointer("/components", kind, name)
                self.placed.setdefault((key, unquote(fragment)), here)
        result = self._walk(data, root, "", "", "doc")
        assert isinstance(result, dict)
        while self.queue:
            item = self.queue.pop(0)
            value = self._walk(item.value, item.key, item.pointer, item.fragment, "schema")
            result.setdefault("components", {}).setdefault("schemas", {})
            name = unescape_pointer_token(item.pointer.rsplit("/", 1)[1])
            result["components"]["schemas"][name] = value
        self._bundle.document = result
        return self._bundle

    def _walk(self, node: Any, doc: str, at: PointerPath, fat: PointerPath, ctx: str) -> Any:
        """Copy `node` (in file `doc` at `fat`; at `at` in the bundle) with refs bundled.

        `ctx` is "doc" (an OpenAPI object), "schema", "map" (names -> schemas) or "data".
        Both places are `PointerPath`s, written out only where a ref is met.
        """
        if ctx == "data":
            return node
        if isinstance(node, list):
            child = "schema" if ctx == "schema" else "doc"
            return [self._walk(v, doc, (at, i), (fat, i), child) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if ctx != "map" and isinstance(node.get("$ref"), str):
            return self._ref(node, doc, pointer_of(at), pointer_of(fat), ctx)
        out: dict[str, Any] = {}
        for k, v in node.items():
            if ctx == "map":
                out[k] = self._walk(v, doc, (at, k), (fat, k), "schema")
            elif k.startswith("x-"):
                out[k] = v
            elif k in _TEXT_KEYS and isinstance(v, dict) and isinstance(v.get("$ref"), str):
                out[k] = self._text(v["$ref"], doc, pointer_of(fat, k))
            else:
                out[k] = self._walk(v, doc, (at, k), (fat, k), _child(ctx, k, at))
        return out

    def _problem(self, problem: RefProblem, doc: str, fptr: str) -> None:
        assert self._bundle is not None
        where = self._bundle.locate_in(doc, fptr + "/$ref")
        self.problems.append(
            Diagnostic(problem.code, Level.ERROR, problem.message, fptr + "/$ref", where)
        )

    def _ref(self, node: dict[str, Any], doc: str, pointer: str, fptr: str, ctx: str) -> Any:
        resolver = self.resolver
        ref = node["$ref"]
        # OAS 3.0 ignores a Reference Object's siblings; 3.1 keeps them (summary, description,
        # and in schemas any keyword), so they survive bundling only there.
        siblings = {k: v for k, v in node.items() if k != "$ref"} if self.keep_siblings else {}
        try:
            key, fragment = resolver.target(ref, doc)
            if key == resolver.root_key:
                return {"$ref": "#" + fragment, **siblings}
            placed = self.placed.get((key, unquote(fragment)))
            if placed is not None and placed != pointer:
                return {"$ref": "#" + placed, **siblings}
            key, fragment, value = resolver.value(ref, doc)
        except RefProblem as problem:
            self._problem(problem, doc, fptr)
            return dict(node)
        fragment = unquote(fragment)
        in_place = _is_component_schema(pointer)
        if in_place and ctx == "map":
            ctx = "schema"
        if ctx == "schema" and not in_place and self.can_hoist:
            target = join_pointer("/components/schemas", self._name(key, fragment))
            self.placed[key, fragment] = target
            self.origins[target] = (key, fragment)
            self.queue.append(_Hoist(key, fragment, value, target))
            return {"$ref": "#" + target, **siblings}
        self.placed[key, fragment] = pointer
        self.origins[pointer] = (key, fragment)
        copied = self._walk(value, key, pointer, fragment, ctx)
        if siblings and isinstance(copied, dict):
            copied = {**copied, **siblings}  # 3.1 Reference Object summary/description win
        return copied

    def _name(self, key: str, fragment: str) -> str:
        token = fragment.rsplit("/", 1)[-1] if fragment.strip("/") else ""
        base = unescape_pointer_token(token) or Path(urlsplit(key).path).name.split(".")[0]
        base = _NAME_CHARS.sub("_", base).strip("_") or "Schema"
        name, n = base, 1
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names.add(name)
        return name

    def _text(self, ref: str, doc: str, fptr: str) -> Any:
        """The text a `description: {$ref: ...}` points at."""
        resolver = self.resolver
        try:
            key, fragment = resolver.target(ref, doc)
            lowered = key.lower()
            if not is_remote(key) and not lowered.endswith(_TEXT_SUFFIXES) and not fragment:
                path = Path(key)
                if not path.is_file():
                    raise RefProblem("unresolved-ref", f"$ref '{ref}': the file does not exist")
                content = path.read_bytes()
                resolver.contents[key] = content
                try:
                    return content.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise RefProblem("unresolved-ref", f"$ref '{ref}': not UTF-8 text") from None
            _, _, value = resolver.value(ref, doc)
            if not isinstance(value, str):
                raise RefProblem(
                    "unresolved-ref", f"$ref '{ref}' for a text field points at a non-string"
                )
            return value
        except RefProblem as problem:
            self._problem(problem, doc, fptr)
            return ""


def _child(ctx: str, key: str, at: PointerPath) -> str:
    """The context of the value under `key` in an object of context `ctx` at `at`."""
    if ctx == "schema":
        return _IN_SCHEMA.get(key, "doc")
    if key == "schema":
        return "schema"
    if key == "schemas" and pointer_of(at) == "/components":
        return "map"
    if key == "example":  # `default` here names a response, `enum` lists server values
        return "data"
    return "doc"


def _is_component_schema(pointer: str) -> bool:
    parts = pointer.split("/")
    return len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas"


def _get_map(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}
