"""Background runs: a worker object on a QThread and a controller that allows one run at a time.

The worker never touches widgets; it only emits signals. Cancel sets an event the runner polls
between replicates, so a cancelled run returns nothing and writes nothing.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from sim.errors import InnovsimError
from sim.runs.runner import RunCancelled, RunResult, forbid_fork, run
from sim.scenario.loader import Scenario

forbid_fork("the desktop app runs Qt, which cannot be forked safely")  # workers are spawned


# a long job other than a plain run: called as job(progress, cancelled, note) in the worker thread, it returns
# the result; progress(done, total) (total 0: unknown), cancelled() polled (raise RunCancelled when it is True),
# note(text) a line of progress for the status bar
Job = Callable[[Callable[[int, int], None], Callable[[], bool], Callable[[str], None]], Any]


@dataclass
class RunRequest:
    """What to run; ``tag`` says which view asked (``main``, ``compare``, ``trainer``, ``backtest``).
    ``job``, when given, is run instead of the scenarios (a study such as a backtest). ``stage`` is the
    asking view's own note on what the run is for (the trainer: ``reference``, ``quick``, ``refined``)."""

    scenarios: list[Scenario]
    replicates: int
    seed: int
    tag: str = "main"
    workers: int = 1
    names: list[str] = field(default_factory=list)
    job: Job | None = None
    stage: str = ""


class RunWorker(QObject):
    """Runs one request in whatever thread it lives in."""

    started = Signal()
    progress = Signal(int, int)
    result = Signal(object)
    cancelled = Signal()
    error = Signal(str, str)  # kind ("expected" or "unexpected"), text
    note = Signal(str)  # a line of progress from a job
    finished = Signal()

    def __init__(self, request: RunRequest) -> None:
        super().__init__()
        self.request = request
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        self.started.emit()
        try:
            r = self.request
            if r.job is not None:
                res = r.job(lambda done, total: self.progress.emit(done, total), self._cancel.is_set, self.note.emit)
            else:
                res = run(r.scenarios, replicates=r.replicates, seed=r.seed, workers=r.workers,
                          progress=lambda done, total: self.progress.emit(done, total), cancel=self._cancel.is_set)
            if self._cancel.is_set():
                raise RunCancelled("run cancelled")
            self.result.emit(res)
        except RunCancelled:
            self.cancelled.emit()
        except InnovsimError as e:
            self.error.emit("expected", str(e))
        except BaseException:  # anything else (even SystemExit from a library) is reported, never lost
            self.error.emit("unexpected", traceback.format_exc())
        finally:
            self.finished.emit()


