"""Mechanisms of the model: certification, capped subsidies, budget identity, calibration."""

from __future__ import annotations

import numpy as np
import pytest

from sim.indicators import EXTRA_INDICATORS, INDICATOR_NAMES
from sim.model.firm_dynamics import ActiveRows
from sim.model.firm_state import FirmState
from sim.model.model import InnovationModel
from sim.model.policy import hnte_criteria_met, hnte_rd_threshold, ration
from sim.runs.runner import run
from sim.scenario.history import observed_value
from sim.scenario.loader import load_scenario, path_value

from ..conftest import SCENARIOS


def test_rd_threshold_brackets() -> None:
    rev = np.array([10.0, 50.0, 50.01, 200.0, 200.01, 5000.0])  # million yuan
    assert hnte_rd_threshold(rev).tolist() == [0.05, 0.05, 0.04, 0.04, 0.03, 0.03]


@pytest.mark.parametrize(
    ("revenue", "ratio", "ht", "st", "age", "expected"),
    [
        (30.0, 0.05, 0.60, 0.10, 1, True),     # exactly at every threshold
        (30.0, 0.0499, 0.9, 0.2, 5, False),    # R&D short for a small firm
        (100.0, 0.04, 0.9, 0.2, 5, True),      # 4% bracket
        (300.0, 0.03, 0.9, 0.2, 5, True),      # 3% bracket
        (300.0, 0.05, 0.59, 0.2, 5, False),    # high-tech share below 60%
        (300.0, 0.05, 0.9, 0.099, 5, False),   # S&T staff below 10%
        (300.0, 0.05, 0.9, 0.2, 0, False),     # registered less than a year
    ],
)
def test_hnte_criteria(revenue: float, ratio: float, ht: float, st: float, age: int, expected: bool) -> None:
    got = hnte_criteria_met(np.array([revenue]), np.array([ratio]), np.array([ht]), np.array([st]), np.array([age]))
    assert bool(got[0]) is expected


def test_ration_never_exceeds_budget() -> None:
    claims = np.array([3.0, 1.0, 6.0])
    paid, ratio = ration(claims, 5.0)
    assert paid.sum() == pytest.approx(5.0)
    assert ratio == pytest.approx(0.5)
    assert paid.tolist() == pytest.approx([1.5, 0.5, 3.0])
    paid, ratio = ration(claims, 50.0)
    assert paid.tolist() == claims.tolist() and ratio == 1.0


def _small_model(seed: int = 3, **extra: object) -> InnovationModel:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=600", "run.n_universities=6"])
    return InnovationModel({**sc.params, **extra}, seed=seed)


def test_certification_happens_exactly_when_criteria_hold() -> None:
    model = _small_model()
    f: FirmState = model.firms
    for _ in range(6):
        before_hnte = f.hnte[: f.n].copy()
        before_expiry = f.hnte_expiry[: f.n].copy()
        idx_before = f.live
        model.step()
        year = model.year
        # a certificate issued this year runs three years (firms that exit later in the year keep the stamp)
        issued = f.hnte_expiry[idx_before] == year + 3
        new = idx_before[~before_hnte[idx_before] & issued]
        renewed = idx_before[before_hnte[idx_before] & (before_expiry[idx_before] <= year) & issued]
        assert model.flows["new_hnte"] == len(new)
        assert model.flows["renewed_hnte"] == len(renewed)
        lapsed = before_hnte[idx_before] & (before_expiry[idx_before] <= year) & ~issued
        assert model.flows["lapsed_hnte"] == int(lapsed.sum())
        # holders that were not due keep their status and expiry
        not_due = idx_before[before_hnte[idx_before] & (before_expiry[idx_before] > year) & f.alive[idx_before]]
        assert np.all(f.hnte[not_due]) and np.all(f.hnte_expiry[not_due] == before_expiry[not_due])


def test_certify_uses_the_criteria() -> None:
    """Drive ``_certify`` on hand-made firms: certified iff the criteria hold."""
    model = _small_model()
    f = model.firms
    idx = f.live[:6]
    year = model.year + 1
    f.hnte[idx] = False
    f.birth_year[idx] = year - 5
    f.revenue[idx] = [30.0, 30.0, 100.0, 300.0, 300.0, 300.0]
    f.ht_share[idx] = [0.6, 0.9, 0.9, 0.9, 0.5, 0.9]
    f.st_share[idx] = [0.1, 0.2, 0.2, 0.2, 0.2, 0.05]
    f.ratio_hist[idx] = np.array([[0.05] * 3, [0.049] * 3, [0.04] * 3, [0.03] * 3, [0.05] * 3, [0.05] * 3])
    model._certify(ActiveRows.gather(f, idx), year)
    assert f.hnte[idx].tolist() == [True, False, True, True, False, False]
    assert model.flows["new_hnte"] == 3


