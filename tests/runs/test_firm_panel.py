"""The firm panel: it adds up to the run's indicators, its files and schema, the ladder's bookkeeping, and the
bunching statistic (near zero without the HNTE notch, positive with it)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli.main import main
from sim.errors import InnovsimError
from sim.model.channels import CHANNELS, effective_params
from sim.model.panel import PANEL_COLUMNS, STAGES
from sim.runs.bunching import excess_mass
from sim.runs.firm_panel import export_firm_panel, firm_panel
from sim.runs.runner import run
from sim.scenario.loader import apply_overrides, load_scenario

from ..conftest import SCENARIOS

SMALL = ["run.n_firms=400", "run.n_universities=8"]


@pytest.fixture(scope="module")
def small_panel():
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)
    return sc, firm_panel(sc, None, replicate=1, seed=5)


def test_every_switch_on_leaves_the_parameters_untouched() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml")
    assert effective_params(sc.params) is sc.params
    off = effective_params({**sc.params, "channels.hnte": 0})
    assert off["tax.cit_hnte"] == sc.params["tax.cit_standard"] and off["subsidy.hnte_award_first"] == {0: 0.0}
    assert {f"channels.{c}" for c in CHANNELS} <= set(sc.params)


def test_the_panel_adds_up_to_the_runs_indicators(small_panel) -> None:
    sc, panel = small_panel
    # the firm rows are the model's state: compare with the run without the posterior's model discrepancy
    plain = replace(sc, posterior=replace(sc.posterior, discrepancy=None))
    ind = run(plain, replicates=2, seed=5).indicators
    ind = ind[ind["replicate"] == 1].set_index("year")
    assert panel.seed == int(run(sc, replicates=2, seed=5).seeds[1])
    for year in (sc.base_year, 2020, 2025, sc.end_year):
        firms = panel.firms[(panel.firms["year"] == year) & (panel.firms["exited"] == 0)]
        firm_rd = ind.loc[year, "rd_spending"] * ind.loc[year, "enterprise_rd_share"] / 100.0
        assert firms["rd_reported"].sum() / 100.0 == pytest.approx(firm_rd, rel=1e-12)
        assert len(firms) == ind.loc[year, "firm_count"]
        assert firms["hnte"].sum() == ind.loc[year, "hnte_count"]


def test_the_panel_has_its_documented_columns_and_stages(small_panel) -> None:
    _sc, panel = small_panel
    assert list(panel.firms.columns) == list(PANEL_COLUMNS)
    assert set(panel.firms["stage"].astype(str)) <= set(STAGES)
    f = panel.firms
    assert (f.loc[f["stage"] == "hnte", "hnte"]).all() and not f.loc[f["stage"] != "hnte", "hnte"].any()
    assert (f.loc[f["hnte"], "certified_since"] > 0).all() and (f.loc[~f["hnte"], "certified_since"] == 0).all()
    assert set(f["threshold"].round(6)) <= {3.0, 4.0, 5.0}
    exited = f[f["stage"] == "exited"]
    assert (exited["exited"] == exited["year"]).all()


def test_the_ladders_counts_and_flows_agree(small_panel) -> None:
    _sc, panel = small_panel
    stages, flows, firms = panel.stages, panel.flows, panel.firms
    for year, group in firms.groupby("year"):
        counts = group["stage"].astype(str).value_counts()
        row = stages.set_index("year").loc[year]
        assert all(row[s] == counts.get(s, 0) for s in STAGES)
    for year in stages["year"].iloc[1:]:
        into = flows[flows["year"] == year].groupby("stage")["firms"].sum()
        row = stages.set_index("year").loc[year]
        assert all(into.get(s, 0) == row[s] for s in STAGES)
        entered = flows[(flows["year"] == year) & (flows["origin"] == "none")]["firms"].sum()
        assert entered == row["entered"]


def test_excess_mass_of_a_smooth_density_is_near_zero_and_of_a_bunch_positive() -> None:
    rng = np.random.default_rng(1)
    smooth = rng.uniform(0.0, 10.0, 200_000)
    assert abs(excess_mass(smooth, 5.0)["excess_mass"]) < 0.05
    bunched = np.concatenate([smooth, np.full(2000, 5.0001)])
    result = excess_mass(bunched, 5.0)
    assert result["excess_firms"] == pytest.approx(2000, abs=150)


def test_bunching_is_near_zero_without_the_notch_and_positive_with_it() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml")
    with_notch = firm_panel(sc, [2025]).bunching.set_index("threshold")["excess_mass"]
    without = firm_panel(apply_overrides(sc, ["channels.hnte=0"]), [2025]).bunching.set_index("threshold")["excess_mass"]
    # margins from 5 replicates (docs/firm_panel.md): without the notch |excess mass| <= 0.71 at 3% (few firms
    # in that band), <= 0.32 at 4% and 5%; with it >= 0.95, 4.6 and 24 at 3%, 4% and 5%
    assert abs(without[3.0]) < 1.0 and abs(without[4.0]) < 0.5 and abs(without[5.0]) < 0.5, without
    assert with_notch[3.0] > 0.5 and with_notch[4.0] > 2.0 and with_notch[5.0] > 10.0, with_notch


def test_export_writes_parquet_csv_and_manifest(tmp_path: Path, small_panel) -> None:
    sc, panel = small_panel
    written = export_firm_panel(sc, tmp_path / "p", [2020, 2025], replicate=1, seed=5, csv=True)
    assert [p.name for p in written] == ["firms.parquet", "firms.csv", "stages.csv", "flows.csv", "bunching.csv",
                                         "manifest.json"]
    expected = panel.firms[panel.firms["year"].isin([2020, 2025])].reset_index(drop=True)
    back = pd.read_parquet(tmp_path / "p" / "firms.parquet")
    pd.testing.assert_frame_equal(back, expected, check_categorical=False)
    csv = pd.read_csv(tmp_path / "p" / "firms.csv")
    assert len(csv) == len(expected) and list(csv.columns) == list(PANEL_COLUMNS)
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "firm_panel" and manifest["years"] == [2020, 2025] and manifest["seed"] == str(panel.seed)
    assert list(pd.read_csv(tmp_path / "p" / "bunching.csv")["year"].unique()) == [2020, 2025]


def test_cli_run_writes_the_panel_and_refuses_years_outside_the_run(tmp_path: Path, capsys) -> None:
    args = ["run", str(SCENARIOS / "gansu_baseline.toml"), "-q", "-n", "1", *[x for s in SMALL for x in ("--set", s)]]
    code = main([*args, "--out", str(tmp_path / "r"), "--firms-out", str(tmp_path / "f"), "--firm-years", "2020,2035"])
    assert code == 0
    assert (tmp_path / "f" / "firms.parquet").exists() and not (tmp_path / "f" / "firms.csv").exists()
    assert "excess mass above the HNTE thresholds in 2035" in capsys.readouterr().out
    code = main([*args, "--out", str(tmp_path / "r2"), "--firms-out", str(tmp_path / "f2"), "--firm-years", "2014"])
    assert code == 2
    assert "--firm-years 2014: years must lie in the run, 2015 to 2035" in capsys.readouterr().err
    assert not (tmp_path / "r2").exists() and not (tmp_path / "f2").exists()
    assert main([*args, "--out", str(tmp_path / "r3"), "--firm-years", "2020"]) == 2
    assert "need --firms-out" in capsys.readouterr().err
    assert main([*args, "--out", str(tmp_path / "r4"), "--firms-out", str(tmp_path / "r4")]) == 2
    assert "give a folder other than --out" in capsys.readouterr().err and not (tmp_path / "r4").exists()


def test_replicate_must_not_be_negative() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)
    with pytest.raises(InnovsimError, match="--firm-replicate -1"):
        firm_panel(sc, [2020], replicate=-1)
