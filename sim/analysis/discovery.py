"""Charts of a scenario-discovery study (``sim.studies.discover``): PRIM's peeling trade-off and the
recommended box, as PNG and PDF, with Chinese labels drawn in the bundled font."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.fonts import register_cjk_font
from sim.scenario.params import SPECS_BY_KEY
from sim.studies.discover import SIGNIFICANT, Discovery


def _label(parameter: str) -> str:
    key, _, year = parameter.partition("@")
    spec = SPECS_BY_KEY[key]
    return f"{spec.label_zh} / {spec.label}" + (f" ({year})" if year else "")


def tradeoff_figure(result: Discovery) -> Any:
    """Coverage against density of every peeling step, coloured by the number of restricted parameters."""
    from matplotlib.figure import Figure

    register_cjk_font()
    fig = Figure(figsize=(7, 5), layout="constrained")
    ax = fig.add_subplot()
    t = result.trajectory
    pts = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=28)
    fig.colorbar(pts, ax=ax, label="受限参数个数 / restricted parameters")
    if result.chosen is not None:
        row = t.set_index("box").loc[result.chosen]
        ax.scatter([row["coverage"]], [row["density"]], s=160, facecolors="none", edgecolors="crimson", linewidths=2)
        ax.annotate(f"推荐 / recommended (step {result.chosen})", (row["coverage"], row["density"]),
                    xytext=(-12, -4), textcoords="offset points", color="crimson", ha="right", va="top")
    ax.set_xlabel("覆盖率 / coverage")
    ax.set_ylabel("密度 / density")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"PRIM 剥离权衡 / peeling trade-off: {' & '.join(t.label for t in result.targets)}")
    ax.grid(alpha=0.3)
    return fig


def box_figure(result: Discovery) -> Any:
    """Each restricted parameter's box limits within its sampled range (levers blue, uncertain orange)."""
    from matplotlib.figure import Figure

    register_cjk_font()
    rows = result.limits[result.limits["restricted"]]
    fig = Figure(figsize=(11, 1.6 + 0.7 * max(len(rows), 1)), layout="constrained")
    ax = fig.add_subplot()
    for i, row in enumerate(rows.itertuples()):
        span = row.sampled_max - row.sampled_min or 1.0
        a, b = (row.min - row.sampled_min) / span, (row.max - row.sampled_min) / span
        color = "tab:blue" if row.parameter in result.levers else "tab:orange"
        qp = np.nanmax([row.qp_min, row.qp_max])
        ax.barh(i, 1.0, left=0.0, color="0.9", height=0.5)
        ax.barh(i, b - a, left=a, color=color, height=0.5, alpha=1.0 if qp < SIGNIFICANT else 0.35)
        ax.text(a, i + 0.32, f"{row.min:.3g}", ha="center", fontsize=8)
        ax.text(b, i + 0.32, f"{row.max:.3g}", ha="center", fontsize=8)
        ax.text(1.03, i, f"qp {qp:.2g}" + ("" if qp < SIGNIFICANT else " (不显著 n.s.)"), va="center", fontsize=8)
    ax.set_yticks(np.arange(len(rows)), [_label(p) for p in rows["parameter"]])
    ax.set_xlim(-0.05, 1.3)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("抽样范围内的位置 / position in the sampled range\n蓝 blue: 政策杠杆 lever; 橙 orange: 不确定参数 uncertain; "
                  f"浅色 pale: qp ≥ {SIGNIFICANT:g}")
    if result.chosen is not None:
        step = result.trajectory.set_index("box").loc[result.chosen]
        ax.set_title(f"推荐盒 / recommended box (PRIM step {result.chosen})\n"
                     f"覆盖率 coverage {step['coverage']:.2f}, 密度 density {step['density']:.2f}, 质量 mass {step['mass']:.2f}")
    ax.invert_yaxis()
    return fig


def write_discovery_charts(result: Discovery, out: Path) -> list[Path]:
    """``tradeoff.png/.pdf`` and ``box.png/.pdf`` in ``out`` (written atomically); none without a box."""
    from sim.runs.outputs import atomic_write

    if result.chosen is None:
        return []
    written = []
    for name, fig in (("tradeoff", tradeoff_figure(result)), ("box", box_figure(result))):
        for fmt in ("png", "pdf"):
            path = Path(out) / f"{name}.{fmt}"
            atomic_write(path, lambda fh, fig=fig, fmt=fmt: fig.savefig(fh, format=fmt, dpi=120), binary=True)
            written.append(path)
    return written
