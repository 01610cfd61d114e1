"""Scenario files: TOML in, a validated, fully resolved ``Scenario`` out.

A scenario file is data, never code. It may ``extends = "other.toml"`` (a path
relative to the file) and state only what changes. Every error is a
``ScenarioError`` naming file, line where known, field and allowed range.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import itertools
import math
import numbers
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError
from sim.indicators import ALL_INDICATOR_NAMES
from sim.resources import scenarios_dir
from sim.safe_io import UnreadableFile, read_capped
from sim.scenario.frozen import FrozenDict, FrozenList, freeze_params
from sim.scenario.params import GROUPS, PARAM_SPECS, SPECS_BY_KEY, ParamSpec, default_params
from sim.scenario.posterior import Posterior, read_posterior

MAX_FILE_BYTES = 1_000_000
MAX_EXTENDS_DEPTH = 32  # files in one ``extends`` chain
META_KEYS = ("schema_version", "name", "name_zh", "description", "description_zh", "region", "extends")
TABLE_KEYS = (*GROUPS, "targets", "uncertainty")
DIRECTIONS = ("at_least", "at_most")
TARGET_KEYS = ("indicator", "year", "value", "direction", "source", "interpretation", "note")
# the parameters that may be drawn per replicate ([uncertainty]): floats outside [run] and [observed], in form order
UNCERTAIN_KEYS = tuple(s.key for s in PARAM_SPECS if s.kind == "float" and s.group not in ("run", "observed"))
CHANNEL_KEYS = ("budget.subsidy_share", "budget.hnte_award_share", "budget.university_share",
                "budget.platform_share", "budget.talent_share")


@dataclass(frozen=True)
class Target:
    """A plan target: ``indicator`` at ``year`` at least (or at most) ``value``.

    ``interpretation`` marks targets that are our reading of words in a plan,
    not a figure from it.
    """

    indicator: str
    year: int
    value: float
    direction: str = "at_least"
    source: str = ""
    interpretation: bool = False

    def met(self, simulated: Any) -> Any:
        """True where ``simulated`` (a number or an array) reaches the target.

        A relative tolerance of 1e-9 keeps a path set exactly to the target
        value from missing it by rounding.
        """
        tol = 1e-9 * max(abs(self.value), 1.0)
        if self.direction == "at_least":
            return simulated >= self.value - tol
        return simulated <= self.value + tol

    @property
    def label(self) -> str:
        op = ">=" if self.direction == "at_least" else "<="
        return f"{self.indicator}@{self.year}{op}{self.value:g}"


@dataclass(frozen=True)
class Hold:
    """A year-path value that holds from ``from_year`` on: ``Hold(2.5, from_year=2025)`` keeps the path as it is
    up to ``from_year - 1`` and sets ``value`` for ``from_year`` and every later year (one step, no ramp)."""

    value: float
    from_year: int


@dataclass(frozen=True)
class Scenario:
    """A resolved, validated scenario: metadata, flat parameters, targets, uncertainty ranges.

    A scenario is an immutable value: ``params``, ``targets`` and ``uncertainty`` are read-only (writing to
    them raises ``TypeError``), and every scenario is validated when it is made, so no invalid value (NaN,
    out of range, a year outside the horizon) can reach a run. ``with_values`` returns a changed copy.
    """

    name: str
    name_zh: str
    params: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    uncertainty: dict[str, tuple[float, float]] = field(default_factory=dict)
    description: str = ""
    description_zh: str = ""
    region: str = ""
    path: Path | None = None
    files: list[Path] = field(default_factory=list)
    sha256: str = ""
    posterior: Posterior | None = None  # ``[uncertainty] posterior``: particles drawn per replicate

    def __post_init__(self) -> None:
        params = validate_params(self.params)
        base, end = params["run.base_year"], params["run.end_year"]
        for i, t in enumerate(self.targets):
            if not isinstance(t, Target):
                raise ScenarioError(f"each target must be a Target, got {_short(t)}", field=f"targets[{i}]")
            if not base <= t.year <= end:
                raise ScenarioError(f"target year {t.year} is outside the horizon (allowed: {base} to {end})",
                                    field=f"targets[{i}].year")
        uncertainty = {key: _check_range(key, rng, {"file": None, "line": None, "field": f"uncertainty.{key}"})
                       for key, rng in self.uncertainty.items()}
        object.__setattr__(self, "params", freeze_params(params))
        object.__setattr__(self, "targets", FrozenList(self.targets))
        object.__setattr__(self, "uncertainty", FrozenDict(uncertainty))
        object.__setattr__(self, "files", FrozenList(self.files))

    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """A new, validated scenario with ``values`` set.

        Keys are parameter keys (``"subsidy.rate"``), one point of a year path (``"subsidy.rate@2025"``) or
        their identifier aliases (``"subsidy_rate"``, ``"subsidy_rate_2025"``; see ``identifier``). Values
        are numbers (numpy numbers too), a ``{year: value}`` table for a whole year path, or
        ``Hold(value, from_year=YEAR)``. A number for a year path makes it constant over the horizon. A
        parameter listed in ``[uncertainty]`` (or set by a posterior) is no longer drawn once it is set: it
        keeps the value given, and the other uncertain parameters keep their draws.

        Raises:
            ScenarioError: unknown key (with the closest name), value of the wrong type, NaN or out of range,
                a year outside the horizon; the message names the field and the allowed range.
        """
        return _apply_changes(self, [(*resolve_key(name), value) for name, value in values.items()], "with_values")

    def ending(self, year: int) -> Scenario:
        """This scenario run only to ``year`` (after the base year, at most its end year), for a study that needs
        no later year (attribution): a scenario file and ``with_values`` keep the plans' horizon (``run.end_year``
        at least 2035); targets after ``year`` are left out."""
        year = int(year)
        if not self.base_year < year <= self.end_year:
            raise ScenarioError(f"a run cannot end in {year} (allowed: {self.base_year + 1} to {self.end_year})",
                                field="run.end_year")
        return dataclasses.replace(self, params={**self.params, "run.end_year": year},
                                   targets=[t for t in self.targets if t.year <= year])

    @property
    def base_year(self) -> int:
        return int(self.params["run.base_year"])

    @property
    def forecast_from(self) -> int:
        """First forecast year (``forecast_start``)."""
        return forecast_start(self.params)

    @property
    def end_year(self) -> int:
        return int(self.params["run.end_year"])

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.end_year + 1))

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready resolved form (paths with string year keys)."""
        params = {k: ({str(y): v for y, v in val.items()} if isinstance(val, dict) else val)
                  for k, val in self.params.items()}
        return {
            "name": self.name, "name_zh": self.name_zh, "region": self.region,
            "description": self.description, "file": str(self.path) if self.path else None,
            "sha256": self.sha256, "params": params,
            "targets": [t.__dict__ for t in self.targets],
            "uncertainty": {k: list(v) for k, v in self.uncertainty.items()},
            **({"posterior": self.posterior.summary()} if self.posterior is not None else {}),
        }


