"""File ▸ Export acts on the visible tab (pytest-qt, offscreen): Compare exports its charts and a labelled
workbook; a tab with nothing to export says so and writes nothing; the reference choice updates the table."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desktop.views.export import column_label, labelled
from desktop.views.main_window import MainWindow
from sim.analysis.compare import compare_table

ROOT = Path(__file__).resolve().parents[2]
SCEN = ROOT / "scenarios"
SMALL = ["run.n_firms=300", "run.n_universities=8"]
TIMEOUT = 120_000


def run_compare(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(SCEN / "gansu_baseline.toml")
    window.right.setCurrentWidget(window.compare)
    window.compare.reps.setValue(3)
    window.compare.set_checked([str(SCEN / "gansu_baseline.toml"), str(SCEN / "gansu_fiscal_2p5.toml")])
    assert window.compare.start(SMALL)
    qtbot.waitUntil(lambda: window.compare.result is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)


def test_column_labels() -> None:
    assert column_label("rd_intensity_p95") == "R&D intensity [% of GDP], 95th percentile"
    assert column_label("hnte_count") == "HNTE count [firms]"
    assert column_label("P(rd_intensity>=1.5)") == "Probability of R&D intensity ≥ 1.5 (share of runs)"
    assert column_label("delta_fiscal_cost") == "Difference in cumulative fiscal cost [100m yuan]"


def test_nothing_to_export_says_so(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(SCEN / "gansu_baseline.toml")
    window.right.setCurrentWidget(window.compare)
    assert window.export_chart(tmp_path / "c.png") is None
    assert window.last_message is not None and window.last_message[0] == "Nothing to export"
    assert "Compare" in window.last_message[1]
    assert window.export_results("xlsx", tmp_path / "c.xlsx") is None
    assert not (tmp_path / "c.png").exists() and not (tmp_path / "c.xlsx").exists()


def test_compare_exports_charts_and_workbook(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_compare(qtbot, window)
    for ext, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        out = window.export_chart(tmp_path / f"compare.{ext}")
        assert out is not None and out.read_bytes()[:4] == magic[:4]
    assert (tmp_path / "compare.png").stat().st_size > 30_000  # real charts, not an empty placeholder
    svg = (tmp_path / "compare.svg").read_text(encoding="utf-8")
    assert "Compare" in svg  # the title
    xlsx = window.export_results("xlsx", tmp_path / "compare.xlsx")
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Summary", "Targets", "Runs", "Comparison"]
    heads = [c.value for c in book["Comparison"][1]]
    assert "Cumulative fiscal cost from the first forecast year [100m yuan]" in heads
    result = window.compare.result
    assert book["Summary"].max_row == len(result.summary) + 1
    assert book["Comparison"].max_row == len(compare_table(result)) + 1


def test_reference_change_updates_table(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    run_compare(qtbot, window)
    view = window.compare
    first = view.table_frame.copy()
    other = str(SCEN / "gansu_fiscal_2p5.toml")
    if view.reference.currentData() == other:
        other = str(SCEN / "gansu_baseline.toml")
    view.set_reference(other)
    ref_id = view.result.ids[view.run_keys.index(other)]
    again = view.table_frame
    row = again[(again["scenario"] == ref_id) & (again["year"] == 2035)].iloc[0]
    assert row["delta_fiscal_cost"] == 0  # differences now against the chosen scenario
    assert not first.equals(again)


def test_labelled_in_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from desktop import i18n

    i18n.set_language("zh_CN")
    try:
        frame = labelled(pd.DataFrame({"scenario": ["a"], "year": [2025], "rd_intensity_p50": [1.2]}), {"a": "甲"})
        assert list(frame.columns)[:2] == ["情景", "年份"] and frame.iloc[0, 0] == "甲"
        assert "研发" in frame.columns[2] or "R&D" in frame.columns[2]
    finally:
        i18n.set_language("en")
