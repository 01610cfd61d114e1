"""Scenario discovery: which combinations of levers and uncertain parameters reach the plan's targets?

A Latin hypercube over the levers (``--lever KEY.PATH[@YEAR]=LO:HI``) and the uncertain parameters (``--uncertain``,
default the scenario's ``[uncertainty]`` table) runs through the chosen executor (each point with the shared
replicate seeds); every run is a case that reaches all targets or not. PRIM (Friedman & Fisher 1999, as
implemented in EMA Workbench, ``pip install 'innovsim[ema]'``) then peels boxes around the cases that reach them:
*coverage* is the share of all reaching cases inside the box, *density* the share of cases inside the box that
reach the targets, *mass* the share of all cases inside the box; the quasi-p-value (*qp*) of a limit is the
chance that a limit as good would arise by luck (small is significant).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.runs.executors import executor_scope
from sim.runs.outcomes import Outcome
from sim.scenario.library import as_scenario
from sim.scenario.loader import Scenario, Target, apply_overrides, identifier
from sim.studies.design import Factor, lhs_design, parse_factors, parse_target, point_scenario, run_points, seeds_for
from sim.studies.ema import require_ema
from sim.studies.options import StudyArgs, StudyOptions, study_options

MAX_CASES = 100_000
SIGNIFICANT = 0.05  # a box limit with a quasi-p-value below this is called significant


@dataclass
class Discovery:
    """A scenario-discovery study: the design, every case, PRIM's peeling trajectory and the recommended box.

    Attributes:
        design: one row per point, one column per factor (its label, ``key`` or ``key@YEAR``).
        cases: one row per point and replicate: the factors, each target's outcome (``indicator@YEAR``) and
            ``reached`` (all targets hold).
        trajectory: PRIM's peeling steps (``box``, ``coverage``, ``density``, ``mass``, ``res_dim``); empty when
            every case or no case reaches the targets.
        limits: the recommended box: one row per factor with ``min``/``max`` in the box, the sampled range,
            ``restricted`` and the quasi-p-values ``qp_min``/``qp_max`` of its limits.
        chosen: the recommended step of ``trajectory`` (None without a box).
        statement: the recommended box in words.
    """

    design: pd.DataFrame
    cases: pd.DataFrame
    trajectory: pd.DataFrame
    limits: pd.DataFrame
    chosen: int | None
    statement: str
    targets: list[Target]
    factors: list[Factor]
    levers: list[str]
    seeds: list[int]
    base_seed: int
    meta: dict[str, Any] = field(default_factory=dict)


def uncertain_factors(scenario: Scenario, skip: Sequence[str] = ()) -> list[Factor]:
    """The scenario's ``[uncertainty]`` ranges as factors (ranges of zero width and parameters in ``skip`` left out)."""
    return [Factor(k, None, lo, hi) for k, (lo, hi) in scenario.uncertainty.items() if hi > lo and k not in skip]


def parse_ranges(texts: Sequence[str | Factor], flag: str) -> list[Factor]:
    """``KEY.PATH[@YEAR]=LO:HI`` ranges (a grid or a list of values is refused: PRIM needs a sampled range)."""
    factors = parse_factors(texts, flag)
    for f in factors:
        if f.n is not None or f.values:
            raise InnovsimError(f"{flag} {f.label}: give a range LO:HI to sample, not a grid or a list of values")
    return factors


