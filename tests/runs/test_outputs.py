"""Outputs are atomic: a run killed (SIGKILL) at any moment leaves every result
file either the complete old one or the complete new one, and no half-written
file under a result name. An existing output folder is not touched without
--force; nothing outside it is ever deleted; only files a run created are
removed (a killed run's temp files stay: they may be another process's)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.runs import outputs
from sim.runs.outputs import LOCK_NAME, RESULT_FILES, TEMP_RE, atomic_write
from sim.scenario.library import scenarios_dir

ROOT = Path(__file__).resolve().parents[2]
BASE = scenarios_dir() / "gansu_baseline.toml"
SETS = ["--set", "run.n_firms=150", "--set", "run.n_universities=5"]
CSVS = [f for f in RESULT_FILES if f.endswith(".csv")]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _argv(out: Path, seed: int) -> list[str]:
    return ["run", str(BASE), "-n", "3", "--seed", str(seed), "--out", str(out), "-q", *SETS]


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """Complete results of the old (seed 1) and the new (seed 2) run."""
    d = tmp_path_factory.mktemp("refs")
    for seed in (1, 2):
        assert main(_argv(d / f"seed{seed}", seed)) == 0
    return {seed: {f: (d / f"seed{seed}" / f).read_bytes() for f in CSVS} for seed in (1, 2)}


def _fresh_old(tmp: Path, references) -> Path:
    out = tmp / "results"
    out.mkdir()
    for f in CSVS:
        (out / f).write_bytes(references[1][f])
    (out / "manifest.json").write_text(json.dumps({"base_seed": 1}), encoding="utf-8")
    (out / "my_notes.txt").write_text("the planner's own file", encoding="utf-8")
    (tmp / "outside.txt").write_text("next to the folder", encoding="utf-8")
    return out


def _check_folder(out: Path, references) -> list[str]:
    """Every result file complete old or complete new; return the visible temp files."""
    temps = []
    for p in out.iterdir():
        if p.name in CSVS:
            data = p.read_bytes()
            assert data in (references[1][p.name], references[2][p.name]), f"{p.name} is neither old nor new"
            pd.read_csv(p)  # parses fully
        elif p.name == "manifest.json":
            seed = json.loads(p.read_text(encoding="utf-8"))["base_seed"]
            assert seed in (1, 2)
            # a manifest vouches for the whole set: every CSV belongs to the run it describes
            for f in CSVS:
                assert (out / f).read_bytes() == references[seed][f], f"manifest of run {seed} beside another {f}"
        elif p.name == LOCK_NAME:  # a killed run's lock file: the OS released its lock, the next run takes it
            continue
        elif p.name == "my_notes.txt":
            assert p.read_text(encoding="utf-8") == "the planner's own file"
        else:
            assert p.name.startswith(".") and p.name.endswith(".tmp") and TEMP_RE.match(p.name), p.name
            temps.append(p.name)
    # the CSVs are always there (old or new); the manifest is removed first and written last,
    # so after a kill part-way through a --force run it is absent rather than vouching for a mixed set
    assert {p.name for p in out.iterdir()} >= {*CSVS, "my_notes.txt"}
    assert (out.parent / "outside.txt").read_text(encoding="utf-8") == "next to the folder"
    return temps


SLOW_WRITES = """
import sys, time
import sim.runs.outputs as o
orig = o.atomic_write
def slow(path, write, binary=False):
    def w(fh):
        print("WRITING", path.name, flush=True)
        time.sleep(0.15)
        write(fh)
        fh.flush()
        print("WRITTEN", path.name, flush=True)
        time.sleep(0.15)
    orig(path, w, binary)
    print("RENAMED", path.name, flush=True)
o.atomic_write = slow
from sim.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


MOMENTS = ["WRITING indicators.csv", "WRITTEN indicators.csv", "RENAMED indicators.csv", "WRITING targets.csv",
           "RENAMED draws.csv", "WRITING manifest.json", "WRITTEN manifest.json"]


