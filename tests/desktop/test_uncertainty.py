"""Desktop app: the [uncertainty] ranges are editable in their own tab, validated by the loader and saved to TOML."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.models.document import UNCERTAIN_KEYS, ScenarioDocument
from desktop.views.editor import UncertaintyTable, fmt
from desktop.views.main_window import MainWindow
from sim.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.params import PARAM_SPECS, SPECS_BY_KEY
from tests.desktop.bundled import BASELINE

ROOT = Path(__file__).resolve().parents[2]
FISCAL = ROOT / "scenarios" / "gansu_fiscal_2p5.toml"
N_RANGES = len(load_scenario(BASELINE).uncertainty)  # the baseline's [uncertainty] ranges (14)
RED = "#ffd6d6"


def loader_message(window: MainWindow, tmp_path: Path) -> str:
    """What ``load_scenario`` says about the document as it stands, reported for the document's own path."""
    assert window.doc is not None
    copy = tmp_path / "check" / window.doc.display_path.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(window.doc.text(), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(copy)
    return err.value.message.replace(str(copy), str(window.doc.display_path))


def table_of(window: MainWindow) -> UncertaintyTable:
    table = window.editor.uncertainty
    assert table is not None
    return table


def shown(table: UncertaintyTable) -> dict[str, tuple[str, str]]:
    return {table.table.cellWidget(r, 0).currentData(): (table.table.item(r, 1).text(), table.table.item(r, 2).text())
            for r in range(table.table.rowCount())}


def row_of(table: UncertaintyTable, key: str) -> int:
    return next(r for r in range(table.table.rowCount()) if table.table.cellWidget(r, 0).currentData() == key)


def is_red(table: UncertaintyTable, r: int) -> bool:
    return all(table.table.item(r, c).background().color().name() == RED for c in (1, 2, 3)) and \
        "background-color: #ffd6d6" in table.table.cellWidget(r, 0).styleSheet()


def test_tab_lists_the_ranges_of_the_file(window: MainWindow) -> None:
    assert window.open_path(BASELINE)
    tabs = window.editor.tabs
    assert tabs.tabText(tabs.count() - 2) == "Uncertainty" and tabs.tabText(tabs.count() - 1) == "Targets"
    table = table_of(window)
    expected = load_scenario(BASELINE).uncertainty
    # fourteen ranges: the four literature priors and six wide priors of the parameters fitted to 2015-2023,
    # and four priors of the issue-17 levers (talent and platforms), drawn per replicate
    assert len(expected) == 14 and table.table.rowCount() == 14
    assert {"firms.pool_entry_rate", "university.rd_share_of_funding", "firms.selection"} <= set(expected)
    assert shown(table) == {k: (fmt(lo), fmt(hi)) for k, (lo, hi) in expected.items()}
    assert list(shown(table)) == list(expected)  # in file order
    r = row_of(table, "tax.price_elasticity")
    box = table.table.cellWidget(r, 0)
    spec = SPECS_BY_KEY["tax.price_elasticity"]
    assert box.currentText() == f"{spec.label} (tax.price_elasticity)"
    # the parameters offered are those the loader lets be uncertain: floats outside [run] and [observed]
    offered = [box.itemData(k) for k in range(box.count())]
    assert offered == list(UNCERTAIN_KEYS)
    assert offered == [s.key for s in PARAM_SPECS if s.kind == "float" and s.group not in ("run", "observed")]
    hint = table.table.item(r, 3)
    assert hint.text() == f"[{spec.lo:g} … {spec.hi:g}]" and not hint.flags() & Qt.ItemFlag.ItemIsEditable
    assert table.table.item(row_of(table, "subsidy.additionality"), 3).text() == \
        f"{SPECS_BY_KEY['subsidy.additionality'].unit}  [0 … 1]"  # a share of the grant rate
    assert not table.error_rows and window.run_btn.isEnabled()


def test_edit_high_and_save(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = table_of(window)
    r = row_of(table, "tax.price_elasticity")
    table.set_cell(r, "high", "1.2")
    assert window.doc is not None and window.doc.dirty and "*" in window.windowTitle()
    assert window.run_btn.isEnabled() and not table.error_rows
    assert window.doc.scenario().uncertainty["tax.price_elasticity"] == (0.5, 1.2)
    target = tmp_path / "mine.toml"
    assert window.save_as(target)
    text = target.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith('"tax.price_elasticity"'))
    assert line.startswith('"tax.price_elasticity" = [0.5, 1.2]') and "# Bloom, Griffith, Van Reenen 2002" in line
    assert load_scenario(target).uncertainty["tax.price_elasticity"] == (0.5, 1.2)
    # every other line is as it was
    before, after = BASELINE.read_text(encoding="utf-8").splitlines(), text.splitlines()
    assert [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [after.index(line)]
    assert BASELINE.read_text(encoding="utf-8").count('"tax.price_elasticity" = [0.5, 1.5]') == 1  # bundled file untouched


def test_add_row_round_trips(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = table_of(window)
    row = table.add_row()
    assert row == N_RANGES and table.table.rowCount() == N_RANGES + 1
    first_free = next(k for k in UNCERTAIN_KEYS if k not in load_scenario(BASELINE).uncertainty)
    value = fmt(float(load_scenario(BASELINE).params[first_free]))
    assert shown(table)[first_free] == (value, value)  # fixed at the current value until widened
    table.set_cell(row, "key", "firms.margin")  # not yet uncertain in the baseline
    value = fmt(float(load_scenario(BASELINE).params["firms.margin"]))
    assert shown(table)["firms.margin"] == (value, value) and first_free not in shown(table)
    spec = SPECS_BY_KEY["firms.margin"]
    assert table.table.item(row, 3).text() == f"{spec.unit}  [{spec.lo:g} … {spec.hi:g}]"
    table.set_cell(row, "low", "4.5")
    table.set_cell(row, "high", "7.5")
    assert window.run_btn.isEnabled() and "*" in window.windowTitle()
    target = tmp_path / "added.toml"
    assert window.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert '"firms.margin" = [4.5, 7.5]\n\n# ---- Targets / 目标 ----\n[[targets]]' in text  # before the next section's heading
    loaded = load_scenario(target)
    assert loaded.uncertainty == {**load_scenario(BASELINE).uncertainty, "firms.margin": (4.5, 7.5)}
    # round trip: open, the table shows it, save again, same scenario
    assert window.open_path(target)
    assert table_of(window).table.rowCount() == N_RANGES + 1 and shown(table_of(window))["firms.margin"] == ("4.5", "7.5")
    again = tmp_path / "again.toml"
    assert window.save_as(again)
    assert load_scenario(again).uncertainty == loaded.uncertainty and load_scenario(again).params == loaded.params


def test_remove_row_removes_the_entry(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = table_of(window)
    table.table.selectRow(row_of(table, "firms.innovation_zeta"))
    assert table.del_btn.isEnabled()
    table.del_btn.click()
    assert table.table.rowCount() == N_RANGES - 1 and "firms.innovation_zeta" not in shown(table)
    assert window.doc is not None and window.doc.dirty and window.run_btn.isEnabled()
    target = tmp_path / "removed.toml"
    assert window.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert "firms.innovation_zeta" not in text and "# Dosi et al. 2010" not in text
    assert "# Chen et al. 2021 around 0.12" in text  # the other entries keep their comments
    expected = dict(load_scenario(BASELINE).uncertainty)
    del expected["firms.innovation_zeta"]
    assert load_scenario(target).uncertainty == expected


def test_invalid_rows_are_marked_with_the_loader_message_and_block_run(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = table_of(window)
    r = row_of(table, "tax.price_elasticity")
    table.set_cell(r, "low", "2")  # low > high (1.5)
    expected = loader_message(window, tmp_path)
    assert "field 'uncertainty.tax.price_elasticity'" in expected and str(BASELINE) in expected
    assert "low <= high inside the allowed range (0 to 5), got [2.0, 1.5]" in expected
    assert is_red(table, r) and table.error_rows == {r: expected}
    assert expected in table.table.item(r, 1).toolTip() and expected in table.table.cellWidget(r, 0).toolTip()
    assert window.editor.banner.text() == expected and window.editor.banner.isVisibleTo(window.editor)
    assert not window.run_btn.isEnabled() and not window.start_run()
    # fixed: the mark goes, Run comes back
    table.set_cell(r, "low", "0.4")
    assert window.run_btn.isEnabled() and not table.error_rows and not is_red(table, r)
    assert table.table.item(r, 1).background().style() == Qt.BrushStyle.NoBrush
    # outside the parameter's allowed range, and not a number: the loader's message each time
    for low, got in (("-0.5", "got [-0.5, 1.5]"), ("abc", "got ['abc', 1.5]")):
        table.set_cell(r, "low", low)
        expected = loader_message(window, tmp_path)
        assert got in expected and "allowed range (0 to 5)" in expected
        assert is_red(table, r) and expected in table.table.item(r, 2).toolTip() and not window.run_btn.isEnabled()
    table.set_cell(r, "low", "0.5")
    assert window.run_btn.isEnabled() and not table.error_rows


def test_duplicate_parameter_is_refused_like_a_duplicate_line_in_the_file(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(BASELINE)
    table = table_of(window)
    row = table.add_row()
    table.set_cell(row, "key", "tax.price_elasticity")  # already in the table
    assert table.table.rowCount() == N_RANGES + 1 and table.table.cellWidget(row, 0).currentData() == "tax.price_elasticity"
    assert window.doc is not None
    # the loader's message for the file with the second line in it
    text = window.doc.loader_text()
    assert text.count('"tax.price_elasticity" = ') == 2
    copy = tmp_path / "dup" / BASELINE.name
    copy.parent.mkdir()
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(copy)
    expected = err.value.message.replace(str(copy), str(BASELINE))
    assert "is given twice in [uncertainty]" in expected
    assert is_red(table, row) and expected in table.table.item(row, 1).toolTip()
    assert f"row {row_of(table, 'tax.price_elasticity') + 1}" in table.table.item(row, 1).toolTip()
    assert window.editor.banner.text() == expected and not window.run_btn.isEnabled()
    assert not window.save_as(tmp_path / "dup.toml") and not (tmp_path / "dup.toml").exists()
    table.set_cell(row, "key", "firms.margin")  # not in the baseline's ranges
    assert window.run_btn.isEnabled() and not table.error_rows
    # removing the first of two makes the second the file's range
    table.set_cell(row, "key", "tax.price_elasticity")
    table.set_cell(row, "low", "0.1")
    table.set_cell(row, "high", "0.2")
    assert not window.run_btn.isEnabled()
    table.remove_row(row_of(table, "tax.price_elasticity"))
    assert window.run_btn.isEnabled() and shown(table)["tax.price_elasticity"] == ("0.1", "0.2")
    assert window.doc.scenario().uncertainty["tax.price_elasticity"] == (0.1, 0.2)


def test_extending_scenario_shows_the_parents_ranges_and_saves_only_the_override(window: MainWindow, tmp_path: Path) -> None:
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(BASELINE, work / "gansu_baseline.toml")
    shutil.copy(FISCAL, work / "fiscal.toml")
    assert window.open_path(work / "fiscal.toml")
    table = table_of(window)
    assert shown(table) == {k: (fmt(lo), fmt(hi)) for k, (lo, hi) in load_scenario(BASELINE).uncertainty.items()}
    r = row_of(table, "tax.price_elasticity")
    assert not table.table.cellWidget(r, 0).isEnabled()  # a parent's range keeps its parameter
    assert "gansu_baseline.toml" in table.note.text() and "gansu_baseline.toml" in table.table.item(r, 1).toolTip()
    table.table.selectRow(r)
    assert not table.del_btn.isEnabled()  # a file that extends another cannot remove its ranges
    table.set_cell(r, "high", "1.2")
    assert window.doc is not None and window.doc.dirty and "*" in window.windowTitle()
    assert table.table.cellWidget(r, 0).isEnabled() is False and table.del_btn.isEnabled()  # now an override
    assert window.save()
    text = (work / "fiscal.toml").read_text(encoding="utf-8")
    assert 'extends = "gansu_baseline.toml"' in text
    assert text.endswith('[uncertainty]\n"tax.price_elasticity" = [0.5, 1.2]\n')
    assert text.count("[0.") == 1  # only the override, not the parent's other ranges
    assert text.startswith(FISCAL.read_text(encoding="utf-8"))
    loaded = load_scenario(work / "fiscal.toml")
    assert loaded.uncertainty == {**load_scenario(BASELINE).uncertainty, "tax.price_elasticity": (0.5, 1.2)}
    assert list(loaded.uncertainty) == list(load_scenario(BASELINE).uncertainty)
    # reopened: the same ranges in effect; removing the override brings back the parent's range
    assert window.open_path(work / "fiscal.toml")
    table = table_of(window)
    assert shown(table)["tax.price_elasticity"] == ("0.5", "1.2")
    table.remove_row(row_of(table, "tax.price_elasticity"))
    assert shown(table)["tax.price_elasticity"] == ("0.5", "1.5") and table.table.rowCount() == N_RANGES
    assert window.save()
    assert load_scenario(work / "fiscal.toml").uncertainty == load_scenario(BASELINE).uncertainty


def test_bundled_scenario_edits_stay_in_memory(window: MainWindow) -> None:
    """As in the other tabs: a bundled scenario can be edited, and Save becomes Save As (never the bundled file)."""
    assert window.open_path(BASELINE)
    assert window.doc is not None and window.doc.read_only
    table = table_of(window)
    table.set_cell(0, "high", "0.8")
    assert window.doc.dirty and "read-only" in window.windowTitle() and "*" in window.windowTitle()
    with pytest.raises(ScenarioError, match="read-only"):
        window.doc.save(BASELINE)
    assert load_scenario(BASELINE).uncertainty["subsidy.additionality"] == (0.0, 0.7)


def test_nested_form_is_edited_in_place(tmp_path: Path) -> None:
    """``[uncertainty.tax] price_elasticity = [...]`` (which the loader also reads) is shown and edited where it is."""
    path = tmp_path / "nested.toml"
    path.write_text('name = "n"\n\n[uncertainty]\n"firms.selection" = [0.3, 0.7]  # mine\n\n'
                    '[uncertainty.tax]\nprice_elasticity = [0.5, 1.5]  # nested\n', encoding="utf-8")
    doc = ScenarioDocument.open(path)
    assert [(r.key, r.value) for r in doc.uncertainty()] == [("firms.selection", [0.3, 0.7]), ("tax.price_elasticity", [0.5, 1.5])]
    doc.set_uncertainty(1, "tax.price_elasticity", [0.5, 2])
    assert "price_elasticity = [0.5, 2.0]  # nested" in doc.text()
    doc.set_uncertainty(1, "firms.margin", [1, 2])
    doc.save()
    assert load_scenario(path).uncertainty == {"firms.selection": (0.3, 0.7), "firms.margin": (1.0, 2.0)}
    assert "# mine" in path.read_text(encoding="utf-8")


def test_tab_in_chinese(window: MainWindow) -> None:
    assert window.open_path(BASELINE)
    window.set_language("zh_CN")
    assert i18n.current() == "zh_CN"
    tabs = window.editor.tabs
    assert tabs.tabText(tabs.count() - 2) == "不确定性"
    table = table_of(window)
    headers = [table.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["参数", "下限", "上限", "单位与允许范围"]
    r = row_of(table, "tax.price_elasticity")
    assert table.table.cellWidget(r, 0).currentText() == f"{SPECS_BY_KEY['tax.price_elasticity'].label_zh} (tax.price_elasticity)"
    assert table.add_btn.text() == "添加范围" and table.del_btn.text() == "删除范围"
    assert "均匀抽样" in table.note.text()
