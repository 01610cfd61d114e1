"""Bayesian calibration by ABC-SMC (pyabc): a weighted posterior sample of parameters
given the region's observed history up to a cutoff year.

* **Data**: every model indicator (``sim.indicators``) that ``sim/data/history.csv`` has
  for the scenario's region, years ``base_year + 1 .. cutoff`` (``observations``). The
  base year is the model's initial state, matched by construction, so it is not data.
* **Priors**: uniform over the scenario's ``[uncertainty]`` ranges (literature priors), or
  over the ``free`` ranges given. Uncertain parameters that are not free keep their
  uniform draws in every simulation (they are integrated out, not fitted).
* **Simulation**: ``sim.runner.simulate(params, seed)`` once per particle, the particle's
  values merged into the parameters, a fresh seed per evaluation.
* **Distance**: root mean square over the (indicator, year) observations of the relative
  error ``sim / obs - 1`` divided by the indicator's tolerance (``TOLERANCES``), a
  measure of data error and model resolution; a distance of 1 means "errors about as
  large as the tolerances".
* **Reproducibility**: a sampler of our own (``seeded_sampler_class``) gives evaluation ``k`` of
  generation ``t`` the seed ``SeedSequence([seed, t + 2, k])`` and keeps the first ``n``
  accepted particles in evaluation order (the unbiased rule of pyabc's parallel
  samplers), so the posterior is the same for a given seed on any number of workers,
  local processes or a Dask cluster.

pyabc is imported only here (``pip install innovsim[calibration]``); running a scenario
that uses a stored posterior does not need it (``sim.scenario.posterior``).
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.limits import MAX_GENERATIONS, MAX_POINTS, MAX_RUNS, MAX_SEED, check_float, check_int
from sim.runs.executors import Executor, make_executor
from sim.runs.outputs import atomic_write, write_result_files
from sim.runs.runner import new_pool, stop_pool
from sim.scenario import discrepancy as disc
from sim.scenario.history import history_region, observed_with_proxies
from sim.scenario.loader import Scenario, did_you_mean, load_scenario
from sim.scenario.params import SPECS_BY_KEY
from sim.scenario.posterior import Posterior, posterior_keys, sidecar_path

# Relative tolerance per indicator (share of the observed value): how far a simulated
# value may stray before it counts as one "unit" of misfit. It reflects the data's
# error (revisions, recalled figures, definitions) and what the model can resolve.
TOLERANCES: dict[str, float] = {
    "rd_intensity": 0.03,          # bulletin figure to 2 decimals; ~0.03 pp of ~1.2%
    "rd_spending": 0.03,           # R&D bulletins, revised by a few percent with censuses
    "gdp": 0.03,                   # nominal GDP, revised after economic censuses
    "fiscal_st_spending": 0.03,    # final accounts, 科学技术 line
    "fiscal_st_ratio": 0.03,
    "budget_expenditure": 0.03,    # final accounts
    "enterprise_rd_share": 0.10,   # observed by source of funds, simulated by performer: a looser match
    "hnte_count": 0.10,            # official stocks to 2020, then the three-year sum of the lists (a proxy)
    "hnte_certifications": 0.10,   # national lists: batches per year, renewals counted apart
    "tech_contract_turnover": 0.10,  # registered contracts, volatile year to year
    "rd_government_funds": 0.10,
    "patents_per_10k": 0.10,
}
# Policy inputs the scenario's (observed) year paths set: shown beside forecasts, never fitted or scored
INPUT_INDICATORS = ("gdp", "budget_expenditure", "fiscal_st_spending", "fiscal_st_ratio")
DEFAULT_TOLERANCE = 0.10  # any other indicator the model and the history share

# Priors of the issue-17 mechanisms that the 2015-2023 series can inform: {key: (lo, hi, why)}, uniform, in
# each parameter's unit. The talent and platform channels act on money beyond the base-year intensity, which
# moved with the observed fiscal S&T ratio (Gansu 1.01% in 2015, 0.68% in 2018, 1.30% in 2023), so R&D
# spending and contract turnover 2016-2023 carry information on them. They are not yet in the bundled
# scenarios' [uncertainty] tables, because the shipped posteriors were fitted without them: add them there
# (or pass them as --free) when the posteriors are regenerated. The assessment and the vouchers did not act in
# the observed years of the model (assessment from the first forecast year; no voucher budget observed), so
# the history cannot inform them, nor the guidance funds, loans and outside-R&D levers (no observed level):
# their ranges are for sensitivity studies only (docs/ODD.md §3.3.16-3.3.20).
LEVER_PRIORS: dict[str, tuple[float, float, str]] = {
    "talent.rd_share": (0.1, 0.6, "no source: a wide prior, informed by R&D spending (and R&D personnel) 2016-2023"),
    "talent.retention": (70.0, 95.0, "no source: western provinces lose talent to the east; informed weakly"),
    "platform.rd_share": (0.1, 0.6, "no source: the knowledge-building share of platform money"),
    "platform.contracts_per_100m": (0.0, 1.0, "no source: informed by technology-contract turnover 2016-2023"),
}
SENSITIVITY_ONLY = {
    "assessment.response": (0.1, 1.0), "assessment.cultivation_share": (0.0, 50.0),
    "voucher.take_up": (2.0, 30.0), "voucher.additionality": (0.5, 0.9), "voucher.coverage": (30.0, 80.0),
    "finance.realised_share": (20.0, 80.0), "finance.private_multiple": (1.0, 4.0), "finance.sme_share": (5.0, 40.0),
    "finance.rd_share": (0.1, 0.5), "outside.complement": (0.0, 1.0),
}

DEFAULT_POPULATION = 150
DEFAULT_GENERATIONS = 12  # 6 left the Guizhou posterior unconverged (epsilon 2.78, still falling 7% a generation)
DEFAULT_MIN_EPSILON = 1.0  # stop once the accepted particles fit within the tolerances (RMS)
DEFAULT_MAX_SIMULATIONS = 10000  # about 10 minutes at 0.12 s per simulation on 2 cores; a hard cap, as is the time
DEFAULT_MAX_SECONDS = 14 * 60.0  # the 15-minute budget of a one-region calibration, with a margin

MessageFn = Callable[[str], None]


def tolerance(indicator: str) -> float:
    """Relative tolerance of ``indicator`` in the distance (``TOLERANCES`` or the default)."""
    return TOLERANCES.get(indicator, DEFAULT_TOLERANCE)


def label(indicator: str, year: int) -> str:
    """Summary-statistic name of an observation: ``indicator@YEAR``."""
    return f"{indicator}@{int(year)}"


# --------------------------------------------------------------------------- data

def observations(scenario: Scenario, cutoff: int, indicators: Sequence[str] | None = None,
                 first_year: int | None = None) -> pd.DataFrame:
    """Observed rows used to calibrate ``scenario``: model indicators of the scenario's region in
    ``first_year`` (default base year + 1) to ``cutoff``, with value, unit and source.

    Raises:
        InnovsimError: no history for the region, unknown indicators, or no rows in range.
    """
    where = scenario.path or scenario.name
    region = history_region(scenario.region)
    if region is None:
        raise InnovsimError(f"{where}: region {scenario.region!r} has no observed history "
                            "(sim/data/history.csv has Gansu, Guizhou, Liupanshui and China)")
    first = scenario.base_year + 1 if first_year is None else int(first_year)
    rows = observed_with_proxies(scenario.region, first_year=first, last_year=int(cutoff))
    rows = rows[rows["indicator"].isin(ALL_INDICATOR_NAMES)]
    if indicators is not None:
        for ind in indicators:
            if ind not in ALL_INDICATOR_NAMES:
                raise InnovsimError(f"--indicator {ind!r} is not a model indicator{did_you_mean(ind, ALL_INDICATOR_NAMES)}")
        rows = rows[rows["indicator"].isin(list(indicators))]
    else:
        rows = rows[~rows["indicator"].isin(INPUT_INDICATORS)]  # inputs: fitted by construction, not evidence
    rows = rows[rows["value"].notna() & (rows["value"] != 0)]  # relative error undefined at 0
    rows = rows[rows["year"] <= scenario.end_year]
    if rows.empty:
        raise InnovsimError(f"{where}: no observations of {region} between {first} and {cutoff} for the model's "
                            "indicators; choose a later cutoff")
    cols = ["indicator", "year", "value", "unit", "source"]
    return rows[cols].sort_values(["indicator", "year"]).reset_index(drop=True)


def default_free(scenario: Scenario) -> dict[str, tuple[float, float]] | None:
    """The parameters a calibration of ``scenario`` fits by default: those its own posterior holds, with their
    ``[uncertainty]`` ranges (so recalibrating, or backtesting, repeats the shipped calibration; the other
    ranges are drawn per run); None without a posterior (then ``priors`` takes every ``[uncertainty]`` range)."""
    if scenario.posterior is None:
        return None
    return {k: scenario.uncertainty[k] for k in scenario.posterior.keys if k in scenario.uncertainty} or None


def priors(scenario: Scenario, free: dict[str, tuple[float, float]] | None) -> dict[str, tuple[float, float]]:
    """Uniform prior ranges: ``free`` if given (checked against the allowed ranges), else the
    scenario's ``[uncertainty]`` ranges; degenerate ranges ([v, v], fixed) are left out."""
    if free is None:
        ranges = {k: v for k, v in sorted(scenario.uncertainty.items()) if v[1] > v[0]}
        if not ranges:
            raise InnovsimError(f"{scenario.path or scenario.name}: no [uncertainty] ranges to calibrate; "
                                "give free parameters (--free KEY=LO:HI)")
        return ranges
    allowed = posterior_keys()
    out: dict[str, tuple[float, float]] = {}
    for key, (lo, hi) in sorted(free.items()):
        if key not in allowed:
            raise InnovsimError(f"--free {key}: not a parameter that can be calibrated{did_you_mean(key, allowed)} "
                                "(allowed: float parameters outside [run])")
        spec = SPECS_BY_KEY[key]
        if not (math.isfinite(lo) and math.isfinite(hi) and spec.lo <= lo < hi <= spec.hi):
            raise InnovsimError(f"--free {key}={lo:g}:{hi:g}: need LO < HI inside the allowed range ({spec.range_text()})")
        out[key] = (float(lo), float(hi))
    if not out:
        raise InnovsimError("give at least one free parameter")
    return out


