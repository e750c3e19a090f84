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


def database_unreachable(exc: BaseException) -> str | None:
    """The Indonesian reason when the database itself could not be reached, else None."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig or exc).lower()
    if "database is locked" in text or "database table is locked" in text:
        return QCoreApplication.translate(
            "Galat", "Basis data sedang dipakai proses lain dan terkunci sebentar. Tunggu beberapa detik lalu ulangi.")
    if exc.connection_invalidated or (type(exc.orig).__module__.startswith("psycopg") and any(
            word in text for word in ("connection", "server closed", "terminating", "timeout", "could not"))):
        return QCoreApplication.translate(
            "Galat", "Koneksi ke server basis data terputus atau server tidak menjawab. Periksa jaringan dan "
            "server, lalu ulangi (Muat ulang, F5). Isian yang belum disimpan masih ada di layar.")
    return None


def pesan_galat(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    unreachable = database_unreachable(exc)
    if unreachable is not None:
        log.warning("database unreachable: %s", type(exc).__name__)
        return unreachable
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
