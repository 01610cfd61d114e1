"""Backtest: calibrate with the observations up to a cutoff year only, forecast the rest with
the scenario's policy inputs (its year paths), and score the forecast against the held-out
observations beside a naive linear-trend forecast from the same data.

Nothing after the cutoff reaches the forecast: the calibration reads history through
``sim.studies.abc_calibration.observations(..., cutoff)``, the naive trend uses rows up to the cutoff,
and held-out rows are read only to score (a test changes them and gets the same bands).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES, BY_NAME
from sim.runs.bands import band
from sim.runs.executors import Executor, executor_scope
from sim.scenario.discrepancy import apply_to_frame
from sim.scenario.history import history_region, observed_with_proxies
from sim.scenario.loader import Scenario, load_scenario
from sim.scenario.params import SPECS_BY_KEY
from sim.scenario.posterior import Posterior
from sim.studies.abc_calibration import INPUT_INDICATORS, tolerance
from sim.studies.design import run_points, seeds_for

TABLE_COLUMNS = ["indicator", "year", "observed", "p5", "p50", "p95", "inside", "naive", "scored"]
COVERAGE_COLUMNS = ["indicator", "n_held_out", "inside_share", "median_abs_pct_error", "naive_median_abs_pct_error",
                    "half_width_pct_3y"]
HORIZON = 3  # years ahead at which the band's half-width is reported
# forecast replicates of a backtest: the scored band ends (the 5th and 95th of the replicates) need about a hundred
# to be stable from one seed to the next; they cost seconds beside the minutes of the calibration
DEFAULT_REPLICATES = 100


@dataclass
class BacktestResult:
    """Held-out observations beside the forecast band and a naive forecast.

    Attributes:
        table: one row per held-out observation: ``indicator, year, observed, p5, p50, p95,
            inside, naive`` (indicator units: money in 100 million yuan, ratios in percent).
        coverage: per indicator and ``all``: number held out, share inside the 5-95% band,
            median absolute % error of the median and of the naive forecast, median band
            half-width as % of the median ``HORIZON`` years after the cutoff.
        forecast: every replicate's indicators (one row per replicate and year).
        posterior: the calibrated posterior (None when no observation precedes the cutoff).
        meta: cutoff, seeds, replicates, timings and the posterior's provenance.
        observable: the forecast as scored: with data error when the backtest adds it, else ``forecast``
            (the bands of ``table`` and of a backtest chart come from it).
        coverage_model_only: the coverage summary of the same runs without the model discrepancy (None when
            none was applied): what the discrepancy adds, shown beside it.
    """

    table: pd.DataFrame
    coverage: pd.DataFrame
    forecast: pd.DataFrame
    posterior: Posterior | None
    scenario: Scenario
    meta: dict[str, Any] = field(default_factory=dict)
    observable: pd.DataFrame | None = None
    coverage_model_only: pd.DataFrame | None = None


# Observation error (relative standard deviation) where the evidence differs from the calibration's tolerance, which
# also budgets for model resolution. HNTE stock: the official counts are registry counts, and the three-year sum of
# the national lists that stands for them after 2020 lay 4.8% (Gansu) and 2.6% (Guizhou) above them in 2020, the one
# year both exist (sim/data/history.csv): about 4% root mean square, taken as 5%
DATA_ERRORS: dict[str, float] = {"hnte_count": 0.05}


def observation_error(indicator: str) -> float:
    """Relative standard deviation of the observation error of ``indicator``: ``DATA_ERRORS``, else the
    indicator's calibration tolerance (``sim.studies.abc_calibration.tolerance``)."""
    return DATA_ERRORS.get(indicator, tolerance(indicator))


# Year paths of observed outcomes, not policy inputs: a backtest cuts them at its cutoff, so the forecast cannot
# see a later observation through the scenario file (the calibration reads sim/data/history.csv up to the cutoff)
OUTCOME_PATHS = ("observed.government_rd",)


