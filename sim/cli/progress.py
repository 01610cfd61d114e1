"""The progress bar every ``innovsim`` subcommand shows on stderr."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress bar on stderr with elapsed and remaining time."""

    def __init__(self, label: str, enabled: bool = True) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr is not None
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        remaining = elapsed / done * (total - done) if done else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total} runs, {elapsed:.1f}s elapsed, "
                         f"{remaining:.1f}s left{end}")
        sys.stderr.flush()