@pytest.mark.parametrize("name", ["gansu_baseline", "gansu_subsidy_x2", "gansu_fiscal_2p5", "liupanshui_baseline"])
def test_money_adds_up_and_caps_hold(name: str) -> None:
    res = run(load_scenario(SCENARIOS / f"{name}.toml", ["run.n_firms=500"]), replicates=2, seed=11)
    sc = res.scenarios[0]
    df = res.indicators
    channels = (df["subsidy_paid"] + df["hnte_awards_paid"] + df["university_funding"] + df["platform_funding"]
                + df["talent_funding"] + df["other_st_spending"])
    assert np.allclose(channels, df["fiscal_st_spending"], rtol=1e-12, atol=1e-9)
    # the channel shares are year paths (a variant may change them from its first forecast year)
    share = df["year"].map(lambda y: path_value(sc.params["budget.subsidy_share"], int(y)) / 100.0)
    assert np.all(df["subsidy_paid"] <= share * df["fiscal_st_spending"] + 1e-9)
    award_share = df["year"].map(lambda y: path_value(sc.params["budget.hnte_award_share"], int(y)) / 100.0)
    assert np.all(df["hnte_awards_paid"] <= award_share * df["fiscal_st_spending"] + 1e-9)
    assert np.all(df["other_st_spending"] >= -1e-9)
    assert np.allclose(df["fiscal_cost"], df["fiscal_st_spending"] + df["tax_expenditure"])


def test_subsidies_are_rationed_when_claims_exceed_the_budget() -> None:
    model = _small_model(**{"subsidy.rate": {0: 1.0}, "budget.subsidy_share": {0: 1.0}})  # constant year paths
    model.step()
    budget = model.government.budgets["subsidy"]
    assert model.flows["subsidy_claims"] > budget
    assert model.flows["subsidy_paid"] == pytest.approx(budget)


def test_indicator_columns_are_the_contract() -> None:
    res = run(load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=300"]), replicates=1, seed=1)
    cols = list(res.indicators.columns)
    assert cols[:4] == ["scenario", "replicate", "seed", "year"]
    assert cols[4:4 + len(INDICATOR_NAMES)] == list(INDICATOR_NAMES)
    # the extra indicators follow, in their order (new ones are only ever appended)
    extras = [i.name for i in EXTRA_INDICATORS]
    assert cols[4 + len(INDICATOR_NAMES):] == extras
    assert extras[-5:] == ["hnte_certifications", "hnte_pool", "fiscal_st_ratio_province", "fiscal_st_ratio_city",
                           "fiscal_st_ratio_county"]
    assert res.indicators["year"].tolist() == list(range(2015, 2036))  # base year 2015: 21 rows
    assert np.isfinite(res.indicators[cols[4:]].to_numpy()).all()
    ind = res.indicators
    assert (ind["hnte_pool"] >= 0).all() and (ind["hnte_certifications"] >= 0).all()
    assert ind["hnte_pool"].iloc[0] == 0  # the pool starts empty in the base year
    assert ind["hnte_pool"].iloc[1:].max() > 0  # and fills once firms enter it


# Calibration: the 2015 base year of the Gansu and Guizhou baselines against the observed history
# (sim/data/history.csv: R&D funding bulletin, China Statistical and S&T Statistical Yearbooks, HNTE counts).
GANSU_2015 = {
    "rd_spending": 82.7,
    "rd_intensity": 1.22,
    "enterprise_rd_share": 60.457,
    "hnte_count": 319,
    "tech_contract_turnover": 129.7,
    "fiscal_st_spending": 29.85,
    "fiscal_st_ratio": 1.01,
    "budget_expenditure": 2958.31,
    "gdp": 6790.0,
}
GUIZHOU_2015 = {
    "rd_spending": 62.3,
    "rd_intensity": 0.59,
    "enterprise_rd_share": 67.2176,
    "hnte_count": 379,
    "tech_contract_turnover": 25.96,
    "fiscal_st_spending": 58.68,
    "fiscal_st_ratio": 1.49,
    "budget_expenditure": 3939.5,
    "gdp": 10503.0,
}


@pytest.mark.parametrize(
    ("name", "region", "base_year", "observed"),
    [
        ("gansu_baseline", "Gansu", 2015, GANSU_2015),
        ("guizhou_baseline", "Guizhou", 2015, GUIZHOU_2015),
        ("liupanshui_baseline", "Liupanshui", 2020,
         {"rd_intensity": 0.89, "rd_spending": 11.98, "enterprise_rd_share": 97.4}),
    ],
)
def test_base_year_matches_observed_within_5_percent(name: str, region: str, base_year: int,
                                                     observed: dict[str, float]) -> None:
    sc = load_scenario(SCENARIOS / f"{name}.toml")
    assert sc.base_year == base_year
    model = InnovationModel(sc.params, seed=5)
    for key, value in observed.items():
        assert model.indicators[key] == pytest.approx(value, rel=0.05), key
        if base_year == 2015:  # the figures above are the curated history's
            assert observed_value(region, key, base_year) == pytest.approx(value), key


def test_observed_inputs_replayed_2015_to_2023() -> None:
    """The observed policy inputs drive the in-sample years: the fiscal S&T ratio of every year 2015-2023
    is the observed consolidated ratio (history.csv, within rounding), whatever the replicate."""
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=300", "run.n_universities=6"])
    ind = run(sc, replicates=1, seed=3).indicators.set_index("year")
    for year in range(2015, 2024):
        assert ind.loc[year, "fiscal_st_ratio"] == pytest.approx(observed_value("Gansu", "fiscal_st_ratio", year),
                                                                 abs=0.006), year


def test_firms_are_inspectable_agents() -> None:
    model = _small_model()
    firms = list(model.firm_agents.values())
    assert len(firms) == len(model.firms.live)
    a = firms[0]
    assert a.revenue > 0 and isinstance(a.is_hnte, bool)
    assert set(a.snapshot()) >= {"revenue", "hnte", "knowledge"}
    model.run()
    assert len(model.firm_agents) == len(model.firms.live)  # exits removed, entrants added


def test_policy_levers_move_rd_intensity_the_right_way() -> None:
    def rd_2025(overrides: list[str]) -> float:
        sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=800", *overrides])
        res = run(sc, replicates=4, seed=2)
        s = res.summary
        return float(s.loc[s["year"] == 2025, "rd_intensity_p50"].iloc[0])

    base = rd_2025([])
    assert rd_2025(["budget.fiscal_st_ratio@2025=2.5"]) > base
    assert rd_2025(["budget.fiscal_st_ratio=0.3"]) < base


def test_runaway_growth_is_capped() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml",
                       ["run.n_firms=300", "economy.gdp_growth=30", "run.end_year=2060", "firms.entry_rate=50"])
    model = InnovationModel(sc.params, seed=1)
    model.run()
    assert model.year == 2060
    assert len(model.firms.live) <= 10 * 300


