"""`specgen pull [--check] [--from FILE|URL] [--pin NAME]`: follow the upstream spec.

Fetches the upstream spec (the pin's URL by default, with download progress; `--from` a local
file or another URL), diffs it against the pinned spec and prints the HTTP diff and the Python
client impact. Without `--check`, a drifted spec is then adopted in one step:

* the pin gets the new `version` (info.version), `sha256` and `file`, the suggested package
  version, and operationId renames on an unchanged method + path in `[aliases]` (old = "new",
  chains collapsed), which generation reads to keep the old method names as deprecated aliases;
* the spec is stored in the cache (`.specgen-cache/<sha256>-<file>`) so generation finds it;
* the package is regenerated, with an entry prepended to its `CHANGELOG.md`.

Everything or nothing: the package and the new pin text are rendered and checked in memory
first; a spec that does not load, validate or render leaves pin and package untouched.

Both modes report the impact of the package `pull` writes, with the new aliases: a renamed
operation keeps its old method as a deprecated alias, so `--check` and `pull` suggest the same
(minor) bump for it, where `specgen diff` of the bare documents says major.

Exit status (for CI):
  0  in step: same sha256 as the pin, or no API change (without --check, a new version with no
     API change is still recorded); also after a successful update
  3  drifted: the API changed (only with --check; nothing is written)
  1  failed: the spec could not be fetched, loaded, validated or rendered, or the pin is unusable
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from generator.config import ConfigError, Pin, Project, find_project, update_pin_text
from generator.diagnostics import SpecError
from generator.diff import ChangeSet, diff_specs
from generator.diff.changelog import changelog_entry, prepend_entry
from generator.diff.impact import client_impact
from generator.diff.impact_section import render_with_impact
from generator.fetch import FetchError, download, find_in_mirrors, locate_pinned, sha256_of
from generator.load import LoadedSpec, load_path
from generator.surface import Surface, python_surface

IN_STEP, FAILED, DRIFTED = 0, 1, 3

EPILOG = """exit status:
  0  in step (same sha256, or no API change), or the pin was updated
  3  drifted: the API changed (with --check)
  1  failed: fetch, load, validation or rendering error (nothing written)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--check", action="store_true", help="report only; exit 3 when the API drifted (for CI)"
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="FILE|URL",
        help="take the new spec from here instead of the pin's URL",
    )
    parser.add_argument("--pin", metavar="NAME", help="which pin (needed when there are several)")
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="report format"
    )


def run(args: argparse.Namespace) -> int:
    try:
        return _pull(args)
    except SpecError as exc:
        print("specgen pull: the spec cannot be used:", file=sys.stderr)
        for diag in exc.diagnostics:
            print(f"  {diag.format()}", file=sys.stderr)
    except (FetchError, ConfigError, OSError, ValueError) as exc:
        print(f"specgen pull: {exc}", file=sys.stderr)
    print("specgen pull: failed; pin and package untouched", file=sys.stderr)
    return FAILED


def _pull(args: argparse.Namespace) -> int:
    project = find_project()
    pin = _select_pin(project, args.pin)
    with tempfile.TemporaryDirectory(prefix="specgen-pull-") as scratch:
        new_path, file_name = _fetch(args.source or pin.url, Path(scratch), pin)
        content = new_path.read_bytes()
        sha = sha256_of(content)
        if sha == pin.sha256:
            print(
                f"in step: {file_name} is the pinned spec ({pin.version}, sha256 {sha[:12]})",
                file=sys.stderr,
            )
            return IN_STEP
        old = load_path(locate_pinned(pin, project))
        new = load_path(new_path)
        changes = diff_specs(old, new)
        old_surface = python_surface(old, pin.package, pin.aliases, pin.pagination)
        if args.check or not changes:
            # The impact of the package `pull` would write, aliases included: `--check` and
            # `pull` suggest the same bump (README, "The generator").
            aliases = planned_aliases(pin, new, changes)
            impact = client_impact(
                old_surface, python_surface(new, pin.package, aliases, pin.pagination), changes
            )
            sys.stdout.write(
                render_with_impact(old, new, changes, args.format, pin.package_version, impact)
            )
            renames = _renames(changes)
            if not changes:
                note = "in step: no API change"
                if not args.check:
                    note = _adopt(
                        project, pin, old, new, file_name, changes, old_surface, source=args.source
                    )
                print(note, file=sys.stderr)
                return IN_STEP
            if renames:
                print(
                    f"note: without --check, pull records {len(renames)} operationId rename(s) "
                    "in the pin's [aliases] table",
                    file=sys.stderr,
                )
            print(
                f"drifted: {pin.name} {pin.version} -> {changes.new_version}; "
                f"run `specgen pull` without --check to update",
                file=sys.stderr,
            )
            return DRIFTED
        print(
            _adopt(
                project,
                pin,
                old,
                new,
                file_name,
                changes,
                old_surface,
                args.format,
                source=args.source,
            ),
            file=sys.stderr,
        )
        return IN_STEP


def _where_found_again(source: str | None, project: Project, sha256: str) -> tuple[str, str]:
    """The pin's `source` value for a document taken from `source`, and a note for the user.

    A fresh clone has no `.specgen-cache/`, so the pin must say where the accepted bytes can be
    found again: a mirror folder (nothing to record), the URL given (recorded), or the local file
    given (recorded, with a warning when it lies outside the project and its mirrors).
    """
    if source is None:
        return "", ""
    mirrored = find_in_mirrors(project, sha256)
    if mirrored is not None:
        return "", f"a fresh clone finds this spec in the mirror {mirrored.parent}"
    if source.startswith(("http://", "https://")):
        return source, (
            f"recorded source = {source}: a fresh clone downloads this spec from there "
            "(make sure the URL is immutable, e.g. names a tag or commit)"
        )
    path = Path(source).resolve()
    if path.is_relative_to(project.root):
        relative = path.relative_to(project.root).as_posix()
        return relative, (
            f"recorded source = {relative}: commit that file, or a fresh clone cannot rebuild "
            "the package"
        )
    return str(path), (
        f"warning: the pin is now reproducible only from the local file {path} (recorded as "
        "its source); copy it into the project or a mirror folder ([tool.specgen] mirrors) so "
        "that a fresh clone can rebuild the package"
    )