def discover(scenario: Scenario | str | Path, targets: Sequence[str | Target], levers: Sequence[str | Factor],
             uncertain: Sequence[str | Factor] | None = None, n: int = 500, threshold: float = 0.8,
             options: StudyOptions | None = None, **common: Unpack[StudyArgs]) -> Discovery:
    """Run a Latin hypercube of ``n`` points and find PRIM's boxes of cases that reach every target.

    Args:
        scenario: the scenario (or its file, or a bundled scenario's name) every point starts from.
        targets: ``indicator@YEAR>=VALUE`` (or ``<=``) strings; a case reaches them when all hold.
        levers: ``KEY.PATH[@YEAR]=LO:HI`` ranges of what a planner chooses.
        uncertain: ranges of what a planner cannot choose; default the scenario's ``[uncertainty]`` table.
        n: points of the Latin hypercube; each runs with every replicate seed (default 1 replicate).
        threshold: the density the recommended box should reach (the step of highest coverage at or above it;
            the step of highest density when none reaches it).
        options, **common: the arguments every study shares (``StudyOptions``).
    """
    ema = require_ema()
    from ema_workbench.analysis import prim

    opts = study_options(options, common, replicates=1)
    sc = as_scenario(scenario)
    if opts.overrides:
        sc = apply_overrides(sc, opts.overrides)
    goals = [t if isinstance(t, Target) else parse_target(t, sc) for t in targets]
    if not goals:
        raise InnovsimError("give at least one --target indicator@YEAR>=VALUE")
    lever_factors = parse_ranges(levers, "--lever")
    unc_factors = (uncertain_factors(sc, [f.key for f in lever_factors]) if uncertain is None
                   else (parse_ranges(uncertain, "--uncertain") if uncertain else []))
    factors = parse_factors([*lever_factors, *unc_factors], "--lever/--uncertain")  # no parameter twice
    if not 0.0 < threshold <= 1.0:
        raise InnovsimError(f"--threshold must be in (0, 1], got {threshold:g}")
    reps = int(opts.replicates or 1)
    base_seed = int(opts.seed if opts.seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, reps)
    if n < 2 or n * reps > MAX_CASES:
        raise InnovsimError(f"--n must be at least 2 and --n x --replicates at most {MAX_CASES}, got {n} x {reps}")
    design = lhs_design(factors, n, base_seed)
    labels = [f.label for f in factors]
    points = [point_scenario(sc, factors, row) for row in design[labels].itertuples(index=False)]
    with executor_scope(opts.executor, opts.workers) as ex:
        results = run_points(points, seeds, ex, opts.progress, opts.cancel)
        executor_name = ex.name
    cases = _cases(design, labels, seeds, results, goals)
    trajectory, limits, chosen = _prim(prim, cases, factors, threshold)
    levers_labels = [f.label for f in lever_factors]
    meta = {"kind": "discover", "n": n, "replicates": reps, "executor": executor_name, "threshold": threshold,
            "targets": [t.label for t in goals], "levers": levers_labels, "uncertain": [f.label for f in unc_factors],
            "ema_workbench": getattr(ema, "__version__", "?")}
    statement = describe(cases, trajectory, limits, chosen, goals, factors, levers_labels)
    return Discovery(design, cases, trajectory, limits, chosen, statement, goals, factors, levers_labels, seeds,
                     base_seed, meta)


def _cases(design: pd.DataFrame, labels: list[str], seeds: list[int], results: list[list[dict[str, Any]]],
           goals: list[Target]) -> pd.DataFrame:
    rows = []
    for (_, row), point_results in zip(design.iterrows(), results, strict=True):
        for r, (seed, res) in enumerate(zip(seeds, point_results, strict=True)):
            outcomes = {t.label: Outcome(t.indicator, t.year) for t in goals}
            values = {o.label: o.value(res) for o in outcomes.values()}
            reached = all(bool(t.met(values[outcomes[t.label].label])) for t in goals)
            rows.append({"point": int(row["point"]), "replicate": r, "seed": str(seed),
                         **{c: float(row[c]) for c in labels}, **values, "reached": reached})
    return pd.DataFrame(rows)


def _prim(prim: Any, cases: pd.DataFrame, factors: list[Factor],
          threshold: float) -> tuple[pd.DataFrame, pd.DataFrame, int | None]:
    """PRIM's trajectory, the recommended box's limits and its step (empty, empty, None when y is constant)."""
    y = cases["reached"].to_numpy(dtype=bool)
    limit_cols = ["parameter", "min", "max", "sampled_min", "sampled_max", "restricted", "qp_min", "qp_max"]
    if y.all() or not y.any():
        return pd.DataFrame(columns=["box", "coverage", "density", "mass", "res_dim"]), pd.DataFrame(columns=limit_cols), None
    idents = {identifier(f.label): f.label for f in factors}
    x = pd.DataFrame({ident: cases[label].to_numpy(dtype=float) for ident, label in idents.items()})
    # EMA Workbench 2 requires a threshold: cases with y above it are the cases of interest, and it returns an
    # unrestricted "dump box" when the last box's density stays below it; version 3 has no such argument. A
    # threshold just above 0 marks the reaching runs (y = 1) on version 2 and never dumps a box that holds one,
    # so both versions peel the whole trajectory and the step is chosen here, the same way.
    takes_threshold = "threshold" in inspect.signature(prim.Prim).parameters
    box = (prim.Prim(x, y, threshold=1e-6) if takes_threshold else prim.Prim(x, y)).find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    trajectory = pd.DataFrame({"box": traj["id"].astype(int), "coverage": traj["coverage"], "density": traj["density"],
                               "mass": traj["mass"], "res_dim": traj["res_dim"].astype(int)})
    good = trajectory[trajectory["density"] >= threshold]
    if len(good):
        best = good.sort_values(["coverage", "res_dim"], ascending=[False, True]).iloc[0]
    else:
        best = trajectory.sort_values(["density", "coverage"], ascending=False).iloc[0]
    chosen = int(best["box"])
    _stats, table = box.inspect(chosen, style="data")[0]
    rows = []
    for ident, label in idents.items():
        lo, hi = float(x[ident].min()), float(x[ident].max())
        restricted = ident in table.index
        if restricted:
            vals = table.loc[ident].to_numpy()
            bmin, bmax, qmin, qmax = (float(v) for v in vals[:4])
        else:
            bmin, bmax, qmin, qmax = lo, hi, float("nan"), float("nan")
        rows.append({"parameter": label, "min": bmin, "max": bmax, "sampled_min": lo, "sampled_max": hi,
                     "restricted": restricted, "qp_min": qmin, "qp_max": qmax})
    return trajectory, pd.DataFrame(rows, columns=limit_cols), chosen


