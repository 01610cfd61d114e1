"""The CLI contract: files written, determinism, bad input, list/validate/schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import load_scenario, run
from sim.cli.main import main
from sim.indicators import INDICATOR_NAMES

from ..conftest import SCENARIOS

SMALL = ["--set", "run.n_firms=300", "--set", "run.n_universities=5"]


def _run(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    code = main(["run", str(SCENARIOS / "gansu_baseline.toml"), "-q", "--out", str(out), *SMALL, *args])
    assert code == 0
    return out


def test_run_writes_the_contract_files(tmp_path: Path) -> None:
    out = _run(tmp_path, "r", "--replicates", "3", "--seed", "7")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["indicators.csv", "summary.csv", "targets.csv", "draws.csv", "manifest.json"])
    ind = pd.read_csv(out / "indicators.csv")
    assert list(ind.columns[:4]) == ["scenario", "replicate", "seed", "year"]
    assert set(INDICATOR_NAMES) <= set(ind.columns)
    assert len(ind) == 3 * 21  # base year 2015 to 2035
    assert sorted(set(ind["year"])) == list(range(2015, 2036))
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 21
    for name in INDICATOR_NAMES:
        for stat in ("mean", "p5", "p50", "p95"):
            assert f"{name}_{stat}" in summary.columns
    assert (summary["rd_intensity_p5"] <= summary["rd_intensity_p50"]).all()
    assert (summary["rd_intensity_p50"] <= summary["rd_intensity_p95"]).all()
    targets = pd.read_csv(out / "targets.csv")
    assert len(targets) == 8  # the plan's own-level fiscal ratios are three targets (province, cities, counties)
    assert {"fiscal_st_ratio_province", "fiscal_st_ratio_city", "fiscal_st_ratio_county"} <= set(targets["indicator"])
    assert targets["probability"].between(0, 1).all()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["innovsim"] and manifest["base_seed"] == 7 and len(manifest["seeds"]) == 3
    sc = manifest["scenarios"][0]
    assert len(sc["sha256"]) == 64 and sc["params"]["run.n_firms"] == 300
    assert manifest["started"] <= manifest["ended"]


def test_same_seed_gives_byte_identical_indicators_serial_or_parallel(tmp_path: Path) -> None:
    a = _run(tmp_path, "a", "--replicates", "3", "--seed", "42")
    b = _run(tmp_path, "b", "--replicates", "3", "--seed", "42", "--workers", "2")
    c = _run(tmp_path, "c", "--replicates", "3", "--seed", "43")
    assert (a / "indicators.csv").read_bytes() == (b / "indicators.csv").read_bytes()
    assert (a / "summary.csv").read_bytes() == (b / "summary.csv").read_bytes()
    assert (a / "indicators.csv").read_bytes() != (c / "indicators.csv").read_bytes()


def test_replicate_results_do_not_depend_on_batch_size() -> None:
    sc = load_scenario(SCENARIOS / "gansu_baseline.toml", ["run.n_firms=200"])
    two = run(sc, replicates=2, seed=5).indicators
    three = run(sc, replicates=3, seed=5).indicators
    pd.testing.assert_frame_equal(two, three[three["replicate"] < 2].reset_index(drop=True))


def test_python_api_returns_dataframes() -> None:
    res = run(SCENARIOS / "gansu_fiscal_2p5.toml", replicates=2, seed=1, overrides=["run.n_firms=200"])
    assert isinstance(res.summary, pd.DataFrame) and isinstance(res.targets, pd.DataFrame)
    assert res.ids == ["gansu_fiscal_2p5"]
    summary = res.summary.set_index("year")
    # the plan as written: own-level ratios of 2.5 / 2 / 1 % in 2025 (province, cities, counties) ...
    assert summary.loc[2025, "fiscal_st_ratio_province_p50"] == pytest.approx(2.5)
    assert summary.loc[2025, "fiscal_st_ratio_city_p50"] == pytest.approx(2.0)
    assert summary.loc[2025, "fiscal_st_ratio_county_p50"] == pytest.approx(1.0)
    # ... which make a consolidated ratio of 1.525 % (docs/government_levels.md), not 2.5 %
    assert summary.loc[2025, "fiscal_st_ratio_p50"] == pytest.approx(1.525)
    assert summary.loc[2023, "fiscal_st_ratio_p50"] == pytest.approx(1.296)  # observed to 2023


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('name = "x"\n[budget]\nsubsidy_shar = 3\n', ["bad.toml:3", "budget.subsidy_shar", "did you mean 'subsidy_share'"]),
        ('name = "x"\n[subsidy]\nrate = 3.0\n', ["bad.toml:3", "subsidy.rate", "0 to 1"]),
        ('name = "x"\n[subsidy]\nrate = "high"\n', ["subsidy.rate", "must be a number"]),
        ('name = "x"\n[budget]\nfiscal_st_ratio = { 2010 = 1.0 }\n', ["budget.fiscal_st_ratio", "2010", "2020 to 2035"]),
        ('name = "x"\nextends = "nowhere.toml"\n', ["bad.toml:2", "extends", "nowhere.toml"]),
        ('name = "x"\n[run\n', ["bad.toml:2", "TOML syntax error"]),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(tmp_path: Path, content: str, fragments: list[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", "run", str(bad), "--out", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    for frag in fragments:
        assert frag in proc.stderr
    assert not out.exists()


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code = main(["run", str(SCENARIOS / "gansu_baseline.toml"), "-q", "--out", str(out), *SMALL, "-n", "1"])
    assert code == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    assert main(["run", str(SCENARIOS / "gansu_baseline.toml"), "-q", "--out", str(out), *SMALL, "-n", "1", "--force"]) == 0
    assert (out / "keep.txt").exists() and (out / "indicators.csv").exists()


def test_validate_list_schema(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in SCENARIOS.glob("*.toml"))
    assert len(files) >= 7
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count(": OK") == len(files)
    assert main(["list"]) == 0
    listing = capsys.readouterr().out
    assert "甘肃省基准情景" in listing and "Gansu baseline" in listing and "六盘水市基准情景" in listing
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    rate = schema["properties"]["subsidy"]["properties"]["rate"]  # a year path: a number or year = value
    assert [form.get("type") for form in rate["oneOf"]] == ["number", "object"]
    assert rate["oneOf"][0]["maximum"] == 1.0 and rate["oneOf"][1]["patternProperties"]["^[0-9]{4}$"]["maximum"] == 1.0
    additionality = schema["properties"]["subsidy"]["properties"]["additionality"]
    assert (additionality["minimum"], additionality["maximum"]) == (0.0, 1.0)
    assert "fiscal_st_ratio" in schema["properties"]["budget"]["properties"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert "innovsim 0.1.0" in capsys.readouterr().out


def test_cli_loads_without_posix_only_modules(tmp_path: Path) -> None:
    """Windows has no ``resource``, ``fcntl`` or ``termios``: with them unimportable, every subcommand is still
    registered and a run writes its results (the benchmark imports ``resource`` only where it measures)."""
    code = r"""
