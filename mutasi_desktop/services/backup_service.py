"""Backups and restore: consistent copies, optional encryption, daily rotation, safe restore.

A backup is taken with SQLite's online backup API (never a raw copy of a WAL database). A plain
backup is an ordinary SQLite file; an encrypted backup (for a USB stick) is a small container:

    b"MUTASIBK" | format (1 byte) | header length (4 bytes, big-endian) | header (JSON, UTF-8)
    | chunks: length (4 bytes) + AES-256-GCM ciphertext of up to 1 MiB of the SQLite file

The header names the schema revision and the instansi (readable without the password, so a wrong
file is refused early) and the scrypt parameters. Each chunk's nonce is a random prefix plus the
chunk number, and its associated data is the header, the chunk number and a "last chunk" flag, so
an edited header, reordered chunks or a cut-off file all fail authentication.

A restore checks everything before touching the current database (integrity, schema revision,
instansi, password), keeps the current database as a backup, then replaces its content in one
SQLite transaction.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mutasi_desktop import __version__
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import all_revisions, head_revision, upgrade
from mutasi_desktop.db.sqlite_backup import (
    backup_sqlite,
    copy_into_live,
    instansi_identity,
    integrity_ok,
    integrity_problems,
    is_sqlite_file,
    schema_revision,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.paths import backup_dir_for
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.audit_service import Aksi
from mutasi_desktop.services.settings_service import get_settings_dict, set_setting

ProgressFn = Callable[[int, int], None]

MAGIC = b"MUTASIBK"
FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
ENCRYPTED_SUFFIX = ".mbak"
AUTO_PREFIX = "mutasi-otomatis-"
PASSWORD_ENV = "MUTASI_BACKUP_PASSWORD"
MIN_BACKUP_PASSWORD = 8
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_MAX_HEADER = 64 * 1024

SETTINGS_KEY = "cadangan"
DEFAULTS: dict[str, Any] = {"otomatis": True, "folder": "", "simpan": 7}


class BackupError(DomainError):
    """A backup cannot be made or restored; nothing was replaced."""


class PasswordDiperlukan(BackupError):
    """The backup is encrypted and no password was given (the UI then asks for one)."""


class KataSandiSalah(BackupError):
    """The password does not open this backup."""


class InstansiBerbeda(BackupError):
    """The backup belongs to another instansi (restore only with ``paksa=True``)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    ukuran: int
    terenkripsi: bool
    revisi: str | None
    instansi_nama: str
    instansi_kode: str
    dibuat: datetime | None


@dataclass(frozen=True)
class RestoreResult:
    cadangan_sebelumnya: Path | None
    revisi_cadangan: str
    diperbarui: bool  # the backup had an older schema and was upgraded
    instansi_nama: str


@dataclass(frozen=True)
class BackupSettings:
    otomatis: bool
    folder: str  # empty: the "backups" folder beside the database
    simpan: int  # how many automatic backups to keep


# --- settings -----------------------------------------------------------------------------------

def get_backup_settings(db: Database) -> BackupSettings:
    with db.session() as session:
        values = get_settings_dict(session, SETTINGS_KEY, DEFAULTS)
    return BackupSettings(bool(values["otomatis"]), str(values["folder"] or ""), int(values["simpan"]))


def set_backup_settings(db: Database, actor: Actor, settings: BackupSettings) -> BackupSettings:
    require(actor, Izin.CADANGKAN)
    if not 1 <= settings.simpan <= 365:
        raise DomainError("Jumlah cadangan otomatis yang disimpan harus 1 sampai 365.", field="simpan")
    folder = settings.folder.strip()
    if folder and not Path(folder).is_absolute():
        raise DomainError("Folder cadangan harus berupa jalur lengkap (absolut).", field="folder")
    with db.session(actor=actor, write=True) as session:
        set_setting(session, SETTINGS_KEY, {"otomatis": settings.otomatis, "folder": folder,
                                             "simpan": settings.simpan}, by=actor.username)
    return BackupSettings(settings.otomatis, folder, settings.simpan)


def auto_backup_folder(db: Database, settings: BackupSettings | None = None) -> Path:
    path = _require_sqlite(db)
    settings = settings or get_backup_settings(db)
    return Path(settings.folder) if settings.folder else backup_dir_for(path)


# --- helpers ------------------------------------------------------------------------------------

