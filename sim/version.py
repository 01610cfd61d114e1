"""Version of innovsim and of what it runs on."""

from __future__ import annotations

import platform
from importlib import metadata

__version__ = "0.1.0"


def versions() -> dict[str, str]:
    """innovsim, Python, Mesa, numpy and pandas versions (Qt is the desktop's business)."""
    out = {"innovsim": __version__, "python": platform.python_version()}
    for dist in ("mesa", "numpy", "pandas"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out
