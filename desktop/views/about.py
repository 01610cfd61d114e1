"""Help ▸ About: innovsim, Mesa, Qt and Python versions and the data sources of the bundled scenarios."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sim.scenario.library import scenarios_dir
from sim.version import __version__, versions


def header_comment(path: Path) -> list[str]:
    """The comment lines at the top of a scenario file (they say where its numbers come from)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        out.append(line.lstrip("#").strip())
    return out


def scenario_sources() -> list[tuple[str, list[str], list[str]]]:
    """(file name, header comment lines, distinct target sources) for each bundled scenario."""
    out = []
    for path in sorted(scenarios_dir().glob("*.toml")):
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
        sources: list[str] = []
        for t in doc.get("targets", []):
            src = str(t.get("source", "")).strip()
            if src and src not in sources:
                sources.append(src)
        out.append((path.name, header_comment(path), sources))
    return out


def qt_versions() -> dict[str, str]:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except ImportError:
        return {}
    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


def about_text() -> str:
    """Plain text for the About dialog (also printed by ``innovsim-desktop --version``)."""
    v = versions()
    lines = [f"innovsim {__version__}",
             "Agent-based simulation of science-and-technology policy in western China.",
             "",
             f"Python {v['python']}, Mesa {v['mesa']}, numpy {v['numpy']}, pandas {v['pandas']}"
             + "".join(f", {k} {val}" for k, val in qt_versions().items()),
             "",
             "Data sources of the bundled scenarios (details: docs/data_sources.md):"]
    for name, header, sources in scenario_sources():
        lines.append(f"• {name}")
        lines.extend(f"    {h}" for h in header if h)
        lines.extend(f"    target source: {s}" for s in sources)
    return "\n".join(lines)


def show_about(parent: Any = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop import i18n

    box = QMessageBox(parent)
    box.setWindowTitle(i18n.tr("About", "About innovsim"))
    box.setText(f"innovsim {__version__}")
    box.setInformativeText(about_text())
    box.setIcon(QMessageBox.Icon.Information)
    box.open()


def install(window: Any) -> Any:
    """Give ``window`` the app icon and a Help ▸ About menu whose titles follow language changes. Returns the action."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QAction, QIcon
    from PySide6.QtWidgets import QApplication

    from desktop import i18n
    from sim.resources import asset_path

    icon_file = asset_path("icons", "innovsim.png")
    if icon_file.is_file():
        icon = QIcon(str(icon_file))
        window.setWindowIcon(icon)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setWindowIcon(icon)

    menu = window.menuBar().addMenu("")
    action = QAction(window, triggered=lambda: show_about(window))
    menu.addAction(action)

    def retranslate() -> None:
        menu.setTitle(i18n.tr("About", "&Help"))
        action.setText(i18n.tr("About", "About innovsim…"))

    class _LanguageFilter(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LanguageChange:
                retranslate()
            return False

    window.about_language_filter = _LanguageFilter(window)  # kept by the window
    window.installEventFilter(window.about_language_filter)
    retranslate()
    return action