# --------------------------------------------------------------------------- model and distance

class ScenarioSimulator:
    """The pyabc model: one replicate of the scenario with a particle's values.

    Returns ``{indicator@YEAR: simulated value}`` for the observed labels. The run's seed is
    drawn from numpy's global stream, which ``SeededSampler`` seeds for every evaluation.
    """

    def __init__(self, params: dict[str, Any], uncertainty: dict[str, tuple[float, float]],
                 labels: Sequence[tuple[str, int]]) -> None:
        self.params = params
        self.uncertainty = uncertainty
        self.labels = [(str(i), int(y)) for i, y in labels]

    def __call__(self, pars: dict[str, float]) -> dict[str, float]:
        return self.stats(pars, int(np.random.randint(0, 2**62, dtype=np.int64)))

    def stats(self, pars: dict[str, float], seed: int) -> dict[str, float]:
        """The simulated observations of one run with ``pars`` and replicate ``seed``."""
        from sim.runs.runner import simulate

        out = simulate({**self.params, **{k: float(v) for k, v in pars.items()}}, seed, self.uncertainty)
        years = np.asarray(out["year"])
        stats = {}
        for ind, year in self.labels:
            idx = np.nonzero(years == year)[0]
            stats[label(ind, year)] = float(out[ind][idx[0]]) if len(idx) else float("nan")
        return stats


