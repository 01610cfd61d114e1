"""Property-based: whatever a scenario file holds, ``load_scenario`` returns a
Scenario or raises ScenarioError, never any other exception.

Three generators: structured mutations of the bundled scenarios (drop keys,
random values of random types, random keys), byte-level fuzzing of their text,
and random TOML documents. 330 examples in total (counted in EXAMPLES and
printed with ``-s``).
"""

from __future__ import annotations

import shutil
import string
import tomllib
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.scenario.loader import Scenario, load_scenario
from sim.scenario.params import GROUPS, PARAM_SPECS

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.toml"))
DOCS = {p.name: tomllib.loads(p.read_text(encoding="utf-8")) for p in BUNDLED}
TEXTS = {p.name: p.read_bytes() for p in BUNDLED}
EXAMPLES: dict[str, int] = {"mutate": 0, "bytes": 0, "random_doc": 0}

SETTINGS = {"deadline": None, "derandomize": True, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}

KEYS = [*GROUPS, "targets", "uncertainty", "name", "extends", "schema_version", *[s.name for s in PARAM_SPECS]]
key_st = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
scalar_st = st.one_of(
    st.booleans(), st.integers(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.sampled_from([0, 1, -1, 2020, 2035, 2060, 0.0, 1e308, -1e-308, "gansu_baseline.toml", "x.toml", "rd_intensity"]),
)
value_st = st.recursive(scalar_st, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(key_st, inner, max_size=4)), max_leaves=8)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    for p in BUNDLED:
        shutil.copy(p, d / p.name)  # variants extend their parents by relative name
    return d


def _check(path: Path) -> None:
    try:
        sc = load_scenario(path)
    except ScenarioError as e:
        assert "\n" not in e.message
        return
    assert isinstance(sc, Scenario)


def _dump(doc: dict) -> str | None:
    try:
        return tomlkit.dumps(doc)
    except Exception:  # a value tomlkit cannot write (not the loader's business)
        return None


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(DOCS)))
    doc = tomllib.loads(tomlkit.dumps(DOCS[name]))  # deep copy
    for _ in range(draw(st.integers(1, 4))):
        tables = [doc] + [v for v in doc.values() if isinstance(v, dict)]
        tables += [t for v in doc.values() if isinstance(v, list) for t in v if isinstance(t, dict)]
        table = draw(st.sampled_from(tables))
        action = draw(st.sampled_from(["drop", "change", "insert", "number"]))
        keys = sorted(table)
        if action == "drop" and keys:
            table.pop(draw(st.sampled_from(keys)))
        elif action == "change" and keys:
            table[draw(st.sampled_from(keys))] = draw(value_st)
        elif action == "number" and keys:
            table[draw(st.sampled_from(keys))] = draw(st.one_of(st.integers(-(10**6), 10**6),
                                                               st.floats(-1e7, 1e7, allow_nan=False)))
        else:
            table[draw(key_st)] = draw(value_st)
    return name, doc


@settings(max_examples=150, **SETTINGS)
@given(mutated())
def test_mutated_bundled_scenarios(folder, case):
    name, doc = case
    text = _dump(doc)
    if text is None:
        return
    EXAMPLES["mutate"] += 1
    path = folder / f"mut_{name}"
    path.write_text(text, encoding="utf-8")
    _check(path)


@settings(max_examples=120, **SETTINGS)
@given(st.sampled_from(sorted(TEXTS)), st.lists(st.tuples(st.sampled_from(["delete", "insert", "flip", "dup"]),
                                                           st.floats(0, 1), st.binary(max_size=12)), min_size=1, max_size=5))
def test_byte_fuzzed_bundled_scenarios(folder, name, edits):
    data = bytearray(TEXTS[name])
    for action, where, payload in edits:
        i = int(where * len(data))
        if action == "delete":
            del data[i:i + 1 + len(payload) * 4]
        elif action == "insert":
            data[i:i] = payload
        elif action == "flip" and i < len(data):
            data[i] ^= 0xFF if not payload else payload[0] or 1
        else:
            j = data.find(b"\n", i)
            line = data[i:j + 1] if j >= 0 else data[i:]
            data[i:i] = line
    EXAMPLES["bytes"] += 1
    path = folder / f"bytes_{name}"
    path.write_bytes(bytes(data))
    _check(path)


toml_key = st.text(alphabet=string.ascii_letters + string.digits + "_-.", min_size=1, max_size=10)
toml_doc = st.dictionaries(st.one_of(toml_key, st.sampled_from(KEYS)), value_st, max_size=8)


@settings(max_examples=60, **SETTINGS)
@given(toml_doc)
def test_random_toml_documents(folder, doc):
    text = _dump(doc)
    if text is None:
        return
    EXAMPLES["random_doc"] += 1
    path = folder / "random.toml"
    path.write_text(text, encoding="utf-8")
    _check(path)


def test_examples_were_run():
    """Runs last in this module: the examples that reached the loader."""
    total = sum(EXAMPLES.values())
    print(f"\nhypothesis examples that reached load_scenario: {EXAMPLES} total {total}")
    assert total >= 250
