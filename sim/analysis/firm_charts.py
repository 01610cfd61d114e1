"""Charts of the firm panel and of an attribution, drawn on a matplotlib ``Axes`` given by the caller: the
desktop's firm explorer and Compare view and the PDF report draw with the same functions. Labels are in
Chinese with ``zh`` (the caller registers the CJK font, ``sim.analysis.fonts``). Ratios in percent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.model.panel import STAGE_LABELS, STAGES
from sim.runs.bunching import THRESHOLDS, bunching_table

STAGE_COLORS = {"ordinary": "#c7c7c7", "tech_sme": "#9ecae1", "pool": "#fdae6b", "hnte": "#2ca02c",
                "lapsed": "#8c564b", "entered": "#1f77b4", "exited": "#d62728"}
HIST_MAX = 10.0  # % of revenue shown in the histogram
HIST_BIN = 0.1


def _t(en: str, zh: str, use_zh: bool) -> str:
    return zh if use_zh else en


def draw_bunching(ax: Any, firms: pd.DataFrame, counterfactual: pd.DataFrame | None, year: int, zh: bool = False) -> None:
    """Firms by three-year average R&D / revenue (the HNTE criterion) in ``year``: bars for ``firms``, a step
    line for the same firms without the notch (``counterfactual``), the 3/4/5% thresholds and their excess mass."""
    edges = np.arange(0.0, HIST_MAX + HIST_BIN / 2, HIST_BIN)

    def active(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["year"] == year) & (frame["exited"] == 0)]

    now = active(firms)
    ax.hist(now["rd_ratio_3y"].clip(upper=HIST_MAX - 1e-9), edges, color="#1f77b4", alpha=0.75,
            label=_t("with the HNTE notch", "有高企门槛(现行政策)", zh))
    if counterfactual is not None:
        cf = active(counterfactual)
        counts, _ = np.histogram(cf["rd_ratio_3y"].clip(upper=HIST_MAX - 1e-9), edges)
        ax.step(edges[:-1], counts, where="post", color="#d62728", linewidth=1.2,
                label=_t("same firms, no notch", "同一批企业,无高企门槛(反事实)", zh))
    table = bunching_table(now).set_index("threshold")
    top = ax.get_ylim()[1]
    for k, t in enumerate(THRESHOLDS):
        ax.axvline(t, color="#333333", linestyle="--", linewidth=0.9)
        mass = table["excess_mass"].get(t, np.nan)
        band = {3.0: _t(">200m yuan", "收入>2亿元", zh), 4.0: _t("50-200m", "5千万-2亿元", zh),
                5.0: _t("<=50m", "≤5千万元", zh)}[t]
        ax.text(t + 0.08, top * (0.97 - 0.13 * k), f"{t:g}% ({band})\n" + _t("excess mass", "超额集聚", zh) + f" {mass:+.1f}",
                fontsize=7, va="top")
    ax.set_xlim(0, HIST_MAX)
    ax.set_xlabel(_t("three-year average R&D / revenue (%), as the HNTE test counts it",
                     "近三年研发费用占销售收入比例(%),高企认定口径", zh))
    ax.set_ylabel(_t("firms", "企业数", zh))
    ax.set_title(_t(f"Bunching at the HNTE R&D thresholds, {year}", f"{year}年高企研发门槛处的集聚", zh))
    ax.legend(fontsize=7, loc="center right")


def draw_ladder(ax: Any, stages: pd.DataFrame, zh: bool = False) -> None:
    """Firms by stage of the HNTE ladder each year, stacked (``PanelRecorder.stages_frame``)."""
    years = stages["year"].to_numpy()
    bottom = np.zeros(len(years))
    for s in STAGES:
        values = stages[s].to_numpy(float)
        ax.bar(years, values, bottom=bottom, color=STAGE_COLORS[s], width=0.85,
               label=STAGE_LABELS[s][1] if zh else STAGE_LABELS[s][0])
        bottom += values
    ax.set_xlabel(_t("year", "年份", zh))
    ax.set_ylabel(_t("firms", "企业数", zh))
    ax.set_title(_t("The HNTE ladder: firms by stage", "高企培育梯队:各阶段企业数", zh))
    ax.legend(fontsize=7, ncol=4, loc="upper left")


def draw_firm_history(ax: Any, history: pd.DataFrame, zh: bool = False) -> None:
    """One firm's R&D / revenue (yearly and three-year average) against its threshold, stage as colour."""
    h = history.sort_values("year")
    ax.plot(h["year"], h["rd_ratio"], color="#1f77b4", marker="o", markersize=3,
            label=_t("R&D / revenue", "研发费用占比", zh))
    ax.plot(h["year"], h["rd_ratio_3y"], color="#ff7f0e", label=_t("three-year average", "三年平均", zh))
    ax.step(h["year"], h["threshold"], where="mid", color="#333333", linestyle="--", label=_t("threshold", "认定门槛", zh))
    for row in h.itertuples():
        ax.axvspan(row.year - 0.5, row.year + 0.5, color=STAGE_COLORS[str(row.stage)], alpha=0.25, linewidth=0)
    ax.set_ylabel("%")
    ax.legend(fontsize=7, loc="upper left")


def draw_waterfall(ax: Any, table: pd.DataFrame, indicator: str, zh: bool = False, unit: str = "") -> None:
    """The attribution of ``indicator`` (``sim.studies.attribution`` table) as a waterfall: each channel's
    part and the residual as floating bars from zero to the total, the total as the last bar, with the
    5-95% range of each part over replicates as a whisker."""
    rows = table[table["indicator"] == indicator].set_index("part")
    parts = [p for p in rows.index if p != "total"]
    labels = [str(rows.loc[p, "label_zh" if zh else "label"]) for p in [*parts, "total"]]
    start = 0.0
    for i, p in enumerate(parts):
        v = float(rows.loc[p, "value"])
        color = "#2ca02c" if v >= 0 else "#d62728"
        if p == "residual":
            color = "#999999"
        ax.bar(i, v, bottom=start, color=color, width=0.7)
        lo, hi = float(rows.loc[p, "p5"]), float(rows.loc[p, "p95"])
        ax.errorbar(i, start + v, yerr=[[max(v - lo, 0.0)], [max(hi - v, 0.0)]], color="#333333", capsize=3, linewidth=0.8)
        ax.text(i, start + v, f"{v:+.3g}", ha="center", va="bottom" if v >= 0 else "top", fontsize=7)
        if i < len(parts) - 1:
            ax.plot([i + 0.35, i + 0.65], [start + v, start + v], color="#555555", linewidth=0.6)
        start += v
    total = float(rows.loc["total", "value"])
    ax.bar(len(parts), total, color="#1f77b4", width=0.7)
    ax.text(len(parts), total, f"{total:+.3g}", ha="center", va="bottom" if total >= 0 else "top", fontsize=8,
            fontweight="bold")
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([_wrap(lbl, 5 if zh else 14) for lbl in labels], fontsize=7)
    ax.set_ylabel(unit)


def _wrap(text: str, width: int) -> str:
    import textwrap

    if any("\u4e00" <= ch <= "\u9fff" for ch in text):  # Chinese wraps by characters
        return "\n".join(text[k:k + width] for k in range(0, len(text), width))
    return "\n".join(textwrap.wrap(text, width)) or text
