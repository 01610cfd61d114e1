"""Model discrepancy: how far the calibrated model's path lies from the observed one, carried
into the forecast.

A calibrated model still misses the observed series by a persistent margin (Gansu's R&D
spending runs 4-8% above the bulletins in 2017-2023, Guizhou's 5-7% below). Ignoring that
margin biases a forecast and makes its band too narrow; Kennedy and O'Hagan (2001, J. R. Stat.
Soc. B 63: 425-464) call it model discrepancy and add it to the simulator's output, and
history matching (Vernon, Goldstein and Bower 2010, Bayesian Analysis 5: 619-669) budgets for it.

Here the discrepancy of an outcome is ``delta_t = log(observed_t / simulated median_t)`` over the
calibration years. After the last observed year it is carried forward as

* ``walk`` (levels: R&D spending, the HNTE stock, contract turnover): a first-order autoregression
  that starts from the last residual, ``delta_{T+h} = rho delta_{T+h-1} + e``, ``e ~ N(0, sigma^2)``,
  ``rho`` the least-squares slope of ``delta_t`` on ``delta_{t-1}`` in sample (clipped to 0..1; 1 with
  fewer than three residuals), ``sigma`` the root mean square of ``delta_t - rho delta_{t-1}``. A
  persistent misfit (rho near 1) is a random walk from the last observation (an intercept correction)
  whose band widens with the horizon; a misfit that swings (rho small) fades back to the model;
* ``noise`` (yearly flows that come in batches: certifications): ``delta_{T+h} = mean of the last
  three deltas + e``, ``e ~ N(0, s^2)``, ``s`` the residuals' standard deviation.

A series with fewer than two residuals up to the cutoff cannot show its own misfit, so it gets an
assumed one rather than none: a level's one residual (0 if it has none; a flow's offset is 0, as one
batch year says little about its mean) carried as above with rho 1 and the yearly ``prior_sigma`` the
caller gives (``sim.studies.abc_calibration`` gives the series' calibration
tolerance: a misfit of one tolerance is what its distance treats as one unit). Leaving such a series out made its
band the model's spread alone: a Guizhou backtest to 2018 (one HNTE observation) had 40% of its
held-out HNTE counts inside, and 100% with the assumed misfit. Offsetting certifications by their one
(2018 renewal-peak) residual instead lowered their coverage in the 2018 backtests (Gansu 60% -> 40%,
Guizhou 20% -> 0%).

Each replicate multiplies the group's indicators by ``exp(delta)`` from its own seeded stream, so
paired scenarios (same seed) share their discrepancy. The model's state is not changed: fiscal
money, firms and every other indicator stay as simulated. The estimate comes only from
observations up to the calibration's cutoff (``estimate``); ``apply`` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

DISCREPANCY_STREAM = 6  # replicate seed stream (1: uncertain draws, 2: posterior particle, 4: data error)
NOISE_LAST_YEARS = 3    # a flow's offset is the mean of its last three residuals


@dataclass(frozen=True)
class GroupSpec:
    """Which observed series a discrepancy is estimated from, which indicators it scales, and how it evolves."""

    name: str
    source: str                  # indicator whose residuals are measured
    applies_to: tuple[str, ...]  # indicators multiplied by exp(delta)
    kind: str                    # "walk" or "noise"


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("rd", "rd_spending", ("rd_spending", "rd_intensity"), "walk"),  # GDP is an input: the ratio moves with it
    GroupSpec("hnte_stock", "hnte_count", ("hnte_count",), "walk"),
    GroupSpec("hnte_flow", "hnte_certifications", ("hnte_certifications", "new_hnte"), "noise"),
    GroupSpec("contracts", "tech_contract_turnover", ("tech_contract_turnover",), "walk"),
)

GROUP_NAMES = tuple(g.name for g in GROUPS)


@dataclass(frozen=True)
class GroupDiscrepancy:
    """One group's estimate (log units: 0.05 is about 5%).

    Attributes:
        offset: the discrepancy the forecast starts from (log of observed / simulated).
        sigma: yearly innovation (walk) or spread (noise), log units.
        rho: persistence of a walk's discrepancy from one year to the next (0..1; unused by noise).
        from_year: first year it applies to (the last observed year of ``source`` + 1).
        n_residuals: how many observed years the estimate rests on.
    """

    name: str
    source: str
    applies_to: tuple[str, ...]
    kind: str
    offset: float
    sigma: float
    from_year: int
    n_residuals: int
    rho: float = 1.0


@dataclass(frozen=True)
class Discrepancy:
    """The discrepancy of every group that has observations (see the module docstring)."""

    groups: tuple[GroupDiscrepancy, ...]

    def to_json(self) -> dict[str, Any]:
        return {"method": "log residuals of the posterior median; walk = AR(1) from the last residual (rho 1: random walk), "
                          "noise = mean of the last three residuals + iid spread (sim.scenario.discrepancy)",
                "groups": [{**asdict(g), "applies_to": list(g.applies_to)} for g in self.groups]}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Discrepancy:
        groups = []
        for g in data.get("groups", []):
            groups.append(GroupDiscrepancy(str(g["name"]), str(g["source"]), tuple(str(a) for a in g["applies_to"]),
                                           str(g["kind"]), float(g["offset"]), float(g["sigma"]), int(g["from_year"]),
                                           int(g["n_residuals"]), float(g.get("rho", 1.0))))
        for g in groups:
            if g.kind not in ("walk", "noise") or not np.isfinite(g.offset) or not (np.isfinite(g.sigma) and g.sigma >= 0) \
                    or not 0.0 <= g.rho <= 1.0:
                raise ValueError(f"discrepancy group {g.name!r}: kind must be walk or noise, offset finite, sigma >= 0, "
                                 "rho 0..1")
        return Discrepancy(tuple(groups))


def estimate(simulated_median: pd.DataFrame, observed: pd.DataFrame, cutoff: int, first_year: int,
             groups: Sequence[GroupSpec] = GROUPS, prior_sigma: Mapping[str, float] | None = None) -> Discrepancy:
    """Estimate each group's discrepancy from observations in ``first_year .. cutoff``.

    Args:
        simulated_median: the median over replicates of each indicator, indexed by year.
        observed: rows ``indicator, year, value`` (``sim.scenario.history.observed_with_proxies``).
        cutoff: last year whose observations may be used.
        first_year: first year to use (the year after the base year: the base year matches by construction).
        groups: the groups to estimate.
        prior_sigma: assumed yearly sigma (log units) per source indicator, for a group whose source has
            fewer than two residuals (a random walk from its residual, or from 0); a group without one
            is left out in that case.
    """
    out = []
    for spec in groups:
        if spec.source not in simulated_median.columns:
            continue
        rows = observed[(observed["indicator"] == spec.source) & (observed["year"] >= first_year)
                        & (observed["year"] <= cutoff) & observed["value"].notna() & (observed["value"] > 0)]
        rows = rows[rows["year"].isin(simulated_median.index)].sort_values("year")
        sim = simulated_median.loc[rows["year"].to_numpy(int), spec.source].to_numpy(float)
        if not (sim > 0).all():
            continue
        resid = np.log(rows["value"].to_numpy(float) / sim)
        rho = 1.0
        if len(resid) < 2:  # too few to show the misfit: the assumed one (module docstring)
            if prior_sigma is None or spec.source not in prior_sigma:
                continue
            offset = float(resid[-1]) if len(resid) and spec.kind == "walk" else 0.0
            sigma = float(prior_sigma[spec.source])
        elif spec.kind == "walk":
            offset = float(resid[-1])
            before, after = resid[:-1], resid[1:]
            if len(resid) >= 3 and float(np.dot(before, before)) > 0:
                rho = float(np.clip(np.dot(before, after) / np.dot(before, before), 0.0, 1.0))
            sigma = float(np.sqrt(np.mean(np.square(after - rho * before))))
        else:
            offset = float(np.mean(resid[-NOISE_LAST_YEARS:]))
            sigma = float(np.std(resid, ddof=1))
        from_year = int(rows["year"].max()) + 1 if len(resid) else int(first_year)
        out.append(GroupDiscrepancy(spec.name, spec.source, spec.applies_to, spec.kind, offset, sigma,
                                    from_year, len(resid), rho))
    return Discrepancy(tuple(out))


def factors(discrepancy: Discrepancy, years: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """``exp(delta)`` per affected indicator and year for the replicate with ``seed`` (1 before a group's
    ``from_year``). Group ``k`` (its place in ``GROUPS``, so a group left out does not change the others'
    draws) draws year by year from its own stream ``SeedSequence([seed, DISCREPANCY_STREAM, k])``, so a run
    that ends earlier gets the same factors for the years it has."""
    years = np.asarray(years, int)
    out: dict[str, np.ndarray] = {}
    for i, g in enumerate(discrepancy.groups):
        k = GROUP_NAMES.index(g.name) if g.name in GROUP_NAMES else len(GROUP_NAMES) + i
        rng = np.random.default_rng(np.random.SeedSequence([int(seed), DISCREPANCY_STREAM, k]))
        ahead = years >= g.from_year
        e = rng.standard_normal(int(ahead.sum())) * g.sigma
        delta = np.zeros(len(years))
        if g.kind == "walk":
            path, level = np.empty(len(e)), g.offset
            for h, shock in enumerate(e):
                level = g.rho * level + shock
                path[h] = level
            delta[ahead] = path
        else:
            delta[ahead] = g.offset + e
        for name in g.applies_to:
            out[name] = np.exp(delta)
    return out


def apply(values: dict[str, Any], discrepancy: Discrepancy | None, seed: int) -> dict[str, Any]:
    """One replicate's indicators (``simulate``'s dict: ``year`` and one array per indicator) with the
    discrepancy applied; a new dict, the input is not changed. ``None`` returns ``values`` as they are."""
    if discrepancy is None or not discrepancy.groups:
        return values
    out = dict(values)
    for name, f in factors(discrepancy, np.asarray(values["year"]), seed).items():
        if name in out:
            out[name] = np.asarray(out[name], float) * f
    return out


def apply_to_frame(frame: pd.DataFrame, discrepancy: Discrepancy | None) -> pd.DataFrame:
    """A table of replicates (columns ``seed``, ``year`` and indicators; one row per replicate and year) with
    each replicate's discrepancy applied as ``simulate`` would apply it; a new frame."""
    if discrepancy is None or not discrepancy.groups:
        return frame
    out = frame.copy()
    for seed, rows in out.groupby("seed", sort=False):
        for name, f in factors(discrepancy, rows["year"].to_numpy(int), int(seed)).items():
            if name in out.columns:
                out.loc[rows.index, name] = rows[name].to_numpy(float) * f
    return out