def _require_sqlite(db: Database) -> Path:
    path = db.path
    if path is None:
        raise BackupError(
            "Cadangan dan pemulihan melalui aplikasi hanya untuk basis data SQLite. Untuk server "
            "PostgreSQL gunakan pg_dump/pg_restore di server."
        )
    return path


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKD", text).casefold().split())


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


@contextmanager
def _work_dir(beside: Path) -> Iterator[Path]:
    """A private scratch folder on the same disk as ``beside`` (removed afterwards)."""
    beside.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".mutasi-kerja-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read_exact(fh: BinaryIO, size: int) -> bytes:
    data = fh.read(size)
    if len(data) != size:
        raise BackupError("Berkas cadangan terpotong (tidak lengkap); tidak ada yang diubah.")
    return data


# --- container ----------------------------------------------------------------------------------

def _encrypt_file(plain: Path, out: Path, password: str, header_fields: dict[str, Any]) -> None:
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


def _read_header(fh: BinaryIO) -> tuple[dict[str, Any], bytes]:
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


def _decrypt_file(source: Path, out: Path, password: str) -> dict[str, Any]:
    with source.open("rb") as fh:
        header, header_bytes = _read_header(fh)
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


def _kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(MAGIC):
        return "enkripsi"
    if head == SQLITE_MAGIC:
        return "sqlite"
    if not head:
        raise BackupError(f"Berkas '{path.name}' kosong; bukan cadangan.")
    raise BackupError(f"Berkas '{path.name}' bukan cadangan Mutasi Desktop.")


# --- backup -------------------------------------------------------------------------------------

def create_backup(db: Database, actor: Actor, out_path: Path, *, password: str | None = None,
                  progress: ProgressFn | None = None) -> BackupInfo:
    """Write a consistent copy of the database to ``out_path`` (encrypted when a password is given)."""
    require(actor, Izin.CADANGKAN)
    source = _require_sqlite(db)
    out_path = Path(out_path)
    if out_path.resolve() == source.resolve():
        raise BackupError("Berkas cadangan tidak boleh sama dengan basis data yang sedang dipakai.")
    if password is not None and len(password) < MIN_BACKUP_PASSWORD:
        raise BackupError(f"Kata sandi cadangan minimal {MIN_BACKUP_PASSWORD} karakter.", field="password")
    if not out_path.parent.exists():
        raise BackupError(f"Folder '{out_path.parent}' tidak ada.")
    if password is None:
        backup_sqlite(source, out_path, progress=progress)
    else:
        with _work_dir(backup_dir_for(source)) as work:
            plain = backup_sqlite(source, work / "salinan.db", progress=progress)
            ident = instansi_identity(plain) or {}
            _encrypt_file(plain, out_path, password, {
                "aplikasi": "Mutasi Desktop", "versi_aplikasi": __version__, "format": FORMAT_VERSION,
                "revisi": schema_revision(plain), "instansi": ident,
                "dibuat": datetime.now().isoformat(timespec="seconds"),
            })
    audit_service.record_event(db, actor, Aksi.CADANGAN, "basis_data", None,
                               f"Cadangan dibuat: {out_path.name}" + (" (terenkripsi)" if password else ""),
                               {"berkas": out_path.name, "terenkripsi": password is not None})
    return inspect_backup(out_path)


def inspect_backup(path: Path) -> BackupInfo:
    """What a backup file says about itself (no password needed)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Berkas cadangan '{path}' tidak ditemukan.")
    size = path.stat().st_size
    created = datetime.fromtimestamp(path.stat().st_mtime)
    if _kind(path) == "enkripsi":
        with path.open("rb") as fh:
            header, _ = _read_header(fh)
        inst = header.get("instansi") or {}
        with suppress(ValueError):
            created = datetime.fromisoformat(str(header.get("dibuat")))
        return BackupInfo(path, size, True, header.get("revisi"), str(inst.get("nama", "")),
                          str(inst.get("kode", "")), created)
    inst = instansi_identity(path) or {}
    return BackupInfo(path, size, False, schema_revision(path), inst.get("nama", ""), inst.get("kode", ""), created)


# --- restore ------------------------------------------------------------------------------------

def _same_instansi(current: dict[str, str] | None, incoming: dict[str, str] | None) -> bool:
    if not current or not incoming:
        return True
    if current.get("kode") and incoming.get("kode"):
        return current["kode"].strip() == incoming["kode"].strip()
    return _fold(current.get("nama", "")) == _fold(incoming.get("nama", ""))


def refuse_newer(revision: str | None) -> None:
    """Raise when a backup's schema revision is unknown to this version (a newer app wrote it)."""
    if revision is not None and revision not in all_revisions():
        raise BackupError(
            f"Cadangan ini dibuat oleh versi Mutasi Desktop yang lebih baru (skema '{revision}'). "
            "Perbarui aplikasi terlebih dahulu; tidak ada yang diubah."
        )


