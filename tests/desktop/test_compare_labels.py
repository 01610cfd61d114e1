"""Target probability labels in Compare with 3 or more scenarios: every label is there, states the
probability from the result (the same as ``sim.analysis.compare``'s table), is in its scenario's line colour, lies
inside its chart and overlaps no other label, at the view's size and when the chart is resized.
pytest-qt, offscreen; small scenarios (300 firms, 2 replicates)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from desktop.views.charts import draw_figure, probability_label
from desktop.views.main_window import MainWindow
from sim.analysis.compare import compare_table
from sim.runs.runner import RunResult, run
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SMALL = ["run.n_firms=300", "run.n_universities=8"]
TIMEOUT = 60_000
GANSU = ["gansu_baseline", "gansu_fiscal_2p5", "gansu_subsidy_x2", "gansu_tax_only"]


def labels_of(fig: Figure) -> dict[str, Text]:
    out = {}
    for ax in fig.axes:
        for t in ax.texts:
            gid = str(t.get_gid() or "")
            if gid.startswith("probability:"):
                assert gid not in out
                out[gid] = t
    return out


def check_labels(fig: Figure, result: RunResult) -> None:
    """Each target of each charted indicator has its label, right and legible; no two labels overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = labels_of(fig)
    axes_of = {t: ax for ax in fig.axes for t in ax.texts}
    shown = {ind for ax in fig.axes for ind in indicators_on(ax, result)}
    targets = result.targets[result.targets["indicator"].isin(shown)]
    assert len(targets) >= 3
    assert set(labels) == {f"probability:{t.scenario}:{t.indicator}:{t.year}" for t in targets.itertuples()}
    for t in targets.itertuples():
        label = labels[f"probability:{t.scenario}:{t.indicator}:{t.year}"]
        assert label.get_text() == probability_label(t.probability) == f"P={t.probability:.0%}"
        ax = axes_of[label]
        assert t.indicator in indicators_on(ax, result)
        median = next(ln for ln in ax.lines if ln.get_gid() == f"median:{t.scenario}")
        assert to_hex(label.get_color()) == to_hex(median.get_color())  # the scenario's line colour
        assert label.xy == (t.year, t.target)  # it belongs to its target marker
    boxes = {gid: text.get_window_extent(renderer) for gid, text in labels.items()}
    for gid, box in boxes.items():
        frame = axes_of[labels[gid]].bbox
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, gid
    gids = sorted(boxes)
    clashes = [(a, b) for i, a in enumerate(gids) for b in gids[i + 1:] if boxes[a].overlaps(boxes[b])]
    assert not clashes


def indicators_on(ax, result: RunResult) -> set[str]:  # type: ignore[no-untyped-def]
    """Indicators plotted on ``ax``: the one whose medians match a line of the axes."""
    line = next(ln for ln in ax.lines if str(ln.get_gid()).startswith("median:"))
    sid = str(line.get_gid()).split(":", 1)[1]
    rows = result.summary[result.summary["scenario"] == sid]
    ydata = list(line.get_ydata())
    return {c[:-4] for c in rows.columns if c.endswith("_p50") and list(rows[c]) == ydata}


