"""Caps on what one command or API call may ask for, checked before any work, allocation or folder creation.

A request beyond a cap (a billion replicates, a grid of 10^8 points) is refused at once with a message
naming the argument and the allowed range, instead of hanging while memory grows.
"""

from __future__ import annotations

import math
import os
from typing import Any

from sim.errors import InnovsimError

MAX_REPLICATES = 10_000  # as the scenario file's run.replicates allows
MAX_SEED = 2**63 - 1  # as the scenario file's run.seed allows
MAX_WORKERS = max(8, 4 * (os.cpu_count() or 1))  # local processes: more than 4 per CPU only add memory
MAX_POINTS = 100_000  # design points of one study (sweep grid or sample, sensitivity sample, calibration evaluations)
MAX_RUNS = 2_000_000  # simulations of one command: points x replicates (scenarios x replicates for ``run``)
MAX_LEVELS = 100  # Morris grid levels
MAX_GENERATIONS = 1_000  # ABC-SMC generations
MAX_MAXITER, MAX_POPSIZE = 10_000, 1_000  # calibration: generations (iterations / 20) and population per parameter
MIN_YEAR, MAX_YEAR = 1900, 2200  # years given on the command line; each command then checks its scenario's horizon


def check_int(name: str, value: Any, lo: int, hi: int) -> int:
    """``value`` as an int in ``[lo, hi]``; ``InnovsimError`` naming ``name`` and the range otherwise."""
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok and isinstance(value, float) and value.is_integer():
        ok, value = True, int(value)
    if not ok or not lo <= value <= hi:
        raise InnovsimError(f"{name} must be a whole number from {lo} to {hi}, got {_show(value)}")
    return int(value)


def check_float(name: str, value: Any, lo: float, hi: float, lo_open: bool = False) -> float:
    """``value`` as a finite float in ``[lo, hi]`` (``(lo, hi]`` with ``lo_open``)."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        try:
            v = float(value)
        except OverflowError:
            ok = False
    if not ok or not math.isfinite(v) or not ((lo < v) if lo_open else (lo <= v)) or v > hi:
        left = "(" if lo_open else "["
        raise InnovsimError(f"{name} must be a number in {left}{lo:g}, {hi:g}], got {_show(value)}")
    return v


def check_runs(points: int, replicates: int, what: str = "points") -> None:
    """Refuse a study of more than ``MAX_POINTS`` points or ``MAX_RUNS`` simulations before it is built."""
    if points > MAX_POINTS:
        raise InnovsimError(f"the design has {points} {what}; at most {MAX_POINTS} are allowed (use fewer values "
                            "or samples)")
    if points * replicates > MAX_RUNS:
        raise InnovsimError(f"{points} {what} x {replicates} replicates is {points * replicates} simulations; at most "
                            f"{MAX_RUNS} are allowed in one command")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
