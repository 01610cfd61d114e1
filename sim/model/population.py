"""Synthetic base-year population of firms, drawn so that the base year
matches the region's observed totals (enterprise R&D, HNTE count, high-tech
output). Money in million yuan; observed totals come in 100 million yuan."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.firm_state import HISTORY_YEARS, FirmState
from sim.model.policy import HNTE_VALID_YEARS, cit_rates, expected_grant_rate, hnte_rd_threshold, rd_price
from sim.scenario.loader import path_value

REVENUE_PER_EMPLOYEE = 1.0  # million yuan per employee (industrial firms, order of magnitude)
YI = 100.0  # million yuan per 100 million yuan (亿元)
MARGIN_SD = 0.03  # spread of operating margins across firms (share of revenue)
CANDIDATE_SHARE = 0.12  # non-HNTE firms in the high-tech sector (the cultivation pool)


def entrant_draws(rng: np.random.Generator, k: int, params: dict[str, Any], high_tech_prob: float,
                  mean_productivity: float) -> dict[str, np.ndarray]:
    """The random characteristics of ``k`` new small firms (``firm_arrays``' arguments but the year), drawn
    from ``rng`` in a fixed order. The rest of their arrays is arithmetic on these, firm by firm, so the
    draws of several cohorts can be concatenated and completed at once."""
    revenue = rng.lognormal(np.log(8.0), 0.8, k)
    high_tech = rng.random(k) < high_tech_prob
    ratio = np.where(high_tech, rng.lognormal(np.log(0.03), 0.6, k), rng.lognormal(np.log(0.004), 0.8, k))
    ratio = np.minimum(ratio, 0.3)
    ht_share = np.where(high_tech, rng.beta(4, 3, k), rng.beta(1, 6, k))
    st_share = np.where(high_tech, rng.beta(3, 15, k), rng.beta(2, 25, k))
    western = rng.random(k) < params["tax.western_share"] / 100.0
    margin = rng.normal(params["firms.margin"] / 100.0, MARGIN_SD, k) + ratio
    productivity = mean_productivity * rng.lognormal(-0.05, 0.15, k)
    misuser = rng.random(k) < params["subsidy.misuse_probability"]
    return {"revenue": revenue, "ratio": ratio, "ht_share": ht_share, "st_share": st_share, "high_tech": high_tech,
            "western": western, "margin": margin, "productivity": productivity, "misuser": misuser}


def entrant_arrays(rng: np.random.Generator, k: int, year: int, params: dict[str, Any],
                   high_tech_prob: float, mean_productivity: float) -> dict[str, np.ndarray]:
    """Arrays for ``k`` new small firms born in ``year`` (not yet certified)."""
    return firm_arrays(**entrant_draws(rng, k, params, high_tech_prob, mean_productivity), year=year, params=params)


def firm_arrays(revenue: np.ndarray, ratio: np.ndarray, ht_share: np.ndarray, st_share: np.ndarray,
                high_tech: np.ndarray, western: np.ndarray, margin: np.ndarray, productivity: np.ndarray,
                misuser: np.ndarray, year: int, params: dict[str, Any],
                hnte: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The ``FirmState`` arrays of firms born in ``year`` with these characteristics (money in million yuan)."""
    k = len(revenue)
    hnte = np.zeros(k, bool) if hnte is None else hnte
    rd = ratio * revenue
    delta = params["firms.knowledge_depreciation"] / 100.0
    western_active = western & (year <= params["tax.western_end_year"])
    plain_cit, _, _ = cit_rates(hnte, western_active, params["tax.cit_standard"], params["tax.cit_hnte"])
    grant = expected_grant_rate(revenue, misuser, params, payout=1.0, year=year)
    profit = margin * revenue - rd
    super_deduction = path_value(params["tax.super_deduction"], year)
    # the price each firm faces in its first year, so its R&D ratio there is its desired one
    c0 = rd_price(plain_cit, super_deduction, profit > 0, grant, profit > super_deduction / 100.0 * rd)
    return {
        "high_tech": high_tech, "revenue": revenue, "employees": np.maximum(1.0, revenue / REVENUE_PER_EMPLOYEE),
        "st_share": st_share, "ht_share": ht_share, "knowledge": rd / max(delta, 0.05),
        "productivity": productivity, "margin": margin, "base_ratio": ratio, "ratio": ratio,
        "rd_true": rd, "rd_reported": rd, "ratio_hist": np.repeat(ratio[:, None], HISTORY_YEARS, axis=1),
        "profit": profit, "western": western, "birth_year": np.full(k, year, np.int64),
        "misuser": misuser, "c0": c0,
    }


def draw_population(rng: np.random.Generator, params: dict[str, Any]) -> FirmState:
    """Draw ``run.n_firms`` firms matching the base-year observations.

    Steps: revenues from a lognormal; the observed number of HNTEs (at most
    all firms) meet every criterion with staggered certificates; the others
    spend less on R&D. Revenues are then scaled so firm R&D equals the
    observed enterprise R&D, and non-HNTE high-tech shares so that high-tech
    output matches its observed share of GDP.
    """
    n = int(params["run.n_firms"])
    year = int(params["run.base_year"])
    n_hnte = min(int(params["observed.hnte_count"]), n)
    target_rd = params["observed.rd_spending"] * params["observed.enterprise_rd_share"] / 100.0 * YI

    revenue = rng.lognormal(np.log(30.0), 1.4, n)
    is_hnte = np.zeros(n, bool)
    # larger firms are likelier to be certified
    weights = revenue ** 0.5 / np.sum(revenue ** 0.5)
    is_hnte[rng.choice(n, size=n_hnte, replace=False, p=weights)] = True
    headroom = rng.exponential(0.012, n)
    high_tech = is_hnte | (rng.random(n) < CANDIDATE_SHARE)
    pool = high_tech & ~is_hnte  # the HNTE cultivation pool: tech SMEs below some threshold
    other_ratio = np.where(pool, np.minimum(rng.lognormal(np.log(0.025), 0.5, n), 0.2),
                           np.minimum(rng.lognormal(np.log(0.006), 0.9, n), 0.2))
    ratio = other_ratio
    for _ in range(30):  # scale revenue so firm R&D matches; brackets move with revenue, so iterate
        ratio = np.where(is_hnte, hnte_rd_threshold(revenue) + headroom, other_ratio)
        total = float(np.sum(ratio * revenue))
        if target_rd <= 0 or total <= 0:
            break
        scale = target_rd / total
        revenue = revenue * scale
        if abs(scale - 1.0) < 1e-9:
            break
    if target_rd <= 0:
        ratio = np.zeros(n)

    ht_share = np.where(is_hnte, rng.uniform(0.62, 1.0, n),
                        np.where(pool, rng.uniform(0.4, 0.9, n), rng.beta(1.2, 5.0, n)))
    gdp = params["economy.gdp"] * YI
    target_ht = params["observed.high_tech_output_share"] / 100.0 * gdp
    fixed_ht = float(np.sum((revenue * ht_share)[high_tech]))
    other_ht = float(np.sum((revenue * ht_share)[~high_tech]))
    if other_ht > 0 and target_ht > fixed_ht:
        factor = (target_ht - fixed_ht) / other_ht
        ht_share = np.where(high_tech, ht_share, np.minimum(ht_share * factor, 0.59))
    st_share = np.where(is_hnte, 0.10 + rng.exponential(0.06, n),
                        np.where(pool, rng.beta(5.0, 45.0, n), rng.beta(2.0, 22.0, n)))
    st_share = np.minimum(st_share, 0.9)
    western = rng.random(n) < params["tax.western_share"] / 100.0
    margin = rng.normal(params["firms.margin"] / 100.0, MARGIN_SD, n) + ratio
    productivity = rng.lognormal(0.0, 0.2, n) * np.where(is_hnte, 1.1, 1.0)

    # room for the base-year firms and about twice as many entrants (a 20-year run at the Gansu baseline's entry
    # rates adds about 1.6 times the base-year count) before the arrays must grow: growing copies every array
    # (about 1.3 ms at 12,000 slots); np.zeros pages are only touched once used
    state = FirmState.empty(3 * n + 16)
    misuser = rng.random(n) < params["subsidy.misuse_probability"]
    arrays = firm_arrays(revenue, ratio, ht_share, st_share, high_tech, western, margin, productivity, misuser,
                         year, params, hnte=is_hnte)
    arrays["birth_year"] = year - 1 - rng.integers(0, 20, n)
    state.append(arrays)
    # firms already making losses are part-way to exit, so exits do not come in one wave
    losing = state.profit[:n] < 0
    state.loss_years[:n] = np.where(losing, rng.integers(0, int(params["firms.exit_loss_years"]), n), 0)
    state.hnte[:n] = is_hnte
    state.hnte_expiry[:n] = np.where(is_hnte, year + rng.integers(1, HNTE_VALID_YEARS + 1, n), 0)
    return state