def inert_parameters(params: dict[str, Any], ranges: dict[str, tuple[float, float]],
                     labels: Sequence[tuple[str, int]], seed: int) -> list[str]:
    """Free parameters the observations cannot inform: one run at each end of the prior (the scenario's other
    values, replicate ``seed``, no other draws) gives identical simulated observations. Calibrating such a parameter
    only adds sampler noise: its marginal should stay the prior, but a finite ABC-SMC run narrows it at random (the
    shipped Gansu posterior held ``economy.gdp_feedback``, which acts only from the first forecast year, at 0.015-0.082
    of the prior 0-0.2). Exact equality only: a parameter whose effect depends on another's value is kept."""
    model = ScenarioSimulator(params, {}, labels)
    inert = []
    for key, (lo, hi) in ranges.items():
        low, high = model.stats({key: lo}, seed), model.stats({key: hi}, seed)
        if all(low[k] == high[k] or (math.isnan(low[k]) and math.isnan(high[k])) for k in low):
            inert.append(key)
    return inert


class RelativeErrorDistance:
    """RMS over observations of ``(sim / obs - 1) / tolerance(indicator)`` (dimensionless)."""

    def __init__(self, tolerances: dict[str, float]) -> None:
        self.tolerances = dict(tolerances)  # label -> tolerance

    def __call__(self, x: dict[str, float], x_0: dict[str, float]) -> float:
        terms = []
        for key, tol in self.tolerances.items():
            s, o = float(x[key]), float(x_0[key])
            if not math.isfinite(s):
                return float("inf")
            terms.append(((s / o - 1.0) / tol) ** 2)
        return float(math.sqrt(sum(terms) / len(terms)))


