"""Exports: charts (PNG, SVG, PDF), results (CSV identical to the CLI's summary.csv, XLSX) and a
one-page PDF comparison report. Files are written atomically."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from desktop import i18n
from desktop.fonts import setup_matplotlib
from sim.analysis.compare import compare_table
from sim.analysis.overlay import observed_artists
from sim.analysis.wrapping import display_width
from sim.indicators import BY_NAME
from sim.runs.outputs import atomic_write, write_csv
from sim.runs.runner import RunResult

FIGURE_FORMATS = ("png", "svg", "pdf")


def export_figure(fig: Figure, path: Path) -> Path:
    """Save ``fig``; the format follows the file extension (png, svg or pdf)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise ValueError(f"{path.name}: use a .png, .svg or .pdf file name")
    atomic_write(path, lambda fh: fig.savefig(fh, format=fmt, dpi=150, bbox_inches="tight"), binary=True)
    return path


def export_csv(result: RunResult, path: Path) -> Path:
    """The summary table, written exactly as ``innovsim run`` writes ``summary.csv``."""
    write_csv(result.summary, Path(path))
    return Path(path)


STAT_LABELS = {"mean": "mean", "p5": "5th percentile", "p50": "median", "p95": "95th percentile"}


def _stat(stat: str) -> str:
    return i18n.tr("Export", STAT_LABELS[stat])


def column_label(column: str) -> str:
    """A readable heading with its unit, in the current language, for a column of the result tables
    (``rd_intensity_p50`` -> ``R&D intensity [% of GDP], median``); unknown columns are kept as they are."""
    t = i18n.tr
    fixed = {
        "scenario": t("Export", "Scenario"), "year": t("Export", "Year"),
        "replicates": t("Export", "Replicates (runs)"), "replicate": t("Export", "Run number"),
        "seed": t("Export", "Random seed of the run"), "indicator": t("Export", "Indicator"),
        "direction": t("Export", "Direction (at least / at most)"), "target": t("Export", "Target value"),
        "simulated_median": t("Export", "Simulated median"), "simulated_p5": t("Export", "Simulated 5th percentile"),
        "simulated_p95": t("Export", "Simulated 95th percentile"),
        "probability": t("Export", "Probability of reaching the target (share of runs)"),
        "interpretation": t("Export", "Interpretation of the plan (not a figure from it)"),
        "source": t("Export", "Source"),
        "fiscal_cost_cumulative": t("Export", "Cumulative fiscal cost from the first forecast year [100m yuan]"),
        "delta_rd_intensity": t("Export", "Difference in R&D intensity [percentage points]"),
        "delta_hnte_count": t("Export", "Difference in HNTE count [firms]"),
        "delta_fiscal_cost": t("Export", "Difference in cumulative fiscal cost [100m yuan]"),
        "cost_per_extra_hnte": t("Export", "Cost per extra HNTE [100m yuan]"),
        "cost_per_0p1_rd_intensity": t("Export", "Cost per +0.1 point of R&D intensity [100m yuan]"),
    }
    if column in fixed:
        return fixed[column]
    if column in BY_NAME:
        return f"{i18n.indicator_label(column)} [{i18n.indicator_unit(column)}]"
    m = re.fullmatch(r"(\w+)_(mean|p5|p50|p95)", column)
    if m and m.group(1) in BY_NAME:
        return f"{i18n.indicator_label(m.group(1))} [{i18n.indicator_unit(m.group(1))}], {_stat(m.group(2))}"
    m = re.fullmatch(r"P\((\w+)(>=|<=)(.+)\)", column)
    if m:
        op = "≥" if m.group(2) == ">=" else "≤"
        return t("Export", "Probability of {0} {1} {2} (share of runs)").format(
            i18n.indicator_label(m.group(1)), op, m.group(3))
    return column


