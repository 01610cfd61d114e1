"""An open scenario: its TOML text (kept with tomlkit, so comments survive),
the values the form shows, validation through the loader's own code, and saving."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from sim import scenario as sc
from sim.errors import ScenarioError
from sim.library import scenarios_dir
from sim.outputs import atomic_write
from sim.params import GROUPS, SPECS_BY_KEY, ParamSpec

BASELINE = "gansu_baseline.toml"
UNTITLED = "untitled.toml"


def parse_value(text: str) -> Any:
    """Read what the user typed as a TOML value (as ``--set`` does); text that is not TOML stays text."""
    raw = text.strip()
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def scenario_from_text(text: str, path: Path) -> sc.Scenario:
    """Validate and resolve a scenario from in-memory TOML ``text`` as if it were the file ``path``.

    Uses the loader's own steps (parse, extends chain, merge, build), so errors carry the same message.
    """
    doc = sc._parse(text, path)
    parent = doc.get("extends")
    if parent is None:
        scenario = sc._build(doc, path, {path: text})
        scenario.files = [path]
        return scenario
    if not isinstance(parent, str) or not parent.lower().endswith(".toml"):
        raise ScenarioError("'extends' must name a .toml file, e.g. \"gansu_baseline.toml\"",
                            file=path, line=sc._find_line(text, None, "extends"), field="extends")
    parent_path = path.parent / parent
    if not parent_path.is_file():
        raise ScenarioError(f"'extends' names {parent!r}, which does not exist next to this file",
                            file=path, line=sc._find_line(text, None, "extends"), field="extends")
    base, files, texts = sc._load_chain(parent_path, [path.resolve()])
    sc._check_shape(doc, path, text)
    texts[path] = text
    scenario = sc._build(sc._merge(base, doc), path, texts)
    scenario.files = [*files, path]
    return scenario


def check_field(spec: ParamSpec, value: Any, path: Path | None) -> str | None:
    """The loader's message for one field's value, or None when it is valid on its own."""
    if spec.kind == "path" and isinstance(value, dict):
        value = {str(k): v for k, v in value.items()}
    try:
        sc._coerce(spec, value, {"file": path, "line": None, "field": spec.key})
    except ScenarioError as e:
        return e.message
    return None


def _target_table(row: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key in ("indicator", "year", "value", "direction", "source", "interpretation", "note"):
        if key in row:
            table[key] = row[key]
    for key, value in row.items():
        if key not in table:
            table[key] = value
    return table


def is_bundled(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return Path(path).resolve().is_relative_to(scenarios_dir().resolve())
    except OSError:
        return False


class ScenarioDocument:
    """One scenario being edited.

    ``doc`` is the file's own TOML document (tomlkit), edited in place; ``resolved`` holds the
    parameters as loaded, used to show values the file inherits from defaults or ``extends``.
    """

    def __init__(self, doc: tomlkit.TOMLDocument, path: Path | None, resolved: dict[str, Any],
                 inherited_targets: list[dict[str, Any]] | None = None) -> None:
        self.doc = doc
        self.path = Path(path) if path is not None else None
        self.resolved = resolved
        self.inherited_targets = inherited_targets or []  # targets as loaded (from ``extends`` when the file has none)
        self.dirty = False

    # ------------------------------------------------------------------ creation
    @classmethod
    def open(cls, path: str | Path) -> ScenarioDocument:
        """Open ``path``; raises ``ScenarioError`` with the loader's message if it is invalid."""
        path = Path(path)
        scenario = sc.load_scenario(path)
        text = sc._read_text(path)
        targets = [{k: v for k, v in t.__dict__.items() if k != "interpretation" or v} for t in scenario.targets]
        return cls(tomlkit.parse(text), path, dict(scenario.params), targets)

    @classmethod
    def from_baseline(cls, baseline: Path | None = None) -> ScenarioDocument:
        """A new, unsaved scenario that starts as a self-contained copy of a baseline."""
        base = cls.open(baseline or scenarios_dir() / BASELINE)
        doc = base.flattened()
        doc["name"] = "New scenario"
        doc["name_zh"] = "新情景"
        new = cls(doc, None, base.resolved, base.inherited_targets)
        new.dirty = True
        return new

    # ------------------------------------------------------------------ state
    @property
    def read_only(self) -> bool:
        return is_bundled(self.path)

    @property
    def display_path(self) -> Path:
        return self.path if self.path is not None else Path(UNTITLED)

    @property
    def name(self) -> str:
        return str(self.doc.get("name", self.display_path.stem))

    @property
    def name_zh(self) -> str:
        return str(self.doc.get("name_zh", self.name))

    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    def value(self, key: str) -> Any:
        """The value the file states for ``key``, else the inherited one."""
        group, name = key.split(".", 1)
        table = self.doc.get(group)
        if table is not None and name in table:
            v = table[name]
            return v.unwrap() if hasattr(v, "unwrap") else v
        return self.resolved.get(key)

    def set_meta(self, key: str, text: str) -> None:
        if self.doc.get(key) != text:
            self.doc[key] = text
            self.dirty = True

    def set_value(self, key: str, value: Any) -> None:
        """Write ``value`` for ``key`` into the document (whatever it is; validation reports problems)."""
        group, name = key.split(".", 1)
        if group not in self.doc:
            self.doc[group] = tomlkit.table()
        table = self.doc[group]
        if isinstance(value, dict):
            item = tomlkit.inline_table()
            item.update({str(k): v for k, v in value.items()})
            value = item
        table[name] = value
        self.dirty = True

    # ------------------------------------------------------------------ targets
    def targets(self) -> list[dict[str, Any]]:
        """The targets as the file states them (plain values), else the inherited ones."""
        if "targets" not in self.doc:
            return [dict(t) for t in self.inherited_targets]
        raw = self.doc["targets"]
        raw = raw.unwrap() if hasattr(raw, "unwrap") else raw
        return [dict(t) if isinstance(t, dict) else {} for t in raw] if isinstance(raw, list) else []

    def _targets_aot(self) -> Any:
        """The file's ``[[targets]]`` array, created from the inherited targets on the first edit."""
        current = self.doc.get("targets")
        if isinstance(current, tomlkit.items.AoT):
            return current
        rows = self.targets()
        aot = tomlkit.aot()
        for row in rows:
            aot.append(_target_table(row))
        if "targets" in self.doc:
            del self.doc["targets"]
        self.doc.append("targets", aot)
        return self.doc["targets"]

    def set_target(self, index: int, key: str, value: Any) -> None:
        """Set ``key`` of target ``index`` in place (its other keys and comments stay)."""
        table = self._targets_aot()[index]
        if table.get(key) != value or key not in table:
            table[key] = value
            self.dirty = True

    def add_target(self, row: dict[str, Any]) -> int:
        aot = self._targets_aot()
        aot.append(_target_table(row))
        self.dirty = True
        return len(aot) - 1

    def remove_target(self, index: int) -> None:
        aot = self._targets_aot()
        rows = [t for k, t in enumerate(aot) if k != index]
        del self.doc["targets"]
        if rows:
            new = tomlkit.aot()
            for t in rows:
                new.append(t)
            self.doc.append("targets", new)
        else:
            self.doc["targets"] = []  # no targets (an extended file's targets are not inherited either)
        self.dirty = True

    def field_errors(self) -> dict[str, str]:
        """Per parameter stated in the file: the loader's message when the value is invalid on its own."""
        errors: dict[str, str] = {}
        for group in GROUPS:
            table = self.doc.get(group)
            if table is None:
                continue
            for name in table:
                spec = SPECS_BY_KEY.get(f"{group}.{name}")
                if spec is not None:
                    v = table[name]
                    msg = check_field(spec, v.unwrap() if hasattr(v, "unwrap") else v, self.display_path)
                    if msg:
                        errors[spec.key] = msg
        return errors

    def scenario(self) -> sc.Scenario:
        """The validated scenario as it stands now; raises ``ScenarioError`` (the loader's message)."""
        scenario = scenario_from_text(self.text(), self.display_path)
        if self.path is None:
            scenario.path = None
        return scenario

    def validate(self) -> ScenarioError | None:
        try:
            self.scenario()
        except ScenarioError as e:
            return e
        return None

    # ------------------------------------------------------------------ saving
    def flattened(self) -> tomlkit.TOMLDocument:
        """A self-contained copy: the ``extends`` chain merged as the loader merges it, comments of the
        root file kept and a note saying where this file's own settings came from."""
        parent = self.doc.get("extends")
        if parent is None or self.path is None:
            return tomlkit.parse(self.text())
        parent_doc = ScenarioDocument.open(self.path.parent / str(parent)).flattened()
        out = parent_doc
        for key, item in self.doc.items():
            if key == "extends":
                continue
            value = item.unwrap() if hasattr(item, "unwrap") else item
            if key in GROUPS and isinstance(out.get(key), Table):
                for name, v in item.items():
                    out[key][name] = v.unwrap() if hasattr(v, "unwrap") else v
            elif key == "uncertainty" and key in out:
                for name, v in value.items():
                    out[key][name] = v
            else:
                out[key] = value
        note = (f"# Saved from {self.path.name}, which extends {parent}: both merged into this\n"
                "# self-contained file (the parent's comments are kept below).\n")
        return tomlkit.parse(note + tomlkit.dumps(out))

    def save(self, path: Path | None = None) -> Path:
        """Write TOML atomically to ``path`` (default: the current file; never a bundled one)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ScenarioError("this scenario has no file yet; use Save As", field=None)
        if is_bundled(target):
            raise ScenarioError("bundled scenarios are read-only; use Save As to save a copy in your folder",
                                file=target)
        moving = self.path is None or target.resolve().parent != self.path.resolve().parent
        doc = self.flattened() if (moving and "extends" in self.doc) else self.doc
        text = tomlkit.dumps(doc)
        scenario_from_text(text, target)  # never write a file the loader would refuse
        atomic_write(target, lambda fh: fh.write(text))
        self.doc = doc
        self.path = target
        self.dirty = False
        return target
