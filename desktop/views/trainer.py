"""Trainer mode: six policy levers as sliders (the voucher budget and the yearly assessment from issue 17); moving
one re-runs the open scenario with a few replicates (debounced, the previous run cancelled) and the charts follow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSlider, QSpinBox, QVBoxLayout, QWidget

from desktop import i18n
from desktop.runs.controller import RunController, RunRequest
from desktop.views.charts import ChartPanel
from sim.errors import InnovsimError
from sim.runs.runner import RunResult
from sim.scenario.loader import Scenario, apply_overrides, path_value
from sim.scenario.params import SPECS_BY_KEY

DEBOUNCE_MS = 300


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

    def ticks(self) -> int:
        return round((self.hi - self.lo) / self.step)

    def value(self, tick: int) -> float:
        return round(self.lo + tick * self.step, 6)

    def tick(self, value: float) -> int:
        return max(0, min(self.ticks(), round((value - self.lo) / self.step)))


LEVERS = (
    Lever("budget.fiscal_st_ratio@2025", 0.5, 4.0, 0.05),
    Lever("subsidy.rate@2025", 0.0, 0.5, 0.01),
    Lever("subsidy.hnte_award_first@2025", 0.0, 2.0, 0.05),
    Lever("tax.super_deduction@2025", 50.0, 200.0, 5.0),
    Lever("voucher.budget@2025", 0.0, 5.0, 0.1),  # issue 17: innovation vouchers, 亿元 a year
    Lever("assessment.on", 0.0, 1.0, 1.0),  # issue 17: the yearly assessment of cities and counties, off / on
)


class TrainerPanel(QWidget):
    """Sliders, a replicate count and a chart panel."""

    message = Signal(str, str, str)

    def __init__(self, controller: RunController, current: Callable[[], Scenario | None]) -> None:
        super().__init__()
        self.controller = controller
        self.current = current
        self.sliders: dict[str, QSlider] = {}
        self.value_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self.result: RunResult | None = None
        self.runs_started = 0
        form = QFormLayout()
        for lever in LEVERS:
            s = QSlider(Qt.Orientation.Horizontal)
            s.setRange(0, lever.ticks())
            s.valueChanged.connect(lambda _v, lv=lever: self._moved(lv))
            self.sliders[lever.override] = s
            self.value_labels[lever.override] = QLabel()
            self.value_labels[lever.override].setMinimumWidth(120)
            self.name_labels[lever.override] = QLabel()
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(s, 1)
            h.addWidget(self.value_labels[lever.override])
            form.addRow(self.name_labels[lever.override], row)
        self.reps_label = QLabel()
        self.reps = QSpinBox()
        self.reps.setRange(1, 50)
        self.reps.setValue(2)
        form.addRow(self.reps_label, self.reps)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: gray;")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rerun)
        self.charts = ChartPanel()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addWidget(self.charts, 1)
        self.retranslate()

    def overrides(self, scenario: Scenario | None = None) -> list[str]:
        """``--set`` strings for the sliders. A lever on a year of a path holds its
        value from that year on (later points of the scenario's path are set too),
        so "the ratio in 2025" does not fall back to the scenario's path afterwards."""
        out = []
        for lv in LEVERS:
            value = lv.value(self.sliders[lv.override].value())
            out.append(f"{lv.override}={int(value) if SPECS_BY_KEY[lv.key].kind == 'int' else value}")
            path = scenario.params.get(lv.key) if scenario is not None else None
            if "@" in lv.override and isinstance(path, dict):
                year = int(lv.override.split("@")[1])
                later = sorted({y for y in path if y > year} | {int(scenario.params["run.end_year"])})
                out.extend(f"{lv.key}@{y}={value}" for y in later)
        return out

    def reset(self) -> None:
        """Put the sliders where the open scenario stands (no run)."""
        sc = self.current()
        for lever in LEVERS:
            s = self.sliders[lever.override]
            s.blockSignals(True)
            if sc is not None:
                v = sc.params[lever.key]
                if isinstance(v, dict):
                    v = path_value(v, int(lever.override.split("@")[1]))
                s.setValue(lever.tick(float(v)))
            s.blockSignals(False)
            self._show_value(lever)
        self.result = None
        self.charts.set_result(None)

    def set_lever(self, override: str, value: float) -> None:
        lever = next(lv for lv in LEVERS if lv.override == override)
        self.sliders[override].setValue(lever.tick(value))

    def _show_value(self, lever: Lever) -> None:
        spec = SPECS_BY_KEY[lever.key]
        v = lever.value(self.sliders[lever.override].value())
        self.value_labels[lever.override].setText(f"{v:g} {i18n.unit(spec.unit)}")

    def _moved(self, lever: Lever) -> None:
        self._show_value(lever)
        self.timer.start()

    def rerun(self) -> bool:
        """Run the open scenario with the levers' values (cancels a trainer run still going)."""
        sc = self.current()
        if sc is None:
            self.message.emit(self.tr("Nothing to run"), self.tr("Open a valid scenario first."), "")
            return False
        try:
            sc = apply_overrides(sc, self.overrides(sc))
        except InnovsimError as e:
            self.message.emit(self.tr("Invalid lever value"), str(e), "")
            return False
        ok = self.controller.restart(RunRequest([sc], self.reps.value(), int(sc.params["run.seed"]), tag="trainer"))
        if ok:
            self.runs_started += 1
        return ok

    def set_result(self, result: RunResult) -> None:
        self.result = result
        names = {sid: i18n.scenario_name(s.name, s.name_zh) for s, sid in zip(result.scenarios, result.ids, strict=True)}
        self.charts.set_result(result, names)

    def retranslate(self) -> None:
        for lever in LEVERS:
            spec = SPECS_BY_KEY[lever.key]
            year = f" ({lever.override.split('@')[1]})" if "@" in lever.override else ""
            self.name_labels[lever.override].setText(i18n.param_label(spec) + year)
            self.sliders[lever.override].setToolTip(f"{lever.override}: {spec.help}\n{spec.source}")
            self._show_value(lever)
        self.reps_label.setText(self.tr("Replicates"))
        self.hint.setText(self.tr("Move a lever: the open scenario re-runs with these values after a short pause. "
                                  "The file is not changed."))
        self.charts.retranslate()
