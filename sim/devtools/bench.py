"""``innovsim bench``: how fast the model runs, against idiomatic Mesa.

Measures, on this machine, in one run:

(a) firm-years per second of our model at 1k, 10k and 100k firms (a full
    base-year to end-year run of the Gansu baseline resized, one replicate),
    with wall time and peak memory (each size in a fresh subprocess; peak RSS
    of that process);
(b) agent-steps per second of Mesa's own Boltzmann wealth example (shipped
    with Mesa) at the same agent counts and the same number of steps, and the
    ratio ours / Mesa's. Runs come in pairs (ours, then Mesa's, the order
    alternating from pair to pair), so both sides of a ratio see the same
    machine; the ratio reported is the median of the pairs' ratios, with
    their range;
(c) the Gansu baseline at its default size: one replicate, and 100
    replicates with 1 and with all workers (speed-up, parallel efficiency);
(d) the trainer round trip (lever change to charts redrawn), in the desktop
    app offscreen (``python -m desktop.devtools.bench_app``, a subprocess: the
    core never imports Qt), else the simulation side only (a run at default
    size and trainer replicates plus a matplotlib redraw);
(e) the time to start the desktop app to a usable window
    (``python -m desktop --startup-time``, a subprocess).

Figures are medians of several runs. The table is printed and written to
``bench/results.json`` (atomically) with the CPU count and versions. Speed is
measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "gansu_baseline.toml"
DEFAULT_OUT = ROOT / "bench" / "results.json"
TRAINER_REPLICATES = 8  # replicates a trainer re-run uses when the desktop does not say


def _peak_rss_mb() -> float:
    """Peak resident memory of this process, MB: ``ru_maxrss`` (KB on Linux, bytes on macOS), or the peak
    working set on Windows, which has no ``resource`` module (imported here, so the CLI loads everywhere)."""
    if sys.platform == "win32":
        return _peak_working_set_bytes() / 2**20
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 / (1024.0 if sys.platform == "darwin" else 1.0)


def _peak_working_set_bytes() -> float:
    """Windows: PeakWorkingSetSize from GetProcessMemoryInfo (psapi), in bytes."""
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):  # PROCESS_MEMORY_COUNTERS
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    *((name, ctypes.c_size_t) for name in (
                        "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage", "QuotaPagedPoolUsage",
                        "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage"))]

    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    windll = ctypes.windll  # type: ignore[attr-defined]
    if not windll.psapi.GetProcessMemoryInfo(windll.kernel32.GetCurrentProcess(), ctypes.byref(counters), counters.cb):
        return float("nan")
    return float(counters.PeakWorkingSetSize)


# ---------------------------------------------------------------------------- children
def _child_ours(n: int) -> dict[str, Any]:
    from sim.runs.runner import simulate
    from sim.scenario.loader import load_scenario

    sc = load_scenario(BASELINE, [f"run.n_firms={n}"])
    small = load_scenario(BASELINE, ["run.n_firms=50", "run.n_universities=2"])
    simulate(small.params, 1, small.uncertainty)  # warm-up: lazy imports and first calls are not the model's speed
    rss0 = _peak_rss_mb()
    t0 = time.perf_counter()
    out = simulate(sc.params, 12345, sc.uncertainty)
    wall = time.perf_counter() - t0
    counts = out["firm_count"]
    # firms stepped each year = live firms at the start of that year's step
    firm_years = float(sum(counts[:-1]))
    return {"wall_s": wall, "units": firm_years, "years": len(counts) - 1, "peak_rss_mb": _peak_rss_mb(),
            "rss_after_import_mb": rss0}


def _load_boltzmann() -> type:
    """Mesa's Boltzmann wealth model, as shipped with Mesa.

    ``mesa.examples/__init__`` imports every example (some need networkx), so
    the packages on the way are stubbed and only the Boltzmann files load.
    """
    name = "mesa.examples.basic.boltzmann_wealth_model.model"
    try:
        return importlib.import_module(name).BoltzmannWealth  # type: ignore[no-any-return]
    except ImportError:
        pass
    import mesa

    base = Path(mesa.__file__).parent / "examples"
    for pkg, path in (("mesa.examples", base), ("mesa.examples.basic", base / "basic"),
                      ("mesa.examples.basic.boltzmann_wealth_model", base / "basic" / "boltzmann_wealth_model")):
        if pkg not in sys.modules or not hasattr(sys.modules[pkg], "__path__"):
            mod = types.ModuleType(pkg)
            mod.__path__ = [str(path)]
            sys.modules[pkg] = mod
    return importlib.import_module(name).BoltzmannWealth  # type: ignore[no-any-return]


def _child_mesa(n: int, steps: int) -> dict[str, Any]:
    cls = _load_boltzmann()
    side = max(1, round(n ** 0.5))  # one agent per cell, as in the example's defaults (100 on 10 x 10)
    warm = cls(n=100, width=10, height=10, seed=1)  # warm-up, as for ours
    warm.step()
    rss0 = _peak_rss_mb()
    t0 = time.perf_counter()
    model = cls(n=n, width=side, height=side, seed=12345)
    for _ in range(steps):
        model.step()
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "units": float(n * steps), "years": steps, "peak_rss_mb": _peak_rss_mb(),
            "rss_after_import_mb": rss0}


def _in_subprocess(kind: str, n: int, steps: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "sim.devtools.bench", "--child", kind, str(n), str(steps)]
    return _json_child(cmd, f"benchmark child {kind} {n}")


def _json_child(cmd: list[str], what: str) -> dict[str, Any]:
    """Run ``cmd`` and read the JSON object it prints on its last line."""
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _summary(n: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"n": n, "repeats": len(runs), "wall_s": statistics.median(r["wall_s"] for r in runs),
            "units": statistics.median(r["units"] for r in runs),
            "per_s": statistics.median(r["units"] / r["wall_s"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "rss_after_import_mb": statistics.median(r["rss_after_import_mb"] for r in runs),
            "wall_s_runs": [r["wall_s"] for r in runs]}


def _paired_runs(n: int, steps: int, pairs: int) -> dict[str, Any]:
    """``pairs`` runs of ours and of Mesa's Boltzmann model, each in a fresh process, run pair by pair
    (who goes first alternates), so a ratio compares runs made under the same machine load."""
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "mesa": []}
    for i in range(pairs):
        for kind in ("ours", "mesa") if i % 2 == 0 else ("mesa", "ours"):
            runs[kind].append(_in_subprocess(kind, n, steps))
    ratios = [(o["units"] / o["wall_s"]) / (m["units"] / m["wall_s"]) for o, m in zip(runs["ours"], runs["mesa"], strict=True)]
    return {"n": n, "ours": _summary(n, runs["ours"]), "mesa_boltzmann": _summary(n, runs["mesa"]),
            "ratio": statistics.median(ratios), "ratio_runs": ratios}


# ---------------------------------------------------------------------------- sections
def bench_scaling(sizes: Sequence[int], repeats: dict[int, int]) -> dict[str, Any]:
    from sim.scenario.loader import load_scenario

    sc = load_scenario(BASELINE)
    years = int(sc.params["run.end_year"]) - int(sc.params["run.base_year"])
    rows = []
    for n in sizes:
        row = _paired_runs(n, years, repeats.get(n, 1))
        rows.append(row)
        ours, mesa_ = row["ours"], row["mesa_boltzmann"]
        _say(f"  n={n}: ours {ours['per_s']:,.0f} firm-years/s ({ours['wall_s']:.3f} s, "
             f"{ours['peak_rss_mb']:.0f} MB); Mesa {mesa_['per_s']:,.0f} agent-steps/s; "
             f"ratio {row['ratio']:.1f}x (pairs: {', '.join(f'{r:.1f}' for r in row['ratio_runs'])})")
    return {"years": years, "rows": rows}


def _timed(fn: Callable[[], Any], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def bench_baseline(replicates: int, repeats: int, batch_repeats: int) -> dict[str, Any]:
    from sim.runs.runner import default_workers, run, simulate
    from sim.scenario.loader import load_scenario

    sc = load_scenario(BASELINE)
    simulate(sc.params, 1, sc.uncertainty)  # warm-up (imports, caches)
    one = _timed(lambda: simulate(sc.params, 2, sc.uncertainty), repeats)
    workers = default_workers()
    serial: list[float] = []
    parallel: list[float] = []
    for _ in range(batch_repeats):  # serial and parallel batches alternate, so both see the same machine load
        serial += _timed(lambda: run(sc, replicates=replicates, seed=1, workers=1), 1)
        parallel += _timed(lambda: run(sc, replicates=replicates, seed=1, workers=workers), 1)
    t1, tk = statistics.median(serial), statistics.median(parallel)
    speedup = statistics.median(a / b for a, b in zip(serial, parallel, strict=True))
    return {"n_firms": int(sc.params["run.n_firms"]), "one_replicate_s": statistics.median(one),
            "one_replicate_runs": one, "replicates": replicates, "workers": workers,
            "serial_s": t1, "parallel_s": tk, "serial_runs": serial, "parallel_runs": parallel,
            "speedup": speedup, "efficiency": speedup / workers}


def _has_desktop() -> bool:
    """Whether the desktop app and Qt are installed (looked up, not imported: the core never imports them)."""
    try:
        return importlib.util.find_spec("desktop") is not None and importlib.util.find_spec("PySide6") is not None
    except (ImportError, ValueError):
        return False


def bench_trainer(repeats: int, replicates: int | None) -> dict[str, Any]:
    note = ""
    if _has_desktop():
        try:
            res = _json_child([sys.executable, "-m", "desktop.devtools.bench_app", "trainer", str(repeats)],
                              "desktop trainer bench")
            quick = f", first answer with {res['quick_replicates']} replicate(s)" if res.get("quick_replicates") else ""
            return {"mode": f"desktop app offscreen: lever moved to charts redrawn, incl. {res['debounce_ms']} ms "
                            f"debounce{quick}", **res}
        except (RuntimeError, ValueError, KeyError) as e:  # the desktop is work in progress: fall back
            note = f"desktop trainer not measurable ({str(e).strip().splitlines()[-1][:200]}); "
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.runs.runner import run
    from sim.scenario.loader import load_scenario

    reps = replicates or TRAINER_REPLICATES
    sc = load_scenario(BASELINE, ["subsidy.rate=0.12"])  # the lever moved
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)

    def round_trip() -> None:
        res = run(sc, replicates=reps, seed=1, workers=1)
        s = res.summary
        ax.clear()
        ax.fill_between(s["year"], s["rd_intensity_p5"], s["rd_intensity_p95"], alpha=0.3)
        ax.plot(s["year"], s["rd_intensity_p50"])
        fig.canvas.draw()

    round_trip()  # warm-up
    times = _timed(round_trip, repeats)
    plt.close(fig)
    return {"mode": f"{note}sim + redraw, no Qt", "replicates": reps, "round_trip_s": statistics.median(times),
            "runs": times}


def bench_startup(repeats: int) -> dict[str, Any]:
    """``python -m desktop --startup-time``: the app reports seconds from process start to its
    window shown by a running event loop; the wall time of the whole process (to exit) is kept too."""
    if not _has_desktop():
        return {"startup_s": None, "note": "not measured (the desktop app or PySide6 is not installed)"}
    flag = "--startup-time"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shown, walls = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "desktop", flag], cwd=ROOT, env=env,
                              capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120, check=False)
        walls.append(time.perf_counter() - t0)
        found = re.search(r"shown ([0-9.]+) s", proc.stdout)
        if proc.returncode != 0:
            return {"startup_s": None, "note": f"not measured (desktop {flag} exited {proc.returncode}: "
                                               f"{proc.stderr.strip()[-300:]})"}
        shown.append(float(found.group(1)) if found else walls[-1])
    return {"startup_s": statistics.median(shown), "flag": flag, "runs": shown,
            "process_wall_s": statistics.median(walls)}


# ---------------------------------------------------------------------------- driver
_QUIET = False


def _say(text: str) -> None:
    if not _QUIET:
        print(text, file=sys.stderr, flush=True)


def run_bench(quick: bool = False) -> dict[str, Any]:
    from sim.version import versions

    if quick:
        sizes, repeats = [300, 1000], {300: 1, 1000: 1}
        replicates, one_reps, batch_reps, trainer_reps, trainer_n = 6, 2, 1, 1, 2
    else:
        sizes, repeats = [1000, 10000, 100000], {1000: 5, 10000: 7, 100000: 2}  # pairs of runs per size
        replicates, one_reps, batch_reps, trainer_reps, trainer_n = 100, 5, 3, 3, None
    t0 = time.perf_counter()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    _say("(a, b) scaling: ours vs Mesa Boltzmann wealth")
    scaling = bench_scaling(sizes, repeats)
    _say(f"(c) Gansu baseline: 1 replicate, {replicates} replicates on 1 and all workers")
    baseline = bench_baseline(replicates, one_reps, batch_reps)
    _say("(d) trainer round trip")
    trainer = bench_trainer(trainer_reps, trainer_n)
    _say("(e) desktop start-up")
    startup = bench_startup(1 if quick else 3)
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "load_average_start": list(load) if load else None,
        "load_average_end": list(os.getloadavg()) if load else None,
        "versions": versions(),
        "scaling": scaling,
        "baseline": baseline,
        "trainer": trainer,
        "startup": startup,
        "bench_wall_s": time.perf_counter() - t0,
    }


def format_table(res: dict[str, Any]) -> str:
    lines = [f"innovsim bench ({'quick' if res['quick'] else 'full'}); {res['cpu_count']} CPUs; "
             + ", ".join(f"{k} {v}" for k, v in res["versions"].items())]
    if res.get("load_average_start"):
        lines.append("load average at start / end: " + " / ".join(
            ", ".join(f"{x:.2f}" for x in res[k]) for k in ("load_average_start", "load_average_end")))
    sc = res["scaling"]
    lines += ["", f"(a, b) full run of {sc['years']} years, one replicate, in pairs of fresh processes (medians;"
                  " ours/Mesa: median of the pairs' ratios [lowest, highest])",
              f"{'agents':>8} {'pairs':>5} | {'ours firm-yr/s':>14} {'wall s':>7} {'peak MB':>8} | "
              f"{'Mesa agent-st/s':>15} {'wall s':>7} {'peak MB':>8} | {'ours/Mesa':>9}"]
    for r in sc["rows"]:
        o, m = r["ours"], r["mesa_boltzmann"]
        spread = r.get("ratio_runs") or [r["ratio"]]
        lines.append(f"{r['n']:>8,} {o['repeats']:>5} | {o['per_s']:>14,.0f} {o['wall_s']:>7.3f} {o['peak_rss_mb']:>8.0f} | "
                     f"{m['per_s']:>15,.0f} {m['wall_s']:>7.3f} {m['peak_rss_mb']:>8.0f} | {r['ratio']:>8.1f}x "
                     f"[{min(spread):.1f}, {max(spread):.1f}]")
    b = res["baseline"]
    lines += ["", f"(c) Gansu baseline, {b['n_firms']:,} firms",
              f"  one replicate:                 {b['one_replicate_s']:.3f} s",
              f"  {b['replicates']} replicates, 1 worker:     {b['serial_s']:.2f} s",
              f"  {b['replicates']} replicates, {b['workers']} workers:    {b['parallel_s']:.2f} s  "
              f"(speed-up {b['speedup']:.2f}x, efficiency {b['efficiency']:.0%}; median of "
              f"{len(b.get('serial_runs', [0]))} alternating pairs)"]
    t = res["trainer"]
    reps = f", {t['replicates']} replicates" if "replicates" in t else ""
    lines += ["", f"(d) trainer round trip [{t['mode']}{reps}]: {t['round_trip_s']:.3f} s"]
    if "p95_s" in t:
        lines.append(f"    95th percentile {t['p95_s']:.3f} s; longest UI-thread block {t['ui_block_max_s']:.3f} s; "
                     f"drag: {t['drag']['redraws_during']} redraws in {t['drag']['s']:.2f} s, last value to chart "
                     f"{t['drag']['last_value_to_chart_s']:.3f} s")
    s = res["startup"]
    lines.append("(e) desktop start-up to usable window: "
                 + (f"{s['startup_s']:.2f} s" if s.get("startup_s") is not None else s["note"]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="innovsim bench", description=__doc__.split("\n\n")[0])
    _add_arguments(parser)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "N", "STEPS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, n, steps = args.child[0], int(args.child[1]), int(args.child[2])
        children = {"ours": lambda: _child_ours(n), "mesa": lambda: _child_mesa(n, steps)}
        out = children[kind]()
        print(json.dumps(out))
        return 0
    return cmd_bench(args)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quick", action="store_true", help="small sizes and few replicates (a smoke test)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help=f"results file (default: {DEFAULT_OUT.relative_to(ROOT)})")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")


def cmd_bench(args: argparse.Namespace) -> int:
    from sim.runs.outputs import write_json

    global _QUIET
    _QUIET = bool(args.quiet)
    res = run_bench(quick=args.quick)
    write_json(res, Path(args.out))
    print(format_table(res))
    print(f"\nResults written to {args.out}")
    return 0


def add_subcommand(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``innovsim bench`` to the CLI."""
    p = sub.add_parser("bench", help="benchmark the model (and Mesa's Boltzmann example) on this machine")
    _add_arguments(p)
    p.set_defaults(func=cmd_bench)


if __name__ == "__main__":
    sys.exit(main())
