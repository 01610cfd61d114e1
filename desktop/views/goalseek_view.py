"""Tools ▸ What does it take?…: goal seeking for the open scenario, in the background.

"What value of a lever reaches a target (indicator, year, threshold) with a given probability, and what
does it cost?" is answered by ``sim.studies.goalseek.goalseek`` - the same function, arguments and seeds as
``innovsim goalseek`` (serial here, which gives the same numbers as any number of workers). The job runs
through the app's run controller (progress, Cancel between evaluations). The answer is shown as a
sentence, with the probability at each evaluated lever value and the lever's path (as written and at the
answer) on two charts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.fonts import setup_matplotlib
from desktop.runs.controller import RunController, RunRequest
from sim.errors import InnovsimError
from sim.indicators import INDICATORS
from sim.runs.runner import RunCancelled
from sim.scenario.loader import Scenario, path_value
from sim.scenario.params import SPECS_BY_KEY

TAG = "goalseek"
LEVER_KEYS = ("budget.fiscal_st_ratio", "subsidy.rate", "subsidy.hnte_award_first", "tax.super_deduction")


def target_text(indicator: str, year: int, direction: str, value: float) -> str:
    """The ``--target`` string of the CLI: ``rd_intensity@2025>=1.5``."""
    return f"{indicator}@{year}{'>=' if direction == 'at_least' else '<='}{value:g}"


def expected_evaluations(lo: float, hi: float, tol: float) -> int:
    """Evaluations a bisection over [lo, hi] to ``tol`` needs at most (scenario, top, bottom, halvings)."""
    return 3 + max(0, math.ceil(math.log2(max((hi - lo) / tol, 1.0))))


def make_job(scenario: Scenario, target: str, lever: str, prob: float, replicates: int, seed: int) -> Any:
    """The controller job running ``goalseek`` as ``innovsim goalseek FILE --target T --lever L --prob P
    --replicates R --seed S --executor serial`` would."""

    def job(progress: Any, cancelled: Any, note: Any) -> Any:
        from sim.studies.goalseek import goalseek

        spec = SPECS_BY_KEY[lever.split("@")[0]]
        total = expected_evaluations(float(spec.lo), float(spec.hi), (float(spec.hi) - float(spec.lo)) / 1000.0)
        done = [0]

        def step(_a: int, _b: int) -> None:
            done[0] += 1
            progress(min(done[0], total), total)
            note(i18n.tr("GoalSeek", "Evaluated {0} lever values…").format(done[0]))

        progress(0, total)
        result = goalseek(scenario, [target], lever, prob=prob, replicates=replicates, seed=seed, executor="serial",
                          progress=step, cancel=cancelled)
        if cancelled():
            raise RunCancelled("goal seek cancelled")
        progress(total, total)
        return result

    return job


def answer_text(result: Any, scenario: Scenario, lever: str) -> str:
    """The answer in the current language: the lever value and probability, its cumulative cost in 100m
    yuan beside the cost at the scenario's own value (or why it is not reachable)."""
    t = i18n.tr
    key = lever.split("@")[0]
    spec = SPECS_BY_KEY[key]
    name = i18n.param_label(spec)
    year = lever.split("@")[1] if "@" in lever else ""
    unit = i18n.unit(spec.unit)
    reps = int(result.meta.get("replicates", 0))
    first = int(scenario.forecast_from)
    last = max(int(y) for y in result.answer["year"])
    row = result.answer.iloc[0]
    what = f"{i18n.indicator_label(str(row['indicator']))} {'≥' if row['direction'] == 'at_least' else '≤'} " \
           f"{row['value']:g} {i18n.indicator_unit(str(row['indicator']))} ({int(row['year'])})"
    if not result.reachable:
        return t("GoalSeek", "Not reachable: even at {0} = {1:g} {2} (the top of its range), {3} holds in only "
                             "{4:.0%} of {5} runs (asked: {6:.0%}).").format(
            f"{name} {year}".strip(), float(result.evaluations["lever_value"].max()), unit, what,
            float(row["probability"]), reps, result.prob)
    cost, base = float(result.fiscal_cost), float(result.baseline_fiscal_cost)
    text = t("GoalSeek", "{0} {1} = {2:.4g} {3} is the smallest value for which {4} holds with probability at least "
                         "{5:.0%} ({6:.0%} of {7} runs).").format(
        name, year, float(result.value), unit, what, result.prob, float(row["probability"]), reps)
    text += " " + t("GoalSeek", "Median cumulative fiscal cost {0}–{1}: {2:,.1f} 100m yuan, against {3:,.1f} at the "
                                "scenario's own value {4:.4g} ({5:+,.1f}).").format(
        first, last, cost, base, float(result.baseline_value), cost - base)
    if not result.monotone:
        text += " " + t("GoalSeek", "Caution: the probability did not always rise with the lever; more replicates help.")
    return text


