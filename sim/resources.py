"""Where bundled files live: the ``scenarios`` and ``assets`` packages, found through ``importlib.resources``
wherever innovsim is installed (a wheel, an editable install, the source tree), or under ``sys._MEIPASS`` in
the frozen app (build.spec copies both folders there)."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path


def _data_dir(package: str) -> Path:
    """The folder of the data package ``package`` (``scenarios`` or ``assets``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / package
    found = resources.files(package)
    if not isinstance(found, Path):  # a zip import: innovsim needs its data on disk
        raise RuntimeError(f"innovsim's {package} folder is not on disk ({found}); install innovsim unzipped")
    return found


def scenarios_dir() -> Path:
    """The bundled, read-only scenario folder."""
    return _data_dir("scenarios")


def asset_path(*parts: str) -> Path:
    """A file (or folder) under ``assets/``: fonts, icons, translations."""
    return _data_dir("assets").joinpath(*parts)
