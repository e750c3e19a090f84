"""Decree numbers: the per-template, per-year counter taken under a lock (reference §4.6).

SQLite: the caller's write session began with BEGIN IMMEDIATE, so no one else can run between
our read and our write. PostgreSQL: the counter row is inserted if missing (ON CONFLICT DO
NOTHING) and locked with SELECT ... FOR UPDATE; a second clerk waits for the first to commit.
A number is taken only inside the transaction that sets the SK, so a failed setting takes none.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import NomorCounter, NomorTemplate
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.numbering import NomorParts, format_nomor


def next_urut(s: Session, template_id: int, tahun: int) -> int:
    """Take the next sequence number of ``template_id`` for ``tahun`` inside the caller's transaction.

    SQLite: the caller's session is a write session (BEGIN IMMEDIATE), so no one else can run
    this between our read and our write. PostgreSQL: insert the counter row if missing (ON
    CONFLICT DO NOTHING, safe when two clerks create it at once), then lock it with FOR UPDATE;
    the second clerk waits for the first to commit and then reads the incremented value.
    """
    if s.get_bind().dialect.name == "postgresql":
        s.execute(pg_insert(NomorCounter).values(template_id=template_id, tahun=tahun, terakhir=0)
                  .on_conflict_do_nothing(constraint="uq_nomor_counter_template_tahun"))
        counter = s.scalars(select(NomorCounter).where(NomorCounter.template_id == template_id,
                                                       NomorCounter.tahun == tahun).with_for_update()).one()
    else:
        found = s.scalars(select(NomorCounter).where(NomorCounter.template_id == template_id,
                                                     NomorCounter.tahun == tahun)).one_or_none()
        if found is None:
            found = NomorCounter(template_id=template_id, tahun=tahun, terakhir=0)
            s.add(found)
            s.flush()
        counter = found
    s.execute(update(NomorCounter).where(NomorCounter.id == counter.id)
              .values(terakhir=NomorCounter.terakhir + 1))
    value = s.scalar(select(NomorCounter.terakhir).where(NomorCounter.id == counter.id))
    assert value is not None
    return int(value)


def ambil_nomor(db: Database, template_id: int, tanggal: date) -> str:
    """Take a number in a transaction of its own (used by the concurrency test and the benchmark)."""
    with db.session(write=True) as s:
        template = s.get(NomorTemplate, template_id)
        if template is None:
            raise DomainError(f"Pola nomor dengan id {template_id} tidak ditemukan")
        urut = next_urut(s, template_id, tanggal.year)
        return format_nomor(template.pola, NomorParts(template.kode_klasifikasi, template.kode_unit,
                                                      template.lebar_urut), urut=urut, tanggal=tanggal)
