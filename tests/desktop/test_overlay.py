"""The data overlay: observed history beside the simulated bands in every chart of an indicator
(desktop results, Compare, Trainer, chart and report exports, ``innovsim report``)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.analysis.overlay import YEARS_BEFORE_BASE, observed_artists, observed_points
from sim.runs.runner import RunResult, run
from sim.scenario.history import observed_series
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SMALL = ["run.n_firms=300", "run.n_universities=8"]


def gansu_expected(indicator: str, first_year: int, last_year: int) -> list[tuple[int, float]]:
    series = observed_series("Gansu", indicator)
    return [(int(y), float(v)) for y, v in series.items() if first_year - YEARS_BEFORE_BASE <= y <= last_year]


def pairs(line: Any) -> list[tuple[int, float]]:
    return [(int(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)]


@pytest.fixture(scope="module")
def gansu_result() -> RunResult:
    return run(load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL), replicates=2, seed=1, workers=1)


@pytest.fixture(scope="module")
def two_regions() -> RunResult:
    """Gansu twice (baseline and plan) and Guizhou: two distinct regions."""
    files = ("gansu_baseline", "gansu_fiscal_2p5", "guizhou_baseline")
    return run([load_scenario(SCENARIOS / f"{f}.toml", SMALL) for f in files], replicates=2, seed=1, workers=1)


def nowhere(result: RunResult) -> RunResult:
    """``result`` with its scenarios moved to a region that has no history."""
    return replace(result, scenarios=[replace(s, region="Atlantis") for s in result.scenarios])


# ----------------------------------------------------------------------------- sim.analysis.overlay (Qt-free)

def test_observed_points_cover_the_chart_and_the_years_before_the_base_year() -> None:
    [points] = observed_points(["Gansu"], "rd_intensity", range(2020, 2036))
    assert points.region == "Gansu"
    got = list(zip(points.years.tolist(), points.values.tolist(), strict=True))
    assert got == gansu_expected("rd_intensity", 2020, 2035)
    assert got[0][0] == 2012 and got[-1][0] == 2023  # Gansu R&D intensity 2012-2023 beside a run from 2020
    assert all(2020 - YEARS_BEFORE_BASE <= y <= 2025 for y in observed_points(["Gansu"], "gdp", range(2020, 2026))[0].years)


def test_observed_points_each_region_once_and_none_without_history() -> None:
    regions = ["Gansu", "甘肃省", "Guizhou", "Atlantis", ""]
    assert [p.region for p in observed_points(regions, "rd_intensity", [2020, 2035])] == ["Gansu", "Guizhou"]
    assert observed_points(["Atlantis"], "rd_intensity", [2020, 2035]) == []
    assert observed_points(["Gansu"], "fiscal_cost", [2020, 2035]) == []  # no history for that indicator
    # any indicator the history file has works, whether or not the model has it yet
    assert observed_points(["Gansu"], "hnte_certifications", [2020, 2035])[0].years.tolist() == list(range(2018, 2024))


# ----------------------------------------------------------------------------- desktop charts

def test_results_chart_shows_gansu_observed_points(qtbot: Any, gansu_result: RunResult) -> None:
    from desktop import i18n
    from desktop.views.charts import draw_figure

    i18n.set_language("en")
    fig = Figure(figsize=(9, 6))
    draw_figure(fig, gansu_result, ["rd_intensity", "hnte_count", "fiscal_cost"])
    axes = {ax.get_title(): ax for ax in fig.axes}
    [dots] = observed_artists(axes["R&D intensity"])
    assert dots.get_gid() == "observed:Gansu:rd_intensity"
    assert dots.get_linestyle() == "None" and dots.get_marker() == "o" and dots.get_color() == "black"
    assert pairs(dots) == gansu_expected("rd_intensity", 2020, 2035)
    official, proxy = observed_artists(axes["HNTE count"])
    assert pairs(official) == gansu_expected("hnte_count", 2020, 2035)
    # after 2020 the official stock is missing: the three-year sum of the lists stands in, drawn hollow
    assert proxy.get_gid() == "observed:Gansu:hnte_count:proxy" and proxy.get_markerfacecolor() == "none"
    assert pairs(proxy) == [(int(y), float(v)) for y, v in observed_series("Gansu", "hnte_stock_proxy").items()
                            if y > max(observed_series("Gansu", "hnte_count").index)]
    assert pairs(proxy)[-1][0] == 2023
    assert observed_artists(axes["Fiscal cost"]) == []
    [legend] = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Observed (Gansu)", "Observed (Gansu) (proxy)"]
    assert "Observed points: sim/data/history.csv" in [t.get_text() for t in fig.texts]
    FigureCanvasAgg(fig).draw()  # the layout keeps the legend and the note below the charts
    bottom = min(ax.get_window_extent().y0 for ax in fig.axes)
    assert legend.get_window_extent().y1 < bottom


def test_no_observed_points_for_a_region_without_history(qtbot: Any, gansu_result: RunResult) -> None:
    from desktop.views.charts import draw_figure

    fig = Figure(figsize=(9, 6))
    draw_figure(fig, nowhere(gansu_result), ["rd_intensity", "hnte_count"])
    assert all(observed_artists(ax) == [] for ax in fig.axes)
    assert fig.legends == [] and fig.texts == []


def test_observed_legend_in_chinese(qtbot: Any, gansu_result: RunResult) -> None:
    from desktop import i18n
    from desktop.views.charts import draw_figure

    i18n.set_language("zh_CN")
    try:
        fig = Figure(figsize=(9, 6))
        draw_figure(fig, gansu_result, ["rd_intensity"])
        assert [t.get_text() for t in fig.legends[0].get_texts()] == ["观测值(甘肃)"]
        assert "观测值来源:sim/data/history.csv" in [t.get_text() for t in fig.texts]
    finally:
        i18n.set_language("en")


def test_compare_chart_shows_each_region_once(qtbot: Any, two_regions: RunResult) -> None:
    from desktop.views.charts import draw_figure

    fig = Figure(figsize=(9, 6))
    draw_figure(fig, two_regions, ["rd_intensity", "fiscal_cost"])
    dots = observed_artists(fig.axes[0])
    assert [d.get_gid() for d in dots] == ["observed:Gansu:rd_intensity", "observed:Guizhou:rd_intensity"]
    assert dots[0].get_marker() != dots[1].get_marker()
    guizhou = observed_series("Guizhou", "rd_intensity")
    assert pairs(dots[1]) == [(int(y), float(v)) for y, v in guizhou.items() if y >= 2020 - YEARS_BEFORE_BASE]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-2:] == ["Observed (Gansu)", "Observed (Guizhou)"] and len(labels) == 5  # 3 scenarios + 2 regions


def test_view_toggle_hides_observed_points_and_is_remembered(qtbot: Any, window: Any, gansu_result: RunResult,
                                                             two_regions: RunResult) -> None:
    from desktop.settings import Settings
    from desktop.views.main_window import MainWindow

    window.charts.set_result(gansu_result, {"gansu_baseline": "Gansu baseline"})
    window.compare.set_result(two_regions)
    panels = (window.charts, window.compare.charts)
    assert window.act_observed.isCheckable() and window.act_observed.isChecked()  # on by default
    assert window.act_observed in window.view_menu.actions()
    assert all(observed_artists(p.figure.axes[0]) for p in panels)

    window.act_observed.trigger()  # what the menu does
    assert not window.act_observed.isChecked()
    assert all(not observed_artists(ax) for p in panels for ax in p.figure.axes)
    assert not any(t.get_gid() == "observed-source" for p in panels for t in p.figure.texts)
    assert Settings().show_observed() is False
    other = MainWindow(Settings())
    qtbot.addWidget(other)
    assert not other.act_observed.isChecked() and not other.charts.show_observed

    window.set_show_observed(True)
    assert window.act_observed.isChecked() and Settings().show_observed() is True
    axes = {ax.get_title(): ax for ax in window.charts.figure.axes}
    assert pairs(observed_artists(axes["R&D intensity"])[0]) == gansu_expected("rd_intensity", 2020, 2035)

    window.set_language("zh_CN")
    assert (window.view_menu.title(), window.act_observed.text()) == ("视图(&V)", "显示观测值")
    assert "sim/data/history.csv" in window.act_observed.toolTip()
    window.set_language("en")


def test_chart_export_and_comparison_report_contain_observed_points(qtbot: Any, window: Any, tmp_path: Path,
                                                                    two_regions: RunResult) -> None:
    from sim.analysis.leader_report import leader_report_pages

    names = {sid: sid for sid in two_regions.ids}
    pages = leader_report_pages(two_regions, "en", names)
    for ax in pages[0].axes[:2]:  # R&D intensity and HNTE count
        official = [d for d in observed_artists(ax) if not d.get_gid().endswith(":proxy")]
        assert [d.get_gid().split(":")[1] for d in official] == ["Gansu", "Guizhou"]
    legend = {t.get_text() for t in pages[0].legends[0].get_texts()}
    assert {"dots: observed (Gansu)", "dots: observed (Guizhou)"} <= legend
    assert any("sim/data/history.csv" in t.get_text() for page in pages for t in page.texts)
    hidden = leader_report_pages(two_regions, "en", names, show_observed=False)
    assert all(not observed_artists(ax) for page in hidden for ax in page.axes)

    window.compare.set_result(two_regions)
    assert window.compare.export_report(tmp_path / "report.pdf") is not None
    window.result = two_regions  # File ▸ Export ▸ Chart acts on the visible tab (Results) and its result
    window.charts.set_result(two_regions, names)
    window.right.setCurrentWidget(window.charts)
    svg = window.export_chart(tmp_path / "chart.svg")
    assert svg is not None and "Observed (Guizhou)" in svg.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- innovsim report

def test_innovsim_report_run_charts_contain_observed_points(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.analysis.report import _run_pages
    from sim.cli.main import main

    out = tmp_path / "run"
    files = [str(SCENARIOS / "gansu_baseline.toml"), str(SCENARIOS / "guizhou_baseline.toml")]
    sets = [a for s in SMALL for a in ("--set", s)]
    assert main(["run", *files, "-n", "2", "-q", "--workers", "1", "--out", str(out), *sets]) == 0
    pages = _run_pages(out, cjk=False)
    try:
        axes = {ax.get_title(): ax for fig in pages for ax in fig.axes}
        dots = observed_artists(axes["R&D intensity (% of GDP)"])
        assert [d.get_gid() for d in dots] == ["observed:Gansu:rd_intensity", "observed:Guizhou:rd_intensity"]
        assert pairs(dots[0]) == gansu_expected("rd_intensity", 2020, 2035)
        assert observed_artists(axes["Fiscal cost (100m yuan)"]) == []
        assert observed_artists(axes["GDP (100m yuan)"])  # every other indicator with history gets a chart too
        assert "observed (sim/data/history.csv)" in pages[1].get_suptitle()
    finally:
        for fig in pages:
            plt.close(fig)
    assert main(["report", str(out), "--out", str(tmp_path / "r.pdf")]) == 0


def test_forecast_start_is_marked_between_replayed_and_forecast_years(qtbot: Any, gansu_result: RunResult) -> None:
    from desktop import i18n
    from desktop.views.charts import FORECAST_START_GID, draw_figure

    i18n.set_language("zh_CN")
    try:
        fig = Figure(figsize=(9, 6))
        draw_figure(fig, gansu_result, ["rd_intensity", "hnte_count"])
        for ax in fig.axes:
            [line] = [ln for ln in ax.lines if ln.get_gid() == FORECAST_START_GID]
            start = gansu_result.scenarios[0].forecast_from
            assert list(line.get_xdata()) == [start - 0.5, start - 0.5]
            assert [t.get_text() for t in ax.texts if t.get_gid() == FORECAST_START_GID] == [" 预测"]
    finally:
        i18n.set_language("en")
    # a scenario that replays no observed years gets no marker
    fresh = load_scenario(gansu_result.scenarios[0].path, ["run.forecast_from=0"])
    fig = Figure(figsize=(9, 6))
    draw_figure(fig, replace(gansu_result, scenarios=[fresh]), ["rd_intensity"])
    assert not [ln for ln in fig.axes[0].lines if ln.get_gid() == FORECAST_START_GID]
