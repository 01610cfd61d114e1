"""Bunching at the HNTE R&D thresholds: excess mass of firms just above each threshold.

The estimator follows the bunching literature (Chetty et al. 2011; Chen, Liu, Suarez Serrato and Xu, AER
2021, for the HNTE notch): firms of one revenue band are binned by their R&D / revenue ratio; a polynomial
fitted to the bin counts outside a window around the threshold gives the counterfactual counts inside it;
the excess mass is the observed count in the window just above the threshold minus the counterfactual
count, relative to the counterfactual count. Without a notch it is near zero (sampling noise only); with
one it is positive. Ratios in percent of revenue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

THRESHOLDS = (3.0, 4.0, 5.0)  # % of revenue: above 200 million yuan, 50-200 million, up to 50 million
BIN = 0.1  # bin width, points of R&D / revenue
BELOW = 2.0  # fitted range below the threshold, points
ABOVE = 3.0  # fitted range above the threshold, points
WINDOW = 0.5  # the bunching window just above the threshold, points
EXCLUDED_BELOW = 0.3  # points below the threshold also left out of the fit (firms short of it that top up)
DEGREE = 3  # polynomial degree of the counterfactual
BUNCHING_COLUMNS = ["year", "threshold", "firms_in_band", "observed", "counterfactual", "excess_firms", "excess_mass"]


def excess_mass(ratio: np.ndarray, threshold: float) -> dict[str, float]:
    """Excess mass just above ``threshold`` (%) among firms with R&D / revenue ``ratio`` (%).

    Returns ``observed`` (firms in [t, t + WINDOW)), ``counterfactual`` (from the polynomial), ``excess_firms``
    (their difference) and ``excess_mass`` (difference / counterfactual; NaN when the fit has no firms).
    """
    ratio = np.asarray(ratio, float)
    edges = np.round(np.arange(threshold - BELOW, threshold + ABOVE + BIN / 2, BIN), 10)
    counts, _ = np.histogram(ratio, edges)
    centres = (edges[:-1] + edges[1:]) / 2.0
    inside = (centres > threshold - EXCLUDED_BELOW) & (centres < threshold + WINDOW)
    window = (centres > threshold) & (centres < threshold + WINDOW)
    out = {"observed": float(counts[window].sum()), "counterfactual": float("nan"), "excess_firms": float("nan"),
           "excess_mass": float("nan")}
    if counts[~inside].sum() == 0:
        return out
    x = centres - threshold
    coef = np.polyfit(x[~inside], counts[~inside], DEGREE)
    fitted = np.maximum(np.polyval(coef, x[window]), 0.0)
    cf = float(fitted.sum())
    out.update(counterfactual=cf, excess_firms=out["observed"] - cf,
               excess_mass=(out["observed"] - cf) / cf if cf > 0 else float("nan"))
    return out


def bunching_table(panel: pd.DataFrame) -> pd.DataFrame:
    """Excess mass at each threshold (rows) for each year of a firm panel (``sim.model.panel`` columns):
    active firms of the threshold's revenue band, by their reported R&D / revenue (``rd_ratio``)."""
    rows = []
    active = panel[panel["exited"] == 0]
    for year, group in active.groupby("year", sort=True):
        for t in THRESHOLDS:
            band = group.loc[np.isclose(group["threshold"], t), "rd_ratio_3y"].to_numpy()
            rows.append({"year": int(year), "threshold": t, "firms_in_band": len(band), **excess_mass(band, t)})
    return pd.DataFrame(rows, columns=BUNCHING_COLUMNS)
