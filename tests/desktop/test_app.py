"""Desktop app (pytest-qt, offscreen): library, editor, runs, charts, compare, trainer, exports, language."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.settings import MAX_RECENT, Settings
from desktop.views.main_window import MainWindow, unexpected_error_dialog
from sim.analysis.compare import compare_table
from sim.cli.main import main as cli_main
from sim.errors import ScenarioError
from sim.runs.runner import run
from sim.scenario.loader import load_scenario
from sim.scenario.params import PARAM_SPECS
from tests.desktop.bundled import ADDITIONALITY_TEXT, BASELINE

ROOT = Path(__file__).resolve().parents[2]
FISCAL = ROOT / "scenarios" / "gansu_fiscal_2p5.toml"
SMALL = ["run.n_firms=300", "run.n_universities=8"]
TIMEOUT = 60_000


def type_into(qtbot, window: MainWindow, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = window.editor.fields[key]
    field.clear()
    qtbot.keyClicks(field, text)


def make_small(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, window, "run.n_firms", "300")
    type_into(qtbot, window, "run.n_universities", "8")


def wait_idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)


def test_open_bundled_scenario(window: MainWindow) -> None:
    assert window.open_path(BASELINE)
    assert window.doc is not None and window.doc.read_only
    assert set(window.editor.fields) == {s.key for s in PARAM_SPECS}
    assert window.editor.fields["subsidy.additionality"].text() == ADDITIONALITY_TEXT  # the posterior mean written in the baseline
    # the consolidated ratio observed 2015-2023, then the assumed path
    assert window.editor.fields["budget.fiscal_st_ratio"].value() == {
        "2015": 1.009, "2016": 0.833, "2017": 0.782, "2018": 0.682, "2019": 0.744, "2020": 0.77, "2021": 0.867,
        "2022": 1.12, "2023": 1.296, "2025": 1.4, "2035": 1.6}
    assert window.editor.fields["run.base_year"].text() == "2015"
    assert window.doc.scenario().params["subsidy.rate"] == {0: 0.05}  # a year path given as one number
    texts = [window.library.list.item(k).text().strip() for k in range(window.library.list.count())]
    assert "Gansu baseline" in texts
    assert "read-only" in window.windowTitle()
    assert window.run_btn.isEnabled()


def test_edit_and_save_round_trip(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    type_into(qtbot, window, "subsidy.additionality", "0.12")
    window.editor.fields["budget.fiscal_st_ratio"].set_cell(2025, "1.8")
    assert window.doc is not None and window.doc.dirty and "*" in window.windowTitle()
    target = tmp_path / "mine.toml"
    assert window.save_as(target)
    assert not window.doc.dirty and "*" not in window.windowTitle()
    loaded = load_scenario(target)
    assert loaded.params["subsidy.additionality"] == 0.12
    assert loaded.params["budget.fiscal_st_ratio"] == {2015: 1.009, 2016: 0.833, 2017: 0.782, 2018: 0.682, 2019: 0.744,
                                                       2020: 0.77, 2021: 0.867, 2022: 1.12, 2023: 1.296, 2025: 1.8,
                                                       2035: 1.6}
    assert loaded.params == window.doc.scenario().params
    text = target.read_text(encoding="utf-8")
    assert "补助的价格效应" in text and "# Gansu province, baseline" in text  # comments survive
    assert BASELINE.read_text(encoding="utf-8").count(f"additionality = {ADDITIONALITY_TEXT}") == 1  # bundled file untouched
    assert window.open_path(target)
    assert load_scenario(target).params == window.doc.scenario().params
    assert window.settings.recent_files()[0] == target.resolve()


def test_save_as_of_extending_scenario_is_self_contained(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(FISCAL)
    target = tmp_path / "elsewhere" / "fiscal.toml"
    assert window.save_as(target)
    assert load_scenario(target).params == load_scenario(FISCAL).params
    assert "extends" not in target.read_text(encoding="utf-8").split("[run]")[0].replace("which extends", "")


def test_invalid_value_blocks_run_with_loader_message(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    type_into(qtbot, window, "subsidy.additionality", "2")  # a share of the grant rate: 0 to 1
    assert not window.run_btn.isEnabled()
    copy = tmp_path / BASELINE.name
    copy.write_text(window.doc.text(), encoding="utf-8")  # type: ignore[union-attr]
    with pytest.raises(ScenarioError) as err:
        load_scenario(copy)
    expected = err.value.message.replace(str(copy), str(BASELINE))
    assert "subsidy.additionality" in expected and "out of range (allowed: 0 to 1 share of the grant rate" in expected
    assert window.editor.banner.text() == expected
    assert "background-color" in window.editor.fields["subsidy.additionality"].styleSheet()
    assert not window.start_run()
    assert window.last_message is not None and expected in window.last_message[1]
    type_into(qtbot, window, "subsidy.additionality", "0.1")
    assert window.run_btn.isEnabled()


def test_run_charts_and_exports_match_sim(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    make_small(qtbot, window)
    window.reps.setValue(2)
    assert window.start_run()
    assert not window.start_run()  # no second run while one runs
    assert not window.run_btn.isEnabled() and window.cancel_btn.isEnabled()
    qtbot.waitUntil(lambda: window.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    expected = run(load_scenario(BASELINE, SMALL), replicates=2, seed=20240101)
    pd.testing.assert_frame_equal(window.result.summary, expected.summary)  # type: ignore[union-attr]
    axes = {ax.get_title(): ax for ax in window.charts.figure.axes}
    ax = axes["R&D intensity"]
    line = next(ln for ln in ax.lines if ln.get_gid() == "median:gansu_baseline")
    assert list(line.get_ydata()) == pytest.approx(expected.summary["rd_intensity_p50"].tolist())
    assert list(line.get_xdata()) == expected.summary["year"].tolist()
    targets = [ln for ln in ax.lines if ln.get_gid() == "target:gansu_baseline"]
    assert sorted(float(t.get_xdata()[0]) for t in targets) == [2025, 2035]
    assert window.charts.table.rowCount() == len(expected.summary)

    cli_out = tmp_path / "cli"
    argv = ["run", str(BASELINE), "-n", "2", "--out", str(cli_out), "-q"] + [a for s in SMALL for a in ("--set", s)]
    assert cli_main(argv) == 0
    csv = window.export_results("csv", tmp_path / "summary.csv")
    assert csv is not None and csv.read_bytes() == (cli_out / "summary.csv").read_bytes()
    xlsx = window.export_results("xlsx", tmp_path / "results.xlsx")
    book = openpyxl.load_workbook(xlsx)
    assert {"Summary", "Targets", "Runs"} <= set(book.sheetnames)
    assert book["Summary"].max_row == len(expected.summary) + 1
    headings = [c.value for c in book["Summary"][1]]
    assert headings[:3] == ["Scenario", "Year", "Replicates (runs)"]
    assert "R&D intensity [% of GDP], median" in headings  # readable names with units, not raw codes
    for ext, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        out = window.export_chart(tmp_path / f"chart.{ext}")
        assert out is not None and out.read_bytes()[:4] == magic[:4]


def test_cancel_stops_promptly_and_keeps_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    make_small(qtbot, window)
    window.reps.setValue(200)
    assert window.start_run()
    qtbot.waitUntil(lambda: window.progress.value() >= 1, timeout=TIMEOUT)
    window.cancel_run()
    wait_idle(qtbot, window)
    assert window.result is None
    assert window.progress.value() < 200
    assert window.time_label.text() == "cancelled"
    assert window.run_btn.isEnabled()


def test_compare_two_scenarios(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = window.compare
    view.set_checked([str(BASELINE), str(FISCAL)])
    view.reps.setValue(2)
    assert view.start(overrides=SMALL)
    qtbot.waitUntil(lambda: view.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    expected = compare_table(run([load_scenario(BASELINE, SMALL), load_scenario(FISCAL, SMALL)], replicates=2, seed=20240101))
    pd.testing.assert_frame_equal(view.table_frame, expected)
    assert view.table.rowCount() == 4
    row = expected[(expected.scenario == "gansu_fiscal_2p5") & (expected.year == 2035)].iloc[0]
    assert row["delta_fiscal_cost"] > 0
    cell = view.table.item(3, 5).text()
    assert cell == f"{row['delta_fiscal_cost']:,.4g}"
    axes = {ax.get_title(): ax for ax in view.charts.figure.axes}
    gids = {ln.get_gid() for ln in axes["HNTE count"].lines}
    assert {"median:gansu_baseline", "median:gansu_fiscal_2p5"} <= gids
    pdf = view.export_report(tmp_path / "report.pdf")
    assert pdf is not None and pdf.read_bytes()[:4] == b"%PDF"
    if not math.isnan(row["cost_per_extra_hnte"]):
        assert row["cost_per_extra_hnte"] == pytest.approx(row["delta_fiscal_cost"] / row["delta_hnte_count"])


def test_compare_against_a_chosen_reference(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The reference is chosen among the ticked scenarios (not fixed by list order); it runs first and the
    table gives the others' differences from it."""
    view = window.compare
    view.set_checked([str(BASELINE), str(FISCAL)])
    assert [view.reference.itemData(k) for k in range(view.reference.count())] == [str(BASELINE), str(FISCAL)]
    assert view.reference.isEnabled()
    view.set_reference(str(FISCAL))
    assert view.ordered() == [str(FISCAL), str(BASELINE)]
    view.reps.setValue(2)
    assert view.start(overrides=SMALL)
    qtbot.waitUntil(lambda: view.result is not None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    expected = compare_table(run([load_scenario(FISCAL, SMALL), load_scenario(BASELINE, SMALL)], replicates=2, seed=20240101))
    pd.testing.assert_frame_equal(view.table_frame, expected)
    first = view.table_frame.iloc[0]
    assert first["scenario"] == "gansu_fiscal_2p5" and first["delta_fiscal_cost"] == 0
    base = expected[(expected.scenario == "gansu_baseline") & (expected.year == 2035)].iloc[0]
    assert base["delta_fiscal_cost"] < 0  # the baseline spends less than the fiscal 2.5% scenario
    view.set_checked([str(BASELINE)])  # the reference is unticked: the choice falls back and is disabled
    assert view.reference.count() == 1 and not view.reference.isEnabled()


def test_compare_needs_two(window: MainWindow) -> None:
    window.compare.set_checked([str(BASELINE)])
    assert not window.compare.start()
    assert window.last_message is not None and "two" in window.last_message[1]


def test_switch_language(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(BASELINE)
    assert window.run_btn.text() == "Run"
    window.set_language("zh_CN")
    assert window.run_btn.text() == "运行"
    assert window.right.tabText(1) == "对比"
    labels = [w.text() for w in window.editor.findChildren(QLabel)]
    assert "研发后补助比例" in labels  # parameter label from sim.scenario.params
    texts = [window.library.list.item(k).text().strip() for k in range(window.library.list.count())]
    assert "甘肃省基准情景" in texts
    assert Settings().language() == "zh_CN"
    window.set_language("en")
    assert window.run_btn.text() == "Run"


def test_recent_files_deduplicated_and_capped(window: MainWindow, tmp_path: Path) -> None:
    s = window.settings
    for k in range(MAX_RECENT + 3):
        p = tmp_path / f"s{k}.toml"
        s.add_recent(p)
    s.add_recent(tmp_path / "s5.toml")
    recent = s.recent_files()
    assert len(recent) == MAX_RECENT and recent[0] == (tmp_path / "s5.toml").resolve()
    assert len(set(recent)) == len(recent)


def test_autosave_copy_loads(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(BASELINE, work / "a.toml")
    window.open_path(FISCAL)
    type_into(qtbot, window, "subsidy.additionality", "0.2")
    saved = window.autosave()
    assert saved is not None and saved.parent == Path(os.environ["INNOVSIM_USER_DIR"]) / "autosave"
    assert load_scenario(saved).params["subsidy.additionality"] == 0.2
    window.doc.dirty = False  # type: ignore[union-attr]
    window.clear_autosave()
    assert not saved.exists()


def test_unexpected_error_dialog_does_not_exit(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    try:
        raise RuntimeError("boom")
    except RuntimeError as e:
        unexpected_error_dialog(RuntimeError, e, e.__traceback__)
    assert shown and "RuntimeError: boom" in shown[0]
