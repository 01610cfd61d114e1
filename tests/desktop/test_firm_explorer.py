"""The firm explorer tab and the attribution waterfall of the Compare view: what they show is what the firm
panel and the attribution API compute, and the table sorts and selects firms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from desktop.views.firm_explorer import TABLE_COLUMNS, explorer_years
from desktop.views.main_window import MainWindow
from sim.model.channels import CHANNELS
from sim.runs.firm_panel import firm_panel
from sim.scenario.loader import load_scenario
from tests.desktop.bundled import BASELINE

ROOT = Path(__file__).resolve().parents[2]
FISCAL = ROOT / "scenarios" / "gansu_fiscal_2p5.toml"
SMALL = ["run.n_firms=300", "run.n_universities=8"]
TIMEOUT = 120_000


def test_explorer_shows_the_panel_of_the_open_scenario(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(BASELINE)
    window.apply_overrides(SMALL)
    view = window.explorer
    view.replicate.setValue(1)
    assert view.start()
    qtbot.waitUntil(lambda: view.data is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    expected = firm_panel(load_scenario(BASELINE, SMALL), None, replicate=1)
    pd.testing.assert_frame_equal(view.data.panel.firms, expected.firms)
    assert view.current_year() == 2025
    active = expected.firms[(expected.firms["year"] == 2025) & (expected.firms["exited"] == 0)]
    assert view.model.rowCount() == len(active)
    titles = [ax.get_title() for ax in view.hist_fig.axes]
    assert titles == ["Bunching at the HNTE R&D thresholds, 2025"]
    assert len(view.hist_fig.axes[0].lines) >= 4  # the counterfactual step line and the three thresholds
    assert [ax.get_title() for ax in view.ladder_fig.axes] == ["The HNTE ladder: firms by stage"]
    assert view.flows.rowCount() > 0
    revenue = [c for c, *_ in TABLE_COLUMNS].index("revenue")
    view.model.sort(revenue, Qt.SortOrder.DescendingOrder)
    top = view.model.firm_at(0)
    assert top == int(active.loc[active["revenue"].idxmax(), "firm"])
    view.select_firm(top)
    assert view.history_fig.axes[0].get_title() == f"Firm {top}"
    assert "excess mass" in view.info.text()
    view.year.setCurrentIndex(view.year.findData(2035))
    assert view.hist_fig.axes[0].get_title().endswith("2035")


def test_explorer_needs_a_scenario(window: MainWindow) -> None:
    assert not window.explorer.start()
    assert window.last_message is not None


def test_compare_waterfall_draws_the_attribution(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    view = window.compare
    view.set_checked([str(BASELINE), str(FISCAL)])
    a, b = load_scenario(BASELINE, SMALL), load_scenario(FISCAL, SMALL)
    monkeypatch.setattr(view.attribution, "pair", lambda: (a, b, "A", "B"))
    view.reps.setValue(1)
    assert view.attribution.start()
    qtbot.waitUntil(lambda: view.attribution.table is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TIMEOUT)
    table = view.attribution.table
    rows = table[table["indicator"] == "rd_intensity"].set_index("part")["value"]
    assert rows[[*CHANNELS, "residual"]].sum() == pytest.approx(rows["total"], abs=1e-12)
    ax = view.attribution.fig.axes[0]
    assert len(ax.patches) == len(CHANNELS) + 2  # every channel, the residual and the total
    assert ax.patches[-1].get_height() == pytest.approx(rows["total"])
    assert "B minus A" in ax.get_title()
    assert "parts + residual = total" in view.attribution.note.text()
    page = view.attribution.report_page()
    assert page is not None and [ax.get_title() for ax in page.axes] == ["R&D intensity", "HNTE count"]
    page.savefig(tmp_path / "waterfall_page.png", dpi=50)


def test_waterfall_needs_two_scenarios(window: MainWindow) -> None:
    window.compare.set_checked([str(BASELINE)])
    assert not window.compare.attribution.start()
    assert window.last_message is not None and "one other" in window.last_message[1]


def test_explorer_keeps_every_fifth_year_of_a_large_population() -> None:
    assert explorer_years(load_scenario(BASELINE)) is None  # 6,000 firms: every year
    assert explorer_years(load_scenario(BASELINE, ["run.n_firms=100000"])) == [2015, 2020, 2025, 2030, 2035]
