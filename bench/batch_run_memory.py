"""Memory of Mesa's ``batch_run`` over many runs of the innovsim model (run from the repo root:
``.venv/bin/python bench/batch_run_memory.py [RUNS]``). Prints the resident set size after each block of runs
and how many models are still alive (awaiting the cyclic garbage collector, which frees them in bounded
numbers): with the model releasing its agents on the step after the end year, memory stays flat instead of
growing by several MiB per run."""

from __future__ import annotations

import gc
import sys
import time

from mesa.batchrunner import batch_run

from sim.model.model import InnovationModel


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def main(runs: int = 200, block: int = 40) -> None:
    done, t0 = 0, time.perf_counter()
    print(f"{'runs':>5} {'RSS MiB':>8} {'models alive':>13} {'s/run':>6}")
    while done < runs:
        n = min(block, runs - done)
        rows = batch_run(InnovationModel, {"scenario": "gansu_baseline", "subsidy_rate": [0.05, 0.1],
                                           "seed": range(done, done + n // 2)},
                         max_steps=100, display_progress=False)
        done += n
        alive = sum(isinstance(o, InnovationModel) for o in gc.get_objects())  # no gc.collect(): refcounting alone
        print(f"{done:>5} {rss_mib():>8.1f} {alive:>13} {(time.perf_counter() - t0) / done:>6.3f}")
        assert rows[-1]["year"] == 2035
        del rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