# --------------------------------------------------------------------------- sampler

_FN_CACHE: dict[bytes, Any] = {}


def _eval_chunk(blob: bytes, seeds: Sequence[int]) -> list[Any]:
    """Worker: ``simulate_one()`` once per seed, numpy's and Python's global streams seeded first."""
    import cloudpickle

    key = hashlib.sha1(blob).digest()
    fn = _FN_CACHE.get(key)
    if fn is None:
        _FN_CACHE.clear()  # one generation's function at a time
        fn = _FN_CACHE[key] = cloudpickle.loads(blob)
    out = []
    for s in seeds:
        np.random.seed(int(s) % 2**32)
        random.seed(int(s))
        out.append(fn())
    return out


def evaluation_seed(base_seed: int, t: int, k: int) -> int:
    """Seed (32 bits) of evaluation ``k`` of generation ``t`` (-1 is pyabc's calibration sample)."""
    return int(np.random.SeedSequence([int(base_seed), int(t) + 2, int(k)]).generate_state(1, np.uint32)[0])


class _Mapper:
    """Runs chunks of evaluations in this process, a local process pool or on a Dask cluster."""

    def __init__(self, executor: str | Executor | None, workers: int | None) -> None:
        self.executor = make_executor(executor, workers)
        self.owned = self.executor is not executor
        self.client = getattr(self.executor, "client", None)
        self.parallel = int(getattr(self.executor, "workers", 0) or 0) or (
            sum(self.client.nthreads().values()) if self.client is not None else 1)
        self.name = self.executor.name
        self.pool: ProcessPoolExecutor | None = None
        if self.client is None and self.parallel > 1:
            self.pool = new_pool(self.parallel)

    def __call__(self, blob: bytes, chunks: list[list[int]]) -> list[list[Any]]:
        if self.client is not None:
            futures = self.client.map(_eval_chunk, [blob] * len(chunks), chunks, pure=False)
            return list(self.client.gather(futures))
        if self.pool is not None:
            return list(self.pool.map(_eval_chunk, [blob] * len(chunks), chunks))
        state, py_state = np.random.get_state(), random.getstate()  # in this process: as a worker would leave it
        try:
            return [_eval_chunk(blob, c) for c in chunks]
        finally:
            np.random.set_state(state)
            random.setstate(py_state)

    def close(self, error: BaseException | None = None) -> None:
        """Shut the pool down: wait for it normally; after an interrupt or SIGTERM (``error``), end its running
        workers instead (a chunk can hold minutes of evaluations)."""
        if self.pool is not None:
            if error is None:
                self.pool.shutdown(wait=True, cancel_futures=True)
            else:
                stop_pool(self.pool, error)
        if self.owned:
            self.executor.close()


_SAMPLER: list[type] = []


def generation_budget(max_eval: float, ana_vars: Any) -> tuple[float, datetime | None]:
    """How many evaluations a generation may use and when it must stop: pyabc's ``max_eval``, the simulations
    left of the run's ``max_total_nr_simulations`` and the end of its ``max_walltime`` (pyabc checks both only
    between generations, so one generation whose acceptance collapsed ran 9798 simulations past them)."""
    limit = float(max_eval)
    if ana_vars is None:  # pyabc's calibration sample
        return limit, None
    total = getattr(ana_vars, "max_total_nr_simulations", None)
    if total is not None and math.isfinite(total):
        limit = min(limit, max(float(total) - float(ana_vars.prev_total_nr_simulations), 0.0))
    wall, init = getattr(ana_vars, "max_walltime", None), getattr(ana_vars, "init_walltime", None)
    return limit, (init + wall if wall is not None and init is not None else None)


