"""Re-estimate the model discrepancy of a stored posterior and write it into its JSON sidecar.

``innovsim posterior`` estimates the discrepancy with the calibration; this script redoes only that step
(40 posterior runs against the observations up to the posterior's cutoff) for an existing posterior,
e.g. the bundled ones after a model change that leaves the parameters' posterior as it is:

    .venv/bin/python scripts/refresh_discrepancy.py scenarios/gansu_baseline.toml scenarios/guizhou_baseline.toml
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.runs.outputs import write_json
from sim.scenario.loader import load_scenario
from sim.scenario.posterior import sidecar_path
from sim.studies.abc_calibration import estimate_discrepancy


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="+", type=Path, help="scenario files whose [uncertainty] posterior to refresh")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args(argv)
    for path in args.scenarios:
        sc = load_scenario(path)
        if sc.posterior is None or sc.posterior.path is None:
            print(f"{path}: no [uncertainty] posterior", file=sys.stderr)
            return 1
        side = sidecar_path(sc.posterior.path)
        meta = json.loads(side.read_text(encoding="utf-8"))
        cutoff = int(meta["cutoff"])
        found = estimate_discrepancy(sc, sc.posterior, cutoff, args.seed, "local" if args.workers != 1 else "serial",
                                     args.workers)
        meta["discrepancy"] = {**found.to_json(), "seed": args.seed, "estimated_with": "scripts/refresh_discrepancy.py"}
        write_json(meta, side)
        for g in found.groups:
            print(f"{path.name}: {g.name:<11} {g.kind:<5} offset {g.offset:+.3f} rho {g.rho:.2f} sigma {g.sigma:.3f} from {g.from_year} "
                  f"({g.n_residuals} years)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
