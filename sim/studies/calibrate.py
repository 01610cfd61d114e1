"""Calibration: fit free parameters so the simulated indicators match observed
figures.

Observed data are CSV rows ``indicator,year,value`` (other columns, as in
``seed_indicators.csv``, are allowed; with a ``kind`` column only
``observed`` rows are used, so plan targets are never fitted). Rows whose
indicator is not a model indicator, or whose year is outside the horizon,
are left out and listed.

The loss is the mean over observations of the squared relative error
``((simulated - observed) / observed)^2``, the simulated figure being the
mean over R replicates with fixed seeds (common random numbers make the loss
a deterministic function of the parameters). It is minimised with
``scipy.optimize.differential_evolution`` (a global, derivative-free search
within the bounds; each generation is evaluated in parallel on the executor)
or Nelder-Mead (local, from the scenario's current values, bounded).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Unpack

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.limits import MAX_MAXITER, MAX_POPSIZE, check_int, check_runs
from sim.runs.bands import band
from sim.runs.executors import executor_scope
from sim.safe_io import UnreadableFile, read_capped
from sim.scenario.loader import Scenario, load_scenario
from sim.studies.design import Factor, parse_factors, point_scenario, run_points, seeds_for
from sim.studies.options import StudyArgs, StudyOptions, study_options

METHODS = ("de", "nelder-mead")
MAX_OBSERVED_BYTES = 20_000_000  # an observations CSV



@dataclass
class CalibrationResult:
    """Fitted values, the fit per observation and the optimiser's trace."""

    fitted: pd.DataFrame  # parameter, value, lo, hi, start
    fit: pd.DataFrame  # indicator, year, observed, simulated_mean, p5, p95, rel_error
    trace: pd.DataFrame  # evaluation, <parameters>, loss
    loss: float
    method: str
    scenario: Scenario
    dropped: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, float]:
        """``{factor label: fitted value}``."""
        return dict(zip(self.fitted["parameter"], self.fitted["value"], strict=True))


def evaluations(method: str, maxiter: int, popsize: int, d: int) -> int:
    """The most loss evaluations a calibration of ``d`` free parameters may make, checked before it starts."""
    check_int("--maxiter", maxiter, 1, MAX_MAXITER)
    check_int("--popsize", popsize, 1, MAX_POPSIZE)
    return popsize * max(d, 1) * (maxiter + 1) + 1 if method == "de" else maxiter * 20 + 1


