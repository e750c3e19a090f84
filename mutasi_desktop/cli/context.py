"""Opening the database the command line was pointed at."""

from __future__ import annotations

import argparse
import sys

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.services.server_connection import resolve_database_url


def open_db(args: argparse.Namespace, *, announce: bool = True) -> Database:
    """Open (create or upgrade) the database named by ``--db``, ``MUTASI_DB``, the saved server
    (``mutasi server atur``) or the local default, in that order."""
    url = resolve_database_url(getattr(args, "db", None))
    result = open_database(url)
    if announce and result.upgraded_from is not None:
        sys.stderr.write(
            f"Skema basis data diperbarui dari '{result.upgraded_from}'. Cadangan: {result.backup_path}\n"
        )
    return result.database
