"""Optimistic locking made readable: a stale write becomes "Data ini telah diubah oleh ...".

Every tracked table has a ``version`` column (``TrackedMixin``); SQLAlchemy adds
``WHERE version = <loaded>`` to each UPDATE/DELETE and raises ``StaleDataError`` when another
clerk changed the row in between. That error says nothing a clerk can use, so a service that
edits rows opens its session with :func:`tracked_session` instead of ``db.session``::

    with tracked_session(db, actor=actor) as s:
        pegawai = s.get(Pegawai, pegawai_id)
        if pegawai.version != expected_version:   # the form was loaded earlier
            raise changed_by_other(db, Pegawai, pegawai_id)
        pegawai.telepon = telepon

The session records which tracked rows it writes (and stamps ``updated_by``); on a stale write
it re-reads those rows in a fresh session and raises :class:`DataTelahDiubah` naming who changed
the row and when. Nothing is written: the whole unit of work rolls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mutasi_desktop.db.base import TrackedMixin
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pengguna
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.errors import DomainError

RELOAD_HINT = "Muat ulang lalu ulangi perubahan Anda."


class DataTelahDiubah(DomainError):
    """Another user changed (or deleted) the row since this user loaded it."""

    def __init__(self, message: str, *, entitas: str, ident: int, oleh: str | None, pada: datetime | None) -> None:
        super().__init__(message)
        self.entitas = entitas
        self.ident = ident
        self.oleh = oleh
        self.pada = pada


@dataclass(frozen=True)
class _Watched:
    model: type[TrackedMixin]
    ident: int
    version: int


def format_waktu(value: datetime) -> str:
    """A stored naive-UTC timestamp in the machine's local time: "28 November 2026 pukul 13.05"."""
    local = value.replace(tzinfo=UTC).astimezone()
    return f"{format_tanggal(local.date())} pukul {local:%H.%M}"


def _user_label(session: Session, username: str | None) -> str:
    if not username:
        return "pengguna lain"
    nama = session.scalar(select(Pengguna.nama).where(Pengguna.username == username))
    return f"{nama} ({username})" if nama and nama != username else username


def changed_by_other(db: Database, model: type[TrackedMixin], ident: int) -> DataTelahDiubah:
    """The error to raise for row ``ident`` of ``model``, read fresh from the database."""
    entitas = model.__tablename__  # type: ignore[attr-defined]
    with db.session() as s:
        row = s.execute(
            select(model.updated_by, model.updated_at).where(model.id == ident)
        ).first()
        if row is None:
            return DataTelahDiubah(
                f"Data ini telah dihapus oleh pengguna lain. {RELOAD_HINT}",
                entitas=entitas, ident=ident, oleh=None, pada=None,
            )
        oleh, pada = row
        label = _user_label(s, oleh)
    waktu = f" pada {format_waktu(pada)}" if pada is not None else ""
    return DataTelahDiubah(
        f"Data ini telah diubah oleh {label}{waktu}. {RELOAD_HINT}",
        entitas=entitas, ident=ident, oleh=oleh, pada=pada,
    )


def explain_stale(db: Database, watched: list[_Watched]) -> DataTelahDiubah:
    """Find which written row moved on (its version differs) and describe it."""
    with db.session() as s:
        for item in watched:
            current = s.scalar(select(item.model.version).where(item.model.id == item.ident))
            if current != item.version:
                return changed_by_other(db, item.model, item.ident)
    if watched:
        first = watched[0]
        return changed_by_other(db, first.model, first.ident)
    return DataTelahDiubah(
        f"Data ini telah diubah oleh pengguna lain. {RELOAD_HINT}", entitas="", ident=0, oleh=None, pada=None
    )


def check_version(db: Database, obj: TrackedMixin, expected_version: int | None) -> None:
    """Raise :class:`DataTelahDiubah` when a form loaded ``expected_version`` but the row moved on."""
    if expected_version is not None and obj.version != expected_version:
        raise changed_by_other(db, type(obj), obj.id)


@contextmanager
def tracked_session(db: Database, *, actor: Any = None, write: bool = False) -> Iterator[Session]:
    """``db.session`` that stamps ``updated_by`` and turns a stale write into :class:`DataTelahDiubah`."""
    watched: dict[tuple[type[TrackedMixin], int], _Watched] = {}
    username = getattr(actor, "username", None)

    def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
        for obj in list(session.dirty) + list(session.deleted):
            if isinstance(obj, TrackedMixin) and obj.id is not None:
                key = (type(obj), obj.id)
                # Keep the version first loaded: a second flush sees our own increment.
                watched.setdefault(key, _Watched(type(obj), obj.id, obj.version))
        if username:
            for obj in session.new:
                if isinstance(obj, TrackedMixin):
                    obj.updated_by = username
            for obj in session.dirty:
                if isinstance(obj, TrackedMixin) and session.is_modified(obj, include_collections=False):
                    obj.updated_by = username

    try:
        with db.session(actor=actor, write=write) as session:
            event.listen(session, "before_flush", _before_flush)
            yield session
    except StaleDataError as exc:
        raise explain_stale(db, list(watched.values())) from exc
