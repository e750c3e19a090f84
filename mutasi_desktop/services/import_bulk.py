"""Bulk INSERT for imports: plain DB-API ``executemany`` with the column types' own conversions.

SQLAlchemy's Core ``insert()`` with a list of dicts spends most of its time building and
processing parameters per row; for the 50,000-row pegawai import that overhead was larger than
SQLite's own work. Here each table's column list, its Python-side defaults and its bind
processors are worked out once and every row becomes a tuple, so the values stored are the same
as through Core (dates and timestamps in the dialect's own format). Works on SQLite and
PostgreSQL (qmark and format paramstyles); anything else falls back to Core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, insert

_CHUNK = 5000
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


class BulkInserter:
    """``BulkInserter(connection, table).insert(rows)``: rows are dicts of column values; missing
    columns get the column default (scalar or callable, e.g. ``uuid``); ``id`` is left to the
    database."""

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        dialect = connection.dialect
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement in (True, "auto"))]
        self.defaults: list[Callable[[], Any] | None] = []
        self.processors: list[Callable[[Any], Any] | None] = []
        for column in self.columns:
            default = column.default
            if default is None or (not getattr(default, "is_scalar", False) and not getattr(default, "is_callable", False)):
                self.defaults.append(None)
            elif default.is_callable:
                fn = getattr(default, "arg")  # noqa: B009 (DefaultGenerator has no typed .arg)
                self.defaults.append(lambda fn=fn: fn(None))  # type: ignore[misc]
            else:
                value = getattr(default, "arg")  # noqa: B009
                self.defaults.append(lambda value=value: value)  # type: ignore[misc]
            self.processors.append(column.type.dialect_impl(dialect).bind_processor(dialect))
        mark = _MARKS.get(dialect.paramstyle)
        self.sql: str | None = None
        if mark is not None:
            quote = dialect.identifier_preparer.quote
            names = ", ".join(quote(c.name) for c in self.columns)
            self.sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) "
                        f"VALUES ({', '.join([mark] * len(self.columns))})")

    def _tuple(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for column, default, processor in zip(self.columns, self.defaults, self.processors, strict=True):
            value = row.get(column.key, _MISSING)
            if value is _MISSING:
                value = default() if default is not None else None
            if processor is not None and value is not None:
                value = processor(value)
            out.append(value)
        return tuple(out)

    def insert(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert ``rows`` (in chunks); returns how many."""
        count = 0
        batch: list[Mapping[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _CHUNK:
                count += self._write(batch)
                batch = []
        if batch:
            count += self._write(batch)
        return count

    def _write(self, batch: list[Mapping[str, Any]]) -> int:
        if self.sql is None:
            self.connection.execute(insert(self.table), [self._complete(r) for r in batch])
        else:
            self.connection.exec_driver_sql(self.sql, [self._tuple(r) for r in batch])
        return len(batch)

    def _complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {c.key: row[c.key] for c in self.columns if c.key in row}


_MISSING = object()
