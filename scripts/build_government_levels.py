"""Build ``sim/data/government_levels.csv``: budget and 科学技术 spending by level of government
(province own level 省本级, all cities' own level 市本级, all counties 县级, consolidated) for
Gansu, Guizhou and Liupanshui. Run from the repository root:
``python scripts/build_government_levels.py``.

What this file contains and why is in ``docs/government_levels.md``. In short:

* ``found`` rows are figures seen in a cited public source (the consolidated series come from the
  project's curated ``sim/data/history.csv``, which keeps the China Statistical Yearbook source;
  the two Gansu provincial own-level figures come from news reports of the Gansu budget reports).
* ``assumed`` rows split the found consolidated figures by level with the shares below, which are
  an assumption documented (with the test that would refute them) in the doc. No level split of
  科学技术 spending for any year, nor of the budget for 2015-2023, was found.

Only the standard library is used; the output is deterministic.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "sim" / "data" / "history.csv"
TARGET = ROOT / "sim" / "data" / "government_levels.csv"
COLUMNS = ["region", "level", "indicator", "year", "value", "unit", "source", "address", "confidence"]
YEARS = range(2015, 2024)
LEVELS = ("province", "city", "county")

# --- assumption (docs/government_levels.md, "Recommended shares") --------------------------------
# Share of each level's own general budget expenditure in the consolidated (全省) total.
# province: between the two found Gansu values (20.3% in 2012, 23.2% in 2014), rounded to 22%;
# city / county: the remaining 78% split 1:3 (市本级 a quarter of 市县 spending), no source found.
BUDGET_SHARE = {"province": 0.22, "city": 0.195, "county": 0.585}
# Gansu plan targets (seed 004 line 69): own-level 科技 ratio by level, % of own budget.
PLAN_TARGET = {"province": 2.5, "city": 2.0, "county": 1.0}
# Share of consolidated 科学技术 spending by level: each level spends the same fraction of its plan
# target ratio, so the S&T share is proportional to budget share x target ratio.
_W = {lv: BUDGET_SHARE[lv] * PLAN_TARGET[lv] for lv in LEVELS}
ST_SHARE = {lv: _W[lv] / sum(_W.values()) for lv in LEVELS}

DOC = "docs/government_levels.md"

# --- found figures not in history.csv -------------------------------------------------------------
FOUND = [
    (
        "Gansu", "province", "budget_expenditure", 2012, 418.24,
        "甘肃省统计局 via news (2013-02-26): 2012年全省财政支出2063.44亿元, 其中省级支出418.24亿元, "
        "市县支出1645.2亿元 (province own level = 20.27% of 2063.44)",
        "http://51edu.com/caijing/kjcyzg/kjcyzgksxysd/3173699.html",
    ),
    (
        "Gansu", "province", "budget_expenditure", 2014, 590.1,
        "关于2014年省级财政决算草案和2015年上半年全省财政预算执行情况的报告 (甘肃省人大常委会, 2015-07-30), "
        "news report: 决算后...省级支出590.1亿元, 完成预算的86% (own level; 加上上解中央、补助市县、债券还本等总支出2151.4亿元)",
        "https://m.emailnickv.com/html/2015/news_0731/76396.html ; http://m.zulacollective.com/news/201507/31/94039.html",
    ),
]


def _history() -> dict[tuple[str, str, int], dict[str, str]]:
    with HISTORY.open(encoding="utf-8", newline="") as f:
        return {(r["region"], r["indicator"], int(r["year"])): r for r in csv.DictReader(f)}


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def build() -> list[dict[str, str]]:
    hist = _history()
    rows: list[dict[str, str]] = []

    def add(region, level, indicator, year, value, source, address, confidence):
        rows.append(dict(zip(COLUMNS, [region, level, indicator, str(year), _fmt(value), "亿元",
                                       source, address, confidence], strict=True)))

    for region in ("Gansu", "Guizhou"):
        years = sorted(set(YEARS) | ({2012, 2014} if region == "Gansu" else set()))
        for year in years:
            for indicator in ("budget_expenditure", "fiscal_st_spending"):
                h = hist[(region, indicator, year)]
                add(region, "consolidated", indicator, year, float(h["value"]), h["source"], h["address"],
                    h["confidence"])
    for region, level, indicator, year, value, source, address in FOUND:
        add(region, level, indicator, year, value, source, address, "found")

    for region in ("Gansu", "Guizhou"):
        for year in YEARS:
            b = float(hist[(region, "budget_expenditure", year)]["value"])
            s = float(hist[(region, "fiscal_st_spending", year)]["value"])
            for lv in LEVELS:
                add(region, lv, "budget_expenditure", year, b * BUDGET_SHARE[lv],
                    f"assumed: consolidated {b} x {lv} budget share {BUDGET_SHARE[lv]:.3f} "
                    "(province share from Gansu 2012/2014 found values; city/county split assumed)"
                    + (" — no Guizhou level data found, Gansu shares used" if region == "Guizhou" else ""),
                    DOC, "assumed")
                add(region, lv, "fiscal_st_spending", year, s * ST_SHARE[lv],
                    f"assumed: consolidated 科学技术 {s} x {lv} S&T share {ST_SHARE[lv]:.4f} "
                    f"(proportional to budget share x Gansu plan target 2.5/2/1%; no level split found)",
                    DOC, "assumed")

    # Liupanshui (a city with its counties): no budget figure found; city-wide budget assumed at its
    # GDP share of Guizhou (GDP: found / derived rows of history.csv), S&T at Guizhou's consolidated ratio.
    gdp = {(r, y): float(hist[(r, "gdp", y)]["value"]) for r, y in
           (("Liupanshui", 2020), ("Liupanshui", 2023), ("Guizhou", 2020), ("Guizhou", 2023))}
    for year in (2020, 2023):
        share = gdp[("Liupanshui", year)] / gdp[("Guizhou", year)]
        b_gz = float(hist[("Guizhou", "budget_expenditure", year)]["value"])
        s_gz = float(hist[("Guizhou", "fiscal_st_spending", year)]["value"])
        b = b_gz * share
        add("Liupanshui", "consolidated", "budget_expenditure", year, b,
            f"assumed: Guizhou consolidated {b_gz} x Liupanshui GDP share {share:.4f} "
            f"(GDP {gdp[('Liupanshui', year)]} / {gdp[('Guizhou', year)]}, history.csv); no Liupanshui budget found",
            DOC, "assumed")
        add("Liupanshui", "consolidated", "fiscal_st_spending", year, b * s_gz / b_gz,
            f"assumed: Liupanshui budget above x Guizhou consolidated 科学技术 ratio {100 * s_gz / b_gz:.2f}%; "
            "no Liupanshui figure found",
            DOC, "assumed")
        city_share = BUDGET_SHARE["city"] / (BUDGET_SHARE["city"] + BUDGET_SHARE["county"])
        add("Liupanshui", "city", "budget_expenditure", year, b * city_share,
            f"assumed: Liupanshui city-wide budget x 市本级 share of 市县 spending {city_share:.2f}", DOC, "assumed")
        add("Liupanshui", "county", "budget_expenditure", year, b * (1 - city_share),
            f"assumed: Liupanshui city-wide budget x county share of 市县 spending {1 - city_share:.2f}", DOC,
            "assumed")
    order = {"consolidated": 0, "province": 1, "city": 2, "county": 3}
    rows.sort(key=lambda r: (r["region"], r["indicator"], order[r["level"]], int(r["year"])))
    return rows


def main() -> None:
    rows = build()
    with TARGET.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {TARGET.relative_to(ROOT)}")
    print("budget shares", BUDGET_SHARE)
    print("S&T shares", {k: round(v, 4) for k, v in ST_SHARE.items()})


if __name__ == "__main__":
    main()
