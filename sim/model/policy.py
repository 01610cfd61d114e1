"""Pure policy rules: HNTE criteria, tax rates, the user cost of R&D and
pro-rata rationing of a capped budget. Money in million yuan unless stated."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.scenario.loader import path_value

# Administrative Measures for the Recognition of High-tech Enterprises (2016), art. 11.
HNTE_SMALL_REVENUE = 50.0  # million yuan
HNTE_LARGE_REVENUE = 200.0  # million yuan
HNTE_MIN_HT_SHARE = 0.60
HNTE_MIN_ST_SHARE = 0.10
HNTE_VALID_YEARS = 3
WESTERN_CIT = 15.0  # percent, MoF/STA/NDRC Announcement 2020 No. 23
_RD_THRESHOLDS = np.array([0.03, 0.04, 0.05])  # R&D / revenue above 200 million yuan (or NaN), 50-200 million, up to 50 million


def hnte_rd_threshold(revenue: np.ndarray) -> np.ndarray:
    """Minimum R&D / revenue (share) for HNTE certification by revenue bracket.

    5% up to 50 million yuan, 4% from 50 to 200 million, 3% above 200 million.
    """
    bracket = (revenue <= HNTE_SMALL_REVENUE).astype(np.intp) + (revenue <= HNTE_LARGE_REVENUE)
    return _RD_THRESHOLDS[bracket]  # a table look-up: same values as nested np.where, without its branches


def hnte_criteria_met(revenue: np.ndarray, ratio_3y: np.ndarray, ht_share: np.ndarray,
                      st_share: np.ndarray, age_years: np.ndarray) -> np.ndarray:
    """True where every modelled HNTE criterion holds.

    ``ratio_3y`` is reported R&D / revenue averaged over the last three years.
    The innovation-ability score and core-IP criteria are not modelled.
    """
    return ((ratio_3y >= hnte_rd_threshold(revenue) - 1e-12)
            & (ht_share >= HNTE_MIN_HT_SHARE) & (st_share >= HNTE_MIN_ST_SHARE) & (age_years >= 1))


def cit_table(cit_standard: float, cit_hnte: float) -> np.ndarray:
    """CIT rates (shares) by ``2 x HNTE + western``: the lowest rate a firm qualifies for, from the standard rate
    (``cit_standard`` %), the Western Development 15% and the HNTE rate (``cit_hnte`` %)."""
    plain = np.array([cit_standard, min(cit_standard, WESTERN_CIT)]) / 100.0
    return np.concatenate([plain, np.minimum(plain, cit_hnte / 100.0)])


def cit_rate(hnte: np.ndarray, western_active: np.ndarray, cit_standard: float, cit_hnte: float) -> np.ndarray:
    """Corporate income tax rate (share): the lowest rate the firm qualifies for.

    Western Development firms pay at most 15%; HNTEs pay ``cit_hnte``.
    """
    code = np.asarray(western_active, np.intp) + 2 * np.asarray(hnte, np.intp)
    return cit_table(cit_standard, cit_hnte).take(code)  # a table look-up: the values np.where would pick, without its branches


def cit_rates(hnte: np.ndarray, western_active: np.ndarray, cit_standard: float,
              cit_hnte: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CIT rates (shares) of each firm without HNTE status, with it, and with its own status:
    ``cit_rate(False, ...)``, ``cit_rate(True, ...)`` and ``cit_rate(hnte, ...)`` from one table and one code."""
    rates = cit_table(cit_standard, cit_hnte)
    western = np.asarray(western_active, np.intp)
    return rates.take(western), rates.take(western + 2), rates.take(western + 2 * np.asarray(hnte, np.intp))


def rd_user_cost(cit: np.ndarray, super_deduction_pct: float, profitable: np.ndarray,
                 deduction_room: np.ndarray | None = None) -> np.ndarray:
    """After-tax cost of one yuan of R&D: 1 - (1 + deduction) x CIT for a profitable firm.

    R&D is deductible at 100% plus the super-deduction; a loss-making firm gets no immediate tax value
    (carry-forward ignored). ``deduction_room`` (default: ``profitable``) marks firms whose profit still
    absorbs the super-deduction at the margin; the others get only the 100% deduction's value.
    """
    room = profitable if deduction_room is None else deduction_room
    return 1.0 - cit * profitable - super_deduction_pct / 100.0 * cit * room


def rd_price(plain_cit: np.ndarray, super_deduction_pct: float, profitable: np.ndarray,
             grant_rate: np.ndarray | float, deduction_room: np.ndarray | None = None) -> np.ndarray:
    """Price of one yuan of R&D to the firm (the user cost's tax-and-grant part): the after-tax cost at the
    rate the firm pays *without* HNTE status, less the post-R&D grant rate it expects per yuan.

    The HNTE 15% rate is not part of the price: it is the reward for crossing the R&D threshold
    (the notch of Chen, Liu, Suarez Serrato and Xu, AER 2021), which ``decide_rd`` models as such.
    Counting it here would make certification *raise* the cost of R&D (a smaller deduction value).
    """
    return rd_user_cost(plain_cit, super_deduction_pct, profitable, deduction_room) - grant_rate


def expected_grant_rate(revenue: np.ndarray, misuser: np.ndarray, params: dict[str, Any], payout: float,
                        year: int) -> np.ndarray:
    """Post-R&D grant per yuan of R&D that a firm counts on when it plans R&D (share): the grant rate, scaled
    by last year's payout ratio (the budget cap) and by ``subsidy.additionality`` (the part of the grant
    firms treat as lowering the price of R&D rather than as a windfall), for eligible firms that do not
    divert grants. Zero below the revenue threshold."""
    rate = path_value(params["subsidy.rate"], year) * payout * params["subsidy.additionality"]
    return rate * (revenue >= params["subsidy.min_revenue"]) * ~misuser


def ration(claims: np.ndarray, budget: float) -> tuple[np.ndarray, float]:
    """Pay ``claims`` from a capped ``budget``, pro rata when they exceed it.

    Returns the payments and the payout ratio (1 when the budget suffices).
    """
    total = float(claims.sum())
    if total <= budget or total <= 0.0:
        return claims.copy(), 1.0
    ratio = max(budget, 0.0) / total
    return claims * ratio, ratio
