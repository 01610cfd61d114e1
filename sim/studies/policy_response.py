"""The policy-response table: what each lever does, from paired runs (common random numbers).

Each lever is a set of ``--set`` overrides applied to the scenario; the reference and the lever run with
the same replicate seeds and the same uncertain-parameter draws, so a difference is the lever's effect
alone. Effects are medians over replicates of the paired differences, with their 5-95% range. Money in
100 million yuan (亿元); firm R&D is R&D spending x the enterprise share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.runs.executors import executor_scope
from sim.scenario.loader import Scenario, apply_overrides, path_value
from sim.studies.design import cumulative, run_points, seeds_for

RESPONSE_YEAR = 2030


@dataclass(frozen=True)
class Lever:
    """One policy change and how its effect is measured.

    Attributes:
        name: short id.
        label: what changes, in words.
        overrides: ``--set`` strings, built from the scenario (some levers scale its own values).
        outcome: the effect's name.
        effect: paired-difference measure per replicate, from (reference results, lever results, first, last).
        unit: the effect's unit.
    """

    name: str
    label: str
    overrides: Callable[[Scenario], list[str]]
    outcome: str
    effect: Callable[[dict[str, Any], dict[str, Any], int, int], float]
    unit: str


def _firm_rd(res: dict[str, Any]) -> np.ndarray:
    return np.asarray(res["rd_spending"]) * np.asarray(res["enterprise_rd_share"]) / 100.0


def _sum(values: np.ndarray, res: dict[str, Any], first: int, last: int) -> float:
    years = np.asarray(res["year"])
    return float(values[(years >= first) & (years <= last)].sum())


def _at(res: dict[str, Any], name: str, year: int) -> float:
    years = np.asarray(res["year"])
    return float(np.asarray(res[name])[years == year][0])


def _per_yuan(spend: str) -> Callable[[dict[str, Any], dict[str, Any], int, int], float]:
    """Extra firm R&D per extra yuan of ``spend`` (both summed over the forecast years)."""
    def effect(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
        extra_rd = _sum(_firm_rd(alt), alt, first, last) - _sum(_firm_rd(ref), ref, first, last)
        extra_spend = cumulative([alt], spend, first, last)[0] - cumulative([ref], spend, first, last)[0]
        return extra_rd / extra_spend if abs(extra_spend) > 1e-12 else float("nan")
    return effect


def _delta(name: str) -> Callable[[dict[str, Any], dict[str, Any], int, int], float]:
    """Difference of ``name`` in the response year."""
    def effect(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
        return _at(alt, name, last) - _at(ref, name, last)
    return effect


def _delta_firm_rd_whole_run(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
    """Difference of firm R&D summed over every simulated year to ``last`` (for levers that act from the base year)."""
    return _sum(_firm_rd(alt), alt, 0, last) - _sum(_firm_rd(ref), ref, 0, last)


def _path_from(key: str, change: Callable[[float], float]) -> Callable[[Scenario], list[str]]:
    """Change a year path from the first forecast year on (every lever is stated in forecast years: the
    observed years keep their inputs); the value of the year before is kept as a point."""
    def overrides(sc: Scenario) -> list[str]:
        first = sc.forecast_from
        points = [first - 1, first, *[y for y in sc.params[key] if y > first], sc.end_year]
        return [f"{key}@{y}={path_value(sc.params[key], y) if y < first else change(path_value(sc.params[key], y)):.10g}"
                for y in sorted(set(points))]
    return overrides


def _scaled(key: str, factor: float) -> Callable[[Scenario], list[str]]:
    return _path_from(key, lambda v: v * factor)


def _added(key: str, points: float) -> Callable[[Scenario], list[str]]:
    return _path_from(key, lambda v: v + points)


def _all(*parts: Callable[[Scenario], list[str]]) -> Callable[[Scenario], list[str]]:
    return lambda sc: [text for part in parts for text in part(sc)]


LEVERS: tuple[Lever, ...] = (
    Lever("subsidy_x2", "post-R&D grant rate and its budget doubled",
          _all(_scaled("subsidy.rate", 2.0), _scaled("budget.subsidy_share", 2.0)),
          "extra firm R&D per extra grant yuan", _per_yuan("subsidy_paid"), "yuan per yuan"),
    Lever("super_deduction_plus20", "R&D super-deduction 20 points higher",
          _added("tax.super_deduction", 20.0),
          "extra firm R&D per extra yuan of tax expenditure", _per_yuan("tax_expenditure"), "yuan per yuan"),
    Lever("no_hnte_preference", "HNTE tax rate set to the standard rate over the whole run (no notch reward)",
          lambda sc: [f"tax.cit_hnte={sc.params['tax.cit_standard']:.10g}"],
          f"change in firm R&D, base year to {RESPONSE_YEAR}", _delta_firm_rd_whole_run, "100m yuan"),
    Lever("no_hnte_preference_count", "HNTE tax rate set to the standard rate over the whole run (no notch reward)",
          lambda sc: [f"tax.cit_hnte={sc.params['tax.cit_standard']:.10g}"],
          f"change in the HNTE count in {RESPONSE_YEAR}", _delta("hnte_count"), "firms"),
    Lever("awards_x2", "HNTE awards (first and renewal) and their budget doubled",
          _all(_scaled("subsidy.hnte_award_first", 2.0), _scaled("subsidy.hnte_award_recert", 2.0),
               _scaled("budget.hnte_award_share", 2.0)),
          f"change in the HNTE count in {RESPONSE_YEAR}", _delta("hnte_count"), "firms"),
    Lever("cultivation_x2", "award and cultivation budget doubled, award amounts unchanged",
          _scaled("budget.hnte_award_share", 2.0),
          f"change in the HNTE count in {RESPONSE_YEAR}", _delta("hnte_count"), "firms"),
    Lever("university_plus10", "university channel +10 points of the S&T budget (from other programmes)",
          _added("budget.university_share", 10.0),
          f"change in R&D intensity in {RESPONSE_YEAR}", _delta("rd_intensity"), "points of GDP"),
    Lever("platform_plus5", "platform channel +5 points of the S&T budget (from other programmes)",
          _added("budget.platform_share", 5.0),
          f"change in the firm count in {RESPONSE_YEAR}", _delta("firm_count"), "firms"),
    Lever("talent_plus5", "talent channel +5 points of the S&T budget (from other programmes)",
          _added("budget.talent_share", 5.0),
          f"change in R&D personnel per 10k employed in {RESPONSE_YEAR}", _delta("rd_personnel_per_10k_employed"),
          "per 10k"),
    Lever("fiscal_plus0p5", "consolidated fiscal S&T ratio +0.5 point",
          _added("budget.fiscal_st_ratio", 0.5),
          f"change in R&D intensity in {RESPONSE_YEAR}", _delta("rd_intensity"), "points of GDP"),
)


def policy_response(scenario: Scenario, replicates: int = 10, seed: int = 1, workers: int | None = None,
                    executor: Any = None, levers: Sequence[Lever] = LEVERS,
                    year: int = RESPONSE_YEAR) -> pd.DataFrame:
    """One row per lever: ``lever, label, outcome, unit, median, p5, p95, replicates``.

    The reference is ``scenario`` itself; each lever's runs share its replicate seeds and draws. Sums run
    over the forecast years ``scenario.forecast_from .. year``.
    """
    seeds = seeds_for(seed, replicates)
    variants = [apply_overrides(scenario, lv.overrides(scenario)) for lv in levers]
    with executor_scope(executor, workers) as ex:
        results = run_points([scenario, *variants], seeds, ex)
    reference, *alternatives = results
    first = scenario.forecast_from
    rows = []
    for lever, alt in zip(levers, alternatives, strict=True):
        values = np.array([lever.effect(r, a, first, year) for r, a in zip(reference, alt, strict=True)])
        finite = values[np.isfinite(values)]
        stats = np.percentile(finite, [50, 5, 95]) if len(finite) else [np.nan] * 3
        rows.append({"lever": lever.name, "label": lever.label, "outcome": lever.outcome, "unit": lever.unit,
                     "median": float(stats[0]), "p5": float(stats[1]), "p95": float(stats[2]),
                     "replicates": len(finite)})
    return pd.DataFrame(rows)
