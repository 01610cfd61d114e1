"""Calibrated ranges: where the model's behaviour has been checked against data
or the literature.

A scenario may set any value inside a parameter's *allowed* range
(``sim.scenario.params``); the model then runs to the end. Outside the narrower
*calibrated* range below, results are extrapolation: ``calibration_warnings``
lists such values, and the runner, the CLI and ``manifest.json`` report them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.scenario.params import SPECS_BY_KEY


@dataclass(frozen=True)
class CalibratedRange:
    key: str
    lo: float
    hi: float
    why: str


CALIBRATED_RANGES: tuple[CalibratedRange, ...] = (
    CalibratedRange("run.n_firms", 100, 200000,
                    "fewer firms make HNTE counts, shares and entry coarse (each agent is one firm)"),
    CalibratedRange("economy.gdp_growth", -10.0, 15.0, "provincial nominal growth since 2000"),
    CalibratedRange("budget.fiscal_st_ratio", 0.3, 5.0, "provincial fiscal S&T ratios in China, about 0.3% to 5%"),
    CalibratedRange("budget.subsidy_share", 0.0, 30.0, "provincial budget reports"),
    CalibratedRange("budget.hnte_award_share", 0.0, 20.0, "provincial budget reports"),
    CalibratedRange("budget.university_share", 5.0, 60.0, "provincial budget reports"),
    CalibratedRange("budget.platform_share", 0.0, 30.0, "provincial budget reports"),
    CalibratedRange("budget.talent_share", 0.0, 20.0, "provincial budget reports"),
    CalibratedRange("subsidy.rate", 0.0, 0.3, "post-R&D grant rates in provincial schemes"),
    CalibratedRange("subsidy.additionality", 0.0, 1.0, "share of the grant rate: 0 (windfall) to 1 (full price effect)"),
    CalibratedRange("firms.pool_entry_rate", 1.0, 30.0, "wide prior of the calibration: HNTE stocks 2015-2023"),
    CalibratedRange("university.rd_share_of_funding", 0.2, 1.0,
                    "OLS slopes of government-funded R&D on fiscal S&T spending (0.38-0.92, sim/data/history.csv)"),
    CalibratedRange("university.contract_deepening", 0.0, 40.0, "technology-contract growth beyond R&D, 2015-2023"),
    CalibratedRange("tax.cit_standard", 15.0, 35.0, "CIT rates in China and peers"),
    CalibratedRange("tax.cit_hnte", 10.0, 25.0, "preferential CIT rates"),
    CalibratedRange("tax.super_deduction", 0.0, 200.0, "Chinese super-deduction rates 2008-2024 (50% to 200%)"),
    CalibratedRange("tax.price_elasticity", 0.2, 2.0, "estimates surveyed by Bloom, Griffith, Van Reenen 2002"),
)

BY_KEY: dict[str, CalibratedRange] = {c.key: c for c in CALIBRATED_RANGES}


def _fmt(x: float) -> str:
    return f"{x:g}"


def _points(value: Any) -> list[tuple[int | None, float]]:
    if isinstance(value, dict):
        return [(None if int(y) == 0 else int(y), float(v)) for y, v in value.items()]
    return [(None, float(value))]


def calibration_warnings(params: dict[str, Any], uncertainty: dict[str, tuple[float, float]] | None = None,
                         scenario: str | None = None) -> list[str]:
    """One line per parameter set outside its calibrated range (or whose uncertainty range leaves it)."""
    out: list[str] = []
    prefix = f"{scenario}: " if scenario else ""
    for c in CALIBRATED_RANGES:
        unit = SPECS_BY_KEY[c.key].unit
        rng = f"{_fmt(c.lo)} to {_fmt(c.hi)} {unit}".strip()
        if c.key in params:
            bad = [(y, v) for y, v in _points(params[c.key]) if not c.lo <= v <= c.hi]
            if bad:
                shown = ", ".join(f"{_fmt(v)} in {y}" if y is not None else _fmt(v) for y, v in bad[:3])
                more = f" (and {len(bad) - 3} more)" if len(bad) > 3 else ""
                out.append(f"{prefix}{c.key} = {shown}{more} is outside the calibrated range {rng} "
                           f"({c.why}); results are extrapolation")
        if c.key == "run.n_firms":
            out.extend(f"{prefix}{w}" for w in _firms_below_hnte_stock(params))
        if uncertainty and c.key in uncertainty:
            lo, hi = uncertainty[c.key]
            if lo < c.lo or hi > c.hi:
                out.append(f"{prefix}uncertainty range of {c.key} [{_fmt(lo)}, {_fmt(hi)}] leaves the calibrated "
                           f"range {rng}; results are extrapolation")
    return out


def _firms_below_hnte_stock(params: dict[str, Any]) -> list[str]:
    """The model certifies at most every firm: fewer firms than the observed HNTE stock of the base year start
    the run below the observations (``sim.model.population.draw_population``)."""
    n, stock = params.get("run.n_firms"), params.get("observed.hnte_count")
    if n is None or stock is None or int(n) >= int(stock):
        return []
    return [f"run.n_firms = {int(n)} is below the observed HNTE stock of the base year (observed.hnte_count = "
            f"{int(stock)}): the model starts with {int(n)} HNTEs, all its firms, not {int(stock)}; HNTE counts "
            f"and shares are not comparable with the observations (set run.n_firms to at least {int(stock)})"]


def scenarios_warnings(scenarios: Any, ids: list[str] | None = None) -> list[str]:
    """Warnings of several scenarios, each prefixed with its id (or name)."""
    out: list[str] = []
    for i, sc in enumerate(scenarios):
        label = ids[i] if ids is not None else sc.name
        out.extend(calibration_warnings(sc.params, sc.uncertainty, label))
    return out
