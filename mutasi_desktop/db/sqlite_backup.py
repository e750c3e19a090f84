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
