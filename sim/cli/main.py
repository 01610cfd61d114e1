"""The ``innovsim`` command line.

Expected errors (bad scenario files, bad arguments, unusable output folders)
print one line to stderr and exit with code 2; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sim.cli.progress import Progress
from sim.errors import InnovsimError
from sim.version import __version__, versions

EXIT_USAGE = 2

# The toolkit (sweep, sensitivity, calibrate, goalseek, report) and bench subcommands live in their own
# modules; ``_register_extensions`` asks each to add its parsers.
Handler = Callable[[argparse.Namespace], int]



def cmd_run(args: argparse.Namespace) -> int:
    from sim.runs.outputs import prepare_out_dir, utc_now, write_results
    from sim.runs.runner import run
    from sim.scenario.library import find_scenario_file
    from sim.scenario.loader import load_scenario

    scenarios = [load_scenario(find_scenario_file(f), args.set) for f in args.files]  # validate all before writing anything
    out = Path(args.out)
    panel_years = _panel_years(args, scenarios)
    prepare_out_dir(out, args.force)
    if args.firms_out is not None:
        prepare_out_dir(Path(args.firms_out), args.force)
    started = utc_now()
    result = run(scenarios, replicates=args.replicates, seed=args.seed, workers=args.workers,
                 progress=Progress("innovsim run", not args.quiet))
    write_results(result, out, started, utc_now(), args.workers)
    _print_warnings(result.meta.get("warnings", []))
    _print_targets(result.targets)
    print(f"Results written to {out}/ (indicators.csv, summary.csv, targets.csv, draws.csv, manifest.json)")
    if args.firms_out is not None:
        _export_panels(args, scenarios, panel_years)
    return 0


def _panel_years(args: argparse.Namespace, scenarios: list[object]) -> list[int] | None:
    """The --firm-years, checked against every scenario before anything is written."""
    from sim.runs.firm_panel import check_years, replicate_seed_of
    from sim.scenario.loader import Scenario

    if args.firms_out is None:
        if args.firm_years is not None or args.firms_csv:
            raise InnovsimError("--firm-years and --firms-csv need --firms-out DIR")
        return None
    if Path(args.firms_out).resolve() == Path(args.out).resolve():
        raise InnovsimError(f"--firms-out {args.firms_out}: give a folder other than --out (each has its own manifest.json)")
    try:
        years = None if args.firm_years is None else [int(y) for y in args.firm_years.split(",") if y.strip()]
    except ValueError as e:
        raise InnovsimError(f"--firm-years {args.firm_years}: give years separated by commas, e.g. 2020,2025,2035") from e
    for sc in scenarios:
        assert isinstance(sc, Scenario)
        check_years(sc, years)
        replicate_seed_of(sc, args.firm_replicate, args.seed)
    return years


def _export_panels(args: argparse.Namespace, scenarios: list[object], years: list[int] | None) -> None:
    """Write each scenario's firm panel (one folder per scenario when there are several) and print the
    excess mass at the HNTE thresholds in the last snapshot year."""
    import pandas as pd

    from sim.runs.firm_panel import export_firm_panel
    from sim.runs.runner import scenario_ids
    from sim.scenario.loader import Scenario

    loaded = [sc for sc in scenarios if isinstance(sc, Scenario)]
    ids = scenario_ids(loaded)
    root = Path(args.firms_out)
    for sc, sid in zip(loaded, ids, strict=True):
        folder = root if len(loaded) == 1 else root / sid
        written = export_firm_panel(sc, folder, years, args.firm_replicate, args.seed, csv=args.firms_csv)
        table = pd.read_csv(folder / "bunching.csv")
        last = table[table["year"] == table["year"].max()]
        marks = ", ".join(f"{r.threshold:g}%: {r.excess_mass:+.2f}" for r in last.itertuples())
        print(f"Firm panel of {sid} (replicate {args.firm_replicate}) written to {folder}/ "
              f"({', '.join(p.name for p in written)}); excess mass above the HNTE thresholds in "
              f"{int(last['year'].iloc[0]) if len(last) else '-'}: {marks}")


def _print_warnings(warnings: list[str]) -> None:
    for w in warnings:
        print(f"innovsim: warning: {w}", file=sys.stderr)


def _print_targets(targets: object) -> None:
    import pandas as pd

    assert isinstance(targets, pd.DataFrame)
    if targets.empty:
        return
    print("Targets (probability of reaching each, over replicates):")
    for row in targets.itertuples():
        op = ">=" if row.direction == "at_least" else "<="
        mark = " (interpretation)" if row.interpretation else ""
        print(f"  {row.scenario:<24} {row.indicator}@{row.year} {op} {row.target:g}: median "
              f"{row.simulated_median:.4g} [{row.simulated_p5:.4g}, {row.simulated_p95:.4g}], "
              f"P = {row.probability:.0%}{mark}")


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.scenario.calibrated_ranges import calibration_warnings
    from sim.scenario.library import find_scenario_file
    from sim.scenario.loader import load_scenario

    for f in args.files:
        sc = load_scenario(find_scenario_file(f), args.set)
        print(f"{f}: OK ({sc.name} / {sc.name_zh}, {sc.base_year}-{sc.end_year}, {len(sc.targets)} targets)")
        _print_warnings(calibration_warnings(sc.params, sc.uncertainty, Path(f).name))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from sim.scenario.library import bundled_scenarios

    for entry in bundled_scenarios():
        print(f"{entry.path.name:<32} {entry.name}  |  {entry.name_zh}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from sim.scenario.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="innovsim", description="Agent-based S&T policy simulator.")
    parser.add_argument("--version", action="version",
                        version=f"innovsim {__version__} ({', '.join(f'{k} {v}' for k, v in versions().items())})")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run scenarios with replicates and write results")
    p.add_argument("files", nargs="+", help="scenario files (.toml; a bundled scenario by its file name, see 'list')")
    p.add_argument("--replicates", "-n", type=int, default=None, help="replicates per scenario")
    p.add_argument("--seed", type=int, default=None, help="base seed")
    p.add_argument("--out", default="results", help="output folder (default: results)")
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a parameter, e.g. --set subsidy.rate=0.1 or --set budget.fiscal_st_ratio@2025=2.5")
    p.add_argument("--workers", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--force", action="store_true", help="overwrite result files in an existing folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--firms-out", default=None, metavar="DIR",
                   help="also write the firm panel of one replicate (firms.parquet, stages, flows, bunching; "
                        "docs/firm_panel.md) into DIR (one subfolder per scenario when several)")
    p.add_argument("--firm-years", default=None, metavar="Y1,Y2,...",
                   help="years with firm rows in the panel, e.g. 2020,2025,2035 (default: every year)")
    p.add_argument("--firm-replicate", type=int, default=0, help="replicate whose firms are written (default 0)")
    p.add_argument("--firms-csv", action="store_true", help="write firms.csv beside firms.parquet")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check scenario files")
    p.add_argument("files", nargs="+")
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="bundled scenarios with English and Chinese names")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.set_defaults(func=cmd_schema)
    _register_extensions(sub)
    return parser


def _register_extensions(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Subcommands that live in their own modules (each has ``add_subcommand(sub)``)."""
    import importlib

    for module in ("sim.cli.toolkit", "sim.devtools.bench"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:  # left out of a build (the frozen app): the module or its package
            if e.name != module and not module.startswith(f"{e.name}."):
                raise
            continue
        mod.add_subcommand(sub)


def _tolerant_output() -> None:
    """Scenario names are Chinese: a console or pipe whose encoding cannot show them (cp1252, ascii) gets
    '?' in their place instead of a crash halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "workers", 1) is not None and getattr(args, "workers", 1) < 1:
        parser.error("--workers must be at least 1")
    try:
        return int(args.func(args))
    except InnovsimError as e:
        print(f"innovsim: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("innovsim: interrupted; completed result files are intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
