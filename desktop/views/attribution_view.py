"""The attribution waterfall of the Compare view: how much of the change between the reference and another
ticked scenario each policy channel explains (``sim.studies.attribution``: Shapley values over channel
switches, paired runs), drawn with ``sim.analysis.firm_charts.draw_waterfall``. The runs go through the run
controller's worker thread."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop import i18n
from desktop.fonts import setup_matplotlib
from desktop.runs.controller import RunController, RunRequest
from sim.analysis.firm_charts import draw_waterfall
from sim.scenario.loader import Scenario
from sim.studies.attribution import DEFAULT_INDICATORS, attribute

TAG = "attribution"


class AttributionPanel(QWidget):
    """Year, indicator, Attribute button and the waterfall of the last attribution."""

    message = Signal(str, str, str)

    def __init__(self, controller: RunController, pair: Callable[[], tuple[Scenario, Scenario, str, str] | None],
                 replicates: Callable[[], int]) -> None:
        super().__init__()
        setup_matplotlib()
        self.controller = controller
        self.pair = pair
        self.replicates = replicates
        self.table: pd.DataFrame | None = None
        self.names = ("", "")
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(1900, 2100)
        self.year.setValue(2025)
        self.indicator = QComboBox()
        for name in DEFAULT_INDICATORS:
            self.indicator.addItem(name, name)
        self.indicator.currentIndexChanged.connect(lambda _i: self.draw())
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(lambda: self.start())
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.year_label, self.year, self.indicator, self.run_btn):
            row.addWidget(w)
        row.addWidget(self.note, 1)
        self.fig = Figure(figsize=(8, 3.6))
        self.canvas = FigureCanvasQTAgg(self.fig)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.canvas, 1)
        self.retranslate()

    def start(self) -> bool:
        """Attribute the other scenario's change over the reference in the chosen year (worker thread)."""
        pair = self.pair()
        if pair is None:
            self.message.emit(i18n.bilingual("Cannot attribute", "无法归因"),
                              i18n.bilingual("Tick the reference and one other scenario.", "请勾选参照情景和另一个情景。"), "")
            return False
        a, b, name_a, name_b = pair
        year, reps = self.year.value(), self.replicates()
        self.names = (name_a, name_b)

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool], note: Callable[[str], None]) -> pd.DataFrame:
            return attribute(a, b, year, replicates=reps, executor="serial", progress=progress, cancel=cancelled)

        if not self.controller.start(RunRequest([a, b], reps, int(a.params["run.seed"]), tag=TAG, job=job)):
            self.message.emit(i18n.bilingual("A run is going on", "正在运行"),
                              i18n.bilingual("Wait for it to finish or cancel it first.", "请等待其完成或先取消。"), "")
            return False
        return True

    def set_busy(self, busy: bool) -> None:
        self.run_btn.setEnabled(not busy)

    def set_table(self, table: pd.DataFrame) -> None:
        self.table = table
        self.draw()

    def draw(self) -> None:
        self.fig.clear()
        if self.table is None:
            self.canvas.draw_idle()
            return
        ind = str(self.indicator.currentData())
        ax = self.fig.add_subplot(111)
        zh = i18n.is_zh()
        draw_waterfall(ax, self.table, ind, zh, i18n.indicator_unit(ind))
        a = self.table.attrs
        ax.set_title(i18n.bilingual(
            f"{i18n.indicator_label(ind)} in {a['year']}: {self.names[1]} minus {self.names[0]}",
            f"{a['year']}年{i18n.indicator_label(ind)}:{self.names[1]} 相对 {self.names[0]}"), fontsize=9)
        self.fig.tight_layout()
        self.canvas.draw_idle()
        check = a.get("sum_check", {}).get(ind, float("nan"))
        self.note.setText(i18n.bilingual(
            f"Shapley values over {len(a['channels'])} channel switches, {a['replicates']} paired replicates "
            f"({a['runs']} runs); whiskers: 5-95% over replicates; parts + residual = total (largest gap {check:.1e})",
            f"对{len(a['channels'])}个政策渠道开关求Shapley值,{a['replicates']}组配对重复(共{a['runs']}次运行);"
            f"误差线为重复间5–95%区间;各部分加残差等于总变化(最大差 {check:.1e})"))

    def report_page(self) -> Figure | None:
        """An A4 landscape page with the waterfall of every attributed indicator (None before an attribution)."""
        if self.table is None:
            return None
        zh = i18n.is_zh()
        fig = Figure(figsize=(11.69, 8.27))
        indicators = list(dict.fromkeys(self.table["indicator"]))
        a = self.table.attrs
        fig.suptitle(i18n.bilingual(f"Attribution of the change in {a['year']}: {self.names[1]} minus {self.names[0]}",
                                    f"{a['year']}年变化的渠道归因:{self.names[1]} 相对 {self.names[0]}"), fontsize=12)
        for k, ind in enumerate(indicators):
            ax = fig.add_axes((0.07, 0.56 - 0.45 * k, 0.9, 0.3) if len(indicators) > 1 else (0.07, 0.15, 0.9, 0.7))
            draw_waterfall(ax, self.table, ind, zh, i18n.indicator_unit(ind))
            ax.set_title(i18n.indicator_label(ind), fontsize=9)
            if k == 1:
                break
        return fig

    def retranslate(self) -> None:
        self.year_label.setText(i18n.bilingual("Year", "年份"))
        for k in range(self.indicator.count()):
            self.indicator.setItemText(k, i18n.indicator_label(str(self.indicator.itemData(k))))
        self.run_btn.setText(i18n.bilingual("Attribute to channels", "按政策渠道归因"))
        self.run_btn.setToolTip(i18n.bilingual(
            "Decompose the change of the first other ticked scenario over the reference into policy channels",
            "将第一个非参照情景相对参照情景的变化分解到各政策渠道"))
        if self.table is None:
            self.note.setText(i18n.bilingual("Runs every combination of channel switches (2^7 x 2 runs per replicate).",
                                             "将运行所有渠道开关组合(每组重复 2^7×2 次运行)。"))
        self.draw()
