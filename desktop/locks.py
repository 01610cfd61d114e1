"""Inter-process lock files with Qt's ``QLockFile`` (the ``Locks`` the autosave store uses in the app)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


class QtLocks:
    """``desktop.models.autosave.Locks`` on ``QLockFile``: a lock whose process is gone is stale at once."""

    def acquire(self, path: Path) -> QLockFile | None:
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)
        return lock if lock.tryLock(0) else None

    def release(self, lock: QLockFile) -> None:
        lock.unlock()

    def held_elsewhere(self, path: Path) -> bool:
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):  # its process is gone: the stale lock is taken over, then removed
            lock.unlock()
            return False
        return lock.error() == QLockFile.LockError.LockFailedError