def test_quantile_linear_equals_numpy_quantile() -> None:
    """The one-partition quantile (with its sampled bound on large arrays) gives ``np.quantile`` bit for bit,
    ties, sorted input and constant arrays included."""
    from sim.model.firm_dynamics import quantile_linear

    rng = np.random.default_rng(11)
    for n in (2, 3, 17, 1023, 1024, 5000, 12_345):
        for x in (rng.lognormal(0.0, 0.3, n), rng.integers(0, 4, n).astype(float), np.sort(rng.random(n)),
                  np.sort(rng.random(n))[::-1].copy(), np.full(n, 1.5)):
            for q in (0.03, 0.1, 0.5, 0.9, 0.99):
                assert quantile_linear(x, q) == float(np.quantile(x, q))


def test_contract_deepening_is_a_damped_trend_that_damping_1_keeps_constant() -> None:
    from sim.model.agents import contract_deepening_index

    constant = {"university.contract_deepening": 25.0, "university.contract_deepening_damping": 1.0}
    assert contract_deepening_index(constant, 8) == 1.25 ** 8
    assert contract_deepening_index(constant, 0) == 1.0
    damped = {**constant, "university.contract_deepening_damping": 0.8}
    # rates 25%, 20%, 16% in the first three years
    assert contract_deepening_index(damped, 3) == pytest.approx(1.25 * 1.20 * 1.16)
    # bounded: the product converges (sum of rates 25% / (1 - 0.8) = 125%), unlike 1.25^20 = 87
    assert contract_deepening_index(damped, 20) < contract_deepening_index(damped, 40) < np.exp(1.25)
    assert contract_deepening_index({**damped, "university.contract_deepening_damping": 0.0}, 5) == 1.25