def read_observed(path: str | Path | pd.DataFrame, scenario: Scenario,
                  region: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations usable for ``scenario`` and the rows left out (with the reason).

    With a ``region`` column, only rows of ``region`` (default: the scenario's region) are used.
    """
    if isinstance(path, pd.DataFrame):
        raw = path.copy()
    else:
        p = Path(path)
        try:
            data = read_capped(p, MAX_OBSERVED_BYTES, "observation files")
        except UnreadableFile as e:
            raise InnovsimError(f"--observed {p}: {e.reason}") from None
        try:
            raw = pd.read_csv(io.BytesIO(data))
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
            raise InnovsimError(f"--observed {p}: not a readable CSV file ({e})") from e
    missing = [c for c in ("indicator", "year", "value") if c not in raw.columns]
    if missing:
        raise InnovsimError(f"--observed: missing column(s) {', '.join(missing)}; expected indicator,year,value")
    raw = raw.reset_index(drop=True)
    reason = pd.Series("", index=raw.index, dtype=object)
    if "region" in raw.columns:
        want = region or scenario.region
        regions = sorted(raw["region"].dropna().astype(str).unique())
        if not want and len(regions) > 1:
            raise InnovsimError(f"--observed has rows of several regions ({', '.join(regions)}); name one with --region")
        if want:
            if want.lower() not in [r.lower() for r in regions]:
                raise InnovsimError(f"--observed has no rows of region {want!r} (regions: {', '.join(regions)})")
            reason[raw["region"].astype(str).str.lower() != want.lower()] = f"other region (not {want})"
    if "kind" in raw.columns:
        reason[(reason == "") & (raw["kind"].astype(str) != "observed")] = "not an observation (kind is not 'observed')"
    reason[(reason == "") & ~raw["indicator"].isin(ALL_INDICATOR_NAMES)] = "not a model indicator"
    years = pd.to_numeric(raw["year"], errors="coerce")
    values = pd.to_numeric(raw["value"], errors="coerce")
    outside = (years < scenario.base_year) | (years > scenario.end_year) | years.isna()
    reason[(reason == "") & outside] = f"year outside {scenario.base_year}-{scenario.end_year}"
    reason[(reason == "") & (values.isna() | (values == 0))] = "value missing or zero (relative error undefined)"
    keep = reason == ""
    obs = pd.DataFrame({"indicator": raw.loc[keep, "indicator"], "year": years[keep].astype(int),
                        "observed": values[keep].astype(float)}).reset_index(drop=True)
    dropped = raw.loc[~keep, ["indicator", "year", "value"]].assign(reason=reason[~keep]).reset_index(drop=True)
    if obs.empty:
        raise InnovsimError("--observed: no usable rows (need observed model indicators within the horizon)")
    return obs, dropped


def calibrate(scenario: Scenario | str | Path, observed: str | Path | pd.DataFrame, free: Sequence[str | Factor],
              method: str = "de", maxiter: int = 15, popsize: int = 8, tol: float = 1e-3,
              region: str | None = None, options: StudyOptions | None = None,
              **common: Unpack[StudyArgs]) -> CalibrationResult:
    """Fit the ``free`` parameters (``key.path[@YEAR]=LO:HI``) to the observations.

    Args:
        options, **common: the arguments every study shares (``StudyOptions``: replicates, seed, executor,
            workers, overrides, progress, cancel), as one object or as keywords.
        method: ``de`` (differential evolution) or ``nelder-mead``.
        replicates: runs per evaluation (the simulated figure is their mean).
        maxiter, popsize, tol: optimiser settings (generations, population per parameter,
            relative convergence tolerance).
        region: rows of this region of the observed CSV (default: the scenario's region).
    """
    opts = study_options(options, common, 4)
    replicates, seed, overrides = opts.replicates, opts.seed, opts.overrides
    executor, workers, progress, cancel = opts.executor, opts.workers, opts.progress, opts.cancel
    from scipy import optimize

    if method not in METHODS:
        raise InnovsimError(f"--method {method!r}: expected de or nelder-mead")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    factors = parse_factors(free, "--free")
    for f in factors:
        if f.n is not None or f.values:
            raise InnovsimError(f"--free {f.label}: give a range LO:HI")
    obs, dropped = read_observed(observed, sc, region)
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, replicates)
    check_runs(evaluations(method, maxiter, popsize, len(factors)), len(seeds), "evaluations")
    trace: list[dict[str, Any]] = []
    bounds = [(f.lo, f.hi) for f in factors]

    with executor_scope(executor, workers) as ex:
        def losses(xs: np.ndarray) -> np.ndarray:
            pts = [point_scenario(sc, factors, [f.cast(v) for f, v in zip(factors, x, strict=True)]) for x in xs]
            results = run_points(pts, seeds, ex, None, cancel)
            out = []
            for x, res in zip(xs, results, strict=True):
                sim = _simulated(res, obs)
                loss = float(np.mean(((sim["simulated_mean"] - obs["observed"]) / obs["observed"]) ** 2))
                trace.append({"evaluation": len(trace), **{f.label: float(v) for f, v in zip(factors, x, strict=True)},
                              "loss": loss})
                out.append(loss)
            if progress is not None:
                progress(len(trace), len(trace))
            return np.asarray(out)

        if method == "de":
            res = optimize.differential_evolution(
                lambda xt: losses(np.atleast_2d(xt.T)) if xt.ndim > 1 else losses(np.atleast_2d(xt))[0],
                bounds, maxiter=maxiter, popsize=popsize, tol=tol, seed=base_seed % (2**32), polish=False,
                updating="deferred", vectorized=True, init="sobol" if len(factors) > 1 else "latinhypercube")
        else:
            x0 = np.array([min(max(f.current(sc), f.lo), f.hi) for f in factors])
            res = optimize.minimize(lambda x: losses(np.atleast_2d(x))[0], x0, method="Nelder-Mead", bounds=bounds,
                                    options={"maxiter": maxiter * 20, "xatol": tol * max(f.hi - f.lo for f in factors),
                                             "fatol": 1e-9})
        best = [f.cast(v) for f, v in zip(factors, np.atleast_1d(res.x), strict=True)]
        best_sc = point_scenario(sc, factors, best)
        best_res = run_points([best_sc], seeds, ex, None, cancel)[0]
    fit = _simulated(best_res, obs)
    fit.insert(2, "observed", obs["observed"])
    fit["rel_error"] = (fit["simulated_mean"] - fit["observed"]) / fit["observed"]
    loss = float(np.mean(fit["rel_error"] ** 2))
    fitted = pd.DataFrame({"parameter": [f.label for f in factors], "value": best,
                           "lo": [f.lo for f in factors], "hi": [f.hi for f in factors],
                           "start": [f.current(sc) for f in factors]})
    meta = {"kind": "calibration", "method": method, "loss": loss, "evaluations": len(trace),
            "replicates": replicates, "base_seed": base_seed, "seeds": [str(s) for s in seeds],
            "optimizer_message": str(getattr(res, "message", "")), "observations": len(obs)}
    return CalibrationResult(fitted, fit, pd.DataFrame(trace), loss, method, sc, dropped, meta)


def _simulated(results: Sequence[dict[str, Any]], obs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for ind, year in zip(obs["indicator"], obs["year"], strict=True):
        vals = []
        for r in results:
            idx = int(np.nonzero(np.asarray(r["year"]) == year)[0][0])
            vals.append(float(r[ind][idx]))
        v = np.asarray(vals)
        p5, _, p95 = band(v)
        rows.append({"indicator": ind, "year": int(year), "simulated_mean": float(v.mean()),
                     "simulated_p5": float(p5), "simulated_p95": float(p95)})
    return pd.DataFrame(rows)


def calibrated_toml(result: CalibrationResult, out_file: Path, factors: Sequence[Factor] | None = None) -> str:
    """Text of a scenario file that ``extends`` the original and sets the fitted values.

    A fitted parameter that the original treats as uncertain is fixed with
    ``[uncertainty] "key" = [v, v]``.
    """
    sc = result.scenario
    if sc.path is None:
        raise InnovsimError("the calibrated scenario needs the original scenario file to extend")
    try:
        rel = os.path.relpath(Path(sc.path).resolve(), Path(out_file).resolve().parent)
    except ValueError as e:  # another drive on Windows
        raise InnovsimError(f"Cannot refer to {sc.path} from {out_file}: write the output on the same drive") from e
    rel = rel.replace(os.sep, "/")
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    obs_text = ", ".join(f"{r.indicator}@{r.year}" for r in result.fit.itertuples())
    lines = [
        f"# Calibrated by 'innovsim calibrate' on {date}.",
        f"# Loss (mean squared relative error over {len(result.fit)} observations): {result.loss:.6g}",
        f"# Method: {'scipy differential evolution' if result.method == 'de' else 'scipy Nelder-Mead'}, "
        f"{result.meta['replicates']} replicates per evaluation, base seed {result.meta['base_seed']}, "
        f"{result.meta['evaluations']} evaluations.",
        f"# Observations: {obs_text}",
        "schema_version = 1",
        f"extends = {_q(rel)}",
        f"name = {_q(sc.name + ' (calibrated)')}",
        f"name_zh = {_q(sc.name_zh + '(校准)')}",
    ]
    by_group: dict[str, list[str]] = {}
    unc: list[str] = []
    for row in result.fitted.itertuples():
        label = str(row.parameter)
        key, _, year = label.partition("@")
        group, name = key.split(".", 1)
        value = float(row.value)
        comment = f"  # fitted in [{row.lo:g}, {row.hi:g}], was {row.start:.6g}"
        if year:
            path = dict(sc.params[key]) if set(sc.params[key]) != {0} else {}
            path[int(year)] = value
            text = "{ " + ", ".join(f"{y} = {v!r}" for y, v in sorted(path.items())) + " }"
            by_group.setdefault(group, []).append(f"{name} = {text}{comment} (point {year})")
        else:
            v = round(value) if sc.params[key].__class__ is int else repr(value)
            by_group.setdefault(group, []).append(f"{name} = {v}{comment}")
        if key in sc.uncertainty:
            unc.append(f"{_q(key)} = [{value!r}, {value!r}]  # fixed at the fitted value")
    for group, entries in by_group.items():
        lines += ["", f"[{group}]", *entries]
    if unc:
        lines += ["", "[uncertainty]", *unc]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_calibration(result: CalibrationResult, out: Path, started: str, ended: str) -> list[Path]:
    """calibrated.toml (checked by loading it), fit_report.csv, fitted.csv, trace.csv, dropped.csv, manifest.json."""
    from sim.runs.outputs import atomic_write, build_manifest, write_csv, write_result_files

    def write_toml(path: Path) -> None:
        text = calibrated_toml(result, path)
        atomic_write(path, lambda fh: fh.write(text))
        load_scenario(path)  # the file must be a valid scenario

    tables = (("fit_report.csv", result.fit), ("fitted.csv", result.fitted), ("trace.csv", result.trace),
              ("dropped.csv", result.dropped))
    return write_result_files(
        out, [("calibrated.toml", write_toml),
              *((name, lambda path, frame=frame: write_csv(frame, path)) for name, frame in tables)],
        "manifest.json", lambda: build_manifest(result.meta, started, ended, result.scenario))
