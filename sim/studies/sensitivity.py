"""Global sensitivity analysis with SALib: Sobol indices (Saltelli/Sobol
sampling) and Morris elementary effects.

Each sample point is a scenario with the factors set; its outcome (e.g.
``rd_intensity@2025``) is the mean over R replicates that use the same
seeds at every point (common random numbers), which removes most of the
model's noise from the comparison of points. Indices come with their
bootstrap (Sobol) or bootstrap (Morris ``mu_star``) 95% confidence intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.limits import MAX_LEVELS, MAX_POINTS, check_int, check_runs
from sim.runs.executors import executor_scope
from sim.scenario.loader import Scenario, load_scenario
from sim.studies.design import Factor, outcome_values, parse_factors, parse_outcome, point_scenario, run_points, seeds_for
from sim.studies.options import StudyArgs, StudyOptions, study_options

METHODS = ("sobol", "morris")


@dataclass
class SensitivityResult:
    """Indices (one row per outcome and parameter), the samples and their outcomes."""

    indices: pd.DataFrame
    samples: pd.DataFrame
    method: str
    outcomes: list[str]
    meta: dict[str, Any] = field(default_factory=dict)

    def top(self, outcome: str | None = None, k: int = 3) -> list[str]:
        """The ``k`` parameters with the largest total (Sobol ``ST``) or ``mu_star`` (Morris) index."""
        col = "ST" if self.method == "sobol" else "mu_star"
        mine = self.indices[self.indices["outcome"] == (outcome or self.outcomes[0])]
        return mine.sort_values(col, ascending=False)["parameter"].head(k).tolist()


def sensitivity(scenario: Scenario | str | Path, params: Sequence[str | Factor], outcomes: Sequence[str],
                method: str = "sobol", n: int = 64, second_order: bool = False, levels: int = 4,
                options: StudyOptions | None = None, **common: Unpack[StudyArgs]) -> SensitivityResult:
    """Sobol or Morris indices of ``outcomes`` to ``params``.

    Args:
        options, **common: the arguments every study shares (``StudyOptions``: replicates, seed, executor,
            workers, overrides, progress, cancel), as one object or as keywords.
        params: ``key.path[@YEAR]=LO:HI`` ranges (uniform).
        outcomes: ``indicator@YEAR`` strings.
        method: ``sobol`` (runs ``n * (D + 2)`` points, ``n * (2D + 2)`` with second order; ``n`` a
            power of 2) or ``morris`` (``n`` trajectories of ``D + 1`` points).
        replicates: runs per point; the outcome is their mean.
        seed: base seed for the replicates and the sampler (default: the scenario's).
    """
    opts = study_options(options, common, 2)
    replicates, seed, overrides = opts.replicates, opts.seed, opts.overrides
    executor, workers, progress, cancel = opts.executor, opts.workers, opts.progress, opts.cancel
    if method not in METHODS:
        raise InnovsimError(f"--method {method!r}: expected sobol or morris")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    factors = parse_factors(params)
    outs = [parse_outcome(o, sc) for o in outcomes]
    if not outs:
        raise InnovsimError("give at least one --outcome indicator@YEAR")
    if len(factors) < 2:
        raise InnovsimError("sensitivity analysis needs at least two --param ranges")
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, replicates)
    check_runs(design_points(method, n, len(factors), second_order, levels), len(seeds))
    problem = {"num_vars": len(factors), "names": [f.label for f in factors],
               "bounds": [[f.lo, f.hi] for f in factors]}
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        if n & (n - 1):
            raise InnovsimError(f"--n {n}: Sobol sampling needs a power of 2 (e.g. 32, 64, 128)")
        x = sobol_sample.sample(problem, n, calc_second_order=second_order, seed=base_seed % (2**32))
    else:
        from SALib.sample import morris as morris_sample

        x = morris_sample.sample(problem, n, num_levels=levels, seed=base_seed % (2**32))
    x = np.array([[f.cast(v) for f, v in zip(factors, row, strict=True)] for row in x])
    points = [point_scenario(sc, factors, row) for row in x]
    with executor_scope(executor, workers) as ex:
        results = run_points(points, seeds, ex, progress, cancel)
        name = ex.name
    samples = pd.DataFrame(x, columns=problem["names"])
    samples.insert(0, "point", range(len(samples)))
    rows = []
    for o in outs:
        y = np.array([outcome_values(res, o).mean() for res in results])
        samples[o.label] = y
        rows.extend(_analyze(method, problem, x, y, o.label, second_order, levels, base_seed))
    indices = pd.DataFrame(rows)
    meta = {"kind": "sensitivity", "method": method, "n": n, "points": len(x), "replicates": replicates,
            "base_seed": base_seed, "seeds": [str(s) for s in seeds], "executor": name,
            "params": [{"parameter": f.label, "lo": f.lo, "hi": f.hi} for f in factors],
            "outcomes": [o.label for o in outs], "second_order": second_order}
    return SensitivityResult(indices, samples, method, [o.label for o in outs], meta)


def design_points(method: str, n: int, d: int, second_order: bool = False, levels: int = 4) -> int:
    """Points of a sensitivity design, checked before anything is sampled: Sobol ``n * (d + 2)`` (``n * (2d + 2)``
    with second order, ``n`` a power of 2), Morris ``n * (d + 1)`` (``levels`` grid levels)."""
    check_int("--n", n, 2, MAX_POINTS)
    if method == "sobol":
        if n & (n - 1):
            raise InnovsimError(f"--n {n}: Sobol sampling needs a power of 2 (e.g. 32, 64, 128)")
        points = n * ((2 * d + 2) if second_order else (d + 2))
    else:
        check_int("--levels", levels, 2, MAX_LEVELS)
        points = n * (d + 1)
    check_runs(points, 1)
    return points


def _analyze(method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, label: str,
             second_order: bool, levels: int, seed: int) -> list[dict[str, Any]]:
    if np.allclose(y, y[0]):
        raise InnovsimError(f"outcome {label} does not vary over the sample; widen the ranges or pick another outcome")
    rows = []
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=second_order, seed=seed % (2**32), print_to_console=False)
        for j, name in enumerate(problem["names"]):
            rows.append({"outcome": label, "parameter": name, "S1": float(si["S1"][j]),
                         "S1_conf": float(si["S1_conf"][j]), "ST": float(si["ST"][j]),
                         "ST_conf": float(si["ST_conf"][j])})
    else:
        from SALib.analyze import morris

        si = morris.analyze(problem, x, y, num_levels=levels, seed=seed % (2**32), print_to_console=False)
        for j, name in enumerate(problem["names"]):
            rows.append({"outcome": label, "parameter": name, "mu": float(si["mu"][j]),
                         "mu_star": float(si["mu_star"][j]), "mu_star_conf": float(si["mu_star_conf"][j]),
                         "sigma": float(si["sigma"][j])})
    return rows


def plot_indices(result: SensitivityResult, path: Path) -> None:
    """Bar chart of the indices with 95% confidence intervals, one panel per outcome (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.runs.outputs import atomic_write

    outs = result.outcomes
    fig, axes = plt.subplots(len(outs), 1, figsize=(8, 0.5 + 0.45 * len(result.indices) / len(outs) + 1.5 * len(outs)),
                             squeeze=False)
    for ax, o in zip(axes[:, 0], outs, strict=True):
        draw_indices(ax, result.indices[result.indices["outcome"] == o], result.method)
        ax.set_title(f"{'Sobol indices' if result.method == 'sobol' else 'Morris mu*'}: {o}")
    fig.tight_layout()
    atomic_write(path, lambda fh: fig.savefig(fh, format="png", dpi=120), binary=True)
    plt.close(fig)


def draw_indices(ax: Any, mine: pd.DataFrame, method: str) -> None:
    """Horizontal bars of one outcome's indices on ``ax``."""
    names = mine["parameter"].tolist()
    pos = np.arange(len(names))
    if method == "sobol":
        ax.barh(pos - 0.2, mine["ST"], 0.4, xerr=mine["ST_conf"], label="total (ST)", color="#1f77b4", capsize=3)
        ax.barh(pos + 0.2, mine["S1"], 0.4, xerr=mine["S1_conf"], label="first order (S1)", color="#ff7f0e", capsize=3)
        ax.set_xlabel("index (share of output variance), 95% CI")
        ax.legend(loc="lower right", fontsize=8)
    else:
        ax.barh(pos, mine["mu_star"], 0.6, xerr=mine["mu_star_conf"], color="#1f77b4", capsize=3)
        ax.set_xlabel("mu* (mean absolute elementary effect, outcome units), 95% CI")
    ax.set_yticks(pos, names, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.5)


def write_sensitivity(result: SensitivityResult, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """indices.csv, samples.csv, indices.png and manifest.json (last) in ``out``."""
    from sim.runs.outputs import build_manifest, write_csv, write_result_files

    return write_result_files(
        out, [("indices.csv", lambda path: write_csv(result.indices, path)),
              ("samples.csv", lambda path: write_csv(result.samples, path)),
              ("indices.png", lambda path: plot_indices(result, path))],
        "manifest.json", lambda: build_manifest(result.meta, started, ended, scenario))
