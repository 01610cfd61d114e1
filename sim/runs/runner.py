"""Replicated runs: explicit per-run seeds, serial or process-parallel, and
results as aligned pandas tables.

One experiment is ``simulate(params, seed, uncertainty)``: a pure, picklable,
top-level function. The seed of replicate ``r`` is derived from
``(base seed, r)`` alone, so any run can be repeated by itself and results
do not depend on the number of workers. Every scenario in a batch shares the
replicate seeds (common random numbers), which sharpens comparisons.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.limits import MAX_REPLICATES, MAX_SEED, MAX_WORKERS, check_int, check_runs
from sim.runs.bands import BAND_PERCENTILES, band, percentiles
from sim.scenario.calibrated_ranges import scenarios_warnings
from sim.scenario.discrepancy import Discrepancy
from sim.scenario.discrepancy import apply as apply_discrepancy
from sim.scenario.draws import draw_uncertain, run_uncertainty
from sim.scenario.loader import Scenario, apply_overrides, load_scenario

STATS = ("mean", "p5", "p50", "p95")

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class RunCancelled(InnovsimError):
    """The run was cancelled before it finished; nothing was returned."""


def replicate_seed(base_seed: int, replicate: int) -> int:
    """Seed of replicate ``replicate`` under ``base_seed`` (a 63-bit integer)."""
    state = np.random.SeedSequence([int(base_seed), int(replicate)]).generate_state(2, np.uint32)
    return int((int(state[0]) << 31) ^ int(state[1])) & (2**63 - 1)


RunArgs = tuple[dict[str, Any], int, dict[str, tuple[float, float]], Discrepancy | None]


def run_args(scenario: Scenario, seed: int) -> RunArgs:
    """The ``simulate`` arguments of ``scenario``'s run with ``seed``: ``(params, seed, ranges, discrepancy)``.

    With a posterior (``[uncertainty] posterior``), the ranges include the run's particle, drawn by weight
    from the seed's own stream (``sim.scenario.draws.run_uncertainty``), and the posterior's model
    discrepancy (if any) is passed on. Without one, this is ``(params, seed, uncertainty, None)``.
    """
    discrepancy = scenario.posterior.discrepancy if scenario.posterior is not None else None
    return scenario.params, seed, run_uncertainty(scenario, seed), discrepancy


def simulate(params: dict[str, Any], seed: int,
             uncertainty: dict[str, tuple[float, float]] | None = None,
             discrepancy: Discrepancy | None = None) -> dict[str, Any]:
    """Run one replicate to the end year.

    Returns ``{"year": [...], <indicator>: [...], "draws": {...}}`` with one
    value per year, base year first. With ``discrepancy``, the affected indicators are
    multiplied by the replicate's discrepancy factors (``sim.scenario.discrepancy.apply``).
    """
    from sim.model.model import InnovationModel, gc_paused  # imported here so workers load it once, lazily

    draws = draw_uncertain(params, uncertainty or {}, seed)
    with gc_paused():  # set-up and run make no cyclic garbage, and release() breaks the model's cycles
        model = InnovationModel({**params, **draws}, seed=seed)
        model.run()
        model.release()
    collected = model.datacollector.model_vars  # the DataCollector's lists; no per-run DataFrame
    out: dict[str, Any] = {name: np.asarray(collected[name], dtype=float) for name in ALL_INDICATOR_NAMES}
    n_years = len(out[ALL_INDICATOR_NAMES[0]])
    out["year"] = np.arange(int(params["run.base_year"]), int(params["run.base_year"]) + n_years)
    out["draws"] = draws
    return apply_discrepancy(out, discrepancy, seed)


def simulate_task(args: RunArgs | tuple[dict[str, Any], int, dict[str, tuple[float, float]]]) -> dict[str, Any]:
    """``simulate(params, seed, uncertainty)`` with one picklable argument, for executors' map functions."""
    return simulate(*args)


