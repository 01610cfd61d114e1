"""Experiment designs shared by the modeler toolkit.

A *factor* is a parameter with a range: ``key.path=START:STOP:N`` (a grid of
N evenly spaced values), ``key.path=LO:HI`` (a range for sampling), or
``key.path=A,B,C`` (listed values). A year path takes ``key.path@YEAR`` to
vary one point of the path; without ``@YEAR`` the path is held constant at
the value. An *outcome* is ``indicator@YEAR`` (or ``indicator@FIRST:LAST``, a flow summed over years;
``sim.runs.outcomes``); a *target* is ``indicator@YEAR>=VALUE`` (or ``<=``).

Every design point is a scenario with ``--set`` overrides; all points share
the replicate seeds (common random numbers), so differences between points
are due to the parameters and not to the random draws.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError, ScenarioError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.limits import MAX_POINTS, MAX_REPLICATES, check_int, check_runs
from sim.runs.outcomes import Outcome as Outcome
from sim.runs.outcomes import cumulative as cumulative  # the studies' outcome grammar lives in sim.runs.outcomes
from sim.runs.outcomes import outcome_values as outcome_values
from sim.runs.outcomes import parse_outcome
from sim.runs.runner import CancelFn, ProgressFn, replicate_seed, run_args
from sim.scenario.loader import Scenario, Target, apply_overrides, did_you_mean, parse_year, path_value
from sim.scenario.params import SPECS_BY_KEY, ParamSpec

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


@dataclass(frozen=True)
class Factor:
    """A parameter varied by a study.

    Attributes:
        key: dotted parameter key, e.g. ``budget.fiscal_st_ratio``.
        year: the year of a path point to vary, or None (scalar, or a constant path).
        lo, hi: the range (inclusive), inside the parameter's allowed range.
        n: grid points for ``START:STOP:N``; None for a ``LO:HI`` range.
        values: explicit values for ``A,B,C``; empty otherwise.
    """

    key: str
    year: int | None
    lo: float
    hi: float
    n: int | None = None
    values: tuple[float, ...] = ()

    @property
    def label(self) -> str:
        """Column name: ``key`` or ``key@YEAR``."""
        return self.key if self.year is None else f"{self.key}@{self.year}"

    @property
    def spec(self) -> ParamSpec:
        return SPECS_BY_KEY[self.key]

    def grid(self) -> list[float]:
        """The values of a grid factor (``START:STOP:N`` or ``A,B,C``)."""
        if self.values:
            return list(self.values)
        if self.n is None:
            raise InnovsimError(f"--param {self.label}: a grid needs START:STOP:N or A,B,C, not LO:HI")
        vals = np.linspace(self.lo, self.hi, self.n).tolist()
        return [self.cast(v) for v in vals]

    def cast(self, value: float) -> float:
        """Round to a whole number for integer parameters."""
        return float(round(value)) if self.spec.kind == "int" else float(value)

    def override(self, value: float) -> str:
        """The ``--set`` string that gives this factor ``value``."""
        v = round(value) if self.spec.kind == "int" else repr(float(value))
        return f"{self.label}={v}"

    def current(self, scenario: Scenario) -> float:
        """The factor's value in ``scenario``."""
        v = scenario.params[self.key]
        if isinstance(v, dict):
            return float(path_value(v, self.year if self.year is not None else scenario.base_year))
        return float(v)


def parse_key(text: str, flag: str = "--param") -> tuple[str, int | None]:
    """``key.path`` or ``key.path@YEAR`` -> (key, year), with a clear error."""
    key, _, y = text.strip().partition("@")
    key = key.strip()
    spec = SPECS_BY_KEY.get(key)
    if spec is None:
        raise ScenarioError(f"{flag}: unknown parameter '{key}'{did_you_mean(key, list(SPECS_BY_KEY))}", field=key)
    if key in ("run.base_year", "run.end_year", "run.seed", "run.replicates"):
        raise ScenarioError(f"{flag}: '{key}' cannot be varied (it defines the run, not the model)", field=key)
    year: int | None = None
    if y:
        if spec.kind != "path":
            raise ScenarioError(f"{flag}: '{key}' is not a year path; drop '@{y}'", field=key)
        year = parse_year(y.strip(), f"{flag} {text.strip()!r}", field=key)
    return key, year


