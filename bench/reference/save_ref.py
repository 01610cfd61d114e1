# Reference indicators: 3 Gansu replicates (seed 1) and every bundled scenario at 1500 firms (2 replicates, seed 7).
import glob
import sys

import pandas as pd

from sim.runs.runner import run
from sim.scenario.loader import load_scenario

out = sys.argv[1]
r = run("scenarios/gansu_baseline.toml", replicates=3, seed=1)
r.indicators.to_csv(f"{out}/gansu_3rep_seed1.csv", index=False, float_format="%.17g")
# additional coverage: all bundled scenarios, 2 reps, small firm count
frames = []
for p in sorted(glob.glob("scenarios/*.toml")):
    try:
        sc = load_scenario(p, ["run.n_firms=1500"])
    except Exception as e:
        print("skip", p, e)
        continue
    rr = run(sc, replicates=2, seed=7)
    frames.append(rr.indicators)
pd.concat(frames).to_csv(f"{out}/all_scenarios_2rep_seed7.csv", index=False, float_format="%.17g")
print("ok")
