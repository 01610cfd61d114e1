"""Model discrepancy: estimated from observations up to the cutoff only, carried forward as a walk
(levels) or noise (flows), switched off by ``[uncertainty] discrepancy = false``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.errors import ScenarioError
from sim.runs.runner import run, run_args
from sim.scenario import discrepancy as disc
from sim.scenario.loader import load_scenario


def _observed(values: dict[int, float], indicator: str = "rd_spending") -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "year": list(values), "value": list(values.values())})


def test_walk_starts_from_the_last_residual_and_its_sigma_is_the_rms_change() -> None:
    sim = pd.DataFrame({"rd_spending": [100.0, 110.0, 120.0, 130.0]}, index=[2016, 2017, 2018, 2019])
    obs = _observed({2016: 100.0, 2017: 110.0 * np.exp(0.02), 2018: 120.0 * np.exp(-0.02), 2019: 130.0 * np.exp(0.04)})
    found = disc.estimate(sim, obs, cutoff=2019, first_year=2016)
    (g,) = found.groups
    assert g.name == "rd" and g.kind == "walk" and g.from_year == 2020 and g.n_residuals == 4
    assert g.offset == pytest.approx(0.04)
    # the residual swings (0, .02, -.02, .04): no persistence, so the misfit fades back to the model
    assert g.rho == 0.0
    assert g.sigma == pytest.approx(np.sqrt(np.mean(np.square([0.02, -0.02, 0.04]))))


def test_a_persistent_misfit_is_carried_as_a_walk() -> None:
    sim = pd.DataFrame({"rd_spending": [100.0] * 5}, index=range(2016, 2021))
    obs = _observed({y: 100.0 * np.exp(r) for y, r in zip(range(2016, 2021), [0.06, 0.05, 0.06, 0.05, 0.055],
                                                           strict=True)})
    (g,) = disc.estimate(sim, obs, cutoff=2020, first_year=2016).groups
    assert g.rho == pytest.approx(np.dot([0.06, 0.05, 0.06, 0.05], [0.05, 0.06, 0.05, 0.055])
                                  / np.dot([0.06, 0.05, 0.06, 0.05], [0.06, 0.05, 0.06, 0.05]), rel=1e-9)
    assert g.rho > 0.9 and g.offset == pytest.approx(0.055)
    fading = disc.Discrepancy((disc.GroupDiscrepancy("rd", "rd_spending", ("rd_spending",), "walk", 0.5, 0.0, 2021,
                                                     5, rho=0.5),))
    f = disc.factors(fading, np.arange(2020, 2024), 1)["rd_spending"]
    assert np.log(f).tolist() == pytest.approx([0.0, 0.25, 0.125, 0.0625])


def test_nothing_after_the_cutoff_enters_the_estimate() -> None:
    sim = pd.DataFrame({"rd_spending": [100.0, 100.0, 100.0, 100.0]}, index=[2016, 2017, 2018, 2019])
    a = disc.estimate(sim, _observed({2016: 101.0, 2017: 99.0, 2018: 102.0, 2019: 150.0}), cutoff=2018, first_year=2016)
    b = disc.estimate(sim, _observed({2016: 101.0, 2017: 99.0, 2018: 102.0, 2019: 50.0}), cutoff=2018, first_year=2016)
    assert a == b and a.groups[0].from_year == 2019


def test_a_group_with_fewer_than_two_observed_years_is_left_out_without_a_prior_sigma() -> None:
    sim = pd.DataFrame({"rd_spending": [100.0, 100.0]}, index=[2018, 2019])
    assert disc.estimate(sim, _observed({2019: 101.0}), cutoff=2019, first_year=2016).groups == ()


def test_a_series_seen_in_fewer_than_two_years_gets_the_assumed_misfit() -> None:
    """A level starts from its one residual, a flow from 0, and a series never seen before the cutoff from 0
    over every simulated year; each is a random walk with the prior sigma."""
    sim = pd.DataFrame({"hnte_count": [1000.0, 1100.0], "hnte_certifications": [300.0, 330.0],
                        "tech_contract_turnover": [50.0, 60.0]}, index=[2018, 2019])
    obs = pd.concat([_observed({2019: 1100.0 * np.exp(0.2)}, "hnte_count"),
                     _observed({2019: 330.0 * np.exp(-0.3)}, "hnte_certifications")])
    prior = {"hnte_count": 0.1, "hnte_certifications": 0.12, "tech_contract_turnover": 0.15, "rd_spending": 0.03}
    found = {g.name: g for g in disc.estimate(sim, obs, cutoff=2019, first_year=2017, prior_sigma=prior).groups}
    assert set(found) == {"hnte_stock", "hnte_flow", "contracts"}  # no rd_spending column: no rd group
    stock, flow, contracts = found["hnte_stock"], found["hnte_flow"], found["contracts"]
    assert (stock.offset, stock.sigma, stock.rho, stock.from_year, stock.n_residuals) == (pytest.approx(0.2), 0.1, 1.0,
                                                                                          2020, 1)
    assert (flow.offset, flow.sigma, flow.from_year, flow.n_residuals) == (0.0, 0.12, 2020, 1)
    assert (contracts.offset, contracts.sigma, contracts.from_year, contracts.n_residuals) == (0.0, 0.15, 2017, 0)
    # the band widens with the horizon like any walk's
    f = np.log([disc.factors(disc.Discrepancy((stock,)), np.arange(2019, 2026), s)["hnte_count"] for s in range(400)])
    assert f[:, 0].tolist() == [0.0] * 400
    assert np.std(f[:, 6]) > 2 * np.std(f[:, 1]) > 0


def test_a_group_draws_from_its_own_stream_whichever_groups_are_present() -> None:
    walk = disc.GroupDiscrepancy("contracts", "tech_contract_turnover", ("tech_contract_turnover",), "walk", 0.0,
                                 0.1, 2020, 4)
    other = disc.GroupDiscrepancy("rd", "rd_spending", ("rd_spending",), "walk", 0.0, 0.05, 2020, 4)
    years = np.arange(2019, 2024)
    alone = disc.factors(disc.Discrepancy((walk,)), years, 5)["tech_contract_turnover"]
    with_rd = disc.factors(disc.Discrepancy((other, walk)), years, 5)["tech_contract_turnover"]
    assert alone.tolist() == with_rd.tolist()


def test_factors_are_one_before_from_year_and_the_walk_widens_with_the_horizon() -> None:
    g = disc.GroupDiscrepancy("rd", "rd_spending", ("rd_spending", "rd_intensity"), "walk", 0.05, 0.03, 2024, 8)
    d = disc.Discrepancy((g,))
    years = np.arange(2015, 2036)
    draws = np.array([np.log(disc.factors(d, years, seed)["rd_spending"]) for seed in range(2000)])
    assert (draws[:, years < 2024] == 0).all()
    assert np.median(draws[:, years == 2024]) == pytest.approx(0.05, abs=0.003)
    sd = draws[:, years >= 2024].std(axis=0)
    assert sd[0] == pytest.approx(0.03, rel=0.1) and sd[-1] == pytest.approx(0.03 * np.sqrt(12), rel=0.1)
    # R&D spending and intensity move together (GDP is an input), so the ratio identity holds
    f = disc.factors(d, years, 5)
    assert np.array_equal(f["rd_spending"], f["rd_intensity"])


def test_json_round_trip_and_bad_entries_are_refused() -> None:
    g = disc.GroupDiscrepancy("hnte_flow", "hnte_certifications", ("hnte_certifications",), "noise", 0.1, 0.2, 2024, 6)
    d = disc.Discrepancy((g,))
    assert disc.Discrepancy.from_json(d.to_json()) == d
    bad = d.to_json()
    bad["groups"][0]["sigma"] = -1
    with pytest.raises(ValueError, match="sigma >= 0"):
        disc.Discrepancy.from_json(bad)


def test_bundled_baseline_carries_its_discrepancy_and_a_scenario_can_switch_it_off(gansu_path: Path,
                                                                                   tmp_path: Path) -> None:
    sc = load_scenario(gansu_path)
    assert sc.posterior is not None and sc.posterior.discrepancy is not None
    assert {g.name for g in sc.posterior.discrepancy.groups} >= {"rd", "hnte_stock", "contracts"}
    assert run_args(sc, 3)[3] is sc.posterior.discrepancy
    off = tmp_path / "off.toml"
    off.write_text(f'extends = "{gansu_path.as_posix()}"\nname = "off"\n[uncertainty]\ndiscrepancy = false\n',
                   encoding="utf-8")
    plain = load_scenario(off)
    assert plain.posterior is not None and plain.posterior.discrepancy is None
    a = run(sc, replicates=2, seed=4, workers=1).indicators
    b = run(plain, replicates=2, seed=4, workers=1).indicators
    hist = a["year"] < 2024
    # observed years untouched; the forecast years of the affected indicators differ, the rest do not
    assert np.allclose(a.loc[hist, "rd_intensity"], b.loc[hist, "rd_intensity"])
    assert not np.allclose(a.loc[~hist, "rd_intensity"], b.loc[~hist, "rd_intensity"])
    assert np.allclose(a["fiscal_st_spending"], b["fiscal_st_spending"])
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{gansu_path.as_posix()}"\nname = "bad"\n[uncertainty]\ndiscrepancy = "yes"\n',
                   encoding="utf-8")
    with pytest.raises(ScenarioError, match="must be true or false"):
        load_scenario(bad)


def test_a_shorter_run_gets_the_same_factors_for_the_years_it_has() -> None:
    groups = tuple(disc.GroupDiscrepancy(n, n, (n,), kind, 0.0, 0.05, 2024, 8)
                   for n, kind in (("a", "walk"), ("b", "noise"), ("c", "walk")))
    d = disc.Discrepancy(groups)
    full = disc.factors(d, np.arange(2015, 2036), 9)
    short = disc.factors(d, np.arange(2015, 2026), 9)
    for name in ("a", "b", "c"):
        assert np.array_equal(full[name][:11], short[name])
