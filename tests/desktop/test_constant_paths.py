"""Constant year paths in the editor: one "all years" row, saved back as a plain number; adding a year
makes a real path on which the old value holds until the year before (the loader's rule)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest

from desktop.models.document import ScenarioDocument, constant_path_value, split_constant_path
from desktop.views.main_window import MainWindow
from sim.scenario.loader import apply_overrides, load_scenario
from tests.desktop.bundled import BASELINE

CONSTANT_KEYS = ["subsidy.rate", "subsidy.hnte_award_first", "subsidy.hnte_award_recert", "budget.subsidy_share",
                 "budget.hnte_award_share", "budget.university_share", "budget.platform_share", "budget.talent_share"]


def test_constant_path_value() -> None:
    assert constant_path_value(0.05) == 0.05
    assert constant_path_value({0: 0.05}) == 0.05
    assert constant_path_value({"0": 3}) == 3
    assert constant_path_value({2025: 0.05}) is None
    assert constant_path_value({0: 1.0, 2025: 2.0}) is None
    assert constant_path_value(True) is None
    assert split_constant_path(0.05, 2024, 0.1) == {"2023": 0.05, "2024": 0.1}


@pytest.mark.parametrize("key", CONSTANT_KEYS)
def test_no_year_zero_row(window: MainWindow, key: str) -> None:
    window.open_path(BASELINE)
    field = window.editor.fields[key]
    assert field.constant
    assert field.year_texts() == ["all years"]
    assert "0" not in field.year_texts()
    assert not field.del_btn.isEnabled()


def test_constant_row_in_chinese(window: MainWindow) -> None:
    from desktop import i18n

    window.open_path(BASELINE)
    window.set_language("zh_CN")
    assert i18n.is_zh()
    assert window.editor.fields["subsidy.rate"].year_texts() == ["所有年份"]


def copy_of_baseline(window: MainWindow, tmp_path: Path) -> Path:
    window.open_path(BASELINE)
    target = tmp_path / "mine.toml"
    assert window.save_as(target)
    return target


def test_edit_constant_saves_a_number(window: MainWindow, tmp_path: Path) -> None:
    target = copy_of_baseline(window, tmp_path)
    field = window.editor.fields["subsidy.rate"]
    field.set_constant("0.07")
    assert window.doc is not None and window.doc.dirty
    assert window.doc.value("subsidy.rate") == 0.07
    assert window.save()
    text = target.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("rate ="))
    assert line.startswith("rate = 0.07  #")  # a plain number, its comment kept
    assert "{ 0 =" not in text and "{0 =" not in text
    assert load_scenario(target).params["subsidy.rate"] == {0: 0.07}
    # reload: still one "all years" row with the new value
    assert window.open_path(target)
    field = window.editor.fields["subsidy.rate"]
    assert field.constant and field.year_texts() == ["all years"] and field.value() == 0.07


def test_add_year_to_constant(window: MainWindow, tmp_path: Path) -> None:
    target = copy_of_baseline(window, tmp_path)
    field = window.editor.fields["budget.subsidy_share"]
    field.add_btn.click()  # a point at the first forecast year (2024 in the baseline)
    assert not field.constant
    assert field.value() == {"2023": 8.0, "2024": 8.0}
    assert field.del_btn.isEnabled()
    field.set_cell(2024, "12")
    assert window.save()
    loaded = load_scenario(target).params["budget.subsidy_share"]
    assert loaded == {2023: 8.0, 2024: 12.0}
    # the same as the loader's own rule for a point added to a constant path
    assert loaded == apply_overrides(load_scenario(BASELINE), ["budget.subsidy_share@2024=12"]).params["budget.subsidy_share"]
    text = target.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("subsidy_share ="))
    assert "2023 = 8" in line and "2024 = 12" in line and "#" in line
    assert window.open_path(target)
    assert window.editor.fields["budget.subsidy_share"].year_texts() == ["2023", "2024"]


def test_set_cell_on_constant_splits(window: MainWindow) -> None:
    window.open_path(BASELINE)
    field = window.editor.fields["subsidy.hnte_award_first"]
    field.set_cell(2030, "0.5")
    assert field.value() == {"2029": 0.2, "2030": 0.5}
    assert window.doc is not None
    assert window.doc.scenario().params["subsidy.hnte_award_first"] == {2029: 0.2, 2030: 0.5}


def test_inherited_constant_is_shown_as_all_years(tmp_path: Path, window: MainWindow) -> None:
    # a file that does not state the path: the default (a number) is shown as one row as well
    child = tmp_path / "child.toml"
    child.write_text(f'name = "child"\nextends = "{BASELINE.as_posix()}"\n', encoding="utf-8")
    doc: Any = ScenarioDocument.open(child)
    assert constant_path_value(doc.value("budget.talent_share")) == 6.0
    assert window.open_path(child)
    assert window.editor.fields["subsidy.rate"].year_texts() == ["all years"]
