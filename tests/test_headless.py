"""The core works without the extras (``pip install innovsim``): every ``sim`` module imports, and the CLI runs,
sweeps and evaluates, in a Python whose packages are this environment's minus PySide6, pyarrow, tomlkit,
openpyxl, EMA Workbench, Dask and pyABC (a folder of links to the rest, run with ``python -S``, as a venv
without them would be)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from .conftest import ROOT

EXTRAS = ("pyside6", "shiboken6", "pyarrow", "tomlkit", "openpyxl", "ema_workbench", "dask", "distributed", "pyabc")

SCRIPT = r'''
import importlib, pkgutil, sys
EXTRAS = {"PySide6", "shiboken6", "pyarrow", "tomlkit", "openpyxl", "ema_workbench", "dask", "distributed", "pyabc"}
for name in EXTRAS:
    assert importlib.util.find_spec(name) is None, name
import sim
for mod in pkgutil.walk_packages(sim.__path__, "sim."):
    importlib.import_module(mod.name)
from sim import evaluate
from sim.cli.main import main
out = sys.argv[1]
small = ["--set", "run.n_firms=200", "--set", "run.n_universities=4", "-q"]
assert main(["run", "gansu_baseline.toml", "-n", "1", "--out", out + "/run", *small]) == 0
assert main(["sweep", "gansu_baseline.toml", "-p", "subsidy.rate=0.05,0.1", "-n", "1", "-j", "1", "--out", out + "/sweep", *small]) == 0
assert main(["discover", "gansu_baseline.toml", "--target", "rd_intensity@2025>=1.5", "--lever", "subsidy.rate=0:0.3",
             "--out", out + "/discover", *small]) == 2
print(evaluate("gansu_baseline", {"run.n_firms": 200}, seed=1, outcomes=["rd_intensity@2025"]))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in EXTRAS)
print("EXTRAS LOADED:", loaded)
'''


def _core_site(tmp_path: Path) -> Path:
    """A folder of links to this environment's packages, the extras left out."""
    site = tmp_path / "site"
    site.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name.lower()
        if name.endswith(".pth") or name.startswith(("__editable__", "innovsim", *EXTRAS)):
            continue  # the extras, and the editable install of a source tree (the test puts ROOT first)
        (site / entry.name).symlink_to(entry)
    return site


def test_the_core_runs_without_the_extras(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": f"{ROOT}:{_core_site(tmp_path)}"}
    proc = subprocess.run([sys.executable, "-S", "-c", SCRIPT, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, check=False, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    assert "EXTRAS LOADED: []" in proc.stdout and "rd_intensity@2025" in proc.stdout
    assert "pip install 'innovsim[ema]'" in proc.stderr  # discover says which extra it needs
    assert (tmp_path / "sweep" / "indicators.csv").is_file() and not (tmp_path / "sweep" / "indicators.parquet").exists()
    assert (tmp_path / "run" / "manifest.json").is_file() and not (tmp_path / "discover").exists()
