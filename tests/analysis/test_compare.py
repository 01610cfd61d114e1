"""sim.analysis.compare: the difference table the desktop Compare view and the CLI share."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.analysis.compare import compare_table, cumulative_fiscal_cost
from sim.runs.runner import run
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["run.n_firms=300", "run.n_universities=8"]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    a = load_scenario(ROOT / "scenarios" / "gansu_baseline.toml", SMALL)
    b = load_scenario(ROOT / "scenarios" / "gansu_fiscal_2p5.toml", SMALL)
    return run([a, b], replicates=3, seed=7)


def test_cumulative_cost_is_running_sum(result) -> None:  # type: ignore[no-untyped-def]
    ind = result.indicators
    cum = cumulative_fiscal_cost(ind)
    one = ind[(ind.scenario == "gansu_baseline") & (ind.replicate == 1)].sort_values("year")
    assert cum.loc[one.index].tolist() == pytest.approx(one["fiscal_cost"].cumsum().tolist())
    # from a first forecast year: 0 before it, the running sum from it
    cum = cumulative_fiscal_cost(ind, {"gansu_baseline": 2024, "gansu_fiscal_2p5": 2024})
    cost = one["fiscal_cost"].where(one["year"] >= 2024, 0.0)
    assert cum.loc[one.index].tolist() == pytest.approx(cost.cumsum().tolist())
    assert (cum.loc[one.index[one["year"] < 2024]] == 0).all()


def test_bundled_gansu_scenarios_forecast_from_2024(result) -> None:  # type: ignore[no-untyped-def]
    assert [sc.forecast_from for sc in result.scenarios] == [2024, 2024]


def test_compare_table_values(result) -> None:  # type: ignore[no-untyped-def]
    table = compare_table(result)
    assert list(table["scenario"]) == ["gansu_baseline", "gansu_fiscal_2p5"] * 2
    assert list(table["year"]) == [2025, 2025, 2035, 2035]
    ind = result.indicators
    for year in (2025, 2035):
        rows = table[table.year == year].set_index("scenario")
        base = rows.loc["gansu_baseline"]
        alt = rows.loc["gansu_fiscal_2p5"]
        sel = ind[(ind.scenario == "gansu_fiscal_2p5") & (ind.year == year)]
        assert alt["hnte_count"] == pytest.approx(sel["hnte_count"].mean())
        # cumulative from the first forecast year (2024): observed years 2015-2023 cost the same in both
        in_window = (ind.year >= 2024) & (ind.year <= year)
        cost = ind[(ind.scenario == "gansu_fiscal_2p5") & in_window].groupby("replicate")["fiscal_cost"].sum()
        assert alt["fiscal_cost_cumulative"] == pytest.approx(cost.mean())
        assert base["delta_hnte_count"] == 0 and math.isnan(base["cost_per_extra_hnte"])
        d_cost = alt["fiscal_cost_cumulative"] - base["fiscal_cost_cumulative"]
        if year == 2025:
            assert d_cost > 0  # the plan's consolidated ratio (1.41 % in 2024, 1.525 % in 2025) is above the baseline's
        # (to 2035 the two are close: the baseline's assumed ratio reaches 1.6 % while the plan holds 1.525 %)
        assert alt["delta_fiscal_cost"] == pytest.approx(d_cost)
        d_hnte = alt["hnte_count"] - base["hnte_count"]
        expected = d_cost / d_hnte if d_hnte > 0 else math.nan
        assert alt["cost_per_extra_hnte"] == pytest.approx(expected, nan_ok=True)
        d_rd = alt["rd_intensity"] - base["rd_intensity"]
        expected = d_cost / (d_rd / 0.1) if d_rd > 0 else math.nan
        assert alt["cost_per_0p1_rd_intensity"] == pytest.approx(expected, nan_ok=True)
    p = table[(table.year == 2025) & (table.scenario == "gansu_baseline")]["P(rd_intensity>=1.5)"].iloc[0]
    t = result.targets
    expected = t[(t.scenario == "gansu_baseline") & (t.indicator == "rd_intensity") & (t.year == 2025)]["probability"].iloc[0]
    assert p == expected
    assert math.isnan(table[table.year == 2035]["P(hnte_count>=1500)"].iloc[0])


def test_reference_must_exist(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        compare_table(result, reference="nope")
