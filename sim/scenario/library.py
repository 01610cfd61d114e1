"""The bundled scenarios: their files and names (the folder is found by ``sim.resources``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sim.resources import scenarios_dir

__all__ = ["LibraryEntry", "bundled_scenarios", "find_scenario_file", "scenarios_dir"]


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


def find_scenario_file(name: str | Path) -> Path:
    """``name`` as given, or the bundled scenario of that file name when ``name`` is a bare file name that
    does not exist here (so ``innovsim run gansu_baseline.toml`` works from any folder)."""
    path = Path(name)
    if path.exists() or path.name != str(name):
        return path
    bundled = scenarios_dir() / path.name
    return bundled if bundled.is_file() else path
