"""Size and type limits for files the clerk brings in (attachments, imports, logos, packages).

A file name coming from outside (a dialog, a spreadsheet cell, an exchange package) is never used
as a path: :func:`safe_file_name` keeps only a plain base name, and the caller stores the file
under a name of its own choosing (attachments are stored by content hash).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError

MB = 1024 * 1024


class FileDitolak(DomainError):
    """An uploaded or imported file is refused (size, type, name or content)."""


class JenisBerkas(StrEnum):
    LAMPIRAN = "lampiran"  # scans of persyaratan
    IMPOR = "impor"  # spreadsheets and CSV to import
    LOGO = "logo"  # instansi logo / lambang on decrees
    PAKET = "paket"  # exchange packages between offices
    CADANGAN = "cadangan"  # backup files to restore


@dataclass(frozen=True)
class FileLimit:
    label: str
    max_bytes: int
    extensions: frozenset[str]  # lower-case, with the dot


LIMITS: dict[JenisBerkas, FileLimit] = {
    JenisBerkas.LAMPIRAN: FileLimit("lampiran", 10 * MB, frozenset({".pdf", ".jpg", ".jpeg", ".png"})),
    JenisBerkas.IMPOR: FileLimit("berkas impor", 50 * MB, frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})),
    JenisBerkas.LOGO: FileLimit("logo", 2 * MB, frozenset({".png", ".jpg", ".jpeg"})),
    JenisBerkas.PAKET: FileLimit("paket pertukaran", 500 * MB, frozenset({".mtp", ".zip"})),
    JenisBerkas.CADANGAN: FileLimit("berkas cadangan", 8 * 1024 * MB, frozenset({".db", ".mbak", ".sqlite"})),
}

# Leading bytes of each type: a renamed .exe is not a PDF.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (b"PK\x03\x04",),
    ".xlsm": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04",),
    ".mtp": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".db": (b"SQLite format 3\x00",),
    ".sqlite": (b"SQLite format 3\x00",),
    ".mbak": (b"MUTASIBK",),
}

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
MAX_NAME_LENGTH = 150


def _describe_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


def safe_file_name(name: str) -> str:
    """The plain base name of ``name`` (any folder part from Windows or Unix is dropped).

    Raises :class:`FileDitolak` for names that are empty, hidden, reserved on Windows or made of
    dots, so the result can be shown and used as a suggested name, never as a path.
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1].strip()
    base = _UNSAFE_CHARS.sub("_", base).strip().rstrip(" .")
    if not base or set(base) <= {"."}:
        raise FileDitolak(f"Nama berkas '{name}' tidak sah.", field="berkas")
    if base.startswith("."):
        raise FileDitolak(f"Nama berkas '{base}' tidak sah (berkas tersembunyi).", field="berkas")
    stem = base.split(".")[0].casefold()
    if stem in _WINDOWS_RESERVED:
        raise FileDitolak(f"Nama berkas '{base}' tidak sah (nama khusus sistem).", field="berkas")
    if len(base) > MAX_NAME_LENGTH:
        stem_part, dot, ext = base.rpartition(".")
        base = (stem_part[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext) if dot else base[:MAX_NAME_LENGTH]
    return base


def extension_of(name: str) -> str:
    base = safe_file_name(name)
    _, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def check_upload(path_name: str, size: int, kind: JenisBerkas | str, *, head: bytes | None = None) -> str:
    """Check a file before it is read or stored; return its safe base name.

    ``path_name`` is whatever name the file came with (never trusted as a path), ``size`` its
    length in bytes and ``head`` (optional) its first bytes, checked against the type's signature.
    """
    limit = LIMITS[JenisBerkas(kind)]
    base = safe_file_name(path_name)
    ext = extension_of(base)
    if ext not in limit.extensions:
        allowed = ", ".join(sorted(limit.extensions))
        shown = ext or "tanpa ekstensi"
        raise FileDitolak(
            f"Jenis berkas '{base}' ({shown}) tidak diterima sebagai {limit.label}. Jenis yang diterima: {allowed}.",
            field="berkas",
        )
    if size <= 0:
        raise FileDitolak(f"Berkas '{base}' kosong.", field="berkas")
    if size > limit.max_bytes:
        raise FileDitolak(
            f"Berkas '{base}' terlalu besar ({_describe_size(size)}); batas {limit.label} adalah "
            f"{_describe_size(limit.max_bytes)}.",
            field="berkas",
        )
    if head is not None:
        signatures = _MAGIC.get(ext)
        if signatures and not any(head.startswith(sig) for sig in signatures):
            raise FileDitolak(
                f"Isi berkas '{base}' tidak sesuai dengan ekstensinya ({ext}); berkas mungkin rusak atau "
                "bukan jenis yang diakui.",
                field="berkas",
            )
        if ext == ".csv" and b"\x00" in head:
            raise FileDitolak(f"Berkas '{base}' bukan teks CSV.", field="berkas")
    return base
