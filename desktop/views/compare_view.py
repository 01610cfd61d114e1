"""Compare: pick two or more scenarios, run them with common random numbers, overlay them and
show the difference table from ``sim.analysis.compare`` at 2025 and 2035."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.runs.controller import RunController, RunRequest
from desktop.views.attribution_view import AttributionPanel
from desktop.views.charts import ChartPanel
from desktop.views.export import comparison_rows, export_report, wrap_label
from desktop.views.library_panel import read_names
from sim.analysis.compare import compare_table
from sim.errors import InnovsimError
from sim.runs.runner import RunResult
from sim.scenario.loader import Scenario, load_scenario

CURRENT = "<current>"


class CompareView(QWidget):
    """Checklist of scenarios, Run comparison, overlay charts and the difference table."""

    message = Signal(str, str, str)

    def __init__(self, controller: RunController, paths: Callable[[], list[Path]],
                 current: Callable[[], Scenario | None]) -> None:
        super().__init__()
        self.controller = controller
        self.paths = paths
        self.current = current
        self.result: RunResult | None = None
        self.names: dict[str, str] = {}
        self.table_frame = None
        self.pick_label = QLabel()
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda _item: self._refresh_reference())
        self.ref_label = QLabel()
        self.reference = QComboBox()  # which ticked scenario the differences are taken against
        self.reps_label = QLabel()
        self.reps = QSpinBox()
        self.reps.setRange(1, 10000)
        self.reps.setValue(10)
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(self.start)
        self.report_btn = QPushButton()
        self.report_btn.clicked.connect(lambda: self.export_report())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.pick_label)
        lv.addWidget(self.list, 1)
        lv.addWidget(self.ref_label)
        lv.addWidget(self.reference)
        row = QHBoxLayout()
        row.addWidget(self.reps_label)
        row.addWidget(self.reps)
        lv.addLayout(row)
        lv.addWidget(self.run_btn)
        lv.addWidget(self.report_btn)
        left.setMaximumWidth(260)
        self.charts = ChartPanel()
        self.charts.set_selected(["rd_intensity", "hnte_count", "fiscal_cost", "fiscal_st_ratio"])
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attribution = AttributionPanel(controller, self.attribution_pair, self.reps.value)
        self.attribution.message.connect(self.message)
        self.bottom = QTabWidget()  # the difference table and the attribution waterfall
        self.bottom.addTab(self.table, "")
        self.bottom.addTab(self.attribution, "")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.charts)
        right.addWidget(self.bottom)
        right.setSizes([520, 260])
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.retranslate()

    def refresh_list(self) -> None:
        checked = set(self.checked())
        self.list.blockSignals(True)
        self.list.clear()
        entries: list[tuple[str, str]] = [(CURRENT, self.tr("Open scenario (as edited)"))]
        for p in self.paths():
            entries.append((str(p), i18n.scenario_name(*read_names(p))))
        seen = set()
        for key, label in entries:
            if key in seen:
                continue
            seen.add(key)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._refresh_reference()

    def _refresh_reference(self) -> None:
        """The reference choices are the ticked scenarios; the choice is kept while it stays ticked."""
        keep = self.reference.currentData()
        labels = {str(self.list.item(k).data(Qt.ItemDataRole.UserRole)): self.list.item(k).text()
                  for k in range(self.list.count())}
        self.reference.blockSignals(True)
        self.reference.clear()
        for key in self.checked():
            self.reference.addItem(labels[key], key)
        index = self.reference.findData(keep)
        self.reference.setCurrentIndex(index if index >= 0 else 0)
        self.reference.blockSignals(False)
        self.reference.setEnabled(self.reference.count() > 1)

    def set_reference(self, key: str) -> None:
        """Take differences against the ticked scenario ``key`` (a path, or ``CURRENT``)."""
        index = self.reference.findData(key)
        if index < 0:
            raise ValueError(f"{key} is not ticked")
        self.reference.setCurrentIndex(index)

    def ordered(self) -> list[str]:
        """The ticked scenarios, the reference first, then the others in list order."""
        keys = self.checked()
        ref = self.reference.currentData()
        return [ref, *(k for k in keys if k != ref)] if ref in keys else keys

    def checked(self) -> list[str]:
        return [str(self.list.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(self.list.count())
                if self.list.item(k).checkState() == Qt.CheckState.Checked]

    def set_checked(self, keys: list[str]) -> None:
        self.refresh_list()
        self.list.blockSignals(True)
        for k in range(self.list.count()):
            item = self.list.item(k)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._refresh_reference()

    def scenarios(self) -> list[Scenario]:
        """The ticked scenarios, loaded, the reference first."""
        out = []
        for key in self.ordered():
            if key == CURRENT:
                sc = self.current()
                if sc is None:
                    raise InnovsimError(self.tr("The open scenario is missing or invalid; fix it in the editor first."))
                out.append(sc)
            else:
                out.append(load_scenario(key))
        return out

    def start(self, overrides: list[str] | None = None) -> bool:
        """Run the checked scenarios together (``overrides`` apply to each; used by tests)."""
        try:
            scenarios = self.scenarios()
            if overrides:
                from sim.scenario.loader import apply_overrides

                scenarios = [apply_overrides(s, overrides) for s in scenarios]
        except InnovsimError as e:
            self.message.emit(self.tr("Cannot compare"), str(e), "")
            return False
        if len(scenarios) < 2:
            self.message.emit(self.tr("Cannot compare"), self.tr("Tick at least two scenarios to compare."), "")
            return False
        seed = int(scenarios[0].params["run.seed"])
        if not self.controller.start(RunRequest(scenarios, self.reps.value(), seed, tag="compare")):
            self.message.emit(self.tr("A run is going on"), self.tr("Wait for it to finish or cancel it first."), "")
            return False
        return True

    def set_busy(self, busy: bool) -> None:
        self.run_btn.setEnabled(not busy)
        self.attribution.set_busy(busy)

    def attribution_pair(self) -> tuple[Scenario, Scenario, str, str] | None:
        """The reference and the first other ticked scenario, loaded, with their names (None if fewer than two
        are ticked or one cannot be loaded: the reason goes to ``message``)."""
        if len(self.checked()) < 2:
            return None
        try:
            a, b = self.scenarios()[:2]
        except InnovsimError as e:
            self.message.emit(self.tr("Cannot compare"), str(e), "")
            return None
        return a, b, i18n.scenario_name(a.name, a.name_zh), i18n.scenario_name(b.name, b.name_zh)

    def set_result(self, result: RunResult) -> None:
        self.result = result
        self.names = {sid: i18n.scenario_name(s.name, s.name_zh) for s, sid in zip(result.scenarios, result.ids, strict=True)}
        self.charts.set_result(result, self.names)
        self.table_frame = compare_table(result)
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.clear()
        if self.table_frame is None:
            self.table.setRowCount(0)
            return
        headers, rows = comparison_rows(self.table_frame, self.names)
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([wrap_label(h, 16) for h in headers])  # narrow columns, 2-3 line headers
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def export_report(self, path: Path | None = None) -> Path | None:
        if self.result is None:
            self.message.emit(self.tr("Nothing to export"), self.tr("Run a comparison first."), "")
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Comparison report"), "comparison.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            page = self.attribution.report_page()
            return export_report(self.result, path, self.names, show_observed=self.charts.show_observed,
                                 extra_pages=() if page is None else (page,))
        except OSError as e:
            self.message.emit(self.tr("Cannot export"), str(e), "")
            return None

    def retranslate(self) -> None:
        self.pick_label.setText(self.tr("Tick two or more scenarios:"))
        self.ref_label.setText(self.tr("Differences against:"))
        self.reference.setToolTip(self.tr("The reference scenario: the table gives the others' differences from it"))
        self.reps_label.setText(self.tr("Replicates"))
        self.run_btn.setText(self.tr("Run comparison"))
        self.report_btn.setText(self.tr("PDF report…"))
        self.bottom.setTabText(0, i18n.bilingual("Differences", "差异表"))
        self.bottom.setTabText(1, i18n.bilingual("Attribution (waterfall)", "变化归因(瀑布图)"))
        self.attribution.retranslate()
        self.refresh_list()
        if self.result is not None:
            self.set_result(self.result)
        self.charts.retranslate()
