"""``innovsim report DIR --out report.pdf``: charts and tables of a result
folder (run or comparison, sweep, sensitivity, calibration, goal seeking),
rendered headless with matplotlib's Agg backend into one PDF.

If a CJK font is bundled under ``assets/fonts/*.ttf|ttc`` it is registered
first, so Chinese labels render; otherwise labels are English only.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.attribution_report import attribution_pages
from sim.analysis.fonts import register_cjk_font
from sim.analysis.overlay import SOURCE, draw_observed, observed_points, region_label
from sim.errors import InnovsimError
from sim.indicators import BY_NAME

RUN_INDICATORS = ("rd_intensity", "fiscal_st_ratio", "hnte_count", "rd_personnel_per_10k_employed",
                  "tech_contract_turnover", "patents_per_10k", "high_tech_output_share", "fiscal_cost")
ROWS_PER_PAGE = 28


def detect_kind(folder: Path) -> str:
    """``run``, ``sweep``, ``sensitivity``, ``calibration``, ``attribution`` or ``goalseek``."""
    if (folder / "goalseek.json").is_file():
        return "goalseek"
    man = folder / "manifest.json"
    if not man.is_file():
        raise InnovsimError(f"{folder}: no manifest.json or goalseek.json; is it a finished innovsim result folder?")
    kind = _json(man).get("kind")
    if kind in ("sweep", "sensitivity", "calibration", "attribution"):
        return str(kind)
    if (folder / "summary.csv").is_file():
        return "run"
    raise InnovsimError(f"{folder}: unknown kind of result folder")


def _json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as e:
        raise InnovsimError(f"Cannot read {path}: {e}") from e


def _csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InnovsimError(f"{path} is missing; the result folder is incomplete")
    return pd.read_csv(path)


def make_report(folder: Path, out: Path) -> int:
    """Write the PDF report of ``folder`` to ``out`` (atomically); return the number of pages."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages

    from sim.runs.outputs import atomic_write

    folder = Path(folder)
    if not folder.is_dir():
        raise InnovsimError(f"{folder}: not a folder")
    kind = detect_kind(folder)
    cjk = register_cjk_font() is not None
    figures = {"run": _run_pages, "sweep": _sweep_pages, "sensitivity": _sensitivity_pages,
               "calibration": _calibration_pages, "goalseek": _goalseek_pages,
               "attribution": attribution_pages}[kind](folder, cjk)
    count = len(figures)

    def write(fh: Any) -> None:
        import matplotlib.pyplot as plt

        with PdfPages(fh) as pdf:
            info = pdf.infodict()
            info["Title"] = f"innovsim {kind} report: {folder.name}"
            info["Creator"] = "innovsim report"
            for fig in figures:
                pdf.savefig(fig)
                plt.close(fig)

    atomic_write(Path(out), write, binary=True)
    return count


# --------------------------------------------------------------------------- helpers

def _text_page(title: str, lines: Sequence[str]) -> Any:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8.27, 11.69))
    fig.text(0.08, 0.94, title, fontsize=16)
    y = 0.9
    for line in lines:
        for part in textwrap.wrap(line, 95) or [""]:
            fig.text(0.08, y, part, fontsize=9)
            y -= 0.018
            if y < 0.05:
                return fig
    return fig


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return "" if np.isnan(v) else f"{v:.4g}"
    return str(v)


def _table_pages(title: str, frame: pd.DataFrame, max_rows: int = 200) -> list[Any]:
    import matplotlib.pyplot as plt

    frame = frame.head(max_rows)
    pages = []
    for start in range(0, max(len(frame), 1), ROWS_PER_PAGE):
        part = frame.iloc[start:start + ROWS_PER_PAGE]
        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        ax.axis("off")
        suffix = f" (rows {start + 1}-{start + len(part)} of {len(frame)})" if len(frame) > ROWS_PER_PAGE else ""
        ax.set_title(title + suffix, fontsize=12, loc="left")
        if len(part):
            cells = [[_fmt(v) for v in row] for row in part.itertuples(index=False)]
            cols = [textwrap.fill(str(c), 16) for c in part.columns]
            tab = ax.table(cellText=cells, colLabels=cols, loc="upper center", cellLoc="right")
            tab.auto_set_font_size(False)
            tab.set_fontsize(7 if len(part.columns) > 8 else 8)
            tab.scale(1, 1.3)
        pages.append(fig)
    return pages


