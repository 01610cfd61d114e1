"""The autosave store without Qt: copies claimed per document, given up on save, left alone while their
window runs, offered once it is gone (locks faked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.models.autosave import AutosaveStore, read_autosave_meta
from desktop.models.document import ScenarioDocument

from ..conftest import SCENARIOS


class FakeLocks:
    """Lock files as a set of held paths; ``running`` says which sessions' processes are alive."""

    def __init__(self) -> None:
        self.held: set[Path] = set()

    def acquire(self, path: Path) -> Any | None:
        path.touch()
        self.held.add(path)
        return path

    def release(self, lock: Any) -> None:
        self.held.discard(lock)
        Path(lock).unlink(missing_ok=True)

    def held_elsewhere(self, path: Path) -> bool:
        return path in self.held


def test_store_claims_writes_and_recovers_without_qt(tmp_path: Path) -> None:
    folder, sessions = tmp_path / "autosave", tmp_path / "sessions"
    folder.mkdir()
    sessions.mkdir()
    locks = FakeLocks()
    mine = AutosaveStore(lambda: folder, lambda: sessions, locks)
    doc = ScenarioDocument.open(SCENARIOS / "gansu_baseline.toml")
    assert mine.save(doc) is None  # nothing unsaved: no copy
    doc.dirty = True
    copy = mine.save(doc)
    assert copy is not None and copy.name == "gansu_baseline.autosave.toml" and copy.is_file()
    assert read_autosave_meta(copy)["session"] == mine.session
    other = AutosaveStore(lambda: folder, lambda: sessions, locks)
    assert other.recoverable_copies() == []  # its window still runs
    locks.held.clear()  # the window is gone (a crash): its copy is offered
    assert other.recoverable_copies() == [copy]
    mine.clear()
    assert not copy.exists() and not copy.with_suffix(".json").exists()
