"""Autosave copies of unsaved edits: naming and claiming them, the session lock that tells other windows this
one still runs, and finding the copies a crash left behind. No Qt: file locks come from a ``Locks`` object
(``desktop.locks.QtLocks`` in the app), folders from callables (the user folders of ``desktop.settings``).

A copy belongs to one document: the file's resolved path (two ``baseline.toml`` in different folders are two
documents), or a token of an untitled document. Its name is ``<stem>.autosave.toml`` when that name is free,
else ``<stem>-<hash of the resolved path>.autosave.toml``. A window claims a name by creating its ``.json``
exclusively, so two windows never share a copy and a copy left by a crash is never overwritten: it waits for
recovery.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from desktop.models.document import ScenarioDocument
from sim.errors import InnovsimError
from sim.runs.outputs import atomic_write, stale_temp_files, temp_target_name

AUTOSAVE_SUFFIX = ".autosave.toml"  # next to each copy: <name>.autosave.json with the file it belongs to


class Locks(Protocol):
    """Inter-process lock files (a stale lock, whose process is gone, can be taken over)."""

    def acquire(self, path: Path) -> Any | None:
        """Hold the lock ``path`` (returned, to ``release`` later), or None when it cannot be taken."""

    def release(self, lock: Any) -> None:
        """Release a lock returned by ``acquire``."""

    def held_elsewhere(self, path: Path) -> bool:
        """True when a running process holds ``path``; a stale lock is taken over and removed on the way."""


def resolved_key(path: Path) -> str:
    """The file's full resolved path: what an autosave copy belongs to."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def read_autosave_meta(copy: Path) -> dict[str, object]:
    """The ``.json`` next to an autosave copy: ``original`` (the file as opened, None when untitled), and
    from this version on ``key`` and ``session``; empty when missing or unreadable."""
    with contextlib.suppress(OSError, ValueError):
        meta = json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))
        if isinstance(meta, dict):
            return meta
    return {}


def discard_copy(copy: Path) -> None:
    """Remove an autosave copy and its ``.json``."""
    copy.unlink(missing_ok=True)
    copy.with_suffix(".json").unlink(missing_ok=True)


