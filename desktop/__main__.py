"""``python -m desktop`` starts the desktop app."""

import sys

from desktop.app import main

if __name__ == "__main__":  # spawned worker processes import this module as __mp_main__: no GUI there
    sys.exit(main())
