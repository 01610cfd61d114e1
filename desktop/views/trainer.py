"""Trainer mode: six policy levers as sliders over the open scenario (the voucher budget and the yearly
assessment from issue 17 among them), its charts following the slider.

* Each slider starts at the scenario's own value (in the lever's year) and only levers the user moved
  override the scenario (``lever_overrides``); the file is never changed.
* The scenario as written is run first (the reference line); each lever position is answered quickly with
  a few replicates (``QUICK_REPLICATES``), then refined in the background with the replicate count set
  here; the previous position stays as a ghost line; the axes stay put (``LiveChart``).
* While another view's run is going on the trainer says so and runs when it has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.runs.controller import RunController, RunRequest
from desktop.views.live_chart import LiveChart
from sim.errors import InnovsimError
from sim.runs.runner import RunResult
from sim.scenario.loader import Scenario, apply_overrides, path_value
from sim.scenario.params import SPECS_BY_KEY

DEBOUNCE_MS = 15  # coalesces the values a drag sends within one event-loop turn
QUICK_REPLICATES = 1  # the first answer to a lever position; refined with ``reps`` afterwards
DEFAULT_REPLICATES = 20  # the refined answer: probabilities in steps of 5%
LARGE_TYPE = 1.4  # font scale of "Large type" (projector)


@dataclass(frozen=True)
class Lever:
    """A slider over ``override`` (``key`` or ``key@year``) from ``lo`` to ``hi`` in ``step``s."""

    override: str
    lo: float
    hi: float
    step: float

    @property
    def key(self) -> str:
        return self.override.split("@")[0]

    @property
    def year(self) -> int | None:
        return int(self.override.split("@")[1]) if "@" in self.override else None

    def ticks(self) -> int:
        return round((self.hi - self.lo) / self.step)

    def value(self, tick: int) -> float:
        return round(self.lo + tick * self.step, 6)

    def tick(self, value: float) -> int:
        return max(0, min(self.ticks(), round((value - self.lo) / self.step)))

    def scenario_value(self, scenario: Scenario) -> float:
        """The scenario's own value of this lever (in its year, for a path)."""
        v = scenario.params[self.key]
        if isinstance(v, dict):
            v = path_value(v, self.year if self.year is not None else min(v))
        return float(v)


LEVERS = (
    Lever("budget.fiscal_st_ratio@2025", 0.5, 4.0, 0.05),
    Lever("subsidy.rate@2025", 0.0, 0.5, 0.01),
    Lever("subsidy.hnte_award_first@2025", 0.0, 2.0, 0.05),
    Lever("tax.super_deduction@2025", 50.0, 200.0, 5.0),
    Lever("voucher.budget@2025", 0.0, 5.0, 0.1),  # innovation vouchers, 亿元 a year (ODD 3.3.17)
    Lever("assessment.on", 0.0, 1.0, 1.0),  # the yearly assessment of cities and counties, off / on (ODD 3.3.18)
)
BY_OVERRIDE = {lv.override: lv for lv in LEVERS}


def lever_overrides(scenario: Scenario, lever: Lever, value: float) -> list[str]:
    """``--set`` strings that put ``lever`` at ``value`` and keep the rest of the scenario's path.

    A path lever sets the point of its year to ``value``; the path's later points move by the same
    amount (the plan's shape is kept: a rise after 2025 still rises), clamped to the allowed range;
    earlier points (observed years) are untouched. A constant path becomes ``value`` from the lever's year.
    """
    spec = SPECS_BY_KEY[lever.key]
    path = scenario.params.get(lever.key)
    if spec.kind == "int":  # a switch such as assessment.on: 0 or 1, not 1.0
        return [f"{lever.override}={round(value)}"]
    if lever.year is None or not isinstance(path, dict):
        return [f"{lever.key}={value}"]
    out = [f"{lever.override}={value}"]
    if set(path) == {0}:
        return out
    delta = value - path_value(path, lever.year)
    for y in sorted(y for y in path if y > lever.year):
        out.append(f"{lever.key}@{y}={round(min(spec.hi, max(spec.lo, path[y] + delta)), 6)}")
    return out


def cumulative_cost(result: RunResult, last_year: int) -> float:
    """Median over replicates of the fiscal cost summed from the year after the base year to
    ``last_year`` (100 million yuan) for the result's first scenario."""
    ind = result.indicators
    mine = ind[(ind["scenario"] == result.ids[0]) & (ind["year"] > ind["year"].min()) & (ind["year"] <= last_year)]
    if mine.empty:
        return float("nan")
    return float(np.median(mine.groupby("replicate")["fiscal_cost"].sum().to_numpy()))