def seeded_sampler_class() -> type:
    """The ``SeededSampler`` class (a ``pyabc.sampler.Sampler``), defined on first use so that pyabc
    is imported only when calibrating."""
    if _SAMPLER:
        return _SAMPLER[0]
    import cloudpickle
    from pyabc.sampler import Sampler

    class _SeededSampler(Sampler):
        """Deterministic, batched pyabc sampler: evaluation ``k`` of generation ``t`` uses
        ``evaluation_seed(seed, t, k)``; the first ``n`` accepted in evaluation order are kept."""

        def __init__(self, base_seed: int, mapper: _Mapper, message: MessageFn | None) -> None:
            super().__init__()
            self.base_seed = int(base_seed)
            self.mapper = mapper
            self.message = message
            self.rate = 0.5
            self.log: list[dict[str, Any]] = []  # per generation: t, evaluations, accepted, seconds
            self.cut: str | None = None  # "simulations" or "time" when the budget cut a generation short

        def sample_until_n_accepted(self, n: int, simulate_one: Callable[[], Any], t: int, *,
                                    max_eval: float = np.inf, all_accepted: bool = False,
                                    ana_vars: Any = None) -> Any:
            start = time.monotonic()
            blob = cloudpickle.dumps(simulate_one)
            sample = self._create_empty_sample()
            evaluated = accepted = k = 0
            rate = 1.0 if all_accepted else self.rate
            limit, deadline = generation_budget(max_eval, ana_vars)
            floor = 2 * self.mapper.parallel
            cap = max(n, floor)  # at most a population a batch, so a collapsing generation stops near the budget
            while accepted < n and evaluated < limit:
                if deadline is not None and datetime.now() > deadline:
                    self.cut = "time"
                    break
                wanted = max(math.ceil((n - accepted) / max(rate, 0.02) * 1.15), floor)
                size = n - accepted if all_accepted else min(wanted, cap)  # the prior sample: every evaluation counts
                if math.isfinite(limit):
                    size = min(size, int(limit) - evaluated)
                seeds = [evaluation_seed(self.base_seed, t, k + i) for i in range(size)]
                n_chunks = max(1, min(size, 4 * self.mapper.parallel))
                chunks = [c.tolist() for c in np.array_split(np.asarray(seeds, dtype=np.int64), n_chunks) if len(c)]
                batch = [p for chunk in self.mapper(blob, chunks) for p in chunk]
                k += size
                got = 0
                for particle in batch:
                    if accepted >= n:
                        break  # later evaluations are discarded: the first n accepted, in order
                    sample.append(particle)
                    evaluated += 1
                    got += bool(particle.accepted)
                    accepted += bool(particle.accepted)
                rate = max(accepted / max(evaluated, 1), 0.01) if accepted else rate / 4
                if self.message is not None:
                    what = "prior sample" if t < 0 else f"generation {t}"
                    self.message(f"  {what}: {accepted}/{n} accepted after {evaluated} simulations "
                                 f"({time.monotonic() - start:.0f} s)")
            self.nr_evaluations_ = evaluated
            if not all_accepted:
                self.rate = max(accepted / max(evaluated, 1), 0.01)
            self.log.append({"t": int(t), "evaluations": evaluated, "accepted": accepted,
                             "seconds": round(time.monotonic() - start, 3)})
            if accepted < n:
                sample.ok = False  # pyabc stops and keeps the previous generation
                if self.cut is None and evaluated >= limit:
                    self.cut = "simulations"
            return sample

    _SAMPLER.append(_SeededSampler)
    return _SeededSampler


_ABCSMC: list[type] = []


def budgeted_abcsmc_class() -> type:
    """``pyabc.ABCSMC`` that also stops before a generation it expects to end past ``max_walltime``: when the
    time spent so far plus the last generation's time exceeds it (pyabc alone only stops *starting*
    generations after the budget, so a slow last generation overran it: 1066 s of a 840 s budget under load).
    Defined on first use so that pyabc is imported only when calibrating. ``stopped_for_time`` tells whether
    this rule ended the run (then the number of generations depends on the machine's speed)."""
    if _ABCSMC:
        return _ABCSMC[0]
    import pyabc

    class _BudgetedABCSMC(pyabc.ABCSMC):  # type: ignore[misc]
        stopped_for_time = False

        def check_terminate(self, t: int, acceptance_rate: float) -> bool:
            if super().check_terminate(t, acceptance_rate):
                return True
            log = getattr(self.sampler, "log", None)
            if self.max_walltime is None or not log:
                return False
            expected = datetime.now() - self.init_walltime + timedelta(seconds=float(log[-1]["seconds"]))
            self.stopped_for_time = expected > self.max_walltime
            return self.stopped_for_time

    _ABCSMC.append(_BudgetedABCSMC)
    return _BudgetedABCSMC


