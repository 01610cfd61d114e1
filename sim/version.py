"""Version of innovsim and of what it runs on."""

from __future__ import annotations

import platform
from importlib import metadata


def _own_version() -> str:
    """innovsim's version from its installed metadata (pyproject.toml is the one place it is written)."""
    try:
        return metadata.version("innovsim")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


__version__ = _own_version()


def versions() -> dict[str, str]:
    """innovsim, Python, Mesa, numpy and pandas versions (Qt is the desktop's business)."""
    out = {"innovsim": __version__, "python": platform.python_version()}
    for dist in ("mesa", "numpy", "pandas"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out
