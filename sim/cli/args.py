"""Checked argument types for the command line: every numeric flag is refused at parse time, before any file
or folder is touched, with one line naming the flag and the allowed range (``sim.limits`` holds the caps)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def int_in(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``lo`` to ``hi``."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip().replace("_", "x"))  # no "1_000": one spelling of a number
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number from {lo} to {hi}, got {text[:40]!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range (allowed: {lo} to {hi})")
        return value
    parse.__name__ = "whole number"
    return parse


def float_in(lo: float, hi: float, lo_open: bool = False) -> Callable[[str], float]:
    """An argparse ``type``: a finite number in ``[lo, hi]`` (``(lo, hi]`` with ``lo_open``)."""
    left = "above" if lo_open else "from"

    def parse(text: str) -> float:
        try:
            value = float(text.strip().replace("_", "x"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number {left} {lo:g} to {hi:g}, got {text[:40]!r}") from None
        if not math.isfinite(value) or not ((lo < value) if lo_open else (lo <= value)) or value > hi:
            raise argparse.ArgumentTypeError(f"{text[:40]} is out of range (allowed: {left} {lo:g} to {hi:g})")
        return value
    parse.__name__ = "number"
    return parse


def executor_spec(text: str) -> str:
    """An argparse ``type``: ``local``, ``serial`` or ``dask://HOST:PORT`` (``tcp://HOST:PORT``)."""
    from sim.errors import InnovsimError
    from sim.runs.executors import check_executor_spec

    try:
        return check_executor_spec(text)
    except InnovsimError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr (no usage block) and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from sim.errors import one_line

        self.exit(2, f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')\n")
