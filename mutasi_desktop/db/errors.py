"""Database-level errors with Indonesian messages for the clerk."""

from __future__ import annotations


class DatabaseOpenError(RuntimeError):
    """The database cannot be opened as it is (not SQLite, newer version, damaged)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