def _observed_label(region: str, cjk: bool) -> str:
    return f"Observed / 观测值 ({region} / {region_label(region, zh=True)})" if cjk else f"Observed ({region})"


def _label(name: str, cjk: bool) -> str:
    ind = BY_NAME.get(name)
    if ind is None:
        return name
    return f"{ind.label} / {ind.label_zh} ({ind.unit})" if cjk else f"{ind.label} ({ind.unit})"


# --------------------------------------------------------------------------- kinds

def _run_pages(folder: Path, cjk: bool) -> list[Any]:
    import matplotlib.pyplot as plt

    man = _json(folder / "manifest.json")
    summary = _csv(folder / "summary.csv")
    targets = _csv(folder / "targets.csv") if (folder / "targets.csv").is_file() else pd.DataFrame()
    scen = man.get("scenarios", [])
    lines = [f"Folder: {folder}", f"Replicates: {man.get('replicates')}, base seed {man.get('base_seed')}",
             f"Started {man.get('started')}, ended {man.get('ended')}", ""]
    for s in scen:
        name = f"{s.get('name')} / {s.get('name_zh')}" if cjk else str(s.get("name"))
        lines += [f"Scenario {s.get('id')}: {name}", f"  {s.get('description', '')}", f"  file {s.get('file')}"]
    pages = [_text_page("innovsim run" + (" comparison" if len(scen) > 1 else ""), lines)]
    regions = [str(s.get("region") or "") for s in scen]
    names = [n for n in RUN_INDICATORS if f"{n}_p50" in summary.columns]
    names += [c[:-4] for c in summary.columns  # and every other indicator that has observed history here
              if c.endswith("_p50") and c[:-4] not in names
              and observed_points(regions, c[:-4], summary["year"].unique())]
    for start in range(0, len(names), 4):
        fig, axes = plt.subplots(2, 2, figsize=(11.69, 8.27), squeeze=False)
        any_observed = False
        for k, (ax, name) in enumerate(zip(axes.flat, names[start:start + 4], strict=False)):
            observed = _run_chart(ax, summary, targets, name, regions, cjk)
            any_observed = any_observed or bool(observed)
            if k == 0:
                ax.legend(fontsize=8)  # the scenarios, and the observed points when this chart has any
            elif observed:
                ax.legend(handles=observed, fontsize=8)
        for ax in list(axes.flat)[len(names[start:start + 4]):]:
            ax.axis("off")
        fig.suptitle("Median and 5-95% band over replicates; red stars: targets"
                     + (f"; black markers: observed ({SOURCE})" if any_observed else ""))
        fig.tight_layout()
        pages.append(fig)
    if not targets.empty:
        cols = ["scenario", "indicator", "year", "direction", "target", "simulated_median", "simulated_p5",
                "simulated_p95", "probability"]
        pages += _table_pages("Targets", targets[[c for c in cols if c in targets.columns]])
    return pages


