"""Firm-panel export: time, file sizes and peak memory, against a plain run of the same replicate.

    .venv/bin/python bench/firm_panel.py [--firms N] [--years 2020,2025,2035|all] [--csv] [--plain]

One configuration per process, so peak memory (ru_maxrss) is that configuration's. Prints figures; asserts
nothing (timings depend on the machine's load: report the load average with them).
"""
import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from sim.runs.firm_panel import export_firm_panel
from sim.runs.runner import replicate_seed, simulate
from sim.scenario.loader import load_scenario

p = argparse.ArgumentParser()
p.add_argument("--firms", type=int, default=None, help="run.n_firms (default: the Gansu baseline's)")
p.add_argument("--years", default="2020,2025,2035", help="snapshot years, or 'all'")
p.add_argument("--csv", action="store_true", help="write firms.csv too")
p.add_argument("--plain", action="store_true", help="a plain run of the same replicate, no panel")
args = p.parse_args()
sc = load_scenario("scenarios/gansu_baseline.toml", [f"run.n_firms={args.firms}"] if args.firms else [])
years = None if args.years == "all" else [int(y) for y in args.years.split(",")]
start = time.perf_counter()
sizes = ""
if args.plain:
    simulate(sc.params, replicate_seed(int(sc.params["run.seed"]), 0), sc.uncertainty)
    label = "plain run (no panel)"
else:
    written = export_firm_panel(sc, Path(tempfile.mkdtemp()), years, csv=args.csv)
    label = f"panel export, firm rows for {'every year' if years is None else args.years}{' + CSV' if args.csv else ''}"
    sizes = ", ".join(f"{w.name} {w.stat().st_size / 1e6:.1f} MB" for w in written if w.name.startswith("firms"))
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{sc.params['run.n_firms']:>7} firms | {label}: {wall:.2f} s, peak RSS {peak:.0f} MB"
      + (f" | {sizes}" if sizes else "") + f" | load {os.getloadavg()[0]:.1f}")
