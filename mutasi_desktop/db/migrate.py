"""Open a database at the current schema: create it, or upgrade it after a backup.

The app and the CLI both call :func:`open_database`. A database written by a newer version of
Mutasi Desktop is refused (its schema is unknown to us); a file that is not SQLite is refused;
an older schema is backed up with SQLite's backup API and then upgraded by Alembic.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from mutasi_desktop.db.engine import Database, sqlite_path
from mutasi_desktop.db.errors import DatabaseOpenError, explain_connection_error
from mutasi_desktop.db.sqlite_backup import backup_sqlite, integrity_ok, is_sqlite_file
from mutasi_desktop.paths import backup_dir_for

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def all_revisions() -> list[str]:
    """Every revision from the first to the head, oldest first."""
    revisions = [rev.revision for rev in script_directory().walk_revisions()]
    return list(reversed(revisions))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class OpenResult:
    database: Database
    created: bool
    upgraded_from: str | None
    backup_path: Path | None


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _check_sqlite_file(path: Path, *, check_integrity: bool) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseOpenError(f"'{path}' adalah folder, bukan berkas basis data.")
    if not is_sqlite_file(path):
        raise DatabaseOpenError(
            f"Berkas '{path.name}' bukan basis data Mutasi Desktop (bukan berkas SQLite). "
            "Pilih berkas .db yang benar atau pulihkan dari cadangan."
        )
    if check_integrity and path.stat().st_size > 0 and not integrity_ok(path):
        raise DatabaseOpenError(
            f"Basis data '{path.name}' rusak (pemeriksaan integritas gagal). "
            "Pulihkan dari cadangan terakhir yang baik."
        )


def open_database(url: str, *, upgrade_schema: bool = True, echo: bool = False,
                  check_integrity: bool = True) -> OpenResult:
    """Open ``url`` ready for use: create the schema, or back up and upgrade an older one.

    ``check_integrity=False`` skips SQLite's quick_check (about a second on a 400 MB file) for a
    caller that has just run it itself, as the desktop app does before offering a backup.
    """
    path = sqlite_path(url)
    if path is not None:
        if not path.parent.exists():
            raise DatabaseOpenError(f"Folder '{path.parent}' tidak ada.")
        _check_sqlite_file(path, check_integrity=check_integrity)
    try:
        database = Database(url, echo=echo)
        current = current_revision(database.engine)
        has_tables = bool(inspect(database.engine).get_table_names())
    except sqlite3.DatabaseError as exc:  # pragma: no cover - caught by _check_sqlite_file first
        raise DatabaseOpenError(f"Basis data tidak dapat dibuka: {exc}") from exc
    except Exception as exc:
        if path is None:  # a server: say why in words, not the driver's English
            parts = make_url(url)
            reason = explain_connection_error(exc, host=parts.host or "", port=parts.port or 5432)
            raise DatabaseOpenError(f"Basis data di server tidak dapat dibuka: {reason}") from exc
        raise DatabaseOpenError(f"Basis data tidak dapat dibuka: {exc}") from exc

    known = all_revisions()
    head = known[-1]
    if current is None and has_tables:
        database.dispose()
        raise DatabaseOpenError(
            "Berkas ini berisi tabel yang bukan milik Mutasi Desktop (tidak ada versi skema)."
        )
    if current is not None and current not in known:
        database.dispose()
        raise DatabaseOpenError(
            f"Basis data ini dibuat oleh versi Mutasi Desktop yang lebih baru (skema '{current}'). "
            "Perbarui aplikasi sebelum membuka basis data ini; tidak ada yang diubah."
        )
    if current == head:
        return OpenResult(database, created=False, upgraded_from=None, backup_path=None)
    if not upgrade_schema:
        database.dispose()
        raise DatabaseOpenError(f"Skema basis data perlu diperbarui (dari '{current}' ke '{head}').")

    backup_path: Path | None = None
    if current is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_path = backup_sqlite(path, backup_dir_for(path) / f"sebelum-upgrade-{current}-{stamp}.db")
    upgrade(database.engine)
    return OpenResult(database, created=current is None, upgraded_from=current, backup_path=backup_path)
