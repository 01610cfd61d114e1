"""Scenarios that reference a posterior: validation, per-replicate particle draws, overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.errors import ScenarioError
from sim.runs.runner import run, run_args
from sim.scenario.loader import load_scenario
from tests.conftest import SCENARIOS


def _scenario(tmp_path: Path, csv_text: str, name: str = "post.csv", extra: str = "") -> Path:
    (tmp_path / "posteriors").mkdir(exist_ok=True)
    (tmp_path / "posteriors" / name).write_text(csv_text, encoding="utf-8")
    path = tmp_path / "s.toml"
    base = (SCENARIOS / "gansu_baseline.toml").resolve().as_posix()
    path.write_text(f'extends = "{_rel(base, tmp_path)}"\nname = "with posterior"\n{extra}\n[uncertainty]\n'
                    f'posterior = "posteriors/{name}"\n', encoding="utf-8")
    return path


def _rel(target: str, start: Path) -> str:
    import os

    return os.path.relpath(target, start).replace(os.sep, "/")


GOOD = "subsidy.additionality,tax.price_elasticity,weight\n0.1,0.6,1\n0.5,1.4,3\n"


def test_posterior_is_read_relative_to_the_scenario_and_drawn_per_replicate(tmp_path: Path,
                                                                           small_overrides: list[str]) -> None:
    sc = load_scenario(_scenario(tmp_path, GOOD), small_overrides)
    assert sc.posterior is not None and sc.posterior.keys == ("subsidy.additionality", "tax.price_elasticity")
    assert sc.posterior.weights.tolist() == [0.25, 0.75]
    assert sc.to_dict()["posterior"]["particles"] == 2
    result = run(sc, replicates=6, seed=3, workers=1)
    pairs = set(zip(result.draws["subsidy.additionality"], result.draws["tax.price_elasticity"], strict=True))
    assert pairs <= {(0.1, 0.6), (0.5, 1.4)} and len(pairs) == 2  # whole particles, both drawn
    # keys not in the posterior are still drawn from their ranges
    lo, hi = sc.uncertainty["firms.innovation_zeta"]
    assert result.draws["firms.innovation_zeta"].between(lo, hi).all()
    assert result.draws["firms.innovation_zeta"].nunique() == 6
    # the draw depends on the replicate's seed only
    again = run(sc, replicates=6, seed=3, workers=2)
    assert again.indicators.equals(result.indicators)


def test_override_wins_over_the_posterior(tmp_path: Path) -> None:
    sc = load_scenario(_scenario(tmp_path, GOOD), ["subsidy.additionality=0.3"])
    assert sc.posterior is not None and sc.posterior.keys == ("tax.price_elasticity",)
    _params, _seed, unc, _disc = run_args(sc, 11)
    assert unc["subsidy.additionality"] == (0.3, 0.3)
    assert unc["tax.price_elasticity"][0] in (0.6, 1.4)


def test_scenario_without_posterior_runs_as_before(gansu_path: Path, tmp_path: Path) -> None:
    text = gansu_path.read_text(encoding="utf-8")
    plain = tmp_path / "plain.toml"  # the baseline without its posterior line
    plain.write_text("\n".join(line for line in text.splitlines() if not line.startswith("posterior =")) + "\n", encoding="utf-8")
    sc = load_scenario(plain)
    assert sc.posterior is None and "posterior" not in sc.to_dict()
    assert run_args(sc, 5) == (sc.params, 5, sc.uncertainty, None)


@pytest.mark.parametrize(("csv_text", "message"), [
    ("subsidy.additionality,tax.price_elasticity\n0.1,0.6\n", "no 'weight' column"),
    ("subsidy.nonsense,weight\n0.1,1\n", "column 'subsidy.nonsense' is not a parameter"),
    ("run.n_firms,weight\n10,1\n", "column 'run.n_firms' is not a parameter"),
    ("subsidy.additionality,weight\n0.1,-1\n0.2,2\n", "weight in row 2 is negative"),
    ("subsidy.additionality,weight\n0.1,0\n", "weights add up to 0"),
    ("subsidy.additionality,weight\n9.5,1\n", "out of range"),
    ("subsidy.additionality,weight\nabc,1\n", "is not a finite number"),
    ("subsidy.additionality,weight\n", "no particles"),
])
def test_bad_posterior_is_reported_with_file_and_field(tmp_path: Path, csv_text: str, message: str) -> None:
    path = _scenario(tmp_path, csv_text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert message in str(err.value)
    assert "post.csv" in str(err.value) and "uncertainty.posterior" in str(err.value)
    assert str(path) in str(err.value)


def test_missing_posterior_file_and_wrong_type(tmp_path: Path) -> None:
    path = _scenario(tmp_path, GOOD)
    path.write_text(path.read_text(encoding="utf-8").replace("posteriors/post.csv", "posteriors/none.csv"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(path)
    path.write_text(path.read_text(encoding="utf-8").replace('"posteriors/none.csv"', "3"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="posterior CSV file in quotes"):
        load_scenario(path)


def test_shocks_are_off_by_default_and_widen_bands_after_their_first_year(gansu_path: Path,
                                                                         small_overrides: list[str]) -> None:
    # the bundled baseline sets shocks from 2024: switched off here, then on again
    small_overrides = [*small_overrides, "economy.shock_from_year=9999", "economy.gdp_growth_shock_sd=0",
                       "economy.budget_shock_sd=0"]
    base = run(load_scenario(gansu_path, small_overrides), replicates=4, seed=1, workers=1).indicators
    # SDs set but no year reached: the shock stream is made but never drawn, so nothing changes
    idle = ["economy.gdp_growth_shock_sd=3.7", "economy.budget_shock_sd=6.1"]
    same = run(load_scenario(gansu_path, [*small_overrides, *idle]), replicates=4, seed=1, workers=1).indicators
    pd.testing.assert_frame_equal(base, same, check_exact=True)
    on = [*idle, "economy.shock_from_year=2024"]
    shocked = run(load_scenario(gansu_path, [*small_overrides, *on]), replicates=8, seed=1, workers=1).indicators
    plain = run(load_scenario(gansu_path, small_overrides), replicates=8, seed=1, workers=1).indicators
    before = shocked["year"] < 2024
    pd.testing.assert_frame_equal(shocked[before], plain[before], check_exact=True)

    def spread(frame: pd.DataFrame, year: int, col: str) -> float:
        v = frame.loc[frame["year"] == year, col]
        return float((v.quantile(0.95) - v.quantile(0.05)) / v.median())

    assert spread(shocked, 2035, "gdp") > spread(shocked, 2026, "gdp") > spread(plain, 2026, "gdp")
    assert spread(shocked, 2035, "budget_expenditure") > spread(plain, 2035, "budget_expenditure")


@pytest.mark.parametrize("region", ["gansu", "guizhou"])
def test_bundled_baselines_ship_calibrated_through_the_last_observed_year(region: str) -> None:
    """A planner never has to calibrate: the baselines draw from a stored posterior of 2016-2023 whose
    provenance names the data rows, the cutoff, the seed and the library versions."""
    sc = load_scenario(SCENARIOS / f"{region}_baseline.toml")
    assert sc.posterior is not None and sc.posterior.size >= 100
    meta = json.loads((SCENARIOS / "posteriors" / f"{region}.json").read_text(encoding="utf-8"))
    assert meta["cutoff"] >= 2023 and meta["method"].lower().startswith("abc")
    years = {row["year"] for row in meta["observations"]}
    assert min(years) == 2016 and max(years) == 2023
    assert {"pyabc", "innovsim"} <= set(meta["versions"])
    assert set(sc.posterior.keys) <= set(sc.uncertainty) | set(meta["priors"])
