"""Bulk INSERT for imports: plain DB-API ``executemany`` with the column types' own conversions.

SQLAlchemy's Core ``insert()`` with a list of dicts spends most of its time building and
processing parameters per row; for the 50,000-row pegawai import that overhead was larger than
SQLite's own work. Here each table's column list, its Python-side defaults and its bind
processors are worked out once and every row becomes a tuple, so the values stored are the same
as through Core (dates and timestamps in the dialect's own format). Works on SQLite and
PostgreSQL (qmark and format paramstyles); anything else falls back to Core.
"""

from __future__ import annotations

import operator
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, insert

_CHUNK = 5000
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


class BulkInserter:
    """``BulkInserter(connection, table).insert(rows)``: rows are dicts of column values; missing
    columns get the column default (scalar or callable, e.g. ``uuid``); ``id`` is left to the
    database.

    ``staged`` (SQLite): the rows go to a TEMP table first and reach the table in ONE
    ``INSERT ... SELECT``. The full-text index of ``pegawai`` is kept by a per-row trigger, and
    FTS5 does far less work for rows arriving in one statement than for 50,000 single-row
    statements (measured: 2.6 s -> 1.0 s CPU for 50,000 pegawai). The schema is not touched."""

    def __init__(self, connection: Connection, table: Table, *, staged: bool = False) -> None:
        self.connection = connection
        self.table = table
        dialect = connection.dialect
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement in (True, "auto"))]
        keys = [c.key for c in self.columns]
        # Every column present in the merged row dict: scalar defaults first, then the row.
        self.base: dict[str, Any] = dict.fromkeys(keys)
        self.generated: list[tuple[str, Callable[[], Any]]] = []  # callable defaults (uuid, timestamps)
        self.processed: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for index, column in enumerate(self.columns):
            default = column.default
            if column.key == "uuid":
                self.generated.append((column.key, _UUIDS.next))
            elif default is not None and getattr(default, "is_callable", False):
                fn = getattr(default, "arg")  # noqa: B009 (DefaultGenerator has no typed .arg)
                self.generated.append((column.key, lambda fn=fn: fn(None)))  # type: ignore[misc]
            elif default is not None and getattr(default, "is_scalar", False):
                self.base[column.key] = getattr(default, "arg")  # noqa: B009
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                # Dates repeat (TMT, birth dates, the import timestamp): convert each value once.
                self.processed.append((index, processor, {}))
        self.getter = operator.itemgetter(*keys)
        mark = _MARKS.get(dialect.paramstyle)
        self.sql: str | None = None
        self.staging: tuple[str, str, str] | None = None  # create, insert ... select, drop
        if mark is not None:
            quote = dialect.identifier_preparer.quote
            names = ", ".join(quote(c.name) for c in self.columns)
            target = dialect.identifier_preparer.format_table(table)
            marks = ", ".join([mark] * len(self.columns))
            self.sql = f"INSERT INTO {target} ({names}) VALUES ({marks})"
            if staged and dialect.name == "sqlite":
                temp = quote(f"impor_{table.name}")
                self.staging = (f"CREATE TEMP TABLE {temp} AS SELECT {names} FROM {target} WHERE 0",
                                f"INSERT INTO {target} ({names}) SELECT {names} FROM temp.{temp}",
                                f"DROP TABLE temp.{temp}")
                self.sql = f"INSERT INTO temp.{temp} ({names}) VALUES ({marks})"

    def _tuple(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        merged = {**self.base, **row}
        for key, make in self.generated:
            if key not in row:
                merged[key] = make()
        values = list(self.getter(merged))
        for index, processor, memo in self.processed:
            value = values[index]
            if value is not None:
                try:
                    converted = memo.get(value, _MISSING)
                except TypeError:
                    converted = processor(value)
                else:
                    if converted is _MISSING:
                        converted = memo[value] = processor(value)
                values[index] = converted
        return tuple(values)

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
        elif self.staging is None:
            self.connection.exec_driver_sql(self.sql, [self._tuple(r) for r in batch])
        else:
            create, move, drop = self.staging
            self.connection.exec_driver_sql(create)
            try:
                self.connection.exec_driver_sql(self.sql, [self._tuple(r) for r in batch])
                self.connection.exec_driver_sql(move)
            finally:
                self.connection.exec_driver_sql(drop)
        return len(batch)

    def _complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {c.key: row[c.key] for c in self.columns if c.key in row}


_MISSING = object()


class _Uuid4Source:
    """Random (version 4) UUID strings, as ``str(uuid.uuid4())`` but from one ``os.urandom``
    call per 4,096 of them: 150,000 rows of an import need 150,000 uuids."""

    _BATCH = 4096

    def __init__(self) -> None:
        self._pool: list[str] = []
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            if not self._pool:
                self._pool = self._make(self._BATCH)
            return self._pool.pop()

    @staticmethod
    def _make(count: int) -> list[str]:
        raw = os.urandom(16 * count)
        out = []
        for start in range(0, 16 * count, 16):
            value = int.from_bytes(raw[start : start + 16], "big")
            value = (value & _CLEAR_VERSION) | _VERSION_4
            h = f"{value:032x}"
            out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
        return out


# RFC 4122: version nibble 4 (bits 76-79), variant 10 (bits 62-63).
_CLEAR_VERSION = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_VERSION_4 = (0x4 << 76) | (0x2 << 62)
_UUIDS = _Uuid4Source()


def fast_uuid() -> str:
    """A new random uuid string (same form as ``db.base.new_uuid``), cheaper in bulk."""
    return _UUIDS.next()