def parse_factor(text: str, flag: str = "--param") -> Factor:
    """Parse ``key.path[@YEAR]=START:STOP:N``, ``=LO:HI`` or ``=A,B,C``.

    Raises:
        ScenarioError: unknown key, malformed range, or values outside the allowed range.
    """
    if "=" not in text:
        raise ScenarioError(f"{flag} {text!r}: expected key.path=START:STOP:N or key.path=LO:HI", field=text)
    left, _, right = text.partition("=")
    key, year = parse_key(left, flag)
    spec = SPECS_BY_KEY[key]
    right = right.strip()
    label = left.strip()
    n: int | None = None
    values: tuple[float, ...] = ()
    m3 = re.fullmatch(rf"({_NUM}):({_NUM}):(\d+)", right)
    m2 = re.fullmatch(rf"({_NUM}):({_NUM})", right)
    if m3:
        lo, hi, n = float(m3.group(1)), float(m3.group(2)), int(m3.group(3))
        if not 1 <= n <= MAX_POINTS:
            raise ScenarioError(f"{flag} {text!r}: N must be from 1 to {MAX_POINTS}", field=label)
        if n == 1 and lo != hi:
            raise ScenarioError(f"{flag} {text!r}: N=1 needs START equal to STOP", field=label)
    elif m2:
        lo, hi = float(m2.group(1)), float(m2.group(2))
        if not lo < hi:
            raise ScenarioError(f"{flag} {text!r}: LO must be below HI", field=label)
    elif re.fullmatch(rf"{_NUM}(?:,{_NUM})*", right):
        if right.count(",") >= MAX_POINTS:
            raise ScenarioError(f"{flag}: {label} lists more than {MAX_POINTS} values", field=label)
        values = tuple(float(x) for x in right.split(","))
        lo, hi = min(values), max(values)
    else:
        raise ScenarioError(f"{flag} {text!r}: expected START:STOP:N (grid), LO:HI (range) or A,B,C (values), "
                            f"e.g. {label}={spec.lo:g}:{spec.hi:g}:5", field=label)
    for v in (lo, hi):
        if not (math.isfinite(v) and spec.lo <= v <= spec.hi):
            raise ScenarioError(f"{flag} {text!r}: {v:g} is out of range (allowed: {spec.range_text()})", field=label)
    return Factor(key, year, lo, hi, n, values)


def parse_factors(texts: Sequence[str | Factor], flag: str = "--param") -> list[Factor]:
    """Parse several factors; reject the same parameter twice."""
    out = [t if isinstance(t, Factor) else parse_factor(t, flag) for t in texts]
    labels = [f.label for f in out]
    dup = {x for x in labels if labels.count(x) > 1}
    if dup:
        raise ScenarioError(f"{flag}: {', '.join(sorted(dup))} given more than once", field=sorted(dup)[0])
    if not out:
        raise InnovsimError(f"give at least one {flag} key.path=...")
    return out


def parse_target(text: str, scenario: Scenario | None = None, flag: str = "--target") -> Target:
    """Parse ``indicator@YEAR>=VALUE`` or ``indicator@YEAR<=VALUE``."""
    m = re.fullmatch(rf"\s*([^<>=]+?)\s*(>=|<=)\s*({_NUM})\s*", text)
    if not m:
        raise InnovsimError(f"{flag} {text!r}: expected indicator@YEAR>=VALUE, e.g. rd_intensity@2025>=1.5")
    out = parse_outcome(m.group(1), scenario, flag)
    if out.last_year is not None:
        raise InnovsimError(f"{flag} {text!r}: a target is one year's value (indicator@YEAR>=VALUE), not a sum over years")
    direction = "at_least" if m.group(2) == ">=" else "at_most"
    value = float(m.group(3))
    if not math.isfinite(value):
        raise InnovsimError(f"{flag} {text.strip()!r}: the value must be a finite number")
    return Target(out.indicator, out.year, value, direction, source=f"{flag} {text.strip()}")


