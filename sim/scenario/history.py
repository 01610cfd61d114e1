"""Observed history 2012-2023 (``sim/data/history.csv``, curated from the shared history table by
``scripts/curate_history.py``, every row with its source).

Indicators carry the model's names (``sim.indicators``) where the model computes the same thing,
plus a few observed-only series (``rd_government_funds``, ``hnte_certifications``,
``hnte_stock_proxy``, ...). Money in 100 million yuan (亿元), ratios in percent.
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd

COLUMNS = ("region", "indicator", "year", "value", "unit", "source", "address", "confidence", "history_indicator")

# scenario ``region`` strings (English or Chinese) -> the region of the history table
REGION_ALIASES = {"gansu": "Gansu", "甘肃": "Gansu", "甘肃省": "Gansu", "guizhou": "Guizhou", "贵州": "Guizhou",
                  "贵州省": "Guizhou", "liupanshui": "Liupanshui", "六盘水": "Liupanshui", "六盘水市": "Liupanshui",
                  "china": "China", "中国": "China"}


@functools.cache
def _table() -> pd.DataFrame:
    with resources.files("sim").joinpath("data", "history.csv").open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh)
    frame["year"] = frame["year"].astype(int)
    return frame


def load_history() -> pd.DataFrame:
    """Every curated observation: one row per region, indicator and year, with unit and source."""
    return _table().copy()


def history_region(region: str) -> str | None:
    """The history table's name of a scenario's ``region`` (None when there is no history for it)."""
    key = region.strip().split()[0].lower() if region.strip() else ""
    return REGION_ALIASES.get(key) or REGION_ALIASES.get(region.strip().lower())


def observed(region: str, indicators: str | list[str] | tuple[str, ...] | None = None,
             first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Observations of ``region`` (a scenario region string is accepted), optionally only some
    indicators and years; empty when the region has no history."""
    name = history_region(region)
    frame = _table()
    rows = frame[frame["region"] == name] if name else frame.iloc[0:0]
    if indicators is not None:
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        rows = rows[rows["indicator"].isin(wanted)]
    if first_year is not None:
        rows = rows[rows["year"] >= first_year]
    if last_year is not None:
        rows = rows[rows["year"] <= last_year]
    return rows.reset_index(drop=True)


# model indicator -> an observed series that stands in for it in years without the official figure
PROXIES = {"hnte_count": "hnte_stock_proxy"}  # certificates last three years: the last three years' lists


def observed_with_proxies(region: str, first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """``observed`` rows of ``region``, plus each proxy series (``PROXIES``) relabelled as the indicator it
    stands in for, in the years where the official figure is missing (its source says it is a proxy)."""
    rows = observed(region, first_year=first_year, last_year=last_year)
    extra = []
    for indicator, proxy in PROXIES.items():
        official = set(rows.loc[rows["indicator"] == indicator, "year"])
        stand_in = rows[(rows["indicator"] == proxy) & ~rows["year"].isin(official)].copy()
        stand_in["indicator"] = indicator
        stand_in["source"] = "proxy (" + proxy + "): " + stand_in["source"]
        extra.append(stand_in)
    return pd.concat([rows, *extra], ignore_index=True) if extra else rows


def observed_series(region: str, indicator: str) -> pd.Series:
    """One observed series of ``region`` as values indexed by year (empty when there is none)."""
    rows = observed(region, indicator)
    return pd.Series(rows["value"].to_numpy(float), index=rows["year"].to_numpy(int), name=indicator, dtype=float)


def observed_value(region: str, indicator: str, year: int) -> float | None:
    """One observation, or None."""
    series = observed_series(region, indicator)
    return float(series[year]) if year in series.index else None