@dataclass
class RunResult:
    """Results of a batch.

    Attributes:
        indicators: one row per scenario, replicate and year.
        summary: per scenario and year, mean/p5/p50/p95 of each indicator.
        targets: per scenario and target, simulated median and probability.
        draws: the uncertain parameters drawn for each run.
        scenarios: the scenarios in order; ``ids`` their short names.
        seeds: the seed of each replicate.
        meta: extra facts; ``meta["warnings"]`` lists values outside the calibrated ranges.
    """

    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    draws: pd.DataFrame
    scenarios: list[Scenario]
    ids: list[str]
    seeds: list[int]
    base_seed: int
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """Values outside the calibrated ranges (``sim.scenario.calibrated_ranges``), one line each."""
        return list(self.meta.get("warnings", []))


def scenario_ids(scenarios: Sequence[Scenario]) -> list[str]:
    """Short unique ids: the file stem, or the name for in-memory scenarios."""
    ids: list[str] = []
    for s in scenarios:
        base = s.path.stem if s.path is not None else s.name
        name, k = base, 2
        while name in ids:
            name, k = f"{base}_{k}", k + 1
        ids.append(name)
    return ids


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run(scenarios: Scenario | str | Path | Sequence[Scenario | str | Path], replicates: int | None = None,
        seed: int | None = None, workers: int = 1, overrides: list[str] | None = None,
        progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> RunResult:
    """Run each scenario ``replicates`` times and summarise.

    Args:
        scenarios: scenario objects or files.
        replicates: runs per scenario (default: the first scenario's ``run.replicates``).
        seed: base seed (default: the first scenario's ``run.seed``).
        workers: processes; 1 runs in this process.
        overrides: ``--set`` strings (``key.path=value``, ``key.path@YEAR=value``) applied to every scenario,
            loaded from a file or given as an object.
        progress: called as ``progress(done, total)`` after each run.
        cancel: polled between runs; returning True stops with ``RunCancelled``.
    """
    if isinstance(scenarios, (Scenario, str, Path)):
        scenarios = [scenarios]
    workers = check_int("workers", workers, 1, MAX_WORKERS)
    if replicates is not None:
        check_int("replicates", replicates, 1, MAX_REPLICATES)
    if seed is not None:
        check_int("seed", seed, 0, MAX_SEED)
    loaded = [(apply_overrides(s, overrides) if overrides else s) if isinstance(s, Scenario) else load_scenario(s, overrides)
              for s in scenarios]
    if not loaded:
        raise InnovsimError("no scenario to run")
    reps = int(replicates if replicates is not None else loaded[0].params["run.replicates"])
    check_runs(len(loaded), reps, "scenarios")
    base_seed = int(seed if seed is not None else loaded[0].params["run.seed"])
    seeds = [replicate_seed(base_seed, r) for r in range(reps)]
    tasks = [(i, r) for i in range(len(loaded)) for r in range(reps)]
    args = {(i, r): run_args(loaded[i], seeds[r]) for i, r in tasks}
    results = _execute(tasks, args, workers, progress, cancel)
    ids = scenario_ids(loaded)
    result = assemble(loaded, ids, seeds, base_seed, results)
    result.meta["warnings"] = scenarios_warnings(loaded, ids)
    return result


_FORK_UNSAFE: list[str] = []  # why this process must not fork, as told by forbid_fork


def forbid_fork(reason: str) -> None:
    """Tell the runner that worker processes of this process must be spawned, never forked (a front end
    running a GUI toolkit calls this, e.g. the desktop app: forking a Qt process is unsafe)."""
    if reason not in _FORK_UNSAFE:
        _FORK_UNSAFE.append(reason)


def pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: ``fork`` on Linux in a plain single-threaded
    process (workers start at once with everything imported), else ``spawn``
    (Windows and macOS, a process that called ``forbid_fork`` such as the Qt
    application, or any process running threads, where forking is unsafe).
    Results do not depend on the choice."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and not _FORK_UNSAFE:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _exit_with_parent(parent: int, kernel: bool) -> None:
    """In a worker process: end it as soon as the process that started it is gone, however it ended
    (SIGTERM, SIGKILL, a crash), so no worker keeps computing or holds the caller's pipes afterwards.

    On Linux, for a pool made on the main thread (``kernel``), the kernel is asked too (``PR_SET_PDEATHSIG``
    fires when the thread that started the worker ends); everywhere a daemon thread watches the parent's pid."""
    import signal

    if kernel and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="innovsim-parent-watch", daemon=True).start()


