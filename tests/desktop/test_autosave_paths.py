"""Autosave copies are keyed by the file's full resolved path: two ``baseline.toml`` in different folders get
two copies, recovery names the right original for each, saving one removes only its own copy; copies of a
window that is still running are left alone; copies from earlier versions are still offered.
pytest-qt, offscreen; settings and user folder in tmp_path (the ``window`` fixture of conftest)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.settings import Settings, autosave_dir
from desktop.views.main_window import MainWindow
from sim.scenario.loader import load_scenario
from tests.desktop.bundled import ADDITIONALITY, ADDITIONALITY_TEXT, BASELINE

ROOT = Path(__file__).resolve().parents[2]
Btn = QMessageBox.StandardButton


def two_baselines(tmp_path: Path) -> tuple[Path, Path]:
    """Two user files with the same name in different folders."""
    out = []
    for folder in ("region_a", "region_b"):
        path = tmp_path / folder / "baseline.toml"
        path.parent.mkdir()
        path.write_bytes(BASELINE.read_bytes())
        out.append(path)
    return out[0], out[1]


def edit(window: MainWindow, path: Path, rate: float) -> Path:
    """Open ``path``, change the grant price effect (a plain number, unlike the subsidy rate, a year path) without
    saving, autosave; the copy written."""
    assert window.open_path(path)
    assert window.doc is not None
    window.doc.set_value("subsidy.additionality", rate)
    window.editor.rebuild()
    copy = window.autosave()
    assert copy is not None and copy.exists()
    return copy


def short_hash(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:8]


def original_of(copy: Path) -> str | None:
    return json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))["original"]


class Answers:
    """Stands in for ``MainWindow.ask``: records every question and gives the queued answers."""

    def __init__(self, *answers: QMessageBox.StandardButton) -> None:
        self.answers = list(answers)
        self.texts: list[str] = []

    def __call__(self, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        assert title == "Recover unsaved work"
        self.texts.append(text)
        return self.answers.pop(0)


@pytest.fixture
def other(window: MainWindow) -> Iterator[MainWindow]:
    """A second window of the same user (same settings and user folder), as a second innovsim would be."""
    w = MainWindow(Settings())
    yield w
    if w.doc is not None:
        w.doc.dirty = False
    w.close()
    w.deleteLater()


def test_same_named_files_get_their_own_copies(window: MainWindow, other: MainWindow, tmp_path: Path) -> None:
    a, b = two_baselines(tmp_path)
    copy_a = edit(window, a, 0.21)
    copy_b = edit(other, b, 0.33)
    assert copy_a != copy_b
    assert copy_a.name == "baseline.autosave.toml"  # readable when the name is free
    assert copy_b.name == f"baseline-{short_hash(b)}.autosave.toml"  # else stem + hash of the resolved path
    assert load_scenario(copy_a).params["subsidy.additionality"] == 0.21
    assert load_scenario(copy_b).params["subsidy.additionality"] == 0.33
    assert original_of(copy_a) == str(a) and original_of(copy_b) == str(b)

    # later autosaves keep writing each window's own copy
    assert window.doc is not None and other.doc is not None
    window.doc.set_value("subsidy.additionality", 0.22)
    other.doc.set_value("subsidy.additionality", 0.34)
    assert other.autosave() == copy_b and window.autosave() == copy_a
    assert load_scenario(copy_a).params["subsidy.additionality"] == 0.22
    assert load_scenario(copy_b).params["subsidy.additionality"] == 0.34
    assert sorted(p.name for p in autosave_dir().glob("*.autosave.toml")) == sorted([copy_a.name, copy_b.name])

    # a copy of a window that is still running is not offered to another window
    assert window.recoverable_copies() == [] and other.recoverable_copies() == []


def test_saving_one_removes_only_its_own_copy(window: MainWindow, other: MainWindow, tmp_path: Path) -> None:
    a, b = two_baselines(tmp_path)
    copy_a = edit(window, a, 0.21)
    copy_b = edit(other, b, 0.33)
    assert window.save()
    assert load_scenario(a).params["subsidy.additionality"] == 0.21
    assert not copy_a.exists() and not copy_a.with_suffix(".json").exists()
    assert load_scenario(copy_b).params["subsidy.additionality"] == 0.33 and original_of(copy_b) == str(b)
    assert load_scenario(b).params["subsidy.additionality"] == ADDITIONALITY  # the other file is untouched
    assert other.save()
    assert not list(autosave_dir().iterdir())


def test_same_file_in_two_windows_and_given_up_edits(window: MainWindow, other: MainWindow, tmp_path: Path) -> None:
    """The same file open in two windows still gives two copies; opening another file after discarding the
    edits removes the copy of the edits given up."""
    a, b = two_baselines(tmp_path)
    copy_1 = edit(window, a, 0.21)
    copy_2 = edit(other, a, 0.27)
    assert copy_1 != copy_2
    assert {load_scenario(c).params["subsidy.additionality"] for c in (copy_1, copy_2)} == {0.21, 0.27}
    window.ask = lambda *args, **kwargs: Btn.Discard  # type: ignore[method-assign]
    copy_b = edit(window, b, 0.4)
    assert load_scenario(copy_b).params["subsidy.additionality"] == 0.4 and original_of(copy_b) == str(b)
    assert load_scenario(copy_2).params["subsidy.additionality"] == 0.27 and original_of(copy_2) == str(a)
    rates = sorted(load_scenario(c).params["subsidy.additionality"] for c in autosave_dir().glob("*.autosave.toml"))
    assert rates == [0.27, 0.4]  # the 0.21 edits given up are gone


def test_crashed_windows_copies_are_recovered_with_their_own_originals(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    """Two real apps edit two same-named files and are killed; each copy is offered with its own original."""
    a, b = two_baselines(tmp_path)
    user = Path(os.environ["INNOVSIM_USER_DIR"])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INNOVSIM_USER_DIR": str(user),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    procs = []
    try:
        for path, rate in ((a, 0.21), (b, 0.33)):  # the second starts while the first has its copy
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "desktop", str(path), "--lang", "en", "--set", f"subsidy.additionality={rate}",
                 "--autosave-seconds", "0.2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            end = time.monotonic() + 60
            while len(list(autosave_dir().glob("*.autosave.toml"))) < len(procs) and time.monotonic() < end:
                assert procs[-1].poll() is None, procs[-1].stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.05)
        copies = sorted(autosave_dir().glob("*.autosave.toml"))
        assert [c.name for c in copies] == ["baseline-" + short_hash(b) + ".autosave.toml", "baseline.autosave.toml"]
        assert window.recoverable_copies() == []  # both apps still run: their copies are not ours to offer
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
    copy_a, copy_b = autosave_dir() / "baseline.autosave.toml", autosave_dir() / f"baseline-{short_hash(b)}.autosave.toml"
    os.utime(copy_a, (time.time() - 60, time.time() - 60))  # a's edits are the older ones
    assert window.recoverable_copies() == [copy_b, copy_a]

    # newest first, each naming its own original; "Keep for later" on b, open a
    answers = Answers(Btn.Cancel, Btn.Yes)
    window.ask = answers  # type: ignore[method-assign]
    assert window.offer_recovery()
    assert len(answers.texts) == 2
    assert str(b) in answers.texts[0] and str(a) not in answers.texts[0]
    assert str(a) in answers.texts[1] and str(b) not in answers.texts[1]
    assert window.doc is not None and window.doc.path == a and window.doc.dirty
    assert window.doc.value("subsidy.additionality") == 0.21
    assert copy_b.exists() and load_scenario(copy_b).params["subsidy.additionality"] == 0.33  # kept for the next start

    # the next start offers b's copy (a's is this window's now), with b as its original
    answers = Answers(Btn.Yes)
    later = MainWindow(Settings())
    later.ask = answers  # type: ignore[method-assign]
    assert later.offer_recovery()
    assert len(answers.texts) == 1 and str(b) in answers.texts[0]
    assert later.doc is not None and later.doc.path == b and later.doc.value("subsidy.additionality") == 0.33
    assert later.save() and window.save()
    assert load_scenario(a).params["subsidy.additionality"] == 0.21 and load_scenario(b).params["subsidy.additionality"] == 0.33
    assert not list(autosave_dir().glob("*.autosave.*"))
    later.close()
    later.deleteLater()


def test_copies_from_earlier_versions_are_offered(window: MainWindow, other: MainWindow, tmp_path: Path) -> None:
    """Old copies (``<stem>.autosave.toml``, .json with only ``original``) are offered with their original and
    never overwritten by a new window's autosave; "Discard copy" removes them."""
    a, b = two_baselines(tmp_path)
    folder = autosave_dir()
    old = folder / "baseline.autosave.toml"
    text = BASELINE.read_text(encoding="utf-8").replace(f"additionality = {ADDITIONALITY_TEXT}", "additionality = 0.44", 1)
    old.write_text(text, encoding="utf-8")
    old.with_suffix(".json").write_text(json.dumps({"original": str(a)}), encoding="utf-8")
    untitled = folder / "untitled.autosave.toml"
    untitled.write_bytes(BASELINE.read_bytes())
    untitled.with_suffix(".json").write_text(json.dumps({"original": None}), encoding="utf-8")
    os.utime(untitled, (time.time() - 60, time.time() - 60))
    assert load_scenario(old).params["subsidy.additionality"] == 0.44

    copy_b = edit(other, b, 0.33)  # another file of the same name: the old copy stays as it was
    assert copy_b.name == f"baseline-{short_hash(b)}.autosave.toml"
    assert load_scenario(old).params["subsidy.additionality"] == 0.44

    answers = Answers(Btn.No, Btn.No)
    window.ask = answers  # type: ignore[method-assign]
    assert not window.offer_recovery()
    assert str(a) in answers.texts[0]
    assert "(not saved to a file yet)" in answers.texts[1]
    assert not old.exists() and not untitled.exists() and not untitled.with_suffix(".json").exists()
    assert copy_b.exists()  # the running window's copy was not offered


