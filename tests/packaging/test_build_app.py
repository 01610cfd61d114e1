"""The packaged app: scripts/build-app builds dist/innovsim/ from a clean venv and checks it (slow)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_MB = 300


@pytest.mark.slow
def test_build_app_builds_and_selftest_passes() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed")
    if sys.platform == "win32":
        pytest.skip("scripts/build-app is a bash script")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "build-app")], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    app = ROOT / "dist" / "innovsim"
    assert (app / "innovsim-desktop").is_file()
    assert (app / "innovsim").is_file()
    assert re.search(r"^SELFTEST OK", proc.stdout, re.M), out[-6000:]
    assert re.search(r"^innovsim \d+\.\d+", proc.stdout, re.M), "innovsim --version printed nothing"
    m = re.search(r"^app size MB: (\d+)", proc.stdout, re.M)
    assert m, out[-3000:]
    size = sum(f.stat().st_size for f in app.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20
    assert int(m.group(1)) <= MAX_MB and size <= MAX_MB, f"app is {size:.0f} MB, limit {MAX_MB} MB"