# --------------------------------------------------------------------------- calibration

def library_versions() -> dict[str, str]:
    """innovsim, Python, Mesa, numpy, pandas and pyabc versions."""
    from importlib import metadata

    from sim.version import versions

    out = versions()
    for dist in ("pyabc", "scipy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _require_pyabc() -> Any:
    try:
        import pyabc
    except ImportError as e:
        raise InnovsimError("Bayesian calibration needs pyabc: pip install innovsim[calibration] "
                            "(or pip install pyabc)") from e
    return pyabc


def calibrate_posterior(scenario: Scenario | str | Path, cutoff: int,
                        free: dict[str, tuple[float, float]] | None = None,
                        indicators: Sequence[str] | None = None, population: int = DEFAULT_POPULATION,
                        generations: int = DEFAULT_GENERATIONS, min_epsilon: float = DEFAULT_MIN_EPSILON,
                        max_simulations: int = DEFAULT_MAX_SIMULATIONS, max_seconds: float = DEFAULT_MAX_SECONDS,
                        seed: int | None = None, executor: str | Executor | None = None, workers: int | None = None,
                        overrides: list[str] | None = None, message: MessageFn | None = None) -> Posterior:
    """ABC-SMC posterior of the free parameters given the observations up to ``cutoff``.

    Args:
        scenario: scenario or file; its policy inputs (year paths) are used as they are.
        cutoff: last observed year used (inclusive).
        free: ``{key: (lo, hi)}`` uniform priors (units of each parameter); default: the
            scenario's ``[uncertainty]`` ranges.
        indicators: only these indicators (default: every one the model and history share).
        population: accepted particles per generation.
        generations: at most this many SMC generations.
        min_epsilon: stop when the acceptance threshold (distance, dimensionless) falls below it.
        max_simulations: stop after about this many simulations in all.
        max_seconds: wall-time budget (seconds): no generation starts that would, at the pace of the last
            one, end after it (``meta["stopped_for_time"]`` says whether this ended the run).
        seed: base seed (default: the scenario's ``run.seed``); the result depends on it alone.
        executor, workers: where the simulations run (``sim.executors.make_executor``).
        message: called with one line of progress per batch and per generation.

    Returns:
        The last generation's particles and weights, with provenance in ``.meta``.
    """
    check_int("--population", population, 2, MAX_POINTS)
    check_int("--generations", generations, 1, MAX_GENERATIONS)
    check_int("--max-simulations", max_simulations, 1, MAX_RUNS)
    check_float("--min-epsilon", min_epsilon, 0.0, 1e6)
    check_float("max_seconds", max_seconds, 0.0, 1e9, lo_open=True)
    if seed is not None:
        check_int("seed", seed, 0, MAX_SEED)
    pyabc = _require_pyabc()
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    obs = observations(sc, cutoff, indicators)
    ranges = priors(sc, free)
    base_seed = int(seed if seed is not None else sc.params["run.seed"])
    labels = list(zip(obs["indicator"], obs["year"], strict=True))
    say = message or (lambda _text: None)
    inert = inert_parameters(sc.params, ranges, labels, base_seed)
    if len(inert) == len(ranges):
        raise InnovsimError(f"{sc.path or sc.name}: none of the free parameters ({', '.join(ranges)}) changes the "
                            f"simulated observations up to {cutoff}: nothing to calibrate")
    for key in inert:
        lo, hi = ranges.pop(key)
        kept = "drawn from its [uncertainty] range" if key in sc.uncertainty else "kept at the scenario's value"
        say(f"{key}: runs at {lo:g} and {hi:g} give the same observations up to {cutoff}; the data cannot inform it, "
            f"so it is not calibrated ({kept})")
    x_0 = {label(i, y): float(v) for i, y, v in zip(obs["indicator"], obs["year"], obs["value"], strict=True)}
    tolerances = {label(i, y): tolerance(i) for i, y in labels}
    # the sampler also draws the particle's other uncertain parameters; a fitted one is fixed by the particle
    others = {k: v for k, v in sc.uncertainty.items() if k not in ranges}
    model = ScenarioSimulator(sc.params, others, labels)
    distance = RelativeErrorDistance(tolerances)
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in ranges.items()})
    started_wall = time.monotonic()
    from sim.runs.outputs import utc_now

    started = utc_now()
    mapper = _Mapper(executor, workers)
    state = np.random.get_state()
    py_state = random.getstate()
    quiet = _quiet_pyabc_logs()
    tmp = tempfile.mkdtemp(prefix="innovsim-abc-")
    db = Path(tmp) / "abc.db"
    try:
        np.random.seed(base_seed % 2**32)  # pyabc's own draws in this process (transition fits, resampling)
        random.seed(base_seed)
        sampler = seeded_sampler_class()(base_seed, mapper, say)
        abc = budgeted_abcsmc_class()(model, prior, distance, population_size=int(population), sampler=sampler)
        say(f"ABC-SMC: {len(ranges)} parameters, {len(obs)} observations "
            f"({', '.join(sorted(set(obs['indicator'])))} {int(obs['year'].min())}-{int(obs['year'].max())}), "
            f"population {population}, up to {generations} generations on {mapper.name}")
        abc.new("sqlite:///" + db.as_posix(), x_0)
        history = abc.run(minimum_epsilon=float(min_epsilon), max_nr_populations=int(generations),
                          max_total_nr_simulations=int(max_simulations),
                          max_walltime=timedelta(seconds=float(max_seconds)))
        if history.max_t < 0:
            raise InnovsimError(f"the calibration budget ({max_simulations} simulations, {max_seconds:g} s) ended "
                                "before the first ABC-SMC generation was complete; raise --max-simulations")
        frame, weights = history.get_distribution(m=0, t=history.max_t)
        pops = history.get_all_populations()
        pops = pops[pops["t"] >= 0]
        schedule = [{"generation": int(r.t), "epsilon": float(r.epsilon), "simulations": int(r.samples),
                     "particles": int(r.particles), "acceptance_rate": float(r.particles) / max(int(r.samples), 1)}
                    for r in pops.itertuples()]
        total_sims = int(history.total_nr_simulations)
    except BaseException as error:
        mapper.close(error)
        raise
    else:
        mapper.close()
    finally:
        np.random.set_state(state)
        random.setstate(py_state)
        for logger, level in quiet:
            logger.setLevel(level)
        for f in Path(tmp).glob("*"):
            f.unlink(missing_ok=True)
        os.rmdir(tmp)
    keys = list(ranges)
    values = frame[keys].to_numpy(float)
    weights = np.asarray(weights, float)
    weights = weights / weights.sum()
    wall = time.monotonic() - started_wall
    meta = {
        "kind": "abc-smc posterior",
        "method": "ABC-SMC (pyabc.ABCSMC, median epsilon, multivariate normal transition)",
        "scenario": {"name": sc.name, "files": [str(f) for f in sc.files], "sha256": sc.sha256,
                     "file_sha256": {str(f): _sha256(f) for f in sc.files}},
        "region": sc.region, "history_region": history_region(sc.region),
        "cutoff": int(cutoff), "first_year": sc.base_year + 1,
        "observations": [{"indicator": str(r.indicator), "year": int(r.year), "value": float(r.value),
                          "unit": str(r.unit), "source": str(r.source)} for r in obs.itertuples()],
        "tolerances": {i: tolerance(i) for i in sorted(set(obs["indicator"]))},
        "distance": "sqrt(mean over observations of ((sim/obs - 1) / tolerance(indicator))^2)",
        "priors": {k: {"distribution": "uniform", "lo": lo, "hi": hi} for k, (lo, hi) in ranges.items()},
        "integrated_out": {k: list(v) for k, v in others.items()},
        "inert_parameters": inert,
        "seed": base_seed, "population": int(population), "generations_max": int(generations),
        "min_epsilon": float(min_epsilon), "max_simulations": int(max_simulations),
        "max_seconds": float(max_seconds), "stopped_for_time": bool(abc.stopped_for_time or sampler.cut == "time"),
        "generation_cut": sampler.cut, "executor": mapper.name,
        "epsilon_schedule": [s["epsilon"] for s in schedule],
        "acceptance_rates": [s["acceptance_rate"] for s in schedule],
        "generations": schedule, "total_simulations": total_sims,
        "started": started, "ended": utc_now(), "wall_seconds": round(wall, 2),
        "posterior_mean": {k: float(np.average(values[:, j], weights=weights)) for j, k in enumerate(keys)},
        "versions": library_versions(),
    }
    say(f"ABC-SMC done: {len(schedule)} generations, final epsilon {schedule[-1]['epsilon']:.3g}, "
        f"{total_sims} simulations in {wall:.0f} s")
    return Posterior(tuple(keys), values, weights, meta=meta)