def cut_outcome_paths(scenario: Scenario, cutoff: int) -> Scenario:
    """``scenario`` with each of ``OUTCOME_PATHS`` keeping only its points up to ``cutoff`` (after them the model
    grows what the path drives with GDP, as it does after the last observed year); a path with no point up to
    the cutoff falls back to the parameter's default (none observed)."""
    params = dict(scenario.params)
    for key in OUTCOME_PATHS:
        path = params.get(key)
        if isinstance(path, dict):
            params[key] = {y: v for y, v in path.items() if y <= int(cutoff)} or {0: SPECS_BY_KEY[key].default}
    return replace(scenario, params=params)


def damp_trends_after(scenario: Scenario, cutoff: int) -> Scenario:
    """``scenario`` with its estimated trends forecast as damped trends from the year after ``cutoff``
    (``run.trend_damping_from``), as a planner's run damps them after the last observed year: a backtest forecasts
    the held-out years with the model a forecast would use."""
    return replace(scenario, params={**scenario.params, "run.trend_damping_from": int(cutoff) + 1})


def _model_rows(scenario: Scenario, indicators: Sequence[str] | None) -> pd.DataFrame:
    rows = observed_with_proxies(scenario.region)
    rows = rows[rows["indicator"].isin(ALL_INDICATOR_NAMES if indicators is None else list(indicators))]
    rows = rows[rows["value"].notna() & (rows["value"] != 0) & (rows["year"] <= scenario.end_year)]
    return rows


def last_observed_year(scenario: Scenario, indicators: Sequence[str] | None = None) -> int:
    """The last year with an observation of a model indicator for the scenario's region (within the horizon)."""
    rows = _model_rows(scenario, indicators)
    if rows.empty:
        raise InnovsimError(f"{scenario.path or scenario.name}: region {scenario.region!r} has no observations "
                            "of the model's indicators")
    return int(rows["year"].max())


def check_cutoff(scenario: Scenario, cutoff: int, indicators: Sequence[str] | None = None) -> int:
    """Check that ``cutoff`` lies in base year .. last observed year and leaves an observation to
    forecast; return the last observed year. Raises ``InnovsimError`` with the allowed range."""
    where = scenario.path or scenario.name
    if history_region(scenario.region) is None:
        raise InnovsimError(f"{where}: region {scenario.region!r} has no observed history to backtest against")
    rows = _model_rows(scenario, indicators)
    rows = rows[rows["year"] > scenario.base_year]
    if rows.empty:
        raise InnovsimError(f"{where}: no observations after the base year {scenario.base_year} to backtest against")
    last = int(rows["year"].max())
    if not scenario.base_year <= int(cutoff) <= last:
        raise InnovsimError(f"--cutoff {cutoff} is outside {scenario.base_year} (base year) to {last} "
                            "(last observed year)")
    if not (rows["year"] > int(cutoff)).any():
        raise InnovsimError(f"--cutoff {cutoff}: no held-out observation after it (last observed year {last})")
    return last


def naive_trend(series: pd.Series, years: Sequence[int]) -> np.ndarray:
    """Least-squares line through ``series`` (values by year), evaluated at ``years``; a single
    point gives a flat forecast, none gives NaN."""
    s = series.dropna()
    if s.empty:
        return np.full(len(years), np.nan)
    if len(s) == 1:
        return np.full(len(years), float(s.iloc[0]))
    slope, intercept = np.polyfit(s.index.to_numpy(float), s.to_numpy(float), 1)
    return intercept + slope * np.asarray(years, float)


def _quantiles(forecast: pd.DataFrame, indicator: str, year: int) -> tuple[float, float, float]:
    vals = forecast.loc[forecast["year"] == year, indicator].to_numpy(float)
    p5, p50, p95 = band(vals)
    return float(p5), float(p50), float(p95)


def forecast_band(forecast: pd.DataFrame, indicator: str, first: int, last: int) -> pd.DataFrame:
    """``year, p5, p50, p95`` of ``indicator`` over the replicates of ``forecast`` (one row per replicate and
    year), for the years ``first`` to ``last`` that it has: the bands of a backtest chart, as scored."""
    years = sorted({int(y) for y in forecast["year"] if first <= y <= last})
    rows = [(year, *_quantiles(forecast, indicator, year)) for year in years]
    return pd.DataFrame(rows, columns=["year", "p5", "p50", "p95"]).astype(
        {"year": int, "p5": float, "p50": float, "p95": float})


