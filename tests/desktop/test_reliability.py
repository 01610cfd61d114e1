"""Desktop app reliability (issue 7): worker crashes, Cancel, one run at a time, autosave recovery,
files changed on disk, memory over many runs. pytest-qt, offscreen; settings and user folder in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

import desktop.runs.controller
from desktop.settings import Settings
from desktop.views.main_window import MainWindow
from sim.runs.runner import run as real_run
from tests.desktop.bundled import ADDITIONALITY, ADDITIONALITY_TEXT, BASELINE

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000


def small(window: MainWindow, firms: int = 200, reps: int = 2) -> None:
    """Open the baseline as a small, fast scenario (through the document, as the form does)."""
    assert window.open_path(BASELINE)
    assert window.doc is not None
    window.doc.set_value("run.n_firms", firms)
    window.doc.set_value("run.n_universities", 8)
    window.editor.rebuild()
    window.reps.setValue(reps)


def wait_idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.controller.busy and not window.controller.stopping, timeout=TIMEOUT)


def run_to_result(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.result = None
    assert window.start_run()
    qtbot.waitUntil(lambda: window.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)


# ---------------------------------------------------------------------- a. worker crash
def test_worker_crash_shows_reason_and_app_stays_usable(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    small(window)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom inside the model")

    monkeypatch.setattr(desktop.runs.controller, "run", crash)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    title, text = window.last_message  # type: ignore[misc]
    assert title == "Unexpected error"
    assert "RuntimeError: boom inside the model" in text
    assert "RuntimeError: boom inside the model" in window.last_details  # the traceback is in the details
    assert window.run_btn.isEnabled() and not window.cancel_btn.isEnabled()
    assert window.progress.value() == 0 and window.result is None
    monkeypatch.setattr(desktop.runs.controller, "run", real_run)
    run_to_result(qtbot, window)
    assert window.result is not None and len(window.result.seeds) == 2


def test_worker_thread_ending_silently_is_reported(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an exception the worker does not catch (a BaseException) leaves the app usable, with a message."""
    small(window)

    def die(*args: Any, **kwargs: Any) -> Any:
        raise SystemExit(3)

    monkeypatch.setattr(desktop.runs.controller, "run", die)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert window.last_message is not None and window.last_message[0] == "Unexpected error"
    assert window.run_btn.isEnabled()
    monkeypatch.setattr(desktop.runs.controller, "run", real_run)
    run_to_result(qtbot, window)


