"""Stage 3, resolve: `$ref`s to other files are bundled in, so only local `#/...` refs remain.

Why bundle rather than dereference everything: later stages (IR, naming) need to see that two
places share one schema, and recursive schemas must stay finite. So each external target is
inlined once, at the first place that refers to it, and every later reference to the same
target (including a reference from inside itself: a cycle) becomes a local ref to that place.

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
    SpecError,
    join_pointer,
    resolve_pointer,
)
from generator.load import LoadedSpec, load_fragment, parse_fragment

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

    def __post_init__(self) -> None:
        self.docs[self.root_key] = self.spec.data

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
                self.docs[key] = load_fragment(key)
        return self.docs[key]

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
        return parse_fragment(b"".join(chunks), url)


def bundle(spec: LoadedSpec, *, allow_remote: bool = False, allow_outside: bool = False) -> dict:
    """A copy of the spec where every external ref is inlined; only `#/...` refs remain.

    Raises `SpecError` (ref-remote, ref-outside-folder, unresolved-ref) naming the ref and
    where it is written.
    """
    return _Bundler(RefResolver(spec, allow_remote, allow_outside)).run()


@dataclass
class _Bundler:
    resolver: RefResolver
    placed: dict[tuple[str, str], str] = field(default_factory=dict)

    def run(self) -> dict:
        root = self.resolver.root_key
        result = self._walk(self.resolver.spec.data, root, "")
        assert isinstance(result, dict)
        return result

    def _walk(self, node: Any, doc: str, pointer: str) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return self._ref(ref, doc, pointer)
            return {k: self._walk(v, doc, join_pointer(pointer, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [self._walk(v, doc, join_pointer(pointer, i)) for i, v in enumerate(node)]
        return node

    def _ref(self, ref: str, doc: str, pointer: str) -> Any:
        resolver = self.resolver
        try:
            key, fragment = resolver.target(ref, doc)
            if key == resolver.root_key:
                return {"$ref": "#" + fragment}
            if (key, fragment) in self.placed:
                return {"$ref": "#" + self.placed[key, fragment]}
            key, fragment, value = resolver.value(ref, doc)
        except RefProblem as problem:
            where = (
                resolver.spec.locate(pointer + "/$ref")
                if doc == resolver.root_key
                else Location(doc)
            )
            raise SpecError(
                [Diagnostic(problem.code, Level.ERROR, problem.message, pointer + "/$ref", where)]
            ) from None
        self.placed[key, fragment] = pointer
        return self._walk(value, key, pointer)
