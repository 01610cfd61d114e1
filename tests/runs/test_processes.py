"""Processes: worker processes end with their parent whatever ends it (SIGTERM, SIGKILL), holding none of the
caller's pipes afterwards; two commands writing into one output folder never mix their files (one owns the
folder, the other is refused with one line naming the holder). Run with ``-s`` to see what each case saw."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "gansu_baseline.toml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# a process with a second thread spawns its workers instead of forking them (runner.pool_context)
SPAWNING = ("import sys, threading; threading.Thread(target=lambda: threading.Event().wait(), daemon=True).start(); "
            "from sim.cli.main import main; sys.exit(main(sys.argv[1:]))")


def _command(start: str, out: Path) -> list[str]:
    argv = ["run", str(BASE), "-n", "40", "-j", "2", "--out", str(out), "--set", "run.n_firms=3000", "-q"]
    head = [sys.executable, "-m", "sim.cli.main"] if start == "fork" else [sys.executable, "-c", SPAWNING]
    return [*head, *argv]


def _workers(pid: int, need: int, timeout: float = 120.0) -> list[psutil.Process]:
    """The child processes of ``pid`` once ``need`` of them are computing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = psutil.Process(pid).children(recursive=True)
        busy = [k for k in kids if k.cpu_times().user > 0.2]
        if len(busy) >= need:
            return kids
        time.sleep(0.2)
    pytest.fail("the workers never started")


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_with_their_parent(sig, start, tmp_path):
    out = tmp_path / "a" / "R"
    proc = subprocess.Popen(_command(start, out), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        workers = _workers(proc.pid, 2 if start == "fork" else 1)  # spawned: the caller is one of the 2 workers
        t0 = time.monotonic()
        proc.send_signal(sig)
        proc.wait(timeout=60)
        _gone, alive = psutil.wait_procs(workers, timeout=20)
        took = time.monotonic() - t0
        # nobody holds the caller's pipes: reading them ends at once
        _stdout, stderr = proc.communicate(timeout=10)
    finally:
        proc.kill()
        for w in psutil.Process().children(recursive=True):
            if w.pid != proc.pid:
                w.kill()
    print(f"\n{signal.Signals(sig).name} ({start}): parent {proc.pid} exit {proc.returncode}, "
          f"{len(workers)} children {[w.pid for w in workers]}; alive after {took:.1f} s: {[w.pid for w in alive]}; "
          f"pipes closed; stderr {stderr.decode(errors='replace').strip()!r}")
    assert alive == []
    assert b"Traceback" not in stderr
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        assert not (tmp_path / "a").exists()  # the folders made for the run are gone with it, nothing written
        assert len(stderr.strip().splitlines()) <= 1


def _coherent(out: Path) -> tuple[int, int]:
    """The manifest's seed and replicates, checked against the tables beside it."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ind = pd.read_csv(out / "indicators.csv", dtype={"seed": str})
    draws = pd.read_csv(out / "draws.csv", dtype={"seed": str})
    assert ind["replicate"].nunique() == manifest["replicates"] == len(draws)
    assert sorted(set(ind["seed"])) == sorted(manifest["seeds"]) == sorted(draws["seed"])
    return manifest["base_seed"], manifest["replicates"]


@pytest.mark.parametrize("force", [False, True], ids=["new-folder", "force"])
def test_two_writers_one_folder(force, tmp_path):
    results = []
    for attempt in range(3):
        out = tmp_path / f"R{attempt}"
        if force:
            out.mkdir()
        cmds = [[sys.executable, "-m", "sim.cli.main", "run", str(BASE), "--out", str(out), "--seed", str(seed),
                 "-n", str(n), "--set", "run.n_firms=400", "-q", *(["--force"] if force else [])]
                for seed, n in ((1, 3), (2, 5))]
        procs = [subprocess.Popen(c, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for c in cmds]
        done = [(p.wait(timeout=300), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        codes = [c for c, _ in done]
        for code, err in done:
            assert "Traceback" not in err
            if code != 0:
                assert code == 2 and len(err.strip().splitlines()) == 1
                # the holder is named once it has written its line; in the instant between its lock and that
                # write the refusal says "another process"
                assert "is in use by innovsim" in err or "is in use by another process" in err or "not empty" in err, err
        assert 0 in codes
        if not force:
            assert sorted(codes) == [0, 2]
        seed, reps = _coherent(out)
        assert (seed, reps) in ((1, 3), (2, 5))
        assert not (out / ".innovsim.lock").exists()
        results.append(f"attempt {attempt}: exits {codes}; folder holds seed {seed} x {reps} replicates, coherent; "
                       f"refusal: {[e.strip() for c, e in done if c]}")
    print("\n" + "\n".join(results))
