"""Unexpected errors in the desktop app: written to a log file, and told to the clerk in Indonesian.

Without this, an exception raised in a button's slot went to a console that the packaged app does
not have: the clerk clicked and nothing happened, and nothing was recorded anywhere (the messages
that say "rinciannya tercatat di log aplikasi" pointed at a log that did not exist).
"""

from __future__ import annotations

import logging
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.paths import log_dir

log = logging.getLogger(__name__)

LOG_NAME = "mutasi.log"
REPEAT_QUIET_S = 30.0  # the same error again within this time (e.g. from every repaint) is only logged

_handlers: dict[Path, logging.Handler] = {}


def start_log_file(folder: Path | None = None) -> Path | None:
    """Send warnings and errors of every logger to ``<log folder>/mutasi.log`` (rotated at 2 MB).

    Returns the file, or None when the folder cannot be written (the app still runs).
    """
    try:
        folder = folder if folder is not None else log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        if path not in _handlers:  # once per process and file (run_app may run several times)
            handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
            handler.setLevel(logging.WARNING)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            logging.getLogger().addHandler(handler)
            _handlers[path] = handler
    except OSError:
        return None
    return path


class UnexpectedErrorReporter:
    """A ``sys.excepthook``: log the traceback, then show one Indonesian message box."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self._showing = False
        self._last: tuple[str, float] = ("", 0.0)

    def message(self, exc: BaseException) -> str:
        from mutasi_desktop.ui.widgets.errors import database_unreachable, pesan_galat

        if isinstance(exc, DomainError | OSError) or database_unreachable(exc) is not None:
            return pesan_galat(exc)
        where = str(self.log_path) if self.log_path is not None else QCoreApplication.translate("Galat", "log aplikasi")
        return QCoreApplication.translate(
            "Galat", "Terjadi kesalahan tak terduga (%1), sehingga perintah tadi tidak selesai. Rinciannya "
            "tercatat di %2; coba lagi atau hubungi pengelola aplikasi.").replace(
            "%1", type(exc).__name__).replace("%2", where)

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error in the desktop app", exc_info=(exc_type, exc, tb))
        key = f"{exc_type.__name__}: {exc}"
        now = time.monotonic()
        if self._showing or (key == self._last[0] and now - self._last[1] < REPEAT_QUIET_S):
            return
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._last = (key, now)
        self._showing = True
        try:
            QMessageBox.critical(QApplication.activeWindow(),
                                 QCoreApplication.translate("Galat", "Terjadi kesalahan"), self.message(exc))
        finally:
            self._showing = False


def install_error_reporting(folder: Path | None = None) -> UnexpectedErrorReporter:
    """Start the log file and make this process report unexpected errors (see the module docstring)."""
    reporter = UnexpectedErrorReporter(start_log_file(folder))
    sys.excepthook = reporter
    return reporter
