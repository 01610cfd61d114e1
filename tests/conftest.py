"""Shared fixtures for the sim tests (desktop tests keep their own)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A desktop main window whose settings and user folder live in ``tmp_path``."""
    from PySide6.QtCore import QSettings

    from desktop import i18n
    from desktop.fonts import setup_matplotlib, setup_qt
    from desktop.settings import Settings
    from desktop.views.main_window import MainWindow

    monkeypatch.setenv("INNOVSIM_USER_DIR", str(tmp_path / "user"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    setup_qt()
    setup_matplotlib()
    i18n.set_language("en")
    w = MainWindow(Settings())
    yield w
    w.controller.cancel()
    w.controller.wait()
    if w.doc is not None:
        w.doc.dirty = False
    if w._box is not None:
        w._box.close()
    w.close()
    w.deleteLater()
    i18n.set_language("en")
