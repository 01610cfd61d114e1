"""Long sessions: many runs in one process do not grow resident memory by more
than 10%, and a large batch returns every (scenario, replicate, year) row
exactly once.

The default soak is 200 runs after 50 warm-up runs; set INNOVSIM_SOAK_RUNS=1000
for the full figure (about 90 s)::

    INNOVSIM_SOAK_RUNS=1000 .venv/bin/python -m pytest -s tests/runs/test_soak.py -k memory
"""

from __future__ import annotations

import gc
import os
import time

import pytest

from sim.runs.runner import run
from sim.scenario.library import scenarios_dir
from sim.scenario.loader import load_scenario

SMALL = ["run.n_firms=30", "run.n_universities=3"]
WARMUP = 50


def rss_bytes() -> int:
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:  # Linux without psutil
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_memory_stays_flat_over_many_runs():
    runs = int(os.environ.get("INNOVSIM_SOAK_RUNS", "200"))
    sc = load_scenario(scenarios_dir() / "gansu_baseline.toml", SMALL)
    for i in range(WARMUP):  # allocator arenas, lazy imports and pandas caches settle first
        run(sc, replicates=1, seed=i)
    gc.collect()
    before = rss_bytes()
    t0 = time.monotonic()
    samples = []
    for i in range(runs):
        result = run(sc, replicates=1, seed=WARMUP + i)
        assert len(result.indicators) == len(sc.years)
        if (i + 1) % max(runs // 5, 1) == 0:
            gc.collect()
            samples.append(rss_bytes())
    gc.collect()
    after = rss_bytes()
    growth = (after - before) / before
    print(f"\n{runs} runs in {time.monotonic() - t0:.1f}s: RSS {before / 2**20:.1f} MiB -> {after / 2**20:.1f} MiB "
          f"({100 * growth:+.2f}%); samples MiB {[round(s / 2**20, 1) for s in samples]}")
    assert growth <= 0.10


def _check_rows(result, n_scenarios: int, reps: int, years: list[int]) -> None:
    ind = result.indicators
    assert len(ind) == n_scenarios * reps * len(years)
    counts = ind.groupby(["scenario", "replicate", "year"]).size()
    assert (counts == 1).all()
    assert len(counts) == n_scenarios * reps * len(years)
    assert set(ind["replicate"]) == set(range(reps)) and set(ind["year"]) == set(years)
    assert (result.summary["replicates"] == reps).all()
    assert len(result.draws) == n_scenarios * reps


def test_batch_rows_exactly_once():
    scs = [load_scenario(scenarios_dir() / "gansu_baseline.toml", SMALL),
           load_scenario(scenarios_dir() / "gansu_subsidy_x2.toml", SMALL)]
    result = run(scs, replicates=60, seed=5)
    _check_rows(result, 2, 60, scs[0].years)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_sweep_of_1000_runs_rows_exactly_once(workers):
    """1,000 runs (two scenarios x 500 replicates), serial and with a process pool."""
    scs = [load_scenario(scenarios_dir() / "gansu_baseline.toml", SMALL),
           load_scenario(scenarios_dir() / "gansu_fiscal_2p5.toml", SMALL)]
    t0 = time.monotonic()
    result = run(scs, replicates=500, seed=11, workers=workers)
    print(f"\n1000 runs with {workers} worker(s): {time.monotonic() - t0:.1f}s, {len(result.indicators)} rows")
    _check_rows(result, 2, 500, scs[0].years)