def score(forecast: pd.DataFrame, scenario: Scenario, cutoff: int,
          indicators: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The backtest table and the coverage summary of a forecast (one row per replicate and year)."""
    rows = _model_rows(scenario, indicators)
    held = rows[rows["year"] > int(cutoff)].sort_values(["indicator", "year"])
    records = []
    for ind, group in held.groupby("indicator", sort=True):
        known = rows[(rows["indicator"] == ind) & (rows["year"] <= int(cutoff))]
        series = pd.Series(known["value"].to_numpy(float), index=known["year"].to_numpy(int))
        naive = naive_trend(series, group["year"].tolist())
        for (year, obs), nv in zip(zip(group["year"], group["value"], strict=True), naive, strict=True):
            p5, p50, p95 = _quantiles(forecast, str(ind), int(year))
            records.append({"indicator": ind, "year": int(year), "observed": float(obs), "p5": p5, "p50": p50,
                            "p95": p95, "inside": bool(p5 <= obs <= p95), "naive": float(nv),
                            "scored": ind not in INPUT_INDICATORS})
    table = pd.DataFrame(records, columns=TABLE_COLUMNS)
    return table, coverage_summary(table, forecast, int(cutoff))


def coverage_summary(table: pd.DataFrame, forecast: pd.DataFrame, cutoff: int) -> pd.DataFrame:
    """Per indicator and overall (``all``, outcomes only: not ``INPUT_INDICATORS``): held-out count, share
    inside the band, median absolute percentage errors of the median and the naive forecast, and the
    band half-width in % of the median ``HORIZON`` years after the cutoff (median over indicators for ``all``)."""
    def half_width(ind: str) -> float:
        year = cutoff + HORIZON
        if year not in set(forecast["year"]):
            return float("nan")
        p5, p50, p95 = _quantiles(forecast, ind, year)
        return float((p95 - p5) / 2 / abs(p50) * 100) if p50 else float("nan")

    def row(name: str, part: pd.DataFrame, hw: float) -> dict[str, Any]:
        err = (part["p50"] / part["observed"] - 1).abs() * 100
        nerr = (part["naive"] / part["observed"] - 1).abs() * 100
        return {"indicator": name, "n_held_out": len(part), "inside_share": float(part["inside"].mean()),
                "median_abs_pct_error": float(err.median()), "naive_median_abs_pct_error": float(nerr.median()),
                "half_width_pct_3y": hw}

    out = []
    widths = {}
    for ind, part in table.groupby("indicator", sort=True):
        widths[ind] = half_width(str(ind))
        out.append(row(str(ind), part, widths[ind]))
    outcomes = table[table["scored"].astype(bool)]
    if len(outcomes):
        hw = [w for ind, w in widths.items() if ind not in INPUT_INDICATORS]
        out.append(row("all", outcomes, float(np.nanmedian(hw)) if hw else float("nan")))
    return pd.DataFrame(out, columns=COVERAGE_COLUMNS)


def with_data_error(forecast: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The forecast as an observation would see it: each value times (1 + sd x e), e standard normal,
    sd the indicator's observation error (``observation_error``); own seeded stream.

    A share of a whole (unit ``%``: the enterprise share of R&D) gets the same error on the logit scale,
    ``logit(x) + sd / (1 - x) x e`` (the same spread near its value, by the delta method), so that what an
    observation could show stays between 0 and 100%: a multiplicative error put the 95th percentile of
    Guizhou's share at 105%."""
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 4]))
    out = forecast.copy()
    for name in ALL_INDICATOR_NAMES:
        if name in INPUT_INDICATORS:
            continue
        e = observation_error(name) * rng.standard_normal(len(out))
        value = out[name].to_numpy(float)
        if BY_NAME[name].unit == "%":
            share = np.clip(value / 100.0, 1e-6, 1.0 - 1e-6)
            with np.errstate(over="ignore"):  # exp overflows to inf for a share near 0: the value is then 0
                out[name] = 100.0 / (1.0 + np.exp(-(np.log(share / (1.0 - share)) + e / (1.0 - share))))
        else:
            out[name] = value * (1.0 + e)
    return out


