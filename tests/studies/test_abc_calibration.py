"""ABC-SMC calibration (pyabc): data selection, distance, reproducibility, stored posterior."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from sim.errors import InnovsimError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.scenario.loader import load_scenario
from sim.scenario.posterior import read_posterior, sidecar_path
from sim.studies.abc_calibration import (
    INPUT_INDICATORS,
    RelativeErrorDistance,
    budgeted_abcsmc_class,
    calibrate_posterior,
    inert_parameters,
    observations,
    priors,
    tolerance,
    write_posterior,
)

from ..conftest import SCENARIOS

pytest.importorskip("pyabc")

TINY = ["run.n_firms=200", "run.n_universities=4"]


def test_observations_are_model_indicators_after_the_base_year_up_to_the_cutoff(gansu_path: Path) -> None:
    sc = load_scenario(gansu_path)
    base = sc.base_year
    obs = observations(sc, base + 2)
    assert set(obs["year"]) == {base + 1, base + 2}
    assert set(obs["indicator"]) <= set(ALL_INDICATOR_NAMES)
    assert {"rd_intensity", "rd_spending", "hnte_count"} <= set(obs["indicator"])
    assert not set(obs["indicator"]) & set(INPUT_INDICATORS)  # policy inputs are set by the paths, not evidence
    proxy = observations(sc, 2023, ["hnte_count"])
    assert proxy.set_index("year").loc[2022, "value"] == 1731  # the three-year sum stands in after 2020
    assert proxy.set_index("year").loc[2020, "value"] == 1229  # the official count where there is one
    assert set(observations(sc, base + 2, ["rd_intensity"])["indicator"]) == {"rd_intensity"}
    with pytest.raises(InnovsimError, match="no observations"):
        observations(sc, base)
    with pytest.raises(InnovsimError, match="not a model indicator"):
        observations(sc, 2022, ["rd_intensty"])


def test_priors_default_to_the_uncertainty_ranges_and_check_given_ones(gansu_path: Path) -> None:
    sc = load_scenario(gansu_path)
    assert priors(sc, None) == dict(sorted(sc.uncertainty.items()))
    assert priors(sc, {"firms.rd_adjustment": (0.1, 0.6)}) == {"firms.rd_adjustment": (0.1, 0.6)}
    with pytest.raises(InnovsimError, match="allowed range"):
        priors(sc, {"firms.rd_adjustment": (0.0, 2.0)})
    with pytest.raises(InnovsimError, match="not a parameter that can be calibrated"):
        priors(sc, {"run.n_firms": (1.0, 2.0)})


def test_distance_is_rms_of_relative_errors_over_tolerances() -> None:
    d = RelativeErrorDistance({"rd_intensity@2021": tolerance("rd_intensity"),
                               "tech_contract_turnover@2021": tolerance("tech_contract_turnover")})
    obs = {"rd_intensity@2021": 1.0, "tech_contract_turnover@2021": 100.0}
    # 3% off with tolerance 3% and 20% off with tolerance 10%: sqrt((1 + 4) / 2)
    assert d({"rd_intensity@2021": 1.03, "tech_contract_turnover@2021": 80.0}, obs) == pytest.approx(math.sqrt(2.5))
    assert d({"rd_intensity@2021": float("nan"), "tech_contract_turnover@2021": 80.0}, obs) == math.inf


def test_calibration_is_reproducible_and_stored_with_provenance(gansu_path: Path, tmp_path: Path) -> None:
    kwargs = {"population": 6, "generations": 2, "seed": 3, "overrides": TINY}
    a = calibrate_posterior(gansu_path, 2021, workers=1, **kwargs)
    b = calibrate_posterior(gansu_path, 2021, workers=2, **kwargs)
    assert np.array_equal(a.values, b.values) and np.array_equal(a.weights, b.weights)
    assert a.weights.sum() == pytest.approx(1.0)
    sc = load_scenario(gansu_path)
    for j, key in enumerate(a.keys):
        lo, hi = sc.uncertainty[key]
        assert ((a.values[:, j] >= lo) & (a.values[:, j] <= hi)).all()
    meta = a.meta
    assert meta["cutoff"] == 2021 and meta["seed"] == 3 and "pyabc" in meta["versions"]
    assert max(o["year"] for o in meta["observations"]) == 2021
    assert min(o["year"] for o in meta["observations"]) == sc.base_year + 1
    assert len(meta["epsilon_schedule"]) == len(meta["acceptance_rates"]) >= 1
    assert meta["stopped_for_time"] is False and meta["generation_cut"] is None  # ended by its generations
    csv, side = write_posterior(a, tmp_path / "post.csv", meta)
    assert side == sidecar_path(csv)
    stored = json.loads(side.read_text(encoding="utf-8"))
    assert stored["scenario"]["sha256"] == sc.sha256 and stored["particles"] == 6
    back = read_posterior(csv)
    assert back.keys == a.keys and np.allclose(back.values, a.values) and np.allclose(back.weights, a.weights)


def test_a_parameter_the_observations_cannot_inform_is_not_calibrated(gansu_path: Path) -> None:
    sc = load_scenario(gansu_path)
    obs = observations(sc, 2023)
    labels = list(zip(obs["indicator"], obs["year"], strict=True))
    ranges = {"economy.gdp_feedback": (0.0, 0.2), "tax.price_elasticity": (0.5, 1.5)}
    # GDP replays its observed path to 2023: the feedback acts only from the first forecast year
    assert inert_parameters(sc.params, ranges, labels, 7) == ["economy.gdp_feedback"]
    lines: list[str] = []
    post = calibrate_posterior(gansu_path, 2021, free=ranges, population=6, generations=1, seed=3, overrides=TINY,
                               workers=1, message=lines.append)
    assert post.keys == ("tax.price_elasticity",) and post.meta["inert_parameters"] == ["economy.gdp_feedback"]
    assert "economy.gdp_feedback" not in post.meta["priors"]
    assert any(line.startswith("economy.gdp_feedback: runs at 0 and 0.2 give the same observations up to 2021")
               for line in lines)
    with pytest.raises(InnovsimError, match="none of the free parameters"):
        calibrate_posterior(gansu_path, 2021, free={"economy.gdp_feedback": (0.0, 0.2)}, population=6,
                            generations=1, seed=3, overrides=TINY, workers=1)


def test_shipped_posteriors_hold_no_parameter_the_history_cannot_inform() -> None:
    for region in ("gansu", "guizhou"):
        sc = load_scenario(SCENARIOS / f"{region}_baseline.toml")
        assert sc.posterior is not None and "economy.gdp_feedback" not in sc.posterior.keys
        assert sc.uncertainty["economy.gdp_feedback"] == (0.0, 0.2)  # drawn per replicate from the prior


def test_a_generation_the_simulation_budget_cannot_finish_is_cut_and_the_previous_one_kept(gansu_path: Path) -> None:
    post = calibrate_posterior(gansu_path, 2021, population=6, generations=8, max_simulations=40, seed=3,
                               overrides=TINY, workers=1)
    meta = post.meta
    assert meta["generation_cut"] == "simulations" and meta["stopped_for_time"] is False
    assert meta["total_simulations"] <= 40  # pyabc alone checks the budget only between generations
    assert len(meta["generations"]) < 8 and post.size == 6  # the last complete generation is the posterior
    with pytest.raises(InnovsimError, match="before the first ABC-SMC generation"):
        calibrate_posterior(gansu_path, 2021, population=6, generations=8, max_simulations=8, seed=3,
                            overrides=TINY, workers=1)


def test_no_generation_starts_that_would_end_past_the_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyabc

    monkeypatch.setattr(pyabc.ABCSMC, "check_terminate", lambda self, t, rate: False)  # pyabc's own rules: go on
    cls = budgeted_abcsmc_class()
    abc = object.__new__(cls)
    abc.max_walltime = timedelta(seconds=840)
    abc.init_walltime = datetime.now() - timedelta(seconds=700)  # 700 s spent
    abc.sampler = SimpleNamespace(log=[{"t": 5, "seconds": 100.0}])
    assert not abc.check_terminate(6, 0.3) and not abc.stopped_for_time  # 700 + 100 < 840: one more
    abc.sampler.log.append({"t": 6, "seconds": 150.0})
    assert abc.check_terminate(7, 0.3) and abc.stopped_for_time  # 700 + 150 > 840: stop before it
    abc.max_walltime = None
    assert not abc.check_terminate(7, 0.3)  # no budget, no time rule


@pytest.mark.slow  # a loopback cluster takes a while to start and stop
def test_calibration_on_dask_equals_the_local_one(gansu_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    kwargs = {"population": 5, "generations": 1, "seed": 8, "overrides": TINY}
    local = calibrate_posterior(gansu_path, 2021, workers=1, **kwargs)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        dask = calibrate_posterior(gansu_path, 2021, executor="dask://" + cluster.scheduler_address.removeprefix("tcp://"),
                                   **kwargs)
    assert dask.meta["executor"].startswith("dask cluster")
    assert np.array_equal(local.values, dask.values) and np.array_equal(local.weights, dask.weights)


def test_lever_priors_are_calibratable_and_inside_the_allowed_ranges() -> None:
    """The priors of the issue-17 mechanisms (``LEVER_PRIORS``) pass ``priors`` as --free ranges would."""
    from sim.studies.abc_calibration import LEVER_PRIORS, SENSITIVITY_ONLY, priors

    sc = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "gansu_baseline.toml")
    free = {k: (lo, hi) for k, (lo, hi, _why) in LEVER_PRIORS.items()}
    assert priors(sc, {**free, **SENSITIVITY_ONLY}) == dict(sorted({**free, **SENSITIVITY_ONLY}.items()))


def _running(proc: object) -> bool:
    """Whether a pool worker still runs. ``is_alive`` alone is not enough: once pyabc is imported, a worker
    that another waiter has already reaped keeps an unknown exit code and reads as alive although its pid is
    gone, so on Linux the process table decides (gone, zombie or dead: not running)."""
    if not proc.is_alive():  # type: ignore[attr-defined]
        return False
    if not Path("/proc").is_dir():  # no process table to ask: trust is_alive
        return True
    try:
        state = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]  # type: ignore[attr-defined]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_an_interrupted_calibration_ends_its_running_workers_instead_of_waiting() -> None:
    import time

    from sim.studies.abc_calibration import _Mapper

    mapper = _Mapper("local", 2)
    assert mapper.pool is not None
    for _ in range(2):
        mapper.pool.submit(time.sleep, 60)  # a chunk of evaluations that runs for a minute
    time.sleep(1.0)
    procs = list(mapper.pool._processes.values())
    start = time.monotonic()
    mapper.close(KeyboardInterrupt())  # SIGTERM unwinds the CLI as SystemExit, Ctrl+C as KeyboardInterrupt
    for proc in procs:
        proc.join(10)
    assert time.monotonic() - start < 10 and not any(_running(p) for p in procs)
