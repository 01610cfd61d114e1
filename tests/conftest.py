"""Shared constants and fixtures of every test package (the desktop window fixture is in tests/desktop/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests never need a screen

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def gansu_path() -> Path:
    return SCENARIOS / "gansu_baseline.toml"


@pytest.fixture
def small_overrides() -> list[str]:
    """Overrides that make a run fast while keeping every mechanism."""
    return ["run.n_firms=400", "run.n_universities=8"]
