"""The firm panel of one scenario and replicate: individual firms in chosen years, the HNTE ladder and the
bunching statistic (docs/firm_panel.md has the schema).

``firm_panel`` returns it as DataFrames (the API); ``export_firm_panel`` writes it while the model runs,
one year at a time (``innovsim run --firms-out DIR --firm-years ...``), so memory holds the model and one
year's rows, whatever the firm count and the number of years. The replicate's seed is the one ``run``
gives it (``replicate_seed``), so the panel's firms add up to that run's indicators.

Files: ``firms.parquet`` (and ``firms.csv`` on request), ``stages.csv``, ``flows.csv``, ``bunching.csv``,
``manifest.json`` (last). Money in million yuan, ratios in percent.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

from sim.errors import InnovsimError, OutputError
from sim.runs.bunching import BUNCHING_COLUMNS, bunching_table
from sim.runs.runner import draw_uncertain, replicate_seed, run_args
from sim.scenario.loader import Scenario

PANEL_FILES = ("firms.parquet", "stages.csv", "flows.csv", "bunching.csv", "manifest.json")
Snapshot = Callable[[pd.DataFrame], None]


@dataclass
class FirmPanel:
    """A firm panel (see ``sim.model.panel``): ``firms`` one row per firm and chosen year, ``stages`` firms by
    stage every year, ``flows`` stage-to-stage moves every year, ``bunching`` excess mass per year and
    threshold, ``indicators`` the run's yearly indicators; ``seed`` the replicate's seed."""

    firms: pd.DataFrame
    stages: pd.DataFrame
    flows: pd.DataFrame
    bunching: pd.DataFrame
    indicators: pd.DataFrame
    seed: int
    replicate: int


def check_years(scenario: Scenario, years: Iterable[int] | None) -> list[int]:
    """The snapshot years, sorted; every simulated year when ``years`` is None. Years outside the run are an error."""
    if years is None:
        return scenario.years
    chosen = sorted({int(y) for y in years})
    wrong = [y for y in chosen if y not in scenario.years]
    if wrong or not chosen:
        raise InnovsimError(f"--firm-years {','.join(map(str, wrong)) or '(none)'}: years must lie in the run, "
                            f"{scenario.base_year} to {scenario.end_year}")
    return chosen


def replicate_seed_of(scenario: Scenario, replicate: int, seed: int | None) -> int:
    if replicate < 0:
        raise InnovsimError(f"--firm-replicate {replicate}: must be 0 or more")
    return replicate_seed(int(seed if seed is not None else scenario.params["run.seed"]), replicate)


def simulate_panel(scenario: Scenario, seed: int, years: list[int], on_snapshot: Snapshot) -> tuple[Any, pd.DataFrame]:
    """Run ``scenario`` with ``seed`` (as ``run`` would), calling ``on_snapshot`` with each chosen year's firms.
    Returns the recorder (stages, flows) and the yearly indicators: the model's own, without the posterior's
    model discrepancy (``sim.scenario.discrepancy``), so that they add up from the firm rows."""
    from sim.indicators import ALL_INDICATOR_NAMES
    from sim.model.model import InnovationModel, gc_paused
    from sim.model.panel import PanelRecorder

    params, seed, uncertainty, _discrepancy = run_args(scenario, seed)  # firm rows are the model's state
    draws = draw_uncertain(params, uncertainty or {}, seed)
    recorder = PanelRecorder(years)
    with gc_paused():
        model = InnovationModel({**params, **draws}, seed=seed)
        try:
            for snap in [recorder.observe(model)]:
                if snap is not None:
                    on_snapshot(snap)
            while model.running and model.year < model.end_year:
                model.step()
                snap = recorder.observe(model)
                if snap is not None:
                    on_snapshot(snap)
        finally:
            model.release()
    collected = model.datacollector.model_vars
    indicators = pd.DataFrame({name: collected[name] for name in ALL_INDICATOR_NAMES})
    indicators.insert(0, "year", range(scenario.base_year, scenario.base_year + len(indicators)))
    return recorder, indicators


def firm_panel(scenario: Scenario, years: Iterable[int] | None = None, replicate: int = 0,
               seed: int | None = None) -> FirmPanel:
    """The firm panel of ``scenario``'s replicate ``replicate`` under base seed ``seed`` (default the
    scenario's ``run.seed``), with firm rows for ``years`` (default: every year), as DataFrames."""
    chosen = check_years(scenario, years)
    run_seed = replicate_seed_of(scenario, replicate, seed)
    frames: list[pd.DataFrame] = []
    recorder, indicators = simulate_panel(scenario, run_seed, chosen, frames.append)
    firms = pd.concat(frames, ignore_index=True)
    return FirmPanel(firms, recorder.stages_frame(), recorder.flows_frame(), bunching_table(firms), indicators,
                     run_seed, replicate)


