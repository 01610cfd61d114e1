"""A comparison report a leader can read: a PDF of a few A4 pages in Chinese or English, from a ``RunResult``.

Page 1: title with the region and the date, one headline sentence per target of R&D intensity and HNTE
count ("at the plan's ratios, R&D intensity reaches 1.5% by 2025 in 10% of the simulated runs; cumulative
fiscal cost ... 100 million yuan (亿元)"), one sentence per other scenario on its differences from the
reference, and the charts of R&D intensity and HNTE count with the observed history and a legend that
explains lines, bands, targets and points. Page 2: the yearly fiscal cost, and the table of levels and
differences at 2025 and 2035 (type >= 8 pt). Page 3: the share of runs reaching each target. Page 4:
assumptions and data sources.

Pure matplotlib (Agg), no Qt: the desktop's Compare ▸ PDF report and any script call ``write_leader_report``.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.compare import compare_table
from sim.analysis.fonts import register_cjk_font
from sim.analysis.overlay import SOURCE, draw_observed, observed_points, region_label
from sim.analysis.wrapping import wrap_label
from sim.indicators import BY_NAME
from sim.runs.runner import RunResult

CHARTS = ("rd_intensity", "hnte_count", "fiscal_cost")
HEADLINE = ("rd_intensity", "hnte_count")
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
A4_PORTRAIT = (8.27, 11.69)
BODY_PT = 9.5
TABLE_PT = 8.0

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "{region}: science and technology policy scenarios compared",
              "zh": "{region}科技政策情景对比报告"},
    "subtitle": {"en": "Prepared {date} with innovsim {version}. Each scenario was simulated {n} times with different "
                       "random draws (the same draws for every scenario).",
                 "zh": "{date} 由 innovsim {version} 生成。每个情景模拟 {n} 次,各次随机抽样不同(各情景使用相同的抽样)。"},
    "headlines": {"en": "Main findings", "zh": "主要结论"},
    "target_sentence": {
        "en": "{scenario}: {indicator} reaches {op}{value:g}{unit} by {year} in {p:.0%} of the simulated runs "
              "(median {median:,.4g}{unit}); cumulative fiscal cost {first}–{year}: {cost:,.0f} 100 million yuan.",
        "zh": "{scenario}:{year}年{indicator}{op_zh}{value:g}{unit}的目标,在{p:.0%}的模拟运行中达到(中位数 {median:,.4g}{unit});"
              "{first}–{year}年累计财政成本 {cost:,.0f} 亿元。"},
    "difference_sentence": {
        "en": "Against {ref}, {scenario} changes R&D intensity in {year} by {d_rd:+.2f} percentage points and the "
              "number of HNTE by {d_hnte:+,.0f}, at {d_cost:+,.0f} 100 million yuan of cumulative fiscal cost.",
        "zh": "与{ref}相比,{scenario}使{year}年R&D经费投入强度变化 {d_rd:+.2f} 个百分点,高新技术企业数变化 {d_hnte:+,.0f} 家,"
              "累计财政成本变化 {d_cost:+,.0f} 亿元。"},
    "no_target": {"en": "No target of R&D intensity or HNTE count is set in these scenarios.",
                  "zh": "这些情景未设定R&D经费投入强度或高新技术企业数目标。"},
    "fiscal_cost": {"en": "Fiscal cost per year (S&T spending and tax expenditure)",
                    "zh": "每年财政成本(财政科技支出与科技税式支出)"},
    "median": {"en": "{name}: middle of the runs (median)", "zh": "{name}:模拟中位数"},
    "band": {"en": "shaded: 90% of runs fall inside (5–95%)", "zh": "阴影:90%的模拟运行落在其中(5–95%)"},
    "target": {"en": "triangle: plan target; % = share of runs reaching it",
               "zh": "三角形:规划目标;百分比为达到目标的运行占比"},
    "observed": {"en": "dots: observed ({region})", "zh": "黑点:历史观测值({region})"},
    "reached": {"en": "{p:.0%} reach", "zh": "{p:.0%}达到"},
    "table_title": {"en": "Levels and differences (means over runs; costs cumulative from the first forecast year)",
                    "zh": "水平与差额(各次运行的均值;成本自预测首年起累计)"},
    "table_ref": {"en": "Differences are taken against: {ref}.", "zh": "差额以“{ref}”为参照。"},
    "col_scenario": {"en": "Scenario", "zh": "情景"}, "col_year": {"en": "Year", "zh": "年份"},
    "col_rd": {"en": "R&D intensity (% of GDP)", "zh": "R&D经费投入强度(%)"},
    "col_drd": {"en": "Difference (points)", "zh": "差额(百分点)"},
    "col_hnte": {"en": "HNTE (firms)", "zh": "高新技术企业(家)"},
    "col_dhnte": {"en": "Difference (firms)", "zh": "差额(家)"},
    "col_cost": {"en": "Cumulative fiscal cost (100m yuan)", "zh": "累计财政成本(亿元)"},
    "col_dcost": {"en": "Difference (100m yuan)", "zh": "差额(亿元)"},
    "col_per_hnte": {"en": "Cost per extra HNTE (100m yuan)", "zh": "每增加一家高企成本(亿元)"},
    "col_per_rd": {"en": "Cost per +0.1 point R&D intensity (100m yuan)", "zh": "强度每提高0.1个百分点成本(亿元)"},
    "targets_title": {"en": "Share of runs reaching each target", "zh": "各目标的达成概率(达到目标的运行占比)"},
    "assumptions": {"en": "Assumptions and data sources", "zh": "假设与数据来源"},
    "scenarios": {"en": "Scenarios", "zh": "情景"},
    "method": {"en": "How the figures were made", "zh": "计算方法"},
    "method_text": {
        "en": "innovsim is an agent-based model of firms, universities and government S&T funding (documented in "
              "docs/ODD.md). Each scenario was simulated {n} times; uncertain parameters were drawn anew in each run "
              "and every scenario used the same draws, so differences between scenarios come from the policies. "
              "Probabilities are the share of runs that reach a target. Fiscal cost is direct S&T spending plus S&T "
              "tax expenditure, in 100 million yuan (亿元).",
        "zh": "innovsim 是一个企业、高校与政府科技投入的多主体模型(说明见 docs/ODD.md)。每个情景模拟 {n} 次;"
              "不确定参数在每次运行中重新抽样,各情景使用相同的抽样,因此情景间的差异来自政策本身。"
              "达成概率为达到目标的运行占比。财政成本为财政科技支出与科技税式支出之和,单位为亿元。"},
    "sources": {"en": "Data sources", "zh": "数据来源"},
    "observed_source": {"en": "Observed history: {source} (statistical yearbooks; see docs/data_sources.md).",
                        "zh": "历史观测值:{source}(统计年鉴;见 docs/data_sources.md)。"},
    "target_sources": {"en": "Targets:", "zh": "目标来源:"},
    "interpretation": {"en": " (our reading of the plan's words)", "zh": "(对规划文字的解读)"},
    "page": {"en": "page {k} of {n}", "zh": "第 {k} 页,共 {n} 页"},
}


def _t(key: str, lang: str, **kw: Any) -> str:
    return TEXT[key]["zh" if lang == "zh" else "en"].format(**kw)


def _ind_label(name: str, lang: str) -> str:
    ind = BY_NAME[name]
    return ind.label_zh if lang == "zh" else ind.label


def _unit(name: str, lang: str) -> str:
    unit = BY_NAME[name].unit
    if unit == "% of GDP":
        return "%"
    if unit == "firms":
        return " 家" if lang == "zh" else " firms"
    if unit == "100m yuan":
        return " 亿元" if lang == "zh" else " 100m yuan"
    return f" {unit}"


def scenario_names(result: RunResult, lang: str) -> dict[str, str]:
    """Display names of the result's scenarios in ``lang`` (``zh`` or ``en``)."""
    return {sid: ((s.name_zh or s.name) if lang == "zh" else s.name) for s, sid in zip(result.scenarios, result.ids,
                                                                                         strict=True)}