class RunController(QObject):
    """Owns the run thread and allows one run at a time: runs are never interleaved.

    ``start`` refuses a second run while one is going on. ``cancel`` returns control at once: the
    run is marked cancelled (``busy`` turns False, ``cancelled`` is emitted) and its thread stops at
    the runner's next check, its late signals ignored; a run started meanwhile waits for that
    thread to end before it begins. ``restart`` (trainer) cancels the previous run of the same
    tag and starts the newest request once it has stopped.
    """

    busy_changed = Signal(bool)
    progress = Signal(int, int, float, float)  # done, total, elapsed s, remaining s
    result = Signal(str, object)  # tag, RunResult
    cancelled = Signal(str)
    error = Signal(str, str, str)  # tag, kind, text
    note = Signal(str, str)  # tag, a line of progress from a job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: RunWorker | None = None
        self._pending: RunRequest | None = None
        self._stopping = False  # the live thread's run was cancelled: ignore what it still sends
        self._delivered = False  # the live run has sent its outcome (result, error or cancelled)
        self._t0 = 0.0
        self.current: RunRequest | None = None
        self.last_result: RunResult | None = None

    @property
    def busy(self) -> bool:
        """A run is going on or waiting to start (a cancelled run still stopping does not count)."""
        return (self._thread is not None and not self._stopping) or self._pending is not None

    @property
    def stopping(self) -> bool:
        """A cancelled run's thread has not ended yet."""
        return self._thread is not None and self._stopping

    def start(self, request: RunRequest) -> bool:
        """Start ``request`` in the background; False (and nothing started) if a run is going on."""
        if self.busy:
            return False
        self.current = request
        if self._thread is not None:  # a cancelled run is still stopping: begin when it has ended
            self._pending = request
            self.busy_changed.emit(True)
            return True
        self._launch(request)
        return True

    def _launch(self, request: RunRequest) -> None:
        self.current = request
        self._t0 = time.monotonic()
        self._stopping = self._delivered = False
        thread = QThread()
        worker = RunWorker(request)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.result.connect(self._on_result)
        worker.cancelled.connect(self._on_cancelled)
        worker.error.connect(self._on_error)
        worker.note.connect(self._on_note)
        # Direct: quit from the worker's own thread, so ``wait()`` in the GUI thread cannot deadlock on it.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.busy_changed.emit(True)
        thread.start()

    def restart(self, request: RunRequest) -> bool:
        """Run ``request`` now, cancelling a running request of the same tag; False if another view runs."""
        if not self.busy:
            return self.start(request)
        if self.current is None or self.current.tag != request.tag:
            return False
        self.current = self._pending = request
        if self._worker is not None and not self._stopping:
            self._worker.cancel()
            self._stopping = True
        return True

    def follow(self, request: RunRequest) -> bool:
        """Run ``request`` once the running request of the same tag has ended, without cancelling it (its
        result still comes); a request already waiting is replaced. False if another view runs."""
        if not self.busy:
            return self.start(request)
        if self.current is None or self.current.tag != request.tag:
            return False
        self.current = self._pending = request
        return True

    @property
    def running(self) -> RunRequest | None:
        """The request whose thread is running and not cancelled (None otherwise)."""
        if self._worker is None or self._stopping:
            return None
        return self._worker.request

    @property
    def queued(self) -> bool:
        """A request waits for the running one to end."""
        return self._pending is not None

    def cancel(self) -> None:
        """Stop the current run (or drop a queued one) and give control back at once; safe to repeat."""
        if self._pending is not None:
            tag, self._pending = self._pending.tag, None
        elif self._worker is not None and not self._stopping and not self._delivered:
            tag = self._tag()
        else:
            return
        if self._worker is not None:
            self._worker.cancel()
            self._stopping = True
        self.cancelled.emit(tag)
        self.busy_changed.emit(False)

    def wait(self, ms: int = 30000) -> bool:
        """Block until the current thread has stopped (for closing the app and for tests)."""
        if self._thread is not None:
            return bool(self._thread.wait(ms))
        return True

    # ---------------------------------------------------------------- slots
    def _tag(self) -> str:
        return self.current.tag if self.current is not None else ""

    def _on_progress(self, done: int, total: int) -> None:
        if self._stopping:
            return
        elapsed = time.monotonic() - self._t0
        remaining = elapsed / done * (total - done) if done else float("nan")
        self.progress.emit(done, total, elapsed, remaining)

    def _on_note(self, text: str) -> None:
        if not self._stopping:
            self.note.emit(self._tag(), text)

    def _on_result(self, res: RunResult) -> None:
        if self._stopping:
            return
        self._delivered = True
        self.last_result = res
        self.result.emit(self._tag(), res)

    def _on_cancelled(self) -> None:
        if self._stopping:
            return
        self._delivered = True
        self.cancelled.emit(self._tag())

    def _on_error(self, kind: str, text: str) -> None:
        if self._stopping:
            return
        self._delivered = True
        self.error.emit(self._tag(), kind, text)

    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        stopped, self._stopping = self._stopping, False
        if not stopped and not self._delivered:  # the thread ended without a word: never leave the app waiting
            self._delivered = True
            self.error.emit(self._tag(), "unexpected", "The run's thread ended without a result or an error.")
        if worker is not None:
            worker.deleteLater()
        if thread is not None:
            thread.deleteLater()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._launch(pending)
            return
        if not stopped:
            self.busy_changed.emit(False)
