"""Mesa agents: firms (identity over the firm arrays), universities and
research institutes, and the provincial government.

Money: firm figures in million yuan; university and government figures in
100 million yuan (亿元).
"""

from __future__ import annotations

import collections
import itertools
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from sim.model.mesa_compat import fast_registries, id_counter, weak_add, weak_discard
from sim.model.trends import damped_trend_index
from sim.scenario.loader import forecast_start, path_value

if TYPE_CHECKING:
    from sim.model.model import InnovationModel


class Firm(mesa.Agent):
    """One firm. Its state lives in ``model.firms`` at ``slot``; the
    properties below make it inspectable like any Mesa agent."""

    def __init__(self, model: InnovationModel, slot: int) -> None:
        super().__init__(model)
        self.slot = slot

    @classmethod
    def create_many(cls, model: InnovationModel, slots: list[int]) -> list[Firm]:
        """The firms of ``slots``: the same agents, unique ids and registration with the model
        as ``[Firm(model, s) for s in slots]``, without Mesa's per-agent registration call and
        log line, which dominate the cost of a province-scale run. Falls back to the plain
        constructor if Mesa's registry is not as expected (``sim.model.mesa_compat``)."""
        slots = list(slots)
        agents: list[Firm] = []
        if slots and cls not in model.agents_by_type:  # the first firm creates the Firm AgentSet
            agents.append(cls(model, slots.pop(0)))
        sets = fast_registries(model, cls)
        if sets is None:
            return agents + [cls(model, s) for s in slots]
        counter = id_counter(model, cls)
        created = list(map(cls.__new__, itertools.repeat(cls, len(slots))))  # the objects, made in C
        for a, s, uid in zip(created, slots, counter, strict=False):  # agents first: stops before drawing an id too many
            a.model = model
            a.unique_id = uid
            a.pos = None
            a.slot = s
        agents += created
        registry, by_type, everyone = sets
        registry.update(dict.fromkeys(agents))
        weak_add([by_type, everyone], agents)
        return agents

    @classmethod
    def remove_many(cls, model: InnovationModel, agents: list[Firm]) -> None:
        """``a.remove()`` for each firm (deregistered from the model), in bulk."""
        sets = fast_registries(model, cls)
        if sets is None:
            for a in agents:
                a.remove()
            return
        registry, by_type, everyone = sets
        collections.deque(map(registry.__delitem__, agents), maxlen=0)
        weak_discard([by_type, everyone], agents)

    @property
    def revenue(self) -> float:
        """Sales revenue, million yuan."""
        return float(self.model.firms.revenue[self.slot])

    @property
    def rd(self) -> float:
        """Reported R&D this year, million yuan."""
        return float(self.model.firms.rd_reported[self.slot])

    @property
    def rd_true(self) -> float:
        """R&D really spent this year, million yuan."""
        return float(self.model.firms.rd_true[self.slot])

    @property
    def is_hnte(self) -> bool:
        return bool(self.model.firms.hnte[self.slot])

    @property
    def high_tech(self) -> bool:
        return bool(self.model.firms.high_tech[self.slot])

    @property
    def st_share(self) -> float:
        return float(self.model.firms.st_share[self.slot])

    @property
    def ht_share(self) -> float:
        return float(self.model.firms.ht_share[self.slot])

    def snapshot(self) -> dict[str, float | int | bool]:
        """Plain copy of this firm's state."""
        return {name: arr[self.slot].tolist() for name, arr in self.model.firms.arrays().items()}


class University(mesa.Agent):
    """A university or public research institute.

    Attributes:
        weight: its share of provincial university funding.
        other_funding: funding from outside the provincial S&T budget, 亿元.
        rd: research spending this year, 亿元.
        knowledge: research knowledge stock, 亿元.
        contract_base: its base-year tech-contract turnover, 亿元.
    """

    def __init__(self, model: InnovationModel, weight: float, other_funding: float,
                 contract_base: float) -> None:
        super().__init__(model)
        self.weight = weight
        self.other_funding = other_funding
        self.provincial_funding = 0.0
        self.rd = 0.0
        self.knowledge = 0.0
        self.knowledge0 = 0.0
        self.contract_base = contract_base
        self.contracts = contract_base
        self.patents = 0
        self.graduates = 0.0
        self.spinoffs = 0

    def fund(self, provincial_total: float, outside_growth: float) -> None:
        """Receive this year's funding (亿元): a share of the provincial budget, plus outside funding grown by
        ``outside_growth`` (share; ``outside_funding_growth``)."""
        self.provincial_funding = self.weight * provincial_total
        self.other_funding *= 1.0 + outside_growth
        self.rd = self.provincial_funding + self.other_funding

    def step(self, demand: float, stepped: list[University]) -> None:
        """Research: knowledge, graduates and tech contracts; the university then joins ``stepped``, the year's
        universities in the order they stepped, whose patents and spin-offs ``draw_research`` draws at once.

        ``demand`` is the model's firm R&D index, passed in by the model (agents never call back into it)."""
        p = self.model.p
        delta = p["firms.knowledge_depreciation"] / 100.0
        self.knowledge = (1.0 - delta) * self.knowledge + self.rd
        self.graduates = p["university.graduates_per_100m"] * self.rd
        growth = (self.knowledge / self.knowledge0) * demand if self.knowledge0 > 0 else demand
        self.contracts = self.contract_base * growth ** 0.5
        stepped.append(self)


