"""Exports: charts (PNG, SVG, PDF), results (CSV identical to the CLI's summary.csv, XLSX) and a
one-page PDF comparison report. Files are written atomically."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from desktop import i18n
from desktop.charts import plot_indicator
from desktop.fonts import setup_matplotlib
from sim.compare import compare_table
from sim.outputs import atomic_write, write_csv
from sim.runner import RunResult

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


def export_xlsx(result: RunResult, path: Path) -> Path:
    """Summary, targets, per-run indicators and (for 2+ scenarios) the comparison, one sheet each."""
    sheets = {"summary": result.summary, "targets": result.targets, "indicators": result.indicators}
    if len(result.ids) > 1:
        sheets["comparison"] = compare_table(result)

    def write(fh: object) -> None:
        with pd.ExcelWriter(fh, engine="openpyxl") as xl:  # type: ignore[arg-type]
            for name, frame in sheets.items():
                frame.to_excel(xl, sheet_name=name, index=False)

    atomic_write(Path(path), write, binary=True)
    return Path(path)


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


def export_report(result: RunResult, path: Path, names: dict[str, str],
                  indicators: tuple[str, ...] = ("rd_intensity", "hnte_count")) -> Path:
    """One A4 landscape page: scenarios, two key charts and the comparison table."""
    setup_matplotlib()
    fig = Figure(figsize=(11.69, 8.27))
    fig.suptitle(i18n.tr("Compare", "innovsim scenario comparison"), fontsize=14, fontweight="bold")
    listing = "; ".join(f"{k + 1}. {names.get(s, s)}" for k, s in enumerate(result.ids))
    fig.text(0.03, 0.92, f"{listing}   ({i18n.tr('Compare', 'replicates')}: {len(result.seeds)}, seed {result.base_seed})",
             fontsize=8)
    for k, ind in enumerate(indicators[:2]):
        ax = fig.add_axes((0.06 + k * 0.48, 0.47, 0.42, 0.4))
        plot_indicator(ax, result, ind, names)
        if k == 0:
            ax.legend(fontsize=7)
    headers, rows = comparison_rows(compare_table(result), names)
    tax = fig.add_axes((0.02, 0.02, 0.96, 0.36))
    tax.axis("off")
    table = tax.table(cellText=rows, colLabels=headers, loc="upper center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    table.scale(1, 1.4)
    fig.text(0.03, 0.005, i18n.tr("Compare", "Means over replicates; costs in 100m yuan, cumulative from the base year; "
                                  "differences against the first scenario."), fontsize=7)

    def write(fh: object) -> None:
        from matplotlib.backends.backend_pdf import PdfPages  # imported on use: it costs 0.5 s of start-up

        with PdfPages(fh) as pdf:  # type: ignore[arg-type]
            pdf.savefig(fig)

    atomic_write(Path(path), write, binary=True)
    return Path(path)
