import glob, sys, tempfile
import pandas as pd, numpy as np
sys.path.insert(0, ".")
exec(open("/tmp/save_ref.py").read().split("out = sys.argv[1]")[0])
d = tempfile.mkdtemp()
sys.argv = ["x", d]
exec(open("/tmp/save_ref.py").read())
for name in ["gansu_3rep_seed1.csv", "all_scenarios_2rep_seed7.csv"]:
    a = pd.read_csv(f"bench/reference/{name}"); b = pd.read_csv(f"{d}/{name}")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    print(name, "EXACT EQUAL", a.shape)
