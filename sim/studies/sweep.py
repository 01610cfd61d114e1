"""Parameter sweeps: a grid or a Latin hypercube of lever values, each run
with the same replicate seeds.

Outputs (``write_sweep``): ``indicators.csv``/``.parquet`` (one row per
point, replicate and year), ``design.csv`` (one row per point), ``runs.csv``
(per-run seed and the ``innovsim run`` command that repeats it),
``summary.csv`` (per point and year: mean, p5, p50, p95), ``targets.csv``
(per point and target: probability) and ``manifest.json`` (written last).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.limits import MAX_POINTS, check_int, check_runs
from sim.runs.executors import executor_scope
from sim.runs.runner import summarise
from sim.scenario.loader import Scenario, load_scenario
from sim.studies.design import (
    Factor,
    grid_design,
    lhs_design,
    parse_factors,
    point_overrides,
    point_scenario,
    run_points,
    seeds_for,
    tidy_table,
)
from sim.studies.options import StudyArgs, StudyOptions, study_options


@dataclass
class SweepResult:
    """A sweep's tables (pandas DataFrames) and what was run."""

    design: pd.DataFrame
    runs: pd.DataFrame
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    factors: list[Factor]
    seeds: list[int]
    base_seed: int
    meta: dict[str, Any] = field(default_factory=dict)


def sweep(scenario: Scenario | str | Path, params: Sequence[str | Factor], design: str = "grid",
          samples: int | None = None, options: StudyOptions | None = None,
          **common: Unpack[StudyArgs]) -> SweepResult:
    """Run a grid (every combination) or Latin hypercube of parameter values.

    Args:
        options, **common: the arguments every study shares (``StudyOptions``: replicates, seed, executor,
            workers, overrides, progress, cancel), as one object or as keywords.
        scenario: the scenario (or its file) every point starts from.
        params: ``key.path[@YEAR]=START:STOP:N`` (grid) or ``=LO:HI`` (lhs) strings or factors.
        design: ``grid`` or ``lhs``.
        samples: points of a Latin hypercube.
        replicates: runs per point (default: the scenario's ``run.replicates``).
        seed: base seed (default: the scenario's ``run.seed``); replicate r of every point
            uses ``replicate_seed(seed, r)``, as ``innovsim run`` does.
        executor, workers: where to run (see ``sim.runs.executors.make_executor``).
    """
    opts = study_options(options, common)
    replicates, seed, overrides = opts.replicates, opts.seed, opts.overrides
    executor, workers, progress, cancel = opts.executor, opts.workers, opts.progress, opts.cancel
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    factors = parse_factors(params)
    reps = int(replicates if replicates is not None else sc.params["run.replicates"])
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, reps)
    if design == "lhs" and samples is not None:
        check_runs(check_int("--samples", samples, 1, MAX_POINTS), reps)
    if design == "grid":
        table = grid_design(factors)
    elif design == "lhs":
        if samples is None:
            raise InnovsimError("--design lhs needs --samples M")
        table = lhs_design(factors, samples, base_seed)
    else:
        raise InnovsimError(f"--design {design!r}: expected grid or lhs")
    check_runs(len(table), reps)
    labels = [f.label for f in factors]
    points = [point_scenario(sc, factors, row) for row in table[labels].itertuples(index=False)]
    with executor_scope(executor, workers) as ex:
        results = run_points(points, seeds, ex, progress, cancel)
        name = ex.name
    indicators = tidy_table(table, seeds, results)
    runs = _runs_table(sc, factors, table, seeds, base_seed, list(overrides or []))
    summary = _summary(indicators, labels)
    targets = _targets(sc, table, indicators, labels)
    meta = {"kind": "sweep", "design": design, "samples": samples, "replicates": reps, "executor": name,
            "params": [str(p) if not isinstance(p, Factor) else p.label for p in params]}
    return SweepResult(table, runs, indicators, summary, targets, factors, seeds, base_seed, meta)


def _runs_table(sc: Scenario, factors: list[Factor], design: pd.DataFrame, seeds: list[int],
                base_seed: int, base_sets: list[str]) -> pd.DataFrame:
    """Per run: seed, overrides and the ``innovsim run`` command that repeats it alone."""
    labels = [f.label for f in factors]
    src = str(sc.path) if sc.path is not None else "SCENARIO.toml"
    rows = []
    for point, values in zip(design["point"], design[labels].itertuples(index=False), strict=True):
        sets = [*base_sets, *point_overrides(factors, list(values))]
        for r, s in enumerate(seeds):
            cmd = ["innovsim", "run", src, *[a for x in sets for a in ("--set", x)],
                   "--seed", str(base_seed), "--replicates", str(r + 1)]
            rows.append({"point": int(point), "replicate": r, "seed": str(s), "set": " ".join(sets),
                         "command": shlex.join(cmd) + f"  # replicate {r} is the last"})
    return pd.DataFrame(rows)


def _summary(indicators: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Per point and year: mean, p5, p50, p95 of every indicator (wide)."""
    first = indicators.groupby(["point", "year"], sort=True)[labels].first().reset_index()
    stats = summarise(indicators, by="point")
    return first.merge(stats, on=["point", "year"], how="left", validate="one_to_one")


def _targets(sc: Scenario, design: pd.DataFrame, indicators: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Per point and scenario target: median and probability of reaching it."""
    rows = []
    for point, mine in indicators.groupby("point", sort=True):
        for t in sc.targets:
            vals = mine.loc[mine["year"] == t.year, t.indicator].to_numpy()
            rows.append({"point": int(point), **{c: design.loc[point, c] for c in labels},
                         "indicator": t.indicator, "year": t.year, "direction": t.direction, "target": t.value,
                         "simulated_median": float(np.median(vals)), "probability": float(np.mean(t.met(vals)))})
    return pd.DataFrame(rows, columns=["point", *labels, "indicator", "year", "direction", "target",
                                       "simulated_median", "probability"])


def write_sweep(result: SweepResult, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """Write the sweep's files into ``out`` (already prepared); the manifest last."""
    import importlib.util

    from sim.runs.outputs import atomic_write, build_manifest, write_csv, write_result_files

    files: list[tuple[str, Any]] = [
        (name, lambda path, frame=frame: write_csv(frame, path))
        for name, frame in (("design.csv", result.design), ("runs.csv", result.runs),
                            ("indicators.csv", result.indicators), ("summary.csv", result.summary),
                            ("targets.csv", result.targets))]
    if importlib.util.find_spec("pyarrow") is not None:  # the packaged app leaves Arrow out (docs/packaging.md)
        files.append(("indicators.parquet", lambda path: atomic_write(
            path, lambda fh: result.indicators.to_parquet(fh, index=False), binary=True)))
    return write_result_files(out, files, "manifest.json", lambda: build_manifest(
        result.meta, started, ended, scenario, base_seed=result.base_seed, seeds=[str(s) for s in result.seeds],
        points=len(result.design)))
