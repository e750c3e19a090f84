"""The candidate pool's source kept on disk between runs, encrypted.

Reading every pegawai's SKP, career segments and diklat takes more than a second on a big
database; the first ranking after the app starts should not pay for it when nothing changed.
So after a full read the source (``services.selection_source.SumberKumpulan``) is written to the
cache folder with the fingerprint of the tables it came from, and a later run that finds the same
fingerprint (or one where only usul and aspirasi moved, which are read again) starts from it.

The file holds names and NIPs, so it is encrypted with AES-256-GCM under a random key kept in the
database itself (setting :data:`KEY_KUNCI`, masked in the audit trail): a copy of the cache
alone, or one left on a clerk's PC by a central PostgreSQL office, reveals nothing, and a file
changed by anyone else fails authentication and is never unpickled. The associated data binds the
file to this database and this app version (a newer version may shape the source differently).
Anything wrong with the file (missing, another database, damaged, another version) only means
the source is read again; the cache never decides what a ranking shows.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import pickle
from dataclasses import fields
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from mutasi_desktop import __version__
from mutasi_desktop.db.engine import Database
from mutasi_desktop.paths import cache_dir
from mutasi_desktop.services.selection_source import SumberKumpulan
from mutasi_desktop.services.settings_service import get_setting, set_setting

log = logging.getLogger(__name__)

KEY_KUNCI = "seleksi.kunci_cache"
_MAGIC = b"MUTASI-KUMPULAN\x001\n"
_NONCE = 12


def cache_path(db: Database) -> Path:
    """The cache file of ``db`` (named by a hash of its URL: never the URL, which may hold a
    server password)."""
    digest = hashlib.sha256(db.url.encode()).hexdigest()[:24]
    return cache_dir() / f"kumpulan-{digest}.bin"


# The source's shape: a file written by code with other fields is not read (the app version in
# the associated data covers releases; this covers every change of the dataclass).
_BENTUK = ",".join(f.name for f in fields(SumberKumpulan))


def _aad(db: Database) -> bytes:
    return _MAGIC + f"{__version__}\n{_BENTUK}\n{db.url}".encode()


def _kunci(session: Session) -> bytes | None:
    value = get_setting(session, KEY_KUNCI)
    if not isinstance(value, str):
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def _kunci_dibuat(db: Database) -> bytes:
    """The database's cache key, created on first use (in its own short write session)."""
    with db.session(write=True) as session:
        key = _kunci(session)
        if key is None:
            key = AESGCM.generate_key(bit_length=256)
            set_setting(session, KEY_KUNCI, base64.b64encode(key).decode(), by="sistem")
    return key


def simpan(db: Database, fingerprint: tuple[Any, ...], sumber: SumberKumpulan) -> None:
    """Write ``sumber`` read at ``fingerprint``; a failure is logged, never raised (the cache is
    an optimisation). Call it outside any open transaction: the key may be created first."""
    try:
        with db.session() as session:
            key = _kunci(session)
        key = key or _kunci_dibuat(db)
        payload = pickle.dumps((fingerprint, sumber), protocol=pickle.HIGHEST_PROTOCOL)
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(key).encrypt(nonce, payload, _aad(db))
        path = cache_path(db)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + nonce + sealed)
        os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one
    except Exception:
        log.warning("Cache kumpulan calon tidak dapat disimpan", exc_info=True)


def muat(db: Database, session: Session) -> tuple[tuple[Any, ...], SumberKumpulan] | None:
    """The kept source and the fingerprint it was read at, or None when there is none usable."""
    path = cache_path(db)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    key = _kunci(session)
    if key is None or not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _NONCE + 16:
        _buang(path, "kepala berkas atau kunci tidak cocok")
        return None
    view = memoryview(data)  # no copy of tens of megabytes
    nonce = bytes(view[len(_MAGIC) : len(_MAGIC) + _NONCE])
    try:
        payload = AESGCM(key).decrypt(nonce, view[len(_MAGIC) + _NONCE :], _aad(db))
    except InvalidTag:
        _buang(path, "autentikasi gagal (basis data atau versi lain, atau berkas diubah)")
        return None
    try:
        fingerprint, sumber = pickle.loads(payload)  # authenticated: written by this app
    except Exception:
        _buang(path, "isi tidak terbaca")
        return None
    if not isinstance(sumber, SumberKumpulan) or not isinstance(fingerprint, tuple):
        _buang(path, "isi tidak dikenal")
        return None
    return fingerprint, sumber


def _buang(path: Path, why: str) -> None:
    log.info("Cache kumpulan calon %s diabaikan: %s", path.name, why)
    path.unlink(missing_ok=True)
