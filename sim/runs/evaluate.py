"""``evaluate``: one run of a scenario, reduced to named outcomes, for wrappers (EMA Workbench, optimisers,
notebooks) that call the model many times. The fast path: no summary tables, no files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.errors import InnovsimError
from sim.runs.outcomes import Outcome, parse_outcome
from sim.runs.runner import run_args, simulate
from sim.scenario.library import as_scenario
from sim.scenario.loader import Scenario


def evaluate(scenario: Scenario | str | Path, values: Mapping[str, Any] | None = None, seed: int | None = None,
             outcomes: Sequence[str | Outcome] = ("rd_intensity@2025",)) -> dict[str, float]:
    """Run ``scenario`` once and return ``{outcome as given: value}``.

    Args:
        scenario: a ``Scenario``, a scenario file, or a bundled scenario's name (``"gansu_baseline"``).
        values: parameter values set first (``Scenario.with_values``: keys, ``key@YEAR``, identifier aliases,
            numbers, ``Hold``); an uncertain parameter that is set is no longer drawn.
        seed: the run's seed (default: the scenario's ``run.seed``). The run is ``simulate(*run_args(sc, seed))``:
            the scenario's other uncertain parameters (and posterior particle) are drawn from this seed, so
            the same seed gives the same numbers in any process.
        outcomes: ``indicator@YEAR``, ``indicator@FIRST:LAST`` (a flow summed over the years, e.g. the
            cumulative fiscal cost ``fiscal_cost@2021:2025``) or their identifier aliases (``sim.runs.outcomes``).

    Raises:
        ScenarioError: a bad value (named field, allowed range); InnovsimError: a bad outcome.
    """
    sc = as_scenario(scenario)
    if values:
        sc = sc.with_values(values)
    parsed = {(o if isinstance(o, str) else o.label): parse_outcome(o, sc, "outcome") for o in outcomes}
    if not parsed:
        raise InnovsimError("give at least one outcome, e.g. rd_intensity@2025")
    run_seed = int(sc.params["run.seed"] if seed is None else seed)
    result = simulate(*run_args(sc, run_seed))
    return {name: o.value(result) for name, o in parsed.items()}
