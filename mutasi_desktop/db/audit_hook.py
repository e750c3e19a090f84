"""The audit trail at the row level, and the hash chain every audit entry joins.

:func:`install_audit_hook` puts a listener on a session factory: every insert, update and delete
of a :class:`TrackedMixin` row (and of an office ``setting``) that goes through the ORM becomes an
``audit_log`` entry with the acting user (``session.info["actor"]``, else "sistem"), the time,
the table, the row id and the before/after values of the changed columns. Events that are not one
row (a state transition, an import, a login) go through ``services.audit_service.record``, which
uses :func:`append_entries` too.

Every entry carries ``hash = sha256(prev_hash + canonical JSON of the entry)`` and ids are given
consecutively by the writer, so altering, deleting or reordering an entry breaks the chain.
Writers serialise on the chain: PostgreSQL through a transaction-scoped advisory lock, SQLite
through its single write lock (the flush has already written, so the transaction holds it).

The database keeps the values unmasked (it holds them anyway); nothing here writes to log files.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, event, insert, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from mutasi_desktop.db.base import TrackedMixin, utcnow
from mutasi_desktop.db.models import AuditLog, Setting

GENESIS_HASH = "0" * 64
# Any constant will do; it only has to be the same for every writer of this database.
ADVISORY_LOCK_KEY = 0x4D555441  # "MUTA"
SYSTEM_USERNAME = "sistem"

# Bookkeeping columns every tracked row has: recorded implicitly by the entry itself.
# Login bookkeeping of ``pengguna`` is recorded as LOGIN / LOGIN_GAGAL events instead.
SKIPPED_COLUMNS = frozenset({"version", "created_at", "updated_at", "updated_by", "search_text", "nama_sort",
                             "gagal_login", "terkunci_sampai", "login_terakhir"})
# Never copied into the trail, not even as a hash: only the fact that it changed.
SECRET_COLUMNS = frozenset({"password_hash"})
SECRET_PLACEHOLDER = "(rahasia)"
# Office settings that hold keys (the SK verification secret, the candidate-pool cache key): the
# trail records that they were set, never their value.
SECRET_SETTINGS = frozenset({"dokumen.rahasia_verifikasi", "seleksi.kunci_cache"})

_AUDIT_TABLE: Table = AuditLog.__table__  # type: ignore[assignment]


class Aksi:
    """Codes for ``audit_log.aksi`` (short strings; new event kinds add a constant here)."""

    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    TRANSISI = "TRANSISI"
    IMPOR = "IMPOR"
    EKSPOR = "EKSPOR"
    CETAK_SK = "CETAK_SK"
    LOGIN = "LOGIN"
    LOGIN_GAGAL = "LOGIN_GAGAL"
    LOGOUT = "LOGOUT"
    CADANGAN = "CADANGAN"
    PEMULIHAN = "PEMULIHAN"
    PENGGUNA = "PENGGUNA"
    PENGATURAN = "PENGATURAN"
    PERTUKARAN = "PERTUKARAN"


@dataclass(frozen=True)
class PendingEntry:
    """An audit entry before it joins the chain."""

    pengguna: str
    aksi: str
    entitas: str
    entitas_id: str | None = None
    ringkasan: str = ""
    perubahan: dict[str, Any] | None = None
    waktu: datetime = field(default_factory=utcnow)


_PLAIN = frozenset({str, int, bool, type(None)})


class JsonNative(list[Any]):
    """A list its maker vouches holds only JSON-native values (str, int, bool, None and lists
    of them): stored as it is. An import's entry lists 50,000 [nip, uuid] pairs."""


def _jsonable_item(value: Any) -> Any:
    """:func:`jsonable` of a list item, with a short way for a list or tuple of plain values."""
    if type(value) in (list, tuple) and all(map(_PLAIN.__contains__, map(type, value))):
        return list(value)
    return jsonable(value)


