"""Database-level errors with Indonesian messages for the clerk."""

from __future__ import annotations

import re


class DatabaseOpenError(RuntimeError):
    """The database cannot be opened as it is (not SQLite, newer version, damaged)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_QUOTED = re.compile(r'"([^"]*)"')


def explain_connection_error(exc: BaseException, *, host: str = "", port: int | None = None,
                             timeout_s: int | None = None) -> str:
    """Why a PostgreSQL server refused or did not answer, in words an office admin can act on
    (the driver's text is English: 'FATAL: database "x" does not exist')."""
    raw = str(getattr(exc, "orig", None) or exc)
    text = raw.lower()
    names = _QUOTED.findall(raw)
    where = f"{host}:{port}" if host and port else host or "server"
    if "database" in text and "does not exist" in text:
        nama = next((n for n in names if n not in (host, "127.0.0.1")), "")
        return (f"Basis data '{nama}' tidak ada di server {where}. Periksa nama basis data, atau minta "
                "pengelola server membuatnya.")
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        pengguna = names[-1] if names else ""
        return f"Server menolak nama pengguna atau kata sandi (pengguna '{pengguna}'). Periksa keduanya."
    if "no password supplied" in text:
        return "Server meminta kata sandi. Isi kata sandi pengguna server."
    if "pg_hba.conf" in text:
        return ("Server menolak koneksi dari komputer ini (aturan akses server). Minta pengelola server "
                "mengizinkan alamat komputer ini.")
    if "could not translate host name" in text or "name or service not known" in text \
            or "nodename nor servname" in text or "no such host" in text:
        return f"Alamat server '{host}' tidak dikenal. Periksa penulisan alamat atau nama komputer server."
    if "connection refused" in text:
        return (f"Server PostgreSQL tidak menjawab di {where}. Pastikan server menyala, alamat dan port "
                "benar, dan tidak diblokir firewall.")
    if "timeout" in text or "timed out" in text:
        waktu = f" dalam {timeout_s} detik" if timeout_s else ""
        return f"Server {where} tidak menjawab{waktu}. Periksa jaringan dan pastikan server menyala."
    if "permission denied" in text:
        return "Pengguna server tidak berhak membuka basis data ini. Minta pengelola server memberi hak akses."
    return f"Server menolak koneksi ({type(getattr(exc, 'orig', None) or exc).__name__})."
