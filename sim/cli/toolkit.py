"""Command-line front ends of the modeler toolkit: ``sweep``, ``sensitivity``,
``calibrate``, ``goalseek``, ``backtest``, ``posterior``, ``respond``, ``discover`` and ``report``. ``sim.cli.main`` calls
``add_subcommand(sub)``; every command validates its inputs before writing
anything and reports expected errors as ``InnovsimError`` (exit code 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.args import executor_spec, float_in, int_in
from sim.cli.progress import Progress
from sim.limits import (
    MAX_GENERATIONS,
    MAX_LEVELS,
    MAX_MAXITER,
    MAX_POINTS,
    MAX_POPSIZE,
    MAX_REPLICATES,
    MAX_RUNS,
    MAX_SEED,
    MAX_WORKERS,
    MAX_YEAR,
    MIN_YEAR,
)
from sim.runs.outputs import utc_now
from sim.runs.runner import default_workers
from sim.studies.backtest import DEFAULT_REPLICATES as BACKTEST_REPLICATES
from sim.studies.options import StudyOptions


def _progress(label: str, quiet: bool) -> Progress:
    return Progress(label, not quiet)


def _common(p: argparse.ArgumentParser, out: str, replicates_default: int | None = None) -> None:
    p.add_argument("file", help="scenario file (.toml)")
    p.add_argument("--replicates", "-n", type=int_in(1, MAX_REPLICATES), default=replicates_default,
                   help="replicates per point (same seeds at every point)"
                   + ("" if replicates_default is None else f" (default {replicates_default})"))
    p.add_argument("--seed", type=int_in(0, MAX_SEED), default=None, help="base seed (default: the scenario's run.seed)")
    p.add_argument("--workers", "-j", type=int_in(1, MAX_WORKERS), default=default_workers(),
                   help=f"local worker processes (default: the CPU count, {default_workers()})")
    p.add_argument("--executor", type=executor_spec, default=None, metavar="local|serial|dask://HOST:PORT",
                   help="where to run (default local process pool; dask://HOST:PORT for a Dask cluster)")
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a scenario parameter first, e.g. --set run.n_firms=1000")
    p.add_argument("--out", default=out, help=f"output folder (default: {out})")
    p.add_argument("--force", action="store_true", help="overwrite result files in an existing folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def add_subcommand(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the toolkit's subcommands on the ``innovsim`` parser."""
    p = sub.add_parser("sweep", help="grid or Latin-hypercube sweep over parameters, with replicates")
    _common(p, "sweep")
    p.add_argument("--param", "-p", action="append", default=[], required=True, metavar="KEY.PATH=START:STOP:N",
                   help="parameter and values: START:STOP:N (grid), LO:HI (lhs) or A,B,C; year paths as KEY.PATH@YEAR")
    p.add_argument("--design", choices=("grid", "lhs"), default="grid", help="grid (default) or lhs")
    p.add_argument("--samples", type=int_in(1, MAX_POINTS), default=None, help="points of a Latin hypercube (--design lhs)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("sensitivity", help="global sensitivity analysis (SALib Sobol or Morris)")
    _common(p, "sensitivity", 2)
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol")
    p.add_argument("--param", "-p", action="append", default=[], required=True, metavar="KEY.PATH=LO:HI",
                   help="parameter range (uniform); year paths as KEY.PATH@YEAR")
    p.add_argument("--n", dest="n_base", type=int_in(2, MAX_POINTS), default=64,
                   help="Sobol base sample (power of 2; N*(D+2) points) or Morris trajectories (default 64)")
    p.add_argument("--outcome", action="append", default=[], required=True, metavar="INDICATOR@YEAR",
                   help="outcome, e.g. rd_intensity@2025 (repeatable)")
    p.add_argument("--second-order", action="store_true", help="Sobol second-order indices too (N*(2D+2) points)")
    p.add_argument("--levels", type=int_in(2, MAX_LEVELS), default=4, help="Morris grid levels (default 4)")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("calibrate", help="fit free parameters to observed indicators")
    _common(p, "calibration", 4)
    p.add_argument("--observed", required=True, help="CSV with columns indicator,year,value (as seed_indicators.csv)")
    p.add_argument("--free", action="append", default=[], required=True, metavar="KEY.PATH=LO:HI",
                   help="free parameter and its search range (repeatable)")
    p.add_argument("--region", default=None, help="rows of this region of the CSV (default: the scenario's region)")
    p.add_argument("--method", choices=("de", "nelder-mead"), default="de",
                   help="differential evolution (default) or Nelder-Mead")
    p.add_argument("--maxiter", type=int_in(1, MAX_MAXITER), default=15, help="generations (DE) or iterations/20 (Nelder-Mead)")
    p.add_argument("--popsize", type=int_in(1, MAX_POPSIZE), default=8, help="DE population per free parameter (default 8)")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("goalseek", help="smallest lever value reaching the targets with a given probability")
    _common(p, "goalseek")
    p.add_argument("--target", action="append", default=[], required=True, metavar="INDICATOR@YEAR>=VALUE",
                   help="target, e.g. rd_intensity@2025>=1.5 (repeatable; all must hold)")
    p.add_argument("--lever", required=True, metavar="KEY.PATH[@YEAR]",
                   help="lever, e.g. budget.fiscal_st_ratio (a path is set at the earliest target year)")
    p.add_argument("--prob", type=float_in(0.0, 1.0, lo_open=True), default=0.8, help="required probability (default 0.8)")
    p.add_argument("--range", dest="lever_range", default=None, metavar="LO:HI",
                   help="search range (default: the lever's allowed range)")
    p.add_argument("--tol", type=float_in(0.0, 1e12, lo_open=True), default=None, help="precision of the answer in lever units")
    p.set_defaults(func=cmd_goalseek)

    p = sub.add_parser("backtest", help="calibrate (ABC-SMC) on observations up to a year, forecast and score the rest")
    _common(p, "backtest", BACKTEST_REPLICATES)
    p.add_argument("--cutoff", type=int_in(MIN_YEAR, MAX_YEAR), required=True, metavar="YEAR",
                   help="last observed year used for calibration; later observations are held out")
    p.add_argument("--data-error", action=argparse.BooleanOptionalAction, default=True,
                   help="bands of what would be observed: outcomes times (1 + tolerance x normal noise); "
                        "on by default, as observations carry revision and definition error")
    _abc_options(p)
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("posterior", help="Bayesian calibration (ABC-SMC) to the observed history: posterior.csv + .json")
    _common(p, "posterior")
    p.add_argument("--cutoff", type=int_in(MIN_YEAR, MAX_YEAR), default=None, metavar="YEAR",
                   help="last observed year used (default: the last observed year)")
    _abc_options(p)
    p.set_defaults(func=cmd_posterior)

    p = sub.add_parser("respond", help="policy-response table: each lever's effect from paired runs")
    _common(p, "policy_response", 10)
    p.add_argument("--year", type=int_in(MIN_YEAR, MAX_YEAR), default=2030, metavar="YEAR",
                   help="response year (default 2030): effects are measured from the first forecast year to it")
    p.set_defaults(func=cmd_respond)

    p = sub.add_parser("discover", help="scenario discovery: which levers and uncertainties reach the targets (PRIM)")
    _common(p, "discover", 1)
    p.add_argument("--target", action="append", default=[], required=True, metavar="INDICATOR@YEAR>=VALUE",
                   help="target, e.g. rd_intensity@2025>=1.5 (repeatable; a run reaches them when all hold)")
    p.add_argument("--lever", action="append", default=[], required=True, metavar="KEY.PATH[@YEAR]=LO:HI",
                   help="a lever and its range, e.g. budget.fiscal_st_ratio@2025=0.8:3 (repeatable)")
    p.add_argument("--uncertain", action="append", default=None, metavar="KEY.PATH[@YEAR]=LO:HI",
                   help="an uncertain parameter and its range (repeatable; default: the scenario's [uncertainty] "
                        "table; 'none' for none)")
    p.add_argument("--n", dest="n_points", type=int, default=500, help="Latin-hypercube points (default 500)")
    p.add_argument("--threshold", type=float, default=0.8,
                   help="density the recommended box should reach (default 0.8)")
    p.set_defaults(func=cmd_discover)

    p = sub.add_parser("attribute", help="attribute a change to policy channels (Shapley values over channel "
                                         "switches, paired runs)")
    _common(p, "attribution", 3)
    p.add_argument("other", nargs="?", default=None,
                   help="scenario B (.toml): attribute B minus the first scenario; without it, the first "
                        "scenario in YEAR minus its base year")
    p.add_argument("--year", type=int_in(MIN_YEAR, MAX_YEAR), required=True, metavar="YEAR",
                   help="year of the change, e.g. 2025")
    p.add_argument("--indicator", action="append", default=None, metavar="NAME",
                   help="indicator to attribute (repeatable; default rd_intensity and hnte_count)")
    p.set_defaults(func=cmd_attribute)

    p = sub.add_parser("report", help="PDF report of a run, sweep, sensitivity, calibration or goalseek folder")
    p.add_argument("dir", help="result folder")
    p.add_argument("--out", default=None, help="PDF file (default: DIR/report.pdf)")
    p.add_argument("--force", action="store_true", help="overwrite an existing PDF")
    p.add_argument("--leader", action="store_true",
                   help="for a run folder: the short report for a leader (headline sentences, charts, differences, "
                        "sources) instead of all charts and tables")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the --leader report (default en)")
    p.set_defaults(func=cmd_report)


def _abc_options(p: argparse.ArgumentParser) -> None:
    """ABC-SMC settings shared by ``backtest`` and ``posterior``."""
    from sim.studies.abc_calibration import DEFAULT_GENERATIONS, DEFAULT_MAX_SIMULATIONS, DEFAULT_POPULATION

    p.add_argument("--population", type=int_in(2, MAX_POINTS), default=None,
                   help=f"ABC-SMC particles per generation (default {DEFAULT_POPULATION})")
    p.add_argument("--generations", type=int_in(1, MAX_GENERATIONS), default=None,
                   help=f"at most this many ABC-SMC generations (default {DEFAULT_GENERATIONS})")
    p.add_argument("--min-epsilon", type=float_in(0.0, 1e6), default=None,
                   help="stop when the acceptance distance falls below this (default 1: within the tolerances)")
    p.add_argument("--max-simulations", type=int_in(1, MAX_RUNS), default=None,
                   help=f"simulation budget of the calibration (default {DEFAULT_MAX_SIMULATIONS})")
    p.add_argument("--free", action="append", default=[], metavar="KEY.PATH=LO:HI",
                   help="calibrate this parameter with a uniform prior on LO:HI (repeatable; default: the "
                        "scenario's [uncertainty] ranges)")
    p.add_argument("--indicator", action="append", default=None, metavar="NAME",
                   help="use and score only this indicator (repeatable; default: all the model and history share)")


def _options(args: argparse.Namespace, progress_label: str | None, overrides: bool = False) -> StudyOptions:
    """The shared study arguments from the command line (``--replicates``, ``--seed``, ``--executor``,
    ``--workers``; ``--set`` when the study loads the scenario itself)."""
    return StudyOptions(replicates=args.replicates, seed=args.seed, executor=args.executor, workers=args.workers,
                        overrides=args.set if overrides else None,
                        progress=_progress(progress_label, args.quiet) if progress_label else None)


def _load(args: argparse.Namespace) -> Any:
    from sim.scenario.library import find_scenario_file
    from sim.scenario.loader import load_scenario

    return load_scenario(find_scenario_file(args.file), args.set)


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim.errors import InnovsimError
    from sim.limits import check_runs
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.design import grid_design, parse_factors
    from sim.studies.sweep import sweep, write_sweep

    sc = _load(args)
    factors = parse_factors(args.param)  # validate before touching the output folder
    reps = args.replicates if args.replicates is not None else int(sc.params["run.replicates"])
    if args.design == "grid":
        check_runs(len(grid_design(factors)), reps)
    elif args.samples is None:
        raise InnovsimError("--design lhs needs --samples M")
    else:
        check_runs(args.samples, reps)
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    result = sweep(sc, args.param, design=args.design, samples=args.samples,
                   options=_options(args, "innovsim sweep", overrides=True))
    write_sweep(result, out, sc, started, utc_now())
    print(f"{len(result.design)} points x {len(result.seeds)} replicates on {result.meta['executor']}.")
    print(f"Results written to {out}/ (design.csv, runs.csv, indicators.csv/.parquet, summary.csv, targets.csv, "
          "manifest.json)")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from sim.limits import check_runs
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.design import parse_factors, parse_outcome
    from sim.studies.sensitivity import design_points, sensitivity, write_sensitivity

    sc = _load(args)
    factors = parse_factors(args.param)
    for o in args.outcome:
        parse_outcome(o, sc)
    check_runs(design_points(args.method, args.n_base, len(factors), args.second_order, args.levels),
               args.replicates)
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    result = sensitivity(sc, args.param, args.outcome, method=args.method, n=args.n_base,
                         second_order=args.second_order, levels=args.levels,
                         options=_options(args, "innovsim sensitivity"))
    write_sensitivity(result, out, sc, started, utc_now())
    col = "ST" if result.method == "sobol" else "mu_star"
    for o in result.outcomes:
        mine = result.indices[result.indices["outcome"] == o].sort_values(col, ascending=False)
        print(f"{o}: parameters by {col} ({result.meta['points']} points x {result.meta['replicates']} replicates)")
        for row in mine.itertuples():
            conf = getattr(row, f"{col}_conf")
            print(f"  {row.parameter:<36} {getattr(row, col):8.4f} +/- {conf:.4f}")
    print(f"Results written to {out}/ (indices.csv, samples.csv, indices.png, manifest.json)")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.limits import check_runs
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.calibrate import calibrate, evaluations, read_observed, write_calibration
    from sim.studies.design import parse_factors

    sc = _load(args)
    factors = parse_factors(args.free, "--free")
    read_observed(args.observed, sc, args.region)
    check_runs(evaluations(args.method, args.maxiter, args.popsize, len(factors)), args.replicates, "evaluations")
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    result = calibrate(sc, args.observed, args.free, method=args.method, maxiter=args.maxiter,
                       popsize=args.popsize, region=args.region, options=_options(args, "innovsim calibrate"))
    write_calibration(result, out, started, utc_now())
    print(f"Loss (mean squared relative error, {len(result.fit)} observations): {result.loss:.4g} "
          f"after {result.meta['evaluations']} evaluations")
    for row in result.fitted.itertuples():
        print(f"  {row.parameter} = {row.value:.6g}  (range {row.lo:g} to {row.hi:g}, was {row.start:.6g})")
    print(f"Results written to {out}/ (calibrated.toml, fit_report.csv, fitted.csv, trace.csv, dropped.csv, "
          "manifest.json)")
    return 0


def cmd_goalseek(args: argparse.Namespace) -> int:
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.design import parse_key, parse_target
    from sim.studies.goalseek import goalseek, write_goalseek

    sc = _load(args)
    for t in args.target:
        parse_target(t, sc)
    parse_key(args.lever, "--lever")
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    result = goalseek(sc, args.target, args.lever, prob=args.prob, lever_range=args.lever_range, tol=args.tol,
                      options=_options(args, None))
    write_goalseek(result, out, sc, started, utc_now())
    print(result.statement)
    print(f"Results written to {out}/ (evaluations.csv, answer.csv, goalseek.json)")
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    from sim.analysis.discovery import write_discovery_charts
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.design import parse_target
    from sim.studies.discover import discover, parse_ranges, write_discovery
    from sim.studies.ema import require_ema

    sc = _load(args)
    for t in args.target:
        parse_target(t, sc)
    parse_ranges(args.lever, "--lever")
    uncertain = None if args.uncertain is None else [u for u in args.uncertain if u.strip().lower() != "none"]
    if uncertain:
        parse_ranges(uncertain, "--uncertain")
    require_ema()  # validate everything before touching the output folder
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    result = discover(sc, args.target, args.lever, uncertain, n=args.n_points, threshold=args.threshold,
                      options=_options(args, "innovsim discover"))
    charts = write_discovery_charts(result, out)
    write_discovery(result, out, sc, started, utc_now())
    print(f"{len(result.cases)} runs ({result.meta['n']} points x {result.meta['replicates']} replicates) on "
          f"{result.meta['executor']}.")
    print(result.statement)
    files = ", ".join(["design.csv", "cases.csv", "peeling.csv", "box.csv", *[c.name for c in charts], "manifest.json"])
    print(f"Results written to {out}/ ({files})")
    return 0


def cmd_respond(args: argparse.Namespace) -> int:
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.policy_response import check_year, policy_response, summary_lines, write_policy_response

    sc = _load(args)
    check_year(sc, args.year)  # validate before touching the output folder
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    table = policy_response(sc, year=args.year, options=_options(args, "innovsim respond"))
    write_policy_response(table, out, sc, started, utc_now())
    print("\n".join(summary_lines(table)))
    print(f"Results written to {out}/ (policy_response.csv, manifest.json)")
    return 0


def cmd_attribute(args: argparse.Namespace) -> int:
    from sim.runs.outputs import prepare_out_dir
    from sim.scenario.library import find_scenario_file
    from sim.scenario.loader import load_scenario
    from sim.studies.attribution import (
        DEFAULT_INDICATORS,
        attribute,
        check_attribution_year,
        check_indicators,
        summary_lines,
        write_attribution,
    )

    a = _load(args)
    b = None if args.other is None else load_scenario(find_scenario_file(args.other), args.set)
    check_attribution_year(a, b, args.year)  # validate before touching the output folder
    check_indicators(args.indicator or DEFAULT_INDICATORS)
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    started = utc_now()
    table = attribute(a, b, args.year, indicators=args.indicator or DEFAULT_INDICATORS,
                      options=_options(args, "innovsim attribute"))
    write_attribution(table, out, a, started, utc_now())
    print("\n".join(summary_lines(table)))
    print(f"Results written to {out}/ (attribution.csv, manifest.json)")
    return 0


def _free_ranges(texts: list[str]) -> dict[str, tuple[float, float]] | None:
    """``--free KEY=LO:HI`` strings as ``{key: (lo, hi)}`` (None when none are given)."""
    from sim.errors import InnovsimError
    from sim.studies.design import parse_factors

    if not texts:
        return None
    out = {}
    for f in parse_factors(texts, "--free"):
        if f.year is not None or f.n is not None or f.values:
            raise InnovsimError(f"--free {f.label}: give a parameter and a range KEY.PATH=LO:HI (no @YEAR)")
        out[f.key] = (f.lo, f.hi)
    return out


def cmd_backtest(args: argparse.Namespace) -> int:
    from sim.runs.outputs import prepare_out_dir
    from sim.studies.abc_calibration import _require_pyabc, priors, stderr_message
    from sim.studies.backtest import backtest, check_cutoff, summary_lines, write_backtest

    sc = _load(args)
    free = _free_ranges(args.free)
    check_cutoff(sc, args.cutoff, args.indicator)  # validate before touching the output folder
    priors(sc, free)
    _require_pyabc()
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    result = backtest(sc, args.cutoff, replicates=args.replicates, seed=args.seed, population=args.population,
                      generations=args.generations, min_epsilon=args.min_epsilon,
                      max_simulations=args.max_simulations, free=free, indicators=args.indicator,
                      data_error=args.data_error, executor=args.executor, workers=args.workers, message=stderr_message(args.quiet))
    write_backtest(result, out)
    print("\n".join(summary_lines(result)))
    print(f"Results written to {out}/ (backtest.csv, coverage.csv, forecast.csv, posterior.csv, posterior.json, "
          "manifest.json)")
    return 0


def cmd_posterior(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sim.runs.outputs import prepare_out_dir
    from sim.studies.abc_calibration import (
        _require_pyabc,
        calibrate_posterior,
        default_free,
        estimate_discrepancy,
        observations,
        priors,
        stderr_message,
        write_posterior,
    )
    from sim.studies.backtest import last_observed_year

    sc = _load(args)
    free = _free_ranges(args.free)
    if free is None:
        free = default_free(sc)  # a scenario with a posterior: the parameters it calibrates
    cutoff = args.cutoff if args.cutoff is not None else last_observed_year(sc, args.indicator)
    obs = observations(sc, cutoff, args.indicator)  # validate before touching the output folder
    priors(sc, free)
    _require_pyabc()
    out = Path(args.out)
    prepare_out_dir(out, args.force)
    settings = {k: v for k, v in {"population": args.population, "generations": args.generations,
                                  "min_epsilon": args.min_epsilon, "max_simulations": args.max_simulations}.items()
                if v is not None}
    post = calibrate_posterior(sc, cutoff, free, args.indicator, seed=args.seed, executor=args.executor,
                               workers=args.workers, message=stderr_message(args.quiet), **settings)
    stderr_message(args.quiet)("Model discrepancy: posterior runs against the observed series")
    post = replace(post, discrepancy=estimate_discrepancy(sc, post, cutoff, int(post.meta["seed"]), args.executor,
                                                          args.workers))
    csv, side = write_posterior(post, out / "posterior.csv", post.meta)
    m = post.meta
    print(f"Posterior of {sc.name}: {post.size} particles from {len(obs)} observations up to {cutoff}, "
          f"{len(m['generations'])} generations, epsilon {m['epsilon_schedule'][0]:.3g} -> {m['epsilon_schedule'][-1]:.3g}, "
          f"{m['total_simulations']} simulations in {m['wall_seconds']:.0f} s")
    for key, mean in m["posterior_mean"].items():
        j = post.keys.index(key)
        lo, hi = (float(v) for v in _weighted_quantiles(post.values[:, j], post.weights, (0.05, 0.95)))
        print(f"  {key:<32} mean {mean:.4g}, 90% interval [{lo:.4g}, {hi:.4g}] (prior {m['priors'][key]['lo']:g} "
              f"to {m['priors'][key]['hi']:g})")
    for g in post.discrepancy.groups if post.discrepancy is not None else ():
        print(f"  discrepancy {g.name:<11} ({g.kind}): starts {g.offset:+.3f} (log) in {g.from_year}, rho {g.rho:.2f}, sigma {g.sigma:.3f}"
              f" from {g.n_residuals} observed years")
    print(f"Results written to {out}/ ({csv.name}, {side.name}); use it with [uncertainty] posterior = \"{csv.name}\" "
          "(relative to the scenario file)")
    return 0


def _weighted_quantiles(values: Any, weights: Any, qs: tuple[float, ...]) -> list[float]:
    import numpy as np

    order = np.argsort(values)
    cum = np.cumsum(np.asarray(weights)[order])
    return [float(np.asarray(values)[order][min(int(np.searchsorted(cum, q * cum[-1])), len(cum) - 1)]) for q in qs]


def cmd_report(args: argparse.Namespace) -> int:
    from sim.analysis.report import make_report
    from sim.errors import OutputError, one_line
    from sim.runs.outputs import check_not_in_use, lock_out_dir

    folder = Path(args.dir)
    out = Path(args.out) if args.out else folder / "report.pdf"
    if out.exists() and not args.force:
        raise OutputError(f"{out} exists; use --force to overwrite it")
    if out.exists() and not out.is_file():
        raise OutputError(f"Cannot write {out}: it exists and is not a file")
    if folder.is_dir():
        try:  # no run may write the folder while it is read, nor a second report into it
            lock_out_dir(folder) if out.parent.resolve() == folder.resolve() else check_not_in_use(folder)
        except OSError:
            check_not_in_use(folder)  # a read-only folder: reading it is enough (the PDF is written elsewhere)
    if args.leader:
        import matplotlib

        matplotlib.use("Agg")
        from sim.analysis.leader_report import result_from_folder, write_leader_report

        write_leader_report(result_from_folder(folder), out, args.lang)
        print(f"Report for a leader written to {one_line(str(out))}")
        return 0
    pages = make_report(folder, out)
    print(f"Report written to {one_line(str(out))} ({pages} pages)")
    return 0