def region_text(result: RunResult, lang: str) -> str:
    """The regions of the scenarios, each once, in ``lang``."""
    out: list[str] = []
    for s in result.scenarios:
        name = region_label(s.region or "", lang == "zh") if s.region else ""
        if name and name not in out:
            out.append(name)
    return ("、" if lang == "zh" else ", ").join(out) or ("—" if lang == "zh" else "Region not given")


def _cost_until(result: RunResult, sid: str, year: int) -> float:
    """Median over runs of the fiscal cost cumulated from the scenario's first forecast year to ``year``."""
    ind = result.indicators
    sc = result.scenarios[result.ids.index(sid)]
    mine = ind[(ind["scenario"] == sid) & (ind["year"] >= sc.forecast_from) & (ind["year"] <= year)]
    if mine.empty:
        return math.nan
    return float(np.median(mine.groupby("replicate")["fiscal_cost"].sum().to_numpy()))


def headlines(result: RunResult, lang: str, names: dict[str, str] | None = None, reference: str | None = None) -> list[str]:
    """The headline sentences: one per target of R&D intensity and HNTE count per scenario, then one per
    other scenario on its differences from ``reference`` (default: the first) at the last target year."""
    names = names or scenario_names(result, lang)
    lines = []
    for sid in result.ids:
        sc = result.scenarios[result.ids.index(sid)]
        rows = result.targets[(result.targets["scenario"] == sid) & result.targets["indicator"].isin(HEADLINE)]
        for t in rows.sort_values(["year", "indicator"]).itertuples():
            at_least = t.direction == "at_least"
            lines.append(_t("target_sentence", lang, scenario=names.get(sid, sid), indicator=_ind_label(t.indicator, lang),
                            op="" if at_least else "at most ", op_zh="达到" if at_least else "不高于",
                            value=float(t.target), unit=_unit(t.indicator, lang), year=int(t.year),
                            p=float(t.probability), median=float(t.simulated_median), first=sc.forecast_from,
                            cost=_cost_until(result, sid, int(t.year))))
    if not lines:
        lines.append(_t("no_target", lang))
    ref = reference if reference in result.ids else result.ids[0]
    if len(result.ids) > 1:
        table = compare_table(result, reference=ref)
        year = int(table["year"].max())
        for row in table[(table["year"] == year) & (table["scenario"] != ref)].itertuples():
            lines.append(_t("difference_sentence", lang, ref=names.get(ref, ref), scenario=names.get(row.scenario, row.scenario),
                            year=year, d_rd=row.delta_rd_intensity, d_hnte=row.delta_hnte_count, d_cost=row.delta_fiscal_cost))
    return lines


