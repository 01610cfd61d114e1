"""The bundled CJK font registered with matplotlib: one registration for the PDF report, the desktop's charts
and its exports (Qt-free; the desktop registers the same file with Qt in ``desktop.fonts``)."""

from __future__ import annotations

from pathlib import Path

from sim.resources import asset_path

FONT_FILE = "wqy-microhei.ttc"
_registered: list[str | None] = []  # the family, once registered (or None when the font is missing)


def cjk_font_path() -> Path:
    """The bundled CJK font file."""
    return asset_path("fonts", FONT_FILE)


def register_cjk_font() -> str | None:
    """Make matplotlib draw Chinese with the bundled font, first among the sans-serif fonts (idempotent);
    return its family name, or None when the font file is missing."""
    if _registered:
        return _registered[0]
    import matplotlib
    from matplotlib import font_manager

    family: str | None = None
    path = cjk_font_path()
    if path.is_file():
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
        matplotlib.rcParams["font.family"] = "sans-serif"
        sans = list(matplotlib.rcParams["font.sans-serif"])
        matplotlib.rcParams["font.sans-serif"] = [family, *[f for f in sans if f != family]]
        matplotlib.rcParams["axes.unicode_minus"] = False
    _registered.append(family)
    return family
