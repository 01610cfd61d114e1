"""innovsim: an agent-based model of S&T policy in western China.

Python API::

    from sim import load_scenario, run
    result = run(load_scenario("scenarios/gansu_baseline.toml"), replicates=20)
    result.summary, result.targets, result.indicators  # pandas DataFrames
"""

from sim.errors import InnovsimError, ScenarioError
from sim.runs.runner import RunCancelled, RunResult, run, simulate
from sim.scenario.loader import Scenario, Target, load_scenario
from sim.version import __version__

__all__ = ["InnovsimError", "RunCancelled", "RunResult", "Scenario", "ScenarioError", "Target", "__version__",
           "load_scenario", "run", "simulate"]
