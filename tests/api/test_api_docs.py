"""The examples of docs/api.md run: every ```python block, in order, in one namespace, from the repository root."""

from __future__ import annotations

import os
import re

import pytest

from ..conftest import ROOT

DOC = ROOT / "docs" / "api.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_api_page_has_examples() -> None:
    assert len(blocks()) >= 6


def test_every_example_of_the_api_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ema_workbench")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "docs_api"}
    for i, code in enumerate(blocks()):
        try:
            exec(compile(code, f"{DOC}:block{i + 1}", "exec"), namespace)
        except Exception as e:
            raise AssertionError(f"docs/api.md block {i + 1} failed: {e!r}\n{code}") from e
    assert os.getcwd() == str(ROOT)
