"""The policy-response table (``sim.studies.policy_response``) and ``innovsim respond``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli.main import main
from sim.scenario.loader import load_scenario
from sim.studies.options import StudyOptions
from sim.studies.policy_response import LEVERS, TABLE_COLUMNS, policy_response

SMALL = ["run.n_firms=400"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    sc = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "gansu_baseline.toml", SMALL)
    return policy_response(sc, options=StudyOptions(replicates=4, seed=20240101, workers=2))


def test_every_lever_has_a_finite_effect(table: pd.DataFrame) -> None:
    assert list(table.columns) == TABLE_COLUMNS
    assert list(table["lever"]) == [lv.name for lv in LEVERS]
    assert np.isfinite(table[["median", "p5", "p95"]].to_numpy()).all()
    assert (table["p5"] <= table["median"]).all() and (table["median"] <= table["p95"]).all()
    assert (table["replicates"] == 4).all()
    assert not table["outcome"].str.contains("{year}", regex=False).any()
    assert table.attrs["year"] == 2030 and table.attrs["forecast_from"] == 2024


def test_effects_have_the_expected_sign(table: pd.DataFrame) -> None:
    effect = table.set_index("lever")["median"]
    assert effect["awards_x2"] >= 0  # larger awards certify at least as many firms
    assert effect["cultivation_x2"] >= 0  # a larger award budget rations fewer awards
    assert effect["fiscal_plus0p5"] > 0  # more public S&T money raises R&D intensity
    assert effect["assessment_on_city"] >= 0 and effect["assessment_on_county"] >= 0  # extra spending is never withdrawn


def test_levers_on_the_same_runs_share_them() -> None:
    """Rows measured on the same overrides (e.g. the three outcomes of a lever of issue 17) run once."""
    sc = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "gansu_baseline.toml", SMALL)
    levers = [lv for lv in LEVERS if lv.name.startswith("vouchers_1")]
    assert len(levers) == 3
    calls: list[int] = []
    table = policy_response(sc, levers=levers, year=2026, options=StudyOptions(
        replicates=2, seed=1, workers=1, progress=lambda done, total: calls.append(total)))
    assert calls and calls[-1] == 2 * 2  # the reference and one variant, two replicates each
    assert len(table) == 3 and np.isfinite(table["median"]).all()


def test_keywords_and_options_give_the_same_table(table: pd.DataFrame) -> None:
    """The old positional signature, keywords and ``options=`` (a keyword wins) run the same study."""
    sc = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "gansu_baseline.toml", SMALL)
    levers = [lv for lv in LEVERS if lv.name == "fiscal_plus0p5"]
    positional = policy_response(sc, 4, 20240101, 2, None, levers, 2030)
    mixed = policy_response(sc, seed=20240101, levers=levers, options=StudyOptions(replicates=4, seed=1, workers=2))
    expected = table[table["lever"] == "fiscal_plus0p5"].reset_index(drop=True)
    pd.testing.assert_frame_equal(positional, expected)
    pd.testing.assert_frame_equal(mixed, expected)


def test_cli_writes_the_table_and_refuses_bad_input(gansu_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "resp"
    args = ["respond", str(gansu_path), "--replicates", "2", "--workers", "2", "--year", "2028", "--out", str(out),
            "--quiet", *[a for s in SMALL for a in ("--set", s)]]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert all(lv.name in printed for lv in LEVERS) and "median [5%, 95%]" in printed
    assert {p.name for p in out.iterdir()} == {"policy_response.csv", "manifest.json"}
    written = pd.read_csv(out / "policy_response.csv")
    assert list(written.columns) == TABLE_COLUMNS and len(written) == len(LEVERS)
    assert written["outcome"].str.contains("2028").any()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "policy_response" and manifest["year"] == 2028 and len(manifest["seeds"]) == 2
    assert set(manifest["levers"]) == {lv.name for lv in LEVERS} and "scenario" in manifest

    assert main(args) == 2  # an existing folder needs --force
    assert "--force" in capsys.readouterr().err

    bad = ["respond", str(gansu_path), "--year", "2019", "--out", str(tmp_path / "no")]
    assert main(bad) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("innovsim: error: --year 2019") and "2024 to 2035" in err and "\n" not in err
    assert not (tmp_path / "no").exists()
