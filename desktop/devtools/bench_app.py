"""The desktop side of ``innovsim bench``, run as a subprocess so the core never imports Qt::

    python -m desktop.devtools.bench_app trainer REPEATS

Prints one line of JSON: the trainer round trips (a lever moved, the debounced re-run, the charts redrawn)
in the app offscreen, with the main window built as the app builds it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def trainer_round_trips(repeats: int) -> dict[str, Any]:
    """Round trips in the desktop app (offscreen): a trainer lever moved, the debounced re-run,
    the charts redrawn (matplotlib draw event)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.bootstrap import build_window, create_app, isolate, wait_until
    from desktop.views.trainer import DEBOUNCE_MS
    from sim.scenario.library import scenarios_dir

    isolate(Path(tempfile.mkdtemp(prefix="innovsim-bench-")))
    app = create_app(sys.argv[:1])
    window = build_window()
    window.show()
    if not window.open_path(scenarios_dir() / "gansu_baseline.toml"):
        raise RuntimeError("the desktop could not open the baseline")
    controller, trainer = window.controller, window.trainer
    wait_until(app, lambda: not controller.busy, 120)
    window.right.setCurrentWidget(trainer)
    trainer.reset()
    marks: dict[str, float] = {}
    # only a draw after the new result counts (the canvas may also redraw for other reasons meanwhile)
    trainer.charts.canvas.mpl_connect(
        "draw_event", lambda _e: marks.setdefault("drawn", time.perf_counter()) if "result" in marks else None)
    controller.busy_changed.connect(lambda busy: marks.setdefault("run", time.perf_counter()) if busy else None)
    controller.result.connect(lambda *_a: marks.setdefault("result", time.perf_counter()))
    trips, after_debounce, sim_side = [], [], []
    values = [0.10, 0.14, 0.18, 0.22, 0.26, 0.30]
    for k in range(repeats + 1):  # the first trip warms up
        marks.clear()
        t0 = time.perf_counter()
        trainer.set_lever("subsidy.rate", values[k % len(values)])
        if not wait_until(app, lambda: "drawn" in marks and "run" in marks and not controller.busy, 120):
            raise RuntimeError("the trainer charts were not redrawn")
        if k:
            trips.append(marks["drawn"] - t0)
            after_debounce.append(marks["drawn"] - marks["run"])
            sim_side.append(marks.get("result", marks["drawn"]) - marks["run"])
    window.close()
    return {"round_trip_s": statistics.median(trips), "runs": trips,
            "after_debounce_s": statistics.median(after_debounce), "run_s": statistics.median(sim_side),
            "replicates": trainer.reps.value(), "debounce_ms": DEBOUNCE_MS}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "trainer":
        print("usage: python -m desktop.devtools.bench_app trainer REPEATS", file=sys.stderr)
        return 2
    print(json.dumps(trainer_round_trips(int(args[1]))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