def backtest(scenario: Scenario | str | Path, cutoff: int, replicates: int = DEFAULT_REPLICATES, seed: int | None = None,
             population: int | None = None, generations: int | None = None, min_epsilon: float | None = None,
             max_simulations: int | None = None, free: dict[str, tuple[float, float]] | None = None,
             indicators: Sequence[str] | None = None, executor: str | Executor | None = None,
             workers: int | None = None, overrides: list[str] | None = None, data_error: bool = True,
             discrepancy: bool = True, message: Callable[[str], None] | None = None) -> BacktestResult:
    """Calibrate on observations up to ``cutoff`` (ABC-SMC), forecast with ``replicates`` runs that
    each draw one posterior particle, and score against the later observations.

    Args:
        cutoff: last year whose observations are used (base year .. last observed year - 1).
        replicates: forecast runs (replicate seeds as ``innovsim run --seed``).
        population, generations, min_epsilon, max_simulations: ABC-SMC settings
            (defaults in ``sim.studies.abc_calibration``).
        free: uniform priors ``{key: (lo, hi)}`` (default: the ranges of the parameters the scenario's own
            posterior calibrates, as its calibration did; without a posterior, the scenario's ``[uncertainty]``).
            Other ``[uncertainty]`` ranges are drawn per run, not fitted.
        indicators: score and calibrate only these (default: all the model and history share).
        executor, workers: where calibration and forecast run (``sim.executors.make_executor``).
        data_error: score bands of what would be *observed* (default): each simulated outcome times
            (1 + sd x normal noise), sd its observation error (``with_data_error``).
        discrepancy: carry the model discrepancy estimated up to the cutoff into the forecast (default), as the
            bundled posteriors do for planners' runs (``sim.scenario.discrepancy``).
        message: called with one line of progress at a time (calibration batches, forecast).
    """
    from sim.runs.outputs import utc_now
    from sim.studies import abc_calibration as abc

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    sc = damp_trends_after(cut_outcome_paths(sc, int(cutoff)), int(cutoff))
    if free is None:
        free = abc.default_free(sc)
    last = check_cutoff(sc, cutoff, indicators)
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, replicates)
    started = utc_now()
    settings = {k: v for k, v in {"population": population, "generations": generations, "min_epsilon": min_epsilon,
                                  "max_simulations": max_simulations}.items() if v is not None}
    with executor_scope(executor, workers) as ex:
        before = _model_rows(sc, indicators)
        before = before[(before["year"] > sc.base_year) & (before["year"] <= int(cutoff))]
        posterior: Posterior | None = None
        if not before.empty:
            posterior = abc.calibrate_posterior(sc, cutoff, free, indicators, seed=base_seed, executor=ex,
                                                message=message, **settings)
        elif message is not None:
            message(f"No observation between {sc.base_year + 1} and {cutoff}: forecasting from the priors")
        fitted = {k for k in posterior.keys} if posterior is not None else set()
        unc = {k: v for k, v in sc.uncertainty.items() if k not in fitted}
        forecast_sc = replace(sc, uncertainty=unc, posterior=posterior)
        if message is not None:
            message(f"Forecast: {replicates} replicates on {ex.name}")
        results = run_points([forecast_sc], seeds, ex)[0]
        executor_name = ex.name
    forecast = abc.replicate_frame(results, seeds)
    model_only = None
    if posterior is not None and discrepancy:
        raw = with_data_error(forecast, base_seed) if data_error else forecast
        model_only = score(raw, sc, cutoff, indicators)[1]
        # the model discrepancy up to the cutoff, carried forward as a planner's run carries the bundled one
        posterior = replace(posterior, discrepancy=abc.discrepancy_from_runs(sc, forecast, int(cutoff)))
        forecast = apply_to_frame(forecast, posterior.discrepancy)
    observable = with_data_error(forecast, base_seed) if data_error else forecast
    table, coverage = score(observable, sc, cutoff, indicators)
    meta = {"kind": "backtest", "cutoff": int(cutoff), "last_observed_year": last, "replicates": int(replicates),
            "base_seed": base_seed, "seeds": [str(s) for s in seeds], "executor": executor_name,
            "started": started, "ended": utc_now(), "horizon_years_for_half_width": HORIZON,
            "data_error": bool(data_error),
            "observation_error_sd": {name: observation_error(name) for name in ALL_INDICATOR_NAMES
                                     if name not in INPUT_INDICATORS} if data_error else None,
            "discrepancy": posterior.discrepancy.to_json() if posterior is not None and posterior.discrepancy else None,
            "naive": "least-squares line through each indicator's observations up to the cutoff (all years from 2012)",
            "posterior": posterior.meta if posterior is not None else None}
    return BacktestResult(table, coverage, forecast, posterior, sc, meta, observable, model_only)


