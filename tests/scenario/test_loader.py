"""Scenario files: extends, overrides, year paths, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.scenario.loader import _merge_path, load_scenario, path_value

from ..conftest import SCENARIOS


def test_path_value_is_linear_between_points_and_flat_beyond() -> None:
    path = {2020: 1.0, 2025: 2.0, 2035: 2.0}
    assert path_value(path, 2019) == 1.0
    assert path_value(path, 2022) == pytest.approx(1.4)
    assert path_value(path, 2030) == 2.0
    assert path_value(path, 2040) == 2.0


def test_variant_states_only_what_changes() -> None:
    base = load_scenario(SCENARIOS / "gansu_baseline.toml")
    var = load_scenario(SCENARIOS / "gansu_fiscal_2p5.toml")
    # the plan as written: own-level (本级) ratios from 2024; the consolidated ratio observed to 2023 is the baseline's
    assert var.params["budget.own_level_from"] == 2024
    assert var.params["budget.province_st_ratio"] == {2023: 2.12, 2025: 2.5, 2035: 2.5}
    assert var.params["budget.city_st_ratio"] == {2023: 1.70, 2025: 2.0, 2035: 2.0}
    assert var.params["budget.county_st_ratio"] == {2023: 0.85, 2025: 1.0, 2035: 1.0}
    assert var.params["budget.fiscal_st_ratio"] == base.params["budget.fiscal_st_ratio"]
    diff = {k for k in base.params if base.params[k] != var.params[k]}
    assert diff == {"budget.own_level_from", "budget.province_st_ratio", "budget.city_st_ratio", "budget.county_st_ratio"}
    assert var.targets == base.targets
    assert [p.name for p in var.files] == ["gansu_baseline.toml", "gansu_fiscal_2p5.toml"]
    assert var.name_zh == "甘肃:2025年省市县本级财政科技支出占比达2.5%、2%、1%(规划)"


OBSERVED_GANSU_RATIO = {2015: 1.009, 2016: 0.833, 2017: 0.782, 2018: 0.682, 2019: 0.744, 2020: 0.77, 2021: 0.867,
                        2022: 1.12, 2023: 1.296}


def test_variant_path_continues_the_parents() -> None:
    """extends: a variant's year path keeps the parent's points before its first year (the observed years)
    and replaces the rest; a parent's single value holds until the year before the variant's first year."""
    base = load_scenario(SCENARIOS / "gansu_baseline.toml")
    assert base.params["budget.fiscal_st_ratio"] == {**OBSERVED_GANSU_RATIO, 2025: 1.40, 2035: 1.60}
    austerity = load_scenario(SCENARIOS / "gansu_austerity.toml")
    assert austerity.params["budget.fiscal_st_ratio"] == {**OBSERVED_GANSU_RATIO, 2024: 1.296}  # 2025/2035 dropped
    for year in range(2015, 2024):
        assert path_value(austerity.params["budget.fiscal_st_ratio"], year) == path_value(
            base.params["budget.fiscal_st_ratio"], year)
    assert path_value(austerity.params["budget.fiscal_st_ratio"], 2030) == 1.296
    tax = load_scenario(SCENARIOS / "gansu_tax_only.toml")
    assert tax.params["tax.super_deduction"] == {2015: 50, 2017: 50, 2018: 75, 2020: 75, 2021: 100, 2023: 100, 2024: 120}
    assert tax.params["subsidy.rate"] == {2023: 0.05, 2024: 0.0}  # the baseline's 0.05 held to 2023
    assert tax.params["budget.hnte_award_share"] == {2023: 4.0, 2024: 0.0}
    x2 = load_scenario(SCENARIOS / "gansu_subsidy_x2.toml")
    assert x2.params["subsidy.rate"] == {2023: 0.05, 2024: 0.10}
    assert x2.params["budget.subsidy_share"] == {2023: 8.0, 2024: 16.0}
    assert path_value(x2.params["subsidy.rate"], 2020) == 0.05 and path_value(x2.params["subsidy.rate"], 2030) == 0.10


def test_merge_path_rule() -> None:
    parent = {"2015": 1.0, "2020": 2.0, "2030": 3.0}
    # parent points before the child's first year kept; at and after it, only the child's
    assert _merge_path(parent, {"2025": 9.0}) == {"2015": 1.0, "2020": 2.0, "2025": 9.0}
    assert _merge_path(parent, {"2020": 9.0}) == {"2015": 1.0, "2020": 9.0}
    assert _merge_path(parent, {"2035": 5.0, "2024": 4.0}) == {"2015": 1.0, "2020": 2.0, "2024": 4.0, "2035": 5.0}
    assert _merge_path(parent, {"2010": 7.0}) == {"2010": 7.0}  # starts before the parent: replaces it whole
    # a parent's single value holds until the year before the child's first year
    assert _merge_path(0.05, {"2024": 0.1}) == {"2023": 0.05, "2024": 0.1}
    # anything else replaces the parent's value whole (validation reports what is malformed)
    assert _merge_path(parent, 7.0) == 7.0
    assert _merge_path(parent, {}) == {}
    assert _merge_path(parent, {"x": 2.0}) == {"x": 2.0}
    assert _merge_path({"y": 1.0}, {"2024": 2.0}) == {"2024": 2.0}
    assert _merge_path(True, {"2024": 2.0}) == {"2024": 2.0}
    assert parent == {"2015": 1.0, "2020": 2.0, "2030": 3.0}  # the parent is not modified


def test_variant_path_rule_in_files(tmp_path: Path) -> None:
    (tmp_path / "parent.toml").write_text(
        'name = "p"\n[run]\nbase_year = 2015\n[budget]\nfiscal_st_ratio = { 2015 = 1.0, 2020 = 2.0, 2030 = 3.0 }\n'
        'subsidy_share = 8.0\n', encoding="utf-8")
    (tmp_path / "child.toml").write_text(
        'extends = "parent.toml"\nname = "c"\n[budget]\nfiscal_st_ratio = { 2025 = 9.0 }\nsubsidy_share = { 2024 = 16.0 }\n',
        encoding="utf-8")
    (tmp_path / "grandchild.toml").write_text(
        'extends = "child.toml"\nname = "g"\n[budget]\nfiscal_st_ratio = { 2028 = 4.0 }\n', encoding="utf-8")
    child = load_scenario(tmp_path / "child.toml")
    assert child.params["budget.fiscal_st_ratio"] == {2015: 1.0, 2020: 2.0, 2025: 9.0}
    assert child.params["budget.subsidy_share"] == {2023: 8.0, 2024: 16.0}
    grand = load_scenario(tmp_path / "grandchild.toml")
    assert grand.params["budget.fiscal_st_ratio"] == {2015: 1.0, 2020: 2.0, 2025: 9.0, 2028: 4.0}
    assert grand.params["budget.subsidy_share"] == {2023: 8.0, 2024: 16.0}


def test_every_bundled_scenario_has_names_and_targets() -> None:
    for path in SCENARIOS.glob("*.toml"):
        sc = load_scenario(path)
        assert sc.name and sc.name_zh and sc.targets, path
        assert sc.end_year >= 2035
        interp = [t for t in sc.targets if t.year == 2035]
        assert interp and all(t.interpretation for t in interp), "2035 targets are interpretations"


def test_overrides_set_scalars_and_path_points() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["subsidy.rate=0.2", "budget.fiscal_st_ratio@2025=2.5",
                                                            "firms.pool_entry_rate=6"])
    assert sc.params["subsidy.rate"] == {0: 0.2}  # a year path: a plain value is the constant path
    assert sc.params["firms.pool_entry_rate"] == 6.0
    assert sc.params["budget.fiscal_st_ratio"][2025] == 2.5
    assert sc.params["budget.fiscal_st_ratio"][2020] == 0.77
    assert sc.params["budget.fiscal_st_ratio"][2015] == 1.009  # observed points kept
    assert sc.params["budget.fiscal_st_ratio"][2035] == 1.6  # an override sets one point, later points stay
    # a point on a constant path: the value holds until the year before it
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["subsidy.rate@2024=0.1"])
    assert sc.params["subsidy.rate"] == {2023: 0.05, 2024: 0.1}
    with pytest.raises(ScenarioError, match=r"did you mean 'subsidy\.rate'"):
        load_scenario(SCENARIOS / "gansu_baseline.toml", ["subsidy.rat=0.2"])
    with pytest.raises(ScenarioError, match="out of range"):
        load_scenario(SCENARIOS / "gansu_baseline.toml", ["subsidy.rate=2"])


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('extends = "b.toml"\nname = "a"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\nname = "b"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "a.toml")


def test_target_on_unknown_indicator(tmp_path: Path) -> None:
    f = tmp_path / "t.toml"
    f.write_text('name = "t"\n[[targets]]\nindicator = "rd_intensty"\nyear = 2025\nvalue = 1.5\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(f)
    assert "did you mean 'rd_intensity'" in e.value.message and "targets[0].indicator" in e.value.message
    assert e.value.line == 3


def test_channel_shares_cannot_exceed_budget(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text('name = "c"\n[budget]\nsubsidy_share = 60.0\nuniversity_share = 50.0\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="at most 100%"):
        load_scenario(f)


def test_override_of_an_uncertain_parameter_fixes_it() -> None:
    from sim.runs.runner import run

    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["tax.price_elasticity=3", "run.n_firms=200"])
    assert sc.uncertainty["tax.price_elasticity"] == (3.0, 3.0)
    res = run(sc, replicates=2, seed=1)
    assert res.draws["tax.price_elasticity"].tolist() == [3.0, 3.0]
    # the other parameters are drawn exactly as without the override
    plain = run(load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=200"]), replicates=2, seed=1)
    assert res.draws["subsidy.additionality"].tolist() == plain.draws["subsidy.additionality"].tolist()
