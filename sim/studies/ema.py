"""An EMA Workbench model of a scenario (``pip install innovsim[ema]``).

``ema_model(scenario, levers=..., uncertainties=..., outcomes=...)`` returns an ``ema_workbench`` ``Model``
whose function is ``sim.evaluate``: every parameter and outcome is named by its identifier alias
(``budget.fiscal_st_ratio@2025`` -> ``budget_fiscal_st_ratio_2025``, ``rd_intensity@2025`` ->
``rd_intensity_2025``), as EMA Workbench 3 requires. Uncertainties default to the scenario's ``[uncertainty]``
table. Seeds are fixed in the model itself (a ``seed`` constant, or one seed per replication derived from the
base seed as ``innovsim run`` derives them), so results are reproducible and the same under any evaluator.
"""

from __future__ import annotations

import statistics
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.errors import InnovsimError
from sim.runs.evaluate import evaluate
from sim.runs.outcomes import parse_outcome
from sim.runs.runner import replicate_seed
from sim.scenario.library import as_scenario
from sim.scenario.loader import Scenario, identifier, resolve_key
from sim.scenario.params import SPECS_BY_KEY

Ranges = Mapping[str, tuple[float, float]]


def require_ema() -> Any:
    """The ``ema_workbench`` module, or an ``InnovsimError`` saying how to install it."""
    try:
        with warnings.catch_warnings():  # EMA Workbench 2 warns on import about optional evaluators (ipyparallel)
            warnings.simplefilter("ignore", UserWarning)
            import ema_workbench
    except ImportError as e:
        raise InnovsimError("EMA Workbench is not installed: pip install 'innovsim[ema]' (or pip install ema_workbench)") from e
    return ema_workbench


class ScenarioFunction:
    """The picklable model function: ``evaluate(scenario, values=<EMA's keywords>, seed, outcomes)``."""

    def __init__(self, scenario: Scenario, names: Mapping[str, str], outcomes: Mapping[str, str]) -> None:
        self.scenario = scenario
        self.names = dict(names)  # EMA name -> with_values key
        self.outcomes = dict(outcomes)  # EMA name -> outcome label

    def __call__(self, seed: int, **kwargs: Any) -> dict[str, float]:
        values = {self.names[k]: v for k, v in kwargs.items()}
        out = evaluate(self.scenario, values, seed=int(seed), outcomes=list(self.outcomes.values()))
        return {name: out[label] for name, label in self.outcomes.items()}


def _parameters(ranges: Ranges, kind: str, ema: Any) -> tuple[list[Any], dict[str, str]]:
    params, names = [], {}
    for name, rng in ranges.items():
        key, year = resolve_key(name)
        label = key if year is None else f"{key}@{year}"
        spec = SPECS_BY_KEY[key]
        try:
            lo, hi = (float(x) for x in rng)
        except (TypeError, ValueError):
            raise InnovsimError(f"{kind} {name!r}: give a range (low, high), got {rng!r}") from None
        if not (spec.lo <= lo < hi <= spec.hi):
            raise InnovsimError(f"{kind} {name!r}: range ({lo:g}, {hi:g}) must have low < high inside the allowed "
                                f"range ({spec.range_text()})")
        ident = identifier(label)
        cls = ema.IntegerParameter if spec.kind == "int" else ema.RealParameter
        params.append(cls(ident, int(lo) if spec.kind == "int" else lo, int(hi) if spec.kind == "int" else hi))
        names[ident] = label
    return params, names


def ema_model(scenario: Scenario | str | Path, levers: Ranges | None = None, uncertainties: Ranges | None = None,
              outcomes: Sequence[str] = ("rd_intensity@2025",), seed: int | None = None,
              replications: int | None = None, reduce: Callable[[Sequence[float]], float] = statistics.fmean,
              name: str = "innovsim") -> Any:
    """An ``ema_workbench`` model of ``scenario``.

    Args:
        scenario: a ``Scenario``, a file or a bundled scenario's name.
        levers: ``{parameter: (low, high)}``; keys as ``Scenario.with_values`` takes them (``subsidy.rate``,
            ``budget.fiscal_st_ratio@2025``, or identifier aliases).
        uncertainties: as ``levers``; default the scenario's ``[uncertainty]`` table. Uncertain parameters of
            the scenario that are not listed are drawn from the run's seed.
        outcomes: ``indicator@YEAR`` or ``indicator@FIRST:LAST`` labels (``sim.runs.outcomes``).
        seed: base seed (default the scenario's ``run.seed``).
        replications: None runs each experiment once with ``seed``; N runs it with N seeds (a ``ReplicatorModel``),
            the seeds of ``innovsim run``'s replicates, and each outcome is ``reduce`` of the N values (default the
            mean; e.g. ``lambda v: sum(x >= 1.5 for x in v) / len(v)`` for the share of replicates reaching 1.5).
    """
    ema = require_ema()
    sc = as_scenario(scenario)
    unc = {k: tuple(v) for k, v in sc.uncertainty.items()} if uncertainties is None else uncertainties
    lever_params, lever_names = _parameters(levers or {}, "lever", ema)
    unc_params, unc_names = _parameters({k: v for k, v in unc.items() if k not in (levers or {})}, "uncertainty", ema)
    both = set(lever_names) & set(unc_names)
    if both:
        raise InnovsimError(f"{', '.join(sorted(both))} given as a lever and as an uncertainty; keep one")
    labels = {o.identifier: o.label for o in (parse_outcome(text, sc, "outcome") for text in outcomes)}
    function = ScenarioFunction(sc, {**lever_names, **unc_names}, labels)
    base = int(sc.params["run.seed"] if seed is None else seed)
    if replications is None:
        model = ema.Model(name, function=function)
        model.constants = [ema.Constant("seed", base)]
    else:
        if replications < 1:
            raise InnovsimError(f"replications must be at least 1, got {replications}")
        model = ema.ReplicatorModel(name, function=function)
        model.replications = [{"seed": replicate_seed(base, r)} for r in range(int(replications))]
    model.levers = lever_params
    model.uncertainties = unc_params
    # with replications EMA Workbench hands each outcome the list of its replications' values: ``reduce`` makes it
    # one number (an outcome name keeps one outcome class per process in EMA Workbench, so always ScalarOutcome)
    model.outcomes = [ema.ScalarOutcome(ident, function=None if replications is None else reduce) for ident in labels]
    return model


def design_seed(seed: int) -> dict[str, Any]:
    """Keywords for ``perform_experiments`` that make its Latin-hypercube design reproducible under either EMA
    Workbench: version 3 takes the generator's seed as sampling keywords (returned here); version 2 samples from
    numpy's global generator, which is seeded here (and ``{}`` returned)."""
    ema = require_ema()
    if int(str(getattr(ema, "__version__", "2")).split(".")[0]) >= 3:
        return {"uncertainty_sampling_kwargs": {"rng": int(seed)}, "lever_sampling_kwargs": {"rng": int(seed) + 1}}
    import numpy as np

    np.random.seed(int(seed))  # EMA Workbench 2 draws its designs from numpy's global generator
    return {}
