"""Frozen entry point of ``innovsim`` (console)."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: parallel replicates (--workers) start copies of this executable

    import sys

    from sim.cli.main import main

    sys.exit(main())
