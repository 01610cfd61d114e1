"""Persistent preferences (QSettings, INI format) and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10
ORG = "innovsim"
APP = "innovsim-desktop"


def user_dir() -> Path:
    """Writable folder for user scenarios and autosaves (``INNOVSIM_USER_DIR`` overrides it)."""
    override = os.environ.get("INNOVSIM_USER_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("innovsim", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _user_subdir(name: str) -> Path:
    path = user_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_scenarios_dir() -> Path:
    return _user_subdir("scenarios")


def autosave_dir() -> Path:
    """Autosave copies: ``<stem>.autosave.toml`` (or ``<stem>-<hash>.autosave.toml`` when another file of
    the same name already has a copy there), each with a ``.json`` naming the file it belongs to."""
    return _user_subdir("autosave")


def sessions_dir() -> Path:
    """Lock files of running windows that have autosave copies (kept out of the autosave folder)."""
    return _user_subdir("sessions")


class Settings:
    """Typed access to the few things the app remembers."""

    def __init__(self) -> None:
        self.qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)

    # language ---------------------------------------------------------------
    def language(self) -> str | None:
        value = self.qs.value("language")
        return str(value) if value else None

    def set_language(self, lang: str) -> None:
        self.qs.setValue("language", lang)
        self.qs.sync()

    # charts ---------------------------------------------------------------------
    def show_observed(self) -> bool:
        """Whether charts show observed history beside the simulated bands (on until switched off)."""
        value = self.qs.value("charts/show_observed", True)
        return value if isinstance(value, bool) else str(value).strip().lower() not in ("false", "0", "no", "off")

    def set_show_observed(self, on: bool) -> None:
        self.qs.setValue("charts/show_observed", bool(on))
        self.qs.sync()

    # recent files -------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        raw = self.qs.value("recent_files") or []
        if isinstance(raw, str):
            raw = [raw]
        return [Path(p) for p in raw if p]

    def add_recent(self, path: Path) -> list[Path]:
        """Put ``path`` first, drop duplicates (same resolved file) and cap the list."""
        path = Path(path).resolve()
        items = [path] + [p for p in self.recent_files() if Path(p).resolve() != path]
        items = items[:MAX_RECENT]
        self.qs.setValue("recent_files", [str(p) for p in items])
        self.qs.sync()
        return items

    # window ---------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def state(self) -> QByteArray | None:
        value = self.qs.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qs.setValue("window/geometry", geometry)
        self.qs.setValue("window/state", state)
        self.qs.sync()

    def int_value(self, key: str, default: int) -> int:
        try:
            return int(self.qs.value(key, default))
        except (TypeError, ValueError):
            return default

    def set_value(self, key: str, value: object) -> None:
        self.qs.setValue(key, value)