def describe(cases: pd.DataFrame, trajectory: pd.DataFrame, limits: pd.DataFrame, chosen: int | None,
             goals: list[Target], factors: list[Factor], levers: list[str]) -> str:
    """The recommended box in words a planner reads."""
    n, k = len(cases), int(cases["reached"].sum())
    goal = " and ".join(t.label for t in goals)
    lines = [f"Target {goal}: reached in {k} of {n} runs ({k / n:.0%})."]
    if chosen is None:
        lines.append("Every run reaches it: no box is needed within these ranges." if k == n else
                     "No run reaches it: widen the lever ranges (or the target is out of reach in this model).")
        return "\n".join(lines)
    step = trajectory.set_index("box").loc[chosen]
    lines.append(f"Recommended box (PRIM step {chosen} of {int(trajectory['box'].max())}): inside it the target is "
                 f"reached in {step['density']:.0%} of the runs (density); it holds {step['coverage']:.0%} of all the "
                 f"runs that reach it (coverage) and {step['mass']:.0%} of all runs (mass).")
    by_label = {f.label: f for f in factors}
    restricted = limits[limits["restricted"]].copy()
    if restricted.empty:
        lines.append("It restricts no parameter.")
        return "\n".join(lines)
    restricted["qp"] = restricted[["qp_min", "qp_max"]].max(axis=1)
    significant = restricted[restricted["qp"] < SIGNIFICANT]
    weak = restricted[restricted["qp"] >= SIGNIFICANT]
    lines.append("What it takes (significant limits, qp < 0.05):" if len(significant) else
                 "No limit of the box is significant (every qp >= 0.05): the runs are too few or the target "
                 "depends on no single parameter; more points (--n) would tell.")
    lines += [_limit_line(row, by_label, levers) for row in significant.itertuples()]
    if len(weak):
        lines.append("Weaker limits (not significant, qp >= 0.05; PRIM may have peeled them by chance):")
        lines += [_limit_line(row, by_label, levers) for row in weak.itertuples()]
    lines.append("Parameters not listed may take any value in their sampled range. Limits on levers are choices; "
                 "limits on uncertain parameters are conditions the plan relies on.")
    return "\n".join(lines)


def _limit_line(row: Any, by_label: dict[str, Factor], levers: list[str]) -> str:
    """One restricted parameter of the box in words."""
    f = by_label[row.parameter]
    spec = f.spec
    name = f"{spec.label} / {spec.label_zh}" + (f" in {f.year}" if f.year is not None else "")
    kind = "lever" if row.parameter in levers else "uncertain"
    low_cut, high_cut = not np.isnan(row.qp_min), not np.isnan(row.qp_max)
    if low_cut and high_cut:
        rule = f"between {row.min:.3g} and {row.max:.3g}"
    elif low_cut:
        rule = f"at least {row.min:.3g}"
    else:
        rule = f"at most {row.max:.3g}"
    unit = f" {spec.unit}" if spec.unit else ""
    return (f"  - {name} ({row.parameter}, {kind}): {rule}{unit} (sampled {row.sampled_min:.3g} to "
            f"{row.sampled_max:.3g}; qp {row.qp:.2g})")


def write_discovery(result: Discovery, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """Write the study's tables into ``out`` (already prepared); the manifest last."""
    from sim.runs.outputs import build_manifest, write_csv, write_json

    out = Path(out)
    written = []
    for name, frame in (("design.csv", result.design), ("cases.csv", result.cases),
                        ("peeling.csv", result.trajectory), ("box.csv", result.limits)):
        write_csv(frame, out / name)
        written.append(out / name)
    manifest = build_manifest(result.meta, started, ended, scenario, base_seed=result.base_seed,
                              seeds=[str(s) for s in result.seeds], chosen_box=result.chosen,
                              statement=result.statement.splitlines())
    write_json(manifest, out / "manifest.json")
    written.append(out / "manifest.json")
    return written
