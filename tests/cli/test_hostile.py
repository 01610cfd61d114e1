"""A hostile corpus run through the command line and the API: odd flags for every subcommand, special files
where scenarios, observations and result folders are expected, extends chains, output folders that are not
ours, full disks, closed pipes and names that would drive a terminal. Each case asserts the exit code, one
line on stderr (never a traceback) and what is on disk afterwards (nothing created on refusal).

The classes (``CLASSES`` counts the cases of each; ``test_corpus_size`` keeps the corpus at 150 or more):
flags (every numeric flag and --executor of every subcommand, checked before any folder is made), design
(sizes capped before allocation), special_files (FIFOs, devices, sockets, folders, oversized files),
extends (depth cap, symlinks), folders (lock, other people's files, umask), failures (disk full, memory,
unexpected errors, broken pipe, a killed --force), printing (escaped names), api (the same checks without
the command line).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli.main import main
from sim.errors import InnovsimError
from sim.limits import MAX_POINTS, MAX_REPLICATES, MAX_WORKERS
from sim.runs import outputs
from sim.runs.outputs import LOCK_NAME
from sim.scenario.loader import MAX_EXTENDS_DEPTH, MAX_FILE_BYTES, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "gansu_baseline.toml"
TINY = ["--set", "run.n_firms=400", "--set", "run.n_universities=4", "-q"]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets are POSIX")


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``innovsim argv`` run in this process (argparse exits count too)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def refused(code: int, err: str, *fragments: str) -> None:
    """Exit 2, exactly one line on stderr, no traceback, each fragment in it."""
    assert code == 2, err
    lines = [x for x in err.splitlines() if not x.startswith("innovsim: warning:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for f in fragments:
        assert f in lines[0], (f, lines[0])


# --------------------------------------------------------------------------- flags: parse time, nothing created

SUBCOMMANDS = {
    "run": ["run", BASE],
    "sweep": ["sweep", BASE, "-p", "subsidy.rate=0:0.2:2"],
    "sensitivity": ["sensitivity", BASE, "-p", "subsidy.rate=0:0.2", "-p", "tax.super_deduction=50:100",
                    "--outcome", "rd_intensity@2025"],
    "calibrate": ["calibrate", BASE, "--observed", "obs.csv", "--free", "subsidy.rate=0:0.3"],
    "goalseek": ["goalseek", BASE, "--target", "rd_intensity@2025>=1.5", "--lever", "budget.fiscal_st_ratio"],
    "backtest": ["backtest", BASE, "--cutoff", "2019"],
    "posterior": ["posterior", BASE],
    "respond": ["respond", BASE],
    "attribute": ["attribute", BASE, "--year", "2025"],
}
COMMON_BAD = [
    ("--replicates", "0"), ("--replicates", "-3"), ("--replicates", "1000000000"), ("--replicates", "abc"),
    ("--replicates", "1_0"), ("--replicates", "2.5"), ("--seed", "-1"), ("--seed", str(2**63)), ("--seed", "x"),
    ("--workers", "0"), ("--workers", "100000"),
]
EXECUTOR_BAD = [("--executor", "bogus"), ("--executor", "dask://"), ("--executor", "dask://host:0"),
                ("--executor", "tcp://host:70000"), ("--executor", "dask://host:1/x")]
SPECIFIC_BAD = {
    "sweep": [("--samples", "0"), ("--samples", "1000000000")],
    "sensitivity": [("--n", "1"), ("--n", "1000000000"), ("--levels", "1"), ("--levels", "100000")],
    "calibrate": [("--maxiter", "0"), ("--popsize", "0"), ("--popsize", "100000")],
    "goalseek": [("--prob", "0"), ("--prob", "1.5"), ("--prob", "nan"), ("--prob", "inf"), ("--prob", "-0.1"),
                 ("--tol", "0"), ("--tol", "-1"), ("--tol", "nan")],
    "backtest": [("--cutoff", "0"), ("--cutoff", "99999"), ("--population", "1"), ("--generations", "0"),
                 ("--max-simulations", "0"), ("--min-epsilon", "-1"), ("--min-epsilon", "nan")],
    "posterior": [("--cutoff", "-5")],
    "respond": [("--year", "-5"), ("--year", "99999")],
    "attribute": [("--year", "0"), ("--year", "x")],
}
FLAG_CASES = [(cmd, flag, value) for cmd in SUBCOMMANDS for flag, value in
              [*COMMON_BAD, *(EXECUTOR_BAD if cmd != "run" else []), *SPECIFIC_BAD.get(cmd, [])]]


@pytest.mark.parametrize(("cmd", "flag", "value"), FLAG_CASES, ids=[f"{c}{f}={v}" for c, f, v in FLAG_CASES])
def test_bad_flag_is_one_line_and_creates_nothing(cmd, flag, value, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "a" / "b" / "c"
    code, _, err = cli([*SUBCOMMANDS[cmd], f"{flag}={value}", "--out", out], capsys)
    refused(code, err, flag)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- design sizes: capped before allocation

DESIGN_CASES = {
    "grid_n": (["sweep", BASE, "-p", "subsidy.rate=0:1:100000000"], f"from 1 to {MAX_POINTS}"),
    "grid_product": (["sweep", BASE, "-p", "subsidy.rate=0:0.3:1000", "-p", "tax.super_deduction=0:200:1000"],
                     "1000000 points"),
    "grid_values": (["sweep", BASE, "-p", "subsidy.rate=" + ",".join(["0.1"] * (MAX_POINTS + 1))],
                    f"more than {MAX_POINTS} values"),
    "lhs_runs": (["sweep", BASE, "-p", "subsidy.rate=0:0.3", "--design", "lhs", "--samples", "100000",
                  "-n", "1000"], "simulations"),
    "sobol_points": (["sensitivity", BASE, "-p", "subsidy.rate=0:0.2", "-p", "tax.super_deduction=50:100",
                      "--outcome", "rd_intensity@2025", "--n", "65536"], "points"),
    "sobol_not_power_of_2": (["sensitivity", BASE, "-p", "subsidy.rate=0:0.2", "-p", "tax.super_deduction=50:100",
                              "--outcome", "rd_intensity@2025", "--n", "48"], "power of 2"),
    "morris_points": (["sensitivity", BASE, "--method", "morris", "-p", "subsidy.rate=0:0.2", "-p",
                       "tax.super_deduction=50:100", "--outcome", "rd_intensity@2025", "--n", "50000"], "points"),
    "calibrate_evaluations": (["calibrate", BASE, "--observed", "OBS", "--free", "subsidy.rate=0:0.3",
                               "--maxiter", "10000", "--popsize", "1000"], "evaluations"),
    "target_infinite": (["goalseek", BASE, "--target", "rd_intensity@2025>=1e999", "--lever",
                         "budget.fiscal_st_ratio"], "finite"),
    "workers_beyond_the_machine": (["run", BASE, "-j", str(MAX_WORKERS + 1)], f"1 to {MAX_WORKERS}"),
}


@pytest.mark.parametrize("case", sorted(DESIGN_CASES))
def test_oversized_design_is_refused_before_anything(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value\nrd_intensity,2018,1.2\nrd_intensity,2019,1.3\n", encoding="utf-8")
    argv, fragment = DESIGN_CASES[case]
    argv = [str(obs) if a == "OBS" else a for a in argv]
    code, _, err = cli([*argv, "--out", tmp_path / "a" / "b"], capsys)
    refused(code, err, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["obs.csv"]


# --------------------------------------------------------------------------- special files: refused at once

def _special(kind: str, where: Path) -> Path:
    """A path named like an input file that is not a regular file (or too large)."""
    p = where / "s.toml"
    if kind == "fifo":
        os.mkfifo(p)
    elif kind == "dev_zero":
        p.symlink_to("/dev/zero")
    elif kind == "dev_null":
        p.symlink_to("/dev/null")
    elif kind == "folder":
        p.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(p))
        sock.close()
    elif kind == "sparse_huge":
        with open(p, "wb") as fh:
            fh.truncate(3 * 2**30)  # 3 GB of holes: a reader without a cap would try to hold them all
    elif kind == "over_cap":
        p.write_bytes(b'name = "x"\n' + b"#" * MAX_FILE_BYTES)
    return p


SPECIAL = {"fifo": "named pipe", "dev_zero": "a device", "dev_null": "a device", "folder": "directory",
           "socket": "socket", "sparse_huge": f"at most {MAX_FILE_BYTES} bytes", "over_cap": f"at most {MAX_FILE_BYTES} bytes"}
SPECIAL_CASES = [(kind, via) for kind in SPECIAL for via in ("run", "validate", "sweep", "api")]


@pytest.mark.parametrize(("kind", "via"), SPECIAL_CASES, ids=[f"{k}-{v}" for k, v in SPECIAL_CASES])
def test_scenario_that_is_not_a_regular_file(kind, via, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = _special(kind, tmp_path)
    before = sorted(x.name for x in tmp_path.iterdir())
    if via == "api":
        with pytest.raises(InnovsimError) as info:
            load_scenario(p)
        assert SPECIAL[kind] in str(info.value) and "\n" not in str(info.value)
    else:
        extra = {"run": ["--out", "R"], "validate": [], "sweep": ["-p", "subsidy.rate=0:0.1:2", "--out", "R"]}[via]
        code, _, err = cli([via, p, *extra], capsys)
        refused(code, err, SPECIAL[kind], "s.toml")
    assert sorted(x.name for x in tmp_path.iterdir()) == before


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder", "over_cap"])
def test_extends_to_a_special_file(kind, tmp_path, capsys):
    target = _special(kind, tmp_path)
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{target.name}"\nname = "child"\n', encoding="utf-8")
    code, _, err = cli(["validate", child], capsys)
    refused(code, err, "s.toml")


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder", "sparse_huge"])
def test_observations_that_are_not_a_regular_file(kind, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    obs = _special(kind, tmp_path).rename(tmp_path / "obs.csv") if kind != "dev_zero" else None
    if obs is None:
        obs = tmp_path / "obs.csv"
        obs.symlink_to("/dev/zero")
    code, _, err = cli(["calibrate", BASE, "--observed", obs, "--free", "subsidy.rate=0:0.3", "--out", "R"], capsys)
    refused(code, err, "--observed", "obs.csv")
    assert not (tmp_path / "R").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "over_cap"])
def test_posterior_that_is_not_a_regular_file(kind, tmp_path, capsys):
    post = _special(kind, tmp_path).rename(tmp_path / "post.csv") if kind != "dev_zero" else tmp_path / "post.csv"
    if kind == "dev_zero":
        post.symlink_to("/dev/zero")
    sc = tmp_path / "p.toml"
    sc.write_text(f'extends = "{BASE}"\nname = "p"\n[uncertainty]\nposterior = "post.csv"\n', encoding="utf-8")
    code, _, err = cli(["validate", sc], capsys)
    refused(code, err, "post.csv")


# --------------------------------------------------------------------------- report on broken result folders

def _run_folder(tmp_path: Path) -> Path:
    """A result folder shaped as ``innovsim run`` writes it, with tiny tables."""
    d = tmp_path / "res"
    d.mkdir()
    (d / "manifest.json").write_text(json.dumps({"replicates": 1}), encoding="utf-8")
    (d / "summary.csv").write_text("scenario,year,replicates\nx,2015,1\n", encoding="utf-8")
    return d


REPORT_CASES = {
    "manifest_fifo": ("manifest.json", "fifo", "named pipe"),
    "manifest_dev_zero": ("manifest.json", "dev_zero", "a device"),
    "manifest_garbage": ("manifest.json", b"{not json", "not a valid manifest"),
    "manifest_list": ("manifest.json", b"[1, 2, 3]", "expected a JSON object"),
    "manifest_deep": ("manifest.json", b"[" * 100000 + b"]" * 100000, "not a valid manifest"),
    "manifest_not_utf8": ("manifest.json", b'{"a": "\xff\xfe"}', "not a valid manifest"),
    "summary_empty": ("summary.csv", b"", "summary.csv"),
    "summary_header_only": ("summary.csv", b"scenario,year,replicates\n", "no rows"),
    "summary_fifo": ("summary.csv", "fifo", "named pipe"),
    "summary_missing": ("summary.csv", None, "missing"),
    "no_manifest": ("manifest.json", None, "no manifest.json"),
}


@pytest.mark.parametrize("case", sorted(REPORT_CASES))
def test_report_of_a_broken_folder(case, tmp_path, capsys):
    d = _run_folder(tmp_path)
    name, content, fragment = REPORT_CASES[case]
    (d / name).unlink()
    if content == "fifo":
        os.mkfifo(d / name)
    elif content == "dev_zero":
        (d / name).symlink_to("/dev/zero")
    elif content is not None:
        (d / name).write_bytes(content)
    before = sorted(p.name for p in d.iterdir())
    code, _, err = cli(["report", d], capsys)
    refused(code, err, fragment)
    assert sorted(p.name for p in d.iterdir()) == before  # no report.pdf, no lock file left


# --------------------------------------------------------------------------- extends chains

def test_extends_chain_longer_than_the_cap(tmp_path, capsys):
    for k in range(1000):
        parent = f'extends = "c{k - 1}.toml"\n' if k else ""
        (tmp_path / f"c{k}.toml").write_text(f'{parent}name = "c{k}"\n', encoding="utf-8")
    code, _, err = cli(["validate", tmp_path / "c999.toml"], capsys)
    refused(code, err, f"longer than {MAX_EXTENDS_DEPTH} files")


def test_extends_chain_at_the_cap_loads(tmp_path):
    for k in range(MAX_EXTENDS_DEPTH):
        parent = f'extends = "c{k - 1}.toml"\n' if k else f'extends = "{BASE}"\n'
        (tmp_path / f"c{k}.toml").write_text(f'{parent}name = "c{k}"\n', encoding="utf-8")
    # the bundled baseline is one more file of the chain
    with pytest.raises(InnovsimError, match="longer than"):
        load_scenario(tmp_path / f"c{MAX_EXTENDS_DEPTH - 1}.toml")
    assert load_scenario(tmp_path / f"c{MAX_EXTENDS_DEPTH - 2}.toml").name == f"c{MAX_EXTENDS_DEPTH - 2}"


def test_extends_is_resolved_from_the_real_file(tmp_path):
    """A symlink to a scenario gives the same answer as the scenario itself: its extends is read next to the
    real file, never next to the link."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "parent.toml").write_text('extends = "' + str(BASE) + '"\nname = "real parent"\n[subsidy]\nrate = 0.11\n',
                                      encoding="utf-8")
    (real / "child.toml").write_text('extends = "parent.toml"\nname = "child"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "parent.toml").write_text('extends = "' + str(BASE) + '"\nname = "decoy"\n[subsidy]\nrate = 0.29\n',
                                           encoding="utf-8")
    (elsewhere / "link.toml").symlink_to(real / "child.toml")
    a, b = load_scenario(real / "child.toml"), load_scenario(elsewhere / "link.toml")
    assert 0.11 in a.params["subsidy.rate"].values() and 0.29 not in b.params["subsidy.rate"].values()
    assert b.params == a.params and b.sha256 == a.sha256


