"""Charts of results: median line and 5-95% band per scenario, targets as markers with
their probability; plus a yearly table. Every number is read from a ``RunResult``."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import TightLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Annotation
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox, IdentityTransform
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
    QWidget,
)

from desktop import i18n
from desktop.fonts import setup_matplotlib
from sim.analysis.overlay import SOURCE, draw_observed, observed_artists, observed_points, region_label
from sim.indicators import INDICATORS
from sim.runs.runner import RunResult

DEFAULT_INDICATORS = ("rd_intensity", "hnte_count", "fiscal_st_ratio", "tech_contract_turnover")
CHART_INDICATORS = (*(i.name for i in INDICATORS), "fiscal_cost")
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
SHARED_TARGET_COLOR = "#555555"  # a target that several scenarios share: its marker is neutral
LABEL_FONTSIZE = 8


def plot_indicator(ax: Axes, result: RunResult, indicator: str, names: dict[str, str] | None = None,
                   show_targets: bool = True, show_observed: bool = True) -> None:
    """Draw ``indicator`` for every scenario of ``result`` on ``ax``.

    For each scenario the first line is the median (p50); the band is p5-p95 of the summary. With
    ``show_observed`` the observed history of each distinct region of the scenarios is drawn beside
    them (``plot_observed``).
    """
    names = names or {}
    summary = result.summary
    for i, sid in enumerate(result.ids):
        color = COLORS[i % len(COLORS)]
        rows = summary[summary["scenario"] == sid]
        years = rows["year"].to_numpy()
        ax.fill_between(years, rows[f"{indicator}_p5"], rows[f"{indicator}_p95"], color=color, alpha=0.18, linewidth=0)
        ax.plot(years, rows[f"{indicator}_p50"].to_numpy(), color=color, linewidth=2, label=names.get(sid, sid), gid=f"median:{sid}")
    if show_targets:
        plot_targets(ax, result, indicator)
    if show_observed:
        plot_observed(ax, result, indicator)
    plot_forecast_start(ax, result)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))  # years, never 2022.5
    ax.set_title(i18n.indicator_label(indicator), fontsize=11)
    ax.set_ylabel(i18n.indicator_unit(indicator))
    ax.grid(True, alpha=0.3)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)


FORECAST_START_GID = "forecast_start"


def plot_forecast_start(ax: Axes, result: RunResult) -> Line2D | None:
    """A dotted line between the last replayed year and the first forecast year, when every scenario of
    ``result`` replays observed years (``run.forecast_from``): before it the model runs on observed inputs
    (in sample), after it the forecast starts, from the observed level where a posterior carries a model
    discrepancy, so a median line may step there. None when there are no replayed years."""
    starts = {sc.forecast_from for sc in result.scenarios}
    bases = {sc.base_year for sc in result.scenarios}
    if len(starts) != 1 or len(bases) != 1 or next(iter(starts)) <= next(iter(bases)) + 1:
        return None
    x = next(iter(starts)) - 0.5
    line = ax.axvline(x, color="#777777", linestyle=":", linewidth=1, zorder=1, gid=FORECAST_START_GID)
    ax.text(x, 0.98, " " + i18n.bilingual("forecast", "预测"), transform=ax.get_xaxis_transform(), ha="left",
            va="top", fontsize=7, color="#555555", gid=FORECAST_START_GID)
    return line


def observed_label(region: str) -> str:
    """Legend entry of observed points: ``Observed (Gansu)`` / ``观测值(甘肃)``."""
    return i18n.tr("Charts", "Observed ({0})").format(region_label(region, i18n.is_zh()))


def observed_source_note() -> str:
    """Where the observed points come from, for a footnote."""
    return i18n.tr("Charts", "Observed points: {0}").format(SOURCE)


def plot_observed(ax: Axes, result: RunResult, indicator: str) -> list[Line2D]:
    """Observed points of ``indicator`` beside the bands: each distinct region of the scenarios once, over
    the chart's years and the years of history before them (none when a region has no history for it)."""
    points = observed_points([s.region for s in result.scenarios], indicator, result.summary["year"].unique())
    return draw_observed(ax, points, observed_label, zh=i18n.is_zh())


def probability_label(probability: float) -> str:
    """``P=80%``: the share of replicates that reach a target."""
    return "P=–" if probability is None or math.isnan(probability) else f"P={probability:.0%}"