def test_registration_step_is_a_level_shift_over_its_years() -> None:
    """The registration step multiplies contract turnover by step^(k/n) in the k-th of its n years and by the step
    after them (relative to the base year); before it, with no step years (0) or a step of 1, nothing changes."""
    from sim.model.agents import contract_registration_index

    p = {"university.contract_registration_step": 9.0, "university.contract_step_from": 2017,
         "university.contract_step_to": 2018, "run.base_year": 2015}
    assert [contract_registration_index(p, y) for y in (2016, 2017, 2018, 2019, 2035)] == [1.0, 3.0, 9.0, 9.0, 9.0]
    assert contract_registration_index({**p, "university.contract_step_to": 2017}, 2017) == 9.0  # one-year step
    assert contract_registration_index({**p, "university.contract_step_to": 0}, 2017) == 9.0  # 'to' before 'from'
    assert contract_registration_index({**p, "university.contract_step_from": 0}, 2020) == 1.0
    assert contract_registration_index({**p, "university.contract_registration_step": 1.0}, 2020) == 1.0
    # relative to the base year, whose turnover is observed: a step before it is already in that value
    assert contract_registration_index({**p, "run.base_year": 2017}, 2018) == pytest.approx(3.0)
    assert contract_registration_index({**p, "run.base_year": 2020}, 2025) == 1.0


def test_registration_step_moves_contract_turnover_and_nothing_else() -> None:
    """Paired runs (same seed): a step of 4 over 2017-2018 doubles contract turnover in 2017 and quadruples it from
    2018, and leaves every other indicator as it was."""
    base = ["run.n_firms=300", "run.n_universities=6", "channels.plan_levers=0", "university.contract_step_from=2017",
            "university.contract_step_to=2018"]
    without = load_scenario(SCENARIOS / "gansu_baseline.toml", base)
    with_step = load_scenario(SCENARIOS / "gansu_baseline.toml", [*base, "university.contract_registration_step=4"])
    a = run(without, replicates=1, seed=5).indicators.set_index("year")
    b = run(with_step, replicates=1, seed=5).indicators.set_index("year")
    ratio = b["tech_contract_turnover"] / a["tech_contract_turnover"]
    assert ratio.loc[2016] == 1.0
    assert ratio.loc[2017] == pytest.approx(2.0, rel=1e-9)  # platform and voucher contracts (added unscaled) off
    assert ratio.loc[2020] == pytest.approx(4.0, rel=1e-9)
    others = [c for c in a.columns if c not in ("tech_contract_turnover", "scenario", "replicate")]
    assert (a[others] == b[others]).all().all()


def test_rd_trend_is_fitted_constant_and_forecast_damped() -> None:
    """The secular trend multiplies every firm's desired R&D / revenue by (1 + trend)^years over the fitted years
    (to the year before the forecast), then by a damped-trend forecast (rate x damping^h in the h-th forecast
    year); a trend of 0 is no factor at all, and a positive trend raises firm R&D (paired runs, same seed) from
    the first simulated year on."""
    from sim.model.firm_dynamics import rd_trend_index

    p = {"firms.rd_trend": 5.0, "run.base_year": 2015, "run.forecast_from": 2024, "run.trend_damping_from": 0,
         "firms.rd_trend_damping": 1.0}
    assert rd_trend_index(p, 2015) == 1.0
    assert rd_trend_index(p, 2025) == pytest.approx(1.05 ** 10)
    assert rd_trend_index({**p, "firms.rd_trend": 0.0}, 2030) == 1.0
    damped = {**p, "firms.rd_trend_damping": 0.5}  # 5% a year to 2023, then 2.5%, 1.25%, ...
    assert rd_trend_index(damped, 2023) == pytest.approx(1.05 ** 8)
    assert rd_trend_index(damped, 2025) == pytest.approx(1.05 ** 8 * 1.025 * 1.0125)
    assert rd_trend_index(damped, 2060) < 1.05 ** 8 * np.exp(0.05)  # converges: the forecast rates sum to 5%
    # a backtest fits to its cutoff and damps after it
    assert rd_trend_index({**damped, "run.trend_damping_from": 2020}, 2020) == pytest.approx(1.05 ** 4 * 1.025)
    base = ["run.n_firms=300", "run.n_universities=6"]
    flat = run(load_scenario(SCENARIOS / "gansu_baseline.toml", base), replicates=1, seed=4).indicators.set_index("year")
    rising = run(load_scenario(SCENARIOS / "gansu_baseline.toml", [*base, "firms.rd_trend=5"]), replicates=1,
                 seed=4).indicators.set_index("year")
    firm_rd = "enterprise_rd_share"
    assert flat.loc[2015, "rd_spending"] == rising.loc[2015, "rd_spending"]
    assert (rising.loc[2016:2035, "rd_spending"] > flat.loc[2016:2035, "rd_spending"]).all()
    assert rising.loc[2030, firm_rd] > flat.loc[2030, firm_rd]