def draw_goalseek(fig: Figure, result: Any, scenario: Scenario | None, lever: str) -> None:
    """Probability at each evaluated lever value (with the required level and the answer), and the
    lever's path as written and at the answer."""
    fig.clear()
    if result is None or scenario is None:
        ax = fig.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, i18n.tr("GoalSeek", "Choose a target and a lever, then Find."), ha="center", va="center",
                color="gray", fontsize=11)
        return
    from sim.studies.design import Factor, point_scenario

    key = lever.split("@")[0]
    spec = SPECS_BY_KEY[key]
    name = i18n.param_label(spec)
    unit = i18n.unit(spec.unit)
    ax1, ax2 = fig.subplots(1, 2)
    ev = result.evaluations[~result.evaluations["baseline"]].sort_values("lever_value")
    ax1.plot(ev["lever_value"], ev["probability_all"] * 100, marker="o", color="#1f77b4",
             label=i18n.tr("GoalSeek", "evaluated values"))
    ax1.axhline(result.prob * 100, color="#d62728", linestyle="--", linewidth=1,
                label=i18n.tr("GoalSeek", "required probability"))
    if result.value is not None:
        ax1.axvline(result.value, color="#2ca02c", linewidth=1.5, label=i18n.tr("GoalSeek", "answer"))
    ax1.axvline(result.baseline_value, color="#555555", linestyle=":", linewidth=1.2,
                label=i18n.tr("GoalSeek", "scenario as written"))
    ax1.set_xlabel(f"{name} [{unit}]", fontsize=9)
    ax1.set_ylabel(i18n.tr("GoalSeek", "probability of reaching the target (%)"), fontsize=9)
    ax1.set_ylim(-3, 103)
    ax1.grid(True, alpha=0.3)
    ax1.legend(fontsize=8, loc="lower right")
    own = scenario.params[key]
    years = np.arange(int(scenario.params["run.base_year"]), int(scenario.params["run.end_year"]) + 1)

    def values(path: Any) -> list[float]:
        return [path_value(path, int(y)) if isinstance(path, dict) else float(path) for y in years]

    ax2.plot(years, values(own), color="#555555", linestyle="--", label=i18n.tr("GoalSeek", "as written"))
    if result.value is not None:
        year = int(lever.split("@")[1]) if "@" in lever else None
        at = point_scenario(scenario, [Factor(key, year, float(spec.lo), float(spec.hi))], [float(result.value)])
        ax2.plot(years, values(at.params[key]), color="#2ca02c", linewidth=2, label=i18n.tr("GoalSeek", "at the answer"))
    ax2.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # years, never 2017.5
    ax2.set_title(f"{name} [{unit}]", fontsize=10)
    ax2.grid(True, alpha=0.3)
    ax2.legend(fontsize=8)
    fig.tight_layout()