def test_untitled_documents_get_their_own_copies(window: MainWindow, other: MainWindow) -> None:
    copies = []
    for w, rate in ((window, 0.12), (other, 0.13)):
        w.new_from_baseline()
        assert w.doc is not None and w.doc.path is None
        w.doc.set_value("subsidy.additionality", rate)
        copy = w.autosave()
        assert copy is not None
        copies.append(copy)
    assert copies[0] != copies[1] and copies[0].name == "untitled.autosave.toml"
    assert [load_scenario(c).params["subsidy.additionality"] for c in copies] == [0.12, 0.13]
    assert [original_of(c) for c in copies] == [None, None]


def test_half_written_copies_of_killed_windows_are_removed(window: MainWindow, tmp_path: Path) -> None:
    """A window killed while writing its copy leaves atomic_write's temporary file: the next start removes it
    when that window is gone, and leaves the temporary files of windows still running (here, this one)."""
    a, _b = two_baselines(tmp_path)
    mine = edit(window, a, 0.21)
    folder = autosave_dir()
    gone = folder / "other.autosave.toml"
    gone.write_text(mine.read_text(encoding="utf-8"), encoding="utf-8")
    gone.with_suffix(".json").write_text(json.dumps({"original": None, "key": "k", "session": "0" * 32}), encoding="utf-8")
    stale = [folder / ".other.autosave.toml.ab12cd34.tmp", folder / ".other.autosave.json.ef56gh78.tmp"]
    live = folder / f".{mine.name}.zz99yy88.tmp"
    for f in (*stale, live):
        f.write_text("half", encoding="utf-8")
    assert window.recoverable_copies() == [gone]
    assert not any(f.exists() for f in stale) and live.exists()
