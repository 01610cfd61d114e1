"""The firm explorer: the agents of one run of the open scenario (one replicate), read through the firm panel
(``sim.runs.firm_panel``, never the model's internals).

* the distribution of firms' three-year R&D / revenue in a chosen year, with the HNTE thresholds and the
  same firms under a no-notch counterfactual (the run repeated with ``channels.hnte = 0``, same seed);
* the HNTE ladder: firms by stage every year (stacked) and the flows between stages into the chosen year;
* a sortable table of the firms in the chosen year; a click shows that firm's history.

Both runs go through the run controller's worker thread (never the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.fonts import setup_matplotlib
from desktop.runs.controller import RunController, RunRequest
from sim.analysis.firm_charts import draw_bunching, draw_firm_history, draw_ladder
from sim.model.panel import STAGE_LABELS
from sim.runs.firm_panel import FirmPanel, firm_panel
from sim.runs.runner import RunCancelled
from sim.scenario.loader import Scenario, apply_overrides

TAG = "firms"
# table columns: panel column, English, Chinese, decimals
TABLE_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("firm", "Firm", "企业编号", 0), ("stage", "Stage", "阶段", -1),
    ("revenue", "Revenue (m yuan)", "销售收入(百万元)", 1), ("rd", "R&D (m yuan)", "研发费用(百万元)", 2),
    ("rd_ratio", "R&D / revenue (%)", "研发占比(%)", 2), ("rd_ratio_3y", "3-year avg (%)", "三年平均(%)", 2),
    ("st_share", "S&T staff (%)", "科技人员占比(%)", 1), ("ht_share", "High-tech share (%)", "高新产品收入占比(%)", 1),
    ("certified_since", "Certified since", "认定起始年", 0), ("subsidy", "Subsidy (m yuan)", "研发后补助(百万元)", 3),
    ("award", "Award (m yuan)", "高企奖补(百万元)", 3),
)


@dataclass
class ExplorerData:
    """The run's firm panel (every year) and the same run without the HNTE notch."""

    panel: FirmPanel
    counterfactual: FirmPanel
    name: str


ALL_YEARS_UP_TO = 20_000  # firms: above this the explorer keeps every fifth year's rows (memory), not every year's


def explorer_years(scenario: Scenario) -> list[int] | None:
    """Years whose firm rows the explorer holds: every year up to ``ALL_YEARS_UP_TO`` firms, else the base
    year, every fifth year and the end year (two panels of every year of 100,000 firms would need gigabytes)."""
    if int(scenario.params["run.n_firms"]) <= ALL_YEARS_UP_TO:
        return None
    return sorted({scenario.base_year, scenario.end_year, *(y for y in scenario.years if y % 5 == 0)})


def explorer_job(scenario: Scenario, replicate: int, name: str) -> Callable[..., ExplorerData]:
    """The worker-thread job: the scenario's panel and its no-notch counterfactual, same replicate seed."""
    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool], note: Callable[[str], None]) -> ExplorerData:
        progress(0, 2)
        years = explorer_years(scenario)
        panel = firm_panel(scenario, years, replicate=replicate)
        if cancelled():
            raise RunCancelled("run cancelled")
        progress(1, 2)
        counterfactual = firm_panel(apply_overrides(scenario, ["channels.hnte=0"]), years, replicate=replicate)
        progress(2, 2)
        return ExplorerData(panel, counterfactual, name)
    return job


