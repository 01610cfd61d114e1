"""The main window: lays out the panels and wires them to the run controller.

It holds no numbers of its own: values come from the document (the scenario file) and the
``RunResult`` the controller returns.
"""

from __future__ import annotations

import contextlib
import math
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desktop import i18n
from desktop.locks import QtLocks
from desktop.models.autosave import AutosaveStore, discard_copy, read_autosave_meta
from desktop.models.document import ScenarioDocument
from desktop.runs.controller import RunController, RunRequest
from desktop.settings import Settings, autosave_dir, sessions_dir, user_scenarios_dir
from desktop.views.charts import ChartPanel
from desktop.views.editor import ScenarioEditor
from desktop.views.library_panel import LibraryPanel
from sim.analysis.overlay import SOURCE
from sim.errors import InnovsimError, ScenarioError
from sim.runs.runner import RunResult
from sim.scenario.loader import Scenario

if TYPE_CHECKING:
    from desktop.views.backtest_view import BacktestDialog

AUTOSAVE_MS = 30_000
DISK_CHECK_MS = 250  # a change on disk is looked at once writes have settled (editors write in bursts)


def display_names(scenarios: list[Scenario], ids: list[str]) -> dict[str, str]:
    return {sid: i18n.scenario_name(s.name, s.name_zh) for s, sid in zip(scenarios, ids, strict=True)}


