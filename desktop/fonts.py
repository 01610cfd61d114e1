"""The bundled CJK font, registered with Qt (and with matplotlib through ``sim.analysis.fonts``)."""

from __future__ import annotations

from pathlib import Path

from sim.analysis.fonts import cjk_font_path, register_cjk_font


def font_path() -> Path:
    """The bundled CJK font file."""
    return cjk_font_path()


def setup_matplotlib() -> None:
    """Make matplotlib draw Chinese with the bundled font (idempotent; ``sim.analysis.fonts``)."""
    register_cjk_font()


def setup_qt() -> str | None:
    """Register the font with Qt (needs a QGuiApplication) and make it the app's fallback; return its family."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    path = font_path()
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(app.font())
        font.setFamilies([app.font().family(), families[0]])
        app.setFont(font)
    return str(families[0])
