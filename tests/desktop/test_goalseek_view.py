"""Tools ▸ What does it take? (pytest-qt, offscreen): the dialog's answer equals ``innovsim goalseek`` for the
same scenario, target, lever, probability, replicates and seed; progress, cancel and widget states."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.views.goalseek_view import TAG, expected_evaluations, target_text
from desktop.views.main_window import MainWindow
from sim.cli.main import main as cli_main
from tests.desktop.bundled import BASELINE

TIMEOUT = 120_000


def small(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    for key, text in (("run.n_firms", "300"), ("run.n_universities", "8")):
        w = window.editor.fields[key]
        w.clear()
        qtbot.keyClicks(w, text)


def test_target_text_and_evaluations() -> None:
    assert target_text("rd_intensity", 2025, "at_least", 1.5) == "rd_intensity@2025>=1.5"
    assert target_text("hnte_count", 2030, "at_most", 2000.0) == "hnte_count@2030<=2000"
    assert expected_evaluations(0.0, 20.0, 0.02) == 13


def test_dialog_answer_equals_cli(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    window.seed.setValue(11)
    assert window.open_goalseek()
    d = window.goalseek_dialog
    assert d is not None
    # the target fields start at the scenario's first target
    assert d.target() == "rd_intensity@2025>=1.5" and d.lever_text() == "budget.fiscal_st_ratio@2025"
    d.reps.setValue(4)
    steps: list[int] = []
    window.controller.progress.connect(lambda done, total, *_a: steps.append(done))
    assert d.start()
    assert not d.run_btn.isEnabled() and d.cancel_btn.isEnabled()
    qtbot.waitUntil(lambda: d.result is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    assert d.run_btn.isEnabled() and not d.cancel_btn.isEnabled()
    assert steps and max(steps) == d.progress.maximum()
    out = tmp_path / "gs"
    rc = cli_main(["goalseek", str(BASELINE), "--target", "rd_intensity@2025>=1.5", "--lever",
                   "budget.fiscal_st_ratio@2025", "--prob", "0.8", "--replicates", "4", "--seed", "11",
                   "--executor", "serial", "--set", "run.n_firms=300", "--set", "run.n_universities=8",
                   "--out", str(out), "--quiet"])
    assert rc == 0
    cli = json.loads((out / "goalseek.json").read_text(encoding="utf-8"))
    assert d.result.reachable == cli["reachable"]
    assert d.result.value == cli["value"]
    assert d.result.fiscal_cost == cli["fiscal_cost_median"]
    assert d.result.baseline_fiscal_cost == cli["baseline_fiscal_cost_median"]
    text = d.answer.text()
    assert "100m yuan" in text and f"{cli['fiscal_cost_median']:,.1f}" in text
    if cli["value"] is not None:
        assert f"{cli['value']:.4g}" in text
    assert len(d.figure.axes) == 2  # probability by lever value, and the lever's path


def test_cancel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    small(qtbot, window)
    assert window.open_goalseek()
    d = window.goalseek_dialog
    d.reps.setValue(30)
    assert d.start()
    d.cancel()
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    assert d.result is None and "Cancelled" in d.status.text()
    assert d.run_btn.isEnabled()
    window.controller.wait()


def test_refused_while_busy_and_without_scenario(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.open_goalseek()
    assert window.last_message is not None and "Open a valid scenario" in window.last_message[1]
    small(qtbot, window)
    assert window.start_run()
    assert window.open_goalseek()
    assert not window.goalseek_dialog.start()
    assert "A run is going on" in window.last_message[0]
    assert window.controller.current.tag != TAG
