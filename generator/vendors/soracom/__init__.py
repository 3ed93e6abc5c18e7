"""The Soracom layer: POST /auth login, soracom-cli profiles, coverages and sandbox.

Selected by a pin's `[vendor] name = "soracom"`; copied verbatim into the generated package as
its `_vendor` package and imported directly by the dynamic client (`vendor="soracom"`). It
imports only httpx and the standard library: the generic runtime never imports it, and it meets
the runtime's `LoginFlow` protocol structurally.
"""

from .login import SoracomLogin
from .profile import Profile, ProfileError, ProfileNotFoundError, ProfilePermissionWarning
from .setup import COVERAGES, SANDBOX_COVERAGES, Setup, configure

PUBLIC = ("ProfileError", "ProfileNotFoundError", "ProfilePermissionWarning")
"""Names the generated package re-exports from its `_vendor`."""


EXTENSIONS = (
    {
        "module": "soracam_workflows",
        "public_module": "workflows",
        "tag": "SoraCam",
        "requires": (
            "exportSoraCamDeviceRecordedImage",
            "exportSoraCamDeviceRecordedVideo",
            "getSoraCamDevice",
            "getSoraCamDeviceAtomCamLiveImage",
            "getSoraCamDeviceExportUsage",
            "getSoraCamDeviceExportedImage",
            "getSoraCamDeviceExportedVideo",
        ),
        "doc": "SoraCam workflows: export recorded video and images, wait, download; live images.",
    },
)
"""Modules of this layer that build on one API of the family; the generator re-exports each as
`<package>.<public_module>` when the spec has every operation in `requires` under `tag`."""

__all__ = [
    "EXTENSIONS",
    "PUBLIC",
    "COVERAGES",
    "SANDBOX_COVERAGES",
    "Profile",
    "ProfileError",
    "ProfileNotFoundError",
    "ProfilePermissionWarning",
    "Setup",
    "SoracomLogin",
    "configure",
]
