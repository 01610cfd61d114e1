"""An open scenario: its TOML text (kept with tomlkit, so comments survive),
the values the form shows, validation through the loader's own code, and saving."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Comment, Item, Table, Whitespace

from sim.errors import ScenarioError
from sim.runs.outputs import atomic_write
from sim.scenario import loader as sc
from sim.scenario.library import scenarios_dir
from sim.scenario.params import GROUPS, SPECS_BY_KEY, ParamSpec

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
    """Validate and resolve a scenario from in-memory TOML ``text`` as if it were the file ``path``
    (the loader's own ``scenario_from_text``: the same checks and messages as loading the file)."""
    return sc.scenario_from_text(text, path)


def check_field(spec: ParamSpec, value: Any, path: Path | None) -> str | None:
    """The loader's message for one field's value, or None when it is valid on its own."""
    try:
        sc.check_value(spec, value, path)
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


def _plain(v: Any) -> Any:
    return v.unwrap() if hasattr(v, "unwrap") else v


def constant_path_value(value: Any) -> Any:
    """The one value of a constant year path, else None. A number given for a path is the constant path
    ``{0: value}`` (``sim.scenario.loader._coerce``); it holds in all years and is written back as a number."""
    value = _plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (year, v), = value.items()
        try:
            if int(str(year).strip()) == 0:
                return v
        except ValueError:
            return None
    return None


def split_constant_path(old: Any, year: int, new: Any) -> dict[str, Any]:
    """A constant path turned into a real one by a point at ``year``: the old value holds until the year
    before (the loader's rule for ``--set key@year`` on a constant path: ``{year - 1: old, year: new}``)."""
    return {str(int(year) - 1): old, str(int(year)): new}


UNCERTAIN_KEYS = sc.UNCERTAIN_KEYS  # the parameters the loader lets be uncertain, in form order


def check_uncertainty(key: str, value: Any, text: str, path: Path | None) -> str | None:
    """The loader's message for one ``[uncertainty]`` entry of the file ``text`` (line as the loader
    finds it), or None when the range is valid."""
    try:
        sc.check_uncertainty(key, value, text, path)
    except ScenarioError as e:
        return e.message
    return None


def range_value(value: Any) -> Any:
    """A ``[low, high]`` as it will be written: whole numbers as floats (``1`` is written ``1.0``)."""
    if isinstance(value, (list, tuple)):
        return [float(x) if isinstance(x, int) and not isinstance(x, bool) and abs(x) < 2**53 else x for x in value]
    return value


def _array(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        arr = tomlkit.array()
        arr.extend(list(value))
        return arr
    return value


@dataclass
class RangeRow:
    """One row of the uncertainty table.

    ``origin``: ``own`` (stated in this file), ``override`` (stated here and in the parent it extends),
    ``inherited`` (from the parent only) or ``duplicate`` (a second range for a parameter already listed:
    kept in memory only, since a TOML table cannot hold it; the loader refuses it).
    ``loc`` is where an own entry sits in ``[uncertainty]``: ``(key,)`` or ``(group, name)``.
    """

    key: str
    value: Any
    origin: str
    loc: tuple[str, ...] = ()

    @property
    def low(self) -> Any:
        if isinstance(self.value, (list, tuple)):
            return self.value[0] if self.value else ""
        return self.value

    @property
    def high(self) -> Any:
        if isinstance(self.value, (list, tuple)):
            return self.value[1] if len(self.value) > 1 else ""
        return ""


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
                 inherited_targets: list[dict[str, Any]] | None = None,
                 inherited_uncertainty: dict[str, tuple[float, float]] | None = None) -> None:
        self.doc = doc
        self.path = Path(path) if path is not None else None
        self.resolved = resolved
        self.inherited_targets = inherited_targets or []  # targets as loaded (from ``extends`` when the file has none)
        # ranges of the file named by ``extends`` (merged with this file's own, as the loader merges them)
        self.inherited_uncertainty = dict(inherited_uncertainty or {})
        self._unc_dups: list[tuple[int, str, Any]] = []  # (row, key, value) of duplicate ranges, in memory only
        self.dirty = False
        self.encoding = "utf-8"  # what the file was read as (``gb18030`` for GBK text); saving always writes UTF-8

    # ------------------------------------------------------------------ creation
    @classmethod
    def open(cls, path: str | Path) -> ScenarioDocument:
        """Open ``path``; raises ``ScenarioError`` with the loader's message if it is invalid."""
        path = Path(path)
        scenario = sc.load_scenario(path)
        text, encoding = sc.read_scenario_file(path)
        targets = [{k: v for k, v in t.__dict__.items() if k != "interpretation" or v} for t in scenario.targets]
        doc = tomlkit.parse(text)
        parent = doc.get("extends")
        inherited = sc.load_scenario(sc.real_folder(path) / str(parent)).uncertainty if parent is not None else {}
        out = cls(doc, path, dict(scenario.params), targets, inherited)
        out.encoding = encoding
        return out

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

    # ------------------------------------------------------------------ uncertainty
    def _own_ranges(self) -> list[tuple[str, Any, tuple[str, ...]]]:
        """``[uncertainty]`` entries this file states: (key, value, location), in file order; both
        ``"a.b" = [...]`` and ``[uncertainty.a] b = [...]`` as the loader reads them."""
        table = self.doc.get("uncertainty")
        if not isinstance(table, dict):
            return []
        out: list[tuple[str, Any, tuple[str, ...]]] = []
        for k, v in table.items():
            if k == "posterior":  # a posterior file, not a range (the loader checks it)
                continue
            if isinstance(v, dict):
                out.extend((f"{k}.{kk}", _plain(vv), (str(k), str(kk))) for kk, vv in v.items())
            else:
                out.append((str(k), _plain(v), (str(k),)))
        return out

    def uncertainty(self) -> list[RangeRow]:
        """The ranges in effect: a parent's (``extends``) with this file's overrides in their place, then
        this file's own, then duplicates (in memory) at their rows."""
        own = self._own_ranges()
        inherited = self.inherited_uncertainty if "extends" in self.doc else {}
        rows: list[RangeRow] = []
        for key, rng in inherited.items():
            stated = next(((v, loc) for k, v, loc in own if k == key), None)
            rows.append(RangeRow(key, stated[0], "override", stated[1]) if stated else RangeRow(key, list(rng), "inherited"))
        rows.extend(RangeRow(k, v, "own", loc) for k, v, loc in own if k not in inherited)
        last = -1
        for pos, key, value in sorted(self._unc_dups, key=lambda d: d[0]):
            last = max(min(pos, len(rows)), last + 1)
            rows.insert(last, RangeRow(key, value, "duplicate"))
        return rows

    def _normalize_dups(self) -> None:
        """Give each duplicate the row it is shown at."""
        shown = [i for i, r in enumerate(self.uncertainty()) if r.origin == "duplicate"]
        dups = sorted(self._unc_dups, key=lambda d: d[0])
        self._unc_dups = [(i, k, v) for i, (_, k, v) in zip(shown, dups, strict=True)]

    @property
    def parent_name(self) -> str | None:
        parent = self.doc.get("extends")
        return str(parent) if parent is not None else None

    def _range_table(self) -> Any:
        table = self.doc.get("uncertainty")
        if table is None:
            self.doc["uncertainty"] = tomlkit.table()
            table = self.doc["uncertainty"]
        return table

    def _kv_entries(self) -> list[tuple[str, Any]]:
        """The entries written directly under ``[uncertainty]`` (not its sub-tables), with their items."""
        table = self.doc.get("uncertainty")
        if not isinstance(table, Table):
            return [(str(k), v) for k, v in (table or {}).items()]
        return [(k.key, it) for k, it in table.value.body if k is not None and not isinstance(it, (Table, AoT))]

    def _write_kv(self, entries: list[tuple[str, Any]]) -> None:
        """Rewrite the entries directly under ``[uncertainty]`` in this order. Items are reused, so their
        comments stay; comments above an entry move with it, those before the first entry and after the
        last (such as the next section's heading) stay where they are."""
        table = self.doc.get("uncertainty")
        new = tomlkit.table()
        if not isinstance(table, Table):  # none yet (or an inline table): a new [uncertainty] table
            for k, it in entries:
                new.append(k, it)
            for k, v in (table or {}).items():
                if isinstance(v, dict):
                    new.append(k, v)
            self.doc["uncertainty"] = new
            return
        lead: list[Item] = []
        attached: dict[str, list[Item]] = {}
        tail: list[tuple[Any, Item]] = []
        pending: list[Item] = []
        seen_kv = in_tables = False
        for k, it in table.value.body:
            if in_tables or isinstance(it, (Table, AoT)):
                in_tables = True
                tail.append((k, it))
            elif k is None:
                if isinstance(it, (Comment, Whitespace)):  # not the blanks left by removed entries
                    pending.append(it)
            else:
                if seen_kv:
                    attached[k.key] = pending
                else:
                    lead = pending
                seen_kv = True
                pending = []
        for it in lead:
            new.add(it)
        for k, it in entries:
            for c in attached.get(k, []):
                new.add(c)
            new.append(k, it)
        for it in pending:
            new.add(it)
        for k, it in tail:
            if k is None:
                new.add(it)
            else:
                new.append(k, it)
        for attr in ("indent", "comment_ws", "comment", "trail"):
            setattr(new.trivia, attr, getattr(table.trivia, attr))
        # splice the new body into the text where the old one was: keeps the layout around the table exactly
        old_body, new_body, text = table.as_string(), new.as_string(), self.text()
        if old_body and text.count(old_body) == 1:
            try:
                parsed = tomlkit.parse(text.replace(old_body, new_body, 1))
            except Exception:  # any tomlkit failure: fall back to replacing the table
                parsed = None
            if parsed is not None and _plain(parsed.get("uncertainty")) == new.unwrap():
                self.doc = parsed
                return
        self.doc["uncertainty"] = new

    def _set_at(self, loc: tuple[str, ...], value: Any) -> None:
        table = self._range_table()
        if len(loc) == 2:
            table = table[loc[0]]
        table[loc[-1]] = _array(value)

    def _delete_at(self, loc: tuple[str, ...]) -> None:
        table = self._range_table()
        if len(loc) == 2:
            del table[loc[0]][loc[1]]
            if not table[loc[0]]:
                del table[loc[0]]
        else:
            del table[loc[0]]

    def _insert_entry(self, key: str, value: Any, *, replace: str | None = None, after: str | None = None,
                      first: bool = False) -> None:
        """Write ``"key" = [low, high]`` directly under ``[uncertainty]``: in place of the entry ``replace``,
        else first, else after the entry ``after``, else last."""
        entries = self._kv_entries()
        names = [k for k, _ in entries]
        item = (key, _array(value))
        if replace in names:
            entries[names.index(replace)] = item
        elif first:
            entries.insert(0, item)
        elif after in names:
            entries.insert(names.index(after) + 1, item)
        else:
            entries.append(item)
        self._write_kv(entries)

    def _insert_at_row(self, rows: list[RangeRow], index: int, key: str, value: Any) -> None:
        """Write a new entry so that it follows the entries of the rows above ``index``."""
        after = next((r.loc[0] for r in reversed(rows[:index]) if r.origin in ("own", "override") and len(r.loc) == 1), None)
        self._insert_entry(key, value, after=after, first=after is None)

    def _settle(self) -> None:
        """A duplicate whose parameter is no longer listed elsewhere becomes a range of the file again."""
        self._normalize_dups()
        while True:
            rows = self.uncertainty()
            listed = {r.key for r in rows if r.origin != "duplicate"}
            i = next((i for i, r in enumerate(rows) if r.origin == "duplicate" and r.key not in listed), None)
            if i is None:
                return
            self._unc_dups = [d for d in self._unc_dups if d[0] != i]
            self._insert_at_row(rows, i, rows[i].key, rows[i].value)
            self._normalize_dups()

    def _move_dups(self, after: int, step: int) -> None:
        self._unc_dups = [(p + step if p > after else p, k, v) for p, k, v in self._unc_dups]

    def set_uncertainty(self, index: int, key: str, value: Any) -> None:
        """Set row ``index`` to ``key = value`` (``[low, high]``, whatever was typed: validation reports
        problems). A range from the parent (``extends``) is written as this file's override; a parameter
        already listed in another row makes this row a duplicate, which the loader refuses."""
        self._normalize_dups()
        rows = self.uncertainty()
        row = rows[index]
        value = range_value(value)
        if row.key == key and row.value == value:
            return
        if row.origin == "duplicate":
            self._unc_dups = [(p, key, value) if p == index else (p, k, v) for p, k, v in self._unc_dups]
        elif row.key == key:
            if row.origin == "inherited":
                self._insert_entry(key, value)
            else:
                self._set_at(row.loc, value)
        else:
            if row.origin != "own":
                raise ValueError(f"{row.key} comes from {self.parent_name}: change its range, not its parameter")
            if key in {r.key for k, r in enumerate(rows) if k != index}:
                self._delete_at(row.loc)
                self._unc_dups.append((index, key, value))
            elif len(row.loc) == 1:
                self._insert_entry(key, value, replace=row.loc[0])
            else:
                self._delete_at(row.loc)
                self._insert_at_row(rows, index, key, value)
        self._settle()
        self.dirty = True

    def add_uncertainty(self, key: str, value: Any) -> int:
        """Add a range at the end; returns its row."""
        self._normalize_dups()
        rows = self.uncertainty()
        value = range_value(value)
        if key in {r.key for r in rows}:
            self._unc_dups.append((len(rows), key, value))
            index = len(rows)
        else:
            self._insert_entry(key, value)
            index = next(i for i, r in enumerate(self.uncertainty()) if r.key == key and r.origin != "duplicate")
        self.dirty = True
        return index

    def remove_uncertainty(self, index: int) -> None:
        """Remove row ``index``: its entry leaves the file. Removing an override brings back the parent's
        range; a range that only the parent states cannot be removed here (``ValueError``)."""
        self._normalize_dups()
        rows = self.uncertainty()
        row = rows[index]
        if row.origin == "inherited":
            raise ValueError(f"{row.key} comes from {self.parent_name}; a file that extends it cannot remove it")
        if row.origin == "duplicate":
            self._unc_dups = [d for d in self._unc_dups if d[0] != index]
            self._move_dups(index, -1)
        else:
            self._delete_at(row.loc)
            if row.origin == "own":
                self._move_dups(index, -1)
        self._settle()
        self.dirty = True

    def default_range(self, key: str) -> list[float]:
        """A new range for ``key``: fixed at the parameter's current value (the form's, else as loaded),
        to be widened by the user."""
        for v in (self.value(key), self.resolved.get(key), SPECS_BY_KEY[key].default if key in SPECS_BY_KEY else None):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return [float(v), float(v)]
        return []

    def loader_text(self) -> str:
        """The text the loader checks: the file, with a duplicate range written where its row is (as a user
        would write it in a text editor), so the loader's own message reports it."""
        if not self._unc_dups:
            return self.text()
        copy = ScenarioDocument(tomlkit.parse(self.text()), self.path, self.resolved)
        existing = dict(copy._kv_entries())
        twice = {k for _, k, _ in self._unc_dups}
        entries: list[tuple[str, Any]] = []
        marks: dict[str, str] = {}
        for row in self.uncertainty():
            if row.origin == "duplicate":
                mark = f"innovsim_duplicate_range_{len(marks)}_"
                marks[mark] = row.key
                entries.append((mark, _array(row.value)))
            elif len(row.loc) == 1 and row.loc[0] in existing:
                entries.append((row.loc[0], existing.pop(row.loc[0])))
            elif row.key in twice:  # the first range is the parent's or a [uncertainty.group] one: written here too
                entries.append((row.key, _array(row.value)))
        entries += list(existing.items())
        copy._write_kv(entries)
        text = copy.text()
        for mark, key in marks.items():
            text = text.replace(mark, json.dumps(key, ensure_ascii=False), 1)
        return text

    def uncertainty_errors(self) -> dict[int, str]:
        """Per row: the loader's message when the range is invalid (a duplicate: the loader's message for
        the file with that second range in it)."""
        rows = self.uncertainty()
        text = self.text()
        errors: dict[int, str] = {}
        dups = sorted(self._unc_dups, key=lambda d: d[0])
        for i, row in enumerate(rows):
            if row.origin == "inherited":
                continue
            if row.origin == "duplicate":
                single = ScenarioDocument(self.doc, self.path, self.resolved, None, self.inherited_uncertainty)
                single._unc_dups = [d for d in dups if d[0] == i]
                try:
                    sc.parse_toml(single.loader_text(), self.display_path)
                except ScenarioError as e:
                    errors[i] = e.message
                continue
            msg = check_uncertainty(row.key, row.value, text, self.display_path)
            if msg:
                errors[i] = msg
        return errors

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
        """The validated scenario as it stands now; raises ``ScenarioError`` (the loader's message).

        Remembered for the document's text as it stands (asked many times per second by the trainer and
        after every run), and checked again as soon as the text, the file name or the folder it names changes."""
        text = self.loader_text()
        key = (text, str(self.display_path), self.path is None)
        memo = getattr(self, "_memo", None)
        if memo is not None and memo[0] == key:
            if isinstance(memo[1], ScenarioError):
                raise memo[1]
            return memo[1]
        try:
            scenario = scenario_from_text(text, self.display_path)
        except ScenarioError as e:
            self._memo = (key, e)
            raise
        if self.path is None:
            scenario = dataclasses.replace(scenario, path=None)
        self._memo = (key, scenario)
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
        parent_doc = ScenarioDocument.open(sc.real_folder(self.path) / str(parent)).flattened()  # as the loader
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
        if self._unc_dups:
            scenario_from_text(self.loader_text(), target)  # a duplicate range: the loader's message
        moving = self.path is None or target.resolve().parent != self.path.resolve().parent
        doc = self.flattened() if (moving and "extends" in self.doc) else self.doc
        text = tomlkit.dumps(doc)
        scenario_from_text(text, target)  # never write a file the loader would refuse
        atomic_write(target, lambda fh: fh.write(text))
        self.doc = doc
        self.path = target
        self.dirty = False
        return target