def _chart(ax: Any, result: RunResult, name: str, lang: str, show_observed: bool) -> list[Any]:
    """One indicator: per scenario the median and the 5-95% band; the targets with the share of runs
    reaching them in words; the observed history. Returns the observed-point artists."""
    from matplotlib.ticker import MaxNLocator

    s = result.summary
    for k, sid in enumerate(result.ids):
        rows = s[s["scenario"] == sid]
        color = COLORS[k % len(COLORS)]
        ax.fill_between(rows["year"], rows[f"{name}_p5"], rows[f"{name}_p95"], color=color, alpha=0.18, linewidth=0)
        ax.plot(rows["year"], rows[f"{name}_p50"], color=color, linewidth=2)
    tg = result.targets[result.targets["indicator"] == name]
    for (year, value, direction), rows in tg.groupby(["year", "target", "direction"], sort=False):
        ax.plot([year], [value], marker="^" if direction == "at_least" else "v", markersize=9, color="#555555",
                markeredgecolor="black", linestyle="none", zorder=4)
        shown = [(k, rows[rows["scenario"] == sid]["probability"]) for k, sid in enumerate(result.ids)]
        shown = [(k, float(p.iloc[0])) for k, p in shown if len(p)]
        for j, (k, prob) in enumerate(shown):  # one line per scenario, in its line's colour
            ax.annotate(_t("reached", lang, p=prob), (year, value), textcoords="offset points",
                        xytext=(-8, 5.5 * (len(shown) - 1) - 11 * j), ha="right", va="center", fontsize=8,
                        color=COLORS[k % len(COLORS)],
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    observed = []
    if show_observed:
        points = observed_points([sc.region for sc in result.scenarios], name, s["year"].unique())
        observed = draw_observed(ax, points, lambda region: _t("observed", lang, region=region_label(region, lang == "zh")))
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
    title = _t("fiscal_cost", lang) if name == "fiscal_cost" else _ind_label(name, lang)
    unit = _unit(name, lang).strip() if lang == "zh" else BY_NAME[name].unit
    ax.set_title(f"{title} [{unit}]", fontsize=10.5)
    ax.tick_params(labelsize=8.5)
    ax.grid(True, alpha=0.3)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)
    return observed


