"""Innovation vouchers (科技创新券; seed 004 十一): small firms buy R&D and technical services from
universities, institutes and platforms, the voucher paying part of the price.

Each year the share ``voucher.take_up`` of eligible firms (revenue below ``voucher.max_revenue`` million
yuan, not certified HNTEs) redeems a voucher of ``voucher.value`` million yuan; redemptions are rationed
pro rata to the budget ``voucher.budget`` (亿元, reserved from other S&T programmes). A voucher pays
``voucher.coverage`` % of the service, so the service is worth voucher / coverage (the firm pays the rest:
the leverage). The share ``voucher.additionality`` of the services is extra: it adds to the firm's R&D
(true and reported; commissioned R&D counts as R&D in the firm's accounts) and to technology-contract
turnover (services are registered as technical contracts). The rest would have been bought anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.policy import ration
from sim.scenario.loader import path_value

YI = 100.0  # million yuan per 亿元


@dataclass(frozen=True)
class VoucherYear:
    """One year of the scheme. Money in 亿元."""

    takers: int
    paid: float  # vouchers redeemed, <= budget
    services: float  # services bought with them
    extra: float  # additional R&D and contract turnover


NONE = VoucherYear(0, 0.0, 0.0, 0.0)


def reserve(p: dict[str, Any], year: int, other_budget: float) -> float:
    """The voucher budget this year (亿元), no more than the other S&T programmes hold."""
    return min(max(path_value(p["voucher.budget"], year), 0.0), max(other_budget, 0.0))


def redeem(p: dict[str, Any], budget: float, revenue: np.ndarray, hnte: np.ndarray, uniform: np.ndarray,
           rd_true: np.ndarray, rd_reported: np.ndarray) -> VoucherYear:
    """Redeem this year's vouchers among the firms of the arrays (revenue and R&D in million yuan; ``uniform``
    one draw per firm) and add the extra R&D to ``rd_true`` and ``rd_reported`` in place."""
    if budget <= 0 or p["voucher.value"] <= 0:
        return NONE
    takers = (revenue < p["voucher.max_revenue"]) & ~hnte & (uniform < p["voucher.take_up"] / 100.0)
    claims = takers * p["voucher.value"] / YI  # 亿元
    paid, _ = ration(claims, budget)
    services = paid / (p["voucher.coverage"] / 100.0)
    extra = p["voucher.additionality"] * services * YI  # million yuan per firm
    rd_true += extra
    rd_reported += extra
    return VoucherYear(int(takers.sum()), float(paid.sum()), float(services.sum()), float(extra.sum()) / YI)
