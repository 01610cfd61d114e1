"""Mesa agents: firms (identity over the firm arrays), universities and
research institutes, and the provincial government.

Money: firm figures in million yuan; university and government figures in
100 million yuan (亿元).
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import mesa

from sim.model.mesa_compat import fast_registries, id_counter, weak_add, weak_discard
from sim.scenario.loader import path_value

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
        new = cls.__new__
        for s, uid in zip(slots, counter, strict=False):  # slots first: stops before drawing an id too many
            a = new(cls)
            a.model, a.unique_id, a.pos, a.slot = model, uid, None, s
            agents.append(a)
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

    def fund(self, provincial_total: float, nominal_growth: float) -> None:
        """Receive this year's funding (亿元): a share of the provincial budget,
        plus outside funding growing with nominal GDP."""
        self.provincial_funding = self.weight * provincial_total
        self.other_funding *= 1.0 + nominal_growth
        self.rd = self.provincial_funding + self.other_funding

    def step(self, demand: float) -> None:
        """Research: knowledge, patents, graduates, spin-offs and tech contracts.

        ``demand`` is the model's firm R&D index, passed in by the model (agents never call back into it)."""
        p = self.model.p
        rng = self.model.rng
        delta = p["firms.knowledge_depreciation"] / 100.0
        self.knowledge = (1.0 - delta) * self.knowledge + self.rd
        self.patents = int(rng.poisson(p["university.patents_per_100m"] * self.rd))
        self.graduates = p["university.graduates_per_100m"] * self.rd
        self.spinoffs = int(rng.poisson(p["university.spinoff_per_100m"] * self.rd))
        growth = (self.knowledge / self.knowledge0) * demand if self.knowledge0 > 0 else demand
        self.contracts = self.contract_base * growth ** 0.5


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
        self.budget_expenditure = 0.0
        self.fiscal_st_spending = 0.0
        self.budgets: dict[str, float] = {}
        self.allocate(model.year)

    def update_economy(self, year: int, knowledge_index: float) -> None:
        """Advance GDP: trend growth times the firm-knowledge feedback."""
        p = self.model.p
        g = path_value(p["economy.gdp_growth"], year) / 100.0
        self.trend_gdp *= 1.0 + g
        old = self.gdp
        self.gdp = self.trend_gdp * max(knowledge_index, 1e-6) ** p["economy.gdp_feedback"]
        self.nominal_growth = self.gdp / old - 1.0
        pop_g = p["economy.population_growth"] / 100.0
        self.population *= 1.0 + pop_g
        self.employed *= 1.0 + pop_g
        self.allocate(year)

    def allocate(self, year: int) -> None:
        """Budget expenditure, fiscal S&T spending and its channel budgets (亿元)."""
        p = self.model.p
        self.budget_expenditure = path_value(p["economy.budget_share_gdp"], year) / 100.0 * self.gdp
        self.fiscal_st_spending = path_value(p["budget.fiscal_st_ratio"], year) / 100.0 * self.budget_expenditure
        s = self.fiscal_st_spending / 100.0
        self.budgets = {
            "subsidy": p["budget.subsidy_share"] * s,
            "hnte_award": p["budget.hnte_award_share"] * s,
            "university": p["budget.university_share"] * s,
            "platform": p["budget.platform_share"] * s,
            "talent": p["budget.talent_share"] * s,
        }
