"""The fiscal S&T ratio path table (the lever planners edit most) is readable at 1400x900 and 1024x640:
years and values fit their columns, headers are short, the unit is written under the table."""

from __future__ import annotations

import pytest

from desktop.views.main_window import MainWindow
from sim.scenario.params import GROUPS
from tests.desktop.bundled import BASELINE


@pytest.mark.parametrize("size", [(1400, 900), (1024, 640)])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_fiscal_path_table_readable(qtbot, window: MainWindow, size: tuple[int, int], lang: str) -> None:  # type: ignore[no-untyped-def]
    window.set_language(lang)
    window.resize(*size)
    window.show()
    window.open_path(BASELINE)
    window.editor.tabs.setCurrentIndex(list(GROUPS).index("budget"))
    field = window.editor.fields["budget.fiscal_st_ratio"]
    qtbot.waitUntil(lambda: field.table.isVisible(), timeout=5000)
    table = field.table
    fm = table.fontMetrics()
    assert table.columnWidth(0) >= fm.horizontalAdvance("2035")
    assert table.columnWidth(1) >= fm.horizontalAdvance("1.009") + 8
    assert table.viewport().width() >= table.columnWidth(0) + fm.horizontalAdvance("1.009")
    header = [table.horizontalHeaderItem(c).text() for c in range(2)]
    assert header == (["Year", "Value"] if lang == "en" else ["年份", "数值"])
    window.set_language("en")