def _prepare_plain_copy(backup_path: Path, work: Path, password: str | None) -> Path:
    """Decrypt or copy the backup into ``work`` and check it thoroughly; return the checked file."""
    plain = work / "pulih.db"
    if _kind(backup_path) == "enkripsi":
        # The header is readable without the password: refuse a newer schema before asking for it.
        refuse_newer(inspect_backup(backup_path).revisi)
        if password is None:
            raise PasswordDiperlukan("Cadangan ini terenkripsi; masukkan kata sandinya.")
        _decrypt_file(backup_path, plain, password)
    else:
        shutil.copyfile(backup_path, plain)  # a closed backup file in rollback-journal mode
    problems = integrity_problems(plain)
    if problems:
        raise BackupError(
            "Berkas cadangan rusak atau terpotong (pemeriksaan integritas gagal); tidak ada yang diubah."
        )
    return plain


def check_backup(backup_path: Path, *, password: str | None = None, current: Database | None = None,
                 paksa: bool = False) -> BackupInfo:
    """Every check a restore makes, without restoring (the screen shows the result first)."""
    backup_path = Path(backup_path)
    info = inspect_backup(backup_path)
    with _work_dir(Path(tempfile.gettempdir())) as work:
        plain = _prepare_plain_copy(backup_path, work, password)
        _check_revision_and_instansi(plain, current, paksa)
    return info


def _check_revision_and_instansi(plain: Path, current: Database | None, paksa: bool) -> tuple[str, bool]:
    revision = schema_revision(plain)
    if revision is None:
        raise BackupError("Berkas ini bukan cadangan Mutasi Desktop (tidak ada versi skema).")
    refuse_newer(revision)
    known = all_revisions()
    current_path = current.path if current is not None else None
    if current_path is not None and current_path.exists() and integrity_ok(current_path):
        mine, theirs = instansi_identity(current_path), instansi_identity(plain)
        if not paksa and not _same_instansi(mine, theirs):
            raise InstansiBerbeda(
                f"Cadangan ini milik instansi lain ('{(theirs or {}).get('nama', '?')}'), bukan "
                f"'{(mine or {}).get('nama', '?')}'. Pemulihan dibatalkan; gunakan pilihan paksa bila "
                "memang disengaja."
            )
    return revision, revision != known[-1]


def restore_backup(db: Database, actor: Actor, backup_path: Path, *, password: str | None = None,
                   paksa: bool = False, progress: ProgressFn | None = None) -> RestoreResult:
    """Replace the database with a backup after checking it; the current data is kept as a backup.

    Order: check the file (type, password, integrity, schema revision, instansi) on a private copy;
    back up the current database; upgrade the copy if its schema is older; close this process's
    connections; copy the checked content into the database in one transaction. Any failure
    before the last step leaves the database untouched; the last step is atomic.
    """
    require(actor, Izin.PULIHKAN)
    target = _require_sqlite(db)
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise BackupError(f"Berkas cadangan '{backup_path}' tidak ditemukan.")
    if target.exists() and backup_path.resolve() == target.resolve():
        raise BackupError("Berkas cadangan sama dengan basis data yang sedang dipakai.")
    with _work_dir(backup_dir_for(target)) as work:
        plain = _prepare_plain_copy(backup_path, work, password)
        revision, older = _check_revision_and_instansi(plain, db, paksa)
        instansi = (instansi_identity(plain) or {}).get("nama", "")
        previous: Path | None = None
        if target.exists() and target.stat().st_size > 0:
            previous = backup_sqlite(target, backup_dir_for(target) / f"sebelum-pemulihan-{_stamp()}.db")
        if older:
            staged = Database(f"sqlite:///{plain}")
            try:
                upgrade(staged.engine)
            finally:
                staged.dispose()
        db.dispose()
        copy_into_live(plain, target, progress=progress)
    db.dispose()
    audit_service.forget_anchor(target)  # the chain was rewound on purpose
    audit_service.record_event(
        db, actor, Aksi.PEMULIHAN, "basis_data", None,
        f"Basis data dipulihkan dari '{backup_path.name}'",
        {"berkas": backup_path.name, "revisi": revision, "cadangan_sebelumnya": previous.name if previous else None,
         "paksa": paksa},
    )
    return RestoreResult(previous, revision, older, instansi)


