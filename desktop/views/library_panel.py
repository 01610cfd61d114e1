"""The scenario library: bundled scenarios, the user's own and recent files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop import i18n
from desktop.settings import user_scenarios_dir
from sim.errors import InnovsimError
from sim.scenario.library import bundled_scenarios
from sim.scenario.loader import read_scenario_file

PATH_ROLE = Qt.ItemDataRole.UserRole


def read_names(path: Path) -> tuple[str, str]:
    """English and Chinese name of a scenario file (the stem when it has none or cannot be read)."""
    try:
        doc = tomllib.loads(read_scenario_file(path)[0])  # UTF-8 or GBK, as the loader reads it
    except (OSError, tomllib.TOMLDecodeError, InnovsimError):
        return path.stem, path.stem
    name = str(doc.get("name", path.stem))
    return name, str(doc.get("name_zh", name))


class LibraryPanel(QWidget):
    """Lists scenarios; emits ``open_requested(path)`` on double click or Open."""

    open_requested = Signal(Path)
    open_file_requested = Signal()
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent: list[Path] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.open_btn = QPushButton()
        self.file_btn = QPushButton()
        self.new_btn = QPushButton()
        self.open_btn.clicked.connect(self._open_selected)
        self.file_btn.clicked.connect(self.open_file_requested.emit)
        self.new_btn.clicked.connect(self.new_requested.emit)
        buttons = QHBoxLayout()
        for b in (self.open_btn, self.file_btn, self.new_btn):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.retranslate()

    def set_recent(self, recent: list[Path]) -> None:
        self.recent = [p for p in recent if p.is_file()]
        self.refresh()

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _entry(self, path: Path, name: str, name_zh: str) -> None:
        item = QListWidgetItem("  " + i18n.scenario_name(name, name_zh))
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(str(path))
        self.list.addItem(item)

    def refresh(self) -> None:
        self.list.clear()
        self._header(self.tr("Bundled (read-only)"))
        for e in bundled_scenarios():
            self._entry(e.path, e.name, e.name_zh)
        mine = sorted(user_scenarios_dir().glob("*.toml"))
        if mine:
            self._header(self.tr("My scenarios"))
            for p in mine:
                self._entry(p, *read_names(p))
        if self.recent:
            self._header(self.tr("Recent files"))
            for p in self.recent:
                self._entry(p, *read_names(p))

    def paths(self) -> list[Path]:
        return [Path(self.list.item(k).data(PATH_ROLE)) for k in range(self.list.count()) if self.list.item(k).data(PATH_ROLE)]

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.open_requested.emit(Path(path))

    def _open_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activated(item)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Scenario library"))
        self.open_btn.setText(self.tr("Open"))
        self.file_btn.setText(self.tr("File…"))
        self.new_btn.setText(self.tr("New"))
        self.open_btn.setToolTip(self.tr("Open the selected scenario"))
        self.file_btn.setToolTip(self.tr("Open a scenario file (.toml)"))
        self.new_btn.setToolTip(self.tr("New scenario from the Gansu baseline"))
        self.refresh()
