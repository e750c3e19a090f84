"""Bulk INSERT for imports: plain DB-API ``executemany`` with the column types' own conversions.

SQLAlchemy's Core ``insert()`` with a list of dicts spends most of its time building and
processing parameters per row; for the 50,000-row pegawai import that overhead was larger than
SQLite's own work. Here each table's column list, its Python-side defaults and its bind
processors are worked out once and every row becomes a tuple, so the values stored are the same
as through Core (dates and timestamps in the dialect's own format). Works on SQLite and
PostgreSQL (qmark and format paramstyles); anything else falls back to Core.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import operator
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import SQLAlchemyError

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

    def __init__(self, connection: Connection, table: Table, *, staged: bool = False,
                 constants: Mapping[str, Any] | None = None, extra: Sequence[str] = ()) -> None:
        self.connection = connection
        self.table = table
        dialect = connection.dialect
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement in (True, "auto"))]
        # ``constants``: the same value on every row (timestamps, the clerk, version). Staged,
        # they are bound once in the INSERT ... SELECT instead of once per row.
        self.constants = dict(constants or {})
        self.staged = bool(staged and dialect.name == "sqlite" and _MARKS.get(dialect.paramstyle) == "?")
        all_columns = self.columns
        if self.staged:
            self.columns = [c for c in all_columns if c.key not in self.constants]
        # ``extra`` (staged only): values of each row kept in the staging table beside its
        # columns, for the ``after`` statements of :meth:`move` (not written to the table).
        self.extra = tuple(extra) if self.staged else ()
        keys = [c.key for c in self.columns] + list(self.extra)
        # Every column present in the merged row dict: scalar defaults first, then the row.
        self.base: dict[str, Any] = dict.fromkeys(keys)
        self.generated: list[tuple[str, Callable[[], Any]]] = []  # callable defaults (uuid, timestamps)
        self.processed: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for index, column in enumerate(self.columns):
            default = column.default
            if column.key in self.constants:
                self.base[column.key] = self.constants[column.key]
            elif column.key == "uuid":
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
        self.staging_params: tuple[Any, ...] = ()  # the constants of the INSERT ... SELECT
        self._staging_sql: tuple[str, str, str] | None = None  # create, fill, move (with STAGING)
        self._serial = 0
        if mark is not None:
            quote = dialect.identifier_preparer.quote
            names = ", ".join(quote(c.name) for c in self.columns)
            target = dialect.identifier_preparer.format_table(table)
            marks = ", ".join([mark] * len(self.columns))
            self.sql = f"INSERT INTO {target} ({names}) VALUES ({marks})"
            self.target = target
            if self.staged:
                extra_names = "".join(f", {quote(e)}" for e in self.extra)
                extra_nulls = "".join(f", NULL AS {quote(e)}" for e in self.extra)
                extra_marks = ", ?" * len(self.extra)
                select_list = ", ".join("?" if c.key in self.constants else quote(c.name) for c in all_columns)
                self.staging_params = tuple(_bound(c, self.constants[c.key], dialect)
                                            for c in all_columns if c.key in self.constants)
                self._staging_sql = (
                    f"CREATE TEMP TABLE {STAGING} AS SELECT {names}{extra_nulls} FROM {target} WHERE 0",
                    f"INSERT INTO temp.{STAGING} ({names}{extra_names}) VALUES ({marks}{extra_marks})",
                    f"INSERT INTO {target} ({', '.join(quote(c.name) for c in all_columns)}) "
                    f"SELECT {select_list} FROM temp.{STAGING} ORDER BY rowid",
                )

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
        return self.write_prepared(self.prepare(batch))

    def prepare(self, batch: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The rows as the statement's parameters (pure Python: may run while another chunk is
        being written)."""
        if self.sql is None:
            return [self._complete(r) for r in batch]
        return [self._tuple(r) for r in batch]

    def write_prepared(self, params: list[Any], after: Sequence[tuple[str, Sequence[Any]]] = ()) -> int:
        """Write prepared rows. Staged, ``after`` (SQL, parameters) runs once the rows reached
        the table and while the staging table still holds them (its name is written
        :data:`STAGING` in the SQL), e.g. to derive history rows with ``INSERT ... SELECT``;
        otherwise ``after`` must be empty."""
        if after and self._staging_sql is None:
            raise ValueError("'after' statements need a staged SQLite insert")
        if self.sql is None:
            self.connection.execute(insert(self.table), params)
        elif self._staging_sql is None:
            self.connection.exec_driver_sql(self.sql, params)
        else:
            self.move(self.stage(params), after)
        return len(params)

    def stage(self, params: list[Any]) -> str:
        """Staged only: a new TEMP table holding ``params``; returns its name for :meth:`move`.

        Binding parameters needs the GIL, so the caller's thread does it (uncontended it costs
        a fifth of what it costs beside a busy thread); :meth:`move`, one statement that SQLite
        runs without the GIL, can then go to another thread. Both use the driver connection
        directly: the caller must make sure they never run at the same time."""
        assert self._staging_sql is not None
        self._serial += 1
        name = f"impor_{self.table.name}_{self._serial}"
        create, fill, _move = self._staging_sql
        cursor = self._driver().cursor()
        try:
            cursor.execute(create.replace(STAGING, name))
            cursor.executemany(fill.replace(STAGING, name), params)
        finally:
            cursor.close()
        return name

    def move(self, staging: str, after: Sequence[tuple[str, Sequence[Any]]] = ()) -> None:
        """Staged only: copy the rows of ``staging`` into the table, run ``after``, drop it."""
        assert self._staging_sql is not None
        cursor = self._driver().cursor()
        try:
            # The rows get the rowids after the table's highest, in staging order (a table
            # without AUTOINCREMENT, and the write lock held): row k of the staging table is
            # ``STAGING_BASE + k``, which ``after`` may use instead of looking each row up.
            base = int(cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {self.target}").fetchone()[0])
            cursor.execute(self._staging_sql[2].replace(STAGING, staging), self.staging_params)
            added = int(cursor.execute(f"SELECT count(*) FROM temp.{staging}").fetchone()[0])
            top = int(cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {self.target}").fetchone()[0])
            if top != base + added:
                raise RuntimeError(f"{self.table.name}: rowids {base + 1}..{top} for {added} rows")
            for sql, extra in after:
                cursor.execute(sql.replace(STAGING, staging).replace(STAGING_BASE, str(base)), tuple(extra))
        finally:
            cursor.execute(f"DROP TABLE temp.{staging}")
            cursor.close()

    def _driver(self) -> Any:
        return self.connection.connection.driver_connection

    def _complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {c.key: row[c.key] for c in self.columns if c.key in row}


_MISSING = object()
STAGING = "__staging__"  # stands for the staging table's name in SQL given to write_prepared/move
STAGING_BASE = "__staging_base__"  # ... and for the rowid before the first row moved in


def _bound(column: Any, value: Any, dialect: Any) -> Any:
    """``value`` as the driver receives it for ``column`` (the column type's bind processor)."""
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor(value) if processor is not None and value is not None else value


# A random version-4 uuid made by SQLite itself, the same form as ``str(uuid.uuid4())``.
SQLITE_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || lower(hex(randomblob(6)))"
)


def insert_select(connection: Connection, table: Table, exprs: Mapping[str, str], source: str,
                  constants: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """``INSERT INTO table (...) SELECT ... <source>`` for SQLite: a column takes its SQL
    expression from ``exprs``, else its value from ``constants``, else its scalar default, else
    NULL; ``uuid`` gets a new random uuid per row. Returns the SQL and its parameters."""
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names: list[str] = []
    select_list: list[str] = []
    params: list[Any] = []
    for column in table.columns:
        if column.primary_key and column.autoincrement in (True, "auto"):
            continue
        names.append(quote(column.name))
        default = column.default
        if column.key in exprs:
            select_list.append(exprs[column.key])
            continue
        if column.key in constants:
            value = constants[column.key]
        elif column.key == "uuid":
            select_list.append(SQLITE_UUID4)
            continue
        elif default is not None and getattr(default, "is_scalar", False):
            value = getattr(default, "arg")  # noqa: B009
        elif column.nullable:
            value = None
        else:
            raise ValueError(f"no value for {table.name}.{column.key}")
        select_list.append("?")
        params.append(_bound(column, value, dialect))
    target = dialect.identifier_preparer.format_table(table)
    return f"INSERT INTO {target} ({', '.join(names)}) SELECT {', '.join(select_list)} {source}", tuple(params)


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


def new_uuids(count: int) -> list[str]:
    """``count`` new random uuid strings at once (cheaper than :func:`fast_uuid` each time)."""
    return _Uuid4Source._make(count)


def fast_uuid() -> str:
    """A new random uuid string (same form as ``db.base.new_uuid``), cheaper in bulk."""
    return _UUIDS.next()


@contextlib.contextmanager
def large_write_cache(connection: Connection, megabytes: int = 96) -> Iterator[None]:
    """On SQLite, a bigger page cache for one big write, then the connection's own setting back.

    With the default 2 MB, inserting 50,000 pegawai (nine indexes and a full-text index, keys in
    random order) spills and re-reads index pages thousands of times (measured: 11 s -> 6 s wall,
    0.4 s less CPU). The cache grows only as far as the pages written need."""
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(megabytes) * 1024}")
    try:
        yield
    finally:
        # Never mask the error that ended the write; a bigger cache left behind is harmless.
        with contextlib.suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA cache_size={int(previous if previous is not None else -2000)}")


class SerialWorker:
    """Runs submitted jobs one after another on one background thread.

    SQLite releases the GIL while it inserts, so the import prepares the next chunk of rows
    while this thread writes the previous one. The caller must not use the connection itself
    until :meth:`join` returned. At most ``depth`` jobs wait, which bounds the memory held."""

    def __init__(self, depth: int = 2, *, inline: bool = False) -> None:
        self.inline = inline  # run each job at once on the caller's thread
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=depth)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._abandoned = False

    def submit(self, job: Callable[[], None]) -> None:
        if self._error is not None:
            raise self._error
        if self.inline:
            job()
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="impor-writer", daemon=True)
            self._thread.start()
        self._queue.put(job)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if self._error is None and not self._abandoned:
                try:
                    job()
                except BaseException as exc:  # handed to the submitting thread by join()
                    self._error = exc

    def join(self) -> None:
        """Wait for every job; re-raise the first error of a job."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Skip the jobs not started yet and wait for the running one (before a rollback)."""
        self._abandoned = True
        with contextlib.suppress(BaseException):
            self.join()


_gc_lock = threading.Lock()
_gc_state = {"pauses": 0, "was_enabled": False}
_F = TypeVar("_F", bound=Callable[..., Any])


def gc_paused(fn: _F) -> _F:
    """Run ``fn`` with Python's cycle collector paused (resumed after, also after an error).

    A 50,000-row import creates millions of short-lived dicts and tuples and keeps 50,000 rows
    alive: every few thousand allocations the collector ran, and its older generations walked
    every kept row again (0.2-0.4 s of a 6 s import). Nothing an import builds has reference
    cycles, so nothing is left for the collector; nested and concurrent pauses are counted."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _gc_lock:
            if _gc_state["pauses"] == 0:
                _gc_state["was_enabled"] = gc.isenabled()
                gc.disable()
            _gc_state["pauses"] += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _gc_lock:
                _gc_state["pauses"] -= 1
                if _gc_state["pauses"] == 0 and _gc_state["was_enabled"]:
                    gc.enable()

    return cast(_F, wrapper)


def may_write_from_another_thread(connection: Connection) -> bool:
    """False for an in-memory SQLite database: its single connection is bound to one thread."""
    url = connection.engine.url
    return not (connection.dialect.name == "sqlite" and url.database in (None, "", ":memory:"))
