"""Trainer (pytest-qt, offscreen): sliders start at the scenario's values and only moved levers override it;
the scenario as written is the reference line; quick then refined answers; busy feedback; reset."""

from __future__ import annotations

import pytest

from desktop.runs.controller import RunRequest
from desktop.views.main_window import MainWindow
from desktop.views.trainer import DEFAULT_REPLICATES, LEVERS, QUICK_REPLICATES, lever_overrides
from sim.scenario.loader import apply_overrides, load_scenario, path_value
from tests.desktop.bundled import BASELINE

TIMEOUT = 60_000


def small(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The baseline open with few firms and replicates (fast), the trainer shown and its reference in."""
    window.open_path(BASELINE)
    for key, text in (("run.n_firms", "300"), ("run.n_universities", "8")):
        w = window.editor.fields[key]
        w.clear()
        qtbot.keyClicks(w, text)
    window.trainer.reps.setValue(4)
    window.right.setCurrentWidget(window.trainer)
    window.show()
    qtbot.waitUntil(lambda: window.trainer.reference is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)


def test_lever_overrides_keep_the_path_shape() -> None:
    sc = load_scenario(BASELINE)
    fiscal = next(lv for lv in LEVERS if lv.key == "budget.fiscal_st_ratio")
    out = apply_overrides(sc, lever_overrides(sc, fiscal, 2.0))
    path, own = out.params["budget.fiscal_st_ratio"], sc.params["budget.fiscal_st_ratio"]
    assert path[2025] == 2.0
    assert path[2035] == pytest.approx(own[2035] + 2.0 - own[2025])  # the plan's rise after 2025 is kept
    assert {y: v for y, v in path.items() if y < 2025} == {y: v for y, v in own.items() if y < 2025}
    rate = next(lv for lv in LEVERS if lv.key == "subsidy.rate")  # a constant: the new value from 2025 on
    out = apply_overrides(sc, lever_overrides(sc, rate, 0.1))
    assert path_value(out.params["subsidy.rate"], 2024) == 0.05 and path_value(out.params["subsidy.rate"], 2035) == 0.1
    # the levers of issue 17: the voucher budget from 2025 on, the assessment switched on (an int, not 1.0)
    voucher = next(lv for lv in LEVERS if lv.key == "voucher.budget")
    out = apply_overrides(sc, lever_overrides(sc, voucher, 0.5))
    assert path_value(out.params["voucher.budget"], 2024) == 0.0 and path_value(out.params["voucher.budget"], 2035) == 0.5
    assessment = next(lv for lv in LEVERS if lv.key == "assessment.on")
    assert lever_overrides(sc, assessment, 1.0) == ["assessment.on=1"]
    assert apply_overrides(sc, lever_overrides(sc, assessment, 1.0)).params["assessment.on"] == 1


def test_nothing_moved_nothing_overridden(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    trainer = window.trainer
    sc = window.current_scenario()
    assert trainer.overrides() == []
    assert trainer.reps.value() == DEFAULT_REPLICATES >= 20  # probabilities in steps of 5% at most
    for lv in LEVERS:  # each slider stands at the scenario's own value in the lever's year
        assert lv.value(trainer.sliders[lv.override].value()) == pytest.approx(lv.scenario_value(sc), abs=lv.step / 2)
    assert "as written" in trainer.value_labels["budget.fiscal_st_ratio@2025"].text()


def test_reference_then_quick_then_refined(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    trainer = window.trainer
    ref = trainer.reference
    assert ref is not None and len(ref.seeds) == 4
    assert ref.scenarios[0].params == window.current_scenario().params  # the scenario as written
    chart = trainer.charts
    ax = chart.axes["rd_intensity"]
    ylim = ax.get_ylim()
    ref_line = chart.lines["rd_intensity"]["reference"]
    assert list(ref_line.get_ydata()) == list(ref.summary["rd_intensity_p50"])
    results = []
    window.controller.result.connect(lambda tag, r: results.append(len(r.seeds)))
    trainer.set_lever("subsidy.rate@2025", 0.2)
    qtbot.waitUntil(lambda: len(results) >= 2, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    assert results[:2] == [QUICK_REPLICATES, 4]  # a quick answer, then the refined one
    res = trainer.result
    params = res.scenarios[0].params
    own = window.current_scenario().params
    assert params["budget.fiscal_st_ratio"] == own["budget.fiscal_st_ratio"]  # the unmoved lever is untouched
    assert params["tax.super_deduction"] == own["tax.super_deduction"]
    assert path_value(params["subsidy.rate"], 2030) == 0.2
    cur = chart.lines["rd_intensity"]["current"]
    assert list(cur.get_ydata()) == list(res.summary["rd_intensity_p50"])
    assert list(ref_line.get_ydata()) == list(ref.summary["rd_intensity_p50"])  # the reference stays
    lo, hi = ax.get_ylim()
    assert lo <= ylim[0] and hi >= ylim[1]  # axes never shrink
    text = trainer.readout.text()
    assert "R&amp;D intensity 2025" in text or "R&D intensity 2025" in text
    assert "as written" in text and "100m yuan" in text
    # a second position: the first becomes the ghost
    trainer.set_lever("subsidy.rate@2025", 0.3)
    qtbot.waitUntil(lambda: trainer.result is not res and len(trainer.result.seeds) == 4, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    ghost = chart.lines["rd_intensity"]["ghost"]
    assert len(ghost.get_ydata()) == len(res.summary)


def test_busy_elsewhere_says_so_then_runs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    trainer = window.trainer
    sc = window.current_scenario()
    assert window.controller.start(RunRequest([sc], 500, 1, tag="main"))
    trainer.set_lever("tax.super_deduction@2025", 150)
    qtbot.waitUntil(lambda: "Another run" in trainer.status.text(), timeout=TIMEOUT)
    assert window.controller.current.tag == "main"
    window.cancel_run()  # the other run ends (here: cancelled); the trainer then answers the lever
    qtbot.waitUntil(lambda: trainer.result is not None and trainer.result is not trainer.reference
                    and len(trainer.result.seeds) == 4, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    assert path_value(trainer.result.scenarios[0].params["tax.super_deduction"], 2025) == 150


def test_reset_levers(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    trainer = window.trainer
    sc = window.current_scenario()
    trainer.set_lever("budget.fiscal_st_ratio@2025", 3.0)
    assert trainer.overrides()
    trainer.reset_levers()
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    assert trainer.overrides() == [] and not trainer.moved
    lv = LEVERS[0]
    assert lv.value(trainer.sliders[lv.override].value()) == pytest.approx(lv.scenario_value(sc), abs=lv.step / 2)
    assert trainer.result is trainer.reference


def test_large_type_and_chinese(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    trainer = window.trainer
    before = trainer.name_labels[LEVERS[0].override].font().pointSizeF()
    trainer.large.setChecked(True)
    assert trainer.name_labels[LEVERS[0].override].font().pointSizeF() > before
    assert trainer.charts.font_scale > 1
    window.set_language("zh_CN")
    assert trainer.reset_btn.text() == "重置杠杆"
    assert "财政" in trainer.charts.axes["fiscal_cost"].get_title()


def test_small_helper_edits_the_document(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    assert window.current_scenario().params["run.n_firms"] == 300
