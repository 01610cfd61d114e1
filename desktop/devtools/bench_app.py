"""The desktop side of ``innovsim bench``, run as a subprocess so the core never imports Qt::

    python -m desktop.devtools.bench_app trainer REPEATS

Prints one line of JSON: the trainer round trips in the app offscreen, with the main window built as the
app builds it and the Gansu baseline open:

* ``round_trip_s`` / ``p95_s``: median and 95th percentile, over ``REPEATS`` single lever moves, of the time
  from the slider's new value to the first chart redraw that shows a result computed after the move;
* ``ui_block_max_s``: the longest the UI thread did not answer (a 5 ms heartbeat timer's largest gap, less
  its interval) over all moves, the drag and the refinement runs;
* ``drag``: a drag of the slider (a new value every 40 ms for about a second) - how many chart redraws
  happened during it and the time from its last value to a chart showing that value.
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

HEARTBEAT_MS = 5
DRAG_STEP_MS = 40


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def trainer_round_trips(repeats: int) -> dict[str, Any]:
    """Measure the trainer (see the module docstring)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from desktop.bootstrap import build_window, create_app, isolate, wait_until
    from desktop.views import trainer as trainer_module
    from sim.scenario.library import scenarios_dir

    isolate(Path(tempfile.mkdtemp(prefix="innovsim-bench-")))
    app = create_app(sys.argv[:1])
    window = build_window()
    window.resize(1400, 900)
    window.show()
    if not window.open_path(scenarios_dir() / "gansu_baseline.toml"):
        raise RuntimeError("the desktop could not open the baseline")
    controller, trainer = window.controller, window.trainer
    window.right.setCurrentWidget(trainer)
    wait_until(app, lambda: not controller.busy, 120)
    canvas = trainer.charts.canvas
    marks: dict[str, Any] = {}
    draws: list[float] = []

    def on_draw(_e: object) -> None:
        now = time.perf_counter()
        draws.append(now)
        if "before" in marks and trainer.result is not marks["before"]:  # only a draw of a new result counts
            marks.setdefault("drawn", now)

    if hasattr(trainer.charts, "drawn"):  # charts updated in place (blitting) say when they show new lines
        trainer.charts.drawn.connect(lambda: on_draw(None))
    else:
        canvas.mpl_connect("draw_event", on_draw)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0] - HEARTBEAT_MS / 1000)
        last[0] = now

    heart = QTimer()
    heart.setInterval(HEARTBEAT_MS)
    heart.timeout.connect(beat)
    lever = "subsidy.rate@2025"
    trips: list[float] = []
    values = [0.10, 0.14, 0.18, 0.22, 0.26, 0.30]
    for k in range(repeats + 1):  # the first trip warms up
        marks.clear()
        marks["before"] = trainer.result
        if k == 1:
            last[0] = time.perf_counter()
            heart.start()
        t0 = time.perf_counter()
        trainer.set_lever(lever, values[k % len(values)])
        if not wait_until(app, lambda: "drawn" in marks, 120, pause=0.001):
            raise RuntimeError("the trainer charts were not redrawn")
        if k:
            trips.append(marks["drawn"] - t0)
        wait_until(app, lambda: not controller.busy, 120, pause=0.001)  # the refinement (if any) too
    # a drag: a new value every DRAG_STEP_MS
    draws.clear()
    marks.clear()
    t_start = time.perf_counter()
    steps = [round(0.05 + 0.01 * i, 2) for i in range(25)]
    for v in steps:
        marks.clear()
        marks["before"] = trainer.result
        trainer.set_lever(lever, v)
        t_step = time.perf_counter()
        wait_until(app, lambda t=t_step: time.perf_counter() - t >= DRAG_STEP_MS / 1000, 5, pause=0.001)
    t_end = time.perf_counter()
    during = sum(1 for d in draws if t_start <= d <= t_end)
    wait_until(app, lambda: "drawn" in marks, 120, pause=0.001)
    drag_last = marks.get("drawn", float("nan")) - t_end + DRAG_STEP_MS / 1000
    wait_until(app, lambda: not controller.busy, 120, pause=0.001)
    heart.stop()
    window.close()
    reps = getattr(trainer, "quick_replicates", None)
    return {"round_trip_s": statistics.median(trips), "p95_s": _percentile(trips, 0.95), "runs": trips,
            "ui_block_max_s": max(gaps) if gaps else float("nan"),
            "ui_block_p99_s": _percentile(gaps, 0.99) if gaps else float("nan"),
            "drag": {"steps": len(steps), "step_ms": DRAG_STEP_MS, "s": t_end - t_start, "redraws_during": during,
                     "last_value_to_chart_s": drag_last},
            "replicates": trainer.reps.value(), "quick_replicates": reps,
            "debounce_ms": getattr(trainer_module, "DEBOUNCE_MS", 0)}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "trainer":
        print("usage: python -m desktop.devtools.bench_app trainer REPEATS", file=sys.stderr)
        return 2
    print(json.dumps(trainer_round_trips(int(args[1]))), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The figures are printed; skip the interpreter's final garbage collection, in which this driver (after many
    # blitted redraws and worker threads) has been seen to abort inside a C extension ("none_dealloc") under
    # Python 3.11, which would make ``innovsim bench`` discard a complete measurement.
    os._exit(code)
