"""Tools ▸ Backtest…: a quick backtest of the open scenario, run in the background, shown as one small
chart per scored indicator and the coverage table.

The backtest (``sim.studies.backtest.backtest``) calibrates with ABC-SMC on the observations up to a
cutoff year and forecasts the rest; here with small settings (``QUICK``), so it takes minutes, not
hours, and says so. It runs through the app's run controller (one long job at a time, progress in
the tool bar, Cancel stops it at the next calibration batch).
"""

from __future__ import annotations

import importlib.util
import math
from typing import Any

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.fonts import setup_matplotlib
from desktop.runs.controller import RunController, RunRequest
from sim.errors import InnovsimError
from sim.runs.runner import RunCancelled
from sim.scenario.loader import Scenario

QUICK = {"population": 60, "generations": 3, "replicates": 20}  # small ABC-SMC settings: minutes, not hours
TAG = "backtest"
NCOLS = 3
ROW_PX = 230  # height of one row of small charts

BAND_COLOR = "#4c72b0"
NAIVE_COLOR = "#c44e52"


def pyabc_available() -> bool:
    return importlib.util.find_spec("pyabc") is not None


def cutoff_range(scenario: Scenario) -> tuple[int, int]:
    """Allowed cutoffs: base year .. last observed year - 1 (raises ``InnovsimError`` without history)."""
    from sim.studies import backtest as bt

    bt.check_cutoff(scenario, scenario.base_year)  # the region has history after the base year
    return scenario.base_year, bt.last_observed_year(scenario) - 1


def make_job(scenario: Scenario, cutoff: int, seed: int, settings: dict[str, int] | None = None) -> Any:
    """The controller job running a quick backtest (``sim.studies.backtest.backtest``, looked up when it runs)."""
    quick = {**QUICK, **(settings or {})}

    def job(progress: Any, cancelled: Any, note: Any) -> Any:
        from sim.studies import backtest as bt

        steps = [0]
        total = quick["generations"] + 2  # calibration generations, forecast, scoring (roughly)

        def message(text: str) -> None:
            if cancelled():
                raise RunCancelled("backtest cancelled")
            if not text.startswith(" "):
                steps[0] = min(steps[0] + 1, total - 1)
                progress(steps[0], total)
            note(text.strip())

        progress(0, total)
        try:
            result = bt.backtest(scenario, cutoff, replicates=quick["replicates"], seed=seed,
                                 population=quick["population"], generations=quick["generations"],
                                 executor="serial", message=message)
        except ModuleNotFoundError as e:
            if (e.name or "").split(".")[0] == "pyabc":
                raise InnovsimError(missing_pyabc_text()) from e
            raise
        if cancelled():
            raise RunCancelled("backtest cancelled")
        progress(total, total)
        return result

    return job


def missing_pyabc_text() -> str:
    return i18n.tr("Backtest", "The backtest calibrates with ABC-SMC, which needs the pyabc package, and it is not "
                               "installed. Install it (pip install pyabc) and start innovsim again.")


# ---------------------------------------------------------------------- charts
def scored_indicators(table: pd.DataFrame) -> list[str]:
    """Indicators whose held-out points are scored (outcomes, not policy inputs), in table order."""
    scored = table[table["scored"].astype(bool)]
    return list(dict.fromkeys(str(i) for i in scored["indicator"]))


def _band(result: Any, indicator: str, cutoff: int, rows: pd.DataFrame) -> pd.DataFrame:
    """Years, p5, p50, p95 from the cutoff on: from the forecast as scored when it has the indicator, else the table."""
    forecast = getattr(result, "observable", None)  # the forecast as scored (with data error when added)
    if forecast is None:
        forecast = getattr(result, "forecast", None)
    last = int(rows["year"].max())
    if isinstance(forecast, pd.DataFrame) and indicator in forecast.columns and not forecast.empty:
        from sim.studies.backtest import forecast_band

        bands = forecast_band(forecast, indicator, cutoff, last)
        if not bands.empty:
            return bands
    return rows[["year", "p5", "p50", "p95"]].reset_index(drop=True)


def _observed_before(result: Any, indicator: str, cutoff: int) -> pd.DataFrame:
    """Observations up to the cutoff (what the calibration saw), empty when none can be read."""
    try:
        from sim.scenario.history import observed_with_proxies

        rows = observed_with_proxies(result.scenario.region)
    except Exception:  # no history for the region (or a test's stand-in scenario): no earlier points
        return pd.DataFrame(columns=["year", "value"])
    rows = rows[(rows["indicator"] == indicator) & (rows["year"] <= cutoff) & rows["value"].notna()]
    return rows[["year", "value"]].sort_values("year")


