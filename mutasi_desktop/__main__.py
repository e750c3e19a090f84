"""``python -m mutasi_desktop``: the same as the ``mutasi`` command."""

import multiprocessing

from mutasi_desktop.cli.main import main

# Guarded: petikan are rendered in worker processes, and with the "spawn" start method (Windows)
# each worker imports this module again.
if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