class GoalSeekDialog(QDialog):
    """Target (indicator, year, direction, threshold), lever, probability, replicates; Find / Cancel;
    progress; the answer and two charts."""

    message = Signal(str, str)

    def __init__(self, controller: RunController, scenario_getter: Any, seed_getter: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_matplotlib()
        self.setWindowFlag(Qt.WindowType.Window)
        self.controller = controller
        self.scenario_getter = scenario_getter
        self.seed_getter = seed_getter
        self.scenario: Scenario | None = None
        self.result: Any = None
        self.asked: dict[str, Any] = {}
        self.indicator = QComboBox()
        for ind in INDICATORS:
            self.indicator.addItem("", ind.name)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.direction = QComboBox()
        self.direction.addItem("≥", "at_least")
        self.direction.addItem("≤", "at_most")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(-1e9, 1e9)
        self.threshold.setDecimals(3)
        self.unit = QLabel()
        self.lever = QComboBox()
        for key in LEVER_KEYS:
            self.lever.addItem("", key)
        self.prob = QSpinBox()
        self.prob.setRange(1, 100)
        self.prob.setValue(80)
        self.prob.setSuffix(" %")
        self.reps = QSpinBox()
        self.reps.setRange(1, 1000)
        self.reps.setValue(20)
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(self.start)
        self.cancel_btn = QPushButton()
        self.cancel_btn.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setStyleSheet("color: gray;")
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setStyleSheet("font-size: 11pt;")
        target_row = QHBoxLayout()
        for w in (self.indicator, self.direction, self.threshold, self.unit):
            target_row.addWidget(w)
        target_row.addWidget(self.year)
        target_row.addStretch(1)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.labels[0], target_row)
        self.form.addRow(self.labels[1], self.lever)
        self.form.addRow(self.labels[2], self.prob)
        self.form.addRow(self.labels[3], self.reps)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_btn)
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.progress, 1)
        self.figure = Figure(figsize=(8, 3.4), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(220)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addWidget(self.answer)
        lay.addWidget(self.canvas, 1)
        self.indicator.currentIndexChanged.connect(lambda _i: self._show_unit())
        controller.result.connect(self._on_result)
        controller.cancelled.connect(self._on_cancelled)
        controller.error.connect(self._on_error)
        controller.progress.connect(self._on_progress)
        controller.note.connect(lambda tag, text: self.status.setText(text) if tag == TAG else None)
        controller.busy_changed.connect(lambda _b: self._update_buttons())
        self.resize(980, 700)
        self.retranslate()

    # ---------------------------------------------------------------- set-up
    def prepare(self) -> bool:
        """Take the open scenario; the target fields start at its first target. False when none is open."""
        scenario = self.scenario_getter()
        if scenario is None:
            self.message.emit(i18n.tr("GoalSeek", "Cannot seek"), i18n.tr("GoalSeek", "Open a valid scenario first."))
            return False
        fresh = self.scenario is None or self.scenario.params != scenario.params
        self.scenario = scenario
        self.year.setRange(int(scenario.params["run.base_year"]) + 1, int(scenario.params["run.end_year"]))
        if fresh and scenario.targets:
            t = scenario.targets[0]
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(t.indicator)))
            self.year.setValue(int(t.year))
            self.direction.setCurrentIndex(0 if t.direction == "at_least" else 1)
            self.threshold.setValue(float(t.value))
        self._update_buttons()
        return True

    def lever_text(self) -> str:
        """The ``--lever`` string: a path lever set at the target's year."""
        key = str(self.lever.currentData())
        return f"{key}@{self.year.value()}" if SPECS_BY_KEY[key].kind == "path" else key

    def target(self) -> str:
        return target_text(str(self.indicator.currentData()), self.year.value(), str(self.direction.currentData()),
                           self.threshold.value())

    def start(self) -> bool:
        """Start the goal seek in the background; False (with a message) when refused."""
        if not self.prepare():
            return False
        if self.controller.busy:
            self.message.emit(i18n.tr("MainWindow", "A run is going on"),
                              i18n.tr("MainWindow", "Wait for it to finish or cancel it first."))
            return False
        assert self.scenario is not None
        from sim.studies.design import parse_target

        try:
            parse_target(self.target(), self.scenario)
        except InnovsimError as e:
            self.message.emit(i18n.tr("GoalSeek", "Cannot seek"), str(e))
            return False
        seed = int(self.seed_getter())
        self.asked = {"target": self.target(), "lever": self.lever_text(), "prob": self.prob.value() / 100.0,
                      "replicates": self.reps.value(), "seed": seed, "scenario": self.scenario}
        job = make_job(self.scenario, self.asked["target"], self.asked["lever"], self.asked["prob"],
                       self.reps.value(), seed)
        ok = self.controller.start(RunRequest([self.scenario], self.reps.value(), seed, tag=TAG, job=job))
        if ok:
            self.result = None
            self.answer.setText("")
            self.progress.setValue(0)
            self.status.setText(i18n.tr("GoalSeek", "Searching…"))
        self._update_buttons()
        return ok

    def cancel(self) -> None:
        if self._mine():
            self.controller.cancel()

    # ---------------------------------------------------------------- controller
    def _mine(self) -> bool:
        return self.controller.busy and self.controller.current is not None and self.controller.current.tag == TAG

    def _on_progress(self, done: int, total: int, _elapsed: float, _remaining: float) -> None:
        if self._mine():
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _on_result(self, tag: str, result: Any) -> None:
        if tag == TAG:
            self.set_result(result)

    def _on_cancelled(self, tag: str) -> None:
        if tag == TAG:
            self.progress.setValue(0)
            self.status.setText(i18n.tr("GoalSeek", "Cancelled; no answer."))

    def _on_error(self, tag: str, kind: str, text: str) -> None:
        if tag == TAG:
            self.status.setText(i18n.tr("GoalSeek", "The search stopped: {0}").format(text.strip().splitlines()[-1]))

    def _update_buttons(self) -> None:
        busy = self.controller.busy
        self.run_btn.setEnabled(not busy)
        self.cancel_btn.setEnabled(self._mine())

    # ---------------------------------------------------------------- showing
    def set_result(self, result: Any) -> None:
        self.result = result
        self.progress.setValue(self.progress.maximum())
        self.status.setText(i18n.tr("GoalSeek", "Done: {0} lever values evaluated, {1} runs each.").format(
            len(result.evaluations), int(result.meta.get("replicates", 0))))
        self._show()

    def _show(self) -> None:
        sc = self.asked.get("scenario")
        if self.result is None or sc is None:
            self.answer.setText("")
            draw_goalseek(self.figure, None, None, "")
        else:
            self.answer.setText(answer_text(self.result, sc, self.asked["lever"]))
            self.answer.setToolTip(self.result.statement)
            draw_goalseek(self.figure, self.result, sc, self.asked["lever"])
        self.canvas.draw_idle()

    def _show_unit(self) -> None:
        self.unit.setText(i18n.indicator_unit(str(self.indicator.currentData())))

    def retranslate(self) -> None:
        self.setWindowTitle(i18n.tr("GoalSeek", "What does it take?"))
        for k in range(self.indicator.count()):
            self.indicator.setItemText(k, i18n.indicator_label(str(self.indicator.itemData(k))))
        for k in range(self.lever.count()):
            self.lever.setItemText(k, i18n.param_label(SPECS_BY_KEY[str(self.lever.itemData(k))]))
        self._show_unit()
        self.labels[0].setText(i18n.tr("GoalSeek", "Target (indicator, threshold, year)"))
        self.labels[1].setText(i18n.tr("GoalSeek", "Lever (set in the target's year)"))
        self.labels[2].setText(i18n.tr("GoalSeek", "Required probability"))
        self.labels[3].setText(i18n.tr("GoalSeek", "Replicates per value"))
        self.run_btn.setText(i18n.tr("GoalSeek", "Find"))
        self.cancel_btn.setText(i18n.tr("MainWindow", "Cancel"))
        self._show()
