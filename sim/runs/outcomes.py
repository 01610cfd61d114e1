"""Outcomes of a run, in the grammar shared by ``evaluate``, the EMA adapter and the CLI (``--outcome``,
``--target``): ``indicator@YEAR`` is the indicator's value in that year; ``indicator@FIRST:LAST`` is the sum of
a yearly flow (an indicator in 100 million yuan, or yearly certifications) over ``FIRST..LAST`` inclusive.

The cumulative fiscal cost of a policy is ``fiscal_cost@FIRST:LAST``: each year's ``fiscal_cost`` (fiscal S&T
spending plus S&T tax expenditure, 100 million yuan, ``sim.indicators``) summed from ``FIRST`` to ``LAST``; the
studies count it from the scenario's first forecast year (``Scenario.forecast_from``, ``fiscal_cost_outcome``).

Every outcome has an identifier alias (``rd_intensity_2025``, ``fiscal_cost_2021_2025``) for tools whose
names must be Python identifiers; ``parse_outcome`` reads both forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES, ALL_INDICATORS
from sim.scenario.loader import Scenario, did_you_mean, identifier

# yearly flows, which can be summed over years: money (100 million yuan) and yearly certifications
SUMMABLE = (*(i.name for i in ALL_INDICATORS if i.unit == "100m yuan"), "new_hnte", "hnte_certifications")

_LABEL = re.compile(r"\s*(?P<ind>[a-z0-9_]+?)\s*@\s*(?P<first>[0-9]{4})\s*(?::\s*(?P<last>[0-9]{4})\s*)?")
_ALIAS = re.compile(r"(?P<ind>[a-z0-9_]+?)_(?P<first>[0-9]{4})(?:_(?P<last>[0-9]{4}))?")


@dataclass(frozen=True)
class Outcome:
    """An indicator in one year (``rd_intensity@2025``), or a flow summed over years (``fiscal_cost@2021:2025``,
    ``last_year`` set)."""

    indicator: str
    year: int
    last_year: int | None = None

    @property
    def label(self) -> str:
        """``indicator@YEAR`` or ``indicator@FIRST:LAST``."""
        return f"{self.indicator}@{self.year}" + ("" if self.last_year is None else f":{self.last_year}")

    @property
    def identifier(self) -> str:
        """The label as a Python identifier: ``rd_intensity_2025``, ``fiscal_cost_2021_2025``."""
        return identifier(self.label)

    def value(self, result: dict[str, Any]) -> float:
        """The outcome in one run's result (``simulate``'s dict: ``year`` and one array per indicator)."""
        years = np.asarray(result["year"])
        last = self.year if self.last_year is None else self.last_year
        mask = (years >= self.year) & (years <= last)
        if not mask.any() or (self.last_year is None and int(mask.sum()) != 1):
            raise InnovsimError(f"outcome {self.label}: year not simulated")
        values = np.asarray(result[self.indicator])[mask]
        return float(values[0]) if self.last_year is None else float(values.sum())


def parse_outcome(text: str | Outcome, scenario: Scenario | None = None, flag: str = "--outcome") -> Outcome:
    """Parse ``indicator@YEAR``, ``indicator@FIRST:LAST`` or an identifier alias (``rd_intensity_2025``); the
    years must be four digits and, given a scenario, lie in its horizon."""
    if isinstance(text, Outcome):
        out = text
    else:
        if not isinstance(text, str):
            raise InnovsimError(f"{flag} {text!r}: expected indicator@YEAR, e.g. rd_intensity@2025")
        m = _LABEL.fullmatch(text) or _ALIAS.fullmatch(text.strip())
        if not m:
            raise InnovsimError(f"{flag} {text!r}: expected indicator@YEAR or indicator@FIRST:LAST, "
                                "e.g. rd_intensity@2025 or fiscal_cost@2021:2025")
        ind = m.group("ind")
        if ind not in ALL_INDICATOR_NAMES:
            raise InnovsimError(f"{flag} {text!r}: unknown indicator '{ind}'{did_you_mean(ind, ALL_INDICATOR_NAMES)}")
        last = int(m.group("last")) if m.group("last") else None
        out = Outcome(ind, int(m.group("first")), last)
    if out.last_year is not None:
        if out.indicator not in SUMMABLE:
            raise InnovsimError(f"{flag} {out.label!r}: '{out.indicator}' is not a yearly flow and cannot be summed "
                                f"over years (allowed: {', '.join(SUMMABLE)})")
        if out.last_year < out.year:
            raise InnovsimError(f"{flag} {out.label!r}: the last year comes before the first")
    if scenario is not None:
        for year in (out.year, out.last_year):
            if year is not None and not scenario.base_year <= year <= scenario.end_year:
                raise InnovsimError(f"{flag} {out.label!r}: year {year} is outside the horizon "
                                    f"({scenario.base_year} to {scenario.end_year})")
    return out


def fiscal_cost_outcome(scenario: Scenario, last_year: int) -> Outcome:
    """The cumulative fiscal cost from the scenario's first forecast year to ``last_year``."""
    return Outcome("fiscal_cost", scenario.forecast_from, int(last_year))


def outcome_values(results: Sequence[dict[str, Any]], outcome: Outcome) -> np.ndarray:
    """The outcome in each replicate's result (one value per replicate)."""
    return np.asarray([outcome.value(res) for res in results])


def cumulative(results: Sequence[dict[str, Any]], indicator: str, first_year: int, last_year: int) -> np.ndarray:
    """Sum of ``indicator`` over ``first_year..last_year`` (inclusive) in each replicate."""
    out = []
    for res in results:
        years = np.asarray(res["year"])
        mask = (years >= first_year) & (years <= last_year)
        out.append(float(np.asarray(res[indicator])[mask].sum()))
    return np.asarray(out)
