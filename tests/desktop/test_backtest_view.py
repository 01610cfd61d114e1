"""Tools ▸ Backtest…: the quick backtest runs through the run controller and shows one chart per scored
indicator (band, median, observed points inside/outside, naive trend) and the coverage table.
``sim.studies.backtest.backtest`` is replaced by a small fixed result so the test takes milliseconds."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pandas as pd
import pytest

from desktop.views import backtest_view as bv
from desktop.views.main_window import MainWindow
from sim.studies import backtest as bt
from tests.desktop.bundled import BASELINE


def fake_result(scenario: Any, cutoff: int) -> bt.BacktestResult:
    rows = []
    for ind, base, scored in (("rd_intensity", 1.2, True), ("hnte_count", 1500.0, True), ("gdp", 9000.0, False)):
        for k, year in enumerate(range(cutoff + 1, cutoff + 4)):
            p50 = base * (1 + 0.05 * (k + 1))
            observed = p50 * (1.3 if (ind == "hnte_count" and k == 2) else 1.01)
            p5, p95 = p50 * 0.9, p50 * 1.1
            rows.append({"indicator": ind, "year": year, "observed": observed, "p5": p5, "p50": p50, "p95": p95,
                         "inside": bool(p5 <= observed <= p95), "naive": base * (1 + 0.03 * (k + 1)), "scored": scored})
    table = pd.DataFrame(rows, columns=bt.TABLE_COLUMNS)
    forecast = pd.DataFrame(columns=["replicate", "seed", "year"])  # empty: the band comes from the table
    coverage = bt.coverage_summary(table, forecast, cutoff)
    return bt.BacktestResult(table, coverage, forecast, None, scenario, {"cutoff": cutoff})


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def backtest(scenario: Any, cutoff: int, **kw: Any) -> bt.BacktestResult:
        calls.append({"cutoff": cutoff, **kw})
        kw["message"]("Generation 1")
        return fake_result(scenario, cutoff)

    monkeypatch.setattr(bt, "backtest", backtest)
    monkeypatch.setattr(bv, "pyabc_available", lambda: True)
    return calls


def run_backtest(qtbot: Any, window: MainWindow, cutoff: int) -> bv.BacktestDialog:
    window.open_path(BASELINE)
    assert window.open_backtest()
    dialog = window.backtest_dialog
    assert dialog is not None
    dialog.cutoff.setValue(cutoff)
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=20_000)
    return dialog


def test_cutoff_range(window: MainWindow) -> None:
    window.open_path(BASELINE)
    assert window.open_backtest()
    dialog = window.backtest_dialog
    assert dialog is not None and dialog.scenario is not None
    last = bt.last_observed_year(dialog.scenario)
    assert dialog.cutoff.minimum() == 2015 and dialog.cutoff.maximum() == last - 1
    assert "Quick backtest" in dialog.note.text() and "60" in dialog.note.text()


def test_backtest_chart_and_table(qtbot: Any, window: MainWindow, quick: list[dict[str, Any]]) -> None:
    dialog = run_backtest(qtbot, window, 2019)
    assert quick[0]["cutoff"] == 2019
    assert (quick[0]["population"], quick[0]["generations"], quick[0]["replicates"]) == (60, 3, 20)
    # one chart per scored indicator (gdp is a policy input, not scored)
    assert set(dialog.axes) == {"rd_intensity", "hnte_count"}
    ax = dialog.axes["hnte_count"]
    gids = {a.get_gid() for a in [*ax.lines, *ax.collections]}
    assert {"band", "median", "naive", "inside", "outside", "cutoff"} <= gids
    naive = next(line for line in ax.lines if line.get_gid() == "naive")
    assert naive.get_linestyle() == "--"
    outside = next(line for line in ax.lines if line.get_gid() == "outside")
    inside = next(line for line in ax.lines if line.get_gid() == "inside")
    assert list(outside.get_xdata()) == [2022] and list(inside.get_xdata()) == [2020, 2021]
    assert inside.get_color() == "black"
    observed = next(line for line in ax.lines if line.get_gid() == "observed")  # points the calibration saw
    assert max(observed.get_xdata()) <= 2019
    band = next(c for c in ax.collections if c.get_gid() == "band")
    ys = band.get_paths()[0].vertices[:, 1]
    assert min(ys) == pytest.approx(1500 * 1.05 * 0.9)
    # the coverage table
    texts = dialog.table_texts()
    from desktop import i18n

    labels = [row[0] for row in texts]
    # outcomes only (gdp is a policy input the scenario sets), then all outcomes
    assert labels == [i18n.indicator_label(n) for n in ("hnte_count", "rd_intensity")] + ["All outcomes"]
    assert texts[0][1:3] == ["3", f"{2 / 3 * 100:.1f}"]  # HNTE count: 3 held out, 2 inside
    all_row = texts[-1]
    assert all_row[1] == "6" and all_row[2] == f"{5 / 6 * 100:.1f}"
    assert "inside the 5–95% band" in dialog.status.text()


def test_backtest_in_chinese(qtbot: Any, window: MainWindow, quick: list[dict[str, Any]]) -> None:
    window.set_language("zh_CN")
    dialog = run_backtest(qtbot, window, 2019)
    assert window.act_backtest.text() == "回测…"
    assert dialog.windowTitle() == "回测"
    assert dialog.table_texts()[-1][0] == "所有结果指标"
    window.set_language("en")
    assert "inside the 5–95% band" in dialog.status.text() and dialog.table_texts()[-1][0] == "All outcomes"
    window.set_language("zh_CN")
    legend = dialog.figure.legends[0]
    assert "中位数" in [t.get_text() for t in legend.get_texts()]
    ax = dialog.axes["rd_intensity"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ax.get_title())


def test_missing_pyabc_is_a_clear_message(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bv, "pyabc_available", lambda: False)
    window.open_path(BASELINE)
    assert window.open_backtest()
    assert window.backtest_dialog is not None and not window.backtest_dialog.start()
    assert window.last_message is not None and "pyabc" in window.last_message[1]
    assert not window.controller.busy


def test_cancel_stops_the_backtest(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    seen: list[int] = []

    def slow(scenario: Any, cutoff: int, **kw: Any) -> bt.BacktestResult:
        for k in range(2000):  # the calibration reports each batch: Cancel stops it at the next one
            kw["message"](f"  batch {k}")
            seen.append(k)
            time.sleep(0.005)
        return fake_result(scenario, cutoff)

    monkeypatch.setattr(bt, "backtest", slow)
    monkeypatch.setattr(bv, "pyabc_available", lambda: True)
    window.open_path(BASELINE)
    assert window.open_backtest()
    dialog = window.backtest_dialog
    assert dialog is not None and dialog.start()
    qtbot.waitUntil(lambda: len(seen) > 3, timeout=10_000)
    assert dialog.cancel_btn.isEnabled()
    dialog.cancel_btn.click()
    assert not window.controller.busy
    assert window.controller.wait(10_000)
    assert len(seen) < 2000 and dialog.result is None
    assert dialog.status.text() == "Backtest cancelled."


def test_chart_band_is_the_scored_band() -> None:
    """The chart's band is the one the table scores (``sim.studies.backtest``), not a second computation."""
    import numpy as np

    rng = np.random.default_rng(5)
    years = range(2019, 2024)
    forecast = pd.DataFrame([{"replicate": r, "seed": str(r), "year": y, "rd_intensity": rng.lognormal()}
                             for r in range(20) for y in years])
    empty = pd.DataFrame(columns=bt.TABLE_COLUMNS)
    result = bt.BacktestResult(empty, empty, forecast, None, None, {"cutoff": 2019},  # type: ignore[arg-type]
                               observable=forecast)
    rows = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "p5": 0.0, "p50": 0.0, "p95": 0.0})
    band = bv._band(result, "rd_intensity", 2019, rows)
    assert band["year"].tolist() == list(years)
    for year, p5, p50, p95 in band.itertuples(index=False):
        assert (p5, p50, p95) == bt._quantiles(forecast, "rd_intensity", int(year))
        assert p5 < np.percentile(forecast.loc[forecast["year"] == year, "rd_intensity"], 5)  # wider than numpy's default