class FrameModel(QAbstractTableModel):
    """A read-only table over a DataFrame, sortable by any column (sorting sorts the frame itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.frame = pd.DataFrame(columns=[c for c, *_ in TABLE_COLUMNS])

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TABLE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            _c, en, zh, _d = TABLE_COLUMNS[section]
            return i18n.bilingual(en, zh)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, _en, _zh, decimals = TABLE_COLUMNS[index.column()]
        value = self.frame.iat[index.row(), self.frame.columns.get_loc(column)]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "stage":
                return i18n.bilingual(*STAGE_LABELS[str(value)])
            if column == "certified_since":
                return str(int(value)) if value else "–"
            return f"{value:.{decimals}f}" if decimals > 0 else str(int(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and column != "stage":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = TABLE_COLUMNS[column][0]
        self.beginResetModel()
        by = self.frame[key].astype(str) if key == "stage" else self.frame[key]
        self.frame = self.frame.iloc[by.argsort(kind="stable")[:: 1 if order == Qt.SortOrder.AscendingOrder else -1]]
        self.frame = self.frame.reset_index(drop=True)
        self.endResetModel()

    def firm_at(self, row: int) -> int:
        return int(self.frame["firm"].iat[row])


def _canvas(width: float, height: float) -> tuple[Figure, FigureCanvasQTAgg]:
    fig = Figure(figsize=(width, height))
    return fig, FigureCanvasQTAgg(fig)


class FirmExplorer(QWidget):
    """Replicate and year pickers, Load firms, the histogram, the ladder with its flows, the firm table and
    one firm's history."""

    message = Signal(str, str, str)

    def __init__(self, controller: RunController, current: Callable[[], Scenario | None],
                 name: Callable[[], str] = lambda: "") -> None:
        super().__init__()
        setup_matplotlib()
        self.controller = controller
        self.current = current
        self.scenario_name = name
        self.data: ExplorerData | None = None
        self.rep_label = QLabel()
        self.replicate = QSpinBox()
        self.replicate.setRange(0, 9999)
        self.year_label = QLabel()
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(lambda _i: self.show_year())
        self.load_btn = QPushButton()
        self.load_btn.clicked.connect(lambda: self.start())
        self.info = QLabel()
        self.info.setWordWrap(True)
        top = QHBoxLayout()
        for w in (self.rep_label, self.replicate, self.year_label, self.year, self.load_btn):
            top.addWidget(w)
        top.addWidget(self.info, 1)

        self.hist_fig, self.hist_canvas = _canvas(7, 4)
        self.ladder_fig, self.ladder_canvas = _canvas(7, 4)
        self.flows = QTableWidget()
        self.flows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        ladder = QSplitter(Qt.Orientation.Vertical)
        ladder.addWidget(self.ladder_canvas)
        ladder.addWidget(self.flows)
        ladder.setSizes([420, 180])
        self.charts = QTabWidget()
        self.charts.addTab(self.hist_canvas, "")
        self.charts.addTab(ladder, "")

        self.model = FrameModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.clicked.connect(lambda index: self.select_firm(self.model.firm_at(index.row())))
        self.history_fig, self.history_canvas = _canvas(5, 2.2)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.history_canvas)
        right.setSizes([420, 200])
        split = QSplitter()
        split.addWidget(self.charts)
        split.addWidget(right)
        split.setSizes([560, 440])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.selected_firm: int | None = None
        self.retranslate()

    # ------------------------------------------------------------------ running
    def start(self) -> bool:
        """Run the open scenario's chosen replicate and its no-notch counterfactual in the worker thread."""
        sc = self.current()
        if sc is None:
            self.message.emit(i18n.bilingual("Nothing to explore", "无可查看的内容"),
                              i18n.bilingual("Open a valid scenario first.", "请先打开一个有效的情景。"), "")
            return False
        job = explorer_job(sc, self.replicate.value(), self.scenario_name() or sc.name)
        request = RunRequest([sc], 1, int(sc.params["run.seed"]), tag=TAG, job=job)
        if not self.controller.start(request):
            self.message.emit(i18n.bilingual("A run is going on", "正在运行"),
                              i18n.bilingual("Wait for it to finish or cancel it first.", "请等待其完成或先取消。"), "")
            return False
        return True

    def set_busy(self, busy: bool) -> None:
        self.load_btn.setEnabled(not busy)

    def set_data(self, data: ExplorerData) -> None:
        self.data = data
        years = sorted(int(y) for y in data.panel.firms["year"].unique())
        keep = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        default = keep if keep in years else (2025 if 2025 in years else years[-1])
        self.year.setCurrentIndex(years.index(default))
        self.year.blockSignals(False)
        self.selected_firm = None
        self._draw_ladder()
        self.show_year()

    # ------------------------------------------------------------------ views
    def current_year(self) -> int | None:
        data = self.year.currentData()
        return None if data is None else int(data)

    def show_year(self) -> None:
        year = self.current_year()
        if self.data is None or year is None:
            return
        panel = self.data.panel
        zh = i18n.is_zh()
        self.hist_fig.clear()
        draw_bunching(self.hist_fig.add_subplot(111), panel.firms, self.data.counterfactual.firms, year, zh)
        self.hist_fig.tight_layout()
        self.hist_canvas.draw_idle()
        now = panel.firms[(panel.firms["year"] == year) & (panel.firms["exited"] == 0)]
        self.model.set_frame(now[[c for c, *_ in TABLE_COLUMNS]])
        self.table.resizeColumnsToContents()
        self._fill_flows(year)
        b = panel.bunching[panel.bunching["year"] == year]
        marks = ", ".join(f"{r.threshold:g}%: {r.excess_mass:+.1f}" for r in b.itertuples())
        self.info.setText(i18n.bilingual("{0}, replicate {1} (seed {2}): {3} firms in {4}; excess mass above the thresholds {5}",
                                         "{0},第{1}次重复(种子{2}):{4}年共{3}家企业;门槛上方超额集聚 {5}")
                          .format(self.data.name, panel.replicate, panel.seed, len(now), year, marks))
        self.select_firm(self.selected_firm if self.selected_firm is not None else (int(now["firm"].iloc[0]) if len(now) else None))

    def _draw_ladder(self) -> None:
        if self.data is None:
            return
        self.ladder_fig.clear()
        draw_ladder(self.ladder_fig.add_subplot(111), self.data.panel.stages, i18n.is_zh())
        self.ladder_fig.tight_layout()
        self.ladder_canvas.draw_idle()

    def _fill_flows(self, year: int) -> None:
        """Firms moving between stages from the year before into ``year`` (staying put left out)."""
        assert self.data is not None
        flows = self.data.panel.flows
        rows = flows[(flows["year"] == year) & (flows["origin"] != flows["stage"])].sort_values("firms", ascending=False)
        self.flows.clear()
        self.flows.setColumnCount(3)
        self.flows.setRowCount(len(rows))
        self.flows.setHorizontalHeaderLabels([i18n.bilingual("From", "原阶段"), i18n.bilingual("To", "新阶段"),
                                              i18n.bilingual(f"Firms {year - 1}→{year}", f"{year - 1}→{year}年企业数")])
        for r, row in enumerate(rows.itertuples()):
            origin = i18n.bilingual("Not yet a firm", "此前不存在") if row.origin == "none" else i18n.bilingual(*STAGE_LABELS[row.origin])
            for c, text in enumerate((origin, i18n.bilingual(*STAGE_LABELS[row.stage]), str(row.firms))):
                self.flows.setItem(r, c, QTableWidgetItem(text))
        self.flows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def select_firm(self, firm: int | None) -> None:
        """Show ``firm``'s history (R&D / revenue, its three-year average and threshold; stage as colour)."""
        self.history_fig.clear()
        self.selected_firm = firm
        if self.data is not None and firm is not None:
            history = self.data.panel.firms[self.data.panel.firms["firm"] == firm]
            ax = self.history_fig.add_subplot(111)
            draw_firm_history(ax, history, i18n.is_zh())
            ax.set_title(i18n.bilingual("Firm {0}", "企业 {0}").format(firm), fontsize=9)
            self.history_fig.tight_layout()
        self.history_canvas.draw_idle()

    def retranslate(self) -> None:
        self.rep_label.setText(i18n.bilingual("Replicate", "重复序号"))
        self.year_label.setText(i18n.bilingual("Year", "年份"))
        self.load_btn.setText(i18n.bilingual("Load firms", "载入企业"))
        self.load_btn.setToolTip(i18n.bilingual(
            "Run the open scenario's replicate and the same run without the HNTE notch, and show its firms",
            "运行当前情景的该次重复及无高企门槛的同一运行,并展示其中的企业"))
        self.charts.setTabText(0, i18n.bilingual("R&D distribution", "研发强度分布"))
        self.charts.setTabText(1, i18n.bilingual("HNTE ladder", "高企培育梯队"))
        if self.data is None:
            self.info.setText(i18n.bilingual("Load firms to see the agents of one run.", "点击“载入企业”查看一次运行中的企业个体。"))
        else:
            self._draw_ladder()
            self.show_year()