def parquet_available() -> bool:
    """pyarrow is installed (the packaged app leaves Arrow out, docs/packaging.md: CSV only there)."""
    return importlib.util.find_spec("pyarrow") is not None


def export_firm_panel(scenario: Scenario, out: Path, years: Iterable[int] | None, replicate: int = 0,
                      seed: int | None = None, csv: bool = False, parquet: bool = True,
                      meta: dict[str, Any] | None = None) -> list[Path]:
    """Run the replicate and write its firm panel into ``out`` as it goes (one year's rows in memory at a
    time); every file is written atomically, ``manifest.json`` last. Returns the paths written."""
    from sim.runs.outputs import atomic_write, build_manifest, utc_now, write_csv, write_json

    chosen = check_years(scenario, years)
    run_seed = replicate_seed_of(scenario, replicate, seed)
    if parquet and not parquet_available():
        if not csv:
            raise InnovsimError("Parquet needs pyarrow, which this installation lacks: ask for CSV (--firms-csv)")
        parquet = False
    out = Path(out)
    started = utc_now()
    bunching: list[pd.DataFrame] = []
    state: dict[str, Any] = {}

    def body(pq_fh: IO[bytes] | None, csv_fh: IO[str] | None) -> None:
        writer = None

        def on_snapshot(frame: pd.DataFrame) -> None:
            nonlocal writer
            bunching.append(bunching_table(frame))
            if pq_fh is not None:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(frame, preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(pq_fh, table.schema)
                writer.write_table(table)  # one row group per year
            if csv_fh is not None:
                frame.to_csv(csv_fh, index=False, header=csv_fh.tell() == 0, lineterminator="\n")

        try:
            state["recorder"], state["indicators"] = simulate_panel(scenario, run_seed, chosen, on_snapshot)
        finally:
            if writer is not None:
                writer.close()

    written: list[Path] = []
    try:
        (out / "manifest.json").unlink(missing_ok=True)
        if parquet and csv:
            atomic_write(out / "firms.parquet",
                         lambda a: atomic_write(out / "firms.csv", lambda b: body(a, b)), binary=True)
        elif parquet:
            atomic_write(out / "firms.parquet", lambda a: body(a, None), binary=True)
        else:
            atomic_write(out / "firms.csv", lambda b: body(None, b))
        written += [out / name for name, on in (("firms.parquet", parquet), ("firms.csv", csv)) if on]
        recorder = state["recorder"]
        table = pd.concat(bunching, ignore_index=True) if bunching else pd.DataFrame(columns=BUNCHING_COLUMNS)
        for name, frame in (("stages.csv", recorder.stages_frame()), ("flows.csv", recorder.flows_frame()),
                            ("bunching.csv", table)):
            write_csv(frame, out / name)
            written.append(out / name)
        fields = {"replicate": replicate, "seed": str(run_seed), "years": chosen, "files": [p.name for p in written]}
        write_json(build_manifest({"kind": "firm_panel", **(meta or {})}, started, utc_now(), scenario, **fields),
                   out / "manifest.json")
    except OSError as e:
        raise OutputError(f"Cannot write the firm panel to {out}: {e.strerror or e}") from e
    written.append(out / "manifest.json")
    return written
