"""The innovsim Mesa model: one step is one year.

Order of a year: the government advances GDP and splits its S&T budget;
universities are funded and do research; firms set R&D, are paid post-R&D
subsidies, innovate and imitate, hire S&T staff, apply for HNTE
certification, grow or exit; new firms enter; indicators are collected.
Firm money in million yuan; everything else in 100 million yuan (亿元).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import itertools
from collections.abc import Iterator
from functools import partial
from typing import Any

import mesa
import numpy as np

from sim.indicators import ALL_INDICATOR_NAMES
from sim.model.agents import (
    Firm,
    Government,
    University,
    contract_deepening_index,
    contract_registration_index,
    draw_research,
    level_budget_shares,
    outside_funding_growth,
    own_level_ratios,
)
from sim.model.assessment import Assessment
from sim.model.channels import channel_on, effective_params
from sim.model.finance import NONE as NO_FINANCE
from sim.model.finance import finance_firms, sme_money
from sim.model.firm_dynamics import (
    ActiveRows,
    cultivate,
    decide_rd,
    gather_columns,
    grow_and_exit,
    innovate,
    place_staff,
    tax_expenditure,
)
from sim.model.mesa_compat import release_model
from sim.model.outside_rd import buy_technology, relocated_arrays, relocated_count
from sim.model.policy import HNTE_MIN_HT_SHARE, HNTE_MIN_ST_SHARE, HNTE_VALID_YEARS, hnte_criteria_met, ration
from sim.model.population import YI, draw_population, entrant_draws, firm_arrays
from sim.model.streams import Streams
from sim.model.talent_platforms import TalentPlatforms, add_firm_rd
from sim.model.vouchers import NONE, redeem, reserve
from sim.scenario.draws import draw_uncertain, run_uncertainty
from sim.scenario.library import as_scenario
from sim.scenario.loader import forecast_start, path_value

SPILLOVER = 0.25  # imitation boost per unit of public knowledge relative to the base year
ENTRANT_HIGH_TECH = 0.3  # chance an ordinary or incubated entrant is high-tech
SPINOFF_HIGH_TECH = 0.9  # chance a university spin-off is high-tech
# one random stream each per year (new mechanisms are appended: the others' streams stay the same)
STREAMS = ("university", "pool", "rd", "innovation", "market", "patents", "entry", "vouchers", "platforms", "finance",
           "outside")
REFERENCE_AWARD_SHARE = 4.0  # % of the S&T budget for HNTE awards and cultivation at which pool_entry_rate is stated
MAX_FIRM_MULTIPLE = 10  # entry stops when active firms reach this multiple of the base-year count


def _indicator(name: str, model: InnovationModel) -> float:
    return model.indicators[name]


def _year(model: InnovationModel) -> int:
    return model.year


def _firm_value(name: str, agent: mesa.Agent) -> float | bool | None:
    """A firm's ``name`` (``rd``, ``revenue``, ``is_hnte``) for the agent reporters; None for other agents."""
    return getattr(agent, name) if isinstance(agent, Firm) else None


