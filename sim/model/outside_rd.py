"""Outside R&D transfer, "east R&D, local manufacturing" (seed 000 十; seed 001 一, 四(六), 四(二)).

* Technology bought from outside the region: ``outside.tech_purchases`` 亿元 a year beyond what the baseline
  already reflects (the yearbook's buyer-side turnover, 吸纳技术, ``tech_contract_inflow`` in
  ``sim/data/history.csv``: Gansu 118 亿元 in 2015, 1022 in 2023, is the observed level). Firms buy in
  proportion to their R&D (absorptive capacity, Cohen and Levinthal 1990); what they buy adds to their
  knowledge stock, and each bought yuan needs ``outside.complement`` yuan of own R&D to absorb it (internal
  R&D and bought technology are complements, Cassiman and Veugelers 2006). Bought technology is not the
  region's contract turnover (the indicator counts contracts sold by the region).
* Relocated HNTEs: ``outside.relocated_hntes`` certified firms a year move in (the plan's award for HNTEs
  relocating and re-certified locally, seed 001 四(二)); they enter established (five years old, median
  revenue ``RELOCATED_REVENUE`` million yuan) and meeting the HNTE criteria, with a fresh certificate.

Money in million yuan for firms, 亿元 for the lever.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.firm_dynamics import POOL_HT_TARGET, POOL_ST_TARGET
from sim.model.policy import HNTE_VALID_YEARS, hnte_rd_threshold
from sim.model.population import REVENUE_PER_EMPLOYEE, entrant_arrays
from sim.scenario.loader import path_value

YI = 100.0  # million yuan per 亿元
RELOCATED_REVENUE = 50.0  # median revenue of a relocated HNTE, million yuan (assumption: a small established firm)
RELOCATED_AGE = 5  # years since founding of a relocated HNTE


def buy_technology(p: dict[str, Any], year: int, rd_true: np.ndarray, rd_reported: np.ndarray,
                   knowledge: np.ndarray) -> float:
    """Spread this year's purchases over firms in proportion to their true R&D: add them to the firms'
    knowledge and the complementary R&D to their R&D (arrays of the active firms, updated in place).
    Returns the purchases (亿元)."""
    bought = max(path_value(p["outside.tech_purchases"], year), 0.0)
    total = float(rd_true.sum())
    if bought <= 0 or total <= 0:
        return 0.0
    share = rd_true / total * bought * YI  # million yuan per firm
    complement = p["outside.complement"] * share
    knowledge += share
    rd_true += complement
    rd_reported += complement
    return bought


def relocated_count(p: dict[str, Any], year: int, rng: np.random.Generator) -> int:
    """Relocated HNTEs arriving this year: the plan's count, with its fractional part drawn."""
    expected = max(path_value(p["outside.relocated_hntes"], year), 0.0)
    whole = int(expected)
    return whole + int(rng.random() < expected - whole)


def relocated_arrays(rng: np.random.Generator, k: int, year: int, p: dict[str, Any],
                     mean_productivity: float) -> dict[str, np.ndarray]:
    """Arrays of ``k`` relocated HNTEs: established, certified this year and meeting every criterion."""
    new = entrant_arrays(rng, k, year, p, 1.0, mean_productivity)
    revenue = new["revenue"] * RELOCATED_REVENUE / 8.0  # entrants' median is 8 million yuan
    ratio = np.maximum(new["ratio"], hnte_rd_threshold(revenue) + 0.005)
    rd = ratio * revenue
    delta = max(p["firms.knowledge_depreciation"] / 100.0, 0.05)
    new.update({
        "revenue": revenue, "employees": np.maximum(1.0, revenue / REVENUE_PER_EMPLOYEE),
        "ratio": ratio, "base_ratio": ratio, "ratio_hist": np.repeat(ratio[:, None], new["ratio_hist"].shape[1], axis=1),
        "rd_true": rd, "rd_reported": rd, "knowledge": rd / delta, "profit": new["margin"] * revenue - rd,
        "ht_share": np.maximum(new["ht_share"], POOL_HT_TARGET), "st_share": np.maximum(new["st_share"], POOL_ST_TARGET),
        "birth_year": np.full(k, year - RELOCATED_AGE, np.int64),
        "hnte": np.ones(k, bool), "hnte_expiry": np.full(k, year + HNTE_VALID_YEARS, np.int64),
    })
    return new