def outside_funding_growth(p: dict[str, Any], year: int, nominal_growth: float) -> float:
    """This year's growth (share) of university and institute funding from outside the provincial S&T budget
    (central grants and the like): that of the observed government-funded R&D (``observed.government_rd``, the
    bulletins by source of funds) in the years the path covers, else nominal GDP growth. The provincial part
    follows the S&T budget (``Government.public_research_rd``); the bulletins do not separate the two, so the
    outside part takes the growth of their sum (docs/ODD.md §3.3.11)."""
    path = p["observed.government_rd"]
    if year <= max(path):
        now, before = path_value(path, year), path_value(path, year - 1)
        if now > 0 and before > 0:
            return now / before - 1.0
    return nominal_growth


def contract_deepening_index(p: dict[str, Any], years_since_base: int) -> float:
    """Technology-market deepening: the factor on contract turnover ``years_since_base`` years after the base
    year, a damped trend at ``university.contract_deepening`` % a year damped by ``contract_deepening_damping``
    (``damped_trend_index``; docs/ODD.md §3.3.15)."""
    return damped_trend_index(p["university.contract_deepening"] / 100.0, p["university.contract_deepening_damping"],
                              years_since_base)


def contract_registration_index(p: dict[str, Any], year: int) -> float:
    """Registration step: the factor on contract turnover in ``year`` from a change in how contracts are registered
    (a registration campaign, 认定登记), not in the market. It rises geometrically from 1 to
    ``university.contract_registration_step`` over the years ``contract_step_from`` to ``contract_step_to`` and
    stays there; ``contract_step_from`` 0 (or a step of 1) is no step. Relative to the base year, whose turnover
    is observed: a step before it is already in the base-year value (docs/ODD.md §3.3.15)."""
    step = p["university.contract_registration_step"]
    first = int(p["university.contract_step_from"])
    if first <= 0 or step == 1.0 or year < first:
        return 1.0
    last = max(int(p["university.contract_step_to"]), first)

    def reached(y: int) -> float:
        return min(max(y - first + 1, 0), last - first + 1) / (last - first + 1)

    return float(step ** (reached(year) - reached(int(p["run.base_year"]))))


def draw_research(universities: list[University], rng: np.random.Generator, p: dict[str, Any]) -> None:
    """Each university's patents and spin-offs this year: Poisson, with means per 亿元 of its R&D, drawn from
    ``rng`` (this year's university stream) for each university in the order given, patents then spin-offs.
    One draw over the array of means gives the numbers the same draws one at a time would give."""
    rd = np.array([u.rd for u in universities], dtype=float)
    means = np.empty(2 * len(rd))
    means[0::2] = p["university.patents_per_100m"] * rd
    means[1::2] = p["university.spinoff_per_100m"] * rd
    counts = rng.poisson(means).tolist()
    for u, patents, spinoffs in zip(universities, counts[0::2], counts[1::2], strict=True):
        u.patents, u.spinoffs = patents, spinoffs


LEVELS = ("province", "city", "county")
OTHER_RD_WEIGHT = 0.5  # R&D per yuan of the other S&T programmes relative to the university channel (assumption)


def level_budget_shares(p: dict[str, Any]) -> dict[str, float]:
    """Each level's share of the consolidated general budget (share, summing to 1; counties the rest)."""
    province = p["budget.province_budget_share"] / 100.0
    city = min(p["budget.city_budget_share"] / 100.0, 1.0 - province)
    return {"province": province, "city": city, "county": max(1.0 - province - city, 0.0)}


def level_st_ratios(p: dict[str, Any], year: int) -> dict[str, float] | None:
    """Each level's own fiscal S&T ratio (% of its own budget) set by the scenario for ``year``, or None
    while the consolidated ratio applies (before ``budget.own_level_from``, or always when it is 0)."""
    start = int(p["budget.own_level_from"])
    if start <= 0 or year < start:
        return None
    return {level: path_value(p[f"budget.{level}_st_ratio"], year) for level in LEVELS}


def consolidated_st_ratio(p: dict[str, Any], year: int, levels: dict[str, float] | None) -> float:
    """Fiscal S&T spending / consolidated budget (%): the scenario's consolidated path, or the levels' own
    ratios weighted by their budget shares (the plans set own-level 本级 ratios: seed 004 二(三)1)."""
    if levels is None:
        return path_value(p["budget.fiscal_st_ratio"], year)
    shares = level_budget_shares(p)
    return sum(shares[level] * levels[level] for level in LEVELS)


