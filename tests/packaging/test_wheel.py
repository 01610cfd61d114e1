"""A built wheel installed in a fresh virtual environment works: ``innovsim list``, a one-replicate
``innovsim run`` of a bundled scenario and the desktop self-test (slow).

The fresh venv gets innovsim from the wheel only; its dependencies are borrowed from the test's own
environment through a ``.pth`` line (so the test needs no network), which adds that site-packages folder to
``sys.path`` without running its ``.pth`` files, so the editable install of the source tree stays invisible.
Every command runs outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from ..conftest import ROOT


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{out[-4000:]}"
    return out


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_lists_runs_and_passes_the_selftest(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
          str(ROOT)], cwd=tmp_path)
    (wheel,) = wheels.glob("innovsim-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).strip())
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], cwd=tmp_path)
    where = _run([str(py), "-c", "import sim, scenarios; print(sim.__file__); print(scenarios.__file__)"], cwd=tmp_path)
    assert str(ROOT) not in where and str(env_dir) in where, where

    listed = _run([str(env_dir / "bin" / "innovsim"), "list"], cwd=tmp_path)
    print(listed)
    assert "gansu_baseline.toml" in listed and "liupanshui_baseline.toml" in listed
    version = _run([str(env_dir / "bin" / "innovsim"), "--version"], cwd=tmp_path)
    assert "0." in version, version

    out = tmp_path / "results"
    ran = _run([str(env_dir / "bin" / "innovsim"), "run", "gansu_baseline.toml", "--replicates", "1", "--workers", "1",
                "--set", "run.n_firms=300", "--out", str(out), "--quiet"], cwd=tmp_path)
    print(ran)
    assert (out / "summary.csv").is_file() and (out / "manifest.json").is_file()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INNOVSIM_USER_DIR": str(tmp_path / "user")}
    selftest = _run([str(env_dir / "bin" / "innovsim-desktop"), "--selftest", "--selftest-out", str(tmp_path / "st")],
                    cwd=tmp_path, env=env)
    print(selftest)
    assert "SELFTEST OK" in selftest and str(env_dir) in selftest
