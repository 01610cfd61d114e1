"""The policy-response table: what each lever does, from paired runs (common random numbers).

Each lever is a set of ``--set`` overrides applied to the scenario; the reference and the lever run with
the same replicate seeds and the same uncertain-parameter draws, so a difference is the lever's effect
alone. Effects are medians over replicates of the paired differences, with their 5-95% range. Money in
100 million yuan (亿元); firm R&D is R&D spending x the enterprise share.

Outputs (``write_policy_response``, ``innovsim respond``): ``policy_response.csv`` (the table) and
``manifest.json`` (written last).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InnovsimError
from sim.runs.bands import percentiles
from sim.runs.executors import Executor, executor_scope
from sim.runs.runner import CancelFn, ProgressFn
from sim.scenario.loader import Scenario, apply_overrides, load_scenario, path_value
from sim.studies.design import cumulative, run_points, seeds_for
from sim.studies.options import StudyArgs, StudyOptions, study_options

RESPONSE_YEAR = 2030
DEFAULT_REPLICATES = 10
TABLE_COLUMNS = ["lever", "label", "outcome", "unit", "median", "p5", "p95", "replicates"]


@dataclass(frozen=True)
class Lever:
    """One policy change and how its effect is measured.

    Attributes:
        name: short id.
        label: what changes, in words.
        overrides: ``--set`` strings, built from the scenario (some levers scale its own values).
        outcome: the effect's name; ``{year}`` in it stands for the response year.
        effect: paired-difference measure per replicate, from (reference results, lever results, first, last).
        unit: the effect's unit.
    """

    name: str
    label: str
    overrides: Callable[[Scenario], list[str]]
    outcome: str
    effect: Callable[[dict[str, Any], dict[str, Any], int, int], float]
    unit: str


def _firm_rd(res: dict[str, Any]) -> np.ndarray:
    return np.asarray(res["rd_spending"]) * np.asarray(res["enterprise_rd_share"]) / 100.0


def _sum(values: np.ndarray, res: dict[str, Any], first: int, last: int) -> float:
    years = np.asarray(res["year"])
    return float(values[(years >= first) & (years <= last)].sum())


def _at(res: dict[str, Any], name: str, year: int) -> float:
    years = np.asarray(res["year"])
    return float(np.asarray(res[name])[years == year][0])


def _per_yuan(spend: str) -> Callable[[dict[str, Any], dict[str, Any], int, int], float]:
    """Extra firm R&D per extra yuan of ``spend`` (both summed over the forecast years)."""
    def effect(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
        extra_rd = _sum(_firm_rd(alt), alt, first, last) - _sum(_firm_rd(ref), ref, first, last)
        extra_spend = cumulative([alt], spend, first, last)[0] - cumulative([ref], spend, first, last)[0]
        return extra_rd / extra_spend if abs(extra_spend) > 1e-12 else float("nan")
    return effect


def _delta(name: str) -> Callable[[dict[str, Any], dict[str, Any], int, int], float]:
    """Difference of ``name`` in the response year."""
    def effect(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
        return _at(alt, name, last) - _at(ref, name, last)
    return effect


def _delta_firm_rd_whole_run(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
    """Difference of firm R&D summed over every simulated year to ``last`` (for levers that act from the base year)."""
    return _sum(_firm_rd(alt), alt, 0, last) - _sum(_firm_rd(ref), ref, 0, last)


def _delta_per_yearly(name: str, spend: str | None = None,
                      amount: float = 1.0) -> Callable[[dict[str, Any], dict[str, Any], int, int], float]:
    """Difference of ``name`` in the response year per 亿元 a year of extra money: the mean yearly difference of
    the indicator ``spend`` over the forecast years, or ``amount`` (亿元 a year) when the lever states it."""
    def effect(ref: dict[str, Any], alt: dict[str, Any], first: int, last: int) -> float:
        per = amount
        if spend is not None:
            per = float(cumulative([alt], spend, first, last)[0] - cumulative([ref], spend, first, last)[0]) / (last - first + 1)
        return (_at(alt, name, last) - _at(ref, name, last)) / per if abs(per) > 1e-12 else float("nan")
    return effect


def _per_yuan_rows(name: str, label: str, overrides: Callable[[Scenario], list[str]], spend: str | None,
                   money: str, amount: float = 1.0, per: str = "per 100m yuan a year of",
                   unit_per: str = "per 100m yuan") -> tuple[Lever, ...]:
    """R&D intensity, HNTE count and contract turnover in the response year per 亿元 (a year) of ``money``: the
    mean yearly difference of the indicator ``spend``, or ``amount`` 亿元 as the lever states it."""
    outcomes = (("rd", "rd_intensity", "R&D intensity", "points of GDP"), ("hnte", "hnte_count", "the HNTE count", "firms"),
                ("contracts", "tech_contract_turnover", "contract turnover", "100m yuan"))
    return tuple(Lever(f"{name}_{short}", label, overrides, f"change in {what} in {{year}} {per} {money}",
                       _delta_per_yearly(indicator, spend, amount), f"{unit} {unit_per}")
                 for short, indicator, what, unit in outcomes)


def _path_from(key: str, change: Callable[[float], float]) -> Callable[[Scenario], list[str]]:
    """Change a year path from the first forecast year on (every lever is stated in forecast years: the
    observed years keep their inputs); the value of the year before is kept as a point."""
    def overrides(sc: Scenario) -> list[str]:
        first = sc.forecast_from
        points = [first - 1, first, *[y for y in sc.params[key] if y > first], sc.end_year]
        return [f"{key}@{y}={path_value(sc.params[key], y) if y < first else change(path_value(sc.params[key], y)):.10g}"
                for y in sorted(set(points))]
    return overrides


def _scaled(key: str, factor: float) -> Callable[[Scenario], list[str]]:
    return _path_from(key, lambda v: v * factor)


def _added(key: str, points: float) -> Callable[[Scenario], list[str]]:
    return _path_from(key, lambda v: v + points)


def _all(*parts: Callable[[Scenario], list[str]]) -> Callable[[Scenario], list[str]]:
    return lambda sc: [text for part in parts for text in part(sc)]


def _fixed(*texts: str) -> Callable[[Scenario], list[str]]:
    return lambda sc: list(texts)


# the levers of issue 17 (sim/model/talent_platforms.py, vouchers.py, assessment.py, finance.py, outside_rd.py)
_TALENT = _added("budget.talent_share", 5.0)
_PLATFORM = _added("budget.platform_share", 5.0)
_ASSESSMENT = _fixed("assessment.on=1")
ISSUE17_LEVERS: tuple[Lever, ...] = (
    *_per_yuan_rows("talent_plus5", "talent channel +5 points of the S&T budget (from other programmes)", _TALENT,
                    "talent_funding", "extra talent money"),
    *_per_yuan_rows("platform_plus5", "platform channel +5 points of the S&T budget (from other programmes)", _PLATFORM,
                    "platform_funding", "extra platform money"),
    *_per_yuan_rows("vouchers_1", "innovation vouchers: 1 亿元 a year more budget (from other programmes)",
                    _added("voucher.budget", 1.0), None, "voucher budget"),
    *_per_yuan_rows("fund_50", "S&T guidance funds: 50 亿元 more stated fund size (outside the S&T budget)",
                    _added("finance.fund_size", 50.0), None, "stated guidance-fund size", 50.0, "per 100m yuan of"),
    *_per_yuan_rows("loans_1", "technology loans to SMEs: 1 亿元 a year more (banks' money)",
                    _added("finance.tech_loans", 1.0), None, "technology loans"),
    *_per_yuan_rows("outside_10", "technology bought from outside the region: 10 亿元 a year more",
                    _added("outside.tech_purchases", 10.0), None, "bought technology", 10.0),
    *_per_yuan_rows("relocated_20", "20 relocated HNTEs a year", _added("outside.relocated_hntes", 20.0), None,
                    "relocated HNTE", 20.0, "per yearly", "per relocated HNTE a year"),
    Lever("assessment_on_city", "yearly assessment of cities and counties switched on", _ASSESSMENT,
          "change in the city own-level fiscal S&T ratio in {year}", _delta("fiscal_st_ratio_city"), "points"),
    Lever("assessment_on_county", "yearly assessment of cities and counties switched on", _ASSESSMENT,
          "change in the county fiscal S&T ratio in {year}", _delta("fiscal_st_ratio_county"), "points"),
    Lever("assessment_on_rd", "yearly assessment of cities and counties switched on", _ASSESSMENT,
          "change in R&D intensity in {year}", _delta("rd_intensity"), "points of GDP"),
    Lever("assessment_on_hnte", "yearly assessment of cities and counties switched on", _ASSESSMENT,
          "change in the HNTE count in {year}", _delta("hnte_count"), "firms"),
    Lever("assessment_on_contracts", "yearly assessment of cities and counties switched on", _ASSESSMENT,
          "change in contract turnover in {year}", _delta("tech_contract_turnover"), "100m yuan"),
)


LEVERS: tuple[Lever, ...] = (
    Lever("subsidy_x2", "post-R&D grant rate and its budget doubled",
          _all(_scaled("subsidy.rate", 2.0), _scaled("budget.subsidy_share", 2.0)),
          "extra firm R&D per extra grant yuan", _per_yuan("subsidy_paid"), "yuan per yuan"),
    Lever("super_deduction_plus20", "R&D super-deduction 20 points higher",
          _added("tax.super_deduction", 20.0),
          "extra firm R&D per extra yuan of tax expenditure", _per_yuan("tax_expenditure"), "yuan per yuan"),
    Lever("no_hnte_preference", "HNTE tax rate set to the standard rate over the whole run (no notch reward)",
          lambda sc: [f"tax.cit_hnte={sc.params['tax.cit_standard']:.10g}"],
          "change in firm R&D, base year to {year}", _delta_firm_rd_whole_run, "100m yuan"),
    Lever("no_hnte_preference_count", "HNTE tax rate set to the standard rate over the whole run (no notch reward)",
          lambda sc: [f"tax.cit_hnte={sc.params['tax.cit_standard']:.10g}"],
          "change in the HNTE count in {year}", _delta("hnte_count"), "firms"),
    Lever("awards_x2", "HNTE awards (first and renewal) and their budget doubled",
          _all(_scaled("subsidy.hnte_award_first", 2.0), _scaled("subsidy.hnte_award_recert", 2.0),
               _scaled("budget.hnte_award_share", 2.0)),
          "change in the HNTE count in {year}", _delta("hnte_count"), "firms"),
    Lever("cultivation_x2", "award and cultivation budget doubled, award amounts unchanged",
          _scaled("budget.hnte_award_share", 2.0),
          "change in the HNTE count in {year}", _delta("hnte_count"), "firms"),
    Lever("university_plus10", "university channel +10 points of the S&T budget (from other programmes)",
          _added("budget.university_share", 10.0),
          "change in R&D intensity in {year}", _delta("rd_intensity"), "points of GDP"),
    Lever("platform_plus5", "platform channel +5 points of the S&T budget (from other programmes)",
          _added("budget.platform_share", 5.0),
          "change in the firm count in {year}", _delta("firm_count"), "firms"),
    Lever("talent_plus5", "talent channel +5 points of the S&T budget (from other programmes)",
          _added("budget.talent_share", 5.0),
          "change in R&D personnel per 10k employed in {year}", _delta("rd_personnel_per_10k_employed"),
          "per 10k"),
    Lever("fiscal_plus0p5", "consolidated fiscal S&T ratio +0.5 point",
          _added("budget.fiscal_st_ratio", 0.5),
          "change in R&D intensity in {year}", _delta("rd_intensity"), "points of GDP"),
    *ISSUE17_LEVERS,
)


def check_year(scenario: Scenario, year: int) -> int:
    """``year`` if the levers can act before it: from the first forecast year to the end of the horizon."""
    first, last = scenario.forecast_from, scenario.end_year
    if not first <= int(year) <= last:
        raise InnovsimError(f"--year {year}: the response year must be from the first forecast year to the end "
                            f"of the horizon, {first} to {last}")
    return int(year)


def policy_response(scenario: Scenario | str | Path, replicates: int | None = None, seed: int | None = None,
                    workers: int | None = None, executor: str | Executor | None = None,
                    levers: Sequence[Lever] = LEVERS, year: int = RESPONSE_YEAR, *,
                    options: StudyOptions | None = None, overrides: list[str] | None = None,
                    progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> pd.DataFrame:
    """One row per lever: ``lever, label, outcome, unit, median, p5, p95, replicates``.

    The reference is ``scenario`` itself; each lever's runs share its replicate seeds and draws. Sums run
    over the forecast years ``scenario.forecast_from .. year``.

    Args:
        scenario: the reference scenario (or its file, loaded with ``overrides``).
        replicates, seed, workers, executor, overrides, progress, cancel, options: the arguments every
            study shares (``StudyOptions``), as one object or as keywords (a keyword wins). Replicates
            default to 10 (not the scenario's ``run.replicates``); the seed to the scenario's ``run.seed``.
        levers: the levers to measure (default ``LEVERS``).
        year: the response year, from ``scenario.forecast_from`` to ``scenario.end_year``.

    The table's ``attrs`` hold what was run (kind, replicates, seeds, year, executor, each lever's
    overrides), which ``write_policy_response`` puts in the manifest.
    """
    given = {"replicates": replicates, "seed": seed, "workers": workers, "executor": executor,
             "overrides": overrides, "progress": progress, "cancel": cancel}
    keywords: StudyArgs = {k: v for k, v in given.items() if v is not None}  # type: ignore[assignment]
    opts = study_options(options, keywords, DEFAULT_REPLICATES)
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, opts.overrides)
    year = check_year(sc, year)
    if not levers:
        raise InnovsimError("give at least one lever")
    base_seed = int(opts.seed if opts.seed is not None else sc.params["run.seed"])
    seeds = seeds_for(base_seed, int(opts.replicates or DEFAULT_REPLICATES))
    sets = [lv.overrides(sc) for lv in levers]
    unique = list(dict.fromkeys(tuple(s) for s in sets))  # levers measured on the same runs share them
    variants = [apply_overrides(sc, list(s)) for s in unique]
    with executor_scope(opts.executor, opts.workers) as ex:
        results = run_points([sc, *variants], seeds, ex, opts.progress, opts.cancel)
        name = ex.name
    reference, *runs = results
    alternatives = [runs[unique.index(tuple(s))] for s in sets]
    first = sc.forecast_from
    rows = []
    for lever, alt in zip(levers, alternatives, strict=True):
        values = np.array([lever.effect(r, a, first, year) for r, a in zip(reference, alt, strict=True)])
        finite = values[np.isfinite(values)]
        stats = percentiles(finite, [50, 5, 95]) if len(finite) else [np.nan] * 3
        rows.append({"lever": lever.name, "label": lever.label, "outcome": lever.outcome.replace("{year}", str(year)),
                     "unit": lever.unit, "median": float(stats[0]), "p5": float(stats[1]), "p95": float(stats[2]),
                     "replicates": len(finite)})
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    table.attrs.update({"kind": "policy_response", "replicates": len(seeds), "base_seed": base_seed,
                        "seeds": [str(s) for s in seeds], "forecast_from": first, "year": year, "executor": name,
                        "levers": {lv.name: s for lv, s in zip(levers, sets, strict=True)}})
    return table


def summary_lines(table: pd.DataFrame) -> list[str]:
    """The table as text: per lever its outcome and ``median [p5, p95] unit``."""
    a = table.attrs
    head = (f"Policy response, levers from {a['forecast_from']} to {a['year']}, {a['replicates']} paired replicates: "
            if a else "Policy response: ")
    lines = [head + "median [5%, 95%] of lever run minus reference run"]
    w_lever = max([len("lever"), *(len(x) for x in table["lever"])])
    w_out = max([len("outcome"), *(len(x) for x in table["outcome"])])
    lines.append(f"  {'lever':<{w_lever}}  {'outcome':<{w_out}}  median [5%, 95%]")
    for row in table.itertuples():
        note = "" if row.replicates == a.get("replicates", row.replicates) else f" ({row.replicates} finite)"
        lines.append(f"  {row.lever:<{w_lever}}  {row.outcome:<{w_out}}  {_num(row.median)} "
                     f"[{_num(row.p5)}, {_num(row.p95)}] {row.unit}{note}")
    return lines


def _num(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.3g}" if abs(x) < 1e5 else f"{x:.4g}"


def write_policy_response(table: pd.DataFrame, out: Path, scenario: Scenario, started: str, ended: str) -> list[Path]:
    """Write ``policy_response.csv`` and ``manifest.json`` into ``out`` (already prepared); the manifest last,
    after removing an old one (its presence says the files are complete)."""
    from sim.runs.outputs import build_manifest, write_csv, write_result_files

    meta = {k: v for k, v in table.attrs.items() if k not in ("base_seed", "seeds")}
    return write_result_files(out, [("policy_response.csv", lambda path: write_csv(table, path))], "manifest.json",
                              lambda: build_manifest(meta, started, ended, scenario, base_seed=table.attrs.get("base_seed"),
                                                     seeds=table.attrs.get("seeds", [])))
