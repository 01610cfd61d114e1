"""Regenerate the evidence in docs/validation.md: in-sample fit of the bundled baselines (2015-2023),
out-of-sample backtests, the policy-response table and the headline figures of the Gansu baseline and
the plan variant. Run from the repository root:

    .venv/bin/python scripts/validate.py [--replicates 40] [--backtests] [--workers 2]

``--backtests`` also runs ``innovsim backtest`` for Gansu and Guizhou with cutoffs 2018 to 2021 (the issue
asks for 2019 and 2020; the years either side show the result is not one cutoff's luck) with the
command's defaults, as a reviewer would type it (each calibrates by ABC-SMC first: several minutes each);
without it the tables of an earlier run in ``validation/`` are reused when present. Tables are written to
``validation/`` and the markdown to ``docs/validation.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim import load_scenario, run
from sim.analysis.compare import compare_table
from sim.runs.outputs import write_csv
from sim.scenario.history import PROXIES, observed
from sim.studies.backtest import score
from sim.studies.policy_response import policy_response

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "validation"
DOC = ROOT / "docs" / "validation.md"
REGIONS = ("gansu", "guizhou")
CUTOFFS = (2018, 2019, 2020, 2021)
# the in-sample bars: indicator -> largest acceptable |error| of the median, share of the observed value
BARS = {"rd_intensity": 0.05, "rd_spending": 0.05, "hnte_count": 0.10, "tech_contract_turnover": 0.10,
        "fiscal_st_spending": 0.05, "fiscal_st_ratio": 0.05}


def fmt_table(frame: pd.DataFrame, floatfmt: str = "{:.3g}") -> str:
    """A pandas frame as a markdown table."""
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [floatfmt.format(v) if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def in_sample(region: str, replicates: int, workers: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit of the bundled baseline to every observation after its base year, and a per-indicator summary."""
    sc = load_scenario(ROOT / "scenarios" / f"{region}_baseline.toml")
    result = run(sc, replicates=replicates, seed=1, workers=workers)
    table, _ = score(result.indicators, sc, sc.base_year)
    table = table[table["year"] <= 2023].copy()
    table["error_pct"] = 100.0 * (table["p50"] / table["observed"] - 1.0)
    table["series"] = table["indicator"]
    for ind in PROXIES:  # the bar holds where an official figure exists: proxy years summarised apart
        official = set(observed(sc.region, ind)["year"])
        table.loc[(table["indicator"] == ind) & ~table["year"].isin(official), "series"] = f"{ind} (proxy)"
    rows = []
    for ind, group in table.groupby("series"):
        bar = BARS.get(str(ind))
        within = (group["error_pct"].abs() <= 100 * bar).mean() if bar else float("nan")
        rows.append({"indicator": ind, "years": f"{group.year.min()}-{group.year.max()}", "n": len(group),
                     "max_abs_error_pct": float(group["error_pct"].abs().max()),
                     "median_abs_error_pct": float(group["error_pct"].abs().median()),
                     "bar_pct": 100 * bar if bar else float("nan"), "share_within_bar": float(within),
                     "share_inside_band": float(group["inside"].mean())})
    return table, pd.DataFrame(rows)


