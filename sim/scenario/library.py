"""The bundled scenarios: their files and names (the folder is found by ``sim.resources``)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sim.resources import scenarios_dir
from sim.scenario.loader import Scenario, load_scenario

__all__ = ["LibraryEntry", "as_scenario", "bundled_scenarios", "find_scenario_file", "scenarios_dir"]


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


def as_scenario(scenario: Scenario | str | Path) -> Scenario:
    """A ``Scenario`` as given, or loaded from a file; a bare name (``"gansu_baseline"`` or
    ``"gansu_baseline.toml"``) that is not a file here is the bundled scenario of that name."""
    if isinstance(scenario, Scenario):
        return scenario
    text = str(scenario)
    path = find_scenario_file(text if text.endswith(".toml") else f"{text}.toml")
    try:
        stat = path.stat()
    except OSError:
        return load_scenario(path)  # the loader says what is wrong
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int, size: int) -> Scenario:
    """A scenario file loaded once per version (path, modification time, size): scenarios are immutable values,
    so a model built from keywords many times (``mesa.batch_run``) shares one. Files named by ``extends`` and
    posteriors are not watched."""
    return load_scenario(path)
