"""Bad input of every kind gives one clear ScenarioError (file, line where known,
field, allowed range) and, from the CLI, exit code 2 with one line on stderr,
no traceback and nothing written. The corpus is tests/data/bad/ with its
expected messages in tests/data/bad/expected.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sim.cli.main import main
from sim.errors import ScenarioError
from sim.scenario.loader import MAX_EXTENDS_DEPTH, MAX_FILE_BYTES, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
GOOD = ROOT / "tests" / "data" / "good"
EXPECTED: dict[str, dict] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))["cases"]


def _generated(tmp: Path) -> dict[str, tuple[Path, dict]]:
    """Cases too big or too odd to commit: built in a temporary folder."""
    tmp.mkdir(parents=True, exist_ok=True)
    huge = tmp / "huge.toml"
    line = '# ' + 'x' * 98 + '\n'
    huge.write_text('name = "huge"\n' + line * (MAX_FILE_BYTES // len(line) + 10), encoding="utf-8")
    missing = tmp / "does_not_exist.toml"
    folder = tmp / "folder_not_file.toml"
    folder.mkdir()
    special: dict[str, tuple[Path, dict]] = {}
    if sys.platform != "win32":  # special files: refused at once, never read (a FIFO would hang, /dev/zero never end)
        fifo = tmp / "fifo.toml"
        os.mkfifo(fifo)
        zero = tmp / "dev_zero.toml"
        zero.symlink_to("/dev/zero")
        sparse = tmp / "sparse_3gb.toml"
        with open(sparse, "wb") as fh:
            fh.truncate(3 * 2**30)
        for k in range(MAX_EXTENDS_DEPTH + 1):
            parent = f'extends = "deep{k - 1}.toml"\n' if k else ""
            (tmp / f"deep{k}.toml").write_text(f'{parent}name = "deep{k}"\n', encoding="utf-8")
        special = {
            "fifo.toml": (fifo, {"fragments": ["named pipe (FIFO)", "only regular files"], "line": None,
                                 "field": None, "file": "fifo.toml"}),
            "dev_zero.toml": (zero, {"fragments": ["is a device", "only regular files"], "line": None, "field": None,
                                     "file": "dev_zero.toml"}),
            "sparse_3gb.toml": (sparse, {"fragments": [f"at most {MAX_FILE_BYTES} bytes"], "line": None,
                                         "field": None, "file": "sparse_3gb.toml"}),
            "deep.toml": (tmp / f"deep{MAX_EXTENDS_DEPTH}.toml",
                          {"fragments": [f"longer than {MAX_EXTENDS_DEPTH} files"], "line": None, "field": "extends",
                           "file": "deep0.toml"}),
        }
    return {
        **special,
        "huge.toml": (huge, {"fragments": ["bytes", f"at most {MAX_FILE_BYTES} bytes"], "line": None, "field": None,
                             "file": "huge.toml"}),
        "does_not_exist.toml": (missing, {"fragments": ["file not found"], "line": None, "field": None,
                                          "file": "does_not_exist.toml"}),
        "folder_not_file.toml": (folder, {"fragments": ["is a directory"], "line": None, "field": None,
                                          "file": "folder_not_file.toml"}),
    }


def check_message(message: str, expected: dict) -> None:
    assert "\n" not in message, message
    assert expected["file"] in message, message
    head = message.split(": ", 1)[0]
    if expected["line"] is not None:
        assert head.endswith(f"{expected['file']}:{expected['line']}"), message
    if expected["field"] is not None:
        assert f"field '{expected['field']}'" in message, message
    for fragment in expected["fragments"]:
        assert fragment in message, (fragment, message)


def test_corpus_is_big_and_every_file_is_listed():
    on_disk = {p.name for p in BAD.iterdir()} - {"expected.json"}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_rejects_with_clear_message(name):
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / name)
    check_message(info.value.message, EXPECTED[name])


def test_generated_cases(tmp_path):
    for _name, (path, expected) in _generated(tmp_path).items():
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        check_message(info.value.message, expected)


@pytest.mark.parametrize("name", sorted(p.name for p in GOOD.iterdir()))
def test_good_files_load(name):
    """A UTF-8 BOM, CRLF line ends and an extends path relative to the file are all fine."""
    sc = load_scenario(GOOD / name)
    assert sc.name


def test_gbk_file_is_read_and_says_so() -> None:
    """A scenario saved as GBK (Notepad on Chinese Windows) is read; the encoding is reported."""
    from sim.scenario.loader import read_scenario_file

    sc = load_scenario(GOOD / "gbk_names.toml")
    assert sc.name_zh == "甘肃省基准情景"
    text, encoding = read_scenario_file(GOOD / "gbk_names.toml")
    assert encoding == "gb18030" and "甘肃省基准情景" in text
    assert read_scenario_file(GOOD / "minimal.toml")[1] == "utf-8"


def _cut_points(raw: bytes) -> list[int]:
    """Where to cut the file: mid-line in ASCII, and inside a multi-byte (Chinese) UTF-8 character."""
    half = len(raw) // 2
    ascii_cut = next(i for i in range(half, len(raw)) if raw[i] < 0x80 and raw[i - 1:i] not in (b"\n", b"\r")
                     and raw[i:i + 1] != b"\n")
    mid_char = next(i for i in range(half, len(raw)) if 0x80 <= raw[i] < 0xC0)  # a continuation byte: cut before it
    return [ascii_cut, mid_char]


@pytest.mark.parametrize("which", ["ascii", "mid-character"])
def test_truncated_copy_of_the_baseline_is_refused(tmp_path: Path, which: str) -> None:
    """The baseline cut anywhere but at a line end, even inside a Chinese character, is refused with its last
    line named."""
    raw = (ROOT / "scenarios" / "gansu_baseline.toml").read_bytes()
    at = _cut_points(raw)[0 if which == "ascii" else 1]
    cut = tmp_path / "cut.toml"
    cut.write_bytes(raw[:at])
    with pytest.raises(ScenarioError) as info:
        load_scenario(cut)
    assert "cut off (truncated)" in info.value.reason and info.value.line == raw[:at].count(b"\n") + 1


def test_bom_file_keeps_its_values():
    sc = load_scenario(GOOD / "utf8_bom.toml")
    assert sc.name_zh == "带BOM的文件" and sc.params["subsidy.rate"] == {0: 0.1}  # a constant year path


def test_extends_resolves_relative_to_the_file_not_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the parent is not reachable from here
    sc = load_scenario(GOOD / "extends_relative.toml")
    assert sc.params["run.n_firms"] == 50
    assert sc.params["economy.gdp"] == load_scenario(ROOT / "scenarios" / "gansu_baseline.toml").params["economy.gdp"]
    assert [f.name for f in sc.files] == ["gansu_baseline.toml", "extends_relative.toml"]


def test_extends_cycle_of_three(tmp_path):
    for a, b in (("a", "b"), ("b", "c"), ("c", "a")):
        (tmp_path / f"{a}.toml").write_text(f'extends = "{b}.toml"\nname = "{a}"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"cycle: a\.toml -> b\.toml -> c\.toml -> a\.toml"):
        load_scenario(tmp_path / "a.toml")


def test_extends_must_be_toml_even_if_the_file_exists(tmp_path):
    (tmp_path / "parent.py").write_text('name = "code is not data"\n', encoding="utf-8")
    (tmp_path / "child.toml").write_text('extends = "parent.py"\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"must name a \.toml file"):
        load_scenario(tmp_path / "child.toml")


def test_scenario_files_are_data_never_code():
    """No eval/exec/pickle/yaml anywhere near user input: the loader only uses tomllib."""
    import ast

    for module in ("scenario/loader.py", "errors.py", "scenario/params.py", "runs/outputs.py", "cli/main.py", "scenario/library.py"):
        tree = ast.parse((ROOT / "sim" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}, (module, node.func.id)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not {"pickle", "marshal", "shelve", "yaml", "dill"} & set(names), (module, names)


def test_a_toml_string_that_looks_like_code_is_just_text(tmp_path):
    f = tmp_path / "inject.toml"
    f.write_text('name = "__import__(\'os\').system(\'touch PWNED\')"\n', encoding="utf-8")
    sc = load_scenario(f)
    assert sc.name.startswith("__import__") and not (tmp_path / "PWNED").exists()


# --------------------------------------------------------------------------- CLI

def _all_cases(tmp: Path) -> list[tuple[str, Path, dict]]:
    cases = [(name, BAD / name, exp) for name, exp in sorted(EXPECTED.items())]
    cases += [(name, path, exp) for name, (path, exp) in _generated(tmp).items()]
    return cases


@pytest.mark.parametrize("command", ["validate", "run"])
def test_cli_in_process(command, tmp_path, capsys):
    """Every bad file through ``main()``: exit 2, one stderr line, no traceback, no output folder."""
    for name, path, expected in _all_cases(tmp_path / "gen"):
        out = tmp_path / f"out_{name}"
        argv = [command, str(path)] + (["--out", str(out), "-q"] if command == "run" else [])
        assert main(argv) == 2, name
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("innovsim: error: "), (name, captured.err)
        assert "Traceback" not in captured.err
        check_message(lines[0].removeprefix("innovsim: error: "), expected)
        assert not out.exists(), name


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "sim.cli.main", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


SAMPLE = {"syntax_missing_bracket.toml", "encoding_gbk.toml", "misspelt_param.toml", "extends_cycle_a.toml",
          "path_year_outside_horizon.toml", "control_char_key.toml", "huge.toml", "folder_not_file.toml"}


def test_cli_subprocess_sample(tmp_path):
    """A sample through ``python -m sim.cli.main validate`` and ``run --out`` in real processes."""
    _check_subprocesses(tmp_path, [c for c in _all_cases(tmp_path / "gen") if c[0] in SAMPLE])


@pytest.mark.slow
def test_cli_subprocess_whole_corpus(tmp_path):
    """Every case in real processes (about two minutes)."""
    _check_subprocesses(tmp_path, _all_cases(tmp_path / "gen"))


def _check_subprocesses(tmp_path: Path, cases: list[tuple[str, Path, dict]]) -> None:
    jobs = []
    for name, path, expected in cases:
        out = tmp_path / f"out_{name}"
        jobs.append((name, expected, out, ["validate", str(path)]))
        jobs.append((name, expected, out, ["run", str(path), "--out", str(out)]))
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda j: _cli(j[3], tmp_path), jobs))
    for (name, expected, out, args), proc in zip(jobs, results, strict=True):
        assert proc.returncode == 2, (args, proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stderr, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("innovsim: error: "), (args, proc.stderr)
        check_message(lines[0].removeprefix("innovsim: error: "), expected)
        assert not out.exists(), name
        assert proc.stdout == "", (args, proc.stdout)