@pytest.mark.parametrize("moment", MOMENTS)
def test_kill_while_writing_keeps_old_or_new(tmp_path, references, moment):
    out = _fresh_old(tmp_path, references)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITES, *_argv(out, 2), "--force"], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.strip() == moment:
                os.kill(proc.pid, signal.SIGKILL)
                break
        else:
            pytest.fail(f"never reached {moment}")
    finally:
        proc.kill()
        proc.wait()
    temps = _check_folder(out, references)
    if moment.startswith("WRITING") or moment.startswith("WRITTEN"):
        assert temps, "a kill inside a write leaves only a temp file"
    # the next run completes; it removes no file it did not create, so the killed run's temp file stays
    assert main([*_argv(out, 2), "--force"]) == 0
    assert _check_folder(out, references) == temps
    assert not (out / LOCK_NAME).exists()
    for f in CSVS:
        assert (out / f).read_bytes() == references[2][f]


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.8, 0.9, 0.97, 1.03])
def test_kill_plain_cli_at_any_moment(tmp_path, references, fraction, request):
    """``python -m sim.cli.main run`` killed after a share of its usual running time."""
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    full = cache.get("reliability/run_seconds", None) if cache else None
    if full is None:
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "sim.cli.main", *_argv(tmp_path / "timing", 2)], env=_env(), check=True,
                       capture_output=True)
        full = time.monotonic() - t0
        if cache:
            cache.set("reliability/run_seconds", full)
    out = _fresh_old(tmp_path, references)
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli.main", *_argv(out, 2), "--force"], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(full * fraction)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _check_folder(out, references)


def test_existing_folder_refused_without_force(tmp_path, references, capsys):
    out = _fresh_old(tmp_path, references)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(_argv(out, 2)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", *_argv(out, 2)], env=_env(), capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_force_replaces_only_result_files(tmp_path, references):
    out = _fresh_old(tmp_path, references)
    (out / ".keep.tmp").write_text("not ours: no random suffix", encoding="utf-8")
    (out / ".summary.csv.k3j4h5g6.tmp").write_text("stale half file", encoding="utf-8")
    sub = out / "sub"
    sub.mkdir()
    (sub / ".indicators.csv.abcdefgh.tmp").write_text("in a subfolder: left alone", encoding="utf-8")
    assert main([*_argv(out, 2), "--force"]) == 0
    assert (out / ".summary.csv.k3j4h5g6.tmp").exists()  # not this run's: never removed
    assert (out / ".keep.tmp").exists() and (sub / ".indicators.csv.abcdefgh.tmp").exists()
    assert (out / "my_notes.txt").exists() and (tmp_path / "outside.txt").exists()
    for f in CSVS:
        assert (out / f).read_bytes() == references[2][f]


def test_output_path_that_is_a_file(tmp_path, capsys):
    f = tmp_path / "results"
    f.write_text("a file", encoding="utf-8")
    assert main([*_argv(f, 1), "--force"]) == 2
    assert "not a folder" in capsys.readouterr().err and f.read_text(encoding="utf-8") == "a file"


def test_failed_write_keeps_old_file_and_no_temp(tmp_path):
    target = tmp_path / "indicators.csv"
    target.write_text("old,complete\n1,2\n", encoding="utf-8")

    def broken(fh):
        fh.write("new,half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_text(encoding="utf-8") == "old,complete\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["indicators.csv"]


def test_disk_full_during_results_is_a_clear_error(tmp_path, references, monkeypatch, capsys):
    out = _fresh_old(tmp_path, references)

    def full(frame, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "write_csv", full)
    assert main([*_argv(out, 2), "--force"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    _check_folder(out, references)


def test_result_file_open_in_another_program(tmp_path, references, monkeypatch, capsys):
    """Windows refuses to replace a file another program holds open (summary.csv in Excel): the message names
    the result file and says what to do; the earlier files stay complete and no temporary file is left."""
    out = _fresh_old(tmp_path, references)
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst).name == "summary.csv":
            raise PermissionError(13, "Access is denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", locked)
    assert main([*_argv(out, 2), "--force"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "summary.csv: Access is denied" in err and "open in another program" in err and str(out) in err
    assert _check_folder(out, references) == []
    assert not (out / "manifest.json").exists()  # the set is incomplete: no manifest vouches for it


def test_written_files_follow_the_umask_and_keep_an_existing_mode(tmp_path):
    """Exports are not 0600 whatever the umask: a new file gets 0666 less the umask; a replaced file keeps its mode."""
    import os
    import stat
    import sys

    if sys.platform.startswith("win"):
        pytest.skip("POSIX modes")
    from sim.runs.outputs import atomic_write

    old = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        atomic_write(new, lambda fh: fh.write("a\n"))
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        os.chmod(new, 0o640)
        atomic_write(new, lambda fh: fh.write("b\n"))
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)
