"""README.md and README.zh-CN.md stay true to the repository: commands exist, named files exist, both start alike."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sim.cli.main import build_parser
from tests.conftest import ROOT

READMES = [ROOT / "README.md", ROOT / "README.zh-CN.md"]
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"`([^`\n]+(?:\n[^`\n]+)*)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
IGNORED_PREFIXES = ("../shared", "results/", "dist/", "build/", "~", "%")
# In code blocks only arguments under these folders are repository inputs (other paths are outputs).
CODE_PATH = re.compile(r"(?<![\w./-])((?:scenarios|scripts|examples|docs)/[\w.*/-]+)")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return FENCE.findall(text)


def _prose(text: str) -> str:
    return FENCE.sub("", text)


def _commands(block: str) -> list[str]:
    """The shell commands of a code block: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [line.split("  #")[0].strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _subcommands() -> set[str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("innovsim has no subcommands")


def _looks_like_repo_path(token: str) -> bool:
    if token.startswith(IGNORED_PREFIXES) or "://" in token or " " in token:
        return False
    return "/" in token and re.fullmatch(r"[\w.*/-]+", token) is not None


def _referenced_paths(text: str) -> set[str]:
    prose = _prose(text)
    found = {link.split("#")[0] for link in LINK.findall(prose) if "://" not in link and not link.startswith("#")}
    found |= {span.strip() for span in INLINE.findall(prose) if _looks_like_repo_path(span.strip())}
    for block in _code_blocks(text):
        found |= set(CODE_PATH.findall(block))
    return {p for p in found if p and not p.startswith(IGNORED_PREFIXES)}


def _exists(path: str) -> bool:
    if any(ch in path for ch in "*?["):
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def test_both_readmes_start_with_the_same_two_commands() -> None:
    firsts = [_commands(_code_blocks(_text(p))[0]) for p in READMES]
    assert len(firsts[0]) == 2, firsts[0]
    assert firsts[0] == firsts[1]


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_every_innovsim_subcommand_exists(readme: Path) -> None:
    known = _subcommands()
    used = re.findall(r"\.venv/bin/innovsim\s+([\w-]+)", _text(readme))
    assert used, "no .venv/bin/innovsim commands found"
    missing = sorted(set(used) - known)
    assert not missing, f"{readme.name} uses unknown subcommands {missing}; known: {sorted(known)}"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_every_named_repo_path_exists(readme: Path) -> None:
    paths = _referenced_paths(_text(readme))
    for expected in ("docs/ODD.md", "scripts/build-app", "examples/gansu_goalseek.py", "docs/screenshots/main_zh.png"):
        assert expected in paths, f"the path check missed {expected}"
    missing = sorted(p for p in paths if not _exists(p))
    assert not missing, f"{readme.name} names paths that do not exist: {missing}"


def test_readmes_link_each_other() -> None:
    assert "README.zh-CN.md" in _referenced_paths(_text(ROOT / "README.md"))
    assert "README.md" in _referenced_paths(_text(ROOT / "README.zh-CN.md"))


def _without_comments(block: str) -> list[str]:
    lines = (re.split(r"(?:^|\s)#\s", line, maxsplit=1)[0].rstrip() for line in block.splitlines())
    return [line for line in lines if line]


def test_translation_keeps_sections_code_and_images_in_step() -> None:
    en, zh = (_text(p) for p in READMES)
    levels = [re.findall(r"^(#+) ", _prose(t), re.M) for t in (en, zh)]
    assert levels[0] == levels[1], "README.zh-CN.md must have the same sections in the same order"
    blocks = [[_without_comments(b) for b in _code_blocks(t)] for t in (en, zh)]
    assert len(blocks[0]) == len(blocks[1]), "both READMEs must have the same code blocks"
    for i, (b_en, b_zh) in enumerate(zip(*blocks, strict=True)):
        assert b_en == b_zh, f"code block {i + 1} differs (only comments may be translated): update README.zh-CN.md"
    images = [re.findall(r"!\[[^\]]*\]\(([^)]+)\)", t) for t in (en, zh)]
    assert images[0] == images[1]