def _run_chart(ax: Any, summary: pd.DataFrame, targets: pd.DataFrame, name: str, regions: Sequence[str],
               cjk: bool) -> list[Any]:
    """One indicator of a run folder on ``ax``: median and 5-95% band per scenario, targets, and the observed
    history of each distinct region of ``regions`` (``sim.analysis.overlay``); returns the observed-point artists."""
    for sid, g in summary.groupby("scenario", sort=False):
        line = ax.plot(g["year"], g[f"{name}_p50"], label=str(sid))[0]
        ax.fill_between(g["year"], g[f"{name}_p5"], g[f"{name}_p95"], alpha=0.2, color=line.get_color())
    if not targets.empty:
        for t in targets[targets["indicator"] == name].drop_duplicates(["year", "target"]).itertuples():
            ax.plot([t.year], [t.target], marker="*", color="red", markersize=10, linestyle="none")
    points = observed_points(regions, name, summary["year"].unique())
    observed = draw_observed(ax, points, lambda region: _observed_label(region, cjk), zh=None if cjk else False)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))  # years, never 2017.5
    ax.set_title(_label(name, cjk), fontsize=10)
    ax.grid(alpha=0.3)
    return observed


def _sweep_pages(folder: Path, cjk: bool) -> list[Any]:
    import matplotlib.pyplot as plt

    man = _json(folder / "manifest.json")
    design = _csv(folder / "design.csv")
    summary = _csv(folder / "summary.csv")
    targets = _csv(folder / "targets.csv")
    factors = [c for c in design.columns if c != "point"]
    lines = [f"Folder: {folder}", f"Scenario: {man.get('scenario', {}).get('name')}",
             f"Design: {man.get('design')}, {man.get('points')} points x {man.get('replicates')} replicates "
             f"(same seeds at every point), base seed {man.get('base_seed')}",
             f"Parameters: {', '.join(factors)}", f"Executor: {man.get('executor')}",
             f"Started {man.get('started')}, ended {man.get('ended')}"]
    pages = [_text_page("innovsim sweep", lines)]
    outs = targets.drop_duplicates(["indicator", "year"])[["indicator", "year"]].itertuples(index=False) \
        if not targets.empty else [("rd_intensity", int(summary["year"].max()))]
    outs = list(outs)[:4]
    for factor in factors:
        fig, axes = plt.subplots(2, 2, figsize=(11.69, 8.27), squeeze=False)
        for ax, (ind, year) in zip(axes.flat, outs, strict=False):
            rows = summary[summary["year"] == year]
            ax.errorbar(rows[factor], rows[f"{ind}_p50"],
                        yerr=[rows[f"{ind}_p50"] - rows[f"{ind}_p5"], rows[f"{ind}_p95"] - rows[f"{ind}_p50"]],
                        fmt="o", alpha=0.7, capsize=2)
            mine = targets[(targets["indicator"] == ind) & (targets["year"] == year)] if not targets.empty else targets
            if not mine.empty:
                ax.axhline(float(mine["target"].iloc[0]), color="red", linestyle="--", label="target")
                ax.legend(fontsize=8)
            ax.set_xlabel(factor)
            ax.set_title(f"{_label(ind, cjk)} in {year}", fontsize=10)
            ax.grid(alpha=0.3)
        for ax in list(axes.flat)[len(outs):]:
            ax.axis("off")
        fig.suptitle(f"Median and 5-95% over replicates against {factor}")
        fig.tight_layout()
        pages.append(fig)
    if not targets.empty:
        wide = targets.pivot_table(index=["point", *factors], columns=["indicator", "year"], values="probability")
        wide.columns = [f"P({i}@{y})" for i, y in wide.columns]
        pages += _table_pages("Probability of reaching each target, per point", wide.reset_index())
    return pages


def _sensitivity_pages(folder: Path, cjk: bool) -> list[Any]:
    import matplotlib.pyplot as plt

    from sim.studies.sensitivity import draw_indices

    man = _json(folder / "manifest.json")
    indices = _csv(folder / "indices.csv")
    method = str(man.get("method"))
    ranges = [f"  {p['parameter']}: {p['lo']:g} to {p['hi']:g}" for p in man.get("params", [])]
    lines = [f"Folder: {folder}", f"Scenario: {man.get('scenario', {}).get('name')}",
             f"Method: {method} (SALib), N = {man.get('n')}, {man.get('points')} points x {man.get('replicates')} "
             f"replicates (outcome = mean over replicates, same seeds at every point)",
             f"Outcomes: {', '.join(man.get('outcomes', []))}", "Parameter ranges (uniform):", *ranges]
    pages = [_text_page("innovsim sensitivity", lines)]
    for o in indices["outcome"].unique():
        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        draw_indices(ax, indices[indices["outcome"] == o], method)
        ax.set_title(f"{'Sobol indices' if method == 'sobol' else 'Morris mu*'}: {o}")
        fig.tight_layout()
        pages.append(fig)
    pages += _table_pages("Indices with 95% confidence intervals", indices)
    return pages


