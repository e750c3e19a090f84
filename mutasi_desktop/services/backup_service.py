"""Backups and restore: consistent copies, optional encryption, daily rotation, safe restore.

A backup is taken with SQLite's online backup API (never a raw copy of a WAL database). A plain
backup is an ordinary SQLite file; an encrypted backup (for a USB stick) is the container of
``backup_container.py``.

A restore checks everything before touching the current database (integrity, schema revision,
instansi, password), keeps the current database as a backup, then replaces its content in one
SQLite transaction.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

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
from mutasi_desktop.services.backup_container import (
    FORMAT_VERSION,
    BackupError,
    InstansiBerbeda,
    KataSandiSalah,
    PasswordDiperlukan,
    decrypt_file,
    encrypt_file,
    file_kind,
    read_header,
)
from mutasi_desktop.services.settings_service import get_settings_dict, set_setting

# The errors live with the container format; callers import them from here.
__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupSettings",
    "InstansiBerbeda",
    "KataSandiSalah",
    "PasswordDiperlukan",
    "RestoreResult",
    "StartupCheck",
    "auto_backup_folder",
    "auto_backup_if_due",
    "check_backup",
    "create_backup",
    "get_backup_settings",
    "inspect_backup",
    "latest_good_backup",
    "list_backups",
    "recover_from_backup",
    "refuse_newer",
    "restore_backup",
    "set_backup_settings",
    "startup_check",
]

ProgressFn = Callable[[int, int], None]

ENCRYPTED_SUFFIX = ".mbak"
AUTO_PREFIX = "mutasi-otomatis-"
PASSWORD_ENV = "MUTASI_BACKUP_PASSWORD"
MIN_BACKUP_PASSWORD = 8

SETTINGS_KEY = "cadangan"
DEFAULTS: dict[str, Any] = {"otomatis": True, "folder": "", "simpan": 7}


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


@contextmanager
def _work_dir(beside: Path) -> Iterator[Path]:
    """A private scratch folder on the same disk as ``beside`` (removed afterwards)."""
    beside.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".mutasi-kerja-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
            encrypt_file(plain, out_path, password, {
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
    if file_kind(path) == "enkripsi":
        with path.open("rb") as fh:
            header, _ = read_header(fh)
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
    if file_kind(backup_path) == "enkripsi":
        # The header is readable without the password: refuse a newer schema before asking for it.
        refuse_newer(inspect_backup(backup_path).revisi)
        if password is None:
            raise PasswordDiperlukan("Cadangan ini terenkripsi; masukkan kata sandinya.")
        decrypt_file(backup_path, plain, password)
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