# --- automatic daily backup ---------------------------------------------------------------------

def auto_backup_if_due(db: Database, folder: Path | None = None, keep: int | None = None, *,
                       now: datetime | None = None) -> Path | None:
    """Take today's automatic backup if there is none yet; keep the newest ``keep``. System action.

    ``folder``/``keep`` default to the office settings; returns the new file or None (not due,
    switched off, or not an SQLite database).
    """
    if db.path is None:
        return None
    settings = get_backup_settings(db)
    if folder is None and not settings.otomatis:
        return None
    target = Path(folder) if folder is not None else auto_backup_folder(db, settings)
    keep = keep if keep is not None else settings.simpan
    now = now or datetime.now()
    target.mkdir(parents=True, exist_ok=True)
    today = f"{AUTO_PREFIX}{now:%Y%m%d}"
    if any(p.name.startswith(today) for p in target.glob(f"{AUTO_PREFIX}*.db")):
        return None
    out = backup_sqlite(db.path, target / f"{AUTO_PREFIX}{_stamp(now)}.db")
    autos = sorted(target.glob(f"{AUTO_PREFIX}*.db"), key=lambda p: p.name)
    for old in autos[: max(0, len(autos) - max(1, keep))]:
        old.unlink(missing_ok=True)
    audit_service.record_event(db, None, Aksi.CADANGAN, "basis_data", None,
                               f"Cadangan otomatis harian: {out.name}", {"berkas": out.name, "simpan": keep})
    return out


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (unreadable files are skipped)."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        if path.is_file() and path.suffix.lower() in (".db", ENCRYPTED_SUFFIX):
            try:
                found.append(inspect_backup(path))
            except (BackupError, OSError):
                continue
    return sorted(found, key=lambda b: (b.dibuat or datetime.min, b.path.name), reverse=True)


# --- start-up integrity check and recovery ------------------------------------------------------

@dataclass(frozen=True)
class StartupCheck:
    ok: bool
    cadangan_terbaik: Path | None  # the newest sound plain backup, offered when not ok


def startup_check(db_path: Path, extra_folders: tuple[Path, ...] = ()) -> StartupCheck:
    """Quick integrity check at start; when it fails, find the newest backup that passes."""
    # A file that is not SQLite at all is refused by open_database with its own message.
    if not db_path.is_file() or db_path.stat().st_size == 0 or not is_sqlite_file(db_path) or integrity_ok(db_path):
        return StartupCheck(True, None)
    return StartupCheck(False, latest_good_backup(db_path, extra_folders))


def latest_good_backup(db_path: Path, extra_folders: tuple[Path, ...] = ()) -> Path | None:
    folders = [db_path.parent / "backups", *extra_folders]
    candidates: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            candidates.extend(p for p in folder.glob("*.db") if p.is_file())
    for path in sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True):
        if integrity_ok(path, quick=False) and schema_revision(path) in all_revisions():
            return path
    return None


def recover_from_backup(db_path: Path, backup_path: Path, *, password: str | None = None) -> Path:
    """Set a damaged database aside (renamed, never deleted) and put a checked backup in its place.

    Used at start when the integrity check fails, before any engine is open. Returns the path the
    damaged file was moved to.
    """
    with _work_dir(db_path.parent) as work:
        plain = _prepare_plain_copy(Path(backup_path), work, password)
        _check_revision_and_instansi(plain, None, True)
        aside = db_path.with_name(f"{db_path.name}.rusak-{_stamp()}")
        for suffix in ("-wal", "-shm"):
            companion = db_path.with_name(db_path.name + suffix)
            if companion.exists():
                companion.replace(aside.with_name(aside.name + suffix))
        if db_path.exists():
            db_path.replace(aside)
        plain.replace(db_path)
    audit_service.forget_anchor(db_path)
    if head_revision() != schema_revision(db_path):
        staged = Database(f"sqlite:///{db_path}")
        try:
            upgrade(staged.engine)
        finally:
            staged.dispose()
    return aside
