"""The one way to build the app: the QApplication and the main window, as ``innovsim-desktop`` shows them.

Used by ``desktop.app.main``, the self-test, ``--screenshot`` and the bench driver, so what they check is what
users get.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


def create_app(argv: list[str]) -> Any:
    """The QApplication with the bundled font registered (creates one if none exists)."""
    from PySide6.QtWidgets import QApplication

    from desktop.fonts import setup_matplotlib, setup_qt

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("innovsim")
    app.setApplicationName("innovsim-desktop")
    setup_qt()
    setup_matplotlib()
    return app


def build_window(lang: str | None = None, autosave_ms: int | None = None) -> MainWindow:
    """The main window with its settings, language, Help ▸ About and icon (not shown yet)."""
    from desktop import i18n
    from desktop.settings import Settings
    from desktop.views.about import install as install_about
    from desktop.views.main_window import MainWindow

    settings = Settings()
    i18n.set_language(lang or settings.language() or i18n.default_language())
    window = MainWindow(settings) if autosave_ms is None else MainWindow(settings, autosave_ms=autosave_ms)
    install_about(window)
    return window


def isolate(tmp: Path) -> None:
    """Keep settings and user data of this process in ``tmp`` (self-test, bench)."""
    from PySide6.QtCore import QSettings

    os.environ["INNOVSIM_USER_DIR"] = str(tmp / "user")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))


def wait_until(app: Any, cond: Callable[[], bool], timeout: float, pause: float = 0.01) -> bool:
    """Process events until ``cond()`` holds (True) or ``timeout`` seconds pass (False)."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        app.processEvents()
        time.sleep(pause)
    return True