def _first_page(result: RunResult, lang: str, names: dict[str, str], reference: str | None, today: dt.date,
                show_observed: bool, version: str) -> Any:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = Figure(figsize=A4_PORTRAIT)
    fig.text(0.06, 0.962, _t("title", lang, region=region_text(result, lang)), fontsize=16, fontweight="bold")
    sub = _t("subtitle", lang, date=today.isoformat(), version=version, n=len(result.seeds))
    fig.text(0.06, 0.945, "\n".join(_wrap(sub, lang, 110)), fontsize=8.5, color="#444444", va="top")
    fig.text(0.06, 0.912, _t("headlines", lang), fontsize=12, fontweight="bold", va="top")
    y = 0.893
    for line in headlines(result, lang, names, reference):
        wrapped = _wrap(line, lang, 104)
        fig.text(0.075, y, "• " + "\n  ".join(wrapped), fontsize=BODY_PT, va="top")
        y -= 0.0155 * len(wrapped) + 0.006
    top = min(y - 0.035, 0.66)
    gap = 0.06
    height = (top - 0.11) / 2 - gap
    observed_all: dict[str, Any] = {}
    for k, name in enumerate(CHARTS[:2]):
        ax = fig.add_axes((0.1, top - (k + 1) * (height + gap) + gap, 0.85, height))
        for art in _chart(ax, result, name, lang, show_observed):
            observed_all.setdefault(art.get_label(), art)
    handles: list[Any] = [Line2D([], [], color=COLORS[k % len(COLORS)], linewidth=2) for k in range(len(result.ids))]
    labels = [_t("median", lang, name=names.get(sid, sid)) for sid in result.ids]
    handles += [Patch(color="#888888", alpha=0.3),
                Line2D([], [], marker="^", color="#555555", markeredgecolor="black", linestyle="none")]
    labels += [_t("band", lang), _t("target", lang)]
    handles += list(observed_all.values())
    labels += [str(a.get_label()) for a in observed_all.values()]
    fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.06, 0.012), ncol=1, fontsize=8, frameon=False)
    return fig


def _wrap(text: str, lang: str, width: int) -> list[str]:
    """Lines of ``text`` at most ``width`` columns wide (a CJK character takes two; words are not split)."""
    return wrap_label(text, width).split("\n") if text else [""]


def _num(v: Any, decimals: int, sign: bool = False) -> str:
    """``v`` with a thousands separator and ``decimals`` decimals ('–' when undefined)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{float(v):{'+' if sign else ''},.{decimals}f}"


def _fmt(v: Any, digits: int = 4, sign: bool = False) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "–"
    if isinstance(v, (int, float, np.floating)):
        return f"{float(v):+,.{digits}g}" if sign else f"{float(v):,.{digits}g}"
    return str(v)


def table_rows(result: RunResult, lang: str, names: dict[str, str], reference: str | None) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the levels and differences at the comparison years (``compare_table``)."""
    table = compare_table(result, reference=reference if reference in result.ids else None)
    keys = ["col_scenario", "col_year", "col_rd", "col_drd", "col_hnte", "col_dhnte", "col_cost", "col_dcost",
            "col_per_hnte", "col_per_rd"]
    headers = [_t(k, lang) for k in keys]
    rows = []
    for r in table.itertuples():
        rows.append([names.get(r.scenario, r.scenario), str(int(r.year)), _num(r.rd_intensity, 2),
                     _num(r.delta_rd_intensity, 2, True), _num(r.hnte_count, 0), _num(r.delta_hnte_count, 0, True),
                     _num(r.fiscal_cost_cumulative, 0), _num(r.delta_fiscal_cost, 0, True),
                     _num(r.cost_per_extra_hnte, 2), _num(r.cost_per_0p1_rd_intensity, 1)])
    return headers, rows