# --------------------------------------------------------------------------- output folders

def _hold_lock(folder: Path) -> subprocess.Popen[str]:
    """Another process holding ``folder`` as a run does (until its stdin closes)."""
    code = ("import sys; from pathlib import Path; from sim.runs.outputs import prepare_out_dir; "
            "prepare_out_dir(Path(sys.argv[1]), True); print('held', flush=True); sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.parametrize("cmd", ["run", "sweep", "goalseek", "respond", "sensitivity"])
def test_second_writer_is_refused_naming_the_holder(cmd, tmp_path, capsys):
    out = tmp_path / "R"
    holder = _hold_lock(out)
    try:
        code, _, err = cli([*SUBCOMMANDS[cmd], "--out", out, "--force", *TINY], capsys)
        refused(code, err, "in use by", f"process {holder.pid}")
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # the holder's lock only
    finally:
        holder.communicate("", timeout=60)
    assert not (out / LOCK_NAME).exists()


def test_report_waits_for_no_one_but_refuses_a_folder_being_written(tmp_path, capsys):
    d = _run_folder(tmp_path)
    holder = _hold_lock(d)
    try:
        code, _, err = cli(["report", d, "--out", tmp_path / "r.pdf"], capsys)
        refused(code, err, "in use by")
    finally:
        holder.communicate("", timeout=60)
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("force", [False, True])
def test_other_peoples_temp_files_are_never_removed(force, tmp_path, capsys):
    out = tmp_path / "R"
    out.mkdir()
    theirs = [out / ".notes.txt.Ab3dE6gH.tmp", out / ".indicators.csv.zz9zz9zz.tmp", out / ".keep.tmp"]
    for p in theirs:
        p.write_text("not yours", encoding="utf-8")
    argv = ["run", BASE, "--out", out, "-n", "1", *TINY, *(["--force"] if force else [])]
    code, _, err = cli(argv, capsys)
    if force:
        assert code == 0, err
        assert (out / "manifest.json").exists()
    else:
        refused(code, err, "not empty")
    assert all(p.read_text(encoding="utf-8") == "not yours" for p in theirs)
    assert not (out / LOCK_NAME).exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_result_files_follow_the_umask(umask, mode, tmp_path):
    out = tmp_path / "R"
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", "run", str(BASE), "-n", "1", "--out", str(out), *TINY],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert set(modes) == {"indicators.csv", "summary.csv", "targets.csv", "draws.csv", "manifest.json"}
    assert set(modes.values()) == {mode}, modes


@pytest.mark.parametrize("planted", ["fifo", "symlink", "giant"])
def test_a_planted_lock_file_never_hangs(planted, tmp_path, capsys):
    """The lock file is opened without blocking and without following links; a giant one is not read."""
    out = tmp_path / "R"
    out.mkdir()
    lock = out / LOCK_NAME
    if planted == "fifo":
        os.mkfifo(lock)
    elif planted == "symlink":
        lock.symlink_to(tmp_path / "elsewhere")
    else:
        with open(lock, "wb") as fh:
            fh.truncate(2 * 2**30)
    code, _, err = cli(["run", BASE, "-n", "1", "--out", out, "--force", *TINY], capsys)
    if planted == "giant":  # a stale lock file of any size: taken over (its content is replaced)
        assert code == 0, err
        assert not lock.exists()
    else:
        refused(code, err, "Cannot write")
        assert not (tmp_path / "elsewhere").exists()


def test_output_path_is_a_file(tmp_path, capsys):
    f = tmp_path / "R"
    f.write_text("mine", encoding="utf-8")
    code, _, err = cli(["sweep", BASE, "-p", "subsidy.rate=0:0.1:2", "--out", f, "--force"], capsys)
    refused(code, err, "not a folder")
    assert f.read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------------- failure paths of every subcommand

WRITERS = {
    "run": ["run", BASE, "-n", "1"],
    "sweep": ["sweep", BASE, "-p", "subsidy.rate=0.1", "-n", "1", "--executor", "serial"],
    "goalseek": ["goalseek", BASE, "--target", "fiscal_st_ratio@2025>=1", "--lever", "budget.fiscal_st_ratio",
                 "-n", "1", "--executor", "serial", "--range", "0.5:3", "--tol", "1"],
    "respond": ["respond", BASE, "-n", "1", "--executor", "serial"],
    "sensitivity": ["sensitivity", BASE, "-p", "subsidy.rate=0:0.2", "-p", "tax.super_deduction=50:100",
                    "--outcome", "rd_intensity@2025", "--n", "2", "-n", "1", "--executor", "serial"],
    "attribute": ["attribute", BASE, "--year", "2025", "-n", "1", "--executor", "serial", "--indicator",
                  "rd_intensity"],
    "calibrate": ["calibrate", BASE, "--observed", "OBS", "--free", "subsidy.rate=0:0.3", "-n", "1",
                  "--executor", "serial", "--maxiter", "1", "--popsize", "1", "--method", "nelder-mead"],
}


@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_disk_full_is_one_line_and_no_manifest(cmd, tmp_path, capsys, monkeypatch):
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value\nrd_intensity,2018,1.2\nrd_intensity,2019,1.3\n", encoding="utf-8")
    real = outputs.atomic_write
    calls = []

    def full(path, write, binary=False):
        calls.append(Path(path).name)
        if len(calls) == 2:  # the second file: one result file is already in place
            raise OSError(28, "No space left on device")
        real(path, write, binary)

    monkeypatch.setattr(outputs, "atomic_write", full)
    out = tmp_path / "R"
    code, _, err = cli([*[obs if a == "OBS" else a for a in WRITERS[cmd]], "--out", out, *TINY], capsys)
    refused(code, err, "No space left on device")
    names = {p.name for p in out.iterdir()}
    assert "manifest.json" not in names and "goalseek.json" not in names and LOCK_NAME not in names


@pytest.mark.parametrize(("error", "code_", "fragment"), [
    (MemoryError(), 1, "out of memory"), (OSError(5, "Input/output error"), 1, "Input/output error"),
    (RecursionError(), 1, "nested too deeply"), (ZeroDivisionError("x"), 1, "internal error"),
])
def test_unexpected_failure_is_one_line_and_leaves_no_folder(error, code_, fragment, tmp_path, capsys, monkeypatch):
    import sim.runs.runner as runner

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(runner, "simulate_task", boom)
    monkeypatch.delenv("INNOVSIM_DEBUG", raising=False)
    code, _, err = cli(["run", BASE, "-n", "1", "--out", tmp_path / "a" / "b", *TINY], capsys)
    assert code == code_ and len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err
    assert not (tmp_path / "a").exists()  # the folders made for the run go with it


@pytest.mark.parametrize("writer", ["backtest", "posterior"])
def test_abc_writers_on_a_full_disk(writer, tmp_path, monkeypatch):
    """The ABC commands' writers (their runs take minutes, so they are called directly): one ``OutputError``,
    the manifest (posterior.json for a posterior) absent."""
    import numpy as np
    import pandas as pd

    from sim.errors import OutputError
    from sim.scenario.posterior import Posterior
    from sim.studies.abc_calibration import write_posterior
    from sim.studies.backtest import BacktestResult, write_backtest

    post = Posterior(("subsidy.rate",), np.array([[0.1], [0.2]]), np.array([0.5, 0.5]), meta={"kind": "test"})
    real = outputs.atomic_write
    calls = []

    def full(path, write, binary=False):
        calls.append(Path(path).name)
        if Path(path).name == "posterior.csv":
            raise OSError(28, "No space left on device")
        real(path, write, binary)

    monkeypatch.setattr(outputs, "atomic_write", full)
    monkeypatch.setattr("sim.studies.abc_calibration.atomic_write", full)
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "posterior.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match="No space left on device") as info:
        if writer == "posterior":
            write_posterior(post, tmp_path / "posterior.csv", {})
        else:
            frame = pd.DataFrame({"indicator": ["all"], "n_held_out": [0]})
            write_backtest(BacktestResult(frame, frame, frame, post, load_scenario(BASE), {}, frame), tmp_path)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "posterior.json").exists()  # the pair's manifest
    assert (tmp_path / "manifest.json").exists() == (writer == "posterior")  # the backtest's goes first


