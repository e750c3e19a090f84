"""What the clerk reads when background work fails: Indonesian, saying what and where.

Domain errors carry their own Indonesian message. A file that cannot be written is nearly always
open in Excel or in a read-only folder, so the message says so. Anything else is logged in full
and named briefly, never shown as an English traceback text.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from mutasi_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


def pesan_galat(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate(
            "Galat", "Berkas %1 tidak dapat ditulis. Tutup berkas itu bila sedang dibuka di Excel, atau pilih "
            "folder lain.").replace("%1", str(exc.filename or ""))
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "Galat", "Berkas %1 tidak dapat ditulis atau dibaca (%2). Periksa folder dan sisa ruang disk.").replace(
            "%1", str(exc.filename or "")).replace("%2", str(exc.strerror or type(exc).__name__))
    log.error("unexpected error in background work", exc_info=exc)
    return QCoreApplication.translate(
        "Galat", "Terjadi kesalahan tak terduga (%1). Rinciannya tercatat di log aplikasi; coba lagi atau hubungi "
        "pengelola aplikasi.").replace("%1", type(exc).__name__)
