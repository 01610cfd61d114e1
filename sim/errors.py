"""Domain errors. Expected failures carry file, line and field so every front
end (CLI, desktop) can show one clear message without a traceback."""

from __future__ import annotations

from pathlib import Path


class InnovsimError(Exception):
    """Base of every error innovsim expects and reports to the user."""


class ScenarioError(InnovsimError):
    """A scenario file (or an override) is invalid.

    Attributes:
        file: the file at fault, or None for overrides and in-memory data.
        line: 1-based line number where known.
        field: dotted key of the offending field, where known.
        reason: what is wrong and what is allowed.
    """

    def __init__(self, reason: str, *, file: Path | str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = str(self.file) if self.file is not None else "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        field = f" field '{self.field}':" if self.field else ""
        # one line, always: keys and values from a file may hold newlines or control characters
        return one_line(f"{where}:{field} {self.reason}")


def one_line(text: str) -> str:
    """``text`` safe to print as one line on a terminal: newlines, escape sequences and other control
    characters are shown escaped (``\\n``, ``\\x1b``), never acted on."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class OutputError(InnovsimError):
    """An output location cannot be used (exists without --force, not writable)."""
