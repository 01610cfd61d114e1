"""Exports: charts (PNG, SVG, PDF), results (CSV identical to the CLI's summary.csv, XLSX) and a
one-page PDF comparison report. Files are written atomically."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from desktop import i18n
from desktop.fonts import setup_matplotlib
from desktop.views.charts import observed_source_note, plot_indicator
from sim.analysis.compare import compare_table
from sim.analysis.overlay import observed_artists
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


def _display_width(token: str) -> int:
    """Columns a token takes: a CJK character counts two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)


def wrap_label(text: str, width: int = 16) -> str:
    """``text`` on lines of at most ``width`` display columns (CJK characters count two). Breaks at spaces
    or between CJK characters; a run of other characters ('R&D', '0.1', '(100m') is never split."""
    raw = re.findall(r"\s+|[^\s\u2e80-\u9fff\uff00-\uffef]+|.", text)
    tokens: list[str] = []
    for tok in raw:  # an opening bracket stays with what follows it, a closing one with what precedes it
        if tokens and (tokens[-1] in "(（" or (tok in ")）" and not tokens[-1].isspace())):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if tok.isspace():
            if line:
                line += " "
            continue
        if line and _display_width(line + tok) > width:
            lines.append(line.rstrip())
            line = ""
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def export_report(result: RunResult, path: Path, names: dict[str, str],
                  indicators: tuple[str, ...] = ("rd_intensity", "hnte_count"), show_observed: bool = True,
                  extra_pages: tuple[Figure, ...] = ()) -> Path:
    """One A4 landscape page: scenarios, two key charts (with the observed history unless
    ``show_observed`` is False) and the comparison table; then ``extra_pages`` (e.g. the attribution waterfall)."""
    fig = report_figure(result, names, indicators, show_observed)

    def write(fh: object) -> None:
        from matplotlib.backends.backend_pdf import PdfPages  # imported on use: it costs 0.5 s of start-up

        with PdfPages(fh) as pdf:  # type: ignore[arg-type]
            pdf.savefig(fig)
            for page in extra_pages:
                pdf.savefig(page)

    atomic_write(Path(path), write, binary=True)
    return Path(path)


def report_figure(result: RunResult, names: dict[str, str],
                  indicators: tuple[str, ...] = ("rd_intensity", "hnte_count"), show_observed: bool = True) -> Figure:
    """The page of ``export_report`` as a matplotlib figure (A4 landscape)."""
    setup_matplotlib()
    fig = Figure(figsize=(11.69, 8.27))
    fig.suptitle(i18n.tr("Compare", "innovsim scenario comparison"), fontsize=14, fontweight="bold")
    listing = "; ".join(f"{k + 1}. {names.get(s, s)}" for k, s in enumerate(result.ids))
    fig.text(0.03, 0.92, f"{listing}   ({i18n.tr('Compare', 'replicates')}: {len(result.seeds)}, seed {result.base_seed})",
             fontsize=8)
    any_observed = False
    for k, ind in enumerate(indicators[:2]):
        ax = fig.add_axes((0.06 + k * 0.48, 0.47, 0.42, 0.4))
        plot_indicator(ax, result, ind, names, show_observed=show_observed)
        observed = observed_artists(ax)
        any_observed = any_observed or bool(observed)
        if k == 0:
            ax.legend(fontsize=7)  # the scenarios, and the observed points when this chart has any
        elif observed:
            ax.legend(handles=observed, fontsize=7)
    headers, rows = comparison_rows(compare_table(result), names)
    tax = fig.add_axes((0.02, 0.02, 0.96, 0.36))
    tax.axis("off")
    wrapped = [wrap_label(h, 14) for h in headers]
    table = tax.table(cellText=[[wrap_label(r[0], 22), *r[1:]] for r in rows], colLabels=wrapped, loc="upper center",
                      cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    table.auto_set_column_width(list(range(len(headers))))  # each column as wide as its longest line
    cells = table.get_celld()
    # every cell of a row as tall as the row's most wrapped text; the whole table fits its axes
    lines = {r: 1 + max(cell.get_text().get_text().count("\n") for (rr, _), cell in cells.items() if rr == r)
             for r in {r for r, _ in cells}}
    unit = min(0.055, 0.97 / sum(0.6 + 0.75 * n for n in lines.values()))  # axes fraction per line
    for (r, _), cell in cells.items():
        cell.set_height(unit * (0.6 + 0.75 * lines[r]))
    note = i18n.tr("Compare", "Means over replicates; costs in 100m yuan, cumulative from the first forecast year; "
                   "differences against the first scenario.")
    if any_observed:
        note += " " + observed_source_note()
    fig.text(0.03, 0.005, note, fontsize=7)
    return fig
