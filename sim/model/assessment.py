"""The yearly assessment of cities and counties (seed 001 五(四); seed 004 十一).

R&D intensity, the own-level fiscal S&T ratio, the HNTE count and technology-contract turnover enter each
city's and county's yearly assessment. With ``assessment.on`` = 1, from the first forecast year, the cities'
own level and the counties are each scored on last year's indicators against the straight line from
their values in the last observed year to the targets in ``assessment.target_year`` (the targets hold
after it). The shortfall on an indicator is ``max(0, 1 - value / line)``; a level's score is the mean over
its four indicators (R&D intensity, HNTEs and contracts are the province's: the model has no city
firms). A level behind raises its own-level S&T ratio by ``assessment.response`` x score points a year,
up to ``assessment.max_own_ratio`` (% of its own budget); the extra is never withdrawn (the plans ask
for "stable, continuous growth", seed 004 十一). The extra money goes ``assessment.cultivation_share`` %
to HNTE awards and cultivation, the rest to other S&T programmes; the province is not assessed here.

Money in 100 million yuan (亿元); ratios in percent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ASSESSED_LEVELS = ("city", "county")


def shortfall(value: float, line: float) -> float:
    """Share by which ``value`` falls short of ``line`` (0 when on or above it)."""
    if line <= 0:
        return 0.0
    return min(max(1.0 - value / line, 0.0), 1.0)


def straight_line(start: float, target: float, first_year: int, target_year: int, year: int) -> float:
    """The assessed level in ``year``: linear from ``start`` in ``first_year`` to ``target`` in ``target_year``."""
    if year >= target_year or target_year <= first_year:
        return target
    return start + (target - start) * (year - first_year) / (target_year - first_year)


@dataclass
class Assessment:
    """Extra own-level S&T ratio points of the cities and counties (0 while the assessment is off)."""

    p: dict[str, Any]
    extra: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ASSESSED_LEVELS, 0.0))
    start: dict[str, float] = field(default_factory=dict)  # indicator values in the last observed year
    start_year: int = 0
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def on(self) -> bool:
        return int(self.p["assessment.on"]) == 1

    def targets(self, level: str) -> dict[str, tuple[str, float]]:
        """Indicator name -> (parameter, target) assessed for ``level``."""
        p = self.p
        return {"rd_intensity": ("assessment.rd_intensity_target", p["assessment.rd_intensity_target"]),
                f"fiscal_st_ratio_{level}": (f"assessment.{level}_st_target", p[f"assessment.{level}_st_target"]),
                "hnte_count": ("assessment.hnte_target", p["assessment.hnte_target"]),
                "tech_contract_turnover": ("assessment.contract_target", p["assessment.contract_target"])}

    def score(self, level: str, indicators: dict[str, float], year: int) -> float:
        """Mean shortfall of ``level`` on last year's ``indicators`` (0 to 1)."""
        target_year = int(self.p["assessment.target_year"])
        gaps = [shortfall(indicators[name], straight_line(self.start[name], target, self.start_year, target_year, year))
                for name, (_key, target) in self.targets(level).items()]
        return sum(gaps) / len(gaps)

    def update(self, indicators: dict[str, float], year: int, forecast_start: int,
               own_ratios: dict[str, float]) -> None:
        """Assess last year's ``indicators`` (the model's, measured in ``year - 1``) and raise the extra ratios.
        ``own_ratios``: each level's own ratio this year before the extra (% of its own budget)."""
        if not self.on or year < forecast_start:
            return
        if not self.start:
            self.start_year = year - 1
            self.start = {name: float(indicators[name]) for level in ASSESSED_LEVELS for name in self.targets(level)}
        cap = self.p["assessment.max_own_ratio"]
        for level in ASSESSED_LEVELS:
            s = self.score(level, indicators, year - 1)
            self.scores[level] = s
            room = max(cap - own_ratios[level], 0.0)
            self.extra[level] = min(self.extra[level] + self.p["assessment.response"] * s, max(room, self.extra[level]))

    def extra_spending(self, level_budgets: dict[str, float]) -> float:
        """Extra fiscal S&T spending this year (亿元) from the levels' extra ratios and own budgets (亿元)."""
        return sum(self.extra[level] / 100.0 * level_budgets[level] for level in ASSESSED_LEVELS)

    def apply(self, budgets: dict[str, float], level_budgets: dict[str, float]) -> float:
        """Add the extra spending to the channel budgets in place; returns it (亿元)."""
        money = self.extra_spending(level_budgets)
        if money > 0:
            share = self.p["assessment.cultivation_share"] / 100.0
            budgets["hnte_award"] += share * money
            budgets["other"] += (1.0 - share) * money
        return money