def test_broken_pipe_is_quiet(tmp_path):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    proc = subprocess.run([sys.executable, "-m", "sim.cli.main", "list"], stdout=write, stderr=subprocess.PIPE,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=False)
    os.close(write)
    assert proc.returncode == 141 and b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr


def test_killed_force_sweep_leaves_no_manifest_and_report_refuses(tmp_path, capsys, monkeypatch):
    out = tmp_path / "S"
    argv = ["sweep", BASE, "-p", "subsidy.rate=0.1", "-n", "1", "--executor", "serial", "--out", out, *TINY]
    assert cli(argv, capsys)[0] == 0
    real = outputs.write_csv

    def killed(frame, path):
        if Path(path).name == "summary.csv":
            raise KeyboardInterrupt
        real(frame, path)

    monkeypatch.setattr(outputs, "write_csv", killed)
    code, _, err = cli([*argv[:-len(TINY)], "--seed", "5", "--force", *TINY], capsys)
    assert code == 130 and "Traceback" not in err
    monkeypatch.setattr(outputs, "write_csv", real)
    assert not (out / "manifest.json").exists()  # new rows beside no manifest, never beside the old one
    code, _, err = cli(["report", out], capsys)
    refused(code, err, "no manifest.json")
    assert not (out / "report.pdf").exists()