# ---------------------------------------------------------------------- b. Cancel
def test_cancel_right_after_start_and_twice(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(window)
    cancelled: list[str] = []
    window.controller.cancelled.connect(cancelled.append)
    assert window.start_run()
    window.cancel_run()
    assert window.run_btn.isEnabled() and not window.cancel_btn.isEnabled()  # control back at once
    assert window.progress.value() == 0 and window.time_label.text() == "cancelled"
    window.cancel_run()  # a second Cancel is harmless
    t = time.monotonic()
    assert window.controller.wait(10_000)  # blocking wait (as closing the app does) cannot deadlock
    assert time.monotonic() - t < 5
    wait_idle(qtbot, window)
    assert cancelled == ["main"] and window.result is None
    assert window.run_btn.isEnabled() and window.progress.value() == 0
    run_to_result(qtbot, window)  # and the next run completes


def test_cancel_returns_control_while_a_replicate_is_still_computing(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A long replicate cannot be interrupted; Cancel still gives control back at once and its late
    result is never shown. A run started meanwhile begins only when the old thread has ended."""
    small(window)
    spans: list[tuple[str, float, float]] = []
    lock = threading.Lock()
    release = threading.Event()

    def slow_then_real(*args: Any, **kwargs: Any) -> Any:
        t0 = time.monotonic()
        first = not spans
        with lock:
            spans.append(("?", t0, 0.0))
        if first:
            kwargs["progress"](1, 2)
            release.wait(10)  # a replicate that ignores cancel while it computes
            res = real_run(*args, **{**kwargs, "progress": None, "cancel": None})
        else:
            res = real_run(*args, **kwargs)
        with lock:
            spans[-1 if not first else 0] = ("first" if first else "second", t0, time.monotonic())
        return res

    monkeypatch.setattr(desktop.runs.controller, "run", slow_then_real)
    results: list[object] = []
    window.controller.result.connect(lambda tag, res: results.append(res))
    assert window.start_run()
    qtbot.waitUntil(lambda: window.progress.value() == 1, timeout=TIMEOUT)
    t = time.monotonic()
    window.cancel_run()
    assert time.monotonic() - t < 0.5
    assert window.run_btn.isEnabled() and window.progress.value() == 0 and not window.controller.busy
    assert window.controller.stopping
    window.reps.setValue(1)
    assert window.start_run()  # queued behind the stopping thread
    assert not window.start_run()  # but only one
    assert not window.run_btn.isEnabled()
    qtbot.wait(200)
    assert len(spans) == 1  # the second run has not begun
    release.set()
    qtbot.waitUntil(lambda: window.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert len(results) == 1 and len(window.result.seeds) == 1  # the cancelled run's result was dropped
    (_, _, end1), (_, start2, _) = spans[0][:3], spans[1][:3]
    assert start2 >= end1  # never interleaved


# ---------------------------------------------------------------------- c. one run at a time
def test_second_run_refused_from_every_view(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(window, reps=20)
    started: list[bool] = []
    window.controller.busy_changed.connect(started.append)
    assert window.start_run()
    assert not window.start_run()
    assert window.last_message is not None and window.last_message[0] == "A run is going on"
    window.compare.set_checked([str(BASELINE), str(ROOT / "scenarios" / "gansu_fiscal_2p5.toml")])
    window.last_message = None
    assert not window.compare.start()
    assert window.last_message is not None and window.last_message[0] == "A run is going on"
    assert not window.trainer.controller.restart(desktop.runs.controller.RunRequest([], 1, 1, tag="trainer"))
    assert window.controller.current is not None and window.controller.current.tag == "main"
    qtbot.waitUntil(lambda: window.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert started == [True, False]


# ---------------------------------------------------------------------- d. autosave after a kill
def test_autosave_recovers_edits_after_kill(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real app in a subprocess: an unsaved edit, the autosave copy, kill -9, then recovery restores it."""
    import signal
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    from sim.scenario.loader import load_scenario

    mine = tmp_path / "mine.toml"
    mine.write_bytes(BASELINE.read_bytes())
    user = Path(os.environ["INNOVSIM_USER_DIR"])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INNOVSIM_USER_DIR": str(user),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", str(mine), "--lang", "en", "--set", "subsidy.additionality=0.17",
                             "--set", "budget.fiscal_st_ratio={2020 = 0.77, 2025 = 1.9, 2035 = 2.2}",
                             "--autosave-seconds", "0.2"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    copy = user / "autosave" / "mine.autosave.toml"
    try:
        end = time.monotonic() + 60
        while not copy.exists() and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.05)
        assert copy.exists(), proc.stderr.read().decode() if proc.poll() is not None else "no autosave copy"  # type: ignore[union-attr]
        time.sleep(0.3)  # let it write the copy again: a kill in the middle of that must not matter
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    # the copy and its .json are complete; a kill in the middle of a rewrite may leave atomic_write's temporary file
    from sim.runs.outputs import TEMP_RE

    left = sorted(f.name for f in copy.parent.iterdir())
    assert [n for n in left if not TEMP_RE.match(n)] == ["mine.autosave.json", "mine.autosave.toml"], left
    assert mine.read_bytes() == BASELINE.read_bytes()  # the file itself was never touched

    asked: list[str] = []

    def yes(title: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    window.ask = yes  # type: ignore[method-assign]
    assert window.offer_recovery()
    assert asked == ["Recover unsaved work"]
    assert not [f for f in copy.parent.iterdir() if TEMP_RE.match(f.name)]  # the next start removed any half-written one
    doc = window.doc
    assert doc is not None and doc.dirty and doc.path == mine and "*" in window.windowTitle()
    expected = load_scenario(mine, ["subsidy.additionality=0.17", "budget.fiscal_st_ratio={2020 = 0.77, 2025 = 1.9, 2035 = 2.2}"])
    assert doc.scenario().params == expected.params
    assert window.editor.fields["subsidy.additionality"].text() == "0.17"
    assert window.save()  # back into the original file; the autosave copy goes
    assert load_scenario(mine).params == expected.params
    assert not list(copy.parent.glob("*.autosave.*"))


def test_autosave_within_interval_and_clean_close_removes_it(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setenv("INNOVSIM_USER_DIR", str(tmp_path / "user"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    w = MainWindow(Settings(), autosave_ms=150)
    qtbot.addWidget(w)
    mine = tmp_path / "mine.toml"
    mine.write_bytes(BASELINE.read_bytes())
    assert w.open_path(mine)
    copy = tmp_path / "user" / "autosave" / "mine.autosave.toml"
    qtbot.wait(400)
    assert not copy.exists()  # nothing to save while there are no edits
    field = w.editor.fields["subsidy.additionality"]
    field.clear()
    qtbot.keyClicks(field, "0.31")
    qtbot.waitUntil(copy.exists, timeout=2000)
    from sim.scenario.loader import load_scenario

    assert load_scenario(copy).params["subsidy.additionality"] == 0.31
    w.ask = lambda *a, **k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    assert w.close()
    assert not copy.exists() and not copy.with_suffix(".json").exists()
    assert load_scenario(mine).params["subsidy.additionality"] == ADDITIONALITY


# ---------------------------------------------------------------------- e. file changed on disk
def replace_on_disk(path: Path, old: str, new: str) -> None:
    """Change the file the way editors that save by atomic rename do."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.replace(tmp, path)


def test_file_changed_on_disk_is_noticed(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    mine = tmp_path / "mine.toml"
    mine.write_bytes(BASELINE.read_bytes())
    assert window.open_path(mine)
    answers: list[QMessageBox.StandardButton] = []
    asked: list[str] = []

    def answer(title: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(title)
        return answers.pop(0)

    window.ask = answer  # type: ignore[method-assign]
    # no unsaved edits: reloaded with a status message, and again after a second (renamed-over) change
    replace_on_disk(mine, f"additionality = {ADDITIONALITY_TEXT}", "additionality = 0.07")
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.value("subsidy.additionality") == 0.07, timeout=5000)
    assert "changed on disk" in window.status.currentMessage() and not asked
    assert window.editor.fields["subsidy.additionality"].text() == "0.07"
    replace_on_disk(mine, "additionality = 0.07", "additionality = 0.08")
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.value("subsidy.additionality") == 0.08, timeout=5000)
    assert not window.doc.dirty
    # unsaved edits: the user is asked; "keep mine" keeps them
    window.doc.set_value("run.n_firms", 1234)
    window._doc_changed()
    answers.append(QMessageBox.StandardButton.No)
    replace_on_disk(mine, "additionality = 0.08", "additionality = 0.09")
    qtbot.waitUntil(lambda: asked == ["File changed on disk"], timeout=5000)
    assert window.doc.dirty and window.doc.value("run.n_firms") == 1234 and window.doc.value("subsidy.additionality") == 0.08
    # "reload" drops them
    answers.append(QMessageBox.StandardButton.Yes)
    replace_on_disk(mine, "additionality = 0.09", "additionality = 0.1")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.value("subsidy.additionality") == 0.1, timeout=5000)
    assert not window.doc.dirty and window.doc.value("run.n_firms") != 1234
    # our own save is not a change from another program
    window.doc.set_value("subsidy.additionality", 0.11)
    assert window.save()
    qtbot.wait(600)
    assert len(asked) == 2 and window.doc.value("subsidy.additionality") == 0.11 and not window.doc.dirty


# ---------------------------------------------------------------------- f. memory over many runs
def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc (Linux)")
def test_fifty_runs_in_the_app_keep_memory_flat(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """50 runs (200 firms, 2 replicates) after 5 warm-up runs grow resident memory by at most 10%."""
    import gc

    small(window, firms=200, reps=2)
    t0 = time.monotonic()
    for _ in range(5):
        run_to_result(qtbot, window)
    gc.collect()
    before = rss_mb()
    for _ in range(50):
        run_to_result(qtbot, window)
    gc.collect()
    after = rss_mb()
    took = time.monotonic() - t0
    growth = (after - before) / before
    print(f"\nRSS after 5 warm-up runs {before:.1f} MB, after 50 more {after:.1f} MB: {growth:+.1%} ({took:.0f} s)")
    assert window.result is not None and len(window.result.seeds) == 2
    assert growth <= 0.10