def labelled(frame: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with readable headings (``column_label``), scenario names and indicator labels."""
    out = frame.copy()
    names = names or {}
    if "scenario" in out.columns:
        out["scenario"] = out["scenario"].map(lambda v: names.get(v, v))
    if "indicator" in out.columns:
        out["indicator"] = out["indicator"].map(lambda v: f"{i18n.indicator_label(v)} [{i18n.indicator_unit(v)}]")
    if "direction" in out.columns:
        out["direction"] = out["direction"].map(
            lambda v: i18n.tr("Export", "at least") if v == "at_least" else i18n.tr("Export", "at most"))
    out.columns = [column_label(str(c)) for c in out.columns]
    return out


def xlsx_sheets(result: RunResult, names: dict[str, str] | None = None,
                comparison: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, in the current language: yearly summary, targets, every run's indicators and,
    for two or more scenarios, the comparison (``comparison``, default ``compare_table(result)``)."""
    t = i18n.tr
    sheets = {t("Export", "Summary"): labelled(result.summary, names),
              t("Export", "Targets"): labelled(result.targets, names),
              t("Export", "Runs"): labelled(result.indicators, names)}
    if len(result.ids) > 1:
        table = comparison if comparison is not None else compare_table(result)
        sheets[t("Export", "Comparison")] = labelled(table, names)
    return sheets


def export_xlsx(result: RunResult, path: Path, names: dict[str, str] | None = None,
                comparison: pd.DataFrame | None = None) -> Path:
    """Summary, targets, per-run indicators and (for 2+ scenarios) the comparison, one sheet each, with
    readable column headings and units in the current language (``xlsx_sheets``)."""
    sheets = xlsx_sheets(result, names, comparison)

    def write(fh: object) -> None:
        with pd.ExcelWriter(fh, engine="openpyxl") as xl:  # type: ignore[arg-type]
            for name, frame in sheets.items():
                frame.to_excel(xl, sheet_name=name[:31], index=False)
                sheet = xl.sheets[name[:31]]
                for k, col in enumerate(frame.columns):  # columns wide enough for their headings
                    letter = sheet.cell(row=1, column=k + 1).column_letter
                    sheet.column_dimensions[letter].width = min(48, max(10, display_width(str(col)) + 2))

    atomic_write(Path(path), write, binary=True)
    return Path(path)


def chart_figure(result: RunResult, indicators: list[str], names: dict[str, str], title: str,
                 show_observed: bool = True) -> Figure:
    """A chart for a file: the charts of ``indicators`` under ``title``, with a legend that names every
    scenario (one too), the 5-95% band and the target markers."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from desktop.views.charts import draw_figure

    setup_matplotlib()
    n = min(len(indicators), 6)
    fig = Figure(figsize=(11, 3.2 * max(1, (n + 1) // 2) + 1.4), dpi=100)
    draw_figure(fig, result, indicators, names, show_observed)
    for legend in list(fig.legends):
        legend.remove()
    handles = [ln for ln in fig.axes[0].lines if str(ln.get_gid() or "").startswith("median:")] if fig.axes else []
    handles += [Patch(color="#888888", alpha=0.3, label=i18n.tr("Export", "5–95% of runs")),
                Line2D([], [], marker="^", color="#555555", markeredgecolor="black", linestyle="none",
                       label=i18n.tr("Export", "plan target (P: share of runs reaching it)"))]
    seen = set()
    for ax in fig.axes:
        for ln in observed_artists(ax):
            if ln.get_label() not in seen:
                seen.add(ln.get_label())
                handles.append(ln)
    fig.legend(handles, [str(h.get_label()) for h in handles], loc="lower center", ncol=min(4, len(handles)),
               fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=12, fontweight="bold")
    return fig


def _fmt(v: object, digits: int = 4) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:,.{digits}g}"
    return str(v)


def comparison_rows(table: pd.DataFrame, names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """Display headers and rows of a ``compare_table`` (labels in the current language)."""
    t = i18n.tr
    ctx = "Compare"
    headers = [t(ctx, "Scenario"), t(ctx, "Year"), t(ctx, "R&D intensity (%)"), t(ctx, "HNTE count"),
               t(ctx, "Cumulative fiscal cost (100m yuan)"), t(ctx, "Δ cost"), t(ctx, "Cost per extra HNTE (100m yuan)"),
               t(ctx, "Cost per +0.1 pt R&D intensity (100m yuan)")]
    keys = ["scenario", "year", "rd_intensity", "hnte_count", "fiscal_cost_cumulative", "delta_fiscal_cost",
            "cost_per_extra_hnte", "cost_per_0p1_rd_intensity"]
    probs = [c for c in table.columns if c.startswith("P(")]
    for p in probs:
        m = re.fullmatch(r"P\((\w+)(>=|<=)(.+)\)", p)
        headers.append(f"P({i18n.indicator_label(m.group(1))} {'≥' if m.group(2) == '>=' else '≤'} {m.group(3)})" if m else p)
    rows = []
    for _, r in table.iterrows():
        row = [names.get(r["scenario"], r["scenario"]), str(int(r["year"]))]
        row += [_fmt(r[k]) for k in keys[2:]]
        row += ["–" if pd.isna(r[p]) else f"{r[p]:.0%}" for p in probs]
        rows.append(row)
    return headers, rows


def export_report(result: RunResult, path: Path, names: dict[str, str], reference: str | None = None,
                  show_observed: bool = True, extra_pages: tuple[Figure, ...] = ()) -> Path:
    """The report for a leader (``sim.analysis.leader_report``) in the app's language: headline sentences,
    charts with observed history (unless ``show_observed`` is False), fiscal cost, the differences against
    ``reference`` (default: the first scenario), targets, assumptions and sources; then ``extra_pages``
    (e.g. the attribution waterfall)."""
    from sim.analysis.leader_report import write_leader_report

    return write_leader_report(result, Path(path), "zh" if i18n.is_zh() else "en", names, reference, show_observed,
                               extra_pages)
