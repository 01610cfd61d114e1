"""Reading input files safely: regular files only, with a size cap enforced while reading.

Every file innovsim reads on a user's word (scenario files, posteriors, observations, result folders
for ``report``) goes through ``read_capped``: a FIFO, a device (``/dev/zero``), a socket or a folder is
refused at once instead of hanging or reading without end, and a file that grows past the cap while it is
read is refused when it passes the cap (never read to the end first).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sim.errors import InnovsimError

CHUNK = 1 << 16


class UnreadableFile(InnovsimError):
    """An input file that is missing, not a regular file, too large or unreadable; ``reason`` says which."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: str | Path, cap: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``cap`` bytes.

    The file is opened without blocking (a FIFO with no writer does not hang), checked to be a regular
    file on the open handle (no race with a rename), and read in chunks that stop at ``cap + 1`` bytes.
    Raises ``UnreadableFile`` naming the file and the reason (``what`` names the kind of file in the
    message, e.g. "scenario files").
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UnreadableFile(path, "file not found") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "is a directory, not a file") from None
    except ValueError as e:  # a NUL character in the name
        raise UnreadableFile(path, f"not a usable file name: {e}") from e
    except OSError as e:
        try:  # a socket cannot be opened at all: say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, f"is {_kind(mode)}; only regular files are read") from None
        raise UnreadableFile(path, f"cannot read the file: {e.strerror or e}") from e
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, f"is {_kind(mode)}; only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(CHUNK, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise UnreadableFile(path, f"file is larger than {cap} bytes; {what} are at most {cap} bytes")
        return b"".join(chunks)
    except OSError as e:
        raise UnreadableFile(path, f"cannot read the file: {e.strerror or e}") from e
    finally:
        os.close(fd)
