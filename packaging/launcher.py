"""Entry script of the bundled executables.

Started without arguments (a double-click, a Start-menu shortcut) it opens the desktop app;
with arguments it is the ``mutasi`` command line (``mutasi self-test``, ``mutasi init`` ...).
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    # A windowed Windows executable has no console: sys.stdout/stderr are None and the first
    # write (a warning, a message from the CLI) would crash the app. Send them to a log file.
    if sys.stdout is not None and sys.stderr is not None:
        return
    try:
        from mutasi_desktop.paths import log_dir

        stream = open(log_dir() / "mutasi-desktop.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def run() -> int:
    _ensure_streams()
    from mutasi_desktop.cli.main import main

    args = sys.argv[1:] or ["gui"]
    return main(args)


if __name__ == "__main__":
    # Petikan batches render in worker processes; a frozen executable must let a worker started
    # by multiprocessing run the worker instead of opening another app window.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(run())