@pytest.mark.parametrize("count", [3, 4])
def test_compare_view_labels_legible(qtbot, window: MainWindow, count: int) -> None:  # type: ignore[no-untyped-def]
    view = window.compare
    window.show()
    window.right.setCurrentWidget(view)
    paths = [str(SCENARIOS / f"{name}.toml") for name in GANSU[:count]]
    view.set_checked(paths)
    view.reps.setValue(2)
    assert view.start(overrides=SMALL)
    qtbot.waitUntil(lambda: view.result is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    result = view.result
    assert result is not None and result.ids == GANSU[:count]
    expected = run([load_scenario(p, SMALL) for p in paths], replicates=2, seed=20240101)
    assert result.targets.equals(expected.targets)

    fig = view.charts.figure
    check_labels(fig, result)
    labels = labels_of(fig)
    # shared targets: one label per scenario, e.g. R&D intensity 2025 and 2035 for each of the scenarios
    for sid in GANSU[:count]:
        assert {f"probability:{sid}:rd_intensity:2025", f"probability:{sid}:rd_intensity:2035",
                f"probability:{sid}:hnte_count:2025"} <= set(labels)
        # the plan's fiscal targets are own-level ratios now (fiscal_st_ratio_province, ...), not the consolidated one
        assert f"probability:{sid}:fiscal_st_ratio:2025" not in labels
    # the same probabilities as the comparison table (sim.analysis.compare) shows
    table = compare_table(result)
    for sid in GANSU[:count]:
        row = table[(table.scenario == sid) & (table.year == 2025)].iloc[0]
        assert labels[f"probability:{sid}:rd_intensity:2025"].get_text() == f"P={row['P(rd_intensity>=1.5)']:.0%}"
        assert labels[f"probability:{sid}:hnte_count:2025"].get_text() == f"P={row['P(hnte_count>=1500)']:.0%}"

    # smaller and larger charts: the labels are placed again when drawn
    for size in ((6.0, 4.0), (12.0, 7.0)):
        fig.set_size_inches(*size)
        check_labels(fig, result)


def test_six_scenarios_with_own_and_shared_targets() -> None:
    """Six scenarios, targets shared by four of them and targets of one scenario in the same charts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    names = [*GANSU, "guizhou_baseline", "liupanshui_baseline"]
    result = run([load_scenario(SCENARIOS / f"{n}.toml", SMALL) for n in names], replicates=2, seed=20240101)
    for size in ((9.0, 5.0), (7.0, 4.5)):
        fig = Figure(figsize=size, dpi=100)
        FigureCanvasAgg(fig)
        draw_figure(fig, result, ["rd_intensity", "hnte_count", "fiscal_cost", "fiscal_st_ratio"])
        check_labels(fig, result)
        labels = labels_of(fig)
        assert "probability:liupanshui_baseline:rd_intensity:2023" in labels
        assert sum(gid.endswith(":rd_intensity:2035") for gid in labels) == 6  # all six share the 2035 target


def test_charts_stack_in_one_column_when_the_pane_is_narrow(qtbot) -> None:
    """A narrow chart pane (a side pane on a laptop) gets one column of charts; widening it brings back two."""
    from desktop.views.charts import ONE_COLUMN_BELOW_PX, ChartPanel

    result = run(load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL), replicates=2, seed=1, workers=1)
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.set_result(result)

    def columns() -> int:
        return panel.figure.axes[0].get_subplotspec().get_gridspec().ncols

    qtbot.waitUntil(lambda: panel.figure.bbox.width >= ONE_COLUMN_BELOW_PX, timeout=TIMEOUT)
    panel.redraw()
    assert columns() == 2 and len(panel.figure.axes) == 4
    panel.resize(480, 700)  # the canvas (beside the indicator list) is now narrower than the threshold
    qtbot.waitUntil(lambda: panel.figure.bbox.width < ONE_COLUMN_BELOW_PX and columns() == 1, timeout=TIMEOUT)
    assert len(panel.figure.axes) == 4
    panel.resize(1100, 700)
    qtbot.waitUntil(lambda: columns() == 2, timeout=TIMEOUT)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_report_table_headers_and_names_fit_their_cells(lang: str) -> None:
    """The leader report's table of levels and differences (page 2): long headers and scenario names wrap
    onto lines that stay inside their cells, no two cells' texts overlap, the type is at least 8 pt, and
    the table stays clear of the page number."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from desktop import i18n
    from sim.analysis.leader_report import leader_report_pages
    from sim.analysis.wrapping import wrap_label

    assert wrap_label("Cost per +0.1 pt R&D intensity (100m yuan)", 14) == "Cost per +0.1\npt R&D\nintensity\n(100m yuan)"
    assert wrap_label("累计财政成本(亿元)", 14) == "累计财政成本\n(亿元)"
    previous = i18n.current()
    i18n.set_language(lang)
    try:
        scs = [load_scenario(SCENARIOS / f"{n}.toml", SMALL) for n in GANSU]
        result = run(scs, replicates=2, seed=1, workers=1)
        names = {sid: (sc.name_zh if lang == "zh_CN" else sc.name) for sid, sc in zip(result.ids, result.scenarios, strict=True)}
        fig = leader_report_pages(result, "zh" if lang == "zh_CN" else "en", names)[1]
        FigureCanvasAgg(fig)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        table = next(t for ax in fig.axes for t in ax.tables)
        boxes = []
        for (_r, _c), cell in table.get_celld().items():
            text = cell.get_text()
            box, frame = text.get_window_extent(renderer), cell.get_window_extent(renderer)
            assert text.get_fontsize() >= 8
            if text.get_text():
                assert frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5, text.get_text()
                assert frame.y0 - 0.5 <= box.y0 and box.y1 <= frame.y1 + 0.5, text.get_text()
                boxes.append(box)
        assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        page = fig.bbox
        assert all(page.x0 <= b.x0 and b.x1 <= page.x1 for b in boxes)  # the table fits the page's width
        footnote = min((t for t in fig.texts if t.get_position()[1] < 0.05), key=lambda t: t.get_position()[1])
        assert footnote.get_window_extent(renderer).y1 <= min(b.y0 for b in boxes)
    finally:
        i18n.set_language(previous)
