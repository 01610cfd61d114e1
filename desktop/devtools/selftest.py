"""Checks of a built (or source) desktop app, dispatched from ``desktop.app.main``:

``innovsim-desktop --selftest [--selftest-out DIR]``
    loads a bundled scenario, runs two replicates in the app's background worker (``RunController``),
    saves a copy to the user folder, renders the main window and one chart offscreen to PNGs, prints
    each step and exits 0; any failure prints the reason and exits 1.
``innovsim-desktop --startup-time``
    builds the window as ``main()`` does, and once the event loop has shown it prints the seconds since
    the process started, then exits.
``innovsim-desktop --version``
    prints the About text (versions and data sources).

The self-test leaves the user's settings and folders alone: settings and user data go to a temp folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

FLAGS = ("--selftest", "--startup-time", "--version")
SUCCESS = "SELFTEST OK"
SCENARIO = "gansu_baseline.toml"
REPLICATES = 2


def wants(argv: Sequence[str] | None) -> bool:
    """True when ``argv`` (default ``sys.argv[1:]``) asks for one of the checks handled here."""
    args = list(sys.argv[1:] if argv is None else argv)
    return any(a in FLAGS for a in args)


def process_age() -> float | None:
    """Seconds since this process started (Linux: /proc; elsewhere psutil if present), else None."""
    try:
        stat = Path("/proc/self/stat").read_text()
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil

        return time.time() - psutil.Process().create_time()
    except Exception:
        return None


class _Log:
    """Prints each line (a windowed Windows build has no stdout) and keeps them for ``selftest.txt``."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str) -> None:
        self.lines.append(text)
        if sys.stdout is not None:
            print(text, flush=True)


def _headless() -> None:
    """Use the offscreen Qt platform when there is no display (CI, ssh)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def selftest(out: Path | None, timeout: float = 300.0) -> int:
    log = _Log()
    t0 = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="innovsim-selftest-"))
    out = Path(out) if out is not None else tmp / "out"
    step = "start"
    try:
        from PySide6.QtCore import qVersion

        from desktop.bootstrap import build_window, create_app, isolate, wait_until
        from desktop.fonts import font_path
        from desktop.views.about import about_text
        from sim.scenario.library import bundled_scenarios, scenarios_dir
        from sim.version import __version__, versions

        frozen = "frozen" if getattr(sys, "frozen", False) else "source"
        v = versions()
        log(f"innovsim-desktop {__version__} selftest ({frozen}, {sys.platform}); Python {v['python']}, "
            f"Mesa {v['mesa']}, Qt {qVersion()}")
        step = "bundled files"
        entries = bundled_scenarios()
        if not entries:
            raise RuntimeError(f"no bundled scenarios in {scenarios_dir()}")
        if not font_path().is_file():
            raise RuntimeError(f"bundled font missing: {font_path()}")
        log(f"[ok] {len(entries)} scenarios in {scenarios_dir()}, font {font_path()}")

        step = "Qt application"
        isolate(tmp)
        app = create_app(sys.argv[:1])
        window = build_window("en")
        window.show()
        app.processEvents()
        log(f"[ok] main window shown ({app.platformName()} platform) {time.monotonic() - t0:.2f} s after self-test start")
        if "innovsim" not in about_text():
            raise RuntimeError("About text lacks the version")

        step = "open bundled scenario"
        path = scenarios_dir() / SCENARIO
        if not window.open_path(path):
            raise RuntimeError(f"could not open {path}: {window.last_message}")
        if not window.doc.read_only:
            raise RuntimeError("bundled scenario not read-only")
        log(f"[ok] opened {path.name} (read-only: {window.doc.read_only})")

        step = "run in background worker"
        window.reps.setValue(REPLICATES)
        t_run = time.monotonic()
        if not window.start_run():
            raise RuntimeError(f"run refused: {window.last_message}")
        if not wait_until(app, lambda: not window.controller.busy, timeout):
            window.controller.cancel()
            raise RuntimeError(f"run did not finish within {timeout:.0f} s")
        if window.result is None:
            raise RuntimeError(f"run gave no result: {window.last_message}")
        n = len(window.result.seeds)
        if n != REPLICATES:
            raise RuntimeError(f"expected {REPLICATES} replicates, got {n}")
        rows = len(window.result.indicators)
        log(f"[ok] ran {n} replicates in the background worker in {time.monotonic() - t_run:.1f} s ({rows} indicator rows)")

        step = "save as to the user folder"
        from desktop.settings import user_scenarios_dir

        copy = user_scenarios_dir() / "selftest_copy.toml"
        if not window.save_as(copy) or not copy.is_file():
            raise RuntimeError(f"Save As to {copy} failed: {window.last_message}")
        log(f"[ok] Save As wrote {copy.name} to the user scenarios folder")

        step = "render"
        out.mkdir(parents=True, exist_ok=True)
        for _ in range(10):
            app.processEvents()
        window.right.setCurrentWidget(window.charts)
        win_png, chart_png = out / "selftest_window.png", out / "selftest_chart.png"
        if not window.grab().save(str(win_png)):
            raise RuntimeError(f"could not write {win_png}")
        window.charts.figure.savefig(chart_png, dpi=80)
        for png in (win_png, chart_png):
            if png.stat().st_size < 2000:
                raise RuntimeError(f"{png} looks empty ({png.stat().st_size} bytes)")
        log(f"[ok] rendered window {window.width()}x{window.height()} to {win_png} and chart to {chart_png}")
        from sim.analysis.overlay import SOURCE, observed_artists

        dots = sum(len(ln.get_xdata()) for ax in window.charts.figure.axes for ln in observed_artists(ax))
        if not dots:
            raise RuntimeError(f"the charts show no observed points (is {SOURCE} bundled?)")
        log(f"[ok] the charts show {dots} observed points ({SOURCE})")

        window.doc.dirty = False
        window.close()
        log(f"{SUCCESS}: {n} replicates of {SCENARIO}, window and chart rendered in {time.monotonic() - t0:.1f} s")
        code = 0
    except Exception as e:
        log(f"SELFTEST FAILED at step '{step}': {type(e).__name__}: {e}")
        log(traceback.format_exc())
        code = 1
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "selftest.txt").write_text("\n".join(log.lines) + "\n", encoding="utf-8")
    except OSError:
        pass
    return code


def startup_time() -> int:
    """Print seconds from process start to the window shown by a running event loop."""
    from PySide6.QtCore import QTimer

    from desktop.bootstrap import build_window, create_app, isolate

    tmp = Path(tempfile.mkdtemp(prefix="innovsim-startup-"))
    isolate(tmp)
    app = create_app(sys.argv[:1])
    window = build_window()
    window.show()
    result: dict[str, float | None] = {}

    def shown() -> None:
        result["age"] = process_age()
        window.close()
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()
    age = result.get("age")
    if age is None:
        print("startup: window shown (process start time unavailable on this platform)")
    else:
        print(f"startup: window shown {age:.3f} s after process start")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="innovsim-desktop")
    p.add_argument("--selftest", action="store_true", help="run the self-test and exit (0 = passed)")
    p.add_argument("--selftest-out", type=Path, default=None, help="folder for the self-test PNGs and log")
    p.add_argument("--startup-time", action="store_true", help="print the time from process start to a usable window")
    p.add_argument("--version", action="store_true", help="print versions and data sources")
    args, _rest = p.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    if args.version:
        from desktop.views.about import about_text

        if sys.stdout is not None:
            print(about_text())
        return 0
    _headless()
    if args.startup_time:
        return startup_time()
    return selftest(args.selftest_out)