def draw_backtest(fig: Figure, result: Any) -> dict[str, Any]:
    """One small chart per scored indicator: the 5-95% band and median from the cutoff on, observed points
    in black (held-out ones filled when inside the band, hollow with a red edge when outside), the naive
    trend dashed. Returns the axes by indicator."""
    setup_matplotlib()
    fig.clear()
    fig.set_layout_engine("constrained")
    table = result.table
    cutoff = int(result.meta.get("cutoff", int(table["year"].min()) - 1 if len(table) else 0))
    names = scored_indicators(table)
    if not names:
        ax = fig.add_subplot(111)
        ax.set_axis_off()
        ax.text(0.5, 0.5, i18n.tr("Backtest", "No held-out observation of an outcome to score"),
                ha="center", va="center", fontsize=11, color="gray", transform=ax.transAxes)
        return {}
    nrows = math.ceil(len(names) / NCOLS)
    axes: dict[str, Any] = {}
    for k, name in enumerate(names):
        ax = fig.add_subplot(nrows, NCOLS, k + 1)
        axes[name] = ax
        rows = table[table["indicator"] == name].sort_values("year")
        band = _band(result, name, cutoff, rows)
        ax.fill_between(band["year"], band["p5"], band["p95"], color=BAND_COLOR, alpha=0.25, linewidth=0,
                        gid="band", label=i18n.tr("Backtest", "5–95% band"))
        ax.plot(band["year"], band["p50"], color=BAND_COLOR, linewidth=1.6, gid="median",
                label=i18n.tr("Backtest", "median"))
        ax.plot(rows["year"], rows["naive"], color=NAIVE_COLOR, linestyle="--", linewidth=1.2, gid="naive",
                label=i18n.tr("Backtest", "naive trend"))
        before = _observed_before(result, name, cutoff)
        if not before.empty:
            ax.plot(before["year"], before["value"], "o", color="black", markersize=3, gid="observed",
                    label=i18n.tr("Backtest", "observed (used)"))
        inside = rows[rows["inside"].astype(bool)]
        outside = rows[~rows["inside"].astype(bool)]
        ax.plot(inside["year"], inside["observed"], "o", color="black", markersize=5, gid="inside",
                label=i18n.tr("Backtest", "held out, inside the band"))
        ax.plot(outside["year"], outside["observed"], "o", markerfacecolor="white", markeredgecolor="#d62728",
                markeredgewidth=1.6, color="black", markersize=6, gid="outside",
                label=i18n.tr("Backtest", "held out, outside the band"))
        ax.axvline(cutoff, color="gray", linestyle=":", linewidth=1, gid="cutoff")
        unit = i18n.indicator_unit(name)
        ax.set_title(i18n.indicator_label(name) + (f" [{unit}]" if unit else ""), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = [], []
    for ax in axes.values():
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 6), fontsize=8, frameon=False)
    return axes


COVERAGE_HEADERS = ("Indicator", "Held out", "Inside 5–95% (%)", "Median error (%)", "Naive error (%)",
                    "Band half-width, 3 years on (%)")