# --------------------------------------------------------------------------- printing

@pytest.mark.parametrize("name", ["\x1b[2J\x1b[H", "ok\nforged.toml: OK (x)", "\x07bell\r", "\u202eevil"])
def test_names_are_printed_escaped(name, tmp_path, capsys):
    sc = tmp_path / "n.toml"
    sc.write_text(f'extends = "{BASE}"\nname = {json.dumps(name)}\nname_zh = {json.dumps(name)}\n', encoding="utf-8")
    code, out, err = cli(["validate", sc], capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 1 and all(ch.isprintable() for ch in out.rstrip("\n")), out


# --------------------------------------------------------------------------- the API: the same caps

def _api_cases() -> dict[str, tuple[object, str]]:
    from sim.runs.runner import run
    from sim.studies.abc_calibration import calibrate_posterior
    from sim.studies.goalseek import goalseek
    from sim.studies.sensitivity import sensitivity
    from sim.studies.sweep import sweep

    gs_target, gs_lever = ["rd_intensity@2025>=1.5"], "budget.fiscal_st_ratio"

    sc = lambda: load_scenario(BASE, ["run.n_firms=400", "run.n_universities=4"])  # noqa: E731
    p2 = ["subsidy.rate=0:0.2", "tax.super_deduction=50:100"]
    return {
        "run_replicates_0": (lambda: run(sc(), replicates=0), "replicates"),
        "run_replicates_huge": (lambda: run(sc(), replicates=10**9), f"1 to {MAX_REPLICATES}"),
        "run_replicates_bool": (lambda: run(sc(), replicates=True), "replicates"),
        "run_replicates_fraction": (lambda: run(sc(), replicates=1.5), "replicates"),
        "run_replicates_text": (lambda: run(sc(), replicates="3"), "replicates"),
        "run_seed_negative": (lambda: run(sc(), replicates=1, seed=-1), "seed"),
        "run_seed_huge": (lambda: run(sc(), replicates=1, seed=2**63), "seed"),
        "run_seed_text": (lambda: run(sc(), replicates=1, seed="x"), "seed"),
        "run_workers_0": (lambda: run(sc(), replicates=1, workers=0), "workers"),
        "run_fifo": (lambda: run(str(FIFO)), "named pipe"),
        "sweep_replicates_0": (lambda: sweep(sc(), ["subsidy.rate=0:0.2:2"], replicates=0), "replicates"),
        "sweep_executor": (lambda: sweep(sc(), ["subsidy.rate=0:0.2:2"], executor="bogus"), "--executor"),
        "sweep_grid_huge": (lambda: sweep(sc(), ["subsidy.rate=0:0.3:99999", "tax.super_deduction=0:200:99999"]),
                            "points"),
        "sweep_lhs_huge": (lambda: sweep(sc(), ["subsidy.rate=0:0.3"], design="lhs", samples=10**9), "--samples"),
        "sensitivity_n_huge": (lambda: sensitivity(sc(), p2, ["rd_intensity@2025"], n=2**30), "--n"),
        "sensitivity_workers": (lambda: sensitivity(sc(), p2, ["rd_intensity@2025"], workers=-1), "workers"),
        "goalseek_prob_0": (lambda: goalseek(sc(), gs_target, gs_lever, prob=0), "--prob"),
        "goalseek_prob_text": (lambda: goalseek(sc(), gs_target, gs_lever, prob="high"), "--prob"),
        "goalseek_tol_0": (lambda: goalseek(sc(), gs_target, gs_lever, tol=0), "--tol"),
        "goalseek_tol_nan": (lambda: goalseek(sc(), gs_target, gs_lever, tol=float("nan")), "--tol"),
        "posterior_population": (lambda: calibrate_posterior(sc(), 2019, population=1), "--population"),
        "posterior_budget": (lambda: calibrate_posterior(sc(), 2019, max_simulations=10**12), "--max-simulations"),
        "posterior_epsilon": (lambda: calibrate_posterior(sc(), 2019, min_epsilon=float("inf")), "--min-epsilon"),
    }


FIFO = Path("/nonexistent")  # replaced by the fixture below
API_CASES = sorted(_api_cases())


@pytest.mark.parametrize("case", API_CASES)
def test_api_refuses_before_any_work(case, tmp_path, monkeypatch):
    global FIFO
    FIFO = tmp_path / "f.toml"
    os.mkfifo(FIFO)
    monkeypatch.setattr("sim.runs.runner.simulate_task", lambda *a: pytest.fail("a simulation ran"))
    call, fragment = _api_cases()[case]
    with pytest.raises(InnovsimError) as info:
        call()
    assert fragment in str(info.value) and "\n" not in str(info.value)


# --------------------------------------------------------------------------- the corpus

CLASSES = {
    "flags": len(FLAG_CASES),
    "design": len(DESIGN_CASES),
    "special_files": len(SPECIAL_CASES) + 4 + 4 + 3 + len(REPORT_CASES),
    "extends": 3,
    "folders": 5 + 1 + 2 + 3 + 3 + 1,
    "failures": len(WRITERS) + 2 + 4 + 1 + 1,
    "printing": 4,
    "api": len(API_CASES),
}


def test_corpus_size():
    assert sum(CLASSES.values()) >= 150, CLASSES
