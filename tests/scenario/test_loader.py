"""Scenario files: extends, overrides, year paths, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.scenario.loader import load_scenario, path_value

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
    assert var.params["budget.fiscal_st_ratio"] == {2020: 0.77, 2025: 2.5, 2035: 2.5}
    diff = {k for k in base.params if base.params[k] != var.params[k]}
    assert diff == {"budget.fiscal_st_ratio"}
    assert var.targets == base.targets
    assert [p.name for p in var.files] == ["gansu_baseline.toml", "gansu_fiscal_2p5.toml"]
    assert var.name_zh == "甘肃:2025年财政科技支出占比达2.5%"


def test_every_bundled_scenario_has_names_and_targets() -> None:
    for path in SCENARIOS.glob("*.toml"):
        sc = load_scenario(path)
        assert sc.name and sc.name_zh and sc.targets, path
        assert sc.end_year >= 2035
        interp = [t for t in sc.targets if t.year == 2035]
        assert interp and all(t.interpretation for t in interp), "2035 targets are interpretations"


def test_overrides_set_scalars_and_path_points() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["subsidy.rate=0.2", "budget.fiscal_st_ratio@2025=2.5"])
    assert sc.params["subsidy.rate"] == 0.2
    assert sc.params["budget.fiscal_st_ratio"][2025] == 2.5
    assert sc.params["budget.fiscal_st_ratio"][2020] == 0.77
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
