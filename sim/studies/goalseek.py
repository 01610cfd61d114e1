"""Goal seeking: the smallest lever value that reaches every target with at
least a given probability.

The probability of a target at a lever value is the share of R replicates
that reach it; all lever values use the same seeds (common random numbers),
so it changes with the lever only through the lever's effect. Assuming it
rises with the lever (checked on every evaluated value), bisection between
the bottom and the top of the lever's range finds the smallest value that
reaches the probability, to a tolerance. A year-path lever (e.g.
``budget.fiscal_st_ratio``) is set at one year with ``key@YEAR`` (default:
the earliest target year); the path is linear between its points.

The fiscal cost is the median over replicates of the cumulative
``fiscal_cost`` (direct fiscal S&T spending plus S&T tax expenditure, 100
million yuan) from the year after the base year to the last target year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.limits import check_float
from sim.runs.executors import executor_scope
from sim.scenario.loader import Scenario, Target, load_scenario
from sim.scenario.params import SPECS_BY_KEY
from sim.studies.design import (
    Factor,
    Outcome,
    cumulative,
    outcome_values,
    parse_factor,
    parse_key,
    parse_target,
    point_scenario,
    run_points,
    seeds_for,
)
from sim.studies.options import StudyArgs, StudyOptions, study_options


@dataclass
class GoalSeekResult:
    """The answer and the evaluations that led to it.

    Attributes:
        reachable: whether the top of the range reaches every target at ``prob``.
        value: the smallest lever value found (None if unreachable).
        evaluations: one row per evaluated lever value: probability per target and overall,
            median outcomes, median cumulative fiscal cost.
        answer: one row per target at the answer (or at the top of the range if unreachable).
        statement: one or two sentences for the planner.
        monotone: False if an evaluated probability fell as the lever rose.
    """

    reachable: bool
    value: float | None
    lever: str
    prob: float
    evaluations: pd.DataFrame
    answer: pd.DataFrame
    statement: str
    monotone: bool
    fiscal_cost: float | None
    baseline_value: float
    baseline_fiscal_cost: float
    meta: dict[str, Any] = field(default_factory=dict)


def goalseek(scenario: Scenario | str | Path, targets: Sequence[str | Target], lever: str, prob: float = 0.8,
             lever_range: str | None = None, tol: float | None = None, options: StudyOptions | None = None,
             **common: Unpack[StudyArgs]) -> GoalSeekResult:
    """Smallest value of ``lever`` such that every target holds with probability >= ``prob``.

    Args:
        options, **common: the arguments every study shares (``StudyOptions``: replicates, seed, executor,
            workers, overrides, progress, cancel), as one object or as keywords.
        targets: ``indicator@YEAR>=VALUE`` (or ``<=``) strings or ``Target`` objects; all must hold.
        lever: ``key.path`` or ``key.path@YEAR``; a path without a year is set at the earliest target year.
        prob: required probability, in (0, 1].
        lever_range: ``LO:HI`` inside the allowed range (default: the whole allowed range).
        tol: stop when the bracket is narrower than this (lever units; default 1/1000 of the range,
            1 for whole-number levers).
    """
    opts = study_options(options, common)
    replicates, seed, overrides = opts.replicates, opts.seed, opts.overrides
    executor, workers, progress, cancel = opts.executor, opts.workers, opts.progress, opts.cancel
    check_float("--prob", prob, 0.0, 1.0, lo_open=True)
    if tol is not None:
        check_float("--tol", tol, 0.0, 1e12, lo_open=True)
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    tgts = [t if isinstance(t, Target) else parse_target(t, sc) for t in targets]
    if not tgts:
        raise InnovsimError("give at least one --target indicator@YEAR>=VALUE")
    key, year = parse_key(lever, "--lever")
    spec = SPECS_BY_KEY[key]
    if spec.kind == "path" and year is None:
        year = min(t.year for t in tgts)
    label = key if year is None else f"{key}@{year}"
    factor = parse_factor(f"{label}={lever_range}", "--range") if lever_range else Factor(key, year, float(spec.lo), float(spec.hi))
    lo, hi = factor.lo, factor.hi
    if tol is None:
        tol = 1.0 if spec.kind == "int" else (hi - lo) / 1000.0
    reps = int(replicates if replicates is not None else sc.params["run.replicates"])
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, reps)
    last_year = max(t.year for t in tgts)
    rows: list[dict[str, Any]] = []

    with executor_scope(executor, workers) as ex:
        def evaluate(value: float | None) -> dict[str, Any]:
            point = sc if value is None else point_scenario(sc, [factor], [factor.cast(value)])
            results = run_points([point], seeds, ex, None, cancel)[0]
            row: dict[str, Any] = {"lever_value": factor.current(sc) if value is None else factor.cast(value),
                                   "baseline": value is None}
            ok = np.ones(reps, dtype=bool)
            for t in tgts:
                vals = outcome_values(results, _outcome(t))
                met = np.asarray(t.met(vals), dtype=bool)
                ok &= met
                row[f"{t.label} probability"] = float(met.mean())
                row[f"{t.label} median"] = float(np.median(vals))
            row["probability_all"] = float(ok.mean())
            row["fiscal_cost_median"] = float(np.median(cumulative(results, "fiscal_cost", sc.forecast_from, last_year)))
            row["meets"] = row["probability_all"] >= prob - 1e-12
            rows.append(row)
            if progress is not None:
                progress(len(rows), len(rows))
            return row

        base = evaluate(None)
        top = evaluate(hi)
        if not top["meets"]:
            value = None
        else:
            bottom = evaluate(lo)
            if bottom["meets"]:
                value = lo
            else:
                a, b = lo, hi
                while b - a > tol:
                    mid = factor.cast((a + b) / 2.0)
                    if mid in (a, b):
                        break
                    if evaluate(mid)["meets"]:
                        b = mid
                    else:
                        a = mid
                value = b
    evaluations = pd.DataFrame(rows)
    seen = evaluations[~evaluations["baseline"]].sort_values("lever_value")
    p = seen["probability_all"].to_numpy()
    monotone = bool(np.all(np.diff(p) >= -1e-12))
    at = top if value is None else next(r for r in rows if not r["baseline"] and r["lever_value"] == value)
    answer = pd.DataFrame([{"target": t.label, "indicator": t.indicator, "year": t.year, "value": t.value,
                            "direction": t.direction, "probability": at[f"{t.label} probability"],
                            "simulated_median": at[f"{t.label} median"]} for t in tgts])
    unit = spec.unit
    names = " and ".join(t.label for t in tgts)
    verb = "all hold" if len(tgts) > 1 else "holds"
    if value is None:
        statement = (f"Not reachable: even at the top of the range, {label} = {hi:g} {unit}, the targets {names} "
                     f"{verb} with probability {top['probability_all']:.0%} only (asked: {prob:.0%}, "
                     f"{reps} replicates).")
        cost = None
    else:
        cost = float(at["fiscal_cost_median"])
        statement = (f"{label} = {value:.4g} {unit} is the smallest value in [{lo:g}, {hi:g}] for which {names} "
                     f"{verb} with probability >= {prob:.0%} ({at['probability_all']:.0%} of {reps} replicates). "
                     f"Median cumulative fiscal cost {sc.forecast_from}-{last_year}: {cost:,.1f} (100m yuan), "
                     f"against {base['fiscal_cost_median']:,.1f} with the scenario's own value "
                     f"{base['lever_value']:.4g}.")
    if not monotone:
        statement += (" Warning: the probability did not rise monotonically with the lever over the evaluated "
                      "values; the answer may not be the smallest (more replicates help).")
    meta = {"kind": "goalseek", "lever": label, "range": [lo, hi], "prob": prob, "replicates": reps,
            "base_seed": base_seed, "seeds": [str(s) for s in seeds], "tol": tol,
            "targets": [t.label for t in tgts], "executor": ex.name}
    return GoalSeekResult(value is not None, value, label, prob, evaluations, answer, statement, monotone, cost,
                          float(base["lever_value"]), float(base["fiscal_cost_median"]), meta)


def _outcome(t: Target) -> Outcome:
    return Outcome(t.indicator, t.year)


def write_goalseek(result: GoalSeekResult, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """evaluations.csv, answer.csv and goalseek.json (the answer and statement, last) in ``out``."""
    from sim.runs.outputs import build_manifest, write_csv, write_result_files

    return write_result_files(
        out, [("evaluations.csv", lambda path: write_csv(result.evaluations, path)),
              ("answer.csv", lambda path: write_csv(result.answer, path))], "goalseek.json",
        lambda: build_manifest(result.meta, started, ended, scenario, reachable=result.reachable, value=result.value,
                               fiscal_cost_median=result.fiscal_cost, monotone=result.monotone,
                               baseline_value=result.baseline_value,
                               baseline_fiscal_cost_median=result.baseline_fiscal_cost, statement=result.statement))
