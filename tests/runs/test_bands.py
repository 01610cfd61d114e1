"""Bands over replicates are predictive intervals: a 5-95% band from n replicates holds 90% of new draws."""

from __future__ import annotations

import numpy as np
import pytest

from sim.runs.bands import band, percentiles


def coverage(n: int, method: str | None = None, trials: int = 20000, seed: int = 3) -> float:
    """Share of new draws inside the 5-95% band of ``n`` earlier draws (same distribution), over many trials."""
    rng = np.random.default_rng(seed)
    draws = rng.lognormal(size=(trials, n))
    new = rng.lognormal(size=trials)
    if method is None:
        lo, _, hi = band(draws, axis=1)
    else:
        lo, hi = np.percentile(draws, [5, 95], axis=1, method=method)
    return float(np.mean((new >= lo) & (new <= hi)))


@pytest.mark.parametrize("n", [20, 40, 100])
def test_band_holds_ninety_percent_of_new_draws_for_any_replicate_count(n):
    assert coverage(n) == pytest.approx(0.90, abs=0.01)


def test_numpy_default_band_of_twenty_replicates_holds_only_81_percent():
    # the reason for the definition: the linear one covers 0.9 (n - 1) / (n + 1) on average
    assert coverage(20, "linear") == pytest.approx(0.9 * 19 / 21, abs=0.01)
    assert coverage(40, "linear") == pytest.approx(0.9 * 39 / 41, abs=0.01)


def test_median_is_numpys_and_band_ends_are_the_weibull_positions():
    v = np.arange(1.0, 21.0)  # 20 sorted values 1..20: the p-th point stands at position p (n + 1)
    p5, p50, p95 = band(v)
    assert p50 == np.median(v) == 10.5
    assert p5 == pytest.approx(1.05) and p95 == pytest.approx(19.95)
    assert percentiles(v, 50) == p50
    assert band(np.array([4.0, 1.0, 2.0]))[0] == 1.0  # fewer than 19 values: the band is their range
