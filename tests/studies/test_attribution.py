"""Shapley attribution over channel switches: the parts and the residual sum to the total, the total is the
paired difference of ordinary runs, the Shapley values do not depend on the channels' order, and the CLI."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli.main import main
from sim.model.channels import CHANNELS
from sim.runs.runner import run
from sim.scenario.loader import load_scenario
from sim.studies.attribution import attribute, shapley

from ..conftest import SCENARIOS

SMALL = ["run.n_firms=300", "run.n_universities=5"]


def _game(players, value):
    return {frozenset(s): value(frozenset(s)) for k in range(len(players) + 1)
            for s in itertools.combinations(players, k)}


def test_shapley_of_an_additive_game_is_each_players_own_value_and_splits_an_interaction_evenly() -> None:
    own = {"a": 1.0, "b": -2.0, "c": 0.5}
    phi = shapley(_game(list(own), lambda s: sum(own[p] for p in s)), list(own))
    assert phi == pytest.approx(own)
    phi = shapley(_game(["a", "b", "c"], lambda s: 6.0 if {"a", "b"} <= s else 0.0), ["a", "b", "c"])
    assert phi == pytest.approx({"a": 3.0, "b": 3.0, "c": 0.0})
    rng = np.random.default_rng(3)
    values = _game(["a", "b", "c", "d"], lambda s: float(rng.normal()))
    forward, backward = shapley(values, ["a", "b", "c", "d"]), shapley(values, ["d", "c", "b", "a"])
    assert forward == pytest.approx(backward)
    assert sum(forward.values()) == pytest.approx(values[frozenset("abcd")] - values[frozenset()])


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    a = load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)
    b = load_scenario(SCENARIOS / "gansu_fiscal_2p5.toml", SMALL)
    return attribute(a, b, 2025, replicates=2, seed=3, executor="serial")


def test_parts_and_residual_sum_to_the_total(table: pd.DataFrame) -> None:
    for ind, group in table.groupby("indicator"):
        values = group.set_index("part")["value"]
        assert values[[*CHANNELS, "residual"]].sum() == pytest.approx(values["total"], abs=1e-12)
        assert table.attrs["sum_check"][ind] < 1e-9
    assert list(table["part"].unique()) == [*CHANNELS, "residual", "total"]
    assert table.attrs["runs"] == 2 ** len(CHANNELS) * 2 * 2


def test_the_total_is_the_paired_difference_of_ordinary_runs(table: pd.DataFrame) -> None:
    a = load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)
    b = load_scenario(SCENARIOS / "gansu_fiscal_2p5.toml", SMALL)
    ind = run([a, b], replicates=2, seed=3).indicators
    at = ind[ind["year"] == 2025]
    for name in ("rd_intensity", "hnte_count"):
        diff = (at[at["scenario"] == "gansu_fiscal_2p5"][name].to_numpy()
                - at[at["scenario"] == "gansu_baseline"][name].to_numpy()).mean()
        total = table[(table["indicator"] == name) & (table["part"] == "total")]["value"].iloc[0]
        assert total == pytest.approx(diff, rel=1e-12, abs=1e-12)


def test_against_the_base_year(tmp_path: Path) -> None:
    a = load_scenario(SCENARIOS / "gansu_baseline.toml", SMALL)
    t = attribute(a, None, 2020, replicates=1, seed=2, executor="serial", indicators=["rd_intensity"])
    values = t.set_index("part")["value"]
    ind = run(a, replicates=1, seed=2).indicators.set_index("year")["rd_intensity"]
    assert values["total"] == pytest.approx(ind[2020] - ind[2015], rel=1e-12)
    assert values[[*CHANNELS, "residual"]].sum() == pytest.approx(values["total"], abs=1e-12)


def test_cli_attribute_writes_the_table_and_refuses_a_bad_year(tmp_path: Path, capsys) -> None:
    sets = [x for s in SMALL for x in ("--set", s)]
    base = ["attribute", str(SCENARIOS / "gansu_baseline.toml"), str(SCENARIOS / "gansu_fiscal_2p5.toml"), *sets,
            "-n", "1", "--executor", "serial", "-q", "--indicator", "rd_intensity"]
    assert main([*base, "--year", "2025", "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "sum of parts and residual" in out
    frame = pd.read_csv(tmp_path / "a" / "attribution.csv")
    assert set(frame["part"]) == {*CHANNELS, "residual", "total"}
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "attribution" and manifest["year"] == 2025
    assert main([*base, "--year", "2015", "--out", str(tmp_path / "b")]) == 2
    assert "--year 2015: must lie after the base year and within the run, 2016 to 2035" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
    assert main([*base, "--year", "2025", "--indicator", "nonsense", "--out", str(tmp_path / "c")]) == 2
    assert "--indicator nonsense" in capsys.readouterr().err and not (tmp_path / "c").exists()
