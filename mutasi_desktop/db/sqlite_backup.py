"""Consistent copies of a live SQLite database through SQLite's online backup API.

Never copy the file itself: with WAL, committed pages may still live in the ``-wal`` file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

ProgressFn = Callable[[int, int], None]


def backup_sqlite(source: Path, destination: Path, *, progress: ProgressFn | None = None,
                  pages_per_step: int = 256) -> Path:
    """Copy ``source`` into ``destination`` (written beside it first, then renamed into place)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            def _progress(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=pages_per_step, progress=_progress)
            # A backup is a plain rollback-journal file: one self-contained file to carry around.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(destination)
    return destination


def is_sqlite_file(path: Path) -> bool:
    """True when the file starts with the SQLite header (an empty file is a new database)."""
    with path.open("rb") as fh:
        header = fh.read(16)
    return header == b"SQLite format 3\x00" or header == b""


def integrity_ok(path: Path, *, quick: bool = True) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = con.execute(f"PRAGMA {pragma}").fetchall()
        return rows == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def integrity_problems(path: Path, *, limit: int = 20) -> list[str]:
    """The messages of a full ``PRAGMA integrity_check`` (empty list = sound database)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = con.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
        messages = [str(r[0]) for r in rows]
        return [] if messages == ["ok"] else messages
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stored in an SQLite file, or None when it has none (not ours)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def instansi_identity(path: Path) -> dict[str, str] | None:
    """Name, code and uuid of the instansi stored in an SQLite file (None when there is none)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT nama_daerah, kode, uuid FROM instansi ORDER BY id LIMIT 1").fetchone()
        if row is None:
            return None
        return {"nama": str(row[0] or ""), "kode": str(row[1] or ""), "uuid": str(row[2] or "")}
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def copy_into_live(source: Path, destination: Path, *, progress: ProgressFn | None = None) -> None:
    """Replace the content of ``destination`` by ``source`` in one SQLite write transaction.

    The backup API writes the destination's pages under its own journal (WAL here), so a crash or
    power cut leaves either the old database or the new one, never a mixture; no file is renamed
    under an open connection and no stale ``-wal`` file can be replayed onto the new content.
    Close every connection of this process to ``destination`` first.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination, timeout=30)
        try:
            def _progress(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            # One step for the whole file: the destination is rewritten in a single transaction.
            src.backup(dst, pages=-1, progress=_progress)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()
