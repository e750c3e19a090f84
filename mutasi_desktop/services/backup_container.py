"""The encrypted backup container (``.mbak``): format, encryption and decryption.

    b"MUTASIBK" | format (1 byte) | header length (4 bytes, big-endian) | header (JSON, UTF-8)
    | chunks: length (4 bytes) + AES-256-GCM ciphertext of up to 1 MiB of the SQLite file

The header names the schema revision and the instansi (readable without the password, so a wrong
file is refused early) and the scrypt parameters. Each chunk's nonce is a random prefix plus the
chunk number, and its associated data is the header, the chunk number and a "last chunk" flag, so
an edited header, reordered chunks or a cut-off file all fail authentication. A short key check
in the header tells a wrong password apart from a damaged file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mutasi_desktop.domain.errors import DomainError

MAGIC = b"MUTASIBK"
FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_MAX_HEADER = 64 * 1024


class BackupError(DomainError):
    """A backup cannot be made or restored; nothing was replaced."""


class PasswordDiperlukan(BackupError):
    """The backup is encrypted and no password was given (the UI then asks for one)."""


class KataSandiSalah(BackupError):
    """The password does not open this backup."""


class InstansiBerbeda(BackupError):
    """The backup belongs to another instansi (restore only with ``paksa=True``)."""



def _derive_key(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(
        password.encode("utf-8"))


def _key_check(key: bytes) -> str:
    # Tells a wrong password apart from a damaged file; reveals nothing about the key.
    return hashlib.sha256(b"mutasi-backup-key-check" + key).hexdigest()[:32]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">IB", index, 1 if last else 0)



def _read_exact(fh: BinaryIO, size: int) -> bytes:
    data = fh.read(size)
    if len(data) != size:
        raise BackupError("Berkas cadangan terpotong (tidak lengkap); tidak ada yang diubah.")
    return data


# --- container ----------------------------------------------------------------------------------

def encrypt_file(plain: Path, out: Path, password: str, header_fields: dict[str, Any]) -> None:
    salt = os.urandom(16)
    key = _derive_key(password, salt, _SCRYPT)
    prefix = os.urandom(8)
    header = dict(header_fields)
    header.update({
        "kdf": {"nama": "scrypt", **_SCRYPT, "salt": base64.b64encode(salt).decode()},
        "sandi": "AES-256-GCM", "potongan": CHUNK_SIZE, "nonce": base64.b64encode(prefix).decode(),
        "cek_kunci": _key_check(key),
    })
    header_bytes = json.dumps(header, sort_keys=True, ensure_ascii=False).encode("utf-8")
    aes = AESGCM(key)
    partial = out.with_name(out.name + ".partial")
    with plain.open("rb") as src, partial.open("wb") as dst:
        dst.write(MAGIC + struct.pack(">BI", FORMAT_VERSION, len(header_bytes)) + header_bytes)
        index = 0
        chunk = src.read(CHUNK_SIZE)
        while True:
            following = src.read(CHUNK_SIZE)
            last = not following
            sealed = aes.encrypt(_nonce(prefix, index), chunk, _aad(header_bytes, index, last))
            dst.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            chunk, index = following, index + 1
        dst.flush()
        os.fsync(dst.fileno())
    partial.replace(out)


def read_header(fh: BinaryIO) -> tuple[dict[str, Any], bytes]:
    magic = fh.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("Berkas ini bukan cadangan Mutasi Desktop.")
    version, length = struct.unpack(">BI", _read_exact(fh, 5))
    if version > FORMAT_VERSION:
        raise BackupError("Cadangan ini dibuat dengan format yang lebih baru; perbarui aplikasi terlebih dahulu.")
    if length > _MAX_HEADER:
        raise BackupError("Kepala berkas cadangan rusak.")
    header_bytes = _read_exact(fh, length)
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("Kepala berkas cadangan rusak.") from None
    if not isinstance(header, dict):
        raise BackupError("Kepala berkas cadangan rusak.")
    return header, header_bytes


def decrypt_file(source: Path, out: Path, password: str) -> dict[str, Any]:
    with source.open("rb") as fh:
        header, header_bytes = read_header(fh)
        try:
            kdf = header["kdf"]
            key = _derive_key(password, base64.b64decode(kdf["salt"]),
                              {"n": int(kdf["n"]), "r": int(kdf["r"]), "p": int(kdf["p"])})
            prefix = base64.b64decode(header["nonce"])
        except (KeyError, ValueError, TypeError):
            raise BackupError("Kepala berkas cadangan rusak.") from None
        if _key_check(key) != header.get("cek_kunci"):
            raise KataSandiSalah("Kata sandi cadangan salah; tidak ada yang diubah.")
        aes = AESGCM(key)
        with out.open("wb") as dst:
            index = 0
            size_bytes = fh.read(4)
            if len(size_bytes) != 4:
                raise BackupError("Berkas cadangan terpotong (tidak lengkap); tidak ada yang diubah.")
            while True:
                (size,) = struct.unpack(">I", size_bytes)
                if size > CHUNK_SIZE + 16:
                    raise BackupError("Berkas cadangan rusak; tidak ada yang diubah.")
                sealed = _read_exact(fh, size)
                size_bytes = fh.read(4)
                last = len(size_bytes) == 0
                if not last and len(size_bytes) != 4:
                    raise BackupError("Berkas cadangan terpotong (tidak lengkap); tidak ada yang diubah.")
                try:
                    dst.write(aes.decrypt(_nonce(prefix, index), sealed, _aad(header_bytes, index, last)))
                except InvalidTag:
                    raise BackupError(
                        "Berkas cadangan rusak atau terpotong (pemeriksaan keaslian gagal); tidak ada yang diubah."
                    ) from None
                if last:
                    break
                index += 1
    return header


def file_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(MAGIC):
        return "enkripsi"
    if head == SQLITE_MAGIC:
        return "sqlite"
    if not head:
        raise BackupError(f"Berkas '{path.name}' kosong; bukan cadangan.")
    raise BackupError(f"Berkas '{path.name}' bukan cadangan Mutasi Desktop.")
