"""Guidance funds, venture capital and technology loans for seed and start-up technology SMEs
(seed 001 四(九); seed 002 三(六), 六(十五); seed 003 二(三)8).

Money reaching young technology SMEs in a year (亿元):

    M = sme_share x (1 + private_multiple) x realised_share x fund_size / invest_years + tech_loans

``fund_size`` is the guidance funds' stated size as plans write it; only ``realised_share`` of it is raised
and invested (Wei, Ang and Jia 2023: realised capital fell well short of targets, most of all in non-coastal
regions), over ``invest_years``; private co-investors add ``private_multiple`` yuan per government yuan;
``sme_share`` of the investments reaches seed and start-up technology SMEs (the rest goes to later-stage
and industrial projects). ``tech_loans`` are new loans of S&T bank branches to technology SMEs.

M is paid in tickets of ``ticket`` million yuan to young (at most ``max_age`` years old), high-tech,
uncertified firms drawn at random. A financed firm spends ``rd_share`` of the ticket on R&D this year (the
financing constraint loosened), its run of loss years is reset (it survives losses it could not finance) and
the rest of the ticket adds ``sales_per_yuan`` yuan of revenue per yuan (growth). Seed investments also create
``entry_per_100m`` high-tech start-ups per 亿元 of M. None of this is fiscal S&T spending: fund capital is an
investment, loans are the banks' money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.scenario.loader import path_value

YI = 100.0  # million yuan per 亿元


@dataclass(frozen=True)
class FinanceYear:
    """One year of the funds and loans: money reaching SMEs (亿元), firms financed and their slots."""

    money: float
    financed: np.ndarray  # slots
    positions: np.ndarray  # the same firms' positions in the active-firm arrays
    start_ups: int


NONE = FinanceYear(0.0, np.empty(0, np.intp), np.empty(0, np.intp), 0)


def sme_money(p: dict[str, Any], year: int) -> float:
    """Money reaching young technology SMEs this year (亿元), from the funds and the loans."""
    fund = max(path_value(p["finance.fund_size"], year), 0.0)
    invested = p["finance.realised_share"] / 100.0 * fund / max(int(p["finance.invest_years"]), 1)
    equity = p["finance.sme_share"] / 100.0 * (1.0 + p["finance.private_multiple"]) * invested
    return equity + max(path_value(p["finance.tech_loans"], year), 0.0)


def finance_firms(p: dict[str, Any], year: int, idx: np.ndarray, birth_year: np.ndarray, high_tech: np.ndarray,
                  hnte: np.ndarray, uniform: np.ndarray, rng: np.random.Generator) -> FinanceYear:
    """Choose the financed firms among the active slots ``idx`` (arrays indexed like ``idx``; ``uniform`` one
    draw per firm) and the number of start-ups; nothing is changed here."""
    money = sme_money(p, year)
    if money <= 0 or p["finance.ticket"] <= 0:
        return NONE
    eligible = np.flatnonzero(high_tech & ~hnte & (year - birth_year <= p["finance.max_age"]))
    tickets = int(money * YI // p["finance.ticket"])
    chosen = np.sort(eligible[np.argsort(uniform[eligible], kind="stable")[:tickets]])
    start_ups = int(rng.poisson(p["finance.entry_per_100m"] * money))
    return FinanceYear(money, idx[chosen], chosen, start_ups)
