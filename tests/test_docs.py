"""docs/ODD.md stays true to the code: every parameter and indicator is documented with its default."""

from __future__ import annotations

from sim.indicators import ALL_INDICATORS
from sim.scenario.params import PARAM_SPECS
from tests.conftest import ROOT

ODD = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")


def test_every_parameter_is_in_the_odd_with_its_default() -> None:
    rows = {line.split("|")[1].strip(" `"): line for line in ODD.splitlines() if line.startswith("| `")}
    for spec in PARAM_SPECS:
        assert spec.key in rows, spec.key
        default = (", ".join(f"{y}: {v:g}" for y, v in spec.default.items()) if isinstance(spec.default, dict)
                   else f"{spec.default:g}" if isinstance(spec.default, float) else str(spec.default))
        assert f"| {default} |" in rows[spec.key], spec.key


def test_every_indicator_is_in_the_odd() -> None:
    for ind in ALL_INDICATORS:
        assert f"| `{ind.name}` | {ind.unit} |" in ODD, ind.name
