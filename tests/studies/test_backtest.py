"""Backtest: the forecast ignores observations after the cutoff; outputs and CLI errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

import sim.scenario.history
from sim.cli.main import main
from sim.indicators import ALL_INDICATOR_NAMES
from sim.scenario.discrepancy import Discrepancy
from sim.scenario.posterior import read_posterior
from sim.studies.backtest import TABLE_COLUMNS, backtest, naive_trend

pytest.importorskip("pyabc")

TINY = ["run.n_firms=200", "run.n_universities=4"]
SETTINGS = {"replicates": 5, "seed": 2, "population": 6, "generations": 1, "workers": 1, "overrides": TINY}


def test_forecast_does_not_depend_on_observations_after_the_cutoff(gansu_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # an observed-outcome path of the scenario (government-funded R&D, sim.studies.backtest.OUTCOME_PATHS)
    government_rd = [f"observed.government_rd@{year}={value}" for year, value in
                     zip(range(2015, 2024), (29.8, 30.0, 33.5, 41.2, 53.4, 39.8, 47.0, 51.4, 61.4), strict=True)]
    first = backtest(gansu_path, 2021, **{**SETTINGS, "overrides": TINY + government_rd})
    assert list(first.table.columns) == TABLE_COLUMNS
    assert (first.table["year"] > 2021).all() and len(first.table) > 0
    original = sim.scenario.history._table()
    changed = original.copy()
    later = (changed["year"] > 2021) & (changed["region"] == "Gansu")
    changed.loc[later, "value"] = changed.loc[later, "value"] * 1.5 + 1.0  # every held-out row moves
    monkeypatch.setattr(sim.scenario.history, "_table", lambda: changed)
    # the scenario's path of that outcome moves after the cutoff too
    later = ["observed.government_rd@2022=99", "observed.government_rd@2023=150"]
    second = backtest(gansu_path, 2021, **{**SETTINGS, "overrides": TINY + government_rd + later})
    for col in ("indicator", "year", "p5", "p50", "p95", "naive"):
        pd.testing.assert_series_equal(first.table[col], second.table[col], check_exact=True)
    assert (second.table["observed"] != first.table["observed"]).all()
    assert first.posterior is not None and second.posterior is not None
    assert (first.posterior.values == second.posterior.values).all()
    assert max(second.scenario.params["observed.government_rd"]) == 2021  # the forecast never saw 2022-2023
    assert second.scenario.params["run.trend_damping_from"] == 2022  # trends fitted to 2021, damped after it


def test_government_funded_rd_drives_outside_university_funding_in_the_years_it_covers() -> None:
    from sim.model.agents import outside_funding_growth

    p = {"observed.government_rd": {2015: 30.0, 2016: 33.0, 2017: 30.0}}
    assert outside_funding_growth(p, 2016, 0.05) == pytest.approx(0.10)
    assert outside_funding_growth(p, 2017, 0.05) == pytest.approx(30.0 / 33.0 - 1.0)
    assert outside_funding_growth(p, 2018, 0.05) == 0.05  # after the path: nominal GDP growth
    assert outside_funding_growth({"observed.government_rd": {0: 0.0}}, 2016, 0.07) == 0.07  # none observed


def test_data_error_widens_outcome_bands_only() -> None:
    from sim.studies.backtest import with_data_error

    frame = pd.DataFrame({name: [100.0] * 50 for name in ALL_INDICATOR_NAMES})
    noisy = with_data_error(frame, 1)
    assert (noisy["gdp"] == 100.0).all()
    assert 1.0 < noisy["rd_intensity"].std() < 6.0 and 5.0 < noisy["tech_contract_turnover"].std() < 15.0
    assert with_data_error(frame, 1).equals(noisy)


def test_observation_error_of_the_hnte_stock_is_its_evidence_not_the_calibration_tolerance() -> None:
    from sim.studies.abc_calibration import tolerance
    from sim.studies.backtest import observation_error, with_data_error

    # the 2020 overlap of the official counts and the three-year sum of the lists: +4.8% (Gansu), +2.6% (Guizhou)
    assert observation_error("hnte_count") == 0.05 < tolerance("hnte_count") == 0.10
    assert observation_error("tech_contract_turnover") == tolerance("tech_contract_turnover")
    frame = pd.DataFrame({name: [100.0] * 4000 for name in ALL_INDICATOR_NAMES})
    noisy = with_data_error(frame, 5)
    assert noisy["hnte_count"].std() == pytest.approx(5.0, rel=0.05)
    assert noisy["hnte_certifications"].std() == pytest.approx(10.0, rel=0.05)


def test_data_error_keeps_a_share_between_0_and_100_with_the_same_spread_near_its_value() -> None:
    from sim.studies.backtest import with_data_error

    frame = pd.DataFrame({name: [85.0] * 4000 for name in ALL_INDICATOR_NAMES})
    share = with_data_error(frame, 3)["enterprise_rd_share"]
    assert share.min() > 0.0 and share.max() < 100.0
    assert share.median() == pytest.approx(85.0, abs=0.5)
    # 10% of 85 points near the value: the interquartile range of a normal with sd 8.5 is 11.5 points
    assert share.quantile(0.75) - share.quantile(0.25) == pytest.approx(11.5, rel=0.15)


def test_naive_trend_is_the_least_squares_line() -> None:
    s = pd.Series([1.0, 2.0, 3.0], index=[2019, 2020, 2021])
    assert naive_trend(s, [2022, 2023]).tolist() == pytest.approx([4.0, 5.0])
    assert naive_trend(s.iloc[:1], [2022]).tolist() == [1.0]


def test_cli_writes_the_outputs_and_refuses_bad_cutoffs(gansu_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bt"
    args = ["backtest", str(gansu_path), "--cutoff", "2022", "--out", str(out), "--replicates", "4",
            "--population", "5", "--generations", "1", "--workers", "1", "--quiet", *[a for s in TINY for a in ("--set", s)]]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "inside 5-95%" in printed and "all" in printed
    names = {p.name for p in out.iterdir()}
    assert {"backtest.csv", "coverage.csv", "posterior.csv", "posterior.json", "manifest.json"} <= names
    table = pd.read_csv(out / "backtest.csv")
    assert list(table.columns) == TABLE_COLUMNS and (table["year"] > 2022).all()
    coverage = pd.read_csv(out / "coverage.csv")
    assert coverage["indicator"].iloc[-1] == "all" and coverage["n_held_out"].iloc[-1] == table["scored"].sum()
    assert not table.loc[table["indicator"] == "gdp", "scored"].any()
    provenance = json.loads((out / "posterior.json").read_text(encoding="utf-8"))
    assert provenance["cutoff"] == 2022 and max(o["year"] for o in provenance["observations"]) == 2022
    assert main(args) == 2  # an existing folder needs --force
    assert "--force" in capsys.readouterr().err
    from sim.scenario.loader import load_scenario

    for cutoff in (str(load_scenario(gansu_path).base_year - 1), "2024"):
        bad = ["backtest", str(gansu_path), "--cutoff", cutoff, "--out", str(tmp_path / "no")]
        assert main(bad) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("innovsim: error: --cutoff") and "\n" not in err
    assert not (tmp_path / "no").exists()


def test_posterior_command_writes_a_posterior_a_scenario_can_use(gansu_path: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "posteriors"
    args = ["posterior", str(gansu_path), "--cutoff", "2022", "--out", str(out), "--population", "5",
            "--generations", "1", "--workers", "1", "--quiet", *[a for s in TINY for a in ("--set", s)]]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "90% interval" in printed and "discrepancy rd" in printed
    # the model discrepancy up to the cutoff is stored beside the particles and read back with them
    side = json.loads((out / "posterior.json").read_text(encoding="utf-8"))
    groups = {g["name"]: g for g in side["discrepancy"]["groups"]}
    assert groups["rd"]["from_year"] == 2023 and groups["rd"]["n_residuals"] == 7
    assert read_posterior(out / "posterior.csv").discrepancy == Discrepancy.from_json(side["discrepancy"])
    scenario = tmp_path / "calibrated.toml"
    scenario.write_text(f'extends = "{Path(os.path.relpath(gansu_path, tmp_path)).as_posix()}"\nname = "calibrated"\n'
                        '[uncertainty]\nposterior = "posteriors/posterior.csv"\n', encoding="utf-8")
    assert main(["run", str(scenario), "--replicates", "2", "--out", str(tmp_path / "run"), "--quiet",
                 *[a for s in TINY for a in ("--set", s)]]) == 0
    draws = pd.read_csv(tmp_path / "run" / "draws.csv")
    particles = pd.read_csv(out / "posterior.csv")
    for _, row in draws.iterrows():
        assert (particles["subsidy.additionality"] == row["subsidy.additionality"]).any()
