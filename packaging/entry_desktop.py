"""Frozen entry point of ``innovsim-desktop`` (windowed)."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: a worker process started by the pool must not open a window

    import sys

    from desktop.app import main

    sys.exit(main())
