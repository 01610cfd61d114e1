"""Extreme but valid policies run to the end with finite, non-negative
indicators (every current indicator is a level, count, share or ratio, so >= 0);
values outside the calibrated range give warnings in RunResult, the CLI and
manifest.json. (That the guards leave the bundled scenarios' numbers unchanged was
checked by a before/after comparison, see the reliability report.)"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from sim.cli.main import main
from sim.indicators import ALL_INDICATOR_NAMES
from sim.runs.runner import run
from sim.scenario.calibrated_ranges import CALIBRATED_RANGES, calibration_warnings
from sim.scenario.library import scenarios_dir
from sim.scenario.loader import load_scenario
from sim.scenario.params import SPECS_BY_KEY

BASE = scenarios_dir() / "gansu_baseline.toml"
SMALL = ["run.n_firms=200", "run.n_universities=8"]

EXTREMES = {
    "zero_st_budget": ["budget.fiscal_st_ratio=0"],
    "full_subsidy_rate": ["subsidy.rate=1", "budget.subsidy_share=50"],
    "fiscal_ratio_20pct": ["budget.fiscal_st_ratio=20"],
    "fiscal_20_all_channels": ["budget.fiscal_st_ratio=20", "subsidy.rate=1", "budget.subsidy_share=40",
                               "budget.hnte_award_share=20", "budget.university_share=20", "budget.platform_share=10",
                               "budget.talent_share=10"],
    "one_firm": ["run.n_firms=1"],
    "one_firm_no_entry": ["run.n_firms=1", "firms.entry_rate=0", "firms.platform_entry_per_100m=0",
                          "university.spinoff_per_100m=0"],
    "no_universities": ["run.n_universities=0"],
    "zero_rd_observed": ["observed.rd_spending=0"],
    "zero_rd_personnel": ["observed.rd_personnel=0"],
    "all_enterprise_rd": ["observed.enterprise_rd_share=100"],
    "no_hnte_no_high_tech": ["observed.hnte_count=0", "observed.high_tech_output_share=0"],
    "everything_zero": ["run.n_firms=1", "run.n_universities=0", "observed.rd_spending=0",
                        "budget.fiscal_st_ratio=0", "observed.hnte_count=0", "observed.patents_per_10k=0",
                        "observed.tech_contract_turnover=0", "observed.rd_personnel=0"],
    "all_firms_exit": ["firms.margin=-50", "firms.exit_loss_years=1", "firms.entry_rate=0",
                       "firms.platform_entry_per_100m=0", "university.spinoff_per_100m=0"],
    "deep_recession": ["economy.gdp_growth=-20", "economy.population_growth=-5"],
    "no_depreciation": ["firms.knowledge_depreciation=0", "firms.patent_expiry=0"],
    "full_depreciation": ["firms.knowledge_depreciation=100", "firms.patent_expiry=100"],
    "tax_extremes": ["tax.super_deduction=300", "tax.cit_standard=50", "tax.cit_hnte=50", "tax.price_elasticity=5"],
    "zero_tax": ["tax.cit_standard=0", "tax.cit_hnte=0", "tax.super_deduction=0"],
    # additionality is a share of the grant rate (0 to 1): negative values are refused (tests/data/bad/
    # out_of_range_additionality.toml); the ends are a pure windfall and the full rate off the price of R&D
    "windfall_grants": ["subsidy.additionality=0", "subsidy.rate=1", "budget.subsidy_share=50"],
    "full_price_grants": ["subsidy.additionality=1", "subsidy.rate=1", "budget.subsidy_share=50",
                          "subsidy.misuse_probability=0"],
    "hnte_ladder_extremes": ["firms.pool_entry_rate=30", "firms.cultivation_elasticity=3", "budget.hnte_award_share=20",
                             "university.rd_share_of_funding=1"],
    "no_pool_no_public_rd": ["firms.pool_entry_rate=0", "firms.cultivation_elasticity=0", "budget.hnte_award_share=0",
                             "university.rd_share_of_funding=0"],
    "long_horizon": ["run.end_year=2060", "run.n_firms=50", "economy.gdp_growth=3"],
}


@pytest.mark.parametrize("case", sorted(EXTREMES))
def test_extreme_policy_runs_to_the_end(case):
    overrides = [*SMALL, *EXTREMES[case]] if "run.n_firms=1" not in EXTREMES[case] else \
        ["run.n_universities=8", *EXTREMES[case]]
    sc = load_scenario(BASE, overrides)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy division by zero or invalid values fail the test
        result = run(sc, replicates=2, seed=7)
    ind = result.indicators
    assert sorted(ind["year"].unique()) == sc.years
    assert len(ind) == 2 * len(sc.years)
    values = ind[list(ALL_INDICATOR_NAMES)].to_numpy(dtype=float)
    assert np.isfinite(values).all(), case
    negative = {n: float(ind[n].min()) for n in ALL_INDICATOR_NAMES if (ind[n] < 0).any()}
    assert not negative, (case, negative)
    assert np.isfinite(result.summary.select_dtypes("number").to_numpy()).all()


def test_extreme_policies_warn_and_calibrated_ones_do_not():
    assert calibration_warnings(load_scenario(BASE).params) == []
    for f in sorted(scenarios_dir().glob("*.toml")):
        sc = load_scenario(f)
        assert calibration_warnings(sc.params, sc.uncertainty) == [], f.name
    sc = load_scenario(BASE, ["budget.fiscal_st_ratio@2030=20", "subsidy.rate=1", "run.n_firms=1"])
    w = calibration_warnings(sc.params, sc.uncertainty)
    assert any("budget.fiscal_st_ratio = 20 in 2030" in x and "0.3 to 5" in x for x in w), w
    assert any(x.startswith("subsidy.rate = 1 ") and "0 to 0.3" in x for x in w), w
    assert any(x.startswith("run.n_firms = 1 ") for x in w), w
    assert any("below the observed HNTE stock" in x and "observed.hnte_count = 319" in x for x in w), w
    assert len(w) == 4


def test_calibrated_ranges_lie_inside_allowed_ranges():
    for c in CALIBRATED_RANGES:
        spec = SPECS_BY_KEY[c.key]
        assert spec.lo <= c.lo < c.hi <= spec.hi, c.key


def test_warnings_reach_result_cli_and_manifest(tmp_path, capsys):
    sets = ["run.n_firms=50", "run.n_universities=3", "budget.fiscal_st_ratio=0", "subsidy.rate=1"]
    result = run(load_scenario(BASE, sets), replicates=1, seed=1)
    # n_firms (calibrated range, and below the base year's HNTE stock), ratio, rate
    assert len(result.warnings) == 4 and result.meta["warnings"] == result.warnings
    argv = ["run", str(BASE), "-n", "1", "--out", str(tmp_path / "out"), "-q"]
    for s in sets:
        argv += ["--set", s]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.count("innovsim: warning: ") == 4 and "budget.fiscal_st_ratio = 0" in err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"] == result.warnings
    assert main(["validate", str(BASE), "--set", "subsidy.rate=0.9"]) == 0
    assert "subsidy.rate = 0.9" in capsys.readouterr().err
