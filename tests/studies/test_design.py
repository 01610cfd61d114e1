"""Toolkit: parsing of factors/outcomes/targets, designs, executors (serial, pool, Dask) and sweeps."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.errors import InnovsimError, ScenarioError
from sim.runs.executors import LocalExecutor, make_executor
from sim.scenario.loader import load_scenario
from sim.studies.design import (
    grid_design,
    lhs_design,
    parse_factor,
    parse_factors,
    parse_outcome,
    parse_target,
    point_scenario,
    run_points,
    seeds_for,
)
from sim.studies.sweep import sweep

SMALL = ["run.n_firms=200", "run.n_universities=6"]


@pytest.fixture
def small(gansu_path: Path):
    return load_scenario(gansu_path, SMALL)


def test_parse_factor_forms() -> None:
    f = parse_factor("budget.fiscal_st_ratio@2025=1:3:5")
    assert (f.key, f.year, f.lo, f.hi, f.n) == ("budget.fiscal_st_ratio", 2025, 1.0, 3.0, 5)
    assert f.grid() == [1.0, 1.5, 2.0, 2.5, 3.0]
    assert f.override(2.5) == "budget.fiscal_st_ratio@2025=2.5"
    r = parse_factor("subsidy.rate=0:0.2")
    assert r.n is None and (r.lo, r.hi) == (0.0, 0.2)
    assert parse_factor("subsidy.rate=0,0.1,0.3").grid() == [0.0, 0.1, 0.3]
    assert parse_factor("firms.exit_loss_years=1:5:3").grid() == [1.0, 3.0, 5.0]
    # the post-R&D grant rate is a year path: a sweep can vary it from a forecast year on
    g = parse_factor("subsidy.rate@2024=0:0.2:3")
    assert (g.key, g.year, g.grid()) == ("subsidy.rate", 2024, [0.0, 0.1, 0.2])
    assert g.override(0.1) == "subsidy.rate@2024=0.1"


@pytest.mark.parametrize(("text", "msg"), [
    ("subsidy.rat=0:1", "did you mean 'subsidy.rate'"),
    ("subsidy.rate=0:2", "out of range (allowed: 0 to 1"),
    ("subsidy.rate=0.5:0.1", "LO must be below HI"),
    ("subsidy.rate", "expected key.path=START:STOP:N"),
    ("subsidy.rate=a:b", "expected START:STOP:N"),
    ("firms.pool_entry_rate@2025=0:10", "not a year path"),
    ("budget.fiscal_st_ratio@20x5=0:1", "is not a year"),
    ("run.seed=1:3", "cannot be varied"),
])
def test_parse_factor_errors(text: str, msg: str) -> None:
    with pytest.raises(ScenarioError, match=msg.replace("(", r"\(")):
        parse_factor(text)


def test_parse_outcome_and_target(small) -> None:
    assert parse_outcome("rd_intensity@2025", small).label == "rd_intensity@2025"
    t = parse_target("hnte_count@2030<=5000", small)
    assert (t.indicator, t.year, t.value, t.direction) == ("hnte_count", 2030, 5000.0, "at_most")
    with pytest.raises(InnovsimError, match="unknown indicator"):
        parse_outcome("rd_intensty@2025", small)
    with pytest.raises(InnovsimError, match="outside the horizon"):
        parse_outcome("rd_intensity@2040", small)
    with pytest.raises(InnovsimError, match="expected indicator@YEAR>=VALUE"):
        parse_target("rd_intensity@2025>1.5", small)
    with pytest.raises(ScenarioError, match="given more than once"):
        parse_factors(["subsidy.rate=0:1", "subsidy.rate=0:0.5"])


def test_designs() -> None:
    fs = parse_factors(["subsidy.rate=0:0.2:3", "budget.fiscal_st_ratio@2025=1:2:2"])
    g = grid_design(fs)
    assert len(g) == 6 and list(g.columns) == ["point", "subsidy.rate", "budget.fiscal_st_ratio@2025"]
    lh = lhs_design(parse_factors(["subsidy.rate=0:0.2", "tax.price_elasticity=0.5:1.5"]), 10, seed=3)
    assert len(lh) == 10
    # one sample in each tenth of each range: a Latin hypercube
    bins = np.floor((lh["subsidy.rate"] - 0) / 0.02).clip(0, 9)
    assert sorted(bins.astype(int)) == list(range(10))
    with pytest.raises(InnovsimError, match="grid needs START:STOP:N"):
        grid_design(parse_factors(["subsidy.rate=0:0.2"]))


def test_point_scenario_fixes_uncertain_factor(small) -> None:
    assert "tax.price_elasticity" in small.uncertainty
    fs = parse_factors(["tax.price_elasticity=0.5:1.5", "budget.fiscal_st_ratio@2025=1:3"])
    sc = point_scenario(small, fs, [1.2, 2.0])
    assert sc.uncertainty["tax.price_elasticity"] == (1.2, 1.2)
    assert sc.params["budget.fiscal_st_ratio"][2025] == 2.0
    with pytest.raises(ScenarioError, match="design point"):
        point_scenario(small, parse_factors(["budget.university_share=0:100"]), [95.0])


def test_executors_serial_pool_dask_identical(small) -> None:
    """Same seeds give identical results on every executor (Dask on a loopback LocalCluster)."""
    distributed = pytest.importorskip("distributed")
    fs = parse_factors(["budget.fiscal_st_ratio@2025=1:3:2"])
    points = [point_scenario(small, fs, [v]) for v in fs[0].grid()]
    seeds = seeds_for(11, 2)
    serial = run_points(points, seeds, LocalExecutor(1))
    pool_ex = LocalExecutor(2)
    try:
        pool = run_points(points, seeds, pool_ex)
    finally:
        pool_ex.close()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        ex = make_executor("dask://" + cluster.scheduler_address.removeprefix("tcp://"))
        try:
            dask = run_points(points, seeds, ex)
        finally:
            ex.close()
    for other in (pool, dask):
        for a_pt, b_pt in zip(serial, other, strict=True):
            for a, b in zip(a_pt, b_pt, strict=True):
                np.testing.assert_array_equal(a["rd_intensity"], b["rd_intensity"])
                np.testing.assert_array_equal(a["hnte_count"], b["hnte_count"])
                assert a["draws"] == b["draws"]


def test_bad_executor_spec() -> None:
    with pytest.raises(InnovsimError, match="expected 'local', 'serial' or dask://HOST:PORT"):
        make_executor("spark://x")
    with pytest.raises(InnovsimError, match="Cannot connect to the Dask scheduler"):
        from sim.runs.executors import DaskExecutor

        DaskExecutor("dask://127.0.0.1:9", timeout=1)


def test_sweep_api_tables_and_reproducible_run(small) -> None:
    res = sweep(small, ["budget.fiscal_st_ratio@2025=1:3:2", "subsidy.rate=0,0.1"], replicates=2, seed=5,
                executor="serial")
    assert len(res.design) == 4
    assert len(res.indicators) == 4 * 2 * 21  # 2015 to 2035
    assert set(res.indicators["seed"]) == {str(s) for s in seeds_for(5, 2)}
    assert len(res.runs) == 8 and res.runs["command"].str.contains("--seed 5").all()
    assert {"rd_intensity_mean", "rd_intensity_p5", "budget.fiscal_st_ratio@2025"} <= set(res.summary.columns)
    assert len(res.targets) == 4 * len(small.targets)
    # more fiscal S&T money, more R&D
    y25 = res.summary[res.summary["year"] == 2025].set_index("point")["rd_intensity_mean"]
    assert y25[2] > y25[0]
    # any run repeats alone with innovsim run's seeding: replicate r of `run --seed 5` is the same run
    from sim.runs.runner import run

    again = run(point_scenario(small, res.factors, [3.0, 0.1]), replicates=2, seed=5)
    mine = res.indicators[(res.indicators["point"] == 3) & (res.indicators["replicate"] == 1)]
    theirs = again.indicators[again.indicators["replicate"] == 1]
    np.testing.assert_allclose(mine["rd_intensity"].to_numpy(), theirs["rd_intensity"].to_numpy())


def test_sweep_cli_outputs(gansu_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.cli.main import main

    out = tmp_path / "sw"
    code = main(["sweep", str(gansu_path), "--param", "subsidy.rate=0:0.2", "--design", "lhs", "--samples", "3",
                 "--replicates", "1", "--executor", "serial", "--out", str(out), "-q", *[a for s in SMALL for a in ("--set", s)]])
    assert code == 0
    for name in ("design.csv", "runs.csv", "indicators.csv", "indicators.parquet", "summary.csv", "targets.csv",
                 "manifest.json"):
        assert (out / name).is_file(), name
    table = pd.read_parquet(out / "indicators.parquet")
    assert len(table) == 3 * 21 and table["point"].nunique() == 3  # 2015 to 2035
    assert "run.n_firms=200" in pd.read_csv(out / "runs.csv")["command"].iloc[0]
    # a second run refuses the non-empty folder; a bad parameter exits 2 with one line
    assert main(["sweep", str(gansu_path), "--param", "subsidy.rate=0:0.2:2", "--out", str(out), "-q"]) == 2
    assert main(["sweep", str(gansu_path), "--param", "subsidy.rate=0:9:2", "--out", str(tmp_path / "x"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "out of range" in err and not (tmp_path / "x").exists()
    assert not math.isnan(table["rd_intensity"].mean())


def test_study_options_as_object_or_keywords() -> None:
    """The shared study arguments are one object; keywords replace its fields; a study's own default applies
    only when neither gives replicates."""
    import pytest

    from sim.studies.options import StudyOptions, study_options

    base = StudyOptions(replicates=3, seed=7, workers=2)
    assert study_options(base, {"seed": 9}) == StudyOptions(replicates=3, seed=9, workers=2)
    assert study_options(None, {}, replicates=4).replicates == 4
    assert study_options(base, {}, replicates=4).replicates == 3
    with pytest.raises(TypeError):
        study_options(None, {"replicate": 2})  # type: ignore[typeddict-unknown-key]
