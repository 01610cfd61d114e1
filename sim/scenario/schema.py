"""JSON Schema of scenario files, generated from the parameter specs."""

from __future__ import annotations

from typing import Any

from sim.indicators import ALL_INDICATOR_NAMES
from sim.scenario.loader import DIRECTIONS
from sim.scenario.params import GROUPS, PARAM_SPECS


def _param_schema(spec: Any) -> dict[str, Any]:
    number = {"type": "integer" if spec.kind == "int" else "number", "minimum": spec.lo, "maximum": spec.hi}
    desc = f"{spec.label} / {spec.label_zh} [{spec.unit}]. {spec.help} Source: {spec.source}".strip()
    if spec.kind == "path":
        return {"description": desc.rstrip(".") + ". A number or a table of year = value, linear between years.",
                "oneOf": [number, {"type": "object", "patternProperties": {"^[0-9]{4}$": number},
                                   "additionalProperties": False, "minProperties": 1}],
                "default": ({str(k): v for k, v in spec.default.items()} if isinstance(spec.default, dict)
                            else spec.default)}
    return {**number, "description": desc, "default": spec.default}


def json_schema() -> dict[str, Any]:
    """The schema (draft 2020-12) of a scenario file."""
    groups = {
        group: {"type": "object", "title": f"{title} / {title_zh}", "additionalProperties": False,
                "properties": {s.name: _param_schema(s) for s in PARAM_SPECS if s.group == group}}
        for group, (title, title_zh) in GROUPS.items()
    }
    target = {
        "type": "object", "additionalProperties": False, "required": ["indicator", "year", "value"],
        "properties": {
            "indicator": {"enum": list(ALL_INDICATOR_NAMES)}, "year": {"type": "integer"},
            "value": {"type": "number"}, "direction": {"enum": list(DIRECTIONS), "default": "at_least"},
            "source": {"type": "string"}, "interpretation": {"type": "boolean", "default": False},
            "note": {"type": "string"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "innovsim scenario file",
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "schema_version": {"const": 1},
            "name": {"type": "string"}, "name_zh": {"type": "string"},
            "description": {"type": "string"}, "description_zh": {"type": "string"},
            "region": {"type": "string"},
            "extends": {"type": "string", "pattern": "\\.toml$",
                        "description": "Parent scenario, relative to this file."},
            **groups,
            "targets": {"type": "array", "items": target},
            "uncertainty": {"type": "object", "description": "\"group.name\" = [low, high], drawn uniformly per run; "
                            "posterior = \"file.csv\" (relative to this file): weighted particles, one drawn per run; "
                            "discrepancy = false: leave out the posterior's model discrepancy.",
                            "properties": {"posterior": {"type": "string", "pattern": "\\.csv$"},
                                           "discrepancy": {"type": "boolean"}},
                            "additionalProperties": {"type": "array", "items": {"type": "number"},
                                                     "minItems": 2, "maxItems": 2}},
        },
    }