# --------------------------------------------------------------------------- designs

def grid_design(factors: Sequence[Factor]) -> pd.DataFrame:
    """Every combination of the factors' grid values; one row per point (at most ``MAX_POINTS``, checked
    before the combinations are built)."""
    check_runs(math.prod(len(f.values) if f.values else (f.n or 1) for f in factors), 1)
    combos = list(itertools.product(*[f.grid() for f in factors]))
    frame = pd.DataFrame(combos, columns=[f.label for f in factors])
    frame.insert(0, "point", range(len(frame)))
    return frame


def lhs_design(factors: Sequence[Factor], samples: int, seed: int) -> pd.DataFrame:
    """A Latin hypercube of ``samples`` points over the factors' ranges (scipy.stats.qmc)."""
    from scipy.stats import qmc

    check_int("--samples", samples, 1, MAX_POINTS)
    unit = qmc.LatinHypercube(d=len(factors), seed=np.random.default_rng([int(seed), 2])).random(samples)
    cols = {}
    for j, f in enumerate(factors):
        cols[f.label] = [f.cast(f.lo + u * (f.hi - f.lo)) for u in unit[:, j]]
    frame = pd.DataFrame(cols)
    frame.insert(0, "point", range(len(frame)))
    return frame


def point_overrides(factors: Sequence[Factor], values: Sequence[float]) -> list[str]:
    """``--set`` strings for one design point."""
    return [f.override(v) for f, v in zip(factors, values, strict=True)]


def point_scenario(scenario: Scenario, factors: Sequence[Factor], values: Sequence[float]) -> Scenario:
    """``scenario`` with the factors set to ``values``.

    A factor that is also in the scenario's ``[uncertainty]`` table gets the
    range ``[v, v]``: it stays fixed at ``v`` while the other uncertain
    parameters get the same draws as in the scenario itself.
    """
    try:
        sc = apply_overrides(scenario, point_overrides(factors, values))
    except ScenarioError as e:
        shown = ", ".join(f"{f.label}={v:g}" for f, v in zip(factors, values, strict=True))
        raise ScenarioError(f"design point ({shown}) is invalid: {e.reason}", field=e.field) from e
    unc = dict(sc.uncertainty)
    for f, v in zip(factors, values, strict=True):
        if f.key in unc:
            unc[f.key] = (f.cast(v), f.cast(v))
    return dataclasses.replace(sc, uncertainty=unc)


def seeds_for(base_seed: int, replicates: int) -> list[int]:
    """The replicate seeds shared by every design point (as ``innovsim run`` uses them)."""
    check_int("--replicates", replicates, 1, MAX_REPLICATES)
    return [replicate_seed(int(base_seed), r) for r in range(int(replicates))]


def run_points(scenarios: Sequence[Scenario], seeds: Sequence[int], executor: Any,
               progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> list[list[dict[str, Any]]]:
    """Run every scenario with every seed on ``executor``; results[point][replicate]."""
    runs = [run_args(sc, s) for sc in scenarios for s in seeds]
    flat = executor.map_runs(runs, progress, cancel)
    r = len(seeds)
    return [flat[i * r:(i + 1) * r] for i in range(len(scenarios))]


def tidy_table(design: pd.DataFrame, seeds: Sequence[int], results: Sequence[Sequence[dict[str, Any]]]) -> pd.DataFrame:
    """One row per point, replicate and year: design values, seed and every indicator."""
    frames = []
    factor_cols = [c for c in design.columns if c != "point"]
    for (_, row), point_results in zip(design.iterrows(), results, strict=True):
        for r, (seed, res) in enumerate(zip(seeds, point_results, strict=True)):
            n = len(res["year"])
            frame = pd.DataFrame({"point": int(row["point"]), "replicate": r, "seed": str(seed)}, index=range(n))
            for c in factor_cols:
                frame[c] = row[c]
            frame["year"] = np.asarray(res["year"], dtype=int)
            for name in ALL_INDICATOR_NAMES:
                frame[name] = np.asarray(res[name], dtype=float)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)
