"""Posterior samples of parameters: weighted particles from a Bayesian calibration
(``sim.studies.abc_calibration``), stored as CSV beside a JSON provenance sidecar.

The CSV has one column per parameter (dotted keys, in the parameter's unit) and a
``weight`` column (non-negative, normalised on reading). A scenario refers to one with
``[uncertainty] posterior = "posteriors/gansu_2023.csv"`` (relative to the scenario
file); replicate ``r`` then draws one particle by weight from its own seeded stream
(``Posterior.draw``) and the particle's values override the parameters. This module
imports no calibration library: running a scenario needs only numpy and pandas.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import ScenarioError
from sim.scenario.discrepancy import Discrepancy
from sim.scenario.params import SPECS_BY_KEY

WEIGHT = "weight"
POSTERIOR_STREAM = 2  # replicate seed stream of the particle draw (1 is draw_uncertain's)


def posterior_keys() -> list[str]:
    """Parameters a posterior may hold: float parameters outside ``[run]``."""
    return [k for k, s in SPECS_BY_KEY.items() if s.kind == "float" and s.group != "run"]


@dataclass(frozen=True, eq=False)
class Posterior:
    """Weighted particles of some parameters.

    Attributes:
        keys: parameter keys, in column order.
        values: particles, shape (particles, keys), in each parameter's unit.
        weights: normalised weights (sum 1), one per particle.
        path: the CSV file it was read from (None in memory).
        sha256: SHA-256 of the CSV file's bytes ('' in memory).
        discrepancy: the model discrepancy estimated with the calibration (``sim.scenario.discrepancy``;
            read from the JSON sidecar's ``discrepancy``), applied after the last observed year; None: none.
    """

    keys: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray
    path: Path | None = None
    sha256: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    discrepancy: Discrepancy | None = None

    @property
    def size(self) -> int:
        return len(self.weights)

    def draw(self, seed: int) -> dict[str, float]:
        """The particle of the run with ``seed``, drawn by weight from its own stream
        (``SeedSequence([seed, 2])``), as ``{key: value}``."""
        if not self.keys:
            return {}
        rng = np.random.default_rng(np.random.SeedSequence([int(seed), POSTERIOR_STREAM]))
        i = int(rng.choice(self.size, p=self.weights))
        return {k: float(v) for k, v in zip(self.keys, self.values[i], strict=True)}

    def without(self, keys: set[str] | list[str]) -> Posterior | None:
        """The marginal posterior of the other keys (None when no key is left)."""
        keep = [j for j, k in enumerate(self.keys) if k not in set(keys)]
        if not keep:
            return None
        if len(keep) == len(self.keys):
            return self
        return Posterior(tuple(self.keys[j] for j in keep), self.values[:, keep], self.weights, self.path,
                         self.sha256, self.meta, self.discrepancy)

    def frame(self) -> pd.DataFrame:
        """Particles and weights as a table (the CSV's layout)."""
        out = pd.DataFrame(self.values, columns=list(self.keys))
        out[WEIGHT] = self.weights
        return out

    def mean(self) -> dict[str, float]:
        """Weighted mean of each parameter."""
        return {k: float(np.average(self.values[:, j], weights=self.weights)) for j, k in enumerate(self.keys)}

    def summary(self) -> dict[str, Any]:
        """JSON-ready description for manifests: file, hash, particles, keys."""
        return {"file": str(self.path) if self.path else None, "sha256": self.sha256, "particles": self.size,
                "keys": list(self.keys)}


def from_frame(frame: pd.DataFrame, *, path: Path | None = None, sha256: str = "",
               where: dict[str, Any] | None = None) -> Posterior:
    """Validate a particle table (parameter columns + ``weight``) and build a ``Posterior``.

    Raises:
        ScenarioError: naming ``where`` (file, line, field) and the problem.
    """
    loc = dict(where or {"file": path, "line": None, "field": "uncertainty.posterior"})
    name = path.name if path is not None else "the posterior"

    def fail(reason: str) -> ScenarioError:
        return ScenarioError(f"posterior {name}: {reason}", **loc)

    if WEIGHT not in frame.columns:
        raise fail(f"no '{WEIGHT}' column (expected one column per parameter key and '{WEIGHT}')")
    allowed = posterior_keys()
    keys = [str(c) for c in frame.columns if c != WEIGHT]
    if not keys:
        raise fail("no parameter columns (expected dotted keys such as subsidy.additionality)")
    for k in keys:
        if k not in allowed:
            from sim.scenario.loader import did_you_mean

            raise fail(f"column '{k}' is not a parameter that can be calibrated{did_you_mean(k, allowed)} "
                       "(allowed: float parameters outside [run])")
    if len(set(keys)) != len(keys):
        raise fail("a parameter column appears twice")
    if frame.empty:
        raise fail("no particles (the file has a header but no rows)")
    numeric = frame.apply(pd.to_numeric, errors="coerce")
    for col in frame.columns:
        bad = numeric[col].isna() | ~np.isfinite(numeric[col].to_numpy(float))
        if bad.any():
            row = int(np.nonzero(bad.to_numpy())[0][0]) + 2  # 1-based, after the header
            raise fail(f"column '{col}' row {row}: {frame[col].iloc[row - 2]!r} is not a finite number")
    weights = numeric[WEIGHT].to_numpy(float)
    if (weights < 0).any():
        row = int(np.nonzero(weights < 0)[0][0]) + 2
        raise fail(f"weight in row {row} is negative ({weights[row - 2]:g}); weights must be >= 0")
    total = float(weights.sum())
    if not total > 0 or not math.isfinite(total):
        raise fail("weights add up to 0; at least one particle needs a positive weight")
    values = numeric[keys].to_numpy(float)
    for j, k in enumerate(keys):
        spec = SPECS_BY_KEY[k]
        out = (values[:, j] < spec.lo) | (values[:, j] > spec.hi)
        if out.any():
            row = int(np.nonzero(out)[0][0]) + 2
            raise fail(f"column '{k}' row {row}: {values[row - 2, j]:g} is out of range (allowed: {spec.range_text()})")
    return Posterior(tuple(keys), values, weights / total, path, sha256)


def read_posterior(path: Path, where: dict[str, Any] | None = None) -> Posterior:
    """Read and validate a posterior CSV (see ``from_frame``); errors name the file and field."""
    path = Path(path)
    loc = dict(where or {"file": path, "line": None, "field": "uncertainty.posterior"})
    try:
        if not path.is_file():
            raise ScenarioError(f"posterior file {path} does not exist (paths are relative to the scenario file)", **loc)
        raw = path.read_bytes()
    except OSError as e:
        raise ScenarioError(f"posterior file {path} cannot be read: {e.strerror or e}", **loc) from e
    try:
        import io

        frame = pd.read_csv(io.BytesIO(raw))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise ScenarioError(f"posterior file {path} is not a readable CSV file ({e})", **loc) from e
    post = from_frame(frame, path=path, sha256=hashlib.sha256(raw).hexdigest(), where=loc)
    return replace(post, discrepancy=read_discrepancy(sidecar_path(path), loc))


def read_discrepancy(json_path: Path, where: dict[str, Any]) -> Discrepancy | None:
    """The ``discrepancy`` of a posterior's JSON sidecar (None when there is no sidecar or no such entry)."""
    import json

    if not json_path.is_file():
        return None
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        entry = data.get("discrepancy") if isinstance(data, dict) else None
        return Discrepancy.from_json(entry) if entry else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise ScenarioError(f"posterior sidecar {json_path}: 'discrepancy' is not readable ({e})", **where) from e


def sidecar_path(csv_path: Path) -> Path:
    """The JSON provenance file beside a posterior CSV (``x.csv`` -> ``x.json``)."""
    return Path(csv_path).with_suffix(".json")

