"""Wrapping labels and sentences that mix Chinese and Latin text (for tables, charts and the PDF report)."""

from __future__ import annotations

import re
import unicodedata


def display_width(token: str) -> int:
    """Columns a token takes: a CJK character counts two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)


def wrap_label(text: str, width: int = 16) -> str:
    """``text`` on lines of at most ``width`` display columns (CJK characters count two). Breaks at spaces
    or between CJK characters; a run of other characters ('R&D', '0.1', '(100m') is never split."""
    raw = re.findall(r"\s+|[^\s\u2e80-\u9fff\uff00-\uffef]+|.", text)
    tokens: list[str] = []
    for tok in raw:  # an opening bracket stays with what follows it, a closing one with what precedes it
        if tokens and (tokens[-1] in "(（" or (tok in ")）" and not tokens[-1].isspace())):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if tok.isspace():
            if line:
                line += " "
            continue
        if line and display_width(line + tok) > width:
            lines.append(line.rstrip())
            line = ""
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)
