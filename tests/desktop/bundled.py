"""The bundled Gansu baseline as the desktop tests use it, and the posterior-mean value they edit."""

from __future__ import annotations

import re

from tests.conftest import SCENARIOS

BASELINE = SCENARIOS / "gansu_baseline.toml"
# subsidy.additionality as written in the file (the posterior mean of the last calibration; changes with it)
ADDITIONALITY_TEXT = re.search(r"^additionality = (\S+)", BASELINE.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
ADDITIONALITY = float(ADDITIONALITY_TEXT)
