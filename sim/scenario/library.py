"""Where bundled files live, from the source tree and from a PyInstaller build."""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path


def resource_root() -> Path:
    """The project root in the source tree, or the unpacked bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parents[2]


def asset_path(*parts: str) -> Path:
    """A file under ``assets/``."""
    return resource_root().joinpath("assets", *parts)


def scenarios_dir() -> Path:
    """The bundled, read-only scenario folder."""
    return resource_root() / "scenarios"


@dataclass(frozen=True)
class LibraryEntry:
    path: Path
    name: str
    name_zh: str
    region: str


def bundled_scenarios() -> list[LibraryEntry]:
    """Bundled scenarios, sorted by file name, with names read from each file
    (a variant without its own name shows the file stem)."""
    out = []
    for path in sorted(scenarios_dir().glob("*.toml")):
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
        out.append(LibraryEntry(path, doc.get("name", path.stem), doc.get("name_zh", doc.get("name", path.stem)),
                                doc.get("region", "")))
    return out