def plot_targets(ax: Axes, result: RunResult, indicator: str) -> None:
    """Targets of ``indicator`` as markers, with the probability of reaching each per scenario.

    Scenarios that share a target (same year, value and direction) share one neutral marker and one box
    of labels beside it: one line per scenario, in its line colour, in scenario order (as in the legend).
    A target of one scenario only has a marker in that scenario's colour. ``TargetLabels`` places the
    boxes each time the axes are drawn.
    """
    order = {sid: i for i, sid in enumerate(result.ids)}
    mine = result.targets[(result.targets["indicator"] == indicator) & result.targets["scenario"].isin(order)]
    stacks: list[list[Annotation]] = []
    for (year, value, direction), rows in mine.groupby(["year", "target", "direction"], sort=False):
        rows = rows.sort_values("scenario", key=lambda col: col.map(order))
        shared = len(rows) > 1
        stack = []
        for t in rows.itertuples():
            color = COLORS[order[t.scenario] % len(COLORS)]
            ax.plot([year], [value], marker="^" if direction == "at_least" else "v", markersize=9, linestyle="none",
                    color=SHARED_TARGET_COLOR if shared else color, markeredgecolor="black", zorder=4,
                    gid=f"target:{t.scenario}")
            label = ax.annotate(probability_label(t.probability), (year, value), textcoords="offset points",
                                xytext=(8, 0), ha="left", va="center", fontsize=LABEL_FONTSIZE, color=color,
                                zorder=3.5, gid=f"probability:{t.scenario}:{indicator}:{int(year)}")
            label.set_in_layout(False)  # placed inside the axes at draw time; tight_layout leaves them out
            stack.append(label)
        stacks.append(stack)
    if stacks:
        ax.add_artist(TargetLabels(stacks))


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display coordinates


class TargetLabels(Artist):
    """Places the probability labels of an axes each time it is drawn (at any size, on screen and in
    exports) and draws the white box behind each stack and a thin line to its marker when it is not
    right beside it. Each box goes beside its target marker, inside the axes, clear of the other boxes
    and markers, covering as little of the median lines as it can."""

    def __init__(self, stacks: list[list[Annotation]]) -> None:
        super().__init__()
        self.stacks = stacks
        self.boxes: list[Box] = []  # where the last draw put each stack (display coordinates)
        self.set_zorder(3)  # above lines and bands, below the labels (3.5) and the markers (4)
        self.set_in_layout(False)

    def draw(self, renderer: object) -> None:  # type: ignore[override]
        ax = self.axes
        if ax is None or not self.get_visible():
            return
        px = renderer.points_to_pixels(1.0)  # type: ignore[attr-defined]
        anchors = [ax.transData.transform(stack[0].xy) for stack in self.stacks]
        near = 6 * px  # half a marker and a little air
        markers = [(x - near, y - near, x + near, y + near) for x, y in anchors]
        curves = median_points(ax)
        self.boxes = []
        for stack, (mx, my) in zip(self.stacks, anchors, strict=True):
            if not ax.bbox.contains(mx, my):
                continue  # a target outside the view: matplotlib does not draw its labels either
            sizes = [t.get_window_extent(renderer) for t in stack]
            pad = 3 * px
            line = max(b.height for b in sizes) + 1 * px
            width = max(b.width for b in sizes) + 2 * pad
            height = line * len(stack) + 2 * pad
            gap, first = 9 * px, line / 2 + pad  # first: from the box's top to the middle of its first line
            candidates = []
            for x0 in (mx + gap, mx - gap - width):  # beside: centred, first line level, last line level
                candidates += [(x0, my - height / 2), (x0, my + first - height), (x0, my - first)]
            candidates += [(mx - width / 2, my + gap), (mx - width / 2, my - gap - height)]  # above, below
            best: tuple[float, Box] | None = None
            for rank, (x0, y0) in enumerate(candidates):
                x0, y0 = clamp(x0, y0, width, height, ax.bbox)
                box = (x0, y0, x0 + width, y0 + height)
                hidden = sum(1 for x, y in curves if box[0] <= x <= box[2] and box[1] <= y <= box[3])
                score = (1e6 * sum(overlap(box, b) for b in self.boxes) + 1e3 * sum(overlap(box, m) for m in markers)
                         + hidden + rank * 0.5)
                if best is None or score < best[0]:
                    best = (score, box)
            assert best is not None
            box = best[1]
            self.boxes.append(box)
            for k, text in enumerate(stack):
                text.set_horizontalalignment("left")
                text.set_verticalalignment("center")
                text.xyann = ((box[0] + pad - mx) / px, (box[3] - pad - (k + 0.5) * line - my) / px)
            self._draw_box(renderer, box, (mx, my), near, px, framed=len(stack) > 1)

    def _draw_box(self, renderer: object, box: Box, marker: tuple[float, float], near: float, px: float,
                  framed: bool) -> None:
        ident = IdentityTransform()
        frame = FancyBboxPatch((box[0], box[1]), box[2] - box[0], box[3] - box[1], transform=ident,
                               boxstyle=f"round,pad=0,rounding_size={2 * px}", facecolor="white", alpha=0.9,
                               edgecolor="#9a9a9a" if framed else "none", linewidth=0.6)
        frame.set_figure(self.figure)
        frame.draw(renderer)
        mx, my = marker
        ex, ey = min(max(mx, box[0]), box[2]), min(max(my, box[1]), box[3])  # nearest point of the box
        dist = math.hypot(ex - mx, ey - my)
        if dist > near + 4 * px:  # not right beside its marker: a thin line shows which target it belongs to
            sx, sy = mx + (ex - mx) * near / dist, my + (ey - my) * near / dist
            leader = Line2D([sx, ex], [sy, ey], transform=ident, color="#9a9a9a", linewidth=0.6)
            leader.set_figure(self.figure)
            leader.draw(renderer)