# --------------------------------------------------------------------------- loading

def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Load, resolve ``extends`` and validate one scenario file.

    Args:
        path: the TOML file.
        overrides: ``key.path=value`` strings (``--set``), applied last.
    """
    path = Path(path)
    doc, files, texts = _load_chain(path, [])
    digest = hashlib.sha256()
    for f in files:
        digest.update(_read_raw(f))
    scenario = _build(doc, path, texts, files=files, sha256=digest.hexdigest())
    if overrides:
        scenario = apply_overrides(scenario, overrides)
    return scenario


def scenario_from_text(text: str, path: str | Path) -> Scenario:
    """Load a scenario from TOML ``text`` held in memory (an editor's unsaved buffer) as if it were the file
    ``path``: the same checks and messages as ``load_scenario``; a file named by ``extends`` is read from disk,
    next to ``path``. ``sha256`` is left empty (the text is not a file yet)."""
    path = Path(path)
    doc, files, texts = _load_chain(path, [], text)
    return _build(doc, path, texts, files=files)


def read_scenario_text(path: str | Path) -> str:
    """The text of a scenario file, with the loader's checks (exists, not a folder, .toml, size, encoding)."""
    return _read_text(Path(path))


def read_scenario_file(path: str | Path) -> tuple[str, str]:
    """The text of a scenario file and the encoding it was read in: ``utf-8``, or ``gb18030`` for a file
    that is not UTF-8 but is GBK/GB18030 text (Notepad on Chinese Windows); the loader's checks apply."""
    return _read_text_encoding(Path(path))


def parse_toml(text: str, path: str | Path) -> dict[str, Any]:
    """TOML ``text`` as a dict; syntax errors (and keys or tables given twice) as ``ScenarioError`` naming
    ``path`` and the line."""
    return _parse(text, Path(path))


def check_value(spec: ParamSpec, value: Any, path: str | Path | None = None) -> Any:
    """One parameter's value checked as the loader checks it (type, range, year path); returns it in canonical
    form or raises ``ScenarioError`` with the loader's message."""
    if spec.kind == "path" and isinstance(value, dict):
        value = {str(k): v for k, v in value.items()}
    return _coerce(spec, value, {"file": None if path is None else Path(path), "line": None, "field": spec.key})


def check_uncertainty(key: str, value: Any, text: str = "", path: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """One ``[uncertainty]`` entry checked as the loader checks it; the line of the message is found in the file
    ``text``. Returns ``{key: (low, high)}`` or raises ``ScenarioError``."""
    file = None if path is None else Path(path)

    def where(section: str | None, name: str, index: int = 0) -> dict[str, Any]:
        return {"file": file, "line": _find_line(text, section, name, index) if text else None,
                "field": f"{section}.{name}" if section else name}

    return _build_uncertainty({key: value}, where, file or Path("untitled.toml"))


def _read_raw(path: Path) -> bytes:
    """The bytes of a scenario file: a regular file of at most ``MAX_FILE_BYTES`` (``sim.safe_io.read_capped``)."""
    try:
        return read_capped(path, MAX_FILE_BYTES, "scenario files")
    except UnreadableFile as e:
        raise ScenarioError(e.reason, file=path) from None


def _read_text(path: Path) -> str:
    return _read_text_encoding(path)[0]


def _read_text_encoding(path: Path) -> tuple[str, str]:
    """Text and encoding of a scenario file: UTF-8 first (a byte-order mark is dropped), then GB18030 (which
    includes GBK); a file that is neither, or that ends in the middle of a line (cut off), is refused."""
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        raise ScenarioError("is a directory, not a scenario file", file=path)
    if path.suffix.lower() != ".toml":
        try:
            exists = path.exists()
        except (OSError, ValueError):
            exists = False
        raise ScenarioError("a scenario file must have the .toml extension" if exists else "file not found", file=path)
    raw = _read_raw(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: Windows editors write one
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError("file is UTF-16 text; save it as UTF-8", file=path, line=1)
    encoding = "utf-8"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        if e.reason == "unexpected end of data" and not raw.endswith((b"\n", b"\r")):
            raise ScenarioError("the file ends in the middle of a character and of a line, so it is cut off "
                                "(truncated); check its last line against the original and end the file with a "
                                "line break", file=path, line=line) from None
        try:
            text, encoding = raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise ScenarioError("file is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8", file=path,
                                line=line) from e
    if "\x00" in text:
        raise ScenarioError("file contains NUL characters; it is not a text file (save it as UTF-8)", file=path,
                            line=text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise ScenarioError("file is empty", file=path)
    if not text.endswith(("\n", "\r")):
        raise ScenarioError("the file ends in the middle of a line, so it may be cut off (truncated); check its "
                            "last line against the original and end the file with a line break",
                            file=path, line=text.count("\n") + 1)
    return text, encoding


_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")


def _duplicate_key(text: str, line: int) -> tuple[str, str] | None:
    """For tomllib's "Cannot overwrite a value" at ``line``: the key given twice, as ``table.key``, and
    the table it is in ('' at the top of the file); None if the line does not look like ``key = value``."""
    lines = text.splitlines()
    if not 0 < line <= len(lines) or "=" not in lines[line - 1]:
        return None
    key = lines[line - 1].split("=", 1)[0].strip().replace('"', "").replace("'", "")
    table = next((m.group(1).replace('"', "") for m in map(_HEADER.match, reversed(lines[: line - 1])) if m), "")
    return (f"{table}.{key}" if table else key), table


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        line = int(m.group(1)) if m else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        dup = _duplicate_key(text, line) if line and reason.startswith("Cannot overwrite a value") else None
        if dup:
            field_, table = dup
            where_ = f"in [{table}]" if table else "at the top of the file"
            raise ScenarioError(f"'{field_.split('.', 1)[-1] if table else field_}' is given twice {where_}; "
                                "each key may appear once (keep one of the lines)", file=path, line=line,
                                field=field_) from e
        twice = re.match(r"Cannot declare \((.*)\) twice", reason)
        if twice:
            table = ".".join(part.strip().strip("'\"") for part in twice.group(1).split(",") if part.strip())
            raise ScenarioError(f"table [{table}] is declared twice; each table may appear once "
                                "(merge the two into one)", file=path, line=line, field=table) from e
        raise ScenarioError(f"TOML syntax error: {reason}", file=path, line=line) from e
    except RecursionError as e:
        raise ScenarioError("TOML nesting is too deep", file=path) from e
    except ValueError as e:  # e.g. an integer of thousands of digits
        raise ScenarioError(f"TOML value cannot be read: {e}", file=path) from e


def _load_chain(path: Path, seen: list[Path], text: str | None = None) -> tuple[dict[str, Any], list[Path], dict[Path, str]]:
    """The merged document of ``path`` and the files its ``extends`` chain names, the files in order
    (parents first) and their texts; ``text`` stands in for the contents of ``path`` when given."""
    resolved = path.resolve()
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(f"'extends' chain is longer than {MAX_EXTENDS_DEPTH} files; shorten it",
                            file=path, field="extends")
    if resolved in seen:
        cycle = " -> ".join(p.name for p in [*seen, resolved])
        raise ScenarioError(f"'extends' forms a cycle: {cycle}", file=path, field="extends")
    if text is None:
        text = _read_text(path)
    doc = _parse(text, path)
    _resolve_posterior_path(doc, path)
    parent = doc.get("extends")
    if parent is None:
        _check_shape(doc, path, text)
        return doc, [path], {path: text}
    line = _find_line(text, None, "extends")
    if not isinstance(parent, str) or not parent.lower().endswith(".toml") or "\x00" in parent:
        raise ScenarioError(f"'extends' must name a .toml file, e.g. \"gansu_baseline.toml\", got {_short(parent)}",
                            file=path, line=line, field="extends")
    parent_path = real_folder(path) / parent  # relative to this file, never to the working folder
    try:
        is_dir, is_file = parent_path.is_dir(), parent_path.is_file()
    except OSError as e:
        raise ScenarioError(f"'extends' names {_short(parent)}, which cannot be read: {e.strerror or e}",
                            file=path, line=line, field="extends") from e
    if is_dir:
        raise ScenarioError(f"'extends' names {_short(parent)}, which is a directory, not a scenario file",
                            file=path, line=line, field="extends")
    if not is_file:
        raise ScenarioError(f"'extends' names {_short(parent)}, which does not exist next to this file",
                            file=path, line=line, field="extends")
    base, files, texts = _load_chain(parent_path, [*seen, resolved])
    _check_shape(doc, path, text)
    texts[path] = text
    return _merge(base, doc), [*files, path], texts


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _year_or_none(key: Any) -> int | None:
    try:
        return int(str(key).strip())
    except ValueError:
        return None


def _merge_path(parent: Any, child: Any) -> Any:
    """A child's year path continues its parent's: the parent's points before the child's first year
    are kept (so observed years stay observed), the child's points replace the rest; a parent's single
    value holds until the year before the child's first year. Anything that is not a well-formed year
    path over a path or a number is replaced whole (validation reports a malformed one)."""
    if not (isinstance(child, dict) and child):
        return child
    child_years = [_year_or_none(k) for k in child]
    if _is_number(parent) and None not in child_years:
        first = min(y for y in child_years if y is not None)
        return {str(first - 1): parent, **child}
    if not isinstance(parent, dict):
        return child
    parent_years = [_year_or_none(k) for k in parent]
    if None in child_years or None in parent_years:
        return child
    first = min(y for y in child_years if y is not None)
    kept = {k: v for k, v, y in zip(parent, parent.values(), parent_years, strict=True) if y is not None and y < first}
    return {**kept, **child}


@dataclass(frozen=True)
class _PosteriorRef:
    """``[uncertainty] posterior`` as written (``text``) and resolved against the file stating it."""

    text: str
    path: Path


def _resolve_posterior_path(doc: dict[str, Any], path: Path) -> None:
    """Make ``[uncertainty] posterior`` relative to the file that states it (before ``extends`` merges); a path
    that does not exist there but does among the bundled scenarios (``posteriors/gansu.csv``) is the bundled one."""
    unc = doc.get("uncertainty")
    if isinstance(unc, dict) and isinstance(unc.get("posterior"), str):
        text = unc["posterior"]
        target = real_folder(path) / text
        if "\x00" not in text and not _exists(target) and _exists(scenarios_dir() / text):
            target = scenarios_dir() / text  # a copy of a bundled scenario (Save As, autosave) keeps its calibration
        unc["posterior"] = _PosteriorRef(text, target)


def real_folder(path: Path) -> Path:
    """The folder of the file ``path`` names: for a symbolic link, the folder of the real file, so a file gives
    the same answer whichever path reaches it."""
    try:
        return path.resolve().parent if path.is_symlink() else path.parent
    except (OSError, ValueError, RuntimeError):
        return path.parent


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    out.pop("extends", None)
    for key, value in child.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key in GROUPS:
            merged = dict(out[key])
            for name, item in value.items():
                merged[name] = _merge_path(merged.get(name), item)
            out[key] = merged
        elif isinstance(value, dict) and isinstance(out.get(key), dict) and key == "uncertainty":
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------- validation

def _find_line(text: str, section: str | None, key: str, index: int = 0) -> int | None:
    """Line of ``key =`` inside ``[section]`` (or ``[[section]]`` number ``index``)."""
    current: str | None = None
    occurrence = -1
    key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for n, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            current = header.group(1)
            if current == section:
                occurrence += 1
            continue
        in_scope = (current == section) and (section is None or occurrence == index or "[[" not in text)
        if in_scope and key_re.match(line):
            return n
    return None


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_shape(doc: dict[str, Any], path: Path, text: str) -> None:
    """Reject unknown top-level keys and unknown parameters in each group."""
    for key, value in doc.items():
        if key in META_KEYS:
            continue
        if key not in TABLE_KEYS:
            raise ScenarioError(f"unknown key '{key}'{did_you_mean(key, [*META_KEYS, *TABLE_KEYS])}",
                                file=path, line=_find_line(text, None, key) or _header_line(text, key), field=key)
        if key in GROUPS:
            if not isinstance(value, dict):
                raise ScenarioError(f"'{key}' must be a table ([{key}])", file=path,
                                    line=_find_line(text, None, key), field=key)
            names = [s.name for s in PARAM_SPECS if s.group == key]
            for name in value:
                if name not in names:
                    raise ScenarioError(
                        f"unknown parameter '{key}.{name}'{did_you_mean(name, names)}; "
                        f"known in [{key}]: {', '.join(names)}",
                        file=path, line=_find_line(text, key, name), field=f"{key}.{name}")


def _header_line(text: str, section: str) -> int | None:
    for n, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*\[\[?\s*{re.escape(section)}\s*\]\]?", line):
            return n
    return None


def _coerce(spec: ParamSpec, value: Any, where: dict[str, Any]) -> Any:
    """Check type and range of one value; return it in canonical form."""
    allowed = f"allowed: {spec.range_text()}"
    value = _plain_number(value)
    if spec.kind == "path":
        if isinstance(value, bool) or not isinstance(value, (dict, int, float)):
            raise ScenarioError(f"must be a number or a table of year = value ({allowed})", **where)
        if not isinstance(value, dict):
            value = {0: value}  # constant path: one point, extended flat both ways
        if not value:
            raise ScenarioError(f"year path is empty; give at least one year = value ({allowed})", **where)
        out: dict[int, float] = {}
        for y, v in value.items():
            year = _year_key(y, where)
            out[year] = _check_number(spec, v, where, f" at {year}" if year else "")  # year 0: a single number
        return dict(sorted(out.items()))
    if spec.kind == "int":
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, float) and value.is_integer())):
            raise ScenarioError(f"must be a whole number, got {_short(value)} ({allowed})", **where)
        value = int(value)
    return _check_number(spec, value, where, "")


YEAR_TEXT = re.compile(r"[0-9]{4}")


def parse_year(text: str, what: str, field: str | None = None) -> int:
    """A year written as exactly four digits (``"2025"``); anything else (``"02025"``, ``"2_025"``, ``" 2025"``,
    ``"２０２５"``) raises ``ScenarioError`` naming ``what`` (for example ``"--set subsidy.rate@02025=0.1"``)."""
    if not isinstance(text, str) or not YEAR_TEXT.fullmatch(text):
        raise ScenarioError(f"{what}: {_short(text)} is not a year (write four digits, e.g. 2025)", field=field)
    return int(text)


def _year_key(y: Any, where: dict[str, Any]) -> int:
    """A year-path key: four digits as text (a file's keys), or an integer (Python; 0 marks a constant path)."""
    if isinstance(y, str):
        if not YEAR_TEXT.fullmatch(y):
            raise ScenarioError(f"year path key {_short(y)} is not a year (write four digits, e.g. 2025)", **where)
        return int(y)
    if isinstance(y, numbers.Integral) and not isinstance(y, bool):
        return int(y)
    raise ScenarioError(f"year path key {_short(y)} is not a year (write four digits, e.g. 2025)", **where)


def _plain_number(v: Any) -> Any:
    """A numpy (or other ``numbers``) integer or real as a Python int or float; anything else unchanged."""
    if isinstance(v, bool) or type(v) in (int, float):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return float(v)
    return v


def _check_number(spec: ParamSpec, v: Any, where: dict[str, Any], at: str) -> float | int:
    allowed = f"allowed: {spec.range_text()}"
    v = _plain_number(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(f"must be a number{at}, got {_short(v)} ({allowed})", **where)
    if not _finite(v):
        raise ScenarioError(f"value {_short(v)}{at} is out of range: not a finite number ({allowed})", **where)
    if v < spec.lo or v > spec.hi:
        raise ScenarioError(f"value {_short(v)}{at} is out of range ({allowed})", **where)
    return v if spec.kind == "int" else float(v)


def _finite(v: int | float) -> bool:
    """True for a finite float or an int that fits a float (TOML integers are unbounded here)."""
    try:
        return math.isfinite(v)
    except OverflowError:
        return False


def _short(v: Any, limit: int = 60) -> str:
    try:
        text = repr(v)
    except ValueError:  # an integer too long to print
        return "<a number too long to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _build(doc: dict[str, Any], path: Path, texts: dict[Path, str], files: list[Path] | None = None,
           sha256: str = "") -> Scenario:
    text = "\n".join(texts.values())
    _check_shape(doc, path, texts.get(path, text))

    def where(section: str | None, key: str, index: int = 0) -> dict[str, Any]:
        # report the file of the chain that states the field
        for f, t in reversed(list(texts.items())):
            line = _find_line(t, section, key, index)
            if line is not None:
                return {"file": f, "line": line, "field": f"{section}.{key}" if section else key}
        return {"file": path, "line": None, "field": f"{section}.{key}" if section else key}

    for key in ("name", "name_zh", "description", "description_zh", "region"):
        if key in doc and not isinstance(doc[key], str):
            raise ScenarioError(f"must be text in quotes, got {_short(doc[key])}", **where(None, key))
    if "schema_version" in doc and (isinstance(doc["schema_version"], bool) or doc["schema_version"] != 1):
        raise ScenarioError(f"schema_version {_short(doc['schema_version'])} is not supported (allowed: 1)",
                            **where(None, "schema_version"))
    if "name" not in doc:
        raise ScenarioError("missing 'name' (the scenario's English name)", file=path, field="name")

    params = default_params()
    for group in GROUPS:
        for name, value in doc.get(group, {}).items():
            spec = SPECS_BY_KEY[f"{group}.{name}"]
            params[spec.key] = _coerce(spec, value, where(group, name))

    _check_consistency(params, where)
    targets = _build_targets(doc.get("targets", []), params, where, path)
    raw_unc = doc.get("uncertainty", {})
    posterior = None
    if isinstance(raw_unc, dict) and "posterior" in raw_unc:
        raw_unc = dict(raw_unc)
        posterior = _build_posterior(raw_unc.pop("posterior"), where)
    if isinstance(raw_unc, dict) and "discrepancy" in raw_unc:
        raw_unc = dict(raw_unc)
        keep = raw_unc.pop("discrepancy")
        if not isinstance(keep, bool):
            raise ScenarioError(f"must be true or false (carry the posterior's model discrepancy into the forecast), "
                                f"got {_short(keep)}", **where("uncertainty", "discrepancy"))
        if not keep and posterior is not None:
            posterior = replace(posterior, discrepancy=None)
    uncertainty = _build_uncertainty(raw_unc, where, path)
    return Scenario(
        name=doc["name"], name_zh=doc.get("name_zh", doc["name"]), params=params, targets=targets,
        uncertainty=uncertainty, description=doc.get("description", ""),
        description_zh=doc.get("description_zh", ""), region=doc.get("region", ""), path=path,
        posterior=posterior, files=files or [], sha256=sha256,
    )


def _build_posterior(value: Any, where: Any) -> Posterior:
    """Read the posterior a scenario names (``[uncertainty] posterior = "file.csv"``)."""
    loc = where("uncertainty", "posterior")
    loc["field"] = "uncertainty.posterior"
    if not isinstance(value, _PosteriorRef):
        raise ScenarioError(f"must be the name of a posterior CSV file in quotes, relative to this file, got {_short(value)}",
                            **loc)
    if not value.text.lower().endswith(".csv") or "\x00" in value.text:
        raise ScenarioError(f"must name a .csv file (particles and weights), got {_short(value.text)}", **loc)
    return read_posterior(value.path, loc)


def _check_consistency(params: dict[str, Any], where: Any, late_points: bool = False) -> None:
    """Horizon, year paths inside it, budget shares, tax rates. ``late_points``: a year path may keep points
    after the end year (a run ended early, ``Scenario.ending``: they still shape the path before the end)."""
    base, end = params["run.base_year"], params["run.end_year"]
    last = SPECS_BY_KEY["run.end_year"].hi if late_points else end
    if end < base + 1:
        raise ScenarioError(f"end_year {end} must be after base_year {base}", **where("run", "end_year"))
    for spec in PARAM_SPECS:
        if spec.kind != "path":
            continue
        path = params[spec.key]
        if set(path) == {0}:
            continue
        for year in path:
            held = year == base - 1 and year == min(path) and len(path) > 1  # a value held until a path starts
            if not (base <= year <= last or held):
                group, name = spec.key.split(".")
                raise ScenarioError(f"year {year} is outside the horizon (allowed: {base} to {end})",
                                    **where(group, name))
    for year in range(base, end + 1):
        total = sum(path_value(params[k], year) for k in CHANNEL_KEYS)
        if total > 100.0 + 1e-9:
            at = "" if all(set(params[k]) == {0} for k in CHANNEL_KEYS) else f" in {year}"
            raise ScenarioError(
                f"budget channel shares add up to {total:g}%{at}; subsidy, award, university, platform and "
                "talent shares together must be at most 100% (the rest funds other S&T programmes)",
                **where("budget", "subsidy_share"))
    if params["tax.cit_hnte"] > params["tax.cit_standard"]:
        raise ScenarioError("cit_hnte must not exceed cit_standard", **where("tax", "cit_hnte"))


def _build_targets(raw: Any, params: dict[str, Any], where: Any, path: Path) -> list[Target]:
    if not isinstance(raw, list):
        raise ScenarioError("'targets' must be an array of tables ([[targets]])", **where(None, "targets"))
    out: list[Target] = []
    base, end = params["run.base_year"], params["run.end_year"]
    for i, t in enumerate(raw):
        def w(key: str, i: int = i) -> dict[str, Any]:
            loc = where("targets", key, i)
            loc["field"] = f"targets[{i}].{key}"
            return loc
        if not isinstance(t, dict):
            raise ScenarioError("each target must be a table", file=path, field=f"targets[{i}]")
        for key in t:
            if key not in TARGET_KEYS:
                raise ScenarioError(f"unknown target key '{key}'{did_you_mean(key, TARGET_KEYS)}", **w(key))
        for key in ("indicator", "year", "value"):
            if key not in t:
                raise ScenarioError(f"target is missing '{key}'", file=path, field=f"targets[{i}].{key}")
        ind = t["indicator"]
        if ind not in ALL_INDICATOR_NAMES:
            raise ScenarioError(f"unknown indicator {_short(ind)}{did_you_mean(ind if isinstance(ind, str) else '', ALL_INDICATOR_NAMES)} "
                                f"(allowed: {', '.join(ALL_INDICATOR_NAMES)})", **w("indicator"))
        year = t["year"]
        if isinstance(year, bool) or not isinstance(year, int) or not base <= year <= end:
            raise ScenarioError(f"target year {_short(year)} is outside the horizon (allowed: {base} to {end})",
                                **w("year"))
        value = t["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            raise ScenarioError(f"target value must be a finite number, got {_short(value)}", **w("value"))
        direction = t.get("direction", "at_least")
        if direction not in DIRECTIONS:
            raise ScenarioError(f"direction {_short(direction)} is not allowed (allowed: at_least, at_most)",
                                **w("direction"))
        interp = t.get("interpretation", False)
        if not isinstance(interp, bool):
            raise ScenarioError("interpretation must be true or false", **w("interpretation"))
        source = t.get("source", "")
        if not isinstance(source, str):
            raise ScenarioError("source must be text in quotes", **w("source"))
        out.append(Target(ind, year, float(value), direction, source, interp))
    return out


def _build_uncertainty(raw: Any, where: Any, path: Path) -> dict[str, tuple[float, float]]:
    if not isinstance(raw, dict):
        raise ScenarioError("'uncertainty' must be a table of \"key.path\" = [low, high]", **where(None, "uncertainty"))
    out: dict[str, tuple[float, float]] = {}
    flat: dict[str, Any] = {}
    for k, v in raw.items():  # accept both "a.b" = [...] and [uncertainty.a] b = [...]
        for key, rng in ({f"{k}.{kk}": vv for kk, vv in v.items()} if isinstance(v, dict) else {k: v}).items():
            if key in flat:
                group, name = key.rsplit(".", 1) if "." in key else ("", key)
                loc = where("uncertainty", key)
                raise ScenarioError(f"'{key}' has two ranges, written as \"{key}\" = [...] and as "
                                    f"[uncertainty.{group}] {name} = [...]; keep one",
                                    **{**loc, "field": f"uncertainty.{key}"})
            flat[key] = rng
    for key, rng in flat.items():
        loc = where("uncertainty", key)  # "a.b" = [...] as written at the top of [uncertainty]
        if loc["line"] is None:
            loc = where("uncertainty", key.split(".")[-1])  # [uncertainty.a] b = [...]
        loc["field"] = f"uncertainty.{key}"
        out[key] = _check_range(key, rng, loc)
    return out


def _check_range(key: str, rng: Any, loc: dict[str, Any]) -> tuple[float, float]:
    """One uncertainty range ``[low, high]`` (a list, or a tuple in Python) of an uncertain parameter."""
    if key not in UNCERTAIN_KEYS:
        raise ScenarioError(f"'{key}' cannot be uncertain{did_you_mean(key, UNCERTAIN_KEYS)} "
                            "(allowed: float parameters outside [run] and [observed])", **loc)
    spec = SPECS_BY_KEY[key]
    if isinstance(rng, (list, tuple)):
        rng = [_plain_number(x) for x in rng]
    ok = (isinstance(rng, list) and len(rng) == 2
          and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in rng))
    if not ok or not (spec.lo <= rng[0] <= rng[1] <= spec.hi):  # NaN fails every comparison
        raise ScenarioError(f"must be [low, high] with low <= high inside the allowed range "
                            f"({spec.range_text()}), got {_short(rng)}", **loc)
    return (float(rng[0]), float(rng[1]))


# --------------------------------------------------------------------------- overrides

def parse_override(text: str) -> tuple[str, int | None, Any]:
    """Split ``key.path=value`` or ``key.path@YEAR=value``; the value is read as TOML. The year is four digits."""
    if "=" not in text:
        raise ScenarioError(f"--set {text!r}: expected key.path=value", field=text)
    key, _, raw = text.partition("=")
    key = key.strip()
    year: int | None = None
    if "@" in key:
        key, _, y = key.partition("@")
        key = key.strip()
        year = parse_year(y.strip(), f"--set {text!r}", field=key)
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key, year, value


def apply_overrides(scenario: Scenario, overrides: list[str]) -> Scenario:
    """Return a copy of ``scenario`` with ``--set`` overrides applied and validated."""
    return _apply_changes(scenario, [parse_override(text) for text in overrides], "--set")


def identifier(label: str) -> str:
    """The Python-identifier alias of a parameter or outcome label, for tools that need identifiers (EMA
    Workbench): ``budget.fiscal_st_ratio`` -> ``budget_fiscal_st_ratio``; ``subsidy.rate@2025`` ->
    ``subsidy_rate_2025``; ``rd_intensity@2025`` -> ``rd_intensity_2025``; ``fiscal_cost@2021:2025`` ->
    ``fiscal_cost_2021_2025``."""
    return label.replace(".", "_").replace("@", "_").replace(":", "_")


PARAM_ALIASES: dict[str, str] = {identifier(s.key): s.key for s in PARAM_SPECS}
assert len(PARAM_ALIASES) == len(PARAM_SPECS), "two parameters share an identifier alias"
_ALIAS_POINT = re.compile(r"(?P<alias>[a-z0-9_]+?)_(?P<year>[0-9]{4})")


def resolve_key(name: str) -> tuple[str, int | None]:
    """``(key, year)`` of a parameter name: ``key``, ``key@YEAR`` or their identifier aliases (``identifier``).
    Raises ``ScenarioError`` for an unknown name (with the closest known one)."""
    if not isinstance(name, str):
        raise ScenarioError(f"a parameter name must be text, got {_short(name)}")
    text = name.strip()
    if "@" in text:
        key, _, y = text.partition("@")
        key = key.strip()
        return PARAM_ALIASES.get(key, key), parse_year(y.strip(), f"parameter {name!r}", field=key)
    if text in SPECS_BY_KEY:
        return text, None
    if text in PARAM_ALIASES:
        return PARAM_ALIASES[text], None
    m = _ALIAS_POINT.fullmatch(text)
    if m and m.group("alias") in PARAM_ALIASES:
        return PARAM_ALIASES[m.group("alias")], int(m.group("year"))
    known = [*SPECS_BY_KEY, *PARAM_ALIASES]
    raise ScenarioError(f"unknown parameter '{text}'{did_you_mean(text, known)}", field=text)


def _hold_path(spec: ParamSpec, path: dict[int, float], hold: Hold, params: dict[str, Any],
               loc: dict[str, Any], who: str) -> dict[int, float]:
    """``path`` unchanged up to ``hold.from_year - 1``, then ``hold.value`` from ``hold.from_year`` on."""
    year = _plain_number(hold.from_year)
    base, end = int(params["run.base_year"]), int(params["run.end_year"])
    if isinstance(year, bool) or not isinstance(year, int):
        raise ScenarioError(f"{who}: Hold from_year must be a whole year, got {_short(hold.from_year)}", **loc)
    if not base <= year <= end:
        raise ScenarioError(f"{who}: Hold from_year {year} is outside the horizon (allowed: {base} to {end})", **loc)
    value = _check_number(spec, hold.value, loc, f" from {year}")
    if year == base:
        return {0: value}  # the whole horizon
    before = {y: v for y, v in path.items() if y != 0 and y < year - 1}
    return {**before, year - 1: path_value(path, year - 1), year: value}


def _apply_changes(scenario: Scenario, changes: list[tuple[str, int | None, Any]], who: str) -> Scenario:
    """``scenario`` with each ``(key, year or None, value)`` set, validated as a whole; ``who`` starts messages."""
    params = dict(scenario.params)
    changed: set[str] = set()
    for key, year, value in changes:
        spec = SPECS_BY_KEY.get(key)
        if spec is None:
            raise ScenarioError(f"{who}: unknown parameter '{key}'{did_you_mean(key, list(SPECS_BY_KEY))}",
                                field=key)
        loc = {"file": None, "line": None, "field": key if year is None else f"{key}@{year}"}
        if isinstance(value, Hold):
            if spec.kind != "path" or year is not None:
                raise ScenarioError(f"{who}: Hold(...) sets a year path from a year on; '{key}' "
                                    + ("is not a year path (give a number)" if spec.kind != "path" else f"takes no '@{year}'"),
                                    **loc)
            params[key] = _hold_path(spec, params[key], value, params, loc, who)
        elif year is not None:
            if spec.kind != "path":
                raise ScenarioError(f"{who}: '{key}' is not a year path; drop '@{year}'", field=key)
            # a single value (a constant path) holds until the year before the new point
            path = dict(params[key]) if set(params[key]) != {0} else {year - 1: params[key][0]}
            path[year] = _check_number(spec, value, loc, f" at {year}")
            params[key] = dict(sorted(path.items()))
        else:
            params[key] = _coerce(spec, value, loc)
        changed.add(key)

    def where(section: str | None, key: str, index: int = 0) -> dict[str, Any]:
        return {"file": None, "line": None, "field": f"{section}.{key}" if section else key}

    _check_consistency(params, where)  # as strict as a file (no year outside the horizon)
    for t in scenario.targets:
        if not params["run.base_year"] <= t.year <= params["run.end_year"]:
            raise ScenarioError(f"target year {t.year} is outside the horizon after {who}", field="targets")
    # an explicit value wins over a range: a set uncertain parameter is "drawn" from [v, v],
    # which keeps the other parameters' draws (one shared stream) exactly as without the change
    uncertainty = {k: ((float(params[k]),) * 2 if k in changed else v) for k, v in scenario.uncertainty.items()}
    # likewise a posterior's particles no longer set a parameter that was set
    posterior = scenario.posterior.without(changed) if scenario.posterior is not None else None
    return dataclasses.replace(scenario, params=params, uncertainty=uncertainty, posterior=posterior)


def validate_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """A complete parameter set checked as the loader checks a file (known keys, types, ranges, year keys,
    horizon, budget shares), except that ``run.end_year`` may come before 2035 (``Scenario.ending``); returns it
    in canonical form or raises ``ScenarioError`` naming the field."""
    if not isinstance(params, Mapping):
        raise ScenarioError(f"params must be a mapping of parameter key to value, got {_short(params)}")
    missing = [k for k in SPECS_BY_KEY if k not in params]
    if missing:
        raise ScenarioError(f"missing parameters: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''} "
                            "(start from a loaded scenario and use with_values)", field=missing[0])
    out: dict[str, Any] = {}
    for key, value in params.items():
        spec = SPECS_BY_KEY.get(key)
        if spec is None:
            raise ScenarioError(f"unknown parameter '{key}'{did_you_mean(str(key), list(SPECS_BY_KEY))}", field=str(key))
        if key == "run.end_year":  # a run may end early (Scenario.ending); after the base year, checked below
            spec = dataclasses.replace(spec, lo=SPECS_BY_KEY["run.base_year"].lo + 1)
        out[key] = _coerce(spec, value, {"file": None, "line": None, "field": key})

    def where(section: str | None, key: str, index: int = 0) -> dict[str, Any]:
        return {"file": None, "line": None, "field": f"{section}.{key}" if section else key}

    _check_consistency(out, where, late_points=True)
    return out


def forecast_start(params: dict[str, Any]) -> int:
    """First year the scenario forecasts: ``run.forecast_from``, or the year after the base year when it is 0.
    Earlier years replay observed inputs; cumulative fiscal costs count from this year."""
    start = int(params.get("run.forecast_from", 0))
    return start if start > 0 else int(params["run.base_year"]) + 1


def path_value(path: dict[int, float], year: int) -> float:
    """Value of a year path at ``year``: linear between points, flat beyond the ends."""
    years = list(path)
    if year <= years[0]:
        return path[years[0]]
    if year >= years[-1]:
        return path[years[-1]]
    for y0, y1 in itertools.pairwise(years):
        if y0 <= year <= y1:
            w = (year - y0) / (y1 - y0)
            return path[y0] + w * (path[y1] - path[y0])
    raise AssertionError("unreachable")