class TrainerPanel(QWidget):
    """Sliders with readouts, a replicate count, reset and large type, and the live charts."""

    message = Signal(str, str, str)

    def __init__(self, controller: RunController, current: Callable[[], Scenario | None]) -> None:
        super().__init__()
        self.controller = controller
        self.current = current
        self.quick_replicates = QUICK_REPLICATES
        self.sliders: dict[str, QSlider] = {}
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self.moved: set[str] = set()  # levers the user moved since the last reset (only these override)
        self.result: RunResult | None = None  # the latest result shown (quick or refined)
        self.reference: RunResult | None = None  # the scenario as written
        self._reference_params: dict | None = None
        self._waiting = False  # a run is wanted but another view's run is going on
        self._asked: tuple[tuple[str, ...], int] | None = None  # (overrides, replicates) of the run in flight
        self._stage = ""  # "reference", "quick" or "refined": what the run in flight is
        self.runs_started = 0
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for row, lever in enumerate(LEVERS):
            s = QSlider(Qt.Orientation.Horizontal)
            s.setRange(0, lever.ticks())
            s.valueChanged.connect(lambda _v, lv=lever: self._moved(lv))
            self.sliders[lever.override] = s
            self.name_labels[lever.override] = QLabel()
            self.value_labels[lever.override] = QLabel()
            grid.addWidget(self.name_labels[lever.override], row, 0)
            grid.addWidget(s, row, 1)
            grid.addWidget(self.value_labels[lever.override], row, 2)
        grid.setColumnStretch(1, 1)
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555555;")
        self.reps_label = QLabel()
        self.reps = QSpinBox()
        self.reps.setRange(1, 200)
        self.reps.setValue(DEFAULT_REPLICATES)
        self.reset_btn = QPushButton()
        self.reset_btn.clicked.connect(self.reset_levers)
        self.large = QCheckBox()
        self.large.toggled.connect(self.set_large_type)
        bar = QHBoxLayout()
        bar.addWidget(self.reps_label)
        bar.addWidget(self.reps)
        bar.addWidget(self.reset_btn)
        bar.addWidget(self.large)
        bar.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rerun)
        self.charts = LiveChart()
        self._fix_sizes()
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.addLayout(grid)
        lay.addLayout(bar)
        lay.addWidget(self.readout)
        lay.addWidget(self.status)
        lay.addWidget(self.charts, 1)
        controller.busy_changed.connect(self._controller_busy)
        self.retranslate()

    def _fix_sizes(self) -> None:
        """Labels whose text changes at every move keep their size, so the charts are never re-laid out
        (a resize costs a full redraw) while a slider moves."""
        for label in self.value_labels.values():
            fm = label.fontMetrics()
            label.setFixedWidth(fm.horizontalAdvance("0.05 yuan per yuan R&D  (written: 0.05)") + 8)
        self.readout.setFixedHeight(self.readout.fontMetrics().lineSpacing() * 4 + 6)  # 3 lines, wrapped when narrow
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)

    # ------------------------------------------------------------------ levers
    def overrides(self, scenario: Scenario | None = None) -> list[str]:
        """``--set`` strings for the levers the user moved (none before anything moves)."""
        sc = scenario if scenario is not None else self.current()
        if sc is None:
            return []
        out: list[str] = []
        for lv in LEVERS:
            if lv.override in self.moved:
                out += lever_overrides(sc, lv, lv.value(self.sliders[lv.override].value()))
        return out

    def _place_sliders(self, sc: Scenario | None) -> None:
        for lever in LEVERS:
            s = self.sliders[lever.override]
            s.blockSignals(True)
            if sc is not None:
                s.setValue(lever.tick(lever.scenario_value(sc)))
            s.blockSignals(False)
            self._show_value(lever)

    def reset(self) -> None:
        """A new document: sliders where the scenario stands, no reference yet (run when the tab is shown)."""
        self.moved.clear()
        self.timer.stop()
        self._place_sliders(self.current())
        self.result = self.reference = None
        self._reference_params = None
        self.charts.set_reference(None)
        self._show_readout()
        if self.isVisible():
            self.run_reference()

    def reset_levers(self) -> None:
        """The Reset button: every slider back to the scenario's value; the reference is shown again."""
        self.moved.clear()
        self.timer.stop()
        self._place_sliders(self.current())
        if self.reference is not None:
            self.result = self.reference
            self.charts.show(self.reference)
        if self._stage in ("quick", "refined") and self.controller.busy and self._tag_is_mine():
            self.controller.cancel()
        self.status.setText(self.tr("Levers back at the scenario's own values."))
        self._show_readout()

    def set_lever(self, override: str, value: float) -> None:
        """Move a slider as the user would."""
        self.sliders[override].setValue(BY_OVERRIDE[override].tick(value))

    def _show_value(self, lever: Lever) -> None:
        spec = SPECS_BY_KEY[lever.key]
        v = lever.value(self.sliders[lever.override].value())
        text = f"{v:g} {i18n.unit(spec.unit)}"
        sc = self.current()
        if sc is not None:
            own = lever.scenario_value(sc)
            text += "  " + (self.tr("(as written)") if lever.override not in self.moved
                            else self.tr("(written: {0:g})").format(round(own, 4)))
        self.value_labels[lever.override].setText(text)

    def _moved(self, lever: Lever) -> None:
        self.moved.add(lever.override)
        self._show_value(lever)
        self.timer.start()

    # ------------------------------------------------------------------ runs
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        sc = self.current()
        if sc is not None and (self.reference is None or sc.params != self._reference_params):
            if self.reference is not None:  # the document changed since: start over from it
                self.reset()
            else:
                self.run_reference()

    def _tag_is_mine(self) -> bool:
        return self.controller.current is not None and self.controller.current.tag == "trainer"

    def _request(self, sc: Scenario, overrides: list[str], replicates: int, stage: str) -> bool:
        """Ask the controller for a run. A quick run in flight is let finish (its answer is shown, so the
        charts move during a drag) and the newest position waits behind it; any other trainer run in
        flight is cancelled."""
        try:
            scenario = apply_overrides(sc, overrides) if overrides else sc
        except InnovsimError as e:
            self.message.emit(self.tr("Invalid lever value"), str(e), "")
            return False
        request = RunRequest([scenario], replicates, int(sc.params["run.seed"]), tag="trainer", stage=stage)
        running = self.controller.running
        if stage == "quick" and running is not None and running.tag == "trainer" and running.stage == "quick":
            ok = self.controller.follow(request)
        else:
            ok = self.controller.restart(request)
        if not ok:
            self._waiting = True
            self.status.setText(self.tr("Another run is going on (Run or Compare): the trainer will run when it "
                                        "ends, or cancel it from the toolbar."))
            return False
        self._waiting = False
        self._asked, self._stage = (tuple(overrides), replicates), stage
        self.runs_started += 1
        return True

    def run_reference(self) -> bool:
        """Run the open scenario as written (the reference line)."""
        sc = self.current()
        if sc is None:
            return False
        self._reference_params = sc.params
        ok = self._request(sc, [], self.reps.value(), "reference")
        if ok:
            self.status.setText(self.tr("Running the scenario as written ({0} replicates)…").format(self.reps.value()))
        return ok

    def rerun(self) -> bool:
        """Answer the levers' position: a quick run first (refined when it is in)."""
        sc = self.current()
        if sc is None:
            self.message.emit(self.tr("Nothing to run"), self.tr("Open a valid scenario first."), "")
            return False
        if self.reference is None and not self.moved:
            return self.run_reference()
        reps = min(self.quick_replicates, self.reps.value())
        ok = self._request(sc, self.overrides(sc), reps, "quick" if reps < self.reps.value() else "refined")
        if ok:
            self.status.setText(self.tr("Quick answer with {0} replicates…").format(reps))
        return ok

    def _controller_busy(self, busy: bool) -> None:
        if not busy and self._waiting:
            QTimer.singleShot(0, self.rerun if self.moved else self.run_reference)

    def set_result(self, result: RunResult) -> None:
        """A trainer run is in: show it and, after a quick answer, start its refinement."""
        running = self.controller.running
        stage = running.stage if running is not None and running.tag == "trainer" else self._stage
        sc = self.current()
        if stage == "reference":
            self.reference = result
            self.charts.set_reference(result)
            if self.moved and sc is not None:  # a lever moved meanwhile: answer it now
                self.result = result
                self._show_readout()
                self.rerun()
                return
            self.result = result
            self.status.setText(self.tr("The scenario as written, {0} replicates. Move a lever.").format(len(result.seeds)))
        else:
            refined = stage == "refined"
            keep_ghost = refined and self.result is not None and self.result is not self.reference
            self.result = result
            self.charts.show(result, keep_ghost=keep_ghost)
            if not refined and self.controller.queued:  # a newer position waits: answer it first
                self.status.setText(self.tr("Quick answer ({0} replicate); the slider moved on…").format(len(result.seeds)))
            elif not refined and sc is not None:
                self._request(sc, list(self._asked[0]) if self._asked else self.overrides(sc), self.reps.value(),
                              "refined")
                self.status.setText(self.tr("Quick answer ({0} replicates); refining with {1}…").format(
                    len(result.seeds), self.reps.value()))
            else:
                self.status.setText(self.tr("Answer with {0} replicates.").format(len(result.seeds)))
                if self.reference is None and sc is not None:
                    self.run_reference()
        self._show_readout()

    def cancelled(self) -> None:
        """The trainer's run was cancelled (by the toolbar or a reset)."""
        self.status.setText(self.tr("Trainer run cancelled; the charts show the last answer."))

    # ------------------------------------------------------------------ readouts
    def _show_readout(self) -> None:
        """2025 value vs target and probability for R&D intensity and HNTE, and the cumulative cost,
        beside the scenario as written."""
        res, ref = self.result, self.reference
        if res is None:
            self.readout.setText("")
            return
        lines = []
        for ind in ("rd_intensity", "hnte_count"):
            rows = res.targets[res.targets["indicator"] == ind].sort_values("year")
            if rows.empty:
                continue
            t = rows.iloc[0]
            sign = "≥" if t["direction"] == "at_least" else "≤"
            text = self.tr("{0} {1}: {2:,.4g} {3} (target {4} {5:g}), reached in {6:.0%} of runs").format(
                i18n.indicator_label(ind), int(t["year"]), t["simulated_median"], i18n.indicator_unit(ind), sign,
                t["target"], t["probability"])
            if ref is not None and res is not ref:
                r = ref.targets[(ref.targets["indicator"] == ind) & (ref.targets["year"] == t["year"])]
                if not r.empty:
                    text += self.tr("; as written {0:,.4g}, {1:.0%}").format(r.iloc[0]["simulated_median"],
                                                                           r.iloc[0]["probability"])
            lines.append(text)
        year = 2025
        cost = cumulative_cost(res, year)
        base = int(res.indicators["year"].min()) + 1
        text = self.tr("Cumulative fiscal cost {0}–{1}: {2:,.0f} 100m yuan").format(base, year, cost)
        if ref is not None and res is not ref:
            ref_cost = cumulative_cost(ref, year)
            text += self.tr(" (as written {0:,.0f}; {1:+,.0f})").format(ref_cost, cost - ref_cost)
        lines.append(text)
        self.readout.setText("<br>".join(lines))

    # ------------------------------------------------------------------ look
    def set_large_type(self, on: bool) -> None:
        """Larger type on the charts and the controls (a projector in front of a class)."""
        scale = LARGE_TYPE if on else 1.0
        font = self.font()
        base = self.parentWidget().font().pointSizeF() if self.parentWidget() is not None else font.pointSizeF()
        font.setPointSizeF(max(1.0, base * scale))
        for w in (*self.name_labels.values(), *self.value_labels.values(), self.readout, self.status):
            w.setFont(font)
        self._fix_sizes()
        self.charts.set_font_scale(scale)

    def retranslate(self) -> None:
        for lever in LEVERS:
            spec = SPECS_BY_KEY[lever.key]
            year = f" ({lever.year})" if lever.year is not None else ""
            self.name_labels[lever.override].setText(i18n.param_label(spec) + year)
            self.sliders[lever.override].setToolTip(f"{lever.override}: {spec.help}\n{spec.source}")
            self._show_value(lever)
        self.reps_label.setText(self.tr("Refined with (runs)"))
        self.reps.setToolTip(self.tr("Replicates of the refined answer (a quick answer with {0} comes first)")
                             .format(QUICK_REPLICATES))
        self.reset_btn.setText(self.tr("Reset levers"))
        self.large.setText(self.tr("Large type"))
        if not self.status.text():
            self.status.setText(self.tr("Move a lever: the charts follow. The file is not changed."))
        self._show_readout()
        self.charts.retranslate()