def headline(replicates: int, workers: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """2025 and 2035 medians and bands, target probabilities and cumulative fiscal cost (from 2024)."""
    files = [ROOT / "scenarios" / "gansu_baseline.toml", ROOT / "scenarios" / "gansu_fiscal_2p5.toml"]
    result = run(files, replicates=replicates, seed=1, workers=workers)
    s = result.summary
    rows = []
    for sid in result.ids:
        for year in (2025, 2035):
            r = s[(s.scenario == sid) & (s.year == year)].iloc[0]
            rows.append({"scenario": sid, "year": year,
                         "rd_intensity": f"{r.rd_intensity_p50:.3f} [{r.rd_intensity_p5:.3f}, {r.rd_intensity_p95:.3f}]",
                         "hnte_count": f"{r.hnte_count_p50:.0f} [{r.hnte_count_p5:.0f}, {r.hnte_count_p95:.0f}]",
                         "fiscal_st_spending": f"{r.fiscal_st_spending_p50:.1f}"})
    cmp = compare_table(result)[["scenario", "year", "fiscal_cost_cumulative", "delta_fiscal_cost",
                                 "delta_rd_intensity", "delta_hnte_count"]]
    targets = result.targets[["scenario", "indicator", "year", "target", "simulated_median", "probability"]]
    return pd.DataFrame(rows).merge(cmp, on=["scenario", "year"]), targets


def backtest_folders() -> list[tuple[str, int, Path]]:
    """``(region, cutoff, folder)`` of every backtest in ``validation/``."""
    return [(region, cutoff, OUT / f"backtest_{region}_{cutoff}") for region in REGIONS for cutoff in CUTOFFS]


def backtest_settings() -> str:
    """How the backtests in ``validation/`` were run, read from their manifests and posterior sidecars."""
    runs = []
    for region, cutoff, folder in backtest_folders():
        if (folder / "manifest.json").exists() and (folder / "posterior.json").exists():
            man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            post = json.loads((folder / "posterior.json").read_text(encoding="utf-8"))
            runs.append(f"{region} {cutoff}: population {post['population']}, {len(post['generations'])} of at most "
                        f"{post['generations_max']} generations, seed {man['base_seed']}, {man['replicates']} replicates")
    return "`innovsim backtest SCENARIO --cutoff YEAR` with the command's defaults (" + "; ".join(runs) + "). "


def backtests(workers: int, rerun: Sequence[str]) -> pd.DataFrame:
    """The coverage rows of every backtest (those of the regions in ``rerun`` run now, the others read from
    ``validation/``)."""
    frames = []
    for region, cutoff, folder in backtest_folders():
        if region in rerun:
            subprocess.run([sys.executable, "-m", "sim.cli.main", "backtest", str(ROOT / "scenarios" / f"{region}_baseline.toml"),
                            "--cutoff", str(cutoff), "--out", str(folder), "--force", "--workers", str(workers), "-q"],
                           check=True)
        if (folder / "coverage.csv").exists():
            cov = pd.read_csv(folder / "coverage.csv")
            cov.insert(0, "discrepancy", "with")
            if (folder / "coverage_model_only.csv").exists():
                raw = pd.read_csv(folder / "coverage_model_only.csv")
                raw = raw[raw["indicator"] == "all"]
                raw.insert(0, "discrepancy", "without")
                cov = pd.concat([cov, raw], ignore_index=True)
            cov.insert(0, "cutoff", cutoff)
            cov.insert(0, "region", region)
            frames.append(cov)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def backtest_overview(cov: pd.DataFrame) -> pd.DataFrame:
    """One row per backtest: the issue's out-of-sample figures (coverage with and without the discrepancy, R&D
    spending error beside the naive trend's, R&D and median band half-widths three years ahead), in percent."""
    rows = []
    for (region, cutoff), part in cov.groupby(["region", "cutoff"], sort=True):
        on = part[part["discrepancy"] == "with"].set_index("indicator")
        off = part[part["discrepancy"] == "without"].set_index("indicator")
        rows.append({"region": region, "cutoff": int(cutoff),
                     "inside %": 100 * on.loc["all", "inside_share"],
                     "inside % without discrepancy": 100 * off.loc["all", "inside_share"] if "all" in off.index
                     else float("nan"),
                     "R&D spending MdAPE %": on.loc["rd_spending", "median_abs_pct_error"],
                     "naive MdAPE %": on.loc["rd_spending", "naive_median_abs_pct_error"],
                     "R&D half-width % (+3 y)": on.loc["rd_spending", "half_width_pct_3y"],
                     "median half-width % (+3 y)": on.loc["all", "half_width_pct_3y"]})
    return pd.DataFrame(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=40)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backtests", action="store_true", help="run the eight backtests again (slow)")
    ap.add_argument("--regions", default=",".join(REGIONS),
                    help="with --backtests: rerun only these regions' backtests, e.g. guizhou (default: both); "
                         "the others are read from validation/")
    args = ap.parse_args()
    rerun = [r.strip() for r in args.regions.split(",") if r.strip()] if args.backtests else []
    unknown = sorted(set(rerun) - set(REGIONS))
    if unknown:
        ap.error(f"--regions: unknown {', '.join(unknown)} (allowed: {', '.join(REGIONS)})")
    OUT.mkdir(exist_ok=True)
    parts = ["# Validation: what the model reproduces and forecasts",
             "",
             "Generated by `.venv/bin/python scripts/validate.py"
             + (" --backtests" if args.backtests else "")
             + (f" --regions {','.join(rerun)}" if args.backtests and len(rerun) < len(REGIONS) else "")
             + f"` ({args.replicates} replicates, seed 1); "
             "tables in `validation/`. Observations: `sim/data/history.csv`; the HNTE stock after 2020 is the "
             "three-year sum of the recognition lists (a proxy).", ""]
    for region in REGIONS:
        table, summary = in_sample(region, args.replicates, args.workers)
        write_csv(table, OUT / f"in_sample_{region}.csv")
        parts += [f"## In sample: {region} baseline, 2016-2023", "",
                  "Median of the replicates against each observation; bar = the issue's tolerance.", "",
                  fmt_table(summary.round(3)), ""]
    cov = backtests(args.workers, rerun)
    if not cov.empty:
        write_csv(cov, OUT / "backtest_coverage.csv")
        parts += ["## Out of sample: backtests (conditional forecasts)", "",
                  backtest_settings(),
                  "Calibrated on observations up to the cutoff, policy inputs as observed after it; bands include "
                  "data error and the model discrepancy estimated up to the cutoff (`discrepancy = with`; the "
                  "`without` row scores the same runs without it). `naive` = the linear trend of the observations "
                  "up to the cutoff. Inputs (GDP, budget, fiscal S&T spending and ratio) follow their observed "
                  "paths and are not scored. Bands are the 5th and 95th of the replicates by the Weibull "
                  "plotting position (`sim.runs.bands`), so they hold 90% of new draws if the forecast "
                  "distribution is right.", "",
                  fmt_table(backtest_overview(cov).round(1), "{:.1f}"), "",
                  "Per indicator:", "",
                  fmt_table(cov.round(3)), ""]
    sc = load_scenario(ROOT / "scenarios" / "gansu_baseline.toml")
    resp = policy_response(sc, replicates=20, seed=1, workers=args.workers)
    write_csv(resp, OUT / "policy_response_gansu.csv")
    parts += ["## Policy response (Gansu baseline, paired runs, 20 replicates, levers from 2024)", "",
              fmt_table(resp.drop(columns=["label"]).round(4)), ""]
    head, targets = headline(args.replicates, args.workers)
    write_csv(head, OUT / "headline_gansu.csv")
    write_csv(targets, OUT / "targets_gansu.csv")
    parts += ["## Gansu baseline and the plan (own-level ratios 2.5/2/1%)", "",
              "Medians [5%, 95%]; fiscal cost cumulative from 2024 (亿元).", "",
              fmt_table(head.round(3)), "", fmt_table(targets.round(3)), ""]
    DOC.write_text("\n".join(parts), encoding="utf-8")
    print("\n".join(parts))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
