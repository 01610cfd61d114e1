"""The run summary (``summarise``) is vectorised; its numbers equal a per-group percentile (by the band's
definition, ``sim.runs.bands``) exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.indicators import ALL_INDICATOR_NAMES
from sim.runs.runner import summarise


def per_group(indicators: pd.DataFrame) -> pd.DataFrame:
    """The summary as it was computed before: one group at a time, four statistics per indicator."""
    rows = []
    for (sid, year), group in indicators.groupby(["scenario", "year"], sort=False):
        row = {"scenario": sid, "year": int(year), "replicates": len(group)}
        for name in ALL_INDICATOR_NAMES:
            v = group[name].to_numpy()
            p5, p50, p95 = np.percentile(v, [5, 50, 95], method="weibull")
            row.update({f"{name}_mean": float(v.mean()), f"{name}_p5": float(p5), f"{name}_p50": float(p50),
                        f"{name}_p95": float(p95)})
        rows.append(row)
    return pd.DataFrame(rows)


def fake_indicators(scenarios: list[str], replicates: int, years: range, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(s, r, y) for s in scenarios for r in range(replicates) for y in years]
    frame = pd.DataFrame(rows, columns=["scenario", "replicate", "year"])
    frame["seed"] = frame["replicate"].astype(str)
    for name in ALL_INDICATOR_NAMES:
        frame[name] = rng.lognormal(size=len(frame)) * 100
    return frame


@pytest.mark.parametrize("reps", [1, 2, 7, 8, 9, 30, 200])
def test_summary_equals_per_group_percentiles(reps):
    ind = fake_indicators(["b", "a"], reps, range(2015, 2036))
    pd.testing.assert_frame_equal(summarise(ind), per_group(ind), check_exact=True)


def test_summary_with_unequal_groups_and_order_of_appearance():
    ind = fake_indicators(["z", "a"], 4, range(2020, 2026), seed=3).drop(index=[0, 7, 30]).sample(frac=1, random_state=1)
    got = summarise(ind)
    pd.testing.assert_frame_equal(got, per_group(ind), check_exact=True)
    assert sorted(got["replicates"].unique()) == [3, 4]


def test_summary_of_a_real_run_is_unchanged():
    from sim.runs.runner import run
    from sim.scenario.library import scenarios_dir

    res = run(scenarios_dir() / "gansu_baseline.toml", replicates=3, seed=5)
    pd.testing.assert_frame_equal(res.summary, per_group(res.indicators), check_exact=True)
