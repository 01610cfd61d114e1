"""Disk size of the installs the extras give (run from the repo root: ``.venv/bin/python bench/install_size.py``).

Reads the dependencies and extras from pyproject.toml, follows each requirement through the distributions
installed in this environment (their own requirements, markers evaluated here) and adds up the files each
distribution installed. Prints MB per install; a requirement that is not installed here is listed as missing."""

from __future__ import annotations

import importlib.metadata as md
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def closure(requirements: list[str], extras: set[str] = frozenset()) -> tuple[set[str], set[str]]:  # type: ignore[assignment]
    """Installed distributions reached from ``requirements`` (names) and the missing ones."""
    seen: set[str] = set()
    missing: set[str] = set()
    todo = [(Requirement(r), extras) for r in requirements]
    while todo:
        req, ex = todo.pop()
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in (ex or {""})):
            continue
        name = _name(req.name)
        if name in seen:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            missing.add(name)
            continue
        seen.add(name)
        todo += [(Requirement(r), set(req.extras)) for r in dist.requires or []]
    return seen, missing


def size_mb(names: set[str]) -> float:
    total = 0
    for name in names:
        dist = md.distribution(name)
        for f in dist.files or []:
            path = Path(dist.locate_file(f))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def main() -> None:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = project["dependencies"]
    extras = {k: [r for r in v if not r.startswith("innovsim")] for k, v in project["optional-dependencies"].items()}
    installs = {"core": core, **{f"core + {k}": core + v for k, v in extras.items()},
                "everything (scripts/setup)": core + [r for v in extras.values() for r in v]}
    for label, reqs in installs.items():
        names, missing = closure(reqs)
        extra = f"  (not installed here: {', '.join(sorted(missing))})" if missing else ""
        print(f"{label:<28} {size_mb(names):8.0f} MB in {len(names):3d} distributions{extra}")


if __name__ == "__main__":
    main()
