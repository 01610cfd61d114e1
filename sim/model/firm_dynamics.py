"""Yearly firm behaviour, vectorised over the slots of active firms.

Each function takes the ``FirmState``, the active slots ``idx``, the flat
scenario parameters and the model's ``rng``, and updates the arrays in place.
Money in million yuan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model.firm_state import FirmState
from sim.model.policy import (
    HNTE_MIN_HT_SHARE,
    HNTE_MIN_ST_SHARE,
    cit_rates,
    cit_table,
    expected_grant_rate,
    hnte_rd_threshold,
    rd_price,
)
from sim.model.trends import damped_trend_index
from sim.scenario.loader import forecast_start, path_value

ST_BASE = 0.05  # S&T staff share with no R&D
ST_PER_RD = 2.0  # extra S&T staff share per unit of R&D / revenue
ST_ADJUST = 0.2  # share of the gap to the desired S&T staff share closed each year
HT_GAIN = 0.10  # high-tech share gained per successful innovation (of the remaining gap)
HT_DECAY = 0.03  # yearly obsolescence of high-tech products
MARGIN_NOISE = 0.04  # yearly shock to the margin (share of revenue)
GROWTH_NOISE = 0.08  # yearly shock to revenue growth (log points)
PRODUCTIVITY_PROFIT = 0.3  # margin gained per unit of log relative productivity
REL_PRODUCTIVITY_CAP = 0.5  # |log relative productivity| counted in growth and margins
DIFFUSION = 0.05  # yearly share of the gap to mean productivity closed by every laggard (embodied technology)


@dataclass(slots=True)
class ActiveRows:
    """This year's values of the active firms, gathered from ``FirmState`` at ``idx`` once per step.

    A phase that changes one of these arrays in the state writes the same values here, so later phases
    read them without gathering again (each gather costs as much as several arithmetic passes). Valid
    until firms grow (``grow_and_exit`` changes revenue) or leave. Money in million yuan.
    """

    idx: np.ndarray  # slots of the active firms
    revenue: np.ndarray
    st_share: np.ndarray
    ht_share: np.ndarray
    hnte: np.ndarray
    hnte_expiry: np.ndarray
    rd_true: np.ndarray = field(default_factory=lambda: np.empty(0))  # set by decide_rd
    rd_reported: np.ndarray = field(default_factory=lambda: np.empty(0))  # set by decide_rd
    subsidy: np.ndarray = field(default_factory=lambda: np.empty(0))  # set when subsidies are paid
    productivity: np.ndarray = field(default_factory=lambda: np.empty(0))  # set by innovate
    employees: np.ndarray = field(default_factory=lambda: np.empty(0))  # set by place_staff

    @classmethod
    def gather(cls, state: FirmState, idx: np.ndarray) -> ActiveRows:
        return cls(idx, state.revenue.take(idx), state.st_share.take(idx), state.ht_share.take(idx), state.hnte[idx],
                   state.hnte_expiry.take(idx))


def gather_columns(arr: np.ndarray, idx: np.ndarray) -> list[np.ndarray]:
    """The columns of ``arr[idx]`` for a narrow column-major 2-D array: each gathered from its own contiguous
    column (``arr[:, j]`` is a view), much faster than gathering rows."""
    return [arr[:, j].take(idx) for j in range(arr.shape[1])]


QUANTILE_SAMPLE_STEP = 16  # quantile_linear bounds the values it needs from every 16th value of a large array
QUANTILE_SAMPLE_MARGIN = 0.05  # at the sample's quantile q - 0.05: some 4 standard errors under q at 500 values


def quantile_linear(x: np.ndarray, q: float) -> float:
    """``np.quantile(x, q)`` with numpy's default 'linear' method, bit for bit, from one partition
    (numpy partitions at two points, several times slower). NaNs or an edge quantile use numpy itself.

    Only the values at ranks ``below`` and ``below + 1`` matter. In a large array they are found among the values
    at or above a bound read from a sample: when at least ``n - below`` values reach the bound, the bound is at
    or under the value at rank ``below``, so those values are the array's largest and hold both ranks (the
    partition then runs on about a sixth of the array); otherwise the whole array is partitioned."""
    n = len(x)
    virtual = (n - 1) * q  # numpy's virtual index, its floor and the weight gamma, computed the same way
    below = math.floor(virtual) if n > 1 else 0
    if n < 2 or not 0 <= below < n - 1 or np.isnan(x).any():
        return float(np.quantile(x, q))
    gamma = virtual - below
    values, rank = x, below
    if n >= 64 * QUANTILE_SAMPLE_STEP:
        sample = x[::QUANTILE_SAMPLE_STEP]
        j = max(int((len(sample) - 1) * (q - QUANTILE_SAMPLE_MARGIN)), 0)
        upper = x[x >= np.partition(sample, j)[j]]
        if len(upper) >= n - below:
            values, rank = upper, below - (n - len(upper))  # rank ``below`` of x is this rank of upper
    part = np.partition(values, rank)
    a, b = part[rank], part[rank + 1:].min()
    diff = b - a
    # numpy's _lerp: a + diff * gamma, replaced by b - diff * (1 - gamma) where gamma >= 0.5
    return float(b - diff * (1 - gamma)) if gamma >= 0.5 else float(a + diff * gamma)


def western_active(state: FirmState, idx: np.ndarray, year: int, params: dict[str, Any]) -> np.ndarray:
    return state.western[idx] & (year <= params["tax.western_end_year"])


def rd_trend_index(params: dict[str, Any], year: int) -> float:
    """Factor on every firm's desired R&D / revenue in ``year`` from the secular trend ``firms.rd_trend`` (% per
    year): the constant rate over the fitted years (from the base year to the year before
    ``run.trend_damping_from``, 0: ``run.forecast_from``; a backtest sets its cutoff + 1), then a damped trend
    forecast, the rate times ``firms.rd_trend_damping``^h in the h-th year after them (``damped_trend_index``).
    1 at a trend of 0 (docs/ODD.md §3.3.3)."""
    rate = params["firms.rd_trend"] / 100.0
    if rate == 0.0:
        return 1.0
    base = int(params["run.base_year"])
    first_forecast = max(int(params["run.trend_damping_from"]) or forecast_start(params), base + 1)
    fitted = damped_trend_index(rate, 1.0, min(year, first_forecast - 1) - base)
    damping = params["firms.rd_trend_damping"]
    return fitted * damped_trend_index(rate * damping, damping, year - first_forecast + 1)


def decide_rd(state: FirmState, rows: ActiveRows, year: int, params: dict[str, Any],
              rng: np.random.Generator, super_deduction: float, award_payout: float,
              subsidy_payout: float = 1.0, nominal_growth: float = 0.0) -> dict[str, float]:
    """Set this year's true and reported R&D in ``rows`` (the caller writes them to the state once the levers
    have added theirs: ``InnovationModel._levers_on_rd``), and move the R&D / revenue history on.

    Firms plan R&D on this year's expected revenue (last year's grown with nominal GDP, so a fast-growing
    year does not manufacture a dip in R&D / GDP). Desired R&D / revenue responds to the price of R&D
    (``policy.rd_price``: the tax price with the super-deduction at the rate paid without HNTE status, less
    the expected post-R&D grant rate) with the long-run elasticity; firms close ``rd_adjustment`` of the gap
    each year (Bloom, Griffith, Van Reenen 2002: short-run elasticity about a tenth of the long-run one).

    The HNTE notch: holders and pool firms whose three-year average would fall short of the threshold,
    and other firms within ``hnte_gap`` points of it, either relabel spending (reported, not real) or
    raise real R&D to the threshold when certification is worth more than the extra R&D costs.
    Returns counts of relabelling and real bunching firms.
    """
    idx = rows.idx
    rev = rows.revenue * (1.0 + nominal_growth)  # expected revenue this year
    rev_safe = np.maximum(rev, 1e-9)
    hnte = rows.hnte
    western = western_active(state, idx, year, params)
    rates = cit_table(params["tax.cit_standard"], params["tax.cit_hnte"])
    cit_plain = np.where(western, rates[1], rates[0])  # the rate paid without HNTE status
    profit = state.profit.take(idx)
    grant = expected_grant_rate(rev, state.misuser[idx], params, subsidy_payout, year)
    # the super-deduction is worth its rate only while profit absorbs it (tax_expenditure caps it at profit)
    room = profit > super_deduction / 100.0 * state.rd_reported.take(idx)
    cost = rd_price(cit_plain, super_deduction, profit > 0, grant, room)
    # in place on fresh arrays, each step in the order of the formula in the comment
    desired = np.maximum(cost, 0.05)
    desired /= np.maximum(state.c0.take(idx), 0.05)
    desired **= -params["tax.price_elasticity"]
    desired *= state.base_ratio.take(idx)  # base_ratio x (max(cost, 0.05) / max(c0, 0.05)) ** -elasticity
    trend = rd_trend_index(params, year)
    if trend != 1.0:
        desired *= trend  # x the secular trend of R&D propensity
    ratio = state.ratio.take(idx)
    desired -= ratio
    desired *= params["firms.rd_adjustment"]
    ratio = np.add(ratio, desired, out=desired)  # ratio + rd_adjustment x (desired - ratio)
    ratio *= rng.lognormal(0.0, 0.05, state.n).take(idx)
    np.clip(ratio, 0.0, 0.5, out=ratio)
    state.ratio[idx] = ratio
    rd_true = ratio * rev

    # the HNTE notch: only firms with the high-tech and S&T shares can be near it, about a tenth of the
    # firms: the notch arithmetic runs on their positions ``c`` only
    uniform = rng.random(state.n).take(idx)  # drawn for every slot: a firm's draw does not depend on who else is active
    c = ((rows.ht_share >= HNTE_MIN_HT_SHARE) & (rows.st_share >= HNTE_MIN_ST_SHARE)).nonzero()[0]
    slots_c = idx[c]
    rev_c = rev[c]
    needed = 3.0 * hnte_rd_threshold(rev_c) - state.ratio_hist[:, 1].take(slots_c) - state.ratio_hist[:, 2].take(slots_c)
    shortfall = needed - rd_true[c] / rev_safe[c]
    committed = hnte[c] | state.pool[slots_c]  # holders keep the average up; pool firms work toward it
    near = (shortfall > 0) & (committed | (shortfall <= params["firms.hnte_gap"] / 100.0))
    tax_gain = cit_plain[c] - np.where(western[c], rates[3], rates[2])  # less the rate with HNTE status
    award = np.array([path_value(params["subsidy.hnte_award_first"], year),
                      path_value(params["subsidy.hnte_award_recert"], year)])[hnte[c].astype(np.intp)]
    value = 3.0 * tax_gain * np.maximum(profit[c], 0.0) + award * award_payout
    relabel = near & (value > 0) & (uniform[c] < params["firms.hnte_relabel_probability"])
    real = near & ~relabel & (value > shortfall * rev_c * cost[c])
    top_up = np.maximum(shortfall, 0.0) * rev_c + 1e-9
    rd_true[c[real]] += top_up[real]  # bunching: real R&D raised to the threshold
    rd_reported = rd_true.copy()
    rd_reported[c[relabel]] += top_up[relabel]  # relabelling: reported, not spent

    rows.rd_true, rows.rd_reported = rd_true, rd_reported
    shift_history(state, idx, rd_reported / rev_safe)
    return {"relabelling_firms": float(relabel.sum()), "bunching_firms": float(real.sum())}


POOL_RESTRUCTURE = 0.5  # share of the gap to its product and staff targets a pool firm closes each year
POOL_HT_TARGET = HNTE_MIN_HT_SHARE + 0.10  # pool firms aim above the criteria, so yearly obsolescence
POOL_ST_TARGET = HNTE_MIN_ST_SHARE + 0.03  # and staff turnover do not push them back under (assumption)
POOL_YEARS = 5  # a pool firm not certified after this many years leaves the pool


def cultivate(state: FirmState, rows: ActiveRows, year: int, params: dict[str, Any], rng: np.random.Generator,
              cultivation_index: float) -> dict[str, float]:
    """The HNTE ladder below certification: uncertified firms enter the cultivation pool (培育库), pool firms
    restructure toward the product and staff criteria and face the R&D notch every year (``decide_rd``
    tops their R&D up to the threshold, really or by relabelling, when certification is worth it); firms certified, or
    in the pool too long, leave it.

    Entry: ``pool_entry_rate`` % of the uncertified firms a year, scaled by ``cultivation_index ** elasticity``
    (the award and cultivation budget per uncertified firm relative to the base year), drawn with weights
    favouring small firms with a high-tech product share and R&D already. Returns the pool's flows.
    """
    idx = rows.idx
    hnte = rows.hnte
    pool = state.pool[idx]
    state.pool[idx[hnte & pool]] = False  # certified: the pool's work is done
    pool &= ~hnte
    too_long = year - state.pool_year.take(idx) >= POOL_YEARS
    state.pool[idx[pool & too_long]] = False
    pool &= ~too_long  # = state.pool[idx] now
    outside = (~hnte & ~pool).nonzero()[0]
    outside_slots = idx[outside]
    rate = params["firms.pool_entry_rate"] / 100.0 * max(cultivation_index, 0.0) ** params["firms.cultivation_elasticity"]
    uniform = rng.random(state.n).take(outside_slots)  # one draw per slot: a firm's entry does not depend on the others
    entering = np.empty(0, np.intp)
    if len(outside) and rate > 0:
        # technology SMEs first: a high-tech product share, some R&D, small size (Chen et al. 2021: the
        # notch binds for small and medium firms); expected entries = rate x uncertified firms
        weights = rows.ht_share.take(outside)
        weights += 0.05
        weights *= state.ratio.take(outside_slots) + 0.002
        size = rows.revenue.take(outside)
        size += 1.0
        weights /= np.sqrt(size, out=size)  # (0.05 + ht_share) x (0.002 + ratio) / sqrt(1 + revenue)
        chance = (rate * len(outside)) * weights
        chance /= weights.sum()
        entering = outside[uniform < np.minimum(chance, 1.0, out=chance)]
    slots = idx[entering]
    state.pool[slots] = True
    state.pool_year[slots] = year
    pool[entering] = True
    at = pool.nonzero()[0]  # the pool's members: their positions in the rows, and their slots
    members = idx[at]
    # they restructure toward the targets, in the state and in the rows (which stay equal to it)
    ht, st = rows.ht_share[at], rows.st_share[at]
    ht = ht + POOL_RESTRUCTURE * np.maximum(POOL_HT_TARGET - ht, 0.0)
    st = st + POOL_RESTRUCTURE * np.maximum(POOL_ST_TARGET - st, 0.0)
    state.ht_share[members] = rows.ht_share[at] = ht
    state.st_share[members] = rows.st_share[at] = st
    return {"pool_entries": float(len(slots)), "pool_size": float(len(members))}


def shift_history(state: FirmState, idx: np.ndarray, newest: np.ndarray) -> None:
    """Move the R&D / revenue history of the firms ``idx`` one year on, ``newest`` last. The columns of every
    slot move at once (contiguous copies, cheaper than gathering and scattering the active rows); the
    history of firms that have left is never read."""
    hist, n = state.ratio_hist, state.n
    hist[:n, 0] = hist[:n, 1]
    hist[:n, 1] = hist[:n, 2]
    hist[:, 2][idx] = newest


def innovate(state: FirmState, rows: ActiveRows, params: dict[str, Any], rng: np.random.Generator,
             spillover: float) -> float:
    """Innovation and imitation draws (Nelson-Winter / Keynes+Schumpeter).

    Success probabilities are ``1 - exp(-zeta x half the R&D / revenue in %)``
    scaled by S&T staff; an innovation draws a productivity change from
    Beta(3,3) on [-step, +step]; imitation closes half the gap to the 90th
    percentile. Productivity is the best of old, innovated and imitated.
    ``spillover`` (>= 0) scales imitation by public knowledge.
    Returns the revenue-weighted mean productivity growth (share).
    """
    idx = rows.idx
    k = len(idx)
    if k == 0:
        return 0.0
    rev = rows.revenue
    prod = state.productivity.take(idx)
    rd_true = rows.rd_true
    # the arithmetic below runs in place on fresh arrays, each step in the order of the formula in its comment
    ratio_pct = 100.0 * rd_true
    ratio_pct /= np.maximum(rev, 1e-9)  # 100 x R&D / revenue
    human = rows.st_share / 0.1
    np.sqrt(np.clip(human, 0.3, 2.0, out=human), out=human)  # sqrt(clip(st_share / 0.1, 0.3, 2))
    p_in = (-params["firms.innovation_zeta"] * 0.5) * ratio_pct
    p_in *= human
    p_in = 1.0 - np.exp(p_in, out=p_in)  # 1 - exp(-zeta_in x 0.5 x ratio_pct x human)
    p_im = (-params["firms.imitation_zeta"] * 0.5) * ratio_pct
    p_im *= human
    p_im *= 1.0 + spillover
    p_im = 1.0 - np.exp(p_im, out=p_im)  # 1 - exp(-zeta_im x 0.5 x ratio_pct x human x (1 + spillover))
    step = params["firms.innovation_step"] / 100.0
    innovated = 2.0 * rng.beta(3.0, 3.0, state.n).take(idx)
    innovated -= 1.0
    innovated *= step
    innovated += 1.0
    innovated *= prod  # prod x (1 + step x (2 x beta - 1))
    success_in = rng.random(state.n).take(idx) < p_in
    frontier = quantile_linear(prod, 0.9)
    imitated = np.maximum(frontier - prod, 0.0)
    imitated *= 0.5
    imitated += prod  # prod + 0.5 x max(frontier - prod, 0)
    success_im = rng.random(state.n).take(idx) < p_im
    # the best of old, innovated (on success) and imitated (on success); productivity is > 0, so a failed
    # draw masked to 0 never wins: the same values as np.where(success, candidate, prod), without its branches
    innovated *= success_in
    new = np.maximum(prod, innovated, out=innovated)
    imitated *= success_im
    np.maximum(new, imitated, out=new)
    total_rev = max(rev.sum(), 1e-9)
    mean = float((new * rev).sum() / total_rev)
    gap = np.maximum(mean - new, 0.0, out=imitated)
    gap *= DIFFUSION
    new += gap  # new + DIFFUSION x max(mean - new, 0)
    state.productivity[idx] = new
    rows.productivity = new

    ht = rows.ht_share
    gain = 1.0 - ht
    gain *= HT_GAIN * success_in
    gain += ht
    gain -= HT_DECAY * ht
    ht = np.clip(gain, 0.0, 1.0, out=gain)  # clip(ht + HT_GAIN x success x (1 - ht) - HT_DECAY x ht, 0, 1)
    state.ht_share[idx] = ht
    rows.ht_share = ht
    delta = params["firms.knowledge_depreciation"] / 100.0
    knowledge = state.knowledge.take(idx)
    knowledge *= 1.0 - delta
    knowledge += rd_true
    state.knowledge[idx] = knowledge  # (1 - delta) x knowledge + R&D
    growth = new / prod
    growth -= 1.0
    growth *= rev
    return float(growth.sum() / total_rev)  # sum(rev x (new / prod - 1)) / total revenue


def place_staff(state: FirmState, rows: ActiveRows, persons: float) -> None:
    """S&T staff adjust toward what R&D needs; ``persons`` placed by talent
    programmes and graduates go to firms in proportion to their R&D."""
    idx = rows.idx
    rows.employees = employees = state.employees.take(idx)
    if len(idx) == 0:
        return
    rd = rows.rd_true
    # in place on fresh arrays, each step in the order of the formula in the comment
    target = ST_PER_RD * rd
    target /= np.maximum(rows.revenue, 1e-9)
    target += ST_BASE
    target.clip(0.0, 0.8, out=target)  # clip(ST_BASE + ST_PER_RD x R&D / revenue, 0, 0.8)
    st = rows.st_share
    target -= st
    target *= ST_ADJUST
    st = np.add(st, target, out=target)  # st + ST_ADJUST x (target - st)
    rd_total = rd.sum()
    if persons > 0 and rd_total > 0:
        placed = persons * rd
        placed /= rd_total
        placed /= employees
        st += placed  # st + persons x R&D / total R&D / employees
    st.clip(0.0, 1.0, out=st)
    state.st_share[idx] = st
    rows.st_share = st


def grow_and_exit(state: FirmState, rows: ActiveRows, year: int, params: dict[str, Any],
                  rng: np.random.Generator, nominal_growth: float) -> np.ndarray:
    """Revenue growth with market selection, profit, and exit after losses.

    Revenue grows with nominal GDP plus ``selection`` x relative productivity
    (centred so the sector tracks GDP) and a shock. Profit is the margin,
    improved by relative productivity, less R&D, plus last subsidy.
    Returns the slots of firms that exit.
    """
    idx = rows.idx
    k = len(idx)
    if k == 0:
        return idx
    rev = rows.revenue
    # in place on fresh arrays, each step in the order of the formula in the comment
    log_prod = np.log(rows.productivity)
    total_rev = rev.sum()
    log_prod -= (log_prod * rev).sum() / total_rev
    rel = np.clip(log_prod, -REL_PRODUCTIVITY_CAP, REL_PRODUCTIVITY_CAP, out=log_prod)  # log productivity, centred
    push = params["firms.selection"] * rel
    push -= (push * rev).sum() / total_rev
    push += np.log1p(nominal_growth)
    push += rng.normal(0.0, GROWTH_NOISE, state.n).take(idx)
    factor = np.exp(push, out=push)  # exp(log1p(nominal growth) + push + noise)
    rev = rev * factor
    state.revenue[idx] = rev
    employees = rows.employees * factor
    state.employees[idx] = np.maximum(1.0, employees, out=employees)
    rel *= PRODUCTIVITY_PROFIT
    margin = state.margin.take(idx)
    margin += rel
    margin += rng.normal(0.0, MARGIN_NOISE, state.n).take(idx)  # margin + PRODUCTIVITY_PROFIT x rel + noise
    profit = np.multiply(margin, rev, out=margin)
    profit -= rows.rd_true
    profit += rows.subsidy  # margin x revenue - R&D + subsidy
    state.profit[idx] = profit
    loss_years = state.loss_years.take(idx)
    loss_years += 1
    loss_years *= profit < 0  # reset to 0 by a profitable year
    state.loss_years[idx] = loss_years
    leaving = idx[loss_years >= params["firms.exit_loss_years"]]
    state.alive[leaving] = False
    state.hnte[leaving] = False
    return leaving


def tax_expenditure(state: FirmState, idx: np.ndarray, year: int, params: dict[str, Any],
                    super_deduction: float) -> float:
    """Tax forgone this year (million yuan) through the super-deduction and the HNTE rate.

    The Western Development 15% rate is regional policy, not S&T policy, and
    is not counted; for firms under it the HNTE rate brings nothing extra.
    """
    profit = state.profit.take(idx)
    deduction = super_deduction / 100.0 * state.rd_reported.take(idx)
    np.minimum(deduction, np.maximum(profit, 0.0), out=deduction)  # capped at profit
    without_hnte, _, cit = cit_rates(state.hnte[idx], western_active(state, idx, year, params),
                                     params["tax.cit_standard"], params["tax.cit_hnte"])
    taxable = np.subtract(profit, deduction, out=profit)
    np.maximum(taxable, 0.0, out=taxable)  # max(profit - deduction, 0)
    deduction *= cit
    without_hnte -= cit
    without_hnte *= taxable
    return float(deduction.sum() + without_hnte.sum())  # sum(deduction x cit) + sum((without_hnte - cit) x taxable)
