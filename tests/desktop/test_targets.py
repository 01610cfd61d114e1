"""Desktop app: the targets table is editable, validated by the loader and saved to TOML (issue 3)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.views.main_window import MainWindow
from sim.errors import ScenarioError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.scenario.loader import Target, load_scenario
from tests.desktop.bundled import BASELINE

ROOT = Path(__file__).resolve().parents[2]
FISCAL = ROOT / "scenarios" / "gansu_fiscal_2p5.toml"


def loader_message(window: MainWindow, tmp_path: Path) -> str:
    copy = tmp_path / "check" / BASELINE.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(window.doc.text(), encoding="utf-8")  # type: ignore[union-attr]
    with pytest.raises(ScenarioError) as err:
        load_scenario(copy)
    return err.value.message.replace(str(copy), str(BASELINE))


def test_targets_editable_validated_and_saved(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = window.editor.targets
    # eight targets: the plan's own-level fiscal ratios are three (province, cities, counties)
    assert table is not None and table.table.rowCount() == 8
    assert window.editor.tabs.tabText(window.editor.tabs.count() - 1) == "Targets"
    assert table.table.cellWidget(1, 0).currentData() == "fiscal_st_ratio_province"
    box = table.table.cellWidget(4, 0)
    assert box.currentData() == "hnte_count" and box.count() == len(ALL_INDICATOR_NAMES)
    assert table.table.item(7, 5).checkState() == Qt.CheckState.Checked  # the 2035 interpretation

    table.set_cell(4, "value", "1600")
    assert window.doc is not None and window.doc.dirty and window.run_btn.isEnabled()
    # a bad year: the loader's message, naming targets[0].year, the cell marked, the run blocked
    table.set_cell(0, "year", "2040")
    expected = loader_message(window, tmp_path)
    assert "targets[0].year" in expected and "outside the horizon (allowed: 2015 to 2035)" in expected  # base year 2015
    assert window.editor.banner.text() == expected and window.editor.banner.isVisibleTo(window.editor)
    assert table.error_field == "targets[0].year"
    assert table.table.item(0, 1).background().color().name() == "#ffd6d6"
    assert not window.run_btn.isEnabled() and not window.start_run()
    table.set_cell(0, "year", "2030")
    assert window.run_btn.isEnabled() and table.error_field is None
    assert table.table.item(0, 1).background().style() == Qt.BrushStyle.NoBrush
    table.set_cell(0, "value", "abc")
    assert table.error_field == "targets[0].value" and "targets[0].value" in window.editor.banner.text()
    table.set_cell(0, "value", "1.6")

    table.set_cell(1, "direction", "at_most")
    table.set_cell(1, "interpretation", True)
    table.set_cell(1, "source", "our reading")
    row = table.add_row()
    assert row == 8 and table.table.rowCount() == 9
    table.set_cell(row, "indicator", "patents_per_10k")
    table.set_cell(row, "year", "2030")
    table.set_cell(row, "value", "12.5")
    table.remove_row(3)  # the county target
    assert table.table.rowCount() == 8 and window.run_btn.isEnabled()

    target = tmp_path / "mine.toml"
    assert window.save_as(target)
    loaded = load_scenario(target)
    assert loaded.targets[0] == Target("rd_intensity", 2030, 1.6, "at_least", "Gansu 14th Five-Year S&T plan, seed 004 二(三)1")
    assert loaded.targets[1].direction == "at_most" and loaded.targets[1].interpretation
    assert loaded.targets[1].source == "our reading"
    assert loaded.targets[3].indicator == "hnte_count" and loaded.targets[3].value == 1600
    assert [t.indicator for t in loaded.targets] == ["rd_intensity", "fiscal_st_ratio_province", "fiscal_st_ratio_city",
                                                     "hnte_count", "rd_personnel_per_10k_employed", "tech_contract_turnover",
                                                     "rd_intensity", "patents_per_10k"]
    assert loaded.targets[-1] == Target("patents_per_10k", 2030, 12.5, "at_least", "")
    assert loaded.targets == window.doc.scenario().targets
    text = target.read_text(encoding="utf-8")
    assert "# 研发后补助比例" in text  # comments elsewhere survive
    # round trip: load, save, load
    assert window.open_path(target)
    assert window.editor.targets is not None and window.editor.targets.table.rowCount() == 8
    again = tmp_path / "again.toml"
    assert window.save_as(again)
    assert load_scenario(again).targets == loaded.targets and load_scenario(again).params == loaded.params


def test_targets_of_an_extending_scenario(window: MainWindow, tmp_path: Path) -> None:
    """Targets inherited through ``extends`` are shown; editing one writes the file's own list."""
    work = tmp_path / "w"
    work.mkdir()
    (work / "gansu_baseline.toml").write_bytes(BASELINE.read_bytes())
    (work / "fiscal.toml").write_bytes(FISCAL.read_bytes())
    assert window.open_path(work / "fiscal.toml")
    table = window.editor.targets
    assert table is not None and table.table.rowCount() == len(load_scenario(FISCAL).targets)
    table.set_cell(0, "value", "1.7")
    assert window.save()
    loaded = load_scenario(work / "fiscal.toml")
    assert loaded.targets[0].value == 1.7
    assert loaded.targets[1:] == load_scenario(FISCAL).targets[1:]
    assert "extends" in (work / "fiscal.toml").read_text(encoding="utf-8")
    table = window.editor.targets
    for _ in range(table.table.rowCount()):
        table.remove_row(0)
    assert window.save()
    assert load_scenario(work / "fiscal.toml").targets == []  # none, not the parent's
