"""innovsim: an agent-based model of S&T policy in western China.

Python API (``docs/api.md``)::

    from sim import Hold, evaluate, load_scenario, run
    sc = load_scenario("scenarios/gansu_baseline.toml")
    policy = sc.with_values({"subsidy.rate": 0.1, "budget.fiscal_st_ratio": Hold(2.5, from_year=2025)})
    evaluate(policy, seed=1, outcomes=["rd_intensity@2025", "fiscal_cost@2021:2025"])  # {label: value}
    result = run(policy, replicates=20)
    result.summary, result.targets, result.indicators  # pandas DataFrames
"""

from sim.errors import InnovsimError, ScenarioError
from sim.runs.evaluate import evaluate
from sim.runs.outcomes import Outcome, parse_outcome
from sim.runs.runner import RunCancelled, RunResult, run, simulate
from sim.scenario.loader import PARAM_ALIASES, Hold, Scenario, Target, identifier, load_scenario
from sim.version import __version__

__all__ = ["PARAM_ALIASES", "Hold", "InnovsimError", "Outcome", "RunCancelled", "RunResult", "Scenario", "ScenarioError",
           "Target", "__version__", "evaluate", "identifier", "load_scenario", "parse_outcome", "run", "simulate"]