def jsonable(value: Any) -> Any:
    """A JSON-native copy of ``value`` that survives a database round trip unchanged (for hashing)."""
    if type(value) is JsonNative:
        return list(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bita>"
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        # Plain items are already JSON-native: an import's entry lists 50,000 [nip, uuid] pairs.
        items = [v if type(v) in _PLAIN else _jsonable_item(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return str(value)


def canonical_entry(
    *,
    id: int,
    waktu: datetime,
    pengguna: str,
    aksi: str,
    entitas: str,
    entitas_id: str | None,
    ringkasan: str,
    perubahan: dict[str, Any] | None,
) -> str:
    """The exact text that is hashed: sorted keys, no spaces, UTF-8, microsecond timestamps."""
    payload = {
        "id": id,
        "waktu": waktu.isoformat(timespec="microseconds"),
        "pengguna": pengguna,
        "aksi": aksi,
        "entitas": entitas,
        "entitas_id": entitas_id,
        "ringkasan": ringkasan,
        "perubahan": perubahan,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def lock_chain(connection: Connection) -> None:
    """Serialise chain writers. On SQLite the transaction's write lock already does it."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def append_entries(connection: Connection, entries: list[PendingEntry]) -> list[int]:
    """Append ``entries`` to the chain inside the caller's transaction; return their ids."""
    if not entries:
        return []
    lock_chain(connection)
    last = connection.execute(
        select(_AUDIT_TABLE.c.id, _AUDIT_TABLE.c.hash).order_by(_AUDIT_TABLE.c.id.desc()).limit(1)
    ).first()
    next_id, prev_hash = (int(last[0]) + 1, str(last[1])) if last is not None else (1, GENESIS_HASH)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        waktu = entry.waktu.replace(tzinfo=None)
        perubahan = jsonable(entry.perubahan) if entry.perubahan is not None else None
        pengguna = (entry.pengguna or SYSTEM_USERNAME)[:64]
        entitas_id = entry.entitas_id[:64] if entry.entitas_id is not None else None
        canonical = canonical_entry(
            id=next_id, waktu=waktu, pengguna=pengguna, aksi=entry.aksi, entitas=entry.entitas,
            entitas_id=entitas_id, ringkasan=entry.ringkasan, perubahan=perubahan,
        )
        digest = chain_hash(prev_hash, canonical)
        rows.append({
            "id": next_id, "waktu": waktu, "pengguna": pengguna, "aksi": entry.aksi,
            "entitas": entry.entitas, "entitas_id": entitas_id, "ringkasan": entry.ringkasan,
            "perubahan": perubahan, "prev_hash": prev_hash, "hash": digest,
        })
        prev_hash = digest
        next_id += 1
    connection.execute(insert(_AUDIT_TABLE), rows)
    return [int(r["id"]) for r in rows]


def actor_username(session: Session) -> str:
    """The acting user of a session (an ``Actor`` or a plain name in ``session.info``)."""
    actor = session.info.get("actor")
    if isinstance(actor, str) and actor:
        return actor
    username = getattr(actor, "username", None)
    return str(username) if username else SYSTEM_USERNAME


# --- the row-level listener -------------------------------------------------------------------

def _is_audited(obj: object) -> bool:
    return isinstance(obj, TrackedMixin | Setting)


def _entity_id(obj: Any) -> str | None:
    if isinstance(obj, Setting):
        return str(obj.key)
    value = inspect(obj).dict.get("id")
    return None if value is None else str(value)


def _column_keys(obj: object) -> list[str]:
    mapper = inspect(obj).mapper
    return [attr.key for attr in mapper.column_attrs if attr.key not in SKIPPED_COLUMNS]


def _secret_keys(obj: object) -> frozenset[str]:
    if isinstance(obj, Setting) and obj.key in SECRET_SETTINGS:
        return SECRET_COLUMNS | {"value"}
    return SECRET_COLUMNS


def _shown(key: str, value: Any, secret: frozenset[str] = SECRET_COLUMNS) -> Any:
    return SECRET_PLACEHOLDER if key in secret else jsonable(value)


def _snapshot(obj: object) -> dict[str, Any]:
    """Every non-empty column of a row being created or deleted (id and uuid sit beside it)."""
    state = inspect(obj)
    secret = _secret_keys(obj)
    values = {key: state.dict.get(key) for key in _column_keys(obj) if key not in ("id", "uuid")}
    return {key: _shown(key, value, secret) for key, value in values.items() if value is not None and value != ""}


def _changes(obj: object) -> dict[str, dict[str, Any]]:
    state = inspect(obj)
    secret = _secret_keys(obj)
    changed: dict[str, dict[str, Any]] = {}
    for key in _column_keys(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else state.dict.get(key)
        if before == after:
            continue
        changed[key] = {"lama": _shown(key, before, secret), "baru": _shown(key, after, secret)}
    return changed


def _uuid_of(obj: object) -> str | None:
    value = inspect(obj).dict.get("uuid")
    return None if value is None else str(value)


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    # Stamp who changed a row, so the UI can say "diubah oleh X" on a version conflict. A value
    # the service set itself wins; a session without an actor leaves the column alone.
    if session.info.get("actor") is None:
        return
    username = actor_username(session)
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TrackedMixin) or not (obj in session.new or session.is_modified(obj)):
            continue
        if inspect(obj).attrs["updated_by"].history.added:
            continue
        obj.updated_by = username


# A bulk import lists the rows it wrote inside its one IMPOR entry instead of one entry per row:
# while ``session.info[ROW_SUMMARY_KEY]`` is a list, the row changes are appended to it (the
# import then records them; services.import_records). Added for issue 7.
ROW_SUMMARY_KEY = "audit_ringkasan_baris"


def _after_flush(session: Session, _flush_context: Any) -> None:
    username = actor_username(session)
    entries: list[PendingEntry] = []
    for obj in session.new:
        if _is_audited(obj):
            table = inspect(obj).mapper.local_table.name
            entries.append(PendingEntry(
                username, Aksi.CREATE, table, _entity_id(obj), f"Tambah {table}",
                {"uuid": _uuid_of(obj), "kolom": {k: {"baru": v} for k, v in _snapshot(obj).items()}},
            ))
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj, include_collections=False):
            changes = _changes(obj)
            if not changes:
                continue
            table = inspect(obj).mapper.local_table.name
            entries.append(PendingEntry(
                username, Aksi.UPDATE, table, _entity_id(obj),
                f"Ubah {table}: {', '.join(sorted(changes))}", {"uuid": _uuid_of(obj), "kolom": changes},
            ))
    for obj in session.deleted:
        if _is_audited(obj):
            table = inspect(obj).mapper.local_table.name
            entries.append(PendingEntry(
                username, Aksi.DELETE, table, _entity_id(obj), f"Hapus {table}",
                {"uuid": _uuid_of(obj), "kolom": {k: {"lama": v} for k, v in _snapshot(obj).items()}},
            ))
    summary = session.info.get(ROW_SUMMARY_KEY)
    if entries and isinstance(summary, list):
        summary.extend({"aksi": e.aksi, "entitas": e.entitas, "id": e.entitas_id, **(e.perubahan or {})}
                       if e.aksi != Aksi.CREATE else
                       {"aksi": e.aksi, "entitas": e.entitas, "id": e.entitas_id,
                        "uuid": (e.perubahan or {}).get("uuid")} for e in entries)
    elif entries:
        append_entries(session.connection(), entries)


def install_audit_hook(factory: sessionmaker[Session]) -> None:
    """Record every ORM change made through sessions of ``factory`` (idempotent)."""
    # A marker on the factory, not event.contains(): the event registry is keyed by id(), and a
    # new factory can reuse the id of a collected one, which made contains() answer wrongly.
    if getattr(factory, "_mutasi_audit_hook", False):
        return
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    factory._mutasi_audit_hook = True  # type: ignore[attr-defined]
