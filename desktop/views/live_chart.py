"""The trainer's charts, redrawn in place: four fixed panels whose lines are created once per reference
run and then only given new data (``set_data``), with axes that stay put while a lever is dragged.

Per panel: the scenario as written (grey dashed, the reference), the previous lever position (a faint
ghost), the current median (blue) with its 5-95% band, the scenario's targets (triangles) and, where the
region has them, observed points.

Only the moving lines are drawn when a result comes in: the rest of the figure (axes, ticks, titles,
reference, targets) is kept as a background image after each full draw and the moving lines are drawn on
a copy of it (matplotlib's blitting), so an update costs a few milliseconds on the UI thread. A full draw
happens when the panels are built, resized, or an axis has to grow.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from desktop import i18n
from desktop.fonts import setup_matplotlib
from sim.analysis.overlay import draw_observed, observed_points
from sim.runs.runner import RunResult

PANELS = ("rd_intensity", "hnte_count", "fiscal_st_ratio", "fiscal_cost")
CURRENT, REFERENCE, GHOST, TARGET = "#1f77b4", "#555555", "#9ecae1", "#d62728"
MARGIN = 0.12  # share of the data range added above and below when the axes are set


def _series(result: RunResult, indicator: str, stat: str) -> tuple[np.ndarray, np.ndarray]:
    rows = result.summary[result.summary["scenario"] == result.ids[0]]
    return rows["year"].to_numpy(dtype=float), rows[f"{indicator}_{stat}"].to_numpy(dtype=float)


class LiveChart(QWidget):
    """Four panels updated in place. ``set_reference`` (re)builds them; ``show`` moves the lines.

    ``drawn`` is emitted each time the canvas shows new lines (after a blit or a full draw)."""

    drawn = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_matplotlib()
        self.figure = Figure(figsize=(6, 4), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(160)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self.show_observed = True
        self.font_scale = 1.0
        self.reference: RunResult | None = None
        self.current: RunResult | None = None
        self.axes: dict[str, Axes] = {}
        self.lines: dict[str, dict[str, Line2D]] = {}
        self.bands: dict[str, FillBetweenPolyCollection] = {}
        self.canvas.mpl_connect("resize_event", lambda _e: self._relayout())
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self._background: object | None = None  # the figure without the moving lines, after the last full draw
        self.blits = 0  # updates drawn by blitting (for tests and the bench)
        self._build(None)

    # ------------------------------------------------------------------ building (once per reference)
    def _build(self, reference: RunResult | None) -> None:
        fig = self.figure
        fig.clear()
        self._background = None
        self.axes, self.lines, self.bands = {}, {}, {}
        fs = self.font_scale
        if reference is None:
            ax = fig.add_subplot(111)
            ax.axis("off")
            ax.text(0.5, 0.5, i18n.tr("Trainer", "Open a scenario and show this tab: the scenario as written is run "
                                                 "first, then each lever you move."),
                    ha="center", va="center", fontsize=10 * fs, color="gray", wrap=True)
            self.canvas.draw_idle()
            return
        grid = fig.subplots(2, 2)
        sc = reference.scenarios[0]
        for ax, ind in zip(grid.flat, PANELS, strict=True):
            self.axes[ind] = ax
            years, ref = _series(reference, ind, "p50")
            lines = {
                "reference": ax.plot(years, ref, color=REFERENCE, linestyle="--", linewidth=1.4,
                                     gid=f"reference:{ind}")[0],
                "ghost": ax.plot([], [], color=GHOST, linewidth=1.6, gid=f"ghost:{ind}", animated=True)[0],
                "current": ax.plot(years, ref, color=CURRENT, linewidth=2.2, gid=f"current:{ind}", animated=True)[0],
            }
            self.lines[ind] = lines
            _, lo = _series(reference, ind, "p5")
            _, hi = _series(reference, ind, "p95")
            self.bands[ind] = ax.fill_between(years, lo, hi, color=CURRENT, alpha=0.15, linewidth=0, animated=True)
            for t in sc.targets:
                if t.indicator == ind:
                    ax.plot([t.year], [t.value], marker="^" if t.direction == "at_least" else "v", markersize=8 * fs,
                            color=TARGET, markeredgecolor="black", linestyle="none", zorder=4, gid=f"target:{ind}")
            if self.show_observed:
                draw_observed(ax, observed_points([sc.region], ind, years), lambda _r: i18n.tr("Trainer", "Observed"))
            ax.set_title(f"{i18n.indicator_label(ind)} [{i18n.indicator_unit(ind)}]", fontsize=9.5 * fs)
            ax.tick_params(labelsize=8 * fs)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
            ax.grid(True, alpha=0.3)
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
            ax.set_ylim(*self._limits(reference, ind))
        self._relayout(draw=False)
        self.canvas.draw_idle()

    def _relayout(self, draw: bool = True) -> None:
        """Fixed margins from the figure's size in pixels (no tight_layout at each redraw)."""
        fig = self.figure
        if not self.axes:
            return
        w, h = max(fig.bbox.width, 1.0), max(fig.bbox.height, 1.0)
        fs = self.font_scale
        legend_rows = 1 if w > 620 * fs else 2
        self._legend(4 if legend_rows == 1 else 2)
        bottom = min(0.4, (legend_rows * 16 + 36) * fs / h)
        top = 1 - 22 * fs / h
        gap_px = 48 * fs  # tick labels of the upper row and the title of the lower one
        axes_h = max(20.0, (h * (top - bottom) - gap_px) / 2)
        left, right = min(0.3, 56 * fs / w), 1 - 10 / w
        gap_w = 70 * fs
        axes_w = max(20.0, (w * (right - left) - gap_w) / 2)
        fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom, wspace=min(1.0, gap_w / axes_w),
                            hspace=min(1.2, gap_px / axes_h))
        self._background = None
        if draw:
            self.canvas.draw_idle()

    def _legend(self, ncol: int) -> None:
        """The figure legend below the panels, in ``ncol`` columns (made anew: a legend's columns are fixed)."""
        fig, fs = self.figure, self.font_scale
        for legend in list(fig.legends):
            legend.remove()
        handles = [Line2D([], [], color=REFERENCE, linestyle="--", linewidth=1.4),
                   Line2D([], [], color=GHOST, linewidth=1.6),
                   Line2D([], [], color=CURRENT, linewidth=2.2),
                   Line2D([], [], marker="^", color=TARGET, markeredgecolor="black", linestyle="none")]
        labels = [i18n.tr("Trainer", "Scenario as written"), i18n.tr("Trainer", "Previous position"),
                  i18n.tr("Trainer", "Levers as set (median, 5-95% band)"), i18n.tr("Trainer", "Plan target")]
        fig.legend(handles, labels, loc="lower center", ncol=ncol, fontsize=8 * fs, frameon=False)

    @staticmethod
    def _limits(result: RunResult, ind: str, old: tuple[float, float] | None = None) -> tuple[float, float]:
        """Axis range covering the band and the targets with a margin; never narrower than ``old``."""
        _, lo = _series(result, ind, "p5")
        _, hi = _series(result, ind, "p95")
        values = np.concatenate([lo, hi, [t.value for t in result.scenarios[0].targets if t.indicator == ind]])
        values = values[np.isfinite(values)]
        a, b = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
        pad = (b - a) * MARGIN or abs(b) * MARGIN or 1.0
        a, b = (0.0 if a >= 0 and a - pad < 0 else a - pad), b + pad
        if old is not None:
            a, b = min(a, old[0]), max(b, old[1])
        return a, b

    # ------------------------------------------------------------------ updates (in place)
    def set_reference(self, reference: RunResult | None) -> None:
        """The scenario as written: rebuild the panels around it (axes fixed from it)."""
        self.reference = reference
        self.current = None
        self._build(reference)

    def show(self, result: RunResult, keep_ghost: bool = False) -> None:  # type: ignore[override]
        """Draw ``result`` as the current lines; the lines shown before become the ghost (unless
        ``keep_ghost``: a refinement of the same position). Axes grow only when a line would leave them."""
        if not self.axes:
            return
        previous = self.current
        self.current = result
        full = self._background is None
        for ind, ax in self.axes.items():
            years, med = _series(result, ind, "p50")
            _, lo = _series(result, ind, "p5")
            _, hi = _series(result, ind, "p95")
            lines = self.lines[ind]
            if not keep_ghost:
                if previous is not None:
                    lines["ghost"].set_data(*_series(previous, ind, "p50"))
                else:
                    lines["ghost"].set_data([], [])
            lines["current"].set_data(years, med)
            self.bands[ind].set_data(years, lo, hi)
            y0, y1 = ax.get_ylim()
            if np.nanmin(lo) < y0 or np.nanmax(hi) > y1:
                ax.set_ylim(*self._limits(result, ind, (y0, y1)))
                full = True
        if full:
            self._background = None
            self.canvas.draw_idle()
        else:
            self._blit()

    def _moving(self) -> list[object]:
        return [a for ind in self.axes for a in (self.bands[ind], self.lines[ind]["ghost"], self.lines[ind]["current"])]

    def _on_draw(self, _event: object) -> None:
        """After a full draw: keep the background and draw the moving lines on it."""
        if not self.axes:
            self._background = None
            self.drawn.emit()
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._moving():
            artist.axes.draw_artist(artist)
        self.drawn.emit()

    def _blit(self) -> None:
        """Draw only the moving lines on the kept background and show the result."""
        self.canvas.restore_region(self._background)
        for artist in self._moving():
            artist.axes.draw_artist(artist)
        self.canvas.blit(self.figure.bbox)
        self.blits += 1
        self.drawn.emit()

    def set_show_observed(self, on: bool) -> None:
        if on != self.show_observed:
            self.show_observed = on
            self._rebuild()

    def set_font_scale(self, scale: float) -> None:
        """Larger type for a projector (1.0 normal)."""
        if scale != self.font_scale:
            self.font_scale = scale
            self._rebuild()

    def _rebuild(self) -> None:
        current = self.current
        self._build(self.reference)
        if current is not None and current is not self.reference:
            self.show(current, keep_ghost=True)

    def retranslate(self) -> None:
        self._rebuild()