# agent reporters on request (``InnovationModel(agent_reporters=True)``): reported R&D and revenue (million yuan)
# and HNTE status of each firm; universities and the government report None
FIRM_REPORTERS = {"firm_rd": partial(_firm_value, "rd"), "firm_revenue": partial(_firm_value, "revenue"),
                  "hnte": partial(_firm_value, "is_hnte")}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many Firm agents are created or
    removed: otherwise each burst of allocations triggers full collections
    that rescan every live agent (most of the cost of Mesa agent creation at
    province scale). Nothing is freed late that would change results."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class InnovationModel(mesa.Model):
    """Firms, universities and a government funding S&T.

    Built either from a run's parameters (``simulate`` does this) or, as Mesa models are, from keywords::

        InnovationModel(scenario="gansu_baseline", seed=1, **{"subsidy.rate": 0.1})  # or subsidy_rate=0.1

    In the keyword form the scenario's uncertain parameters (and posterior particle) are drawn from ``seed``
    exactly as ``simulate(*run_args(scenario, seed))`` draws them, so both give the same run (the model's
    state: ``simulate`` multiplies the indicators by a posterior's model discrepancy, if it has one, after the
    run); the scenario with the values applied is ``model.sim_scenario`` and the draws ``model.draws``.

    Args:
        params: flat, validated parameters of one run (``Scenario.params`` with the draws); None for the
            keyword form.
        seed: seed of ``model.rng`` (and ``model.random``); default 0, or the scenario's ``run.seed`` in the
            keyword form.
        scenario: keyword form: a ``Scenario``, a scenario file or a bundled scenario's name (default
            ``gansu_baseline``).
        agent_reporters: also collect each firm's ``firm_rd``, ``firm_revenue`` (million yuan) and ``hnte``
            every year (``datacollector.get_agent_vars_dataframe()``).
        **values: keyword form: parameter values (``Scenario.with_values``: ``subsidy_rate=0.1``,
            ``**{"budget.fiscal_st_ratio@2025": 2.5}``).

    The DataCollector records ``year`` and every indicator each year, the base year first. ``running`` turns
    False on the step after the end year (a step that changes nothing and releases the agents, their data
    kept), so Mesa's ``batch_run``, which reports the row before the last step, reports the end year.
    """

    def __init__(self, params: dict[str, Any] | None = None, seed: int | None = None, *, scenario: Any = None,
                 agent_reporters: bool = False, **values: Any) -> None:
        if params is None:
            params, seed = self._keyword_params(scenario, seed, values)
        elif scenario is not None or values:
            raise TypeError("give either params (one run's parameters) or scenario= and parameter keywords, not both")
        seed = 0 if seed is None else seed
        super().__init__(rng=seed)
        self.p = params = effective_params(params)  # the scenario's own dict unless a channel is switched off
        self.year = int(params["run.base_year"])
        self.end_year = int(params["run.end_year"])
        self.firms = draw_population(self.rng, params)
        self.stream_key = int(self.rng.integers(2**63))  # every later draw comes from a stream keyed by this, the year and the mechanism
        self._streams = Streams(self.stream_key, len(STREAMS), self.year, self.end_year)  # their seeds, computed at once
        with gc_paused():
            # the agent of each slot (None once the firm has exited): slots are dense and only appended,
            # so a list indexed by slot is kept up to date with C-level list operations
            self._agent_by_slot: list[Firm | None] = Firm.create_many(self, list(range(self.firms.n)))
        # the agents of firms that exited: deregistered at once, but freed at release in one pass (freeing each
        # as it exits, its memory cold after the year's array work, took about 0.5 us an agent)
        self._exited_agents: list[Firm] = []
        self.government = Government(self)
        # the levers of issue 17, each in its own module: talent and platforms beyond the base-year intensity,
        # the yearly assessment of cities and counties, innovation vouchers
        self.talent_platforms = TalentPlatforms.from_budgets(params, self.government.budgets, self.government.gdp)
        self.assessment = Assessment(params)
        self.vouchers = NONE
        self.voucher_budget = 0.0
        self.platform_spinoffs = 0
        self.finance = NO_FINANCE

        idx = self.firms.live
        self.firm_rd0 = float(self.firms.rd_reported.take(idx).sum()) / YI
        self.firm_knowledge0 = float(self.firms.knowledge.take(idx).sum())
        self._build_universities()
        self.patent_stock = params["observed.patents_per_10k"] * params["economy.population"]
        self.rd_cost0 = (params["observed.rd_spending"] / params["observed.rd_personnel"]
                         if params["observed.rd_personnel"] > 0 and params["observed.rd_spending"] > 0
                         else 1.0)  # 亿元 per 10k persons
        self.award_payout = 1.0
        self.subsidy_payout = 1.0
        reference_budget = self.government.fiscal_st_spending * REFERENCE_AWARD_SHARE / 100.0
        self.cultivation_per_firm0 = self._cultivation_per_firm(int(np.sum(~self.firms.hnte[idx])), reference_budget)
        self.flows: dict[str, float] = {}
        self._base_year_flows(idx)
        self.indicators = self._measure(idx)
        self.datacollector = mesa.DataCollector(
            model_reporters={"year": _year, **{name: partial(_indicator, name) for name in ALL_INDICATOR_NAMES}},
            agent_reporters=FIRM_REPORTERS if agent_reporters else None)
        self.datacollector.collect(self)

    def _keyword_params(self, scenario: Any, seed: int | None, values: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """One run's parameters and seed in the keyword form (see the class docstring)."""
        sc = as_scenario("gansu_baseline" if scenario is None else scenario)
        sc = sc.with_values(values) if values else sc
        seed = int(sc.params["run.seed"]) if seed is None else int(seed)
        self.sim_scenario = sc  # not "scenario": Mesa 3.5 models have a scenario property of their own
        self.draws = draw_uncertain(dict(sc.params), run_uncertainty(sc, seed), seed)
        return {**sc.params, **self.draws}, seed

    # ------------------------------------------------------------------ set-up
    def _build_universities(self) -> None:
        p = self.p
        n = int(p["run.n_universities"])
        univ_rd0 = p["observed.rd_spending"] * (1.0 - p["observed.enterprise_rd_share"] / 100.0)
        provincial0 = self.government.public_research_rd() if n else 0.0
        # public R&D in the base year is the observed one: when the budget's R&D share would exceed it, the
        # share is scaled down (all of it is then provincially funded and moves with the budget)
        self.public_rd_scale = min(1.0, univ_rd0 / provincial0) if provincial0 > 0 else 1.0
        provincial0 *= self.public_rd_scale
        self.public_rd0 = provincial0  # held there when channels.public_rd is 0
        other0 = max(univ_rd0 - provincial0, 0.0)
        contracts0 = p["observed.tech_contract_turnover"] * p["university.contract_share"] / 100.0 if n else 0.0
        self.firm_contract_base = p["observed.tech_contract_turnover"] - contracts0
        weights = self.rng.lognormal(0.0, 1.0, n)
        weights = weights / weights.sum() if n else weights
        delta = max(p["firms.knowledge_depreciation"] / 100.0, 0.05)
        for w in weights:
            u = University(self, float(w), other0 * float(w), contracts0 * float(w))
            u.fund(provincial0, 0.0)
            u.knowledge = u.knowledge0 = u.rd / delta
        # universities never leave: a plain list in registration order (AgentSet's order) for the yearly sums
        self.university_list: list[University] = list(self.universities)
        self.univ_knowledge0 = sum(u.knowledge for u in self.university_list)

    @property
    def universities(self) -> mesa.agent.AgentSet:
        by_type = self.agents_by_type
        return by_type[University] if University in by_type else mesa.agent.AgentSet([], random=self.random)

    def _base_year_flows(self, idx: np.ndarray) -> None:
        """Flows of the base year: subsidies on base R&D, awards for the
        certificates issued that year, tax expenditure."""
        year = self.year
        rows = ActiveRows.gather(self.firms, idx)
        rows.rd_reported = self.firms.rd_reported.take(idx)
        self._pay_subsidies(rows)
        issued = int(np.sum(self.firms.hnte[idx] & (self.firms.hnte_expiry.take(idx) == year + HNTE_VALID_YEARS)))
        self._pay_awards(issued, 0)
        self.flows["new_hnte"] = issued
        self.flows["hnte_certifications"] = issued
        self.flows["pool_size"] = 0.0
        sd = path_value(self.p["tax.super_deduction"], year)
        self.flows["tax_expenditure"] = tax_expenditure(self.firms, idx, year, self.p, sd) / YI

    # ------------------------------------------------------------------ yearly order
    def step(self) -> None:
        if self.year >= self.end_year:  # the step after the end year: the run is over (see the class docstring)
            self.running = False
            self.release()
            return
        p, f = self.p, self.firms
        unis = self.university_list
        idx = f.live  # active firms until exits
        knowledge_index = self.firm_knowledge_index(idx)
        self.year += 1
        year = self.year
        gov = self.government
        gov.update_economy(year, knowledge_index)
        self._levers_before_funding(year)
        sd = path_value(p["tax.super_deduction"], year)

        provincial = self.provincial_research_rd()
        outside = outside_funding_growth(p, year, gov.nominal_growth)
        for u in unis:
            u.fund(provincial, outside)
        stepped: list[University] = []  # in random order; firm R&D is fixed while universities step
        self.universities.shuffle_do("step", self.firm_rd_index(idx), stepped)
        draw_research(stepped, self.stream("university"), p)

        self.flows = {}
        rows = ActiveRows.gather(f, idx)  # each phase until firms grow reads and updates these
        self.flows.update(cultivate(f, rows, year, p, self.stream("pool"), self.cultivation_index(rows)))
        self.flows.update(decide_rd(f, rows, year, p, self.stream("rd"), sd, self.award_payout, self.subsidy_payout,
                                    gov.nominal_growth))
        self._levers_on_rd(rows, year)
        self._pay_subsidies(rows)
        innovate(f, rows, p, self.stream("innovation"), SPILLOVER * self.public_knowledge_index())
        graduates = float(sum(u.graduates for u in unis))
        place_staff(f, rows, p["firms.talent_per_100m"] * gov.budgets["talent"] + graduates)
        self._certify(rows, year)
        leaving = grow_and_exit(f, rows, year, p, self.stream("market"), gov.nominal_growth)
        self._levers_after_growth()
        with gc_paused():
            self._remove_firm_agents(leaving.tolist())
        live = f.live
        self.flows["tax_expenditure"] = tax_expenditure(f, live, year, p, sd) / YI
        self.flows["exits"] = float(len(leaving))
        with_entrants = self._enter(year, gov.budgets["platform"], live)
        new_patents = self.stream("patents").poisson(p["firms.patents_per_100m"] * f.rd_true.take(live).sum() / YI)  # incumbents' R&D
        new_patents += sum(u.patents for u in unis)
        self.patent_stock = self.patent_stock * (1.0 - p["firms.patent_expiry"] / 100.0) + new_patents
        self.indicators = self._measure(with_entrants)
        self.datacollector.collect(self)

    def stream(self, mechanism: str) -> np.random.Generator:
        """The random stream of ``mechanism`` this year, keyed by the model's seed, the year and the mechanism.

        Firm-level draws are made for every slot and indexed by slot, so a firm's draw does not depend on
        which other firms are active or on what other mechanisms drew: two scenarios run with the same
        seed share their random numbers (common random numbers) and their paired difference is the
        policy's effect, not a reshuffled sequence. All streams descend from ``model.rng``."""
        return self._streams.get(self.year, STREAMS.index(mechanism))  # = np.random.default_rng([key, year, index])

    # ------------------------------------------------------------------ levers of issue 17
    def _levers_before_funding(self, year: int) -> None:
        """After the budgets are set: the assessment adds its extra own-level spending, vouchers are reserved
        from other programmes, and the talent and platform channels act (``sim.model.assessment``,
        ``vouchers``, ``talent_platforms``)."""
        gov, p = self.government, self.p
        self.assessment.update(self.indicators, year, forecast_start(p), own_level_ratios(p, year, gov.level_ratios))
        shares = level_budget_shares(p)
        gov.fiscal_st_spending += self.assessment.apply(
            gov.budgets, {level: share * gov.budget_expenditure for level, share in shares.items()})
        self.voucher_budget = reserve(p, year, gov.budgets["other"])
        gov.budgets["other"] -= self.voucher_budget
        self.talent_platforms.step(gov.budgets, gov.gdp, year)
        self.platform_spinoffs = self.talent_platforms.spinoffs(self.stream("platforms"))

    def _levers_on_rd(self, rows: ActiveRows, year: int) -> None:
        """After firms set R&D: the extra R&D staff of talent programmes and the vouchers' services add to
        firm R&D this year (not to the planned R&D ratio, so nothing carries over by itself)."""
        f, p = self.firms, self.p
        wage = (1.0 + p["economy.wage_growth"] / 100.0) ** (year - p["run.base_year"])
        cost = self.rd_cost0 * wage / 1e4  # 亿元 per R&D person
        add_firm_rd(rows.rd_true, rows.rd_reported, self.talent_platforms.staff_rd(cost) * YI)
        uniform = self.stream("vouchers").random(f.n).take(rows.idx) if self.voucher_budget > 0 else rows.revenue
        self.vouchers = redeem(p, self.voucher_budget, rows.revenue, rows.hnte, uniform, rows.rd_true, rows.rd_reported)
        self._finance(rows, year)
        if path_value(p["outside.tech_purchases"], year) > 0:  # outside R&D transfer (``sim.model.outside_rd``)
            knowledge = f.knowledge.take(rows.idx)
            self.flows["tech_purchases"] = buy_technology(p, year, rows.rd_true, rows.rd_reported, knowledge)
            f.knowledge[rows.idx] = knowledge
        f.rd_true[rows.idx] = rows.rd_true  # decide_rd's R&D with the levers', written to the state once
        f.rd_reported[rows.idx] = rows.rd_reported
        self.flows["voucher_paid"] = self.vouchers.paid

    def _finance(self, rows: ActiveRows, year: int) -> None:
        """Guidance funds and technology loans (``sim.model.finance``): financed young technology SMEs spend part
        of their ticket on R&D this year and survive this year's losses."""
        f, p = self.firms, self.p
        if sme_money(p, year) <= 0:
            self.finance = NO_FINANCE
            return
        rng = self.stream("finance")
        uniform = rng.random(f.n).take(rows.idx)
        self.finance = finance_firms(p, year, rows.idx, f.birth_year.take(rows.idx), f.high_tech[rows.idx], rows.hnte,
                                     uniform, rng)
        if len(self.finance.positions):
            extra = p["finance.rd_share"] * p["finance.ticket"]
            rows.rd_true[self.finance.positions] += extra
            rows.rd_reported[self.finance.positions] += extra
            f.loss_years[self.finance.financed] = 0

    def _levers_after_growth(self) -> None:
        """The part of the financing tickets not spent on R&D adds revenue to the financed firms still active."""
        slots = self.finance.financed
        if len(slots):
            f, p = self.firms, self.p
            alive = slots[f.alive[slots]]
            f.revenue[alive] += (1.0 - p["finance.rd_share"]) * p["finance.ticket"] * p["finance.sales_per_yuan"]

    # ------------------------------------------------------------------ government verbs
    def _pay_subsidies(self, rows: ActiveRows) -> None:
        """Post-R&D subsidy: rate x reported R&D of above-scale firms, capped."""
        f, p = self.firms, self.p
        eligible = rows.revenue >= p["subsidy.min_revenue"]
        claims = path_value(p["subsidy.rate"], self.year) * rows.rd_reported * eligible / YI  # R&D >= 0
        paid, self.subsidy_payout = ration(claims, self.government.budgets["subsidy"])
        rows.subsidy = paid * YI
        f.subsidy[rows.idx] = rows.subsidy
        self.flows["subsidy_paid"] = float(paid.sum())
        self.flows["subsidy_claims"] = float(claims.sum())

    def _pay_awards(self, first: int, renewed: int) -> None:
        p = self.p
        claims = np.array([first * path_value(p["subsidy.hnte_award_first"], self.year),
                           renewed * path_value(p["subsidy.hnte_award_recert"], self.year)]) / YI
        paid, self.award_payout = ration(claims, self.government.budgets["hnte_award"])
        self.flows["hnte_awards_paid"] = float(paid.sum())

    def _certify(self, rows: ActiveRows, year: int) -> None:
        """HNTE certification: new applicants and expiring holders are checked
        against the criteria; a certificate is valid for three years."""
        f, idx = self.firms, rows.idx
        # only firms with the high-tech and S&T shares can meet the criteria: the rest are read no further
        shares_ok = ((rows.ht_share >= HNTE_MIN_HT_SHARE) & (rows.st_share >= HNTE_MIN_ST_SHARE)).nonzero()[0]
        slots = idx[shares_ok]
        hist0, hist1, hist2 = gather_columns(f.ratio_hist, slots)
        ratio_3y = (hist0 + hist1 + hist2) / 3.0  # = the rows' mean bit for bit, much faster
        met = np.zeros(len(idx), bool)
        met[shares_ok] = hnte_criteria_met(rows.revenue[shares_ok], ratio_3y, rows.ht_share[shares_ok],
                                           rows.st_share[shares_ok], year - f.birth_year.take(slots))
        holding = rows.hnte
        due = holding & (rows.hnte_expiry <= year)
        renew = due & met
        new = ~holding & met
        lapse = due & ~met
        f.hnte[idx[new]] = True
        f.hnte[idx[lapse]] = False
        f.hnte_expiry[idx[new | renew]] = year + HNTE_VALID_YEARS
        n_new, n_renewed = int(new.sum()), int(renew.sum())
        self.flows["new_hnte"] = n_new
        self.flows["renewed_hnte"] = n_renewed
        self.flows["hnte_certifications"] = n_new + n_renewed
        self.flows["lapsed_hnte"] = int(lapse.sum())
        self._pay_awards(n_new, n_renewed)

    def _enter(self, year: int, platform_budget: float, live: np.ndarray) -> np.ndarray:
        """New firms: a base rate, incubated firms per platform yuan, spin-offs.
        ``live``: slots of the active firms before entry; returns them after entry."""
        p = self.p
        n_live = len(live)
        lam = p["firms.entry_rate"] / 100.0 * n_live + p["firms.platform_entry_per_100m"] * platform_budget
        spinoffs = (int(sum(u.spinoffs for u in self.university_list)) + self.platform_spinoffs
                    + self.finance.start_ups) if channel_on(p, "entry_selection") else 0
        mean_prod = float(self.firms.productivity.take(live).mean()) if n_live else 1.0
        room = max(MAX_FIRM_MULTIPLE * int(p["run.n_firms"]) - n_live, 0)
        rng = self.stream("entry")
        drawn = int(rng.poisson(lam))
        # ordinary and incubated entrants, then spin-offs: drawn in that order, completed, appended and registered
        # together (``firm_arrays`` works firm by firm, so completing the concatenated draws changes nothing)
        cohorts = [entrant_draws(rng, count, p, ht_prob, mean_prod) for count, ht_prob in (
            (min(drawn, room), ENTRANT_HIGH_TECH), (min(spinoffs, max(room - drawn, 0)), SPINOFF_HIGH_TECH)) if count]
        if cohorts:
            draws = cohorts[0] if len(cohorts) == 1 else {name: np.concatenate([c[name] for c in cohorts]) for name in cohorts[0]}
            self._add_firms(firm_arrays(**draws, year=year, params=p))
        outside = self.stream("outside")  # relocated HNTEs (``sim.model.outside_rd``), after the other entrants
        moved = min(relocated_count(p, year, outside), max(room - drawn - spinoffs, 0)) if channel_on(p, "entry_selection") else 0
        if moved:
            self._add_firms(relocated_arrays(outside, moved, year, p, mean_prod))
        live = self.firms.live
        self.flows["entries"] = float(len(live) - n_live)
        return live

    def _add_firms(self, new: dict[str, np.ndarray]) -> None:
        """Append the firms of the arrays ``new`` and register their agents."""
        slots = self.firms.append(new)
        with gc_paused():
            slot_list = slots.tolist()
            assert slot_list[0] == len(self._agent_by_slot)  # appended slots follow the last one
            self._agent_by_slot.extend(Firm.create_many(self, slot_list))

    @property
    def firm_agents(self) -> dict[int, Firm]:
        """The Firm agent of each active firm by slot, in slot order (built on each access: for inspection)."""
        return {slot: a for slot, a in enumerate(self._agent_by_slot) if a is not None}

    def _remove_firm_agents(self, slots: list[int]) -> None:
        """Deregister the Firm agents of ``slots`` (firms that exited) and forget them (kept until release)."""
        by_slot = self._agent_by_slot
        agents = list(map(by_slot.__getitem__, slots))
        Firm.remove_many(self, agents)
        collections.deque(map(by_slot.__setitem__, slots, itertools.repeat(None)), maxlen=0)  # a C-level loop
        self._exited_agents.extend(agents)

    def _cultivation_per_firm(self, uncertified: int, budget: float | None = None) -> float:
        """Award and cultivation budget per uncertified firm, 亿元."""
        return (self.government.budgets["hnte_award"] if budget is None else budget) / max(uncertified, 1)

    def provincial_research_rd(self) -> float:
        """R&D universities and institutes perform with provincial money this year (亿元): from this year's
        budget, or the base year's amount when ``channels.public_rd`` is 0."""
        if not channel_on(self.p, "public_rd"):
            return self.public_rd0
        return self.government.public_research_rd() * self.public_rd_scale

    def cultivation_index(self, rows: ActiveRows) -> float:
        """This year's award and cultivation budget per uncertified firm relative to the reference: the base
        year's at the reference budget share, so a scenario with a larger share cultivates more from the start."""
        if self.cultivation_per_firm0 <= 0 or not channel_on(self.p, "hnte"):
            return 1.0
        return self._cultivation_per_firm(int((~rows.hnte).sum())) / self.cultivation_per_firm0

    # ------------------------------------------------------------------ measures
    def firm_knowledge_index(self, live: np.ndarray | None = None) -> float:
        """Firm knowledge stock relative to its base-year level grown with trend GDP.
        ``live``: slots of the active firms, if the caller has them."""
        if self.firm_knowledge0 <= 0:
            return 1.0
        trend = self.government.trend_gdp / self.p["economy.gdp"]
        live = self.firms.live if live is None else live
        return float(self.firms.knowledge.take(live).sum()) / (self.firm_knowledge0 * trend)

    def univ_knowledge_index(self) -> float:
        if self.univ_knowledge0 <= 0:
            return 0.0
        return float(sum(u.knowledge for u in self.university_list)) / self.univ_knowledge0

    def public_knowledge_index(self) -> float:
        """Universities' and platforms' extra knowledge relative to the universities' base-year stock."""
        if self.univ_knowledge0 <= 0:
            return 0.0
        return self.univ_knowledge_index() + self.talent_platforms.platform_knowledge / self.univ_knowledge0

    def firm_rd_index(self, live: np.ndarray | None = None) -> float:
        """Firm R&D (reported, last computed) relative to the base year.
        ``live``: slots of the active firms, if the caller has them."""
        if self.firm_rd0 <= 0:
            return 1.0
        live = self.firms.live if live is None else live
        return float(self.firms.rd_reported.take(live).sum()) / YI / self.firm_rd0

    def _measure(self, live: np.ndarray | None = None) -> dict[str, float]:
        """This year's indicators (see ``sim.indicators``); ``live``: slots of the active firms, if known."""
        f, gov, p = self.firms, self.government, self.p
        idx = f.live if live is None else live
        unis = self.university_list
        firm_rd_total = float(f.rd_reported.take(idx).sum())  # million yuan
        firm_rd = firm_rd_total / YI
        univ_rd = float(sum(u.rd for u in unis))
        univ_paid = gov.budgets["university"]
        rd = firm_rd + univ_rd
        ht_output = float((f.revenue.take(idx) * f.ht_share.take(idx)).sum()) / YI
        wage = (1.0 + p["economy.wage_growth"] / 100.0) ** (self.year - p["run.base_year"])
        personnel = rd / (self.rd_cost0 * wage)  # 10k persons
        # = self.firm_rd_index(idx), less the R&D bought with vouchers: registered as contracts below already
        rd_index = (firm_rd - self.vouchers.extra) / self.firm_rd0 if self.firm_rd0 > 0 else 1.0
        deepening = contract_deepening_index(p, self.year - p["run.base_year"]) * contract_registration_index(p, self.year)
        contracts = (self.firm_contract_base * rd_index + float(sum(u.contracts for u in unis))) * deepening
        contracts = max(contracts + self.talent_platforms.contracts() + self.vouchers.extra, 0.0)
        b = gov.budgets
        fl = self.flows
        direct = fl["subsidy_paid"] + fl["hnte_awards_paid"] + univ_paid + b["platform"] + b["talent"]
        out = {
            "gdp": gov.gdp,
            "budget_expenditure": gov.budget_expenditure,
            "fiscal_st_spending": gov.fiscal_st_spending,
            "fiscal_st_ratio": 100.0 * gov.fiscal_st_spending / gov.budget_expenditure if gov.budget_expenditure else 0.0,
            "rd_spending": rd,
            "rd_intensity": 100.0 * rd / gov.gdp,
            "enterprise_rd_share": 100.0 * firm_rd / rd if rd > 0 else 0.0,
            "subsidy_paid": fl["subsidy_paid"],
            "hnte_awards_paid": fl["hnte_awards_paid"],
            "tax_expenditure": fl["tax_expenditure"],
            "university_funding": univ_paid,
            "hnte_count": float(f.hnte[idx].sum()),
            "new_hnte": float(fl["new_hnte"]),
            "firm_count": float(len(idx)),
            "high_tech_output": ht_output,
            "high_tech_output_share": 100.0 * ht_output / gov.gdp,
            "patents_per_10k": self.patent_stock / gov.population,
            "tech_contract_turnover": contracts,
            "rd_personnel_per_10k_employed": personnel * p["observed.rd_fte_ratio"] / gov.employed * 1e4,
            "platform_funding": b["platform"],
            "talent_funding": b["talent"],
            "other_st_spending": max(gov.fiscal_st_spending - direct, 0.0),  # >= 0 up to rounding
            "fiscal_cost": gov.fiscal_st_spending + fl["tax_expenditure"],
            "rd_personnel": personnel,
            "hnte_certifications": float(fl["hnte_certifications"]),
            "hnte_pool": float(fl.get("pool_size", 0.0)),
            **{f"fiscal_st_ratio_{level}": value + self.assessment.extra.get(level, 0.0)
               for level, value in own_level_ratios(p, self.year, gov.level_ratios).items()},
        }
        return out

    def run(self) -> None:
        """Step to the end year."""
        with gc_paused():  # a run makes no cyclic garbage; collections would only rescan live agents
            while self.running and self.year < self.end_year:
                self.step()

    def release(self) -> None:
        """Let the model be freed once the caller drops it (memory would otherwise grow with each
        replicate run in the same process; ``mesa_compat.release_model`` says why)."""
        # break the model <-> agent reference cycles so reference counting frees the agents at once
        self._agent_by_slot.clear()
        self._exited_agents.clear()
        release_model(self)
