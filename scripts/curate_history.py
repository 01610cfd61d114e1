"""Curate the observed series innovsim uses from ``../shared/data/history.csv`` into
``sim/data/history.csv`` (run from the repository root: ``python scripts/curate_history.py``).

Each curated row keeps the source title, the address and the confidence of the row it comes
from; rows derived here (ratios of two found figures) say how in ``source``. The model's
indicator names are used (``sim.indicators``); ``history_indicator`` names the original row.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "history.csv"
TARGET = Path(__file__).resolve().parent.parent / "sim" / "data" / "history.csv"

# model indicator <- history.csv indicator, with the factor that converts the unit
DIRECT = {
    "gdp": ("gdp", 1.0),
    "budget_expenditure": ("general_budget_expenditure", 1.0),
    "fiscal_st_spending": ("fiscal_st_expenditure", 1.0),
    "fiscal_st_ratio": ("fiscal_st_share_of_budget", 1.0),
    "rd_spending": ("rd_expenditure", 1.0),
    "rd_intensity": ("rd_intensity", 1.0),
    "rd_government_funds": ("rd_expenditure_government_funds", 1.0),
    "rd_enterprise_funds": ("rd_expenditure_enterprise_funds", 1.0),
    "hnte_count": ("hnte_count", 1.0),
    "hnte_stock_proxy": ("hnte_stock_proxy_3yr_sum", 1.0),
    "hnte_certifications": ("hnte_recognized_in_year", 1.0),
    "tech_contract_turnover": ("tech_contract_turnover_seller_yearbook", 1.0),
    "tech_contract_inflow": ("tech_contract_turnover_buyer_yearbook", 1.0),
    "patents_valid": ("invention_patents_valid", 1.0),
    "rd_personnel_fte": ("rd_personnel_fte", 1e-4),  # persons -> 10k person-years
    "population": ("population", 1.0),
}
REGIONS = ("Gansu", "Guizhou", "Liupanshui", "China")
COLUMNS = ["region", "indicator", "year", "value", "unit", "source", "address", "confidence", "history_indicator"]
UNITS = {"rd_personnel_fte": "10k person-years"}


def curate(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    by_key = {(r["region"], r["indicator"], int(r["year"])): r for r in rows}
    out: list[dict[str, object]] = []
    for (region, name, year), r in sorted(by_key.items()):
        if region not in REGIONS:
            continue
        for model_name, (hist_name, factor) in DIRECT.items():
            if name == hist_name:
                out.append({"region": region, "indicator": model_name, "year": year,
                            "value": round(float(r["value"]) * factor, 6), "unit": UNITS.get(model_name, r["unit"]),
                            "source": r["source_title"], "address": r["source_url_or_repo_path"],
                            "confidence": r["confidence"], "history_indicator": hist_name})
    # enterprise share of R&D by source of funds (the model's enterprise_rd_share is by performer: see ODD)
    for (region, name, year), r in sorted(by_key.items()):
        if name != "rd_expenditure_enterprise_funds" or region not in REGIONS:
            continue
        total = by_key.get((region, "rd_expenditure_yearbook_total", year))
        if total is None:
            continue
        share = 100.0 * float(r["value"]) / float(total["value"])
        out.append({"region": region, "indicator": "enterprise_rd_share", "year": year, "value": round(share, 4),
                    "unit": "%", "source": f"derived: enterprise funds {r['value']} / yearbook total {total['value']}",
                    "address": r["source_url_or_repo_path"], "confidence": "derived",
                    "history_indicator": "rd_expenditure_enterprise_funds / rd_expenditure_yearbook_total"})
    return sorted(out, key=lambda d: (d["region"], d["indicator"], d["year"]))


def main() -> int:
    with SOURCE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    curated = curate(rows)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(curated)
    print(f"{len(curated)} rows -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
