"""``--screenshot``: open a scenario, run it (or a comparison), grab the window and exit."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from desktop.bootstrap import wait_until
from sim.scenario.library import scenarios_dir


def take(window: Any, app: Any, out: Path, file: str | None, tab: str, replicates: int | None,
         editor_tab: str | None = None) -> int:
    """Run what ``tab`` shows and save the window to ``out`` (PNG); ``editor_tab`` (a parameter group
    or ``targets``) selects that page of the editor and widens it."""
    path = Path(file) if file else scenarios_dir() / "gansu_baseline.toml"
    window.resize(1400, 900)  # the same size for every screenshot, whatever size the app was last closed at
    window.open_path(path)
    if editor_tab:
        select_editor_tab(window, editor_tab)
    if replicates:
        window.reps.setValue(replicates)
        window.compare.reps.setValue(replicates)
        window.trainer.reps.setValue(min(replicates, 50))
    if tab == "compare":
        window.right.setCurrentWidget(window.compare)
        window.compare.set_checked([str(scenarios_dir() / "gansu_baseline.toml"), str(scenarios_dir() / "gansu_fiscal_2p5.toml"),
                                    str(scenarios_dir() / "gansu_subsidy_x2.toml")])
        window.compare.start()
    elif tab in ("firms", "ladder"):
        window.right.setCurrentWidget(window.explorer)
        window.explorer.charts.setCurrentIndex(1 if tab == "ladder" else 0)
        window.explorer.start()
    elif tab == "waterfall":
        window.right.setCurrentWidget(window.compare)
        window.compare.set_checked([str(scenarios_dir() / "gansu_baseline.toml"), str(scenarios_dir() / "gansu_fiscal_2p5.toml")])
        window.compare.bottom.setCurrentWidget(window.compare.attribution)
        window.compare.bottom.parentWidget().setSizes([230, 570])  # the waterfall tall, the charts above short
        window.compare.attribution.start()
    elif tab == "trainer":
        window.right.setCurrentWidget(window.trainer)
        window.trainer.reset()
        window.trainer.set_lever("budget.fiscal_st_ratio@2025", 2.5)
        window.trainer.rerun()
    else:
        window.start_run()
    wait_until(app, lambda: window.controller.busy, 300.0, pause=0.02)
    wait_until(app, lambda: not window.controller.busy, 600.0, pause=0.02)
    if tab in ("compare", "waterfall"):
        window.right.setCurrentWidget(window.compare)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.doc.dirty = False
    window.close()
    return 0


def select_editor_tab(window: Any, name: str) -> None:
    from sim.scenario.params import GROUPS

    editor = window.editor
    if name == "targets":
        index = editor.tabs.count() - 1
    elif name == "uncertainty":
        index = editor.tabs.indexOf(editor.uncertainty)
    else:
        index = list(GROUPS).index(name)
    editor.tabs.setCurrentIndex(index)
    split = window.centralWidget()
    total = sum(split.sizes())
    split.setSizes([200, int(total * 0.55), total - 200 - int(total * 0.55)])
