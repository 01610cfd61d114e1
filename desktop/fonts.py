"""The bundled CJK font, registered with Qt and with matplotlib."""

from __future__ import annotations

from pathlib import Path

from sim.resources import asset_path

FONT_FILE = "wqy-microhei.ttc"
FAMILY = "WenQuanYi Micro Hei"
_mpl_done = False


def font_path() -> Path:
    return asset_path("fonts", FONT_FILE)


def setup_matplotlib() -> None:
    """Make matplotlib draw Chinese with the bundled font (idempotent)."""
    global _mpl_done
    if _mpl_done:
        return
    import matplotlib
    from matplotlib import font_manager

    path = font_path()
    if path.is_file():
        font_manager.fontManager.addfont(str(path))
        matplotlib.rcParams["font.family"] = "sans-serif"
        sans = list(matplotlib.rcParams["font.sans-serif"])
        matplotlib.rcParams["font.sans-serif"] = [FAMILY, *[f for f in sans if f != FAMILY]]
        matplotlib.rcParams["axes.unicode_minus"] = False
    _mpl_done = True


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
