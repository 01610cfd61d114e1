"""Desktop app reliability (issue 7): worker crashes, Cancel, one run at a time, autosave recovery,
files changed on disk, memory over many runs. pytest-qt, offscreen; settings and user folder in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

import desktop.worker
from desktop import i18n
from desktop.fonts import setup_matplotlib, setup_qt
from desktop.main_window import MainWindow
from desktop.settings import Settings
from sim.runner import run as real_run

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "gansu_baseline.toml"
TIMEOUT = 60_000


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """A main window whose settings and user folder live in ``tmp_path``."""
    monkeypatch.setenv("INNOVSIM_USER_DIR", str(tmp_path / "user"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    setup_qt()
    setup_matplotlib()
    i18n.set_language("en")
    w = MainWindow(Settings())
    yield w
    w.controller.cancel()
    w.controller.wait()
    if w.doc is not None:
        w.doc.dirty = False
    if w._box is not None:
        w._box.close()
    w.close()
    w.deleteLater()


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

    monkeypatch.setattr(desktop.worker, "run", crash)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    title, text = window.last_message  # type: ignore[misc]
    assert title == "Unexpected error"
    assert "RuntimeError: boom inside the model" in text
    assert "RuntimeError: boom inside the model" in window.last_details  # the traceback is in the details
    assert window.run_btn.isEnabled() and not window.cancel_btn.isEnabled()
    assert window.progress.value() == 0 and window.result is None
    monkeypatch.setattr(desktop.worker, "run", real_run)
    run_to_result(qtbot, window)
    assert window.result is not None and len(window.result.seeds) == 2


def test_worker_thread_ending_silently_is_reported(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an exception the worker does not catch (a BaseException) leaves the app usable, with a message."""
    small(window)

    def die(*args: Any, **kwargs: Any) -> Any:
        raise SystemExit(3)

    monkeypatch.setattr(desktop.worker, "run", die)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert window.last_message is not None and window.last_message[0] == "Unexpected error"
    assert window.run_btn.isEnabled()
    monkeypatch.setattr(desktop.worker, "run", real_run)
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

    monkeypatch.setattr(desktop.worker, "run", slow_then_real)
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
    assert not window.trainer.controller.restart(desktop.worker.RunRequest([], 1, 1, tag="trainer"))
    assert window.controller.current is not None and window.controller.current.tag == "main"
    qtbot.waitUntil(lambda: window.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert started == [True, False]
