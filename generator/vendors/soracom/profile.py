"""soracom-cli profiles: `~/.soracom/<name>.json`, read as soracom-cli reads them.

Followed: soracom/soracom-cli `generators/cmd/predefined/profiles.go` (profile struct, the
folder `SORACOM_PROFILE_DIR` or `~/.soracom`, `coverageType` defaulting to "jp", the name cleaned
to a base name, `profileCommand` whose standard output is the profile as JSON) and
`generators/lib/fileperm.go` (a file is too open when group or others have any permission bit).
soracom-cli refuses a too-open profile; this client warns (`ProfilePermissionWarning`), since
refusing would break scripts that soracom-cli's Windows build also lets through.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ProfileError(Exception):
    """A soracom-cli profile that cannot be used: unreadable, not JSON, a field of the wrong
    type, a failing `profileCommand`. The message names the file and field, never a secret."""


class ProfileNotFoundError(ProfileError):
    """The profile asked for (argument or `SORACOM_PROFILE`) has no file."""


class ProfilePermissionWarning(UserWarning):
    """A profile holding secrets is readable by group or others (soracom-cli refuses it)."""


_STRINGS = (
    "coverageType",
    "email",
    "password",
    "authKeyId",
    "authKey",
    "username",
    "operatorId",
    "endpoint",
    "profileCommand",
    "sourceProfile",
    "mfaOTPCode",
)
_NAME = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Profile:
    """The fields of a profile, named as soracom-cli writes them (`coverageType` ...)."""

    name: str
    source: str
    """Where it came from: the file path, or "profileCommand of <file>"."""
    sandbox: bool = False
    coverage_type: str = "jp"
    endpoint: str | None = None
    email: str | None = None
    password: str | None = None
    auth_key_id: str | None = None
    auth_key: str | None = None
    username: str | None = None
    operator_id: str | None = None
    profile_command: str | None = None
    source_profile: str | None = None
    token_timeout_seconds: int | None = None
    mfa_otp_code: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Profile(name={self.name!r}, source={self.source!r})"  # never the secrets


def profile_dir(environ: Mapping[str, str]) -> Path:
    """`SORACOM_PROFILE_DIR`, else `~/.soracom` (soracom-cli's `getProfileDir`)."""
    folder = environ.get("SORACOM_PROFILE_DIR")
    return Path(folder) if folder else Path.home() / ".soracom"


def profile_path(name: str, environ: Mapping[str, str]) -> Path:
    """The file of profile `name`; a name with path separators is refused."""
    if not _NAME.fullmatch(name) or name in (".", ".."):
        raise ProfileError(f"invalid profile name {name!r}: use letters, digits, '.', '_', '-'")
    return profile_dir(environ) / f"{name}.json"


def load_profile(name: str, environ: Mapping[str, str]) -> Profile:
    """Read profile `name`; raises `ProfileNotFoundError`, `ProfileError`."""
    path = profile_path(name, environ)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ProfileNotFoundError(
            f"soracom-cli profile {name!r} not found: no file {path} "
            "(create it with `soracom configure --profile NAME`, or set SORACOM_PROFILE_DIR)"
        ) from None
    except OSError as exc:
        raise ProfileError(f"cannot read profile {name!r} at {path}: {exc.strerror}") from None
    if os.name != "nt" and mode & 0o077:
        warnings.warn(
            f"{path} is readable by others (mode {stat.S_IMODE(mode):o}); it holds secrets: "
            f"chmod 600 {path}",
            ProfilePermissionWarning,
            stacklevel=4,
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ProfileError(f"cannot read profile {name!r} at {path}: {reason}") from None
    return parse_profile(text, name, str(path))


def parse_profile(text: str, name: str, source: str) -> Profile:
    """A profile from its JSON text; errors give the position or field, never a value."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        line, col = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
        raise ProfileError(f"{source}:{line}:{col}: profile {name!r} is not valid JSON") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: profile {name!r} is not a JSON object")
    values: dict[str, Any] = {}
    for key in _STRINGS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ProfileError(f"{source}: field {key!r} of profile {name!r} must be a string")
        values[key] = value or None
    sandbox = data.get("sandbox", False)
    if not isinstance(sandbox, bool):
        raise ProfileError(f"{source}: field 'sandbox' of profile {name!r} must be true or false")
    timeout = data.get("tokenTimeoutSeconds")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int)):
        raise ProfileError(
            f"{source}: field 'tokenTimeoutSeconds' of profile {name!r} must be an integer"
        )
    headers = data.get("headers") or {}
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ProfileError(
            f"{source}: field 'headers' of profile {name!r} must map names to strings"
        )
    return Profile(
        name=name,
        source=source,
        sandbox=sandbox,
        coverage_type=values["coverageType"] or "jp",
        endpoint=values["endpoint"],
        email=values["email"],
        password=values["password"],
        auth_key_id=values["authKeyId"],
        auth_key=values["authKey"],
        username=values["username"],
        operator_id=values["operatorId"],
        profile_command=values["profileCommand"],
        source_profile=values["sourceProfile"],
        token_timeout_seconds=timeout,
        mfa_otp_code=values["mfaOTPCode"],
        headers=dict(headers),
    )


def run_profile_command(profile: Profile, timeout: float = 60.0) -> Profile:
    """The profile printed (as JSON) by `profile.profile_command` (soracom-cli's
    `getProfileFromExternalCommand`); its output and errors are never echoed (secrets)."""
    import subprocess  # here, not at the top: it adds 2 % to `import httpx` for every client

    command = profile.profile_command or ""
    source = f"profileCommand of {profile.source}"
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ProfileError(f"{source}: cannot split the command: {exc}") from None
    if not argv:
        raise ProfileError(f"{source}: the command is empty")
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        reason = "timed out" if isinstance(exc, subprocess.TimeoutExpired) else exc.strerror
        raise ProfileError(f"{source}: {argv[0]!r} could not run: {reason}") from None
    if done.returncode != 0:
        raise ProfileError(f"{source}: {argv[0]!r} exited with status {done.returncode}")
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(f"{source}: the output is not UTF-8 text") from None
    return parse_profile(text, profile.name, source)
