"""Shared fixtures for the sim tests (desktop tests keep their own)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def gansu_path() -> Path:
    return SCENARIOS / "gansu_baseline.toml"


@pytest.fixture
def small_overrides() -> list[str]:
    """Overrides that make a run fast while keeping every mechanism."""
    return ["run.n_firms=400", "run.n_universities=8"]