class MainWindow(QMainWindow):
    """Library | editor | results (with Compare and Trainer tabs)."""

    def __init__(self, settings: Settings | None = None, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.controller = RunController(self)
        self.doc: ScenarioDocument | None = None
        self.result: RunResult | None = None
        self.last_message: tuple[str, str] | None = None
        self.last_details = ""
        self._box: QMessageBox | None = None

        self.library = LibraryPanel()
        self.editor = ScenarioEditor()
        self.charts = ChartPanel()
        self.right = QTabWidget()
        self.right.addTab(self.charts, "")
        self._extra_tabs()
        split = QSplitter()
        split.addWidget(self.library)
        split.addWidget(self.editor)
        split.addWidget(self.right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 3)
        split.setSizes([230, 430, 740])
        self.setCentralWidget(split)
        self.right.currentChanged.connect(self._tab_changed)
        self._build_actions()
        self._build_toolbar()
        self.status = self.statusBar()

        self.library.open_requested.connect(self.open_path)
        self.library.open_file_requested.connect(self.open_dialog)
        self.library.new_requested.connect(self.new_from_baseline)
        self.editor.changed.connect(self._doc_changed)
        self.controller.busy_changed.connect(self._busy_changed)
        self.controller.progress.connect(self._progress)
        self.controller.result.connect(self._on_result)
        self.controller.cancelled.connect(self._on_cancelled)
        self.controller.error.connect(self._on_error)
        self.controller.note.connect(lambda _tag, text: self.status.showMessage(text, 10000))

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        # this window's autosave copies, their claim and session lock (desktop/models/autosave.py)
        self.autosave_store = AutosaveStore(autosave_dir, sessions_dir, QtLocks())

        # The open file is watched: a change by another program is noticed (reload, or ask when there are edits).
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._disk_bytes: bytes | None = None  # the file as this window last read or wrote it
        self._disk_checks = 0
        self.disk_timer = QTimer(self, singleShot=True, interval=DISK_CHECK_MS)
        self.disk_timer.timeout.connect(self.check_disk)

        self.library.set_recent(self.settings.recent_files())
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self.settings.state()
        if state is not None:
            self.restoreState(state)
        self.retranslate()
        self._update_actions()

    # ------------------------------------------------------------------ construction
    def _extra_tabs(self) -> None:
        """Compare and Trainer tabs (own modules)."""
        from desktop.views.compare_view import CompareView
        from desktop.views.firm_explorer import FirmExplorer
        from desktop.views.trainer import TrainerPanel

        self.compare = CompareView(self.controller, self.library_paths, self.current_scenario)
        self.trainer = TrainerPanel(self.controller, self.current_scenario)
        self.compare.message.connect(self.show_error)
        self.trainer.message.connect(self.show_error)
        self.explorer = FirmExplorer(self.controller, self.current_scenario, self._current_name)
        self.explorer.message.connect(self.show_error)
        self.right.addTab(self.compare, "")
        self.right.addTab(self.trainer, "")
        self.right.addTab(self.explorer, "")

    def _build_actions(self) -> None:
        self.act_new = QAction(self, shortcut=QKeySequence.StandardKey.New, triggered=self.new_from_baseline)
        self.act_open = QAction(self, shortcut=QKeySequence.StandardKey.Open, triggered=self.open_dialog)
        self.act_save = QAction(self, shortcut=QKeySequence.StandardKey.Save, triggered=self.save)
        self.act_save_as = QAction(self, shortcut=QKeySequence.StandardKey.SaveAs, triggered=lambda: self.save_as())
        self.act_quit = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.act_export_chart = QAction(self, triggered=self.export_chart)
        self.act_export_csv = QAction(self, triggered=lambda: self.export_results("csv"))
        self.act_export_xlsx = QAction(self, triggered=lambda: self.export_results("xlsx"))
        self.act_export_report = QAction(self, triggered=lambda: self.compare.export_report())
        self.file_menu = self.menuBar().addMenu("")
        for a in (self.act_new, self.act_open, self.act_save, self.act_save_as):
            self.file_menu.addAction(a)
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu("")
        for a in (self.act_export_chart, self.act_export_csv, self.act_export_xlsx, self.act_export_report):
            self.export_menu.addAction(a)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.setToolTipsVisible(True)
        self.act_observed = QAction(self, checkable=True)
        self.act_observed.setChecked(self.settings.show_observed())
        self.act_observed.toggled.connect(self.set_show_observed)
        self.view_menu.addAction(self.act_observed)
        self._apply_show_observed(self.act_observed.isChecked())
        self.tools_menu = self.menuBar().addMenu("")
        self.act_backtest = QAction(self, triggered=self.open_backtest)
        self.tools_menu.addAction(self.act_backtest)
        self.backtest_dialog: BacktestDialog | None = None  # made on first use (desktop/views/backtest_view.py)
        self.lang_menu = self.menuBar().addMenu("")
        self.act_en = QAction("English", self, checkable=True, triggered=lambda: self.set_language("en"))
        self.act_zh = QAction("中文", self, checkable=True, triggered=lambda: self.set_language("zh_CN"))
        self.lang_menu.addAction(self.act_en)
        self.lang_menu.addAction(self.act_zh)

    def _build_toolbar(self) -> None:
        tb = QToolBar()
        tb.setObjectName("runbar")
        self.addToolBar(tb)
        for a in (self.act_new, self.act_open, self.act_save, self.act_save_as):
            tb.addAction(a)
        tb.addSeparator()
        self.reps_label = QLabel()
        self.reps = QSpinBox()
        self.reps.setRange(1, 10000)
        self.reps.setValue(self.settings.int_value("run/replicates", 10))
        self.seed_label = QLabel()
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(20240101)
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(self.start_run)
        self.cancel_btn = QPushButton()
        self.cancel_btn.clicked.connect(self.cancel_run)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.time_label = QLabel()
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("中文", "zh_CN")
        self.lang_combo.currentIndexChanged.connect(lambda k: self.set_language(str(self.lang_combo.itemData(k))))
        for w in (self.reps_label, self.reps, self.seed_label, self.seed, self.run_btn, self.cancel_btn, self.progress,
                  self.time_label):
            tb.addWidget(w)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addWidget(self.lang_combo)

    # ------------------------------------------------------------------ messages
    def show_error(self, title: str, text: str, details: str = "") -> None:
        """A non-blocking message box (what happened and what to do)."""
        self.last_message = (title, text)
        self.last_details = details
        self.status.showMessage(text.splitlines()[0] if text else title, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._box = box
        box.open()

    def ask(self, title: str, text: str, buttons: QMessageBox.StandardButton, default: QMessageBox.StandardButton,
            labels: dict[QMessageBox.StandardButton, str] | None = None) -> QMessageBox.StandardButton:
        """A modal question; tests replace this method to give the answer."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, self)
        box.setDefaultButton(default)
        for button, label in (labels or {}).items():
            if box.button(button) is not None:
                box.button(button).setText(label)
        return QMessageBox.StandardButton(box.exec())

    def scenario_error(self, e: InnovsimError) -> None:
        hint = self.tr("Correct the field named in the message (its allowed range is given), then try again.")
        self.show_error(self.tr("Invalid scenario"), f"{e}\n\n{hint}")

    # ------------------------------------------------------------------ documents
    def library_paths(self) -> list[Path]:
        return self.library.paths()

    def _current_name(self) -> str:
        """The open scenario's name in the interface language ("" when nothing is open)."""
        return "" if self.doc is None else i18n.scenario_name(self.doc.name, self.doc.name_zh)

    def current_scenario(self) -> Scenario | None:
        """The open document as a validated scenario (None when nothing is open or it is invalid)."""
        if self.doc is None:
            return None
        try:
            return self.doc.scenario()
        except ScenarioError:
            return None

    def open_path(self, path: Path) -> bool:
        if not self.maybe_discard():
            return False
        try:
            doc = ScenarioDocument.open(path)
        except InnovsimError as e:
            self.scenario_error(e)
            return False
        except OSError as e:
            self.show_error(self.tr("Cannot open file"), f"{path}: {e.strerror}")
            return False
        self.set_document(doc)
        if not doc.read_only:
            self.library.set_recent(self.settings.add_recent(path))
            self._fill_recent_menu()
        return True

    def set_document(self, doc: ScenarioDocument) -> None:
        self.doc = doc
        self.editor.set_document(doc)
        with contextlib.suppress(TypeError, ValueError):
            self.seed.setValue(int(doc.value("run.seed")) % (2**31))
        self.result = None
        self.charts.set_result(None)
        self.trainer.reset()
        self._watch()
        self._update_actions()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open scenario"), str(user_scenarios_dir()),
                                              self.tr("Scenario files (*.toml)"))
        if path:
            self.open_path(Path(path))

    def new_from_baseline(self) -> None:
        if not self.maybe_discard():
            return
        try:
            self.set_document(ScenarioDocument.from_baseline())
        except InnovsimError as e:
            self.scenario_error(e)

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.path is None or self.doc.read_only:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self, path: Path | None = None) -> bool:
        """Save a copy (bundled scenarios go to the user's folder); ``path`` skips the dialog."""
        if self.doc is None:
            return False
        if path is None:
            stem = self.doc.path.stem if self.doc.path is not None else "my_scenario"
            suggestion = user_scenarios_dir() / f"{stem}{'_copy' if self.doc.read_only else ''}.toml"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save scenario as"), str(suggestion),
                                                    self.tr("Scenario files (*.toml)"))
            if not chosen:
                return False
            path = Path(chosen)
        if path.suffix.lower() != ".toml":
            path = path.with_suffix(".toml")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        try:
            self.doc.save(path)
        except InnovsimError as e:
            self.scenario_error(e)
            return False
        except OSError as e:
            self.show_error(self.tr("Cannot save"), f"{path}: {e.strerror}\n\n{self.tr('Choose another folder.')}")
            return False
        self.clear_autosave()
        self._watch()
        self.library.set_recent(self.settings.add_recent(path))
        self._fill_recent_menu()
        self.status.showMessage(self.tr("Saved {0}").format(path), 5000)
        self._update_actions()
        return True

    def _tab_changed(self, _index: int) -> None:
        """Compare and the firm explorer need neither library nor editor: give them the whole width."""
        wide = self.right.currentWidget() in (self.compare, self.explorer)
        self.library.setVisible(not wide)
        self.editor.setVisible(not wide)

    def _doc_changed(self) -> None:
        self._update_actions()

    def maybe_discard(self) -> bool:
        """True when there are no unsaved edits or the user agrees to lose or save them."""
        if self.doc is None or not self.doc.dirty:
            return True
        answer = self.ask(
            self.tr("Unsaved changes"), self.tr("The scenario has unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------------ autosave
    def autosave(self) -> Path | None:
        """Write a self-contained copy of unsaved edits to the user folder (recoverable after a crash), or
        remove copies of edits that were saved or given up. Runs every ``autosave_ms``."""
        return self.autosave_store.save(self.doc)

    def clear_autosave(self) -> None:
        """Remove this window's autosave copies (after a save or a clean close); other files' copies stay."""
        self.autosave_store.clear()

    def recoverable_copies(self) -> list[Path]:
        """Autosave copies left by windows that are gone (a crash), newest first."""
        return self.autosave_store.recoverable_copies()

    def offer_recovery(self) -> bool:
        """At start-up: offer to reopen autosaved edits left by a crash; True when they were reopened.

        Each copy is offered in turn (newest first), naming the file it belongs to: Open it, Discard it,
        or Keep it for the next start. Once one is opened, the others stay for the next start. The
        recovered scenario keeps the exact values of the copy and is marked unsaved; Save writes it back
        to the file it came from (Save As when that was a bundled scenario or is gone)."""
        from desktop.views.library_panel import read_names

        Btn = QMessageBox.StandardButton
        labels = {Btn.Yes: self.tr("Open copy"), Btn.No: self.tr("Discard copy"), Btn.Cancel: self.tr("Keep for later")}
        for copy in self.recoverable_copies():
            original = read_autosave_meta(copy).get("original")
            original = str(original) if original else None
            where = original or self.tr("(not saved to a file yet)")
            try:
                when = datetime.fromtimestamp(copy.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            except OSError:
                continue
            name = i18n.scenario_name(*read_names(copy))
            text = self.tr("innovsim closed with unsaved edits to:\n\n{0}\n{1}\n\nAutosaved at {2}. Open the autosaved copy?")
            answer = self.ask(self.tr("Recover unsaved work"), text.format(name, where, when),
                              Btn.Yes | Btn.No | Btn.Cancel, Btn.Yes, labels)
            if answer == Btn.No:
                discard_copy(copy)
                continue
            if answer != Btn.Yes:
                continue
            if not self.maybe_discard():
                return False
            try:
                doc = ScenarioDocument.open(copy)
            except InnovsimError as e:
                self.scenario_error(e)  # the copy stays: Discard it next time
                return False
            doc.path = Path(original) if original and Path(original).is_file() else None
            if doc.read_only:
                doc.path = None
            doc.dirty = True
            self.set_document(doc)
            discard_copy(copy)
            self.autosave()  # keep a copy (this window's now) until the user saves
            self.status.showMessage(self.tr("Recovered unsaved edits from {0}").format(where), 10000)
            return True
        return False

    def apply_overrides(self, overrides: list[str]) -> None:
        """``--set KEY=VALUE`` at start-up: unsaved edits of the open scenario (as typed in the form)."""
        from desktop.models.document import parse_value

        if self.doc is None:
            return
        for item in overrides:
            key, sep, value = item.partition("=")
            if sep and "." in key:
                self.doc.set_value(key.strip(), parse_value(value))
        self.editor.rebuild()
        self._update_actions()

    # ------------------------------------------------------------------ file changed on disk
    def _watch(self) -> None:
        """Watch the open file (again: an editor that saves by renaming replaces the file the watcher had)."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self._disk_bytes = None
        self._disk_checks = 0
        if self.doc is None or self.doc.path is None:
            return
        with contextlib.suppress(OSError):
            self._disk_bytes = self.doc.path.read_bytes()
            self.watcher.addPath(str(self.doc.path))

    def _file_changed(self, _path: str) -> None:
        self.disk_timer.start()

    def check_disk(self) -> None:
        """Look at the open file after a change notice: reload it when there are no unsaved edits,
        otherwise ask whether to reload it or keep the edits."""
        if self.doc is None or self.doc.path is None:
            return
        path = self.doc.path
        if not path.is_file():
            self._disk_checks += 1
            if self._disk_checks < 20:  # deleted then written again by some editors: look again shortly
                self.disk_timer.start()
            else:
                self.status.showMessage(self.tr("{0} was removed or renamed on disk; Save writes it again.")
                                        .format(path.name), 10000)
            return
        self._disk_checks = 0
        if str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))
        try:
            data = path.read_bytes()
        except OSError:
            return
        if data == self._disk_bytes:
            return  # our own save, or a touch
        self._disk_bytes = data
        if self.doc.dirty:
            answer = self.ask(
                self.tr("File changed on disk"),
                self.tr("{0} was changed by another program. Reload it and lose your unsaved edits, "
                        "or keep your edits (saving will then overwrite the file)?").format(path),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
                {QMessageBox.StandardButton.Yes: self.tr("Reload"), QMessageBox.StandardButton.No: self.tr("Keep my edits")})
            if answer != QMessageBox.StandardButton.Yes:
                self.status.showMessage(self.tr("Kept your edits; {0} changed on disk.").format(path.name), 10000)
                return
        try:
            doc = ScenarioDocument.open(path)
        except InnovsimError as e:
            self.scenario_error(e)
            return
        except OSError:
            return
        self.set_document(doc)
        self.status.showMessage(self.tr("Reloaded {0}: it was changed on disk.").format(path.name), 10000)

    # ------------------------------------------------------------------ running
    def start_run(self) -> bool:
        """Validate and start a run of the open scenario; False (with a message) when refused."""
        if self.doc is None:
            self.show_error(self.tr("Nothing to run"), self.tr("Open a scenario from the library first."))
            return False
        if self.controller.busy:
            self.show_error(self.tr("A run is going on"), self.tr("Wait for it to finish or cancel it first."))
            return False
        try:
            scenario = self.doc.scenario()
        except ScenarioError as e:
            self.editor.refresh_errors()
            self.scenario_error(e)
            return False
        self.settings.set_value("run/replicates", self.reps.value())
        request = RunRequest([scenario], self.reps.value(), self.seed.value(), tag="main")
        return self.controller.start(request)

    def open_backtest(self) -> bool:
        """Tools ▸ Backtest…: show the backtest window for the open scenario (its cutoff asked there)."""
        from desktop.views.backtest_view import BacktestDialog

        if self.backtest_dialog is None:
            self.backtest_dialog = BacktestDialog(self.controller, self.current_scenario, self.seed.value, self)
            self.backtest_dialog.message.connect(self.show_error)
        if not self.backtest_dialog.prepare():
            return False
        self.backtest_dialog.show()
        self.backtest_dialog.raise_()
        return True

    def cancel_run(self) -> None:
        """Cancel the run; control comes back at once (the runner stops at its next check)."""
        self.status.showMessage(self.tr("Cancelling…"))
        self.controller.cancel()

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.progress.setValue(0)
            self.time_label.setText(self.tr("starting…"))
        self._update_actions()

    def _progress(self, done: int, total: int, elapsed: float, remaining: float) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        left = "?" if math.isnan(remaining) else f"{remaining:.0f}"
        self.time_label.setText(self.tr("{0:.0f} s elapsed, {1} s left").format(elapsed, left))

    def _on_result(self, tag: str, result: RunResult) -> None:
        if tag == "main":
            self.result = result
            self.charts.set_result(result, display_names(result.scenarios, result.ids))
            self.right.setCurrentWidget(self.charts)
            self.status.showMessage(self.tr("Run finished: {0} replicates").format(len(result.seeds)), 8000)
        elif tag == "compare":
            self.compare.set_result(result)
        elif tag == "trainer":
            self.trainer.set_result(result)
        elif tag == "firms":
            self.explorer.set_data(result)
        elif tag == "attribution":
            self.compare.attribution.set_table(result)

    def _on_cancelled(self, tag: str) -> None:
        self.status.showMessage(self.tr("Run cancelled; nothing was kept."), 8000)
        self.progress.setValue(0)
        self.time_label.setText(self.tr("cancelled"))

    def _on_error(self, tag: str, kind: str, text: str) -> None:
        self.progress.setValue(0)
        self.time_label.setText("")
        if kind == "expected":
            self.show_error(self.tr("The run stopped"), text + "\n\n" + self.tr("Check the scenario and run again."))
        else:
            lines = [ln for ln in text.strip().splitlines() if ln.strip()]
            reason = lines[-1].strip() if lines else ""
            self.show_error(self.tr("Unexpected error"),
                            self.tr("The model failed: {0}\n\nNothing was kept. You can run again; if it fails again, "
                                    "please report this with the details.").format(reason), text)

    def _update_actions(self) -> None:
        busy = self.controller.busy
        has_doc = self.doc is not None
        valid = has_doc and self.editor.refresh_errors() is None
        self.run_btn.setEnabled(valid and not busy)
        self.cancel_btn.setEnabled(busy)
        self.act_save.setEnabled(has_doc)
        self.act_save_as.setEnabled(has_doc)
        self.compare.set_busy(busy)
        self.explorer.set_busy(busy)
        self._update_title()

    def _update_title(self) -> None:
        title = "innovsim"
        if self.doc is not None:
            name = i18n.scenario_name(self.doc.name, self.doc.name_zh)
            where = self.tr("read-only") if self.doc.read_only else str(self.doc.display_path.name)
            title = f"{name}{'*' if self.doc.dirty else ''} ({where}) — innovsim"
        self.setWindowTitle(title)

    # ------------------------------------------------------------------ export
    def export_chart(self, path: Path | None = None) -> Path | None:
        from desktop.views.export import export_figure

        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart"), str(user_scenarios_dir().parent / "chart.png"),
                                                    "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            return export_figure(self.charts.figure, path)
        except (OSError, ValueError) as e:
            self.show_error(self.tr("Cannot export"), str(e))
            return None

    def export_results(self, kind: str, path: Path | None = None) -> Path | None:
        from desktop.views.export import export_csv, export_xlsx

        if self.result is None:
            self.show_error(self.tr("Nothing to export"), self.tr("Run the scenario first."))
            return None
        if path is None:
            flt = "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"),
                                                    str(user_scenarios_dir().parent / f"summary.{kind}"), flt)
            if not chosen:
                return None
            path = Path(chosen)
        try:
            return export_csv(self.result, path) if kind == "csv" else export_xlsx(self.result, path)
        except (OSError, InnovsimError) as e:
            self.show_error(self.tr("Cannot export"), str(e))
            return None

    # ------------------------------------------------------------------ view
    def set_show_observed(self, on: bool) -> None:
        """Show or hide observed history on every chart (results, Compare, Trainer, their exports) and
        remember the choice."""
        if self.act_observed.isChecked() != on:
            self.act_observed.setChecked(on)  # comes back here through toggled
            return
        self.settings.set_show_observed(on)
        self._apply_show_observed(on)

    def _apply_show_observed(self, on: bool) -> None:
        for panel in (self.charts, self.compare.charts, self.trainer.charts):
            panel.set_show_observed(on)

    # ------------------------------------------------------------------ language
    def set_language(self, lang: str) -> None:
        if lang == i18n.current() and self.act_en.isChecked() != self.act_zh.isChecked():
            return
        i18n.set_language(lang)
        self.settings.set_language(i18n.current())
        self.retranslate()

    def retranslate(self) -> None:
        lang = i18n.current()
        self.act_en.setChecked(lang == "en")
        self.act_zh.setChecked(lang == "zh_CN")
        self.lang_combo.blockSignals(True)
        self.lang_combo.setCurrentIndex(0 if lang == "en" else 1)
        self.lang_combo.blockSignals(False)
        self.act_new.setText(self.tr("New"))
        self.act_open.setText(self.tr("Open…"))
        self.act_save.setText(self.tr("Save"))
        self.act_save_as.setText(self.tr("Save As…"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_export_chart.setText(self.tr("Chart (PNG, SVG, PDF)…"))
        self.act_export_csv.setText(self.tr("Results summary (CSV)…"))
        self.act_export_xlsx.setText(self.tr("Results (Excel)…"))
        self.act_export_report.setText(self.tr("Comparison report (PDF)…"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Recent files"))
        self.export_menu.setTitle(self.tr("Export"))
        self.lang_menu.setTitle(self.tr("&Language"))
        self.view_menu.setTitle(self.tr("&View"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.act_backtest.setText(self.tr("Backtest…"))
        if self.backtest_dialog is not None:
            self.backtest_dialog.retranslate()
        self.act_observed.setText(self.tr("Show observed data"))
        tip = self.tr("Observed history ({0}) as black points beside the simulated bands").format(SOURCE)
        self.act_observed.setToolTip(tip)
        self.act_observed.setStatusTip(tip)
        self.reps_label.setText(" " + self.tr("Replicates") + " ")
        self.seed_label.setText(" " + self.tr("Seed") + " ")
        self.run_btn.setText(self.tr("Run"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.right.setTabText(0, self.tr("Results"))
        self.right.setTabText(1, self.tr("Compare"))
        self.right.setTabText(2, self.tr("Trainer"))
        self.right.setTabText(3, i18n.bilingual("Firm explorer", "企业探查"))
        self.library.set_recent(self.settings.recent_files())
        self.editor.retranslate()
        self.charts.set_result(self.result, display_names(self.result.scenarios, self.result.ids) if self.result else None)
        self.charts.retranslate()
        self.compare.retranslate()
        self.trainer.retranslate()
        self.explorer.retranslate()
        self._fill_recent_menu()
        self._update_title()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.recent_files():
            self.recent_menu.addAction(str(p), lambda p=p: self.open_path(p))

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_discard():
            event.ignore()
            return
        self.controller.cancel()
        self.controller.wait()
        self.clear_autosave()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        event.accept()


def unexpected_error_dialog(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
    """``sys.excepthook``: show an unexpected exception with its traceback instead of exiting."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))  # type: ignore[arg-type]
    import sys

    sys.stderr.write(details)
    if isinstance(exc, InnovsimError):
        text = str(exc)
    else:
        text = i18n.tr("MainWindow", "Something went wrong that innovsim did not expect. Your scenario is still open; "
                                     "save it under a new name and report the details below.")
    box = QMessageBox(QMessageBox.Icon.Critical, i18n.tr("MainWindow", "Unexpected error"), text)
    box.setDetailedText(details)
    box.exec()


__all__ = ["MainWindow", "QSettings", "unexpected_error_dialog"]
