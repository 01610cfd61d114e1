"""The EMA Workbench adapter (``pip install innovsim[ema]``): identifier names, reproducible seeds, the same
outcomes under the sequential and the multiprocessing evaluator."""

from __future__ import annotations

import numpy as np
import pytest

from sim import evaluate, load_scenario
from sim.errors import InnovsimError
from sim.runs.runner import replicate_seed

from ..conftest import SCENARIOS

ema = pytest.importorskip("ema_workbench")

from sim.studies.ema import design_seed, ema_model  # noqa: E402  (after the skip: needs ema_workbench)


@pytest.fixture(scope="module")
def small():  # type: ignore[no-untyped-def]
    return load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=200", "run.n_universities=4"])


def _experiments(model, evaluator_cls, **kwargs):  # type: ignore[no-untyped-def]
    with evaluator_cls(model, **kwargs) as evaluator:
        return evaluator.perform_experiments(scenarios=4, policies=2, **design_seed(3))


def test_names_are_identifiers_and_uncertainties_default_to_the_scenario(small) -> None:  # type: ignore[no-untyped-def]
    model = ema_model(small, levers={"budget.fiscal_st_ratio@2025": (0.8, 3.0), "subsidy.rate": (0.0, 0.3)},
                      outcomes=["rd_intensity@2025", "fiscal_cost@2021:2025"], seed=5)
    names = [p.name for p in [*model.levers, *model.uncertainties, *model.outcomes]]
    assert all(n.isidentifier() for n in names)
    assert {p.name for p in model.levers} == {"budget_fiscal_st_ratio_2025", "subsidy_rate"}
    assert {p.name for p in model.uncertainties} == {k.replace(".", "_") for k in small.uncertainty}
    assert {o.name for o in model.outcomes} == {"rd_intensity_2025", "fiscal_cost_2021_2025"}
    with pytest.raises(InnovsimError, match="allowed range"):
        ema_model(small, levers={"subsidy.rate": (0.0, 3.0)})


def test_results_are_reproducible_and_the_same_under_any_evaluator(small) -> None:  # type: ignore[no-untyped-def]
    model = ema_model(small, levers={"subsidy.rate": (0.0, 0.3)},
                      uncertainties={"tax.price_elasticity": (0.5, 1.5)}, outcomes=["rd_intensity@2025"], seed=5)
    exp1, out1 = _experiments(model, ema.SequentialEvaluator)
    exp2, out2 = _experiments(model, ema.MultiprocessingEvaluator, n_processes=2)
    assert len(exp1) == 8
    cols = ["subsidy_rate", "tax_price_elasticity"]
    assert exp1[cols].equals(exp2[cols]) and np.array_equal(out1["rd_intensity_2025"], out2["rd_intensity_2025"])
    row = exp1.iloc[0]
    expected = evaluate(small, {"subsidy.rate": row["subsidy_rate"], "tax.price_elasticity": row["tax_price_elasticity"]},
                        seed=5, outcomes=["rd_intensity@2025"])["rd_intensity@2025"]
    assert out1["rd_intensity_2025"][0] == expected


def test_replications_use_the_replicate_seeds(small) -> None:  # type: ignore[no-untyped-def]
    model = ema_model(small, uncertainties={"tax.price_elasticity": (0.5, 1.5)}, outcomes=["rd_intensity@2025"],
                      seed=5, replications=2)
    assert [r["seed"] for r in model.replications] == [replicate_seed(5, 0), replicate_seed(5, 1)]
    with ema.SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=2, **design_seed(1))
    assert outcomes["rd_intensity_2025"].shape == (2,)  # the mean over the replications (``reduce``)
    elasticity = experiments["tax_price_elasticity"].iloc[1]
    each = [evaluate(small, {"tax.price_elasticity": elasticity}, seed=replicate_seed(5, r),
                     outcomes=["rd_intensity@2025"])["rd_intensity@2025"] for r in range(2)]
    assert outcomes["rd_intensity_2025"][1] == pytest.approx(sum(each) / 2, rel=1e-12) and each[0] != each[1]
