"""Pages of the PDF report for an attribution folder (``innovsim attribute``): one waterfall per indicator
(``firm_charts.draw_waterfall``) and the table with the sum check. Kept apart from ``report.py``, which calls
``attribution_pages`` for folders whose manifest says ``kind = attribution``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.firm_charts import draw_waterfall
from sim.errors import InnovsimError
from sim.indicators import BY_NAME


def attribution_pages(folder: Path, cjk: bool) -> list[Any]:
    """A4 landscape pages: the waterfall of each indicator in ``attribution.csv``, titled from the manifest."""
    import matplotlib.pyplot as plt

    path = folder / "attribution.csv"
    if not path.is_file():
        raise InnovsimError(f"{path} is missing; the result folder is incomplete")
    table = pd.read_csv(path)
    meta = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = (meta.get("a_zh") or meta.get("a"), meta.get("b_zh") or meta.get("b")) if cjk else (meta.get("a"), meta.get("b"))
    what = f"{names[1]} − {names[0]}" if meta.get("b") else f"{names[0]}: {meta.get('year')} − {meta.get('base_year')}"
    pages = []
    for ind, group in table.groupby("indicator", sort=False):
        fig = plt.figure(figsize=(11.69, 8.27))
        ax = fig.add_axes((0.08, 0.22, 0.88, 0.62))
        info = BY_NAME.get(str(ind))
        label = (info.label_zh if cjk else info.label) if info else str(ind)
        draw_waterfall(ax, table, str(ind), zh=cjk, unit=info.unit if info else "")
        title = (f"{meta.get('year')}年{label}变化的渠道归因" if cjk else
                 f"Attribution of the change in {label}, {meta.get('year')}")
        fig.suptitle(title, fontsize=14)
        fig.text(0.08, 0.9, what, fontsize=9)
        values = group.set_index("part")["value"]
        parts = values.drop("total").sum()
        check = meta.get("sum_check", {}).get(str(ind), float("nan"))
        fig.text(0.08, 0.06,
                 f"Shapley values over {len(meta.get('channels', []))} channel switches (sim/studies/attribution.py), "
                 f"{meta.get('replicates')} paired replicates, {meta.get('runs')} runs; whiskers 5-95% over replicates. "
                 f"Parts + residual = {parts:+.6g}; total = {values['total']:+.6g} (largest gap in a replicate {check:.1e}).",
                 fontsize=8, wrap=True)
        pages.append(fig)
    return pages
