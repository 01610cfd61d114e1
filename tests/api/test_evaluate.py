"""evaluate(): one run reduced to named outcomes; the outcome grammar; run() honours overrides for Scenario objects."""

from __future__ import annotations

import numpy as np
import pytest

from sim import InnovsimError, Outcome, evaluate, load_scenario, parse_outcome, run, simulate
from sim.runs.runner import replicate_seed, run_args

from ..conftest import SCENARIOS

SMALL = ["run.n_firms=300", "run.n_universities=6"]


@pytest.fixture(scope="module")
def small():  # type: ignore[no-untyped-def]
    return load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)


def test_evaluate_is_one_simulate_run_reduced_to_outcomes(small) -> None:  # type: ignore[no-untyped-def]
    values = {"subsidy.rate": np.float64(0.12), "budget_fiscal_st_ratio_2025": 2.0}
    got = evaluate(small, values, seed=5, outcomes=["rd_intensity@2025", "fiscal_cost@2021:2025", "hnte_count_2030"])
    res = simulate(*run_args(small.with_values(values), 5))
    years = list(res["year"])
    assert got["rd_intensity@2025"] == res["rd_intensity"][years.index(2025)]
    # the cumulative fiscal cost: yearly fiscal_cost (S&T spending + tax expenditure, 100m yuan), 2021..2025 inclusive
    assert got["fiscal_cost@2021:2025"] == pytest.approx(sum(res["fiscal_cost"][years.index(y)] for y in range(2021, 2026)),
                                                         rel=1e-12)
    assert got["hnte_count_2030"] == res["hnte_count"][years.index(2030)]
    assert evaluate(small, values, seed=5, outcomes=["rd_intensity@2025"])["rd_intensity@2025"] == got["rd_intensity@2025"]


def test_evaluate_draws_unset_uncertain_parameters_from_the_seed(small) -> None:  # type: ignore[no-untyped-def]
    a = evaluate(small, seed=1, outcomes=["rd_intensity@2030"])
    b = evaluate(small, seed=2, outcomes=["rd_intensity@2030"])
    assert a != b  # the scenario's [uncertainty] and posterior are drawn per seed
    # replicate r of run(seed=B) is evaluate(seed=replicate_seed(B, r))
    result = run(small, replicates=1, seed=9)
    row = result.indicators[result.indicators["year"] == 2030]
    assert evaluate(small, seed=replicate_seed(9, 0), outcomes=["rd_intensity@2030"])["rd_intensity@2030"] == \
        row["rd_intensity"].iloc[0]


def test_outcome_grammar_and_its_errors(small) -> None:  # type: ignore[no-untyped-def]
    assert parse_outcome("fiscal_cost@2021:2025") == Outcome("fiscal_cost", 2021, 2025)
    assert parse_outcome("fiscal_cost_2021_2025") == Outcome("fiscal_cost", 2021, 2025)
    assert Outcome("rd_intensity", 2025).identifier == "rd_intensity_2025"
    for text, words in [("rd_intensity@2025:2030", "not a yearly flow"), ("rd_intensty@2025", "did you mean"),
                        ("fiscal_cost@2025:2021", "before the first"), ("rd_intensity@02025", "expected indicator@YEAR"),
                        ("rd_intensity@2050", "outside the horizon")]:
        with pytest.raises(InnovsimError, match=words):
            parse_outcome(text, small)
    with pytest.raises(InnovsimError, match="at least one outcome"):
        evaluate(small, seed=1, outcomes=[])


def test_run_applies_overrides_to_scenario_objects(small) -> None:  # type: ignore[no-untyped-def]
    by_object = run(small, replicates=1, seed=3, overrides=["tax.price_elasticity=5.0", "subsidy.rate@2025=0.3"])
    by_file = run(SCENARIOS / "gansu_baseline.toml", replicates=1, seed=3,
                  overrides=[*SMALL, "tax.price_elasticity=5.0", "subsidy.rate@2025=0.3"])
    assert by_object.draws["tax.price_elasticity"].iloc[0] == 5.0  # fixed, not drawn
    assert by_object.scenarios[0].params["subsidy.rate"][2025] == 0.3
    cols = ["year", "rd_intensity", "fiscal_cost"]
    assert by_object.indicators[cols].equals(by_file.indicators[cols])
    plain = run(small, replicates=1, seed=3)
    assert not plain.indicators["rd_intensity"].equals(by_object.indicators["rd_intensity"])
