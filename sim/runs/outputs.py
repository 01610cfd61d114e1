"""Writing results: every file is written to a temporary name in the same
folder and renamed into place, so a killed run never leaves a half-written
file and earlier results stay intact.

One process owns an output folder while it writes (``prepare_out_dir`` takes an exclusive lock,
``.innovsim.lock`` in the folder, released when the process ends, however it ends); a second writer is
refused with a message naming the holder. The manifest is removed first and written last
(``write_result_files``), so a killed ``--force`` never leaves a manifest vouching for a mix of two runs.
Only files this process created are ever removed. Result files follow the user's umask.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from sim.errors import InnovsimError, OutputError, one_line
from sim.runs.runner import RunResult
from sim.safe_io import read_capped
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


LOCK_NAME = ".innovsim.lock"  # in an output folder while a process writes there


@dataclass
class FolderLock:
    """An exclusive hold on an output folder (``prepare_out_dir``); ``created`` lists the folders made for it."""

    folder: Path
    fd: int
    created: list[Path] = field(default_factory=list)


_HELD: dict[Path, FolderLock] = {}  # this process's output folders


def _key(folder: Path) -> Path:
    return Path(os.path.realpath(folder))


def _holder(lock: Path) -> str:
    """What the lock file says of its holder (a FIFO or a giant planted there is not read)."""
    try:
        text = read_capped(lock, 4096, "lock files").decode("utf-8", "replace")[:200]
    except InnovsimError:
        text = ""
    return one_line(text.strip()) or "another process"


def _try_lock(fd: int, shared: bool = False) -> bool:
    """Lock the open file ``fd`` without waiting (``flock`` on POSIX, ``msvcrt.locking`` on Windows); False if
    another process holds it. The OS releases the lock when the holder ends, however it ends."""
    try:
        import fcntl
    except ImportError:
        try:
            import msvcrt
        except ImportError:
            return True  # no OS locking here
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _in_use(folder: Path) -> OutputError:
    return OutputError(f"Output folder {folder} is in use by {_holder(folder / LOCK_NAME)}; wait for it to "
                       "finish or choose another --out")


def lock_out_dir(folder: Path) -> FolderLock:
    """Hold ``folder`` (it exists) for this process; ``OutputError`` naming the holder if another process has it.
    Held until ``release_out_dir`` or the end of the process (the OS drops the lock of a killed process)."""
    folder = Path(folder)
    held = _HELD.get(_key(folder))
    if held is not None:
        return held
    path = folder / LOCK_NAME
    flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NONBLOCK", 0))
    while True:
        fd = os.open(path, flags, 0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(f"Cannot write {folder}: {LOCK_NAME} in it is not a regular file")
        if not _try_lock(fd):
            os.close(fd)
            raise _in_use(folder)
        try:  # a holder that was releasing may have removed the file we locked: lock the one at the path
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except OSError:
            same = False
        if same or sys.platform == "win32":
            break
        os.close(fd)
    from sim.version import __version__

    info = f"innovsim {__version__} process {os.getpid()} ({' '.join(sys.argv[:2])[:80]}) since {utc_now()}\n"
    if sys.platform != "win32":
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode("utf-8", "replace"), 0)
    lock = FolderLock(folder, fd)
    _HELD[_key(folder)] = lock
    return lock


def release_out_dir(folder: Path) -> None:
    """Give up this process's hold on ``folder`` (the lock file goes); folders made for it are removed if they
    are still empty (a run refused or failed before writing leaves nothing behind)."""
    lock = _HELD.pop(_key(folder), None)
    if lock is None:
        return
    # POSIX: removed while still locked, so no one else holds this file; Windows: an open file cannot be removed
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            (lock.folder / LOCK_NAME).unlink(missing_ok=True)
    os.close(lock.fd)
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            (lock.folder / LOCK_NAME).unlink(missing_ok=True)
    for d in reversed(lock.created):
        try:
            d.rmdir()  # only if empty
        except OSError:
            break


@atexit.register
def release_all() -> None:
    """Release every output folder this process holds (the CLI calls this when a command ends)."""
    for key in list(_HELD):
        release_out_dir(key)


def folder_in_use(folder: Path) -> bool:
    """True when another process is writing into ``folder`` (holds its lock); reading it now could mix files."""
    folder = Path(folder)
    if _key(folder) in _HELD:
        return False
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return not _try_lock(fd, shared=True)
    finally:
        os.close(fd)


def check_not_in_use(folder: Path) -> None:
    """``OutputError`` if another process is writing into ``folder``."""
    if folder_in_use(folder):
        raise _in_use(Path(folder))


def prepare_out_dir(out: Path, force: bool) -> FolderLock:
    """Make ``out`` if needed and hold it for this process (``lock_out_dir``); refuse a folder another process
    holds, and an existing, non-empty one unless ``force``. Nothing in it is deleted, ever. The hold lasts until
    ``release_out_dir(out)`` (the CLI releases when a command ends) or the end of the process."""
    out = Path(out)
    try:
        if out.exists() and not out.is_dir():
            raise OutputError(f"Cannot write {out}: it exists and is not a folder")
        missing = [p for p in (out, *out.parents) if not p.exists()][::-1]  # outermost first
        out.mkdir(parents=True, exist_ok=True)
        held_before = _key(out) in _HELD
        lock = lock_out_dir(out)
        if not lock.created:
            lock.created = missing
        if not force and any(p.name != LOCK_NAME for p in out.iterdir()):
            if not held_before:
                release_out_dir(out)
            raise OutputError(f"Output folder {out} exists and is not empty; use --force to overwrite its result files")
    except OSError as e:
        raise OutputError(f"Cannot write {out}: {e.strerror or e}") from e
    return lock


def write_result_files(out: Path, files: Sequence[tuple[str, Callable[[Path], None]]], manifest_name: str,
                       manifest: Callable[[], Any]) -> list[Path]:
    """Write a set of result files into ``out`` (prepared): the old manifest is removed first, then each file is
    written atomically by ``write(path)``, and the manifest (``manifest()``, JSON) goes last, so its presence says
    the set is complete and of one run. OS errors (disk full, permissions) become one ``OutputError``."""
    out = Path(out)
    written = []
    try:
        (out / manifest_name).unlink(missing_ok=True)
        for name, write in files:
            write(out / name)
            written.append(out / name)
        write_json(manifest(), out / manifest_name)
    except OSError as e:  # earlier files stay as they were
        raise OutputError(f"Cannot write results to {out}: {_os_error_text(e)}") from e
    return [*written, out / manifest_name]


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
    tables = (("indicators.csv", result.indicators), ("summary.csv", result.summary),
              ("targets.csv", result.targets), ("draws.csv", result.draws))
    return write_result_files(out, [(name, functools.partial(_write_frame, frame)) for name, frame in tables],
                              "manifest.json", lambda: manifest(result, started, ended, workers))


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    write_csv(frame, path)  # looked up at call time (tests replace write_csv to simulate a full disk)