def _quiet_pyabc_logs() -> list[tuple[Any, int]]:
    """Silence pyabc's INFO logging (we print our own progress); returns what to restore."""
    import logging

    out = []
    for name in ("ABC", "ABC.History", "ABC.Sampler", "ABC.Distance", "ABC.Epsilon", "ABC.Adaptation",
                 "ABC.Predictor", "ABC.Transition"):
        logger = logging.getLogger(name)
        out.append((logger, logger.level))
        logger.setLevel(logging.WARNING)
    return out


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def stderr_message(quiet: bool = False) -> MessageFn:
    """A progress printer for the command line (stderr)."""
    def say(text: str) -> None:
        if not quiet:
            print(text, file=sys.stderr, flush=True)
    return say


DISCREPANCY_REPLICATES = 40  # posterior runs whose median the observed series are compared with


def replicate_frame(results: Sequence[dict[str, Any]], seeds: Sequence[int]) -> pd.DataFrame:
    """One row per replicate and year (``replicate, seed, year`` and every indicator) from ``simulate`` results."""
    frames = []
    for r, (s, res) in enumerate(zip(seeds, results, strict=True)):
        frame = pd.DataFrame({"replicate": r, "seed": str(s), "year": np.asarray(res["year"], int)})
        for name in ALL_INDICATOR_NAMES:
            frame[name] = np.asarray(res[name], float)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def discrepancy_from_runs(scenario: Scenario, runs: pd.DataFrame, cutoff: int) -> disc.Discrepancy:
    """The model discrepancy of ``runs`` (``replicate_frame`` of posterior runs without discrepancy):
    the median over replicates against the observations from the year after the base year to ``cutoff``; a
    series observed in fewer than two of those years gets its tolerance as the yearly sigma."""
    median = runs.groupby("year")[list(ALL_INDICATOR_NAMES)].median()
    observed = observed_with_proxies(scenario.region, first_year=scenario.base_year + 1, last_year=int(cutoff))
    prior_sigma = {g.source: float(np.log1p(tolerance(g.source))) for g in disc.GROUPS}  # series seen < 2 years
    return disc.estimate(median, observed, int(cutoff), scenario.base_year + 1, prior_sigma=prior_sigma)


