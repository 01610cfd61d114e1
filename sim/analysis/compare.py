"""Scenario comparison: levels, target probabilities and cost-effectiveness
against a reference scenario at chosen years.

Pure functions over a ``RunResult`` (no Qt), shared by the desktop app and
the command line. Levels are means over replicates (means are linear, so a
difference of means is the mean of the per-replicate differences under common
random numbers). Fiscal cost is direct S&T spending plus tax expenditure,
cumulated from the scenario's first forecast year (``run.forecast_from``) to the year shown, in 100 million yuan (亿元).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.runs.runner import RunResult

COMPARE_YEARS = (2025, 2035)

COLUMNS = ("scenario", "year", "replicates", "rd_intensity", "hnte_count", "fiscal_cost_cumulative",
           "delta_rd_intensity", "delta_hnte_count", "delta_fiscal_cost", "cost_per_extra_hnte",
           "cost_per_0p1_rd_intensity")


def cumulative_fiscal_cost(indicators: pd.DataFrame, first_years: dict[str, int] | None = None) -> pd.Series:
    """Per row of ``indicators``: fiscal cost summed over that run's years from its scenario's first
    forecast year (``first_years[scenario]``; default: every year) to that row's year; 0 before it."""
    ordered = indicators.sort_values(["scenario", "replicate", "year"])
    cost = ordered["fiscal_cost"]
    if first_years:
        start = ordered["scenario"].map(first_years).fillna(-1)
        cost = cost.where(ordered["year"] >= start, 0.0)
    cum = cost.groupby([ordered["scenario"], ordered["replicate"]], sort=False).cumsum()
    return cum.reindex(indicators.index)


def _ratio(cost: float, gain: float) -> float:
    """Extra cost per unit of gain; NaN when there is no gain (undefined)."""
    if not math.isfinite(gain) or gain <= 0:
        return math.nan
    return cost / gain


def compare_table(result: RunResult, years: Sequence[int] = COMPARE_YEARS, reference: str | None = None) -> pd.DataFrame:
    """One row per scenario and year.

    Columns: ``scenario``, ``year``, ``replicates``; means of ``rd_intensity`` (% of GDP) and
    ``hnte_count`` (firms); ``fiscal_cost_cumulative`` (亿元, from the scenario's first forecast year to ``year``); differences
    against ``reference`` (default: the first scenario); ``cost_per_extra_hnte`` (亿元 per extra
    HNTE) and ``cost_per_0p1_rd_intensity`` (亿元 per extra 0.1 point of R&D intensity), NaN when
    the gain is not positive; and ``P(<target label>)`` for each target due in that year
    (probability over replicates, from ``result.targets``).
    """
    ind = result.indicators.copy()
    ind["fiscal_cost_cumulative"] = cumulative_fiscal_cost(
        ind, {sid: sc.forecast_from for sid, sc in zip(result.ids, result.scenarios, strict=True)})
    ref = reference if reference is not None else result.ids[0]
    if ref not in result.ids:
        raise ValueError(f"reference {ref!r} is not one of {result.ids}")
    means = ind.groupby(["scenario", "year"])[["rd_intensity", "hnte_count", "fiscal_cost_cumulative"]].mean()
    counts = ind.groupby(["scenario", "year"]).size()
    rows = []
    for year in years:
        if (ref, year) not in means.index:
            continue
        base = means.loc[(ref, year)]
        for sid in result.ids:
            if (sid, year) not in means.index:
                continue
            m = means.loc[(sid, year)]
            d_rd = float(m["rd_intensity"] - base["rd_intensity"])
            d_hnte = float(m["hnte_count"] - base["hnte_count"])
            d_cost = float(m["fiscal_cost_cumulative"] - base["fiscal_cost_cumulative"])
            row: dict[str, object] = {
                "scenario": sid, "year": int(year), "replicates": int(counts.loc[(sid, year)]),
                "rd_intensity": float(m["rd_intensity"]), "hnte_count": float(m["hnte_count"]),
                "fiscal_cost_cumulative": float(m["fiscal_cost_cumulative"]),
                "delta_rd_intensity": d_rd, "delta_hnte_count": d_hnte, "delta_fiscal_cost": d_cost,
                "cost_per_extra_hnte": math.nan if sid == ref else _ratio(d_cost, d_hnte),
                "cost_per_0p1_rd_intensity": math.nan if sid == ref else _ratio(d_cost, d_rd / 0.1),
            }
            mine = result.targets[(result.targets["scenario"] == sid) & (result.targets["year"] == year)]
            for t in mine.itertuples():
                op = ">=" if t.direction == "at_least" else "<="
                row[f"P({t.indicator}{op}{t.target:g})"] = float(t.probability)
            rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    return frame
