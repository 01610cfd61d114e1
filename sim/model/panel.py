"""The firm panel: the one documented way to read individual firms out of a running model.

Views and exports never read ``FirmState`` or the model's internals themselves: they go through
``PanelRecorder``, which observes the model once a year (after set-up and after each ``step``), keeps what
a snapshot needs that the model does not store (when a firm was certified, when it left, last year's revenue)
and returns

* ``snapshot``: one row per firm active in that year or leaving in it (``PANEL_COLUMNS``), for chosen years;
* ``stage_counts``: firms by stage every year (``STAGES``);
* ``flows``: firms moving between stages from one year to the next.

Its own arrays hold a few numbers per firm slot (memory grows with the firm count, not with the years),
and a snapshot is built only for the years asked for. Money in million yuan, ratios in percent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from sim.model.policy import HNTE_VALID_YEARS, hnte_rd_threshold
from sim.scenario.loader import path_value

# Stages of the HNTE ladder, in the order charts stack them. A firm has exactly one stage a year.
STAGES = ("ordinary", "tech_sme", "pool", "hnte", "lapsed", "entered", "exited")
STAGE_LABELS = {  # English, Chinese
    "ordinary": ("Ordinary", "一般企业"), "tech_sme": ("Technology-based SME", "科技型中小企业"),
    "pool": ("Cultivation pool", "高企培育库"), "hnte": ("HNTE", "高新技术企业"),
    "lapsed": ("Lapsed HNTE", "高企资格失效"), "entered": ("Entered this year", "当年新进入"),
    "exited": ("Exited this year", "当年退出"),
}
TECH_SME_MAX_EMPLOYEES = 500  # 科技型中小企业评价办法 (2017): at most 500 staff and 200 million yuan of sales
TECH_SME_MAX_REVENUE = 200.0  # million yuan
TECH_SME_MIN_ST_SHARE = 0.10  # S&T staff share and R&D / revenue the model takes as the evaluation's
TECH_SME_MIN_RATIO = 0.03  # pass mark (a proxy: the real evaluation scores staff, R&D and IP)

# column: (dtype, unit, meaning) -- the panel's documented schema (docs/firm_panel.md)
PANEL_COLUMNS: dict[str, tuple[str, str, str]] = {
    "year": ("int64", "year", "year of the snapshot (end of the year's step)"),
    "firm": ("int64", "", "firm id: stable for the run (the firm's slot)"),
    "stage": ("str", "", "stage on the HNTE ladder: " + ", ".join(STAGES)),
    "entered": ("int64", "year", "year the firm entered (base-year firms: a year before the base year)"),
    "exited": ("int64", "year", "year the firm left; 0 while active"),
    "revenue": ("float64", "million yuan", "sales revenue this year"),
    "employees": ("float64", "persons", "employees"),
    "rd": ("float64", "million yuan", "R&D really spent this year"),
    "rd_reported": ("float64", "million yuan", "R&D reported this year (spent plus relabelled)"),
    "rd_ratio": ("float64", "%", "reported R&D / the revenue the firm planned on, as the HNTE test counts it"),
    "rd_ratio_3y": ("float64", "%", "three-year average of rd_ratio (the HNTE criterion)"),
    "threshold": ("float64", "%", "HNTE R&D threshold of the firm's revenue band (3, 4 or 5)"),
    "st_share": ("float64", "%", "S&T staff / employees"),
    "ht_share": ("float64", "%", "high-tech products / revenue"),
    "hnte": ("bool", "", "holds a valid HNTE certificate"),
    "pool": ("bool", "", "in the HNTE cultivation pool (培育库), not yet certified"),
    "certified_since": ("int64", "year", "first year of the current run of certificates; 0 if not certified"),
    "hnte_expiry": ("int64", "year", "year the certificate must be renewed; 0 if never certified"),
    "subsidy": ("float64", "million yuan", "post-R&D subsidy received this year"),
    "award": ("float64", "million yuan", "HNTE award received this year (first or renewal, after rationing)"),
    "profit": ("float64", "million yuan", "profit before tax this year"),
    "productivity": ("float64", "index", "productivity (base-year mean about 1)"),
    "high_tech": ("bool", "", "high-tech sector"),
}


class PanelRecorder:
    """Observe a model every year; snapshots for ``years`` (None: none), stage counts and flows every year.

    Call ``observe(model)`` after the model is set up and after each ``model.step()``; it returns that
    year's snapshot (a DataFrame with ``PANEL_COLUMNS``) when the year is one of ``years``, else None.
    """

    def __init__(self, years: Iterable[int] | None = None) -> None:
        self.years = set(years or ())
        self.stage_counts: list[dict[str, int]] = []
        self.flow_rows: list[tuple[int, str, str, int]] = []
        self._since = np.zeros(0, np.int64)
        self._exited = np.zeros(0, np.int64)
        self._ever = np.zeros(0, bool)
        self._revenue = np.zeros(0)
        self._stage = np.zeros(0, np.int8)
        self._seen = np.zeros(0, bool)
        self._first = True

    def _grow(self, n: int) -> None:
        k = len(self._since)
        if n <= k:
            return
        pad = n - k
        self._since = np.concatenate([self._since, np.zeros(pad, np.int64)])
        self._exited = np.concatenate([self._exited, np.zeros(pad, np.int64)])
        self._ever = np.concatenate([self._ever, np.zeros(pad, bool)])
        self._revenue = np.concatenate([self._revenue, np.full(pad, np.nan)])
        self._stage = np.concatenate([self._stage, np.full(pad, -1, np.int8)])
        self._seen = np.concatenate([self._seen, np.zeros(pad, bool)])

    def observe(self, model: Any) -> pd.DataFrame | None:
        f, year = model.firms, int(model.year)
        n = f.n
        self._grow(n)
        alive = f.alive[:n]
        hnte = f.hnte[:n] & alive
        if self._first:  # base-year holders: their current certificate was issued three years before expiry
            self._since[:n] = np.where(hnte, f.hnte_expiry[:n] - HNTE_VALID_YEARS, 0)
        else:
            new = hnte & (self._since[:n] == 0)
            self._since[:n][new] = year
        self._since[:n][~hnte] = 0
        self._ever[:n] |= hnte
        left = self._seen[:n] & ~alive & (self._exited[:n] == 0)
        self._exited[:n][left] = year
        stage = self._stages(f, n, year, alive, hnte, left)
        self._count(year, stage, alive | left)
        out = self._snapshot(model, year, n, alive | left, stage) if year in self.years else None
        self._revenue[:n] = f.revenue[:n]  # next year's plans start from this year's revenue
        self._stage[:n] = stage
        self._seen[:n] |= alive
        self._first = False
        return out

    def _stages(self, f: Any, n: int, year: int, alive: np.ndarray, hnte: np.ndarray, left: np.ndarray) -> np.ndarray:
        ratio = f.ratio_hist[:n, 2]
        small = (f.employees[:n] <= TECH_SME_MAX_EMPLOYEES) & (f.revenue[:n] <= TECH_SME_MAX_REVENUE)
        tech = small & (f.st_share[:n] >= TECH_SME_MIN_ST_SHARE) & (ratio >= TECH_SME_MIN_RATIO)
        stage = np.zeros(n, np.int8)  # ordinary
        stage[tech] = STAGES.index("tech_sme")
        stage[f.pool[:n]] = STAGES.index("pool")
        stage[self._ever[:n] & ~hnte] = STAGES.index("lapsed")
        stage[hnte] = STAGES.index("hnte")
        if not self._first:
            stage[(f.birth_year[:n] == year) & alive] = STAGES.index("entered")
        stage[left] = STAGES.index("exited")
        stage[~alive & ~left] = -1  # left in an earlier year: no longer on the ladder
        return stage

    def _count(self, year: int, stage: np.ndarray, present: np.ndarray) -> None:
        counts = np.bincount(stage[present], minlength=len(STAGES))
        self.stage_counts.append({"year": year, **{s: int(c) for s, c in zip(STAGES, counts, strict=True)}})
        if self._first:
            return
        before = self._stage[:len(stage)]
        moved = present  # every firm on the ladder this year, from its stage last year (-1: not yet a firm)
        k = len(STAGES) + 1
        code = (before[moved].astype(np.int64) + 1) * k + stage[moved]  # from -1 (not yet a firm) to a stage
        table = np.bincount(code, minlength=k * k).reshape(k, k)
        for i, j in zip(*np.nonzero(table), strict=True):
            origin = "none" if i == 0 else STAGES[i - 1]
            self.flow_rows.append((year, origin, STAGES[j], int(table[i, j])))

    def _snapshot(self, model: Any, year: int, n: int, present: np.ndarray, stage: np.ndarray) -> pd.DataFrame:
        f, p = model.firms, model.p
        slots = np.flatnonzero(present)
        growth = 1.0 + float(getattr(model.government, "nominal_growth", 0.0))
        planned = self._revenue[slots] * growth  # the revenue the firm planned R&D on this year
        revenue = f.revenue[slots]
        planned = np.where(np.isnan(planned) | (f.birth_year[slots] == year), revenue, planned)
        hist = f.ratio_hist[slots]
        hnte = f.hnte[slots] & f.alive[slots]
        since = self._since[slots]
        renewed = hnte & (f.hnte_expiry[slots] == year + HNTE_VALID_YEARS) & (since < year)
        payout = float(getattr(model, "award_payout", 1.0))
        award = np.where(hnte & (since == year), path_value(p["subsidy.hnte_award_first"], year), 0.0)
        award = np.where(renewed, path_value(p["subsidy.hnte_award_recert"], year), award) * payout
        return pd.DataFrame({
            "year": np.full(len(slots), year, np.int64), "firm": slots.astype(np.int64),
            "stage": pd.Categorical.from_codes(stage[slots], categories=list(STAGES)),
            "entered": f.birth_year[slots].astype(np.int64), "exited": self._exited[slots],
            "revenue": revenue, "employees": f.employees[slots], "rd": f.rd_true[slots],
            "rd_reported": f.rd_reported[slots], "rd_ratio": 100.0 * hist[:, 2], "rd_ratio_3y": 100.0 * hist.mean(axis=1),
            "threshold": 100.0 * hnte_rd_threshold(planned), "st_share": 100.0 * f.st_share[slots],
            "ht_share": 100.0 * f.ht_share[slots], "hnte": hnte, "pool": f.pool[slots] & f.alive[slots] & ~hnte,
            "certified_since": since, "hnte_expiry": np.where(self._ever[slots], f.hnte_expiry[slots], 0),
            "subsidy": f.subsidy[slots], "award": award, "profit": f.profit[slots],
            "productivity": f.productivity[slots], "high_tech": f.high_tech[slots],
        })

    def stages_frame(self) -> pd.DataFrame:
        """Firms by stage, one row per year (columns ``year`` and ``STAGES``)."""
        return pd.DataFrame(self.stage_counts, columns=["year", *STAGES])

    def flows_frame(self) -> pd.DataFrame:
        """Firms moving from stage ``origin`` (last year; ``none``: not yet a firm) to ``stage`` (this year)."""
        return pd.DataFrame(self.flow_rows, columns=["year", "origin", "stage", "firms"])