def coverage_rows(coverage: pd.DataFrame, scored: list[str] | None = None) -> list[list[str]]:
    """The coverage table as shown: indicator label, count, shares and errors in percent; only the ``scored``
    indicators (outcomes, not policy inputs the scenario sets) and the overall row when ``scored`` is given."""
    def pct(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{float(v):.1f}"

    out = []
    for row in coverage.itertuples(index=False):
        name = str(row.indicator)
        if scored is not None and name != "all" and name not in scored:
            continue
        label = i18n.tr("Backtest", "All outcomes") if name == "all" else i18n.indicator_label(name)
        out.append([label, str(int(row.n_held_out)), pct(row.inside_share * 100), pct(row.median_abs_pct_error),
                    pct(row.naive_median_abs_pct_error), pct(row.half_width_pct_3y)])
    return out


# ---------------------------------------------------------------------- dialog
class BacktestDialog(QDialog):
    """Cutoff year, Run / Cancel, a note on the quick settings, the charts and the coverage table."""

    message = Signal(str, str)  # title, text (shown by the main window)

    def __init__(self, controller: RunController, scenario_getter: Any, seed_getter: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.controller = controller
        self.scenario_getter = scenario_getter
        self.seed_getter = seed_getter
        self.result: Any = None
        self.scenario: Scenario | None = None
        self.cutoff_label = QLabel()
        self.cutoff = QSpinBox()
        self.run_btn = QPushButton()
        self.cancel_btn = QPushButton()
        self.run_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.controller.cancel)
        self.status = QLabel()
        self.status.setStyleSheet("color: gray;")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        top = QHBoxLayout()
        for w in (self.cutoff_label, self.cutoff, self.run_btn, self.cancel_btn):
            top.addWidget(w)
        top.addWidget(self.status, 1)
        self.figure = Figure(figsize=(9, 5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.canvas)
        self.table = QTableWidget(0, len(COVERAGE_HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.scroll)
        split.addWidget(self.table)
        split.setSizes([480, 250])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.note)
        lay.addWidget(split, 1)
        self.resize(1100, 820)
        controller.result.connect(self._on_result)
        controller.note.connect(self._on_note)
        controller.cancelled.connect(self._on_cancelled)
        controller.error.connect(self._on_error)
        controller.busy_changed.connect(lambda _b: self._update_buttons())
        self.retranslate()
        self.draw()

    # ---------------------------------------------------------------- set-up
    def prepare(self) -> bool:
        """Take the open scenario and set the cutoff's range; False (with a message) when it cannot be backtested."""
        scenario = self.scenario_getter()
        if scenario is None:
            self.message.emit(i18n.tr("Backtest", "Cannot backtest"),
                              i18n.tr("Backtest", "Open a valid scenario first."))
            return False
        try:
            lo, hi = cutoff_range(scenario)
        except InnovsimError as e:
            self.message.emit(i18n.tr("Backtest", "Cannot backtest"), str(e))
            return False
        self.scenario = scenario
        keep = self.cutoff.value()
        self.cutoff.setRange(lo, hi)
        self.cutoff.setValue(keep if lo <= keep <= hi and keep != 0 else max(lo, hi - 3))
        self._update_buttons()
        return True

    def start(self) -> bool:
        """Start the quick backtest in the background; False (with a message) when refused."""
        if not pyabc_available():
            self.message.emit(i18n.tr("Backtest", "Cannot backtest"), missing_pyabc_text())
            self.status.setText(i18n.tr("Backtest", "pyabc is not installed"))
            return False
        if not self.prepare():  # the open scenario as it is now
            return False
        if self.controller.busy:
            self.message.emit(i18n.tr("MainWindow", "A run is going on"),
                              i18n.tr("MainWindow", "Wait for it to finish or cancel it first."))
            return False
        assert self.scenario is not None
        job = make_job(self.scenario, self.cutoff.value(), int(self.seed_getter()))
        ok = self.controller.start(RunRequest([self.scenario], QUICK["replicates"], int(self.seed_getter()), tag=TAG,
                                              job=job))
        if ok:
            self.status.setText(i18n.tr("Backtest", "Calibrating up to {0}…").format(self.cutoff.value()))
        self._update_buttons()
        return ok

    # ---------------------------------------------------------------- controller
    def _mine(self) -> bool:
        return self.controller.current is not None and self.controller.current.tag == TAG

    def _on_note(self, tag: str, text: str) -> None:
        if tag == TAG:
            self.status.setText(text)

    def _on_result(self, tag: str, result: Any) -> None:
        if tag == TAG:
            self.set_result(result)

    def _on_cancelled(self, tag: str) -> None:
        if tag == TAG:
            self.status.setText(i18n.tr("Backtest", "Backtest cancelled."))

    def _on_error(self, tag: str, kind: str, text: str) -> None:
        if tag == TAG:
            self.status.setText(i18n.tr("Backtest", "The backtest stopped."))

    def _update_buttons(self) -> None:
        busy = self.controller.busy
        self.run_btn.setEnabled(not busy and self.scenario is not None)
        self.cancel_btn.setEnabled(busy and self._mine())

    # ---------------------------------------------------------------- showing
    def set_result(self, result: Any) -> None:
        self.result = result
        self._show_summary()
        self.draw()

    def _show_summary(self) -> None:
        """The status line for the result shown: the share of held-out outcomes inside the band."""
        result = self.result
        cutoff = result.meta.get("cutoff")
        cov = result.coverage
        overall = cov[cov["indicator"] == "all"]
        share = f"{float(overall['inside_share'].iloc[0]) * 100:.0f}%" if len(overall) else "–"
        self.status.setText(i18n.tr("Backtest", "Cutoff {0}: {1} of held-out outcomes inside the 5–95% band")
                            .format(cutoff, share))

    def draw(self) -> None:
        if self.result is None:
            self.figure.clear()
            ax = self.figure.add_subplot(111)
            ax.set_axis_off()
            setup_matplotlib()
            ax.text(0.5, 0.5, i18n.tr("Backtest", "Choose a cutoff year and press Run backtest"), ha="center",
                    va="center", fontsize=11, color="gray", transform=ax.transAxes)
            self.canvas.setMinimumHeight(300)
            self.table.setRowCount(0)
            self.canvas.draw_idle()
            return
        self.axes = draw_backtest(self.figure, self.result)
        nrows = max(1, math.ceil(len(self.axes) / NCOLS))
        self.canvas.setMinimumHeight(ROW_PX * nrows + 60)
        rows = coverage_rows(self.result.coverage, scored_indicators(self.result.table))
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.canvas.draw_idle()

    def table_texts(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    def retranslate(self) -> None:
        self.setWindowTitle(i18n.tr("Backtest", "Backtest"))
        self.cutoff_label.setText(i18n.tr("Backtest", "Cutoff year (last year used for calibration):"))
        self.run_btn.setText(i18n.tr("Backtest", "Run backtest"))
        self.cancel_btn.setText(i18n.tr("Backtest", "Cancel"))
        self.note.setText(i18n.tr("Backtest", "Quick backtest: ABC-SMC with {0} particles and {1} generations, then {2} "
                                              "forecast runs. Indicative only; for a full backtest use the command line "
                                              "(innovsim backtest).").format(QUICK["population"], QUICK["generations"],
                                                                              QUICK["replicates"]))
        self.table.setHorizontalHeaderLabels([i18n.tr("Backtest", h) for h in COVERAGE_HEADERS])
        if self.result is not None and not self.controller.busy:
            self._show_summary()
        self.draw()