def _table(ax: Any, headers: list[str], rows: list[list[str]], lang: str, first_width: int) -> None:
    ax.axis("off")
    wrapped_h = ["\n".join(_wrap(h, lang, 14)) for h in headers]
    cells = [["\n".join(_wrap(r[0], lang, first_width)), *r[1:]] for r in rows]
    tab = ax.table(cellText=cells, colLabels=wrapped_h, loc="upper center", cellLoc="center")
    tab.auto_set_font_size(False)
    tab.set_fontsize(TABLE_PT)
    got = tab.get_celld()
    # each column as wide as its widest text (measured) and a margin; the slack shared out; as wide as the axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    renderer = (fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)).get_renderer()
    width_px = ax.get_window_extent(renderer).width
    need = [max(c.get_text().get_window_extent(renderer).width for (_, cc), c in got.items() if cc == col)
            + TABLE_PT * 1.2 for col in range(len(headers))]
    for (_, col), c in got.items():
        c.set_width(need[col] / max(sum(need), width_px))
    slack = max(0.0, 1 - sum(need) / width_px)
    for (_, col), c in got.items():
        c.set_width(c.get_width() + slack * need[col] / sum(need))
    lines = {r: 1 + max(c.get_text().get_text().count("\n") for (rr, _), c in got.items() if rr == r)
             for r in {r for r, _ in got}}
    unit = min(0.05, 0.98 / sum(0.5 + 0.9 * n for n in lines.values()))
    for (r, _), c in got.items():
        c.set_height(unit * (0.5 + 0.9 * lines[r]))
        if r == 0:
            c.set_facecolor("#eeeeee")


def _table_page(result: RunResult, lang: str, names: dict[str, str], reference: str | None,
                show_observed: bool) -> Any:
    """The yearly fiscal cost chart, and the levels and differences at the comparison years."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=A4_PORTRAIT)
    ax = fig.add_axes((0.1, 0.66, 0.85, 0.27))
    _chart(ax, result, "fiscal_cost", lang, show_observed)
    handles = [Line2D([], [], color=COLORS[k % len(COLORS)], linewidth=2) for k in range(len(result.ids))]
    ax.legend(handles, [names.get(sid, sid) for sid in result.ids], fontsize=8, loc="upper left")
    fig.text(0.06, 0.59, _t("table_title", lang), fontsize=12, fontweight="bold")
    ref = reference if reference in result.ids else result.ids[0]
    fig.text(0.06, 0.572, _t("table_ref", lang, ref=names.get(ref, ref)), fontsize=BODY_PT)
    headers, rows = table_rows(result, lang, names, reference)
    _table(fig.add_axes((0.03, 0.05, 0.94, 0.5)), headers, rows, lang, 18)
    return fig


def _targets_page(result: RunResult, lang: str, names: dict[str, str]) -> Any:
    """Each target of each scenario: the share of runs reaching it and the simulated median."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4_PORTRAIT)
    fig.text(0.06, 0.955, _t("targets_title", lang), fontsize=12, fontweight="bold")
    t_headers = [_t("col_scenario", lang), ("目标" if lang == "zh" else "Target"), _t("col_year", lang),
                 ("达成概率" if lang == "zh" else "Share of runs reaching it"),
                 ("模拟中位数" if lang == "zh" else "Simulated median")]
    t_rows = []
    for t in result.targets.itertuples():
        op = "≥" if t.direction == "at_least" else "≤"
        t_rows.append([names.get(t.scenario, t.scenario), f"{_ind_label(t.indicator, lang)} {op} {t.target:g}",
                       str(int(t.year)), f"{t.probability:.0%}", _fmt(float(t.simulated_median), 4)])
    _table(fig.add_axes((0.03, 0.05, 0.94, 0.88)), t_headers, t_rows[:40], lang, 26)
    return fig


def _sources_page(result: RunResult, lang: str, names: dict[str, str]) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4_PORTRAIT)
    lines: list[tuple[str, float, str]] = [(_t("assumptions", lang), 13, "bold"), ("", BODY_PT, "normal"),
                                           (_t("scenarios", lang), 11, "bold")]
    for sc, sid in zip(result.scenarios, result.ids, strict=True):
        desc = (sc.description_zh or sc.description) if lang == "zh" else sc.description
        lines.append(("• " + names.get(sid, sid), BODY_PT, "bold"))
        lines += [("   " + x, BODY_PT, "normal") for x in _wrap(desc or "", lang, 100)]
    lines += [("", BODY_PT, "normal"), (_t("method", lang), 11, "bold")]
    lines += [(x, BODY_PT, "normal") for x in _wrap(_t("method_text", lang, n=len(result.seeds)), lang, 105)]
    lines += [("", BODY_PT, "normal"), (_t("sources", lang), 11, "bold")]
    lines += [(x, BODY_PT, "normal") for x in _wrap(_t("observed_source", lang, source=SOURCE), lang, 105)]
    lines.append((_t("target_sources", lang), BODY_PT, "normal"))
    seen = set()
    for t in result.targets.itertuples():
        key = (t.source, bool(t.interpretation))
        if t.source and key not in seen:
            seen.add(key)
            extra = _t("interpretation", lang) if t.interpretation else ""
            lines += [("   • " + x, BODY_PT, "normal") for x in _wrap(str(t.source) + extra, lang, 100)]
    y = 0.955
    for text, size, weight in lines:
        fig.text(0.06, y, text, fontsize=size, fontweight=weight, va="top")
        y -= size / 72 / A4_PORTRAIT[1] * 1.55
        if y < 0.04:
            break
    return fig