def own_level_ratios(p: dict[str, Any], year: int, levels: dict[str, float] | None) -> dict[str, float]:
    """Each level's own fiscal S&T ratio (%): as set, or, under a consolidated ratio, implied by the
    assumed split of S&T spending between the levels (``budget.province_st_share``, ``city_st_share``)."""
    if levels is not None:
        return dict(levels)
    ratio = path_value(p["budget.fiscal_st_ratio"], year)
    budget = level_budget_shares(p)
    province = p["budget.province_st_share"] / 100.0
    city = min(p["budget.city_st_share"] / 100.0, 1.0 - province)
    st = {"province": province, "city": city, "county": max(1.0 - province - city, 0.0)}
    return {level: ratio * st[level] / budget[level] if budget[level] > 0 else 0.0 for level in LEVELS}


class Government(mesa.Agent):
    """The provincial government: GDP path, budget and the S&T budget channels.

    All money in 亿元. ``budgets`` holds this year's channel budgets; what the
    subsidy and award channels leave unclaimed goes to other S&T programmes.
    """

    def __init__(self, model: InnovationModel) -> None:
        super().__init__(model)
        p = model.p
        self.trend_gdp = p["economy.gdp"]
        self.gdp = p["economy.gdp"]
        self.population = p["economy.population"]
        self.employed = p["economy.employed"]
        self.nominal_growth = 0.0
        self.knowledge_anchor = 1.0  # firm knowledge index in the last observed year
        self.budget_expenditure = 0.0
        self.fiscal_st_spending = 0.0
        self.budgets: dict[str, float] = {}
        self.budget_factor = 1.0  # accumulated budget shocks (economy.budget_shock_sd)
        self.shock_rng = (model.rng.spawn(1)[0] if p.get("economy.gdp_growth_shock_sd", 0.0) > 0
                          or p.get("economy.budget_shock_sd", 0.0) > 0 else None)  # own stream: model draws unchanged
        self.allocate(model.year)

    def public_research_rd(self) -> float:
        """R&D that universities and institutes perform with provincial money this year (亿元): the share
        ``university.rd_share_of_funding`` of the university channel, and half that share of the other S&T
        programmes (project grants mixed with administration and S&T services: an assumption, docs/ODD.md).
        The rest of that money is spending, not R&D."""
        b = self.budgets
        return self.model.p["university.rd_share_of_funding"] * (b["university"] + OTHER_RD_WEIGHT * b["other"])

    def update_economy(self, year: int, knowledge_index: float) -> None:
        """Advance GDP: trend growth, times the firm-knowledge feedback in forecast years.

        Before the first forecast year GDP follows its (observed) trend path; from then on it moves with
        firm knowledge relative to its level in the last observed year, so the feedback never re-writes
        history."""
        p = self.model.p
        g = path_value(p["economy.gdp_growth"], year) / 100.0
        if self.shock_rng is not None and year >= p["economy.shock_from_year"]:
            e_gdp, e_budget = self.shock_rng.standard_normal(2)
            g += p["economy.gdp_growth_shock_sd"] * e_gdp / 100.0
            self.budget_factor *= max(1.0 + p["economy.budget_shock_sd"] * e_budget / 100.0, 0.1)
        self.trend_gdp *= 1.0 + g
        old = self.gdp
        if year < forecast_start(p):
            self.knowledge_anchor = max(knowledge_index, 1e-6)
        relative = max(knowledge_index, 1e-6) / self.knowledge_anchor
        self.gdp = self.trend_gdp * relative ** p["economy.gdp_feedback"]
        self.nominal_growth = self.gdp / old - 1.0
        pop_g = p["economy.population_growth"] / 100.0
        self.population *= 1.0 + pop_g
        self.employed *= 1.0 + pop_g
        self.allocate(year)

    def allocate(self, year: int) -> None:
        """Budget expenditure, fiscal S&T spending and its channel budgets (亿元)."""
        p = self.model.p
        self.budget_expenditure = path_value(p["economy.budget_share_gdp"], year) / 100.0 * self.gdp * self.budget_factor
        self.level_ratios = level_st_ratios(p, year)
        self.fiscal_st_spending = consolidated_st_ratio(p, year, self.level_ratios) / 100.0 * self.budget_expenditure
        s = self.fiscal_st_spending / 100.0
        self.budgets = {
            "subsidy": path_value(p["budget.subsidy_share"], year) * s,
            "hnte_award": path_value(p["budget.hnte_award_share"], year) * s,
            "university": path_value(p["budget.university_share"], year) * s,
            "platform": path_value(p["budget.platform_share"], year) * s,
            "talent": path_value(p["budget.talent_share"], year) * s,
        }
        self.budgets["other"] = max(self.fiscal_st_spending - sum(self.budgets.values()), 0.0)