class AutosaveStore:
    """The autosave copies of one window (one session)."""

    def __init__(self, folder: Callable[[], Path], sessions: Callable[[], Path], locks: Locks) -> None:
        self.folder = folder  # where copies go (asked each time: the user folder can be redirected)
        self.sessions = sessions  # where session locks go
        self.locks = locks
        # copies this window claimed, with the document each belongs to (removed on save and clean close)
        self.claimed: dict[Path, str] = {}
        self._untitled_key: tuple[ScenarioDocument | None, str] = (None, "")
        self.session = uuid.uuid4().hex  # written next to each copy; its lock tells other windows we are running
        self._session_lock: Any | None = None

    # ------------------------------------------------------------------ naming and claiming
    def _key(self, doc: ScenarioDocument | None) -> str:
        if doc is not None and doc.path is not None:
            return resolved_key(doc.path)
        if self._untitled_key[0] is not doc:
            self._untitled_key = (doc, f"untitled:{uuid.uuid4().hex}")
        return self._untitled_key[1]

    def _names(self, doc: ScenarioDocument | None, key: str) -> list[Path]:
        stem = doc.path.stem if doc is not None and doc.path is not None else "untitled"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        folder = self.folder()
        return [folder / f"{stem}{AUTOSAVE_SUFFIX}", folder / f"{stem}-{digest}{AUTOSAVE_SUFFIX}",
                *(folder / f"{stem}-{digest}-{n}{AUTOSAVE_SUFFIX}" for n in range(2, 100))]

    def _meta(self, doc: ScenarioDocument | None, key: str) -> str:
        original = str(doc.path) if doc is not None and doc.path is not None else None
        return json.dumps({"original": original, "key": key, "session": self.session})

    def _claim(self, doc: ScenarioDocument | None, key: str) -> Path:
        for target in self._names(doc, key):
            owner = self.claimed.get(target)
            if owner is not None:
                if owner == key:
                    return target
                continue
            if target.exists():
                continue  # a copy whose .json is gone: not ours to overwrite
            try:
                fd = os.open(target.with_suffix(".json"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self._meta(doc, key))
            self.claimed[target] = key
            return target
        raise OSError("no free autosave name")

    # ------------------------------------------------------------------ sessions
    def _hold_session(self) -> None:
        """Lock ``sessions/<session>.lock`` while this window has copies (released on save and close)."""
        if self._session_lock is None:
            self._session_lock = self.locks.acquire(self.sessions() / f"{self.session}.lock")

    def session_running(self, session: object) -> bool:
        """True when the window that wrote a copy still runs (its session lock is held)."""
        if not isinstance(session, str) or not re.fullmatch(r"[0-9a-f]{32}", session):
            return False  # copies from earlier versions carry no session
        if session == self.session:
            return True
        path = self.sessions() / f"{session}.lock"
        if not path.exists():
            return False
        return self.locks.held_elsewhere(path)

    def _drop(self, keep: str | None = None) -> None:
        """Remove this window's copies except those of ``keep``."""
        for target, owner in list(self.claimed.items()):
            if owner != keep:
                discard_copy(target)
                del self.claimed[target]
        if not self.claimed and self._session_lock is not None:
            self.locks.release(self._session_lock)
            self._session_lock = None

    # ------------------------------------------------------------------ what the window calls
    def save(self, doc: ScenarioDocument | None) -> Path | None:
        """Write a self-contained copy of ``doc``'s unsaved edits (recoverable after a crash); remove copies of
        edits that were saved or given up. Written atomically (temporary file, then rename), so a kill at any
        moment leaves the previous copy or the new one, never half of one."""
        dirty = doc is not None and doc.dirty
        key = self._key(doc) if dirty else None
        with contextlib.suppress(OSError):
            self._drop(keep=key)
        if not dirty or key is None:
            return None
        try:
            import tomlkit

            assert doc is not None
            text = tomlkit.dumps(doc.flattened())
            self._hold_session()
            target = self._claim(doc, key)
            meta = self._meta(doc, key)
            atomic_write(target.with_suffix(".json"), lambda fh: fh.write(meta))
            atomic_write(target, lambda fh: fh.write(text))
            return target
        except (OSError, InnovsimError):
            return None

    def clear(self) -> None:
        """Remove this window's copies (after a save or a clean close); other files' copies stay."""
        with contextlib.suppress(OSError):
            self._drop()

    def recoverable_copies(self) -> list[Path]:
        """Autosave copies left by windows that are gone (a crash), newest first.

        Copies of windows still running (another innovsim) are left alone. Copies from earlier versions
        (``<stem>.autosave.toml`` with only ``original`` in the .json) are offered like the others."""
        folder = self.folder()
        for lock_file in self.sessions().glob("*.lock"):
            self.session_running(lock_file.stem)  # the lock of a window that is gone is removed on the way
        for tmp in stale_temp_files(folder):  # half-written copies of windows killed while writing
            target = tmp.parent / str(temp_target_name(tmp.name))
            copy = target.with_suffix(".toml") if target.suffix == ".json" else target
            if copy not in self.claimed and not self.session_running(read_autosave_meta(copy).get("session")):
                tmp.unlink(missing_ok=True)
        out: list[tuple[float, Path]] = []
        for meta_file in folder.glob("*.autosave.json"):
            copy = meta_file.with_suffix(".toml")
            if copy in self.claimed or self.session_running(read_autosave_meta(copy).get("session")):
                continue
            if not copy.exists():  # a name claimed by a window that then crashed: free it
                meta_file.unlink(missing_ok=True)
        for copy in folder.glob(f"*{AUTOSAVE_SUFFIX}"):
            if copy in self.claimed or self.session_running(read_autosave_meta(copy).get("session")):
                continue
            with contextlib.suppress(OSError):
                out.append((copy.stat().st_mtime, copy))
        return [c for _, c in sorted(out, key=lambda t: t[0], reverse=True)]