def _select_pin(project: Project, name: str | None) -> Pin:
    pins = project.pins()
    if name is not None:
        chosen = [p for p in pins if name in (p.name, p.path.stem if p.path else None)]
        if not chosen:
            known = ", ".join(p.name for p in pins) or "none"
            raise ConfigError(f"no pin named {name!r} in {project.pins_dir} (pins: {known})")
        return chosen[0]
    if len(pins) != 1:
        raise ConfigError(
            f"{len(pins)} pins in {project.pins_dir}; choose one with --pin NAME"
            if pins
            else f"no pins in {project.pins_dir}"
        )
    return pins[0]


def _fetch(source: str, scratch: Path, pin: Pin) -> tuple[Path, str]:
    """A local path holding the new spec, and the file name to record in the pin."""
    if not source:
        raise FetchError(f"pin {pin.name!r} has no url; use --from FILE|URL")
    if source.startswith(("http://", "https://")):
        name = Path(urlparse(source).path).name or pin.file
        return download(source, scratch / name), name
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"{source}: no such file")
    return path, path.name


def _renames(changes: ChangeSet) -> dict[str, str]:
    """operationId renames on an unchanged method + path, old -> new."""
    return {
        c.old_operation_id: c.new_operation_id
        for c in changes.changes
        if c.rule == "operation-id-changed" and c.old_operation_id and c.new_operation_id
    }


def _merge_aliases(
    current: dict[str, str], renames: dict[str, str], live: set[str]
) -> dict[str, str]:
    """Old -> newest: `a -> b` plus `b -> c` gives `a -> c` and `b -> c`; an old id that is a
    live operation again needs no alias."""
    merged = {old: renames.get(new, new) for old, new in current.items()}
    merged.update(renames)
    return {old: new for old, new in merged.items() if old not in live and old != new}


def planned_aliases(pin: Pin, new: LoadedSpec, changes: ChangeSet) -> dict[str, str]:
    """The pin's `[aliases]` after adopting `new`: one source for the report and the write."""
    paths = new.data.get("paths")
    live = {
        str(op.get("operationId"))
        for item in (paths.values() if isinstance(paths, dict) else ())
        if isinstance(item, dict)
        for op in item.values()
        if isinstance(op, dict) and op.get("operationId")
    }
    return _merge_aliases(dict(pin.aliases), _renames(changes), live)


def _adopt(
    project: Project,
    pin: Pin,
    old: LoadedSpec,
    new: LoadedSpec,
    file_name: str,
    changes: ChangeSet,
    old_surface: Surface,
    fmt: str | None = None,
    *,
    source: str | None = None,
) -> str:
    """Render everything in memory, then write cache, package (with CHANGELOG) and pin."""
    from generator.pipeline import render_target
    from generator.targets import pin_target
    from generator.write import write_package

    aliases = planned_aliases(pin, new, changes)
    sha = new.sha256
    cached = project.cache_dir / f"{sha}-{file_name}"
    version = str(changes.new_version or pin.version)
    recorded_source, source_note = _where_found_again(source, project, new.sha256)

    def render(package_version: str) -> tuple[Pin, dict[str, bytes]]:
        new_pin = replace(
            pin,
            version=version,
            sha256=sha,
            file=file_name,
            package_version=package_version,
            aliases=aliases,
            source=recorded_source,
        )
        return new_pin, render_target(pin_target(new_pin, project, cached), spec=new)

    impact = client_impact(
        old_surface, python_surface(new, pin.package, aliases, pin.pagination), changes
    )
    new_pin, files = render(impact.next_version(pin.package_version))
    if fmt is not None:
        sys.stdout.write(render_with_impact(old, new, changes, fmt, pin.package_version, impact))
    output = project.root / pin.output
    changelog_path = output / "CHANGELOG.md"
    existing = changelog_path.read_text(encoding="utf-8") if changelog_path.is_file() else ""
    entry = changelog_entry(pin, new_pin, impact, file_name)
    files = {**files, "CHANGELOG.md": prepend_entry(existing, entry).encode("utf-8")}
    assert pin.path is not None
    pin_text = update_pin_text(
        pin.path.read_text(encoding="utf-8"),
        api={
            "version": version,
            "sha256": sha,
            "file": file_name,
            **({"source": recorded_source} if recorded_source or pin.source else {}),
        },
        package={"version": new_pin.package_version},
        aliases={k: v for k, v in aliases.items() if pin.aliases.get(k) != v},
        remove_aliases=sorted(set(pin.aliases) - set(aliases)),
    )
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(new.content)
    write_package(output, files)
    partial = pin.path.with_suffix(pin.path.suffix + ".part")
    partial.write_text(pin_text, encoding="utf-8")
    partial.replace(pin.path)
    return (
        f"updated: pin {pin.path.name} -> {version} ({file_name}), "
        f"{pin.output} regenerated as {new_pin.package_version} ({impact.bump}), "
        f"CHANGELOG.md entry added" + (f"\n{source_note}" if source_note else "")
    )


__all__ = ["DRIFTED", "FAILED", "IN_STEP", "add_arguments", "run"]
