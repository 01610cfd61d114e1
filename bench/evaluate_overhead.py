"""What ``evaluate`` costs on top of one ``simulate`` run, and ``run(replicates=1)`` for comparison (run from the
repo root: ``.venv/bin/python bench/evaluate_overhead.py [ROUNDS]``). The three calls are interleaved round by
round with the same seeds, in a rotating order, so a busy machine slows them alike; medians in seconds."""

from __future__ import annotations

import statistics
import sys
import time

from sim import evaluate, load_scenario, parse_outcome, run, simulate
from sim.runs.runner import run_args


def main(rounds: int = 15) -> None:
    sc = load_scenario("scenarios/gansu_baseline.toml")
    outcomes = ["rd_intensity@2025", "fiscal_cost@2021:2025"]
    times: dict[str, list[float]] = {"simulate": [], "evaluate": [], "evaluate + with_values": [], "run(replicates=1)": []}
    calls = {
        "simulate": lambda s: simulate(*run_args(sc, s)),
        "evaluate": lambda s: evaluate(sc, seed=s, outcomes=outcomes),
        "evaluate + with_values": lambda s: evaluate(sc, {"subsidy.rate": 0.1, "tax.price_elasticity": 1.2}, seed=s,
                                                     outcomes=outcomes),
        "run(replicates=1)": lambda s: run(sc, replicates=1, seed=s),
    }
    for call in calls.values():  # warm-up: imports and caches
        call(0)
    names = list(calls)
    for r in range(1, rounds + 1):
        for name in names[r % len(names):] + names[:r % len(names)]:  # rotate the order: no call is always first
            call = calls[name]
            t0 = time.perf_counter()
            call(r)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["simulate"])
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<24} median {med:.4f} s  ({med - base:+.4f} s, {med / base:.2f}x simulate) over {rounds} rounds")
    t0 = time.perf_counter()
    for _ in range(200):
        sc.with_values({"subsidy.rate": 0.1, "tax.price_elasticity": 1.2})
    print(f"with_values alone: {(time.perf_counter() - t0) / 200 * 1e3:.2f} ms per call")
    result = simulate(*run_args(sc, 1))
    t0 = time.perf_counter()
    for _ in range(1000):  # what evaluate adds to simulate: parsing the outcomes and reading them off the result
        [parse_outcome(o, sc).value(result) for o in outcomes]
    print(f"evaluate's own work (2 outcomes parsed and read): {(time.perf_counter() - t0) / 1000 * 1e6:.0f} us per call")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
