"""What fiscal S&T ratio does Gansu need in 2025 to reach R&D intensity 1.5%?

A small, fast version of the planner's question (a reduced synthetic firm
population and 8 replicates; runs in well under a minute on two cores).
For the real answer use the full population and 20+ replicates:

    innovsim goalseek scenarios/gansu_baseline.toml --target "rd_intensity@2025>=1.5" \
        --lever budget.fiscal_st_ratio --prob 0.8 --replicates 20 --out goalseek

Run from the repository root: ``python examples/gansu_goalseek.py``.
"""

from __future__ import annotations

from pathlib import Path

from sim.scenario.loader import load_scenario
from sim.studies.goalseek import goalseek
from sim.studies.sweep import sweep

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "gansu_baseline.toml", ["run.n_firms=400", "run.n_universities=10"])

    # 1. How does R&D intensity in 2025 respond to the 2025 fiscal S&T ratio? (grid of 4 values x 4 replicates)
    sw = sweep(scenario, ["budget.fiscal_st_ratio@2025=1:4:4"], replicates=4, seed=1, workers=2)
    y2025 = sw.summary[sw.summary["year"] == 2025]
    print(y2025[["budget.fiscal_st_ratio@2025", "rd_intensity_p5", "rd_intensity_p50", "rd_intensity_p95"]]
          .to_string(index=False))

    # 2. The smallest 2025 ratio that reaches 1.5% with probability >= 80%, and what it costs.
    result = goalseek(scenario, ["rd_intensity@2025>=1.5"], "budget.fiscal_st_ratio", prob=0.8,
                      lever_range="0:8", replicates=8, seed=1, tol=0.05, workers=2)
    print(result.statement)
    print(result.evaluations[["lever_value", "probability_all", "fiscal_cost_median"]].to_string(index=False))


if __name__ == "__main__":
    main()
