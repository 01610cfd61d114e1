"""The uncertain parameters of one run, drawn from its seed: uniform ranges (``[uncertainty]``) and a
posterior's particle. Pure functions of the scenario and the seed, shared by ``sim.runs.runner.simulate`` and
the model's keyword form (``InnovationModel(scenario=..., seed=...)``), so both give the same run."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.scenario.loader import Scenario


def draw_uncertain(params: dict[str, Any], uncertainty: dict[str, tuple[float, float]],
                   seed: int) -> dict[str, float]:
    """Uniform draws of the uncertain parameters for one run (own stream, so
    the model's draws do not depend on which parameters are uncertain)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    return {k: float(rng.uniform(lo, hi)) for k, (lo, hi) in sorted(uncertainty.items())}


def run_uncertainty(scenario: Scenario, seed: int) -> dict[str, tuple[float, float]]:
    """The ranges the run with ``seed`` draws from: the scenario's ``[uncertainty]``, and with a posterior
    (``[uncertainty] posterior``) the particle drawn by weight from the seed's own stream (``Posterior.draw``),
    each of its parameters as a range ``[v, v]`` (so ``draws.csv`` records them)."""
    if scenario.posterior is None:
        return scenario.uncertainty
    particle = scenario.posterior.draw(seed)
    return {**scenario.uncertainty, **{k: (v, v) for k, v in particle.items()}}
