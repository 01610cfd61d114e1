"""Loader messages in the Chinese interface (same structure: file, line, field, range); a GBK scenario file
opens with a notice and is saved as UTF-8; a truncated file is refused (pytest-qt, offscreen)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop import i18n
from desktop.views.main_window import MainWindow
from sim.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def test_error_text_in_chinese_keeps_file_line_field_and_range(qapp) -> None:  # type: ignore[no-untyped-def]
    e = ScenarioError("value 2 is out of range (allowed: 0 to 1 yuan per yuan R&D)", file=Path("a.toml"), line=7,
                      field="subsidy.rate")
    assert i18n.error_text(e) == str(e)  # English: the loader's own words
    i18n.set_language("zh_CN")
    try:
        text = i18n.error_text(e)
        assert text.startswith("a.toml,第 7 行,字段“subsidy.rate”:取值 2 超出允许范围")
        assert "0 to 1" in text and "允许" in text
        e2 = ScenarioError("unknown parameter 'subsidy.rat'; did you mean 'rate'?", file=Path("b.toml"), line=3,
                           field="subsidy.rat")
        assert i18n.error_text(e2) == "b.toml,第 3 行,字段“subsidy.rat”:未知参数“subsidy.rat”;是否想输入“rate”?"
        e3 = ScenarioError("file is empty", file=Path("c.toml"))
        assert i18n.error_text(e3) == "c.toml:文件为空"
    finally:
        i18n.set_language("en")


def test_gbk_file_opens_with_a_notice_and_saves_utf8(window: MainWindow, tmp_path: Path) -> None:
    src = tmp_path / "gbk.toml"
    shutil.copy(DATA / "good" / "gbk_names.toml", src)
    assert window.open_path(src)
    assert window.doc is not None and window.doc.encoding == "gb18030"
    assert "GB18030" in window.last_notice and "UTF-8" in window.last_notice
    window.doc.save(src)
    assert "甘肃省基准情景" in src.read_bytes().decode("utf-8")


def test_truncated_file_is_refused_in_chinese(window: MainWindow, tmp_path: Path) -> None:
    raw = (ROOT / "scenarios" / "gansu_baseline.toml").read_bytes()
    cut = tmp_path / "cut.toml"
    cut.write_bytes(raw[:raw.index(b"[[targets]]") + 5])
    window.set_language("zh_CN")
    assert not window.open_path(cut)
    assert window.last_message is not None and "被截断" in window.last_message[1] and "cut.toml" in window.last_message[1]
    window.set_language("en")


def test_language_switch_reaches_library_and_toolbar(window: MainWindow) -> None:
    window.time_label.setText("4 s elapsed, 0 s left")
    window.set_language("zh_CN")
    assert window.library.title.text() == "情景库" and window.library.new_btn.text() != "New"
    assert window.time_label.text() == ""
    window.set_language("en")
    assert window.library.title.text() == "Scenario library"


def test_more_than_six_ticked_indicators_says_so(qapp) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    from desktop.views.charts import CHART_INDICATORS, MORE_NOTE_GID, draw_figure
    from sim.runs.runner import run
    from sim.scenario.loader import load_scenario

    res = run(load_scenario(ROOT / "scenarios" / "gansu_baseline.toml", ["run.n_firms=300", "run.n_universities=8"]),
              replicates=1, seed=1)
    fig = Figure(figsize=(8, 6))
    draw_figure(fig, res, list(CHART_INDICATORS[:8]))
    assert len(fig.axes) == 6
    note = [t for t in fig.texts if t.get_gid() == MORE_NOTE_GID]
    assert note and "first 6 of the 8" in note[0].get_text()


def test_one_replicate_setting_for_run_and_compare(window: MainWindow) -> None:
    window.reps.setValue(7)
    assert window.compare.reps.value() == 7
    window.compare.reps.setValue(12)
    assert window.reps.value() == 12
    assert window.trainer.reps_label.text() == "Refined with (runs)"