def new_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` (``pool_context``) whose workers end with this process, whatever ends it.
    Every pool of simulations is made here."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=_exit_with_parent,
                               initargs=(os.getpid(), threading.current_thread() is threading.main_thread()))


def stop_pool(pool: ProcessPoolExecutor, error: BaseException) -> None:
    """Drop ``pool``'s queued runs after ``error``; when the command is ending (an interrupt, SIGTERM's
    ``SystemExit``) its running workers are ended too rather than waited for."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    if isinstance(error, (KeyboardInterrupt, SystemExit)):
        for proc in procs:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                proc.terminate()


def map_serial(items: Sequence[Any], progress: ProgressFn | None = None,
               cancel: CancelFn | None = None) -> list[dict[str, Any]]:
    """``simulate(*item)`` for each item in this process, in order."""
    out = []
    for item in items:
        if cancel is not None and cancel():
            raise RunCancelled("run cancelled")
        out.append(simulate_task(item))
        if progress is not None:
            progress(len(out), len(items))
    return out


def map_in_pool(pool: ProcessPoolExecutor, items: Sequence[Any], window: int, caller_works: bool,
                progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> list[dict[str, Any]]:
    """``simulate(*item)`` for each item on ``pool`` (at most ``window`` queued), results in order.

    With ``caller_works`` this process runs items too while the pool is busy. On
    cancel or error the queued items are dropped and the exception propagates.
    """
    results: dict[int, dict[str, Any]] = {}
    pending: dict[Future[dict[str, Any]], int] = {}
    queue = deque(range(len(items)))
    total = len(items)

    def collect(futures: set[Future[dict[str, Any]]]) -> None:
        for fut in futures:
            results[pending.pop(fut)] = fut.result()
            if progress is not None:
                progress(len(results), total)

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise RunCancelled("run cancelled")

    try:
        while queue or pending:
            while queue and len(pending) < window:
                k = queue.popleft()
                pending[pool.submit(simulate_task, items[k])] = k
            collect({fut for fut in pending if fut.done()})
            check_cancel()
            if queue and caller_works:
                k = queue.popleft()
                results[k] = simulate_task(items[k])
                if progress is not None:
                    progress(len(results), total)
            else:
                done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                collect(done)
            check_cancel()
    except BaseException:
        for fut in pending:
            fut.cancel()
        raise
    return [results[k] for k in range(total)]


def _execute(tasks: list[tuple[int, int]], args: dict[tuple[int, int], Any], workers: int,
             progress: ProgressFn | None, cancel: CancelFn | None) -> dict[tuple[int, int], dict[str, Any]]:
    items = [args[key] for key in tasks]
    if workers <= 1 or len(tasks) == 1:
        return dict(zip(tasks, map_serial(items, progress, cancel), strict=True))
    ctx = pool_context()  # new_pool makes its pool the same way
    # With spawn, the calling process is one of the ``workers``: it has everything imported and
    # starts at once while spawned helpers are still importing. Forked workers start at once, so
    # there the caller only hands out tasks and collects results.
    caller_works = ctx.get_start_method() != "fork"
    helpers = min(workers, len(tasks)) - (1 if caller_works else 0)
    with new_pool(helpers) as pool:
        try:
            out = map_in_pool(pool, items, 2 * helpers, caller_works, progress, cancel)
        except BaseException as e:
            stop_pool(pool, e)
            raise
    return dict(zip(tasks, out, strict=True))


def assemble(scenarios: list[Scenario], ids: list[str], seeds: list[int], base_seed: int,
             results: dict[tuple[int, int], dict[str, Any]]) -> RunResult:
    """Tables from per-run results, in scenario then replicate order."""
    order = [(i, r) for i in range(len(ids)) for r in range(len(seeds))]
    lengths = [len(results[key]["year"]) for key in order]
    columns: dict[str, Any] = {
        "scenario": [ids[i] for (i, _r), n in zip(order, lengths, strict=True) for _ in range(n)],
        "replicate": np.repeat([r for _i, r in order], lengths).astype(np.int64),
        "seed": [str(seeds[r]) for (_i, r), n in zip(order, lengths, strict=True) for _ in range(n)],
        "year": np.concatenate([np.asarray(results[key]["year"], dtype=np.int64) for key in order]),
    }
    for name in ALL_INDICATOR_NAMES:  # one concatenation per column, not one frame per run
        columns[name] = np.concatenate([results[key][name] for key in order])
    indicators = pd.DataFrame(columns)
    draw_rows = [{"scenario": ids[i], "replicate": r, "seed": str(seeds[r]), **results[(i, r)]["draws"]} for i, r in order]
    summary = summarise(indicators)
    targets = target_table(scenarios, ids, indicators)
    return RunResult(indicators, summary, targets, pd.DataFrame(draw_rows), scenarios, ids, seeds, base_seed)


def _quantiles(values: np.ndarray) -> dict[str, float]:
    p5, p50, p95 = band(values)
    return {"mean": float(values.mean()), "p5": float(p5), "p50": float(p50), "p95": float(p95)}


def summarise(indicators: pd.DataFrame, by: str = "scenario") -> pd.DataFrame:
    """Per ``by`` (scenario, or a sweep's point) and year: mean, p5, p50, p95 of each indicator (wide), in
    order of first appearance.

    Bands by ``sim.runs.bands`` (the Weibull plotting position: a 5-95% band holds 90% of new draws).
    One sort and one vectorised percentile call over a (groups, replicates, indicators) array when
    every group has the same number of rows (every batch from ``run``); otherwise one call per group.
    The numbers equal those of ``_quantiles`` on each group (same interpolation, same float64 values).
    """
    names = list(ALL_INDICATOR_NAMES)
    keys = indicators[[by, "year"]]
    codes, uniques = pd.MultiIndex.from_frame(keys).factorize()  # groups in order of first appearance
    n_groups = len(uniques)
    counts = np.bincount(codes, minlength=n_groups)
    values = indicators[names].to_numpy(dtype=float)
    order = np.argsort(codes, kind="stable")
    if n_groups and (counts == counts[0]).all():
        # (groups, indicators, replicates), replicates contiguous: the mean sums each group's values in the
        # same (pairwise) order as on a 1-D array, so it is bit-identical to the per-group mean
        cube = np.ascontiguousarray(values[order].reshape(n_groups, int(counts[0]), len(names)).transpose(0, 2, 1))
        p5, p50, p95 = band(cube, axis=2)
        mean = cube.mean(axis=2)
    else:
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sorted_values = values[order]
        parts = [np.ascontiguousarray(sorted_values[a:a + n].T) for a, n in zip(starts, counts, strict=True)]
        p5, p50, p95 = (np.array([percentiles(g, q, axis=1) for g in parts]).reshape(n_groups, len(names))
                        for q in BAND_PERCENTILES)
        mean = np.array([g.mean(axis=1) for g in parts]).reshape(n_groups, len(names))
    columns: dict[str, Any] = {
        by: [u[0] for u in uniques],
        "year": np.array([int(u[1]) for u in uniques], dtype=np.int64),
        "replicates": counts.astype(np.int64),
    }
    for j, name in enumerate(names):
        for stat, arr in (("mean", mean), ("p5", p5), ("p50", p50), ("p95", p95)):
            columns[f"{name}_{stat}"] = arr[:, j]
    return pd.DataFrame(columns)


def target_table(scenarios: list[Scenario], ids: list[str], indicators: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and target: simulated median, 5-95% range, probability of reaching it."""
    rows = []
    for sc, sid in zip(scenarios, ids, strict=True):
        mine = indicators[indicators["scenario"] == sid]
        for t in sc.targets:
            values = mine.loc[mine["year"] == t.year, t.indicator].to_numpy()
            q = _quantiles(values)
            met = t.met(values)
            rows.append({
                "scenario": sid, "indicator": t.indicator, "year": t.year, "direction": t.direction,
                "target": t.value, "simulated_median": q["p50"], "simulated_p5": q["p5"],
                "simulated_p95": q["p95"], "probability": float(met.mean()),
                "interpretation": t.interpretation, "source": t.source,
            })
    columns = ["scenario", "indicator", "year", "direction", "target", "simulated_median", "simulated_p5",
               "simulated_p95", "probability", "interpretation", "source"]
    return pd.DataFrame(rows, columns=columns)