def estimate_discrepancy(scenario: Scenario, posterior: Posterior, cutoff: int, seed: int,
                         executor: str | Executor | None = None, workers: int | None = None,
                         replicates: int = DISCREPANCY_REPLICATES) -> disc.Discrepancy:
    """Run ``replicates`` of ``scenario`` with ``posterior`` (no discrepancy) and estimate the discrepancy."""
    from dataclasses import replace

    from sim.runs.executors import executor_scope
    from sim.studies.design import run_points, seeds_for

    fitted = set(posterior.keys)
    sc = replace(scenario, posterior=replace(posterior, discrepancy=None),
                 uncertainty={k: v for k, v in scenario.uncertainty.items() if k not in fitted})
    seeds = seeds_for(int(seed), replicates)
    with executor_scope(executor, workers) as ex:
        results = run_points([sc], seeds, ex)[0]
    return discrepancy_from_runs(scenario, replicate_frame(results, seeds), cutoff)


def write_posterior(posterior: Posterior, csv_path: Path, provenance: dict[str, Any]) -> tuple[Path, Path]:
    """Write the particles (CSV) and the provenance (JSON sidecar) atomically; return both paths.

    The sidecar gets the CSV's SHA-256 (``particles_sha256``) so the pair can be checked.
    """
    csv_path = Path(csv_path)
    text = posterior.frame().to_csv(index=False, lineterminator="\n", float_format="%.10g")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = {**provenance, "particles_file": csv_path.name, "particles_sha256": digest, "particles": posterior.size,
            "parameters": list(posterior.keys)}
    if posterior.discrepancy is not None:
        meta["discrepancy"] = posterior.discrepancy.to_json()
    json_path = sidecar_path(csv_path)
    # the sidecar is the pair's manifest: removed first, written last
    write_result_files(csv_path.parent, [(csv_path.name, lambda path: atomic_write(path, lambda fh: fh.write(text)))],
                       json_path.name, lambda: meta)
    return csv_path, json_path
