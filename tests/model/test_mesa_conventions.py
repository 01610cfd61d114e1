"""Mesa conventions: keyword construction, the year column, agent reporters, mesa.batch_run."""

from __future__ import annotations

import gc

import mesa
import numpy as np
import pandas as pd
import pytest

from sim import load_scenario, simulate
from sim.model.mesa_compat import known_mesa, mesa_version
from sim.model.model import InnovationModel
from sim.runs.runner import run_args

from ..conftest import SCENARIOS

SMALL = {"run.n_firms": 300, "run.n_universities": 6}


def test_the_model_builds_from_keywords_as_simulate_runs_it() -> None:
    model = InnovationModel(scenario="gansu_baseline", seed=7, subsidy_rate=0.1, **SMALL)
    model.run()
    frame = model.datacollector.get_model_vars_dataframe()
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml").with_values({"subsidy.rate": 0.1, **SMALL})
    res = simulate(*run_args(sc, 7)[:3])  # the model's state: no posterior discrepancy on top
    assert frame["year"].tolist() == list(range(2015, 2036))
    assert np.array_equal(frame["rd_intensity"].to_numpy(), res["rd_intensity"])  # the same draws and the same run
    assert model.draws == res["draws"] and model.sim_scenario.params["subsidy.rate"] == {0: 0.1}
    with pytest.raises(TypeError, match="not both"):
        InnovationModel(dict(sc.params), seed=1, subsidy_rate=0.1)


def test_agent_reporters_on_request() -> None:
    model = InnovationModel(scenario="gansu_baseline", seed=3, agent_reporters=True, **SMALL)
    model.step()
    agents = model.datacollector.get_agent_vars_dataframe()
    firms = agents.dropna()
    assert set(agents.columns) == {"firm_rd", "firm_revenue", "hnte"}
    assert sorted(set(agents.index.get_level_values("Step"))) == [0, 1]
    assert len(firms.loc[1]) == len(model.firm_agents) and firms["firm_revenue"].gt(0).all()
    assert firms["hnte"].isin([True, False]).all() and firms["hnte"].any()
    assert InnovationModel(scenario="gansu_baseline", seed=3, **SMALL).datacollector.agent_reporters == {}


def _models_alive() -> int:
    gc.collect()
    return sum(isinstance(o, InnovationModel) for o in gc.get_objects())


def test_batch_run_varies_one_parameter_applies_uncertainty_reports_the_end_year_and_frees_models() -> None:
    before = _models_alive()
    varied = {"scenario": "gansu_baseline", "subsidy_rate": [0.05, 0.2], "run_n_firms": 300, "run_n_universities": 6}
    if mesa_version() >= (3, 5):  # Mesa 3.5 passes the seeds itself (rng=), replacing a "seed" parameter
        rows = mesa.batch_run(InnovationModel, varied, rng=[1, 2], max_steps=100, display_progress=False)
    else:
        rows = mesa.batch_run(InnovationModel, {**varied, "seed": [1, 2]}, max_steps=100, display_progress=False)
    frame = pd.DataFrame(rows)
    assert len(frame) == 4 and (frame["year"] == 2035).all()  # the last row is the end year
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml").with_values(SMALL)
    for row in frame.itertuples():
        res = simulate(*run_args(sc.with_values({"subsidy.rate": row.subsidy_rate}), row.seed)[:3])
        assert row.rd_intensity == res["rd_intensity"][-1]  # uncertainty drawn per seed, as simulate draws it
    assert frame["rd_intensity"].nunique() == 4
    # every finished model can be freed: none is kept alive by Mesa's class-level id counters
    assert _models_alive() == before


def test_stepping_past_the_end_ends_the_run_and_keeps_the_data() -> None:
    model = InnovationModel(scenario="gansu_baseline", seed=2, **SMALL)
    while model.running:
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert model.steps == 21 and len(frame) == 21 and frame["year"].iloc[-1] == 2035 and model.year == 2035
    if known_mesa():  # Mesa 3.3: released (the agents are gone, their data kept); Mesa 3.5 frees models by itself
        assert len(model.agents) == 0