import importlib.abc, sys
BLOCKED = {"resource", "fcntl", "termios"}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
for name in BLOCKED:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, Block())
from sim.cli.main import build_parser, main
names = set(build_parser()._subparsers._group_actions[0].choices)
assert {"run", "validate", "list", "schema", "sweep", "sensitivity", "calibrate", "goalseek", "report", "bench"} <= names, names
sys.exit(main(["run", sys.argv[1], "--replicates", "1", "--set", "run.n_firms=60", "--out", sys.argv[2], "--quiet"]))
"""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", code, str(SCENARIOS / "gansu_baseline.toml"), str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "indicators.csv").exists() and (out / "manifest.json").exists()


def test_output_to_a_console_that_cannot_show_chinese() -> None:
    """A Windows console or pipe in cp1252 or ascii cannot encode the Chinese names: they print as '?',
    and the command still finishes with exit 0 instead of a UnicodeEncodeError halfway through."""
    import os

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", "list"], capture_output=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode("ascii", "replace")[-2000:]
    out = proc.stdout.decode("ascii")
    assert "Gansu baseline" in out and "???" in out


def test_a_bundled_scenario_is_found_by_its_file_name_from_any_folder(tmp_path, monkeypatch, capsys) -> None:
    """``innovsim validate gansu_baseline.toml`` works outside the source tree (an installed innovsim);
    a file of that name in the current folder comes first."""
    from sim.cli.main import main as cli_main

    monkeypatch.chdir(tmp_path)
    assert cli_main(["validate", "gansu_baseline.toml"]) == 0
    assert "gansu_baseline.toml: OK (Gansu baseline" in capsys.readouterr().out
    (tmp_path / "gansu_baseline.toml").write_text('name = "mine"\n', encoding="utf-8")
    assert cli_main(["validate", "gansu_baseline.toml"]) == 0
    assert "gansu_baseline.toml: OK (mine" in capsys.readouterr().out


def test_subcommand_modules_left_out_of_a_build_are_skipped(monkeypatch) -> None:
    """The frozen app leaves out sim.devtools (the bench) and sim.cli.toolkit: the CLI still starts, whether
    the module itself or its package is the one missing."""
    import importlib

    from sim.cli.main import build_parser

    real = importlib.import_module

    def missing(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "sim.devtools.bench":
            raise ModuleNotFoundError("No module named 'sim.devtools'", name="sim.devtools")
        if name == "sim.cli.toolkit":
            raise ModuleNotFoundError("No module named 'sim.cli.toolkit'", name="sim.cli.toolkit")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", missing)
    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert "run" in choices and "bench" not in choices and "sweep" not in choices
