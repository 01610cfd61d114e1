"""Writing results: every file is written to a temporary name in the same
folder and renamed into place, so a killed run never leaves a half-written
file and earlier results stay intact."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd

from sim.errors import OutputError
from sim.runs.runner import RunResult
from sim.scenario.loader import Scenario
from sim.version import versions

RESULT_FILES = ("indicators.csv", "summary.csv", "targets.csv", "draws.csv", "manifest.json")


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second, as manifests record it."""
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def atomic_write(path: Path, write: Callable[[IO[Any]], None], binary: bool = False) -> None:
    """Write ``path`` through ``write(handle)`` atomically (temp file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _set_mode(Path(tmp), path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _umask() -> int:
    """The process's umask (read from /proc on Linux, so no other thread sees it changed)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the temp file the mode the file would have had if written directly: the replaced file's mode,
    or 0666 less the umask for a new file (``mkstemp`` makes it 0600)."""
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass  # a file system without modes (e.g. FAT): the file is still written


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda fh: frame.to_csv(fh, index=False, lineterminator="\n"))


def write_json(data: Any, path: Path) -> None:
    atomic_write(path, lambda fh: json.dump(data, fh, ensure_ascii=False, indent=2, default=str))


TEMP_RE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # what ``atomic_write`` leaves when killed before the rename


def temp_target_name(name: str) -> str | None:
    """The file a temporary file of ``atomic_write`` (``.<name>.<8 chars>.tmp``) stands in for; None for any other name."""
    return name[1:].rsplit(".", 2)[0] if TEMP_RE.match(name) else None


def stale_temp_files(out: Path) -> list[Path]:
    """Temporary files left in ``out`` by a killed run (``.<name>.<8 chars>.tmp``)."""
    try:
        return sorted(p for p in Path(out).iterdir() if TEMP_RE.match(p.name) and p.is_file())
    except OSError:
        return []


def clean_stale_temp_files(out: Path) -> list[Path]:
    """Remove temporary files a killed run left in ``out`` (only those, only there)."""
    removed = []
    for p in stale_temp_files(out):
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def prepare_out_dir(out: Path, force: bool) -> None:
    """Refuse an existing, non-empty output folder unless ``force``; never delete anything
    but temporary files a killed run left behind in it."""
    out = Path(out)
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"Cannot write {out}: it exists and is not a folder")
        if out.is_dir():
            clean_stale_temp_files(out)
            if any(out.iterdir()) and not force:
                raise OutputError(f"Output folder {out} exists and is not empty; use --force to overwrite its result files")
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"Cannot write {out}: {e.strerror or e}") from e


def _os_error_text(e: OSError) -> str:
    """The file an OS error is about and why, with a hint where the usual cause is known. ``os.replace``
    reports the temporary file first and the result file second: the result file is named."""
    target = e.filename2 or e.filename
    name = Path(str(target)).name if target else ""
    name = temp_target_name(name) or name  # a temporary file of atomic_write: name the result file
    text = f"{name}: {e.strerror or e}" if name else str(e.strerror or e)
    if isinstance(e, PermissionError):
        text += " (is the file open in another program, such as Excel? Close it and run again)"
    return text


def scenario_entry(scenario: Scenario, sid: str | None = None) -> dict[str, Any]:
    """A scenario as manifests record it: its id (in a batch), files and resolved parameters."""
    head: dict[str, Any] = {} if sid is None else {"id": sid}
    return {**head, "files": [str(f) for f in scenario.files], **scenario.to_dict()}


def build_manifest(meta: dict[str, Any], started: str, ended: str, scenario: Scenario | None = None,
                   **fields: Any) -> dict[str, Any]:
    """The one shape of every manifest (``innovsim run`` and the studies): versions, what the run or study
    says of itself (``meta``), start and end times, its own ``fields``, then the scenario it started from."""
    out = {**versions(), **meta, "started": started, "ended": ended, **fields}
    if scenario is not None:
        out["scenario"] = scenario_entry(scenario)
    return out


def manifest(result: RunResult, started: str, ended: str, workers: int) -> dict[str, Any]:
    """What was run: versions, each scenario's files, hash and resolved parameters, seeds, times."""
    return build_manifest(
        {}, started, ended,
        workers=workers,
        replicates=len(result.seeds),
        base_seed=result.base_seed,
        seeds=[str(s) for s in result.seeds],
        warnings=list(result.meta.get("warnings", [])),
        scenarios=[scenario_entry(sc, sid) for sid, sc in zip(result.ids, result.scenarios, strict=True)],
    )


def write_results(result: RunResult, out: Path, started: str, ended: str, workers: int) -> list[Path]:
    """Write the result files into ``out`` (already prepared); return their paths."""
    out = Path(out)
    written = []
    try:
        # an old manifest would vouch for a mix of old and new files if this run were killed part-way
        (out / "manifest.json").unlink(missing_ok=True)
        for name, frame in (("indicators.csv", result.indicators), ("summary.csv", result.summary),
                            ("targets.csv", result.targets), ("draws.csv", result.draws)):
            write_csv(frame, out / name)
            written.append(out / name)
        # the manifest goes last: its presence says the run is complete
        write_json(manifest(result, started, ended, workers), out / "manifest.json")
    except OSError as e:  # disk full, permissions: earlier files stay as they were
        raise OutputError(f"Cannot write results to {out}: {_os_error_text(e)}") from e
    written.append(out / "manifest.json")
    return written
