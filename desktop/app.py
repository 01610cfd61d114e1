"""Entry point of ``innovsim-desktop`` (and ``python -m desktop``).

All side effects (QApplication, freeze_support, excepthook) happen in ``main()``; the application and its
main window are built by ``desktop.bootstrap``, as the self-test, screenshots and bench build them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="innovsim-desktop", description="innovsim desktop app")
    p.add_argument("file", nargs="?", help="scenario file to open")
    p.add_argument("--lang", choices=("en", "zh_CN"), help="language (default: last used, else the system's)")
    p.add_argument("--screenshot", metavar="PNG", help="open, run, save a screenshot of the window and exit")
    p.add_argument("--tab", choices=("results", "compare", "trainer", "firms", "ladder", "waterfall"), default="results",
                   help="tab to show (with --screenshot)")
    p.add_argument("--replicates", type=int, default=None, help="replicates (with --screenshot)")
    p.add_argument("--editor-tab", metavar="NAME", default=None,
                   help="editor tab to show with --screenshot: a parameter group, 'uncertainty' or 'targets'")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="start with this value as an unsaved edit of the opened scenario (repeatable)")
    p.add_argument("--autosave-seconds", type=float, default=30.0, metavar="S",
                   help="how often unsaved edits are copied to the autosave folder (default: 30)")
    return p.parse_args(list(argv) if argv is not None else None)


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()
    import importlib.util

    if importlib.util.find_spec("PySide6") is None:  # a headless install (pip install innovsim)
        print("innovsim-desktop: the desktop app needs Qt: pip install 'innovsim[desktop]'", file=sys.stderr)
        return 2
    from desktop.devtools import selftest

    if selftest.wants(argv):  # --selftest, --startup-time, --version: packaging checks (desktop/devtools/selftest.py)
        return selftest.main(argv)
    args = parse_args(argv)
    from desktop.bootstrap import build_window, create_app
    from desktop.views.main_window import unexpected_error_dialog

    app = create_app(sys.argv[:1])
    sys.excepthook = unexpected_error_dialog
    window = build_window(args.lang, autosave_ms=max(100, int(args.autosave_seconds * 1000)))
    window.show()
    if args.screenshot:
        from desktop.devtools.screenshot import take

        return take(window, app, Path(args.screenshot), args.file, args.tab, args.replicates, args.editor_tab)
    recovered = window.offer_recovery()  # unsaved edits left by a crash come first
    if args.file and not recovered:
        window.open_path(Path(args.file))
    if args.overrides:
        window.apply_overrides(args.overrides)
    return int(app.exec())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
