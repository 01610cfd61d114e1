"""Charts of results: median line and 5-95% band per scenario, targets as markers with
their probability; plus a yearly table. Every number is read from a ``RunResult``."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.fonts import setup_matplotlib
from sim.indicators import INDICATORS
from sim.runner import RunResult

DEFAULT_INDICATORS = ("rd_intensity", "hnte_count", "fiscal_st_ratio", "tech_contract_turnover")
CHART_INDICATORS = (*(i.name for i in INDICATORS), "fiscal_cost")
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def plot_indicator(ax: Axes, result: RunResult, indicator: str, names: dict[str, str] | None = None,
                   show_targets: bool = True) -> None:
    """Draw ``indicator`` for every scenario of ``result`` on ``ax``.

    For each scenario the first line is the median (p50); the band is p5-p95 of the summary.
    """
    names = names or {}
    summary = result.summary
    for i, sid in enumerate(result.ids):
        color = COLORS[i % len(COLORS)]
        rows = summary[summary["scenario"] == sid]
        years = rows["year"].to_numpy()
        ax.fill_between(years, rows[f"{indicator}_p5"], rows[f"{indicator}_p95"], color=color, alpha=0.18, linewidth=0)
        ax.plot(years, rows[f"{indicator}_p50"].to_numpy(), color=color, linewidth=2, label=names.get(sid, sid), gid=f"median:{sid}")
        if not show_targets:
            continue
        targets = result.targets[(result.targets["scenario"] == sid) & (result.targets["indicator"] == indicator)]
        for t in targets.itertuples():
            marker = "^" if t.direction == "at_least" else "v"
            ax.plot([t.year], [t.target], marker=marker, markersize=9, color=color, markeredgecolor="black",
                    linestyle="none", gid=f"target:{sid}")
            last = t.year >= int(summary["year"].max())
            ax.annotate(f"P={t.probability:.0%}", (t.year, t.target), textcoords="offset points",
                        xytext=(-8 if last else 8, 2 - i * 11), ha="right" if last else "left", va="center",
                        fontsize=8, color=color)
    ax.set_title(i18n.indicator_label(indicator), fontsize=11)
    ax.set_ylabel(i18n.indicator_unit(indicator))
    ax.grid(True, alpha=0.3)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)


def draw_figure(fig: Figure, result: RunResult | None, indicators: list[str], names: dict[str, str] | None = None) -> None:
    """Lay out one subplot per indicator (up to 6) on ``fig``."""
    fig.clear()
    if result is None or not indicators:
        ax = fig.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, i18n.tr("Charts", "Run a scenario to see charts"), ha="center", va="center", fontsize=12,
                color="gray")
        return
    indicators = indicators[:6]
    n = len(indicators)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    for k, ind in enumerate(indicators):
        ax = fig.add_subplot(rows, cols, k + 1)
        plot_indicator(ax, result, ind, names)
    if len(result.ids) > 1:
        handles, labels = fig.axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=min(3, len(labels)), fontsize=8, frameon=False)
        fig.tight_layout(rect=(0, 0.07, 1, 1))
    else:
        fig.tight_layout()


def yearly_table(result: RunResult, indicators: list[str], names: dict[str, str] | None = None) -> pd.DataFrame:
    """Median and 5-95% range per scenario and year for ``indicators`` (display form of the summary)."""
    names = names or {}
    cols = ["scenario", "year"]
    out = result.summary[cols].copy()
    out["scenario"] = out["scenario"].map(lambda s: names.get(s, s))
    for ind in indicators:
        for stat in ("p50", "p5", "p95"):
            out[f"{ind}_{stat}"] = result.summary[f"{ind}_{stat}"]
    return out


class ChartPanel(QWidget):
    """Indicator checklist, chart canvas and yearly table for one result."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_matplotlib()
        self.result: RunResult | None = None
        self.names: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setMaximumWidth(190)
        self.list.itemChanged.connect(self._on_check)
        self.figure = Figure(figsize=(7, 5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.canvas, "")
        self.tabs.addTab(self.table, "")
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 800])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._fill_list(list(DEFAULT_INDICATORS))
        self.retranslate()

    def _fill_list(self, checked: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for name in CHART_INDICATORS:
            item = QListWidgetItem(i18n.indicator_label(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def selected(self) -> list[str]:
        out = []
        for k in range(self.list.count()):
            item = self.list.item(k)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def set_selected(self, names: list[str]) -> None:
        self._fill_list(names)
        self.redraw()

    def _on_check(self, _item: QListWidgetItem) -> None:
        self.redraw()
        self.selection_changed.emit()

    def set_result(self, result: RunResult | None, names: dict[str, str] | None = None) -> None:
        self.result = result
        self.names = names or {}
        self.redraw()

    def redraw(self) -> None:
        draw_figure(self.figure, self.result, self.selected(), self.names)
        self.canvas.draw_idle()
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.clear()
        if self.result is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        inds = self.selected()
        frame = yearly_table(self.result, inds, self.names)
        headers = [self.tr("Scenario"), self.tr("Year")]
        for ind in inds:
            label = f"{i18n.indicator_label(ind)} [{i18n.indicator_unit(ind)}]"
            headers += [f"{label}\n{self.tr('median')}", "5%", "95%"]
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(frame))
        self.table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(frame.itertuples(index=False)):
            for c, v in enumerate(row):
                text = f"{v:,.4g}" if isinstance(v, float) else str(v)
                item = QTableWidgetItem(text)
                if isinstance(v, float):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Charts"))
        self.tabs.setTabText(1, self.tr("Yearly figures"))
        self._fill_list(self.selected() if self.list.count() else list(DEFAULT_INDICATORS))
        self.redraw()


def vbox(*widgets: QWidget) -> QWidget:
    """A plain container stacking ``widgets``."""
    w = QWidget()
    lay = QVBoxLayout(w)
    for x in widgets:
        lay.addWidget(x)
    return w
