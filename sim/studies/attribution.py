"""Attribution of a change to policy channels: Shapley values over channel switches, from paired runs.

The change is ``Y_B - Y_A`` in one year: scenario B against scenario A, or (without B) scenario A in that year
against its own base year. Each channel of ``sim.model.channels.CHANNELS`` can be switched off
(``channels.<name> = 0``). For a set S of channels left on, ``D(S)`` is the change measured with only the
channels in S working (B and A both run with the same switches, the same replicate seeds and so the same
random numbers). ``D(all)`` is the change itself. The residual ``D(none)`` is the part that passes through
none of the listed channels (e.g. talent programmes, other S&T spending). A channel's part is its Shapley
value in the game ``v(S) = D(S) - D(none)``:

    phi_k = sum over S without k of |S|! (K - |S| - 1)! / K! x (D(S + k) - D(S)),

which does not depend on any order of the channels and sums exactly to ``D(all) - D(none)``; so the parts
plus the residual sum to the total (``sum_check`` reports the rounding error). Values are means over
replicates of the per-replicate decomposition (the decomposition is linear, so it is the decomposition of
the means), with the 5-95% range over replicates. 2^K switch sets x 2 scenarios x replicates runs.

Outputs (``write_attribution``, ``innovsim attribute``): ``attribution.csv`` and ``manifest.json`` (last).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.model.channels import CHANNELS
from sim.runs.bands import percentiles
from sim.runs.executors import executor_scope
from sim.runs.runner import CancelFn, ProgressFn
from sim.scenario.loader import Scenario, apply_overrides, load_scenario
from sim.studies.design import run_points, seeds_for
from sim.studies.options import StudyArgs, StudyOptions, study_options

DEFAULT_REPLICATES = 3
DEFAULT_INDICATORS = ("rd_intensity", "hnte_count")
CHANNEL_LABELS: dict[str, tuple[str, str]] = {  # English, Chinese
    "subsidy": ("Post-R&D subsidy", "研发后补助"),
    "hnte": ("HNTE notch and awards", "高企门槛与奖补"),
    "super_deduction": ("R&D super-deduction", "研发费用加计扣除"),
    "public_rd": ("Government-funded R&D (universities, institutes)", "政府资助的高校院所研发"),
    "entry_selection": ("Entry and selection", "企业进入与市场选择"),
    "gdp_feedback": ("GDP denominator", "GDP分母"),
    "plan_levers": ("Talent, platforms, vouchers, funds, outside R&D, assessment", "人才平台、创新券、基金贷款、域外研发、考核"),
    "residual": ("Residual (no listed channel)", "残差(未列渠道)"),
    "total": ("Total change", "总变化"),
}
TABLE_COLUMNS = ["indicator", "part", "label", "label_zh", "value", "p5", "p95", "replicates"]


def shapley(values: dict[frozenset[str], float], players: Sequence[str]) -> dict[str, float]:
    """Shapley values of ``players`` in the game ``values[S] - values[empty set]`` (``values`` for every subset)."""
    k = len(players)
    empty = frozenset()
    out = {}
    for p in players:
        others = [q for q in players if q != p]
        total = 0.0
        for size in range(k):
            weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            for subset in itertools.combinations(others, size):
                s = frozenset(subset)
                total += weight * ((values[s | {p}] - values[empty]) - (values[s] - values[empty]))
        out[p] = total
    return out


def switched(scenario: Scenario, on: frozenset[str], year: int) -> Scenario:
    """``scenario`` with only the channels ``on`` switched on, run to ``year`` (nothing later can matter;
    the end year is shortened here, below the range a scenario file may set, to halve the runs' cost)."""
    sc = apply_overrides(scenario, [f"channels.{c}={int(c in on)}" for c in CHANNELS])
    return sc.ending(int(year))


def _value(res: dict[str, Any], indicator: str, year: int) -> float:
    years = np.asarray(res["year"])
    return float(np.asarray(res[indicator])[years == year][0])


def check_attribution_year(a: Scenario, b: Scenario | None, year: int) -> int:
    for sc in (a, b):
        if sc is not None and not sc.base_year < int(year) <= sc.end_year:
            raise InnovsimError(f"--year {year}: must lie after the base year and within the run, "
                                f"{sc.base_year + 1} to {sc.end_year}")
    return int(year)


def check_indicators(indicators: Sequence[str]) -> None:
    """Every name is an indicator (``sim.indicators``), and there is at least one."""
    from sim.indicators import ALL_INDICATOR_NAMES

    unknown = [name for name in indicators if name not in ALL_INDICATOR_NAMES]
    if unknown or not indicators:
        raise InnovsimError(f"--indicator {', '.join(unknown) or '(none)'}: not an indicator (names in docs/ODD.md)")


def attribute(a: Scenario | str | Path, b: Scenario | str | Path | None, year: int,
              indicators: Sequence[str] = DEFAULT_INDICATORS, replicates: int | None = None, seed: int | None = None,
              workers: int | None = None, executor: Any = None, *, options: StudyOptions | None = None,
              overrides: list[str] | None = None, progress: ProgressFn | None = None,
              cancel: CancelFn | None = None) -> pd.DataFrame:
    """One row per indicator and part (each channel, ``residual``, ``total``): ``value`` the mean over
    replicates, ``p5``/``p95`` its range. ``b`` None: ``a`` in ``year`` against its base year.

    The table's ``attrs`` hold what was run and ``sum_check``: per indicator, the largest |parts + residual
    - total| over replicates (rounding only)."""
    given = {"replicates": replicates, "seed": seed, "workers": workers, "executor": executor,
             "overrides": overrides, "progress": progress, "cancel": cancel}
    keywords: StudyArgs = {k: v for k, v in given.items() if v is not None}  # type: ignore[assignment]
    opts = study_options(options, keywords, DEFAULT_REPLICATES)
    sc_a = a if isinstance(a, Scenario) else load_scenario(a, opts.overrides)
    sc_b = None if b is None else b if isinstance(b, Scenario) else load_scenario(b, opts.overrides)
    year = check_attribution_year(sc_a, sc_b, year)
    check_indicators(indicators)
    base_seed = int(opts.seed if opts.seed is not None else sc_a.params["run.seed"])
    seeds = seeds_for(base_seed, int(opts.replicates or DEFAULT_REPLICATES))
    subsets = [frozenset(c for c, bit in zip(CHANNELS, bits, strict=True) if bit)
               for bits in itertools.product((0, 1), repeat=len(CHANNELS))]
    points = [switched(sc, s, year) for s in subsets for sc in ((sc_a,) if sc_b is None else (sc_a, sc_b))]
    with executor_scope(opts.executor, opts.workers) as ex:
        results = run_points(points, seeds, ex, opts.progress, opts.cancel)
        name = ex.name
    per = 1 if sc_b is None else 2
    rows: list[dict[str, Any]] = []
    checks: dict[str, float] = {}
    for ind in indicators:
        parts = {p: np.zeros(len(seeds)) for p in (*CHANNELS, "residual", "total")}
        for r in range(len(seeds)):
            change = {}
            for i, s in enumerate(subsets):
                ra = results[i * per][r]
                if sc_b is None:
                    change[s] = _value(ra, ind, year) - _value(ra, ind, sc_a.base_year)
                else:
                    change[s] = _value(results[i * per + 1][r], ind, year) - _value(ra, ind, year)
            for c, v in shapley(change, CHANNELS).items():
                parts[c][r] = v
            parts["residual"][r] = change[frozenset()]
            parts["total"][r] = change[frozenset(CHANNELS)]
        sums = sum(parts[c] for c in (*CHANNELS, "residual"))
        checks[ind] = float(np.max(np.abs(sums - parts["total"])))
        for p, v in parts.items():
            lo, hi = percentiles(v, [5, 95])
            rows.append({"indicator": ind, "part": p, "label": CHANNEL_LABELS[p][0], "label_zh": CHANNEL_LABELS[p][1],
                         "value": float(v.mean()), "p5": float(lo), "p95": float(hi), "replicates": len(seeds)})
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    table.attrs.update({
        "kind": "attribution", "year": year, "a": sc_a.name, "a_zh": sc_a.name_zh,
        "b": None if sc_b is None else sc_b.name, "b_zh": None if sc_b is None else sc_b.name_zh,
        "against": "base_year" if sc_b is None else "scenario", "base_year": sc_a.base_year,
        "channels": list(CHANNELS), "replicates": len(seeds), "base_seed": base_seed, "seeds": [str(s) for s in seeds],
        "runs": len(points) * len(seeds), "executor": name, "sum_check": checks,
    })
    return table


def summary_lines(table: pd.DataFrame) -> list[str]:
    """The decomposition as text, one block per indicator, with the sum check."""
    a = table.attrs
    what = f"{a.get('b')} minus {a.get('a')}" if a.get("b") else f"{a.get('a')}, {a.get('year')} minus {a.get('base_year')}"
    lines = [f"Attribution of the change in {a.get('year')} ({what}), Shapley values over channel switches, "
             f"{a.get('replicates')} paired replicates: mean [5%, 95%]"]
    for ind, group in table.groupby("indicator", sort=False):
        lines.append(f"  {ind}:")
        for row in group.itertuples():
            lines.append(f"    {row.label:<50} {row.value:+.4g} [{row.p5:+.4g}, {row.p95:+.4g}]")
        parts = group.loc[~group["part"].isin(["total"]), "value"].sum()
        total = float(group.loc[group["part"] == "total", "value"].iloc[0])
        lines.append(f"    sum of parts and residual {parts:+.6g} = total {total:+.6g} "
                     f"(largest gap in a replicate {a.get('sum_check', {}).get(ind, float('nan')):.1e})")
    return lines


def write_attribution(table: pd.DataFrame, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """Write ``attribution.csv`` and ``manifest.json`` (last, after removing an old one) into ``out``."""
    from sim.runs.outputs import build_manifest, write_csv, write_result_files

    meta = {k: v for k, v in table.attrs.items() if k not in ("base_seed", "seeds")}
    return write_result_files(out, [("attribution.csv", lambda path: write_csv(table, path))], "manifest.json",
                              lambda: build_manifest(meta, started, ended, scenario, base_seed=table.attrs.get("base_seed"),
                                                     seeds=table.attrs.get("seeds", [])))
