"""Check that the model reproduces the reference indicators exactly (run from the repo root:
``.venv/bin/python bench/reference/check_ref.py``). Regenerate with ``save_ref.py bench/reference``
only after a deliberate model change."""
import subprocess
import sys
import tempfile

import pandas as pd

d = tempfile.mkdtemp()
subprocess.run([sys.executable, "bench/reference/save_ref.py", d], check=True)
for name in ["gansu_3rep_seed1.csv", "all_scenarios_2rep_seed7.csv"]:
    a = pd.read_csv(f"bench/reference/{name}")
    b = pd.read_csv(f"{d}/{name}")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    print(name, "EXACT EQUAL", a.shape)
