"""Vendor layers: what only one API family needs, selected by a pin (`[vendor] name`).

Each folder (`soracom/`) is copied verbatim into a generated package as its `_vendor`
package; in the copy, imports of `generator.runtime` become imports of the package's own
`_runtime` (the one textual change made). The generic runtime never imports a vendor layer.
"""

from __future__ import annotations

from pathlib import Path

VENDORS_DIR = Path(__file__).parent