def write_backtest(result: BacktestResult, out: Path) -> list[Path]:
    """backtest.csv, coverage.csv, forecast.csv, posterior.csv + posterior.json and manifest.json
    (last: its presence says the backtest is complete)."""
    from sim.runs.outputs import write_csv, write_result_files
    from sim.studies.abc_calibration import write_posterior
    from sim.version import versions

    files: list[tuple[str, Any]] = [(name, lambda path, frame=frame: write_csv(frame, path)) for name, frame in
                                    (("backtest.csv", result.table), ("coverage.csv", result.coverage),
                                     ("forecast.csv", result.forecast))]
    model_only = result.coverage_model_only
    if model_only is not None:
        files.append(("coverage_model_only.csv", lambda path: write_csv(model_only, path)))
    posterior = result.posterior
    if posterior is not None:  # posterior.csv and its posterior.json sidecar
        files.append(("posterior.csv", lambda path: write_posterior(posterior, path, posterior.meta)))
    meta = {k: v for k, v in result.meta.items() if k != "posterior"}
    written = write_result_files(out, files, "manifest.json", lambda: {
        **versions(), **meta, "posterior_file": "posterior.csv" if posterior is not None else None,
        "scenario": {"files": [str(f) for f in result.scenario.files], **result.scenario.to_dict()},
        "coverage": result.coverage.to_dict(orient="records")})
    if posterior is not None:
        written.insert(-1, Path(out) / "posterior.json")
    return written


def summary_lines(result: BacktestResult) -> list[str]:
    """The coverage summary as printed by ``innovsim backtest``."""
    m = result.meta
    lines = [f"Backtest of {result.scenario.name}: calibrated to {m['cutoff']}, "
             f"forecast {m['cutoff'] + 1}-{m['last_observed_year']} scored, {m['replicates']} replicates"]
    if result.posterior is not None:
        pm = result.posterior.meta
        lines.append(f"Posterior: {result.posterior.size} particles, {len(pm['generations'])} generations, "
                     f"epsilon {pm['epsilon_schedule'][0]:.3g} -> {pm['epsilon_schedule'][-1]:.3g}, "
                     f"{pm['total_simulations']} simulations, {pm['wall_seconds']:.0f} s")
        lines.append("  posterior means: " + ", ".join(f"{k} = {v:.3g}" for k, v in pm["posterior_mean"].items()))
    lines.append(f"{'indicator':<26}{'n':>3}{'inside 5-95%':>14}{'MdAPE median':>14}{'MdAPE naive':>13}"
                 f"{'half-width +' + str(HORIZON) + 'y':>16}")
    for r in result.coverage.itertuples():
        if r.indicator in INPUT_INDICATORS:
            continue
        lines.append(f"{r.indicator:<26}{r.n_held_out:>3}{r.inside_share:>13.0%} {r.median_abs_pct_error:>12.1f}% "
                     f"{r.naive_median_abs_pct_error:>11.1f}% {r.half_width_pct_3y:>14.1f}%")
    if result.coverage_model_only is not None:
        r = result.coverage_model_only.set_index("indicator").loc["all"] if "all" in set(
            result.coverage_model_only["indicator"]) else None
        if r is not None:
            lines.append(f"{'all, without discrepancy':<26}{int(r.n_held_out):>3}{r.inside_share:>13.0%} "
                         f"{r.median_abs_pct_error:>12.1f}% {r.naive_median_abs_pct_error:>11.1f}% "
                         f"{r.half_width_pct_3y:>14.1f}%")
    inputs = [i for i in result.coverage["indicator"] if i in INPUT_INDICATORS]
    if inputs:
        lines.append(f"Not scored (inputs from the scenario's paths; in coverage.csv): {', '.join(inputs)}")
    return lines
