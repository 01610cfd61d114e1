"""Talent programmes and platforms that act (issue 17; seed 001 二, 四(三), 四(五); seed 004 九).

Both channels act through the money they receive *beyond the base-year intensity*: the base-year channel
budget grown with GDP. What the base year's budget already sustains is in the observed base-year R&D,
personnel and contracts, so a scenario that keeps the base-year intensity sees no change from here, and
one that raises (or cuts) a channel sees the difference.

* Talent: extra money recruits ``firms.talent_per_100m`` persons per 亿元; they arrive ``talent.lag_years``
  later and stay with probability ``talent.retention`` a year. The share ``talent.rd_share`` of the extra
  recruits still in the region are extra R&D personnel in firms, each with the average R&D spending per
  R&D person (wages, materials and equipment): firm R&D rises by that much, spread over firms in
  proportion to their R&D.
* Platforms: the share ``platform.rd_share`` of the extra money adds to a platform knowledge stock
  (depreciating like firm knowledge) that raises technology-contract turnover
  (``platform.contracts_per_100m``), high-tech spin-offs (``platform.spinoff_per_100m``) and public
  knowledge for imitation (with the universities' knowledge).

Money in 100 million yuan (亿元) unless stated; persons are persons.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.scenario.loader import path_value

YI = 100.0  # million yuan per 亿元 (as in sim.model.population)


def excess_budget(budget: float, base_budget: float, gdp_ratio: float) -> float:
    """Channel money this year beyond the base-year intensity (亿元, negative below it):
    ``budget - base_budget x GDP / base-year GDP``."""
    return budget - base_budget * gdp_ratio


@dataclass
class TalentPipeline:
    """Extra programme recruits (persons, negative for a cut below the base-year intensity).

    Attributes:
        lag: years from money to arrival.
        retention: share of recruits staying a year (0..1).
        waiting: recruits paid for but not yet arrived, oldest first.
        stock: extra recruits in the region.
    """

    lag: int
    retention: float
    waiting: deque[float] = field(default_factory=deque)
    stock: float = 0.0

    def step(self, recruits: float) -> float:
        """Add this year's recruits (persons) to the pipeline; return the stock after arrivals."""
        self.waiting.append(recruits)
        arriving = self.waiting.popleft() if len(self.waiting) > self.lag else 0.0
        self.stock = self.retention * self.stock + arriving
        return self.stock


@dataclass
class TalentPlatforms:
    """The state of both channels; ``step`` is the model's hook once a year after the budgets are set."""

    p: dict[str, Any]
    base_talent: float  # base-year talent budget, 亿元
    base_platform: float  # base-year platform budget, 亿元
    base_gdp: float
    pipeline: TalentPipeline = field(init=False)
    platform_knowledge: float = 0.0  # 亿元
    extra_rd_staff: float = 0.0  # persons
    recruits: float = 0.0  # persons paid for this year (may be negative)

    def __post_init__(self) -> None:
        self.pipeline = TalentPipeline(int(self.p["talent.lag_years"]), self.p["talent.retention"] / 100.0)

    @classmethod
    def from_budgets(cls, p: dict[str, Any], budgets: dict[str, float], gdp: float) -> TalentPlatforms:
        return cls(p, budgets["talent"], budgets["platform"], gdp)

    def step(self, budgets: dict[str, float], gdp: float, year: int) -> None:
        """This year's recruits, extra R&D staff and platform knowledge from the channel budgets (亿元), or,
        for the recruits, from the plan's count ``talent.plan_recruits`` when it is above 0."""
        p = self.p
        ratio = gdp / self.base_gdp if self.base_gdp > 0 else 1.0
        per_100m = p["firms.talent_per_100m"]
        planned = path_value(p["talent.plan_recruits"], year)
        if planned > 0:
            self.recruits = planned - per_100m * self.base_talent * ratio
        else:
            self.recruits = per_100m * excess_budget(budgets["talent"], self.base_talent, ratio)
        self.extra_rd_staff = p["talent.rd_share"] * self.pipeline.step(self.recruits)
        delta = p["firms.knowledge_depreciation"] / 100.0
        extra_platform = excess_budget(budgets["platform"], self.base_platform, ratio)
        self.platform_knowledge = (1.0 - delta) * self.platform_knowledge + p["platform.rd_share"] * extra_platform

    def staff_rd(self, cost_per_person: float) -> float:
        """Firm R&D of the extra R&D staff this year (亿元); ``cost_per_person`` in 亿元 per person."""
        return self.extra_rd_staff * cost_per_person

    def contracts(self) -> float:
        """Technology-contract turnover of the platforms' extra knowledge this year (亿元)."""
        return self.p["platform.contracts_per_100m"] * self.platform_knowledge

    def spinoffs(self, rng: np.random.Generator) -> int:
        """High-tech spin-offs of the platforms this year (none while the stock is below its reference)."""
        lam = self.p["platform.spinoff_per_100m"] * max(self.platform_knowledge, 0.0)
        return int(rng.poisson(lam)) if lam > 0 else 0


def add_firm_rd(rd_true: np.ndarray, rd_reported: np.ndarray, extra: float) -> np.ndarray:
    """Spread ``extra`` million yuan of R&D over firms in proportion to their true R&D (a cut never takes a
    firm below zero); returns each firm's addition. Arrays are updated in place."""
    total = float(rd_true.sum()) if extra != 0.0 else 0.0
    if extra == 0.0 or total <= 0.0:
        return np.zeros_like(rd_true)
    add = np.maximum(extra * rd_true / total, -rd_true)
    rd_true += add
    rd_reported += add
    return add
