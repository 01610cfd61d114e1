"""The levers of issue 17: talent and platforms that act, innovation vouchers, the yearly assessment of cities and
counties. Unit checks of each module's arithmetic, then the direction and size of each lever in paired model runs
(the same seed: common random numbers)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.assessment import Assessment, shortfall, straight_line
from sim.model.finance import finance_firms, sme_money
from sim.model.model import InnovationModel
from sim.model.outside_rd import buy_technology, relocated_arrays, relocated_count
from sim.model.policy import HNTE_MIN_HT_SHARE, HNTE_MIN_ST_SHARE, hnte_rd_threshold
from sim.model.talent_platforms import TalentPipeline, TalentPlatforms, add_firm_rd, excess_budget
from sim.model.vouchers import redeem, reserve
from sim.scenario.loader import load_scenario
from sim.scenario.params import default_params
from tests.conftest import SCENARIOS

# ------------------------------------------------------------------ talent and platforms


def test_talent_pipeline_lag_and_retention() -> None:
    """Recruits arrive ``lag`` years after the money and a share ``retention`` stays each year."""
    pipe = TalentPipeline(lag=2, retention=0.8)
    stocks = [pipe.step(r) for r in (100.0, 0.0, 0.0, 0.0, 0.0)]
    assert stocks == pytest.approx([0.0, 0.0, 100.0, 80.0, 64.0])
    now = TalentPipeline(lag=0, retention=1.0)
    assert now.step(50.0) == pytest.approx(50.0)


def test_talent_and_platforms_are_neutral_at_the_base_year_intensity() -> None:
    """Channel budgets that grow with GDP from the base year add no staff, knowledge, contracts or spin-offs;
    more money adds them, less takes them away."""
    p = default_params()
    tp = TalentPlatforms(p, base_talent=2.0, base_platform=3.0, base_gdp=1000.0)
    for year, gdp in ((2021, 1100.0), (2022, 1200.0), (2023, 1300.0)):
        tp.step({"talent": 2.0 * gdp / 1000.0, "platform": 3.0 * gdp / 1000.0}, gdp, year)
    assert tp.extra_rd_staff == pytest.approx(0.0, abs=1e-9)
    assert tp.platform_knowledge == pytest.approx(0.0, abs=1e-9)
    assert tp.spinoffs(np.random.default_rng(0)) == 0
    assert excess_budget(3.0, 2.0, 1.2) == pytest.approx(0.6)
    more = TalentPlatforms({**p, "talent.lag_years": 0}, base_talent=2.0, base_platform=3.0, base_gdp=1000.0)
    more.step({"talent": 3.0, "platform": 4.0}, 1000.0, 2021)
    # 1 亿元 more talent money x 400 persons per 亿元 x 0.3 extra R&D staff; 1 亿元 more platform money x 0.3
    assert more.extra_rd_staff == pytest.approx(400.0 * 0.3)
    assert more.platform_knowledge == pytest.approx(0.3)
    assert more.contracts() == pytest.approx(0.3 * p["platform.contracts_per_100m"])
    # a plan's count of recruits replaces what the budget buys: 139 a year against 2 亿元 x 400 = 800 at base
    planned = TalentPlatforms({**p, "talent.lag_years": 0, "talent.plan_recruits": {0: 1000.0}}, 2.0, 3.0, 1000.0)
    planned.step({"talent": 99.0, "platform": 3.0}, 1000.0, 2021)
    assert planned.recruits == pytest.approx(1000.0 - 800.0)
    assert planned.extra_rd_staff == pytest.approx(200.0 * 0.3)


def test_add_firm_rd_in_proportion_to_rd() -> None:
    rd_true = np.array([1.0, 3.0, 0.0])
    rd_reported = np.array([1.5, 3.0, 0.0])
    add = add_firm_rd(rd_true, rd_reported, 2.0)
    assert add.tolist() == pytest.approx([0.5, 1.5, 0.0])
    assert rd_true.tolist() == pytest.approx([1.5, 4.5, 0.0])
    assert rd_reported.tolist() == pytest.approx([2.0, 4.5, 0.0])
    add_firm_rd(rd_true, rd_reported, -100.0)  # a cut never takes a firm below zero
    assert rd_true.min() >= 0.0


# ------------------------------------------------------------------ vouchers


def test_vouchers_go_to_small_uncertified_firms_within_the_budget() -> None:
    p = {**default_params(), "voucher.value": 0.3, "voucher.coverage": 50.0, "voucher.take_up": 50.0,
         "voucher.max_revenue": 50.0, "voucher.additionality": 0.8}
    revenue = np.array([10.0, 10.0, 10.0, 100.0, 10.0])
    hnte = np.array([False, False, False, False, True])
    uniform = np.array([0.1, 0.2, 0.9, 0.1, 0.1])  # the third firm does not take up; the fourth is large; the fifth an HNTE
    rd_true, rd_reported = np.ones(5), np.ones(5)
    year = redeem(p, 1.0, revenue, hnte, uniform, rd_true, rd_reported)
    assert year.takers == 2
    assert year.paid == pytest.approx(2 * 0.3 / 100.0)  # 亿元: the budget is not binding
    assert year.services == pytest.approx(year.paid / 0.5)  # the firm pays the other half: leverage 2
    assert year.extra == pytest.approx(0.8 * year.services)
    assert rd_true.tolist() == pytest.approx([1.0 + 0.8 * 0.6, 1.0 + 0.8 * 0.6, 1.0, 1.0, 1.0])
    capped = redeem(p, 0.003, revenue, hnte, uniform, np.ones(5), np.ones(5))  # budget half the claims
    assert capped.paid == pytest.approx(0.003)
    assert redeem(p, 0.0, revenue, hnte, uniform, np.ones(5), np.ones(5)).paid == 0.0
    # the budget is reserved from other S&T programmes, never more than they hold
    assert reserve({"voucher.budget": {0: 2.0}}, 2025, 1.5) == pytest.approx(1.5)
    assert reserve({"voucher.budget": {2024: 0.0, 2025: 1.0}}, 2025, 9.0) == pytest.approx(1.0)


# ------------------------------------------------------------------ guidance funds and loans


def test_money_reaching_smes_and_who_gets_it() -> None:
    """M = sme_share x (1 + private multiple) x realised share x fund size / investment years + loans; tickets go to
    young, high-tech, uncertified firms only."""
    p = {**default_params(), "finance.fund_size": {0: 50.0}, "finance.realised_share": 50.0, "finance.invest_years": 5,
         "finance.private_multiple": 2.0, "finance.sme_share": 20.0, "finance.tech_loans": {0: 1.0},
         "finance.ticket": 5.0, "finance.max_age": 5, "finance.entry_per_100m": 0.0}
    assert sme_money(p, 2025) == pytest.approx(0.2 * 3.0 * 0.5 * 50.0 / 5.0 + 1.0)  # 4 亿元
    idx = np.array([10, 11, 12, 13, 14, 15])
    birth = np.array([2024, 2010, 2023, 2024, 2022, 2025])
    high_tech = np.array([True, True, False, True, True, True])
    hnte = np.array([False, False, False, True, False, False])
    uniform = np.array([0.5, 0.1, 0.1, 0.1, 0.9, 0.2])
    few = {**p, "finance.fund_size": {0: 0.0}, "finance.tech_loans": {0: 0.1}}  # 10 million yuan: two tickets
    year = finance_firms(few, 2025, idx, birth, high_tech, hnte, uniform, np.random.default_rng(0))
    # eligible: slots 10, 14, 15 (11 too old, 12 not high-tech, 13 certified); the two lowest draws: 15 and 10
    assert year.financed.tolist() == [10, 15] and year.positions.tolist() == [0, 5]
    assert finance_firms({**p, "finance.fund_size": {0: 0.0}, "finance.tech_loans": {0: 0.0}}, 2025, idx, birth,
                         high_tech, hnte, uniform, np.random.default_rng(0)).money == 0.0


# ------------------------------------------------------------------ outside R&D transfer


def test_bought_technology_and_relocated_hntes() -> None:
    p = {**default_params(), "outside.tech_purchases": {0: 2.0}, "outside.complement": 0.5}
    rd_true, rd_reported, knowledge = np.array([1.0, 3.0]), np.array([1.0, 3.5]), np.zeros(2)
    assert buy_technology(p, 2025, rd_true, rd_reported, knowledge) == pytest.approx(2.0)
    assert knowledge.tolist() == pytest.approx([50.0, 150.0])  # 2 亿元 = 200 million yuan, in proportion to R&D
    assert rd_true.tolist() == pytest.approx([26.0, 78.0])  # half of each firm's purchase as own R&D
    assert rd_reported.tolist() == pytest.approx([26.0, 78.5])
    rng = np.random.default_rng(0)
    counts = [relocated_count({"outside.relocated_hntes": {0: 2.5}}, 2025, rng) for _ in range(2000)]
    assert set(counts) == {2, 3} and np.mean(counts) == pytest.approx(2.5, abs=0.05)
    new = relocated_arrays(np.random.default_rng(1), 50, 2025, default_params(), 1.0)
    assert new["hnte"].all() and (new["hnte_expiry"] == 2028).all() and (new["birth_year"] == 2020).all()
    assert (new["ratio_hist"] >= hnte_rd_threshold(new["revenue"])[:, None]).all()
    assert (new["ht_share"] >= HNTE_MIN_HT_SHARE).all() and (new["st_share"] >= HNTE_MIN_ST_SHARE).all()


# ------------------------------------------------------------------ assessment


def test_shortfall_against_the_straight_line() -> None:
    assert straight_line(1.0, 2.0, 2023, 2025, 2024) == pytest.approx(1.5)
    assert straight_line(1.0, 2.0, 2023, 2025, 2030) == pytest.approx(2.0)  # the target holds after its year
    assert shortfall(1.2, 1.5) == pytest.approx(0.2)
    assert shortfall(1.6, 1.5) == 0.0


def _indicators(city: float, county: float) -> dict[str, float]:
    return {"rd_intensity": 1.5, "hnte_count": 1500.0, "tech_contract_turnover": 388.0,
            "fiscal_st_ratio_city": city, "fiscal_st_ratio_county": county}


def test_assessment_raises_the_level_behind_only_within_its_ceiling() -> None:
    p = {**default_params(), "assessment.on": 1, "assessment.response": 0.4, "assessment.max_own_ratio": 2.5,
         "assessment.target_year": 2025}
    a = Assessment(p)
    own = {"province": 2.0, "city": 1.0, "county": 1.0}
    a.update(_indicators(1.0, 1.0), 2024, 2024, own)  # start: the last observed year 2023
    # 2023 is the line's start: city 1.0 of a line at 1.0 is on it; later years the line rises to 2.0 for cities
    a.update(_indicators(1.0, 1.0), 2025, 2024, own)
    # in 2024 the city line is 1.5: shortfall 1/3 on one indicator of four; the counties are on their line (1.0)
    assert a.scores["city"] == pytest.approx((1.0 / 3.0) / 4.0)
    assert a.extra["city"] == pytest.approx(0.4 * (1.0 / 3.0) / 4.0)
    assert a.extra["county"] == 0.0
    for year in range(2026, 2060):
        a.update(_indicators(1.0, 1.0), year, 2024, own)
    assert a.extra["city"] == pytest.approx(1.5)  # the ceiling 2.5 less the own ratio 1.0
    off = Assessment({**p, "assessment.on": 0})
    off.update(_indicators(0.1, 0.1), 2025, 2024, own)
    assert off.extra == {"city": 0.0, "county": 0.0}
    before = Assessment(p)
    before.update(_indicators(0.1, 0.1), 2023, 2024, own)  # observed years replay observed inputs
    assert before.extra == {"city": 0.0, "county": 0.0}


# ------------------------------------------------------------------ paired model runs


def _run(*overrides: str, seed: int = 3, until: int = 2030) -> InnovationModel:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml",
                       ["run.n_firms=1500", "run.n_universities=6", *overrides])
    m = InnovationModel(sc.params, seed=seed)
    while m.year < until:  # to 2030 only: enough to see each lever
        m.step()
    return m


def _series(m: InnovationModel, name: str) -> dict[int, float]:
    df = m.datacollector.get_model_vars_dataframe()
    return dict(zip(range(int(m.p["run.base_year"]), int(m.p["run.base_year"]) + len(df)), df[name], strict=True))


@pytest.fixture(scope="module")
def reference() -> InnovationModel:
    return _run()


def test_vouchers_raise_small_firm_rd_and_contracts_within_the_budget(reference: InnovationModel) -> None:
    """1 亿元 a year of vouchers from 2024: in their first year contract turnover and R&D rise by about the
    additional services (0.8 x voucher / 50% coverage) within the budget; observed years are unchanged; by 2030
    vouchers still pay within the budget."""
    lever = ("voucher.budget@2023=0", "voucher.budget@2024=1", "voucher.budget@2035=1")
    first, ref_first = _run(*lever, until=2024), _run(until=2024)
    assert 0 < first.vouchers.paid <= 1.0
    gain = first.indicators["tech_contract_turnover"] - ref_first.indicators["tech_contract_turnover"]
    # the additional services registered as contracts (not counted again through the firm-R&D index of firm-sold
    # contracts), less a little from the public research the reserved budget displaced
    assert 0.6 * first.vouchers.extra <= gain <= first.vouchers.extra
    def firm_rd(m: InnovationModel) -> float:
        return m.indicators["rd_spending"] * m.indicators["enterprise_rd_share"] / 100.0

    # firm R&D gains the vouchers' extra R&D (within 10%: the other firms' own R&D moves a little with the year's
    # draws and knowledge); public R&D loses what the other programmes gave up for the budget
    assert firm_rd(first) - firm_rd(ref_first) == pytest.approx(first.vouchers.extra, rel=0.1)
    # (the 1 亿元 budget leaves other programmes, half of whose R&D share is public R&D: ``public_research_rd``)
    public_loss = first.p["university.rd_share_of_funding"] * 0.5 * 1.0 * first.public_rd_scale
    rd_gain = first.indicators["rd_spending"] - ref_first.indicators["rd_spending"]
    assert rd_gain == pytest.approx(firm_rd(first) - firm_rd(ref_first) - public_loss, rel=0.05)
    alt = _run(*lever)
    assert alt.vouchers.paid <= 1.0 + 1e-12
    assert alt.vouchers.takers > 0
    assert alt.vouchers.extra == pytest.approx(0.8 * alt.vouchers.paid / 0.5)
    ref_c, alt_c = _series(reference, "tech_contract_turnover"), _series(alt, "tech_contract_turnover")
    ref_rd, alt_rd = _series(reference, "rd_spending"), _series(alt, "rd_spending")
    assert alt_c[2023] == pytest.approx(ref_c[2023])
    assert alt_rd[2023] == pytest.approx(ref_rd[2023])


def test_talent_money_raises_rd_personnel_and_rd_with_a_lag(reference: InnovationModel) -> None:
    """Talent channel +5 points of the S&T budget from 2024: R&D personnel and R&D intensity higher by 2030; with
    a two-year lag nobody has arrived in 2025."""
    alt = _run("budget.talent_share@2023=6", "budget.talent_share@2024=11", "budget.talent_share@2035=11")
    assert alt.talent_platforms.extra_rd_staff > reference.talent_platforms.extra_rd_staff + 100
    ref_p, alt_p = _series(reference, "rd_personnel_per_10k_employed"), _series(alt, "rd_personnel_per_10k_employed")
    ref_i, alt_i = _series(reference, "rd_intensity"), _series(alt, "rd_intensity")
    assert alt_p[2030] > ref_p[2030] + 0.2
    assert alt_i[2030] > ref_i[2030] + 0.01
    # before the first recruits arrive (2024 money, two years' lag) talent adds no R&D staff
    assert alt_p[2025] <= ref_p[2025] + 1e-9


def test_platform_money_raises_contracts_and_spinoffs(reference: InnovationModel) -> None:
    alt = _run("budget.platform_share@2023=10", "budget.platform_share@2024=15", "budget.platform_share@2035=15")
    assert alt.talent_platforms.platform_knowledge > reference.talent_platforms.platform_knowledge + 1.0
    assert _series(alt, "firm_count")[2030] > _series(reference, "firm_count")[2030]
    extra = alt.talent_platforms.contracts() - reference.talent_platforms.contracts()
    assert extra > 0.3


def test_assessment_on_raises_own_level_spending_of_a_government_behind(reference: InnovationModel) -> None:
    """With targets the baseline misses (cities 3%, counties 1.5% of their own budgets), the assessment raises
    the city and county own-level ratios and consolidated fiscal S&T spending; with targets it meets, it adds
    nothing; it never acts in observed years."""
    behind = ["assessment.city_st_target=3", "assessment.county_st_target=1.5"]
    off = _run(*behind)
    on = _run("assessment.on=1", *behind)
    for level in ("city", "county"):
        name = f"fiscal_st_ratio_{level}"
        assert _series(on, name)[2023] == pytest.approx(_series(off, name)[2023])
        assert _series(on, name)[2030] > _series(off, name)[2030] + 0.1
    assert _series(on, "fiscal_st_spending")[2030] > _series(off, "fiscal_st_spending")[2030]
    assert _series(on, "rd_intensity")[2030] > _series(off, "rd_intensity")[2030]
    met = ["assessment.rd_intensity_target=0.5", "assessment.city_st_target=0.5", "assessment.county_st_target=0.2",
           "assessment.hnte_target=100", "assessment.contract_target=10"]
    assert _series(_run("assessment.on=1", *met), "fiscal_st_ratio_city") == pytest.approx(
        _series(_run(*met), "fiscal_st_ratio_city"))


def test_guidance_funds_raise_young_firms_rd_survival_and_entry(reference: InnovationModel) -> None:
    """A 50 亿元 fund from 2024 (3 亿元 a year reaching SMEs): in 2024 firm R&D rises by the financed firms' R&D
    share of their tickets, none of them exits, and start-ups add to entry; nothing changes in observed years."""
    lever = ("finance.fund_size@2023=0", "finance.fund_size@2024=50", "finance.fund_size@2035=50")
    alt, ref = _run(*lever, until=2024), _run(until=2024)
    fin = alt.finance
    assert fin.money == pytest.approx(3.0)
    assert 0 < len(fin.financed) <= 60  # 3 亿元 in tickets of 5 million yuan
    assert not (~alt.firms.alive[fin.financed]).any()  # financed firms survive the year
    firm_rd = {m: m.indicators["rd_spending"] * m.indicators["enterprise_rd_share"] / 100.0 for m in (alt, ref)}
    expected = len(fin.financed) * alt.p["finance.rd_share"] * alt.p["finance.ticket"] / 100.0  # 亿元
    assert firm_rd[alt] - firm_rd[ref] == pytest.approx(expected, rel=0.05)
    assert alt.indicators["firm_count"] >= ref.indicators["firm_count"]
    assert _series(alt, "rd_spending")[2023] == _series(ref, "rd_spending")[2023]


def test_outside_rd_transfer_raises_rd_and_hntes(reference: InnovationModel) -> None:
    """10 亿元 a year of bought technology from 2024 adds the complementary R&D in its first year; 20 relocated
    HNTEs a year add exactly 20 certified firms in 2024."""
    ref = _run(until=2024)
    bought = _run("outside.tech_purchases@2023=0", "outside.tech_purchases@2024=10", "outside.tech_purchases@2035=10",
                  until=2024)
    def firm_rd(m: InnovationModel) -> float:
        return m.indicators["rd_spending"] * m.indicators["enterprise_rd_share"] / 100.0

    assert firm_rd(bought) - firm_rd(ref) == pytest.approx(0.3 * 10.0, rel=0.02)
    assert bought.firm_knowledge_index() > ref.firm_knowledge_index()
    moved = _run("outside.relocated_hntes@2023=0", "outside.relocated_hntes@2024=20", "outside.relocated_hntes@2035=20",
                 until=2024)
    assert moved.indicators["hnte_count"] - ref.indicators["hnte_count"] == 20
    assert moved.indicators["firm_count"] - ref.indicators["firm_count"] == 20


def test_plan_variants_use_the_levers_as_the_plans_write_them() -> None:
    """The bundled variants: Gansu switches the assessment on with its 2025 targets and funds vouchers; Liupanshui
    counts its talent and assesses its districts on the 2023 targets, raising local fiscal S&T spending."""
    gansu = load_scenario(SCENARIOS / "gansu_plan_levers.toml")
    assert gansu.params["assessment.on"] == 1 and gansu.params["assessment.hnte_target"] == 1500
    assert gansu.params["voucher.budget"][2024] == 0.5
    lps = load_scenario(SCENARIOS / "liupanshui_plan_levers.toml")
    assert lps.params["talent.plan_recruits"][2021] == 139 and lps.params["assessment.target_year"] == 2023

    def ratio_2025(path: str) -> float:
        m = InnovationModel(load_scenario(SCENARIOS / path).params, seed=5)
        while m.year < 2025:
            m.step()
        return m.indicators["fiscal_st_ratio"]

    assert ratio_2025("liupanshui_plan_levers.toml") > ratio_2025("liupanshui_baseline.toml") + 0.1


def test_the_plan_levers_channel_switches_every_issue17_lever_off() -> None:
    """With ``channels.plan_levers`` = 0 (the attribution waterfall's issue-17 line) the Gansu variant with the
    assessment and vouchers runs exactly as the baseline with the same switch."""
    def run_to_2027(path: str) -> dict[str, float]:
        sc = load_scenario(SCENARIOS / path, ["run.n_firms=1500", "run.n_universities=6", "channels.plan_levers=0"])
        m = InnovationModel(sc.params, seed=2)
        while m.year < 2027:
            m.step()
        return m.indicators

    assert run_to_2027("gansu_plan_levers.toml") == run_to_2027("gansu_baseline.toml")