def leader_report_pages(result: RunResult, lang: str = "en", names: dict[str, str] | None = None,
                        reference: str | None = None, today: dt.date | None = None,
                        show_observed: bool = True) -> list[Any]:
    """The report's pages as matplotlib figures (A4 portrait), in ``lang`` (``zh`` or ``en``)."""
    from sim.version import __version__

    register_cjk_font()
    lang = "zh" if lang.startswith("zh") else "en"
    names = names or scenario_names(result, lang)
    today = today or dt.date.today()
    pages = [_first_page(result, lang, names, reference, today, show_observed, __version__),
             _table_page(result, lang, names, reference, show_observed), _targets_page(result, lang, names),
             _sources_page(result, lang, names)]
    for k, fig in enumerate(pages):
        fig.text(0.5, 0.005, _t("page", lang, k=k + 1, n=len(pages)), ha="center", va="bottom", fontsize=7.5,
                 color="#666666")
    return pages


def write_leader_report(result: RunResult, path: Path, lang: str = "en", names: dict[str, str] | None = None,
                        reference: str | None = None, show_observed: bool = True,
                        extra_pages: tuple[Any, ...] = ()) -> Path:
    """Write the report to ``path`` (PDF, atomically) and return the path; ``extra_pages`` (matplotlib
    figures, e.g. the attribution waterfall) follow the report's pages."""
    from matplotlib.backends.backend_pdf import PdfPages

    from sim.runs.outputs import atomic_write

    pages = leader_report_pages(result, lang, names, reference, show_observed=show_observed)

    def write(fh: Any) -> None:
        with PdfPages(fh) as pdf:
            info = pdf.infodict()
            info["Title"] = _t("title", "zh" if lang.startswith("zh") else "en", region=region_text(result, lang))
            info["Creator"] = "innovsim"
            for fig in (*pages, *extra_pages):
                pdf.savefig(fig)

    atomic_write(Path(path), write, binary=True)
    return Path(path)


def result_from_folder(folder: Path) -> RunResult:
    """The ``RunResult`` of an ``innovsim run`` folder (its CSV files and the manifest's scenarios), for
    ``innovsim report DIR --leader``."""
    import json

    import pandas as pd

    from sim.errors import InnovsimError
    from sim.scenario.loader import Scenario, Target

    folder = Path(folder)
    try:
        man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        frames = {name: pd.read_csv(folder / f"{name}.csv", dtype={"scenario": str, "seed": str})
                  for name in ("indicators", "summary", "targets", "draws")}
    except (OSError, ValueError) as e:
        raise InnovsimError(f"{folder}: not a complete innovsim run folder ({e})") from e
    entries = man.get("scenarios")
    if not entries:
        raise InnovsimError(f"{folder}: the manifest lists no scenarios; is it an innovsim run folder?")
    scenarios = []
    for entry in entries:
        params = {k: ({int(y): v for y, v in val.items()} if isinstance(val, dict) else val)
                  for k, val in entry["params"].items()}
        targets = [Target(**t) for t in entry.get("targets", [])]
        scenarios.append(Scenario(name=entry["name"], name_zh=entry.get("name_zh", entry["name"]), params=params,
                                  targets=targets, description=entry.get("description", ""),
                                  region=entry.get("region", "")))
    targets = frames["targets"]
    for col in ("source",):
        if col in targets.columns:
            targets[col] = targets[col].fillna("")
    return RunResult(frames["indicators"], frames["summary"], targets, frames["draws"], scenarios,
                     [str(e["id"]) for e in entries], [int(x) for x in man.get("seeds", [])],
                     int(man.get("base_seed", 0)))
