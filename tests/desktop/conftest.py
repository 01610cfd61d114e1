"""Fixtures of the desktop tests: a main window with its settings and user folder in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


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
