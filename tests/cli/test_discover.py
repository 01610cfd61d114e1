"""``innovsim discover``: a small Latin hypercube, PRIM's boxes, charts and the box in words."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main

pytest.importorskip("ema_workbench")

SMALL = ["--set", "run.n_firms=200", "--set", "run.n_universities=4"]


def test_discover_finds_the_fiscal_ratio_box_on_a_small_design(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "disc"
    code = main(["discover", "gansu_baseline.toml", "--target", "rd_intensity@2025>=1.4",
                 "--lever", "budget.fiscal_st_ratio@2025=0.5:4", "--lever", "subsidy.rate=0:0.3", "--uncertain", "none",
                 "--n", "24", "--seed", "2", "-j", "1", "--out", str(out), "-q", *SMALL])
    text = capsys.readouterr().out
    assert code == 0, text
    cases = pd.read_csv(out / "cases.csv")
    assert len(cases) == 24 and 0 < cases["reached"].sum() < 24
    assert (cases["reached"] == (cases["rd_intensity@2025"] >= 1.4 - 1e-9)).all()
    box = pd.read_csv(out / "box.csv").set_index("parameter")
    ratio = box.loc["budget.fiscal_st_ratio@2025"]
    assert ratio["restricted"] and ratio["min"] > ratio["sampled_min"]  # more fiscal money reaches the target
    reached = cases[cases["reached"]]["budget.fiscal_st_ratio@2025"]
    assert reached.min() >= ratio["min"] - 1e-9 or ratio["qp_min"] < 1  # the box holds the reaching runs' ratios
    peeling = pd.read_csv(out / "peeling.csv")
    assert {"box", "coverage", "density", "mass", "res_dim"} <= set(peeling.columns) and len(peeling) > 1
    for name in ("tradeoff.png", "tradeoff.pdf", "box.png", "box.pdf"):
        assert (out / name).stat().st_size > 1000
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "discover" and manifest["chosen_box"] == int(manifest["chosen_box"])
    assert "Recommended box" in text and "Fiscal S&T ratio / 财政科技支出占比 in 2025" in text and "lever" in text


def test_discover_refuses_bad_input_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, words in [(["--lever", "subsidy.rate=0:0.3:4"], "give a range LO:HI"),
                        (["--lever", "subsidy.rte=0:0.3"], "did you mean 'subsidy.rate'"),
                        (["--lever", "subsidy.rate=0:0.3", "--target", "fiscal_cost@2021:2025<=900"], "a target is one year"),
                        (["--lever", "subsidy.rate=0:0.3", "--uncertain", "tax.price_elasticity=0:9"], "out of range")]:
        out = tmp_path / "never"
        target = [] if "--target" in args else ["--target", "rd_intensity@2025>=1.5"]
        assert main(["discover", "gansu_baseline.toml", *target, *args, "--out", str(out), "-q"]) == 2
        assert words in capsys.readouterr().err and not out.exists()
