"""The data overlay: observed points beside a simulated band, as modelers expect from Vensim.

Qt-free. The desktop charts, the desktop's PDF comparison report and ``innovsim report`` all take
their points from ``observed_points`` and draw them with ``draw_observed``, for whatever indicator
has rows in ``sim/data/history.csv`` (``sim.scenario.history``): nothing is drawn for an indicator or a region
without history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.scenario.history import PROXIES, history_region, observed

if TYPE_CHECKING:  # matplotlib is imported by whoever draws, not on import of sim
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

SOURCE = "sim/data/history.csv"
YEARS_BEFORE_BASE = 10  # history shown before a run's first year (Gansu 2012-2019 beside a run from 2020)
MARKERS = ("o", "s", "D", "v", "P", "X")  # one per region, in the order the scenarios name them
COLOR = "black"
GID_PREFIX = "observed:"
REGION_ZH = {"Gansu": "甘肃", "Guizhou": "贵州", "Liupanshui": "六盘水", "China": "全国"}


@dataclass(frozen=True)
class ObservedPoints:
    """The observations of one region and indicator drawn on one chart."""

    region: str  # the history table's region
    indicator: str
    years: np.ndarray
    values: np.ndarray
    proxy: bool = False  # a stand-in series (``sim.scenario.history.PROXIES``) where the official figure is missing


def history_regions(regions: Iterable[str]) -> list[str]:
    """The distinct history regions of scenario ``region`` strings, in first-seen order; regions without
    history are left out."""
    out: list[str] = []
    for region in regions:
        name = history_region(region or "")
        if name and name not in out:
            out.append(name)
    return out


def overlay_years(years: Iterable[int]) -> tuple[int, int]:
    """First and last year of the observations drawn beside a chart of the simulated ``years``: the
    chart's own years and up to ``YEARS_BEFORE_BASE`` years of history before the first of them."""
    ys = [int(y) for y in years]
    return min(ys) - YEARS_BEFORE_BASE, max(ys)


def observed_points(regions: Iterable[str], indicator: str, years: Iterable[int]) -> list[ObservedPoints]:
    """Observations of ``indicator`` for each distinct region of ``regions`` (scenario region strings),
    within ``overlay_years(years)``; regions with no observation there are left out."""
    first, last = overlay_years(years)
    out = []
    for name in history_regions(regions):
        rows = observed(name, indicator, first, last).sort_values("year")
        if len(rows):
            out.append(ObservedPoints(name, indicator, rows["year"].to_numpy(int), rows["value"].to_numpy(float)))
        if indicator in PROXIES:  # e.g. the HNTE stock after 2020: the three-year sum of the recognition lists
            stand_in = observed(name, PROXIES[indicator], first, last).sort_values("year")
            stand_in = stand_in[~stand_in["year"].isin(rows["year"])]
            if len(stand_in):
                out.append(ObservedPoints(name, indicator, stand_in["year"].to_numpy(int),
                                          stand_in["value"].to_numpy(float), proxy=True))
    return out


def proxy_suffix(zh: bool | None) -> str:
    """What a proxy series adds to its legend label: English (False), Chinese (True) or both (None)."""
    return {False: " (proxy)", True: "（估算）", None: " (proxy / 估算)"}[zh]


def region_label(region: str, zh: bool = False) -> str:
    """A history region's name in English or Chinese."""
    return REGION_ZH.get(region, region) if zh else region


def draw_observed(ax: Axes, points: list[ObservedPoints], label: Callable[[str], str],
                  zh: bool | None = False) -> list[Line2D]:
    """Draw each region's observations on ``ax`` as black markers (one shape per region), above the bands
    and median lines; ``label(region)`` names them in the legend. A proxy series is drawn hollow and its
    label gets ``proxy_suffix(zh)``. Returns the artists, whose gid is ``observed:<region>:<indicator>``
    (``...:proxy`` for a proxy)."""
    artists = []
    shapes: dict[str, str] = {}
    for p in points:
        marker = shapes.setdefault(p.region, MARKERS[len(shapes) % len(MARKERS)])
        style = {"markerfacecolor": "none", "markeredgecolor": COLOR, "markeredgewidth": 1.0} if p.proxy else \
            {"markeredgecolor": "white", "markeredgewidth": 0.6}
        gid = f"{GID_PREFIX}{p.region}:{p.indicator}" + (":proxy" if p.proxy else "")
        (line,) = ax.plot(p.years, p.values, linestyle="none", marker=marker, markersize=5, color=COLOR, zorder=4.5,
                          label=label(p.region) + (proxy_suffix(zh) if p.proxy else ""), gid=gid, **style)
        artists.append(line)
    return artists


def observed_artists(ax: Axes) -> list[Line2D]:
    """The observed-point artists ``draw_observed`` put on ``ax``."""
    return [ln for ln in ax.lines if str(ln.get_gid() or "").startswith(GID_PREFIX)]