def _calibration_pages(folder: Path, cjk: bool) -> list[Any]:
    import matplotlib.pyplot as plt

    man = _json(folder / "manifest.json")
    fit = _csv(folder / "fit_report.csv")
    fitted = _csv(folder / "fitted.csv")
    trace = _csv(folder / "trace.csv")
    lines = [f"Folder: {folder}", f"Scenario: {man.get('scenario', {}).get('name')}",
             f"Method: {man.get('method')}, {man.get('evaluations')} evaluations x {man.get('replicates')} replicates",
             f"Loss (mean squared relative error over {man.get('observations')} observations): {man.get('loss'):.4g}",
             f"Optimiser: {man.get('optimizer_message')}", "Calibrated scenario: calibrated.toml"]
    pages = [_text_page("innovsim calibrate", lines)]
    fig, axes = plt.subplots(1, 2, figsize=(11.69, 8.27))
    axes[0].plot(trace["evaluation"], trace["loss"], ".", alpha=0.6)
    axes[0].set_yscale("log")
    axes[0].set_xlabel("evaluation")
    axes[0].set_ylabel("loss")
    axes[0].set_title("Loss of each evaluation")
    labels = [f"{r.indicator}@{r.year}" for r in fit.itertuples()]
    axes[1].barh(labels, fit["rel_error"] * 100)
    axes[1].set_xlabel("relative error at the fit (%)")
    axes[1].set_title("Fit per observation")
    fig.tight_layout()
    pages.append(fig)
    pages += _table_pages("Fitted parameters", fitted)
    pages += _table_pages("Fit report", fit)
    return pages


def _goalseek_pages(folder: Path, cjk: bool) -> list[Any]:
    import matplotlib.pyplot as plt

    gs = _json(folder / "goalseek.json")
    ev = _csv(folder / "evaluations.csv")
    answer = _csv(folder / "answer.csv")
    lines = [gs.get("statement", ""), "", f"Lever: {gs.get('lever')}, range {gs.get('range')}",
             f"Targets: {', '.join(gs.get('targets', []))}; required probability {gs.get('prob')}",
             f"{gs.get('replicates')} replicates per evaluation (same seeds), base seed {gs.get('base_seed')}",
             f"Monotone over evaluated values: {gs.get('monotone')}"]
    pages = [_text_page("innovsim goalseek", lines)]
    fig, axes = plt.subplots(1, 2, figsize=(11.69, 8.27))
    seen = ev[~ev["baseline"].astype(bool)].sort_values("lever_value")
    axes[0].plot(seen["lever_value"], seen["probability_all"], "o-")
    axes[0].axhline(float(gs.get("prob", 0.8)), color="red", linestyle="--", label="required probability")
    if gs.get("value") is not None:
        axes[0].axvline(float(gs["value"]), color="green", linestyle=":", label="answer")
    axes[0].set_xlabel(str(gs.get("lever")))
    axes[0].set_ylabel("probability that all targets hold")
    axes[0].legend(fontsize=8)
    axes[1].plot(seen["lever_value"], seen["fiscal_cost_median"], "o-")
    axes[1].set_xlabel(str(gs.get("lever")))
    axes[1].set_ylabel("median cumulative fiscal cost (100m yuan)")
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.tight_layout()
    pages.append(fig)
    pages += _table_pages("Targets at the answer", answer)
    pages += _table_pages("Evaluations", ev)
    return pages
