"""Scenarios are immutable validated values: with_values, Hold, identifier aliases, strict year keys."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import numpy as np
import pytest

from sim import Hold, Scenario, ScenarioError, identifier, load_scenario
from sim.scenario.loader import apply_overrides, parse_override, resolve_key
from sim.studies.design import parse_key

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def gansu() -> Scenario:
    return load_scenario(SCENARIOS / "gansu_baseline.toml")


def test_a_loaded_scenario_cannot_be_changed_in_place(gansu: Scenario) -> None:
    with pytest.raises(TypeError, match="with_values"):
        gansu.params["subsidy.rate"] = {0: 0.1}
    with pytest.raises(TypeError, match="read-only"):
        gansu.params["budget.fiscal_st_ratio"][2025] = float("nan")  # a year path is frozen too
    with pytest.raises(TypeError):
        gansu.params.update({"tax.price_elasticity": 5.0})
    with pytest.raises(TypeError):
        gansu.targets.append(gansu.targets[0])
    with pytest.raises(TypeError):
        gansu.uncertainty["tax.price_elasticity"] = (5.0, 5.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        gansu.name = "x"  # type: ignore[misc]
    assert gansu.params["budget.fiscal_st_ratio"][2025] == 1.4  # nothing changed
    assert isinstance(gansu.params, dict) and gansu.params["subsidy.rate"] == {0: 0.05}  # still a dict to read


def test_a_scenario_made_directly_is_validated(gansu: Scenario) -> None:
    params = {**gansu.params, "subsidy.additionality": float("nan")}
    with pytest.raises(ScenarioError, match=r"subsidy\.additionality") as e:
        Scenario(**{**gansu.__dict__, "params": params})
    assert "not a finite number" in str(e.value) and "allowed: 0 to 1" in str(e.value)
    with pytest.raises(ScenarioError, match=r"uncertainty\.tax\.price_elasticity"):
        Scenario(**{**gansu.__dict__, "uncertainty": {"tax.price_elasticity": (2.0, 1.0)}})


def test_scenarios_pickle_and_copy_as_equal_values(gansu: Scenario) -> None:
    for again in (pickle.loads(pickle.dumps(gansu)), copy.deepcopy(gansu)):  # process pools and Dask pickle them
        assert (again.params, again.targets, again.uncertainty) == (gansu.params, gansu.targets, gansu.uncertainty)
        assert again.posterior is not None and again.posterior.keys == gansu.posterior.keys
    with pytest.raises(TypeError):
        again.params["subsidy.rate"] = {0: 0.2}


def test_with_values_returns_a_new_validated_scenario(gansu: Scenario) -> None:
    new = gansu.with_values({"subsidy.rate": np.float32(0.1), "firms.exit_loss_years": np.int64(4),
                             "tax_price_elasticity": np.float64(2.0)})
    assert new.params["subsidy.rate"] == {0: pytest.approx(0.1)} and type(new.params["subsidy.rate"][0]) is float
    assert new.params["firms.exit_loss_years"] == 4 and type(new.params["firms.exit_loss_years"]) is int
    # an uncertain parameter that is set is no longer drawn; the posterior no longer sets it
    assert new.params["tax.price_elasticity"] == 2.0 and new.uncertainty["tax.price_elasticity"] == (2.0, 2.0)
    assert gansu.params["subsidy.rate"] == {0: 0.05} and gansu.uncertainty["tax.price_elasticity"] == (0.5, 1.5)


def test_hold_sets_a_year_path_from_a_year_on(gansu: Scenario) -> None:
    old = gansu.params["budget.fiscal_st_ratio"]
    new = gansu.with_values({"budget.fiscal_st_ratio": Hold(2.5, from_year=2025)})
    path = new.params["budget.fiscal_st_ratio"]
    assert {y: v for y, v in path.items() if y < 2024} == {y: v for y, v in old.items() if y < 2024}
    assert path[2024] == pytest.approx((old[2023] + old[2025]) / 2) and path[2025] == 2.5 and max(path) == 2025
    const = gansu.with_values({"subsidy.rate": Hold(0.2, from_year=2030)})
    assert const.params["subsidy.rate"] == {2029: 0.05, 2030: 0.2}
    assert gansu.with_values({"subsidy.rate": Hold(0.2, from_year=gansu.base_year)}).params["subsidy.rate"] == {0: 0.2}
    with pytest.raises(ScenarioError, match="from_year 2040 is outside the horizon"):
        gansu.with_values({"subsidy.rate": Hold(0.2, from_year=2040)})
    with pytest.raises(ScenarioError, match="not a year path"):
        gansu.with_values({"subsidy.additionality": Hold(0.2, from_year=2030)})


def test_with_values_refuses_bad_values_naming_the_field(gansu: Scenario) -> None:
    cases = [({"subsidy.rate": float("nan")}, "subsidy.rate", "not a finite number"),
             ({"subsidy.rate": 1.5}, "subsidy.rate", "out of range (allowed: 0 to 1"),
             ({"subsidy.rate@2025": np.inf}, "subsidy.rate@2025", "not a finite number"),
             ({"subsidy.rte": 0.1}, "subsidy.rte", "did you mean 'subsidy.rate'"),
             ({"subsidy.rate": "0.1"}, "subsidy.rate", "must be a number"),
             ({"budget.fiscal_st_ratio": {"2_025": 1.0}}, "budget.fiscal_st_ratio", "'2_025' is not a year"),
             ({"budget.fiscal_st_ratio": {"02025": 1.0}}, "budget.fiscal_st_ratio", "'02025' is not a year")]
    for values, field, words in cases:
        with pytest.raises(ScenarioError) as e:
            gansu.with_values(values)
        assert e.value.field == field and words in str(e.value), (values, str(e.value))


def test_year_keys_are_four_digits_everywhere(gansu: Scenario, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert parse_override("subsidy.rate@2025=0.1")[1] == 2025
    for bad in ("subsidy.rate@02025=0.1", "subsidy.rate@2_025=0.1", "subsidy.rate@25=0.1"):
        with pytest.raises(ScenarioError, match="is not a year"):
            apply_overrides(gansu, [bad])
    with pytest.raises(ScenarioError, match="is not a year"):
        parse_key("subsidy.rate@2_025")
    with pytest.raises(ScenarioError, match="is not a year"):
        resolve_key("subsidy.rate@02025")
    f = tmp_path / "bad_year.toml"
    f.write_text('name = "x"\n[subsidy]\nrate = { "02025" = 0.1 }\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="'02025' is not a year") as e:
        load_scenario(f)
    assert e.value.field == "subsidy.rate" and e.value.line == 3


def test_identifier_aliases_name_every_parameter() -> None:
    assert identifier("budget.fiscal_st_ratio@2025") == "budget_fiscal_st_ratio_2025"
    assert resolve_key("budget_fiscal_st_ratio_2025") == ("budget.fiscal_st_ratio", 2025)
    assert resolve_key("subsidy_rate") == ("subsidy.rate", None)
    from sim.scenario.params import PARAM_SPECS

    for spec in PARAM_SPECS:
        assert identifier(spec.key).isidentifier() and resolve_key(identifier(spec.key)) == (spec.key, None)


def test_a_run_may_end_early_only_through_ending(gansu: Scenario) -> None:
    short = gansu.ending(2025)
    assert short.end_year == 2025 and all(t.year <= 2025 for t in short.targets)
    assert short.params["budget.fiscal_st_ratio"] == gansu.params["budget.fiscal_st_ratio"]  # later points kept
    with pytest.raises(ScenarioError, match="allowed: 2035 to 2060"):
        gansu.with_values({"run.end_year": 2025})  # files and with_values keep the plans' horizon
    with pytest.raises(ScenarioError, match="allowed: 2016 to 2035"):
        gansu.ending(2040)
