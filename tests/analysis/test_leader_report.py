"""The report for a leader (sim/analysis/leader_report.py): headline sentences with the numbers of the
result, region and date, the charts and tables, Chinese text, a readable PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.analysis.compare import compare_table
from sim.analysis.leader_report import headlines, leader_report_pages, region_text, write_leader_report
from sim.runs.runner import run
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SMALL = ["run.n_firms=300", "run.n_universities=8"]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    scs = [load_scenario(SCENARIOS / f"{n}.toml", SMALL) for n in ("gansu_baseline", "gansu_fiscal_2p5")]
    return run(scs, replicates=3, seed=2, workers=1)


def test_headlines_carry_the_numbers(result) -> None:  # type: ignore[no-untyped-def]
    lines = headlines(result, "en")
    t = result.targets[(result.targets["scenario"] == result.ids[0]) & (result.targets["indicator"] == "rd_intensity")
                       & (result.targets["year"] == 2025)].iloc[0]
    first = next(x for x in lines if x.startswith("Gansu baseline: R&D intensity reaches 1.5% by 2025"))
    assert f"in {t['probability']:.0%} of the simulated runs" in first
    assert "100 million yuan" in first and "P=" not in first and "seed" not in " ".join(lines)
    table = compare_table(result)
    d = table[(table["scenario"] == result.ids[1]) & (table["year"] == 2035)].iloc[0]
    diff = lines[-1]
    assert diff.startswith("Against Gansu baseline") and f"{d['delta_fiscal_cost']:+,.0f}" in diff
    zh = headlines(result, "zh")
    assert any("亿元" in x and "甘肃" in x for x in zh)


def test_pages_and_pdf(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = leader_report_pages(result, "zh", today=dt.date(2026, 11, 30))
    assert len(pages) == 4
    texts = [t.get_text() for t in pages[0].texts]
    assert texts[0] == "甘肃科技政策情景对比报告" and region_text(result, "en") == "Gansu"
    assert any("2026-11-30" in t for t in texts)
    assert [len(p.axes) for p in pages[:2]] == [2, 2]  # R&D intensity and HNTE; fiscal cost and the table
    assert "财政成本" in pages[1].axes[0].get_title()
    out = write_leader_report(result, tmp_path / "report.pdf", "zh")
    assert out.read_bytes()[:4] == b"%PDF"


def test_cli_leader_report_from_a_run_folder(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sim.analysis.leader_report import result_from_folder
    from sim.cli.main import main

    out = tmp_path / "run"
    files = [str(SCENARIOS / "gansu_baseline.toml"), str(SCENARIOS / "gansu_fiscal_2p5.toml")]
    sets = [a for s in SMALL for a in ("--set", s)]
    assert main(["run", *files, "-n", "3", "--seed", "2", "-q", "--workers", "1", "--out", str(out), *sets]) == 0
    back = result_from_folder(out)
    assert back.ids == result.ids and headlines(back, "en") == headlines(result, "en")  # the same sentences
    assert main(["report", str(out), "--leader", "--lang", "zh", "--out", str(tmp_path / "l.pdf")]) == 0
    assert (tmp_path / "l.pdf").read_bytes()[:4] == b"%PDF"
