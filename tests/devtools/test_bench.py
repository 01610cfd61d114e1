"""The benchmark runs (no timing assertions), results do not grow with firms,
and the fast paths of the performance work behave like the plain ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

from sim.indicators import ALL_INDICATOR_NAMES
from sim.model.agents import Firm
from sim.model.model import InnovationModel
from sim.runs.runner import run, simulate
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "gansu_baseline.toml"


@pytest.mark.slow
def test_bench_quick_writes_expected_keys(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "sim.devtools.bench", "--quick", "--quiet", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "ours/Mesa" in proc.stdout
    res = json.loads(out.read_text(encoding="utf-8"))
    for key in ("cpu_count", "versions", "scaling", "baseline", "trainer", "startup", "quick"):
        assert key in res
    assert res["quick"] is True
    assert {"innovsim", "python", "mesa", "numpy", "pandas"} <= set(res["versions"])
    for row in res["scaling"]["rows"]:
        assert {"n", "ours", "mesa_boltzmann", "ratio"} <= set(row)
        for side in ("ours", "mesa_boltzmann"):
            assert {"per_s", "wall_s", "peak_rss_mb", "units"} <= set(row[side])
            assert row[side]["per_s"] > 0 and row[side]["peak_rss_mb"] > 0
    assert {"one_replicate_s", "serial_s", "parallel_s", "speedup", "efficiency", "workers"} <= set(res["baseline"])
    assert {"mode", "round_trip_s"} <= set(res["trainer"])
    assert "startup_s" in res["startup"]


def test_bench_subcommand_registered() -> None:
    from sim.cli.main import build_parser

    args = build_parser().parse_args(["bench", "--quick", "--out", "x.json"])
    assert args.quick and args.out == "x.json"


@pytest.mark.parametrize("n_firms", [200, 2000])
def test_results_grow_with_replicates_and_years_not_firms(n_firms: int) -> None:
    """No per-firm rows: tables have one row per replicate and year (or per year)."""
    reps = 2
    res = run(load_scenario(BASELINE, [f"run.n_firms={n_firms}"]), replicates=reps, seed=3)
    years = int(res.scenarios[0].params["run.end_year"]) - int(res.scenarios[0].params["run.base_year"]) + 1
    assert len(res.indicators) == reps * years
    assert len(res.summary) == years
    assert len(res.draws) == reps
    assert len(res.targets) == len(res.scenarios[0].targets)
    assert len(res.indicators.columns) == 4 + len(ALL_INDICATOR_NAMES)
    one = simulate(res.scenarios[0].params, 1)
    assert all(len(one[name]) == years for name in ALL_INDICATOR_NAMES)


def test_finished_models_are_not_kept_alive() -> None:
    """Mesa's Agent._ids is keyed by model; a finished replicate must not stay in memory."""
    sc = load_scenario(BASELINE, ["run.n_firms=100"])
    before = len(mesa.Agent._ids)
    for seed in range(3):
        simulate(sc.params, seed)
    assert len(mesa.Agent._ids) <= before


def test_bulk_firm_agents_match_plain_mesa_agents() -> None:
    sc = load_scenario(BASELINE, ["run.n_firms=300"])
    model = InnovationModel(sc.params, seed=5)
    firms = model.agents_by_type[Firm]
    assert len(firms) == len(model.firm_agents) == len(model.firms.live)
    plain = Firm(model, 10_000)
    bulk = Firm.create_many(model, [10_001, 10_002])
    assert set(vars(bulk[0])) == set(vars(plain))
    assert [a.unique_id for a in bulk] == [plain.unique_id + 1, plain.unique_id + 2]
    assert all(a in model.agents and a in firms for a in [plain, *bulk])
    ids = [a.unique_id for a in model.agents]
    assert len(ids) == len(set(ids))
    Firm.remove_many(model, bulk)
    plain.remove()
    assert not any(a in model.agents or a in firms for a in [plain, *bulk])
    model.run()
    assert len(model.agents_by_type[Firm]) == len(model.firm_agents) == len(model.firms.live)
    assert {a.slot for a in model.agents_by_type[Firm]} == set(model.firms.live.tolist())


def test_parallel_matches_serial() -> None:
    sc = load_scenario(BASELINE, ["run.n_firms=150"])
    a = run(sc, replicates=5, seed=2, workers=1)
    b = run(sc, replicates=5, seed=2, workers=2)
    pd.testing.assert_frame_equal(a.indicators, b.indicators, check_exact=True)
    assert np.array_equal(a.summary.to_numpy(), b.summary.to_numpy())


def test_active_rows_stay_equal_to_the_firm_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each phase passes on what it writes through ``ActiveRows``; by certification every cached column must
    equal the state it stands for, bit for bit, every year."""
    from sim.model import model as model_mod
    from sim.model.firm_dynamics import ActiveRows

    checked: list[int] = []
    certify = model_mod.InnovationModel._certify

    def checking(self: InnovationModel, rows: ActiveRows, year: int) -> None:
        f = self.firms
        for name in ("revenue", "st_share", "ht_share", "hnte", "hnte_expiry", "rd_true", "rd_reported", "subsidy",
                     "productivity", "employees"):
            assert np.array_equal(getattr(rows, name), getattr(f, name)[rows.idx]), (year, name)
        checked.append(year)
        certify(self, rows, year)

    monkeypatch.setattr(model_mod.InnovationModel, "_certify", checking)
    sc = load_scenario(BASELINE, ["run.n_firms=400"])
    m = InnovationModel(sc.params, seed=3)
    m.run()
    assert checked == list(range(int(sc.params["run.base_year"]) + 1, int(sc.params["run.end_year"]) + 1))


def test_spawned_workers_match_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS start workers with ``spawn`` (fresh interpreters that import sim): the results are
    the same as in one process, and the caller works alongside its helpers."""
    import multiprocessing

    from sim.runs import runner

    monkeypatch.setattr(runner, "pool_context", lambda: multiprocessing.get_context("spawn"))
    sc = load_scenario(BASELINE, ["run.n_firms=150"])
    a = run(sc, replicates=4, seed=5, workers=1)
    b = run(sc, replicates=4, seed=5, workers=2)
    pd.testing.assert_frame_equal(a.indicators, b.indicators, check_exact=True)