def clamp(x0: float, y0: float, width: float, height: float, frame: Bbox) -> tuple[float, float]:
    """Shift a box of ``width`` x ``height`` at (x0, y0) into ``frame`` (display coordinates) where it fits."""
    x0 = min(max(x0, frame.x0 + 2), frame.x1 - 2 - width)
    y0 = min(max(y0, frame.y0 + 2), frame.y1 - 2 - height)
    return x0, y0


def overlap(a: Box, b: Box) -> float:
    """Area shared by two boxes (x0, y0, x1, y1)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def median_points(ax: Axes, per_segment: int = 8) -> list[tuple[float, float]]:
    """Points along the median lines of ``ax``, and the observed points, in display coordinates (to keep
    labels off them)."""
    out: list[tuple[float, float]] = []
    for ln in ax.lines:
        gid = str(ln.get_gid() or "")
        if not gid.startswith(("median:", "observed:")):
            continue
        xy = ln.get_transform().transform(np.column_stack([ln.get_xdata(), ln.get_ydata()]).astype(float))
        if len(xy) > 1 and gid.startswith("median:"):
            steps = np.linspace(0, 1, per_segment, endpoint=False)
            seg = xy[:-1, None, :] + (xy[1:, None, :] - xy[:-1, None, :]) * steps[None, :, None]
            xy = np.vstack([seg.reshape(-1, 2), xy[-1:]])
        out.extend(map(tuple, xy[np.isfinite(xy).all(axis=1)]))
    return out


ONE_COLUMN_BELOW_PX = 440  # narrower figures stack their charts in one column, so titles and years stay readable
MIN_STACKED_CHART_PX = 90  # ... as long as each stacked chart keeps at least this height


def chart_columns(n_charts: int, width_px: float, height_px: float = float("inf")) -> int:
    """Columns of the chart grid: two side by side, or one when there is a single chart or the figure is
    narrower than ``ONE_COLUMN_BELOW_PX`` pixels (a side pane on a laptop screen) and tall enough for the
    charts stacked (``MIN_STACKED_CHART_PX`` each)."""
    if n_charts <= 1:
        return 1
    return 1 if width_px < ONE_COLUMN_BELOW_PX and height_px / n_charts >= MIN_STACKED_CHART_PX else 2


def draw_figure(fig: Figure, result: RunResult | None, indicators: list[str], names: dict[str, str] | None = None,
                show_observed: bool = True) -> None:
    """Lay out one subplot per indicator (up to 6) on ``fig``, in as many columns as its width allows.

    The legend below the charts names the scenarios (when there are several) and the observed points
    (when any are drawn), with a footnote giving their source."""
    fig.clear()
    if result is None or not indicators:
        ax = fig.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, i18n.tr("Charts", "Run a scenario to see charts"), ha="center", va="center", fontsize=12,
                color="gray")
        return
    if len(indicators) > MAX_CHARTS:  # say so rather than drop some silently
        fig.text(0.5, 0.998, i18n.tr("Charts", "Showing the first {0} of the {1} ticked indicators; the yearly "
                                               "table lists all of them.").format(MAX_CHARTS, len(indicators)),
                 ha="center", va="top", fontsize=8, color="#8a5a00", gid=MORE_NOTE_GID)
    indicators = indicators[:MAX_CHARTS]
    n = len(indicators)
    cols = chart_columns(n, fig.bbox.width, fig.bbox.height)
    rows = math.ceil(n / cols)
    for k, ind in enumerate(indicators):
        ax = fig.add_subplot(rows, cols, k + 1)
        plot_indicator(ax, result, ind, names, show_observed=show_observed)
    handles: list[Artist] = []
    if len(result.ids) > 1:
        handles += [ln for ln in fig.axes[0].lines if str(ln.get_gid() or "").startswith("median:")]
    observed = {}
    for ax in fig.axes:  # each region once, whichever chart has its points
        for ln in observed_artists(ax):
            observed.setdefault(ln.get_label(), ln)
    handles += observed.values()
    if handles:
        labels = [str(h.get_label()) for h in handles]
        ncol = 2 if len(labels) == 4 else min(3, len(labels))  # 4 names as 2 x 2, not 3 + 1
        if fig.bbox.width < ONE_COLUMN_BELOW_PX:
            ncol = 1  # a narrow figure lists the names one under the other rather than cutting them off
        fig.legend(handles, labels, loc="lower center", ncol=ncol, fontsize=8, frameon=False)
    if observed:
        fig.text(0.5, 0.005, observed_source_note(), ha="center", va="bottom", fontsize=7, color="#555555",
                 gid=SOURCE_NOTE_GID)
    fig.set_layout_engine(LegendBelowLayout())


SOURCE_NOTE_GID = "observed-source"
MORE_NOTE_GID = "more-indicators"
MAX_CHARTS = 6


class LegendBelowLayout(TightLayoutEngine):
    """``tight_layout`` that keeps the figure legend (one or more rows at the bottom) and the source note
    under it clear of the axes, measured and re-done at every draw, so it holds at any window size and for
    any number of scenarios."""

    def execute(self, fig: Figure) -> None:  # type: ignore[override]
        renderer = fig._get_renderer()  # noqa: SLF001 - matplotlib's own: what TightLayoutEngine measures with
        fig_height = max(fig.bbox.height, 1.0)
        note = 0.0
        for text in fig.texts:
            if text.get_gid() == SOURCE_NOTE_GID:
                note = max(note, text.get_window_extent(renderer).height + 2)
        height = note
        for legend in fig.legends:  # the legend sits on the note
            legend.set_bbox_to_anchor((0.5, note / fig_height), transform=fig.transFigure)
            height = max(height, note + legend.get_window_extent(renderer).height)
        bottom = min(0.4, (height + 4) / fig_height) if height else 0.0
        top = 1.0
        for text in fig.texts:  # the note on indicators not drawn sits above the charts
            if text.get_gid() == MORE_NOTE_GID:
                top = 1 - min(0.2, (text.get_window_extent(renderer).height + 4) / fig_height)
        self.set(rect=(0, bottom, 1, top))
        super().execute(fig)


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
        self.show_observed = True  # observed history beside the bands (View ▸ Show observed data)
        self.list = QListWidget()
        self.list.setMaximumWidth(190)
        self.list.itemChanged.connect(self._on_check)
        self.figure = Figure(figsize=(7, 5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.mpl_connect("resize_event", self._on_resize)
        self._drawn_layout: tuple[int, bool] = (0, False)
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
            item.setToolTip(f"{i18n.indicator_label(name)} [{i18n.indicator_unit(name)}]")  # the whole name when cut off
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

    def _layout_key(self) -> tuple[int, bool]:
        """What the grid and the legend depend on: the number of columns, and whether the figure is narrow."""
        w, h = self.figure.bbox.width, self.figure.bbox.height
        return chart_columns(len(self.selected()[:6]), w, h), w < ONE_COLUMN_BELOW_PX

    def _on_resize(self, _event: object) -> None:
        """Re-lay the charts when a resize changes the grid or the legend (the figure itself already resized)."""
        if self.result is not None and self._layout_key() != self._drawn_layout:
            self.redraw()

    def set_show_observed(self, on: bool) -> None:
        """Show or hide the observed points (and their legend entry and source note)."""
        if on != self.show_observed:
            self.show_observed = on
            self.redraw()

    def redraw(self) -> None:
        draw_figure(self.figure, self.result, self.selected(), self.names, self.show_observed)
        self._drawn_layout = self._layout_key()
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
