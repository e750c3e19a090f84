"""Batches of usul that one SK covers, judged as a whole (chains: A leaves X, B enters X)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UsulBatch, UsulMutasi
from mutasi_desktop.domain.eligibility import RuleResult
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import OPEN_STATES, StatusUsul
from mutasi_desktop.services.candidate_facts import load_target_facts
from mutasi_desktop.services.concurrency import tracked_session
from mutasi_desktop.services.usul_dto import BatchInfo
from mutasi_desktop.services.usul_store import get_usul_row, next_nomor, require_any, run_check, store_check

_MOVABLE = frozenset(OPEN_STATES - {StatusUsul.SK_DITETAPKAN})


@dataclass(frozen=True)
class FormasiBatch:
    """How one formasi touched by a batch ends up once the whole batch is carried out."""

    formasi_id: int
    unit_nama: str
    jabatan_nama: str
    kebutuhan: int
    terisi: int
    masuk: int  # claims: this batch plus approved usul elsewhere
    keluar: int
    sisa: int  # negative: the batch overfills the formasi


def _info(db_batch: UsulBatch, statuses: list[str]) -> BatchInfo:
    return BatchInfo(
        id=db_batch.id, nomor=db_batch.nomor, judul=db_batch.judul, tanggal=db_batch.tanggal,
        catatan=db_batch.catatan, jumlah_usul=len(statuses), status_counts=dict(Counter(statuses)),
        created_by=db_batch.created_by,
    )  # fmt: skip


def create_batch(db: Database, *, judul: str, tanggal: date, catatan: str = "", by: Actor) -> BatchInfo:
    require(by, Izin.KELOLA_USUL)
    if not judul.strip():
        raise DomainError("Judul kelompok usul wajib diisi", field="judul")
    with tracked_session(db, actor=by, write=True) as s:
        batch = UsulBatch(
            nomor=next_nomor(s, UsulBatch, "BU", tanggal.year), judul=judul.strip(), tanggal=tanggal,
            catatan=catatan.strip(), created_by=by.username,
        )  # fmt: skip
        s.add(batch)
        s.flush()
        return _info(batch, [])


def set_batch(db: Database, usul_ids: Iterable[int], batch_id: int | None, *, by: Actor) -> None:
    """Put usul into batch ``batch_id`` (None: take them out). Not after the SK is set."""
    require(by, Izin.KELOLA_USUL)
    with tracked_session(db, actor=by, write=True) as s:
        if batch_id is not None and s.get(UsulBatch, batch_id) is None:
            raise DomainError(f"Kelompok usul id {batch_id} tidak ditemukan", field="batch_id")
        for usul_id in usul_ids:
            usul = get_usul_row(s, usul_id)
            status = StatusUsul(usul.status)
            if status not in _MOVABLE:
                raise DomainError(
                    f"Usul {usul.nomor} berstatus {status.label}; kelompoknya tidak dapat diubah",
                    field="batch_id",
                )
            usul.batch_id = batch_id


def list_batches(db: Database, *, by: Actor) -> list[BatchInfo]:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        statuses: dict[int, list[str]] = {}
        for batch_id, status in s.execute(
            select(UsulMutasi.batch_id, UsulMutasi.status).where(UsulMutasi.batch_id.is_not(None))
        ):
            if batch_id is not None:
                statuses.setdefault(batch_id, []).append(status)
        batches = s.scalars(select(UsulBatch).order_by(UsulBatch.tanggal.desc(), UsulBatch.id.desc()))
        return [_info(b, statuses.get(b.id, [])) for b in batches]


def batch_formasi(db: Database, batch_id: int, *, by: Actor) -> list[FormasiBatch]:
    """Every formasi the batch fills or frees, with the seats left once all of it is carried out."""
    require(by, Izin.LIHAT_DATA)
    open_states = [st.value for st in OPEN_STATES]
    with db.session() as s:
        if s.get(UsulBatch, batch_id) is None:
            raise DomainError(f"Kelompok usul id {batch_id} tidak ditemukan", field="batch_id")
        rows = s.execute(
            select(UsulMutasi.tujuan_formasi_id, Pegawai.unit_id, Pegawai.jabatan_id)
            .join(Pegawai, Pegawai.id == UsulMutasi.pegawai_id)
            .where(UsulMutasi.batch_id == batch_id, UsulMutasi.status.in_(open_states))
        ).all()
        ids = {r[0] for r in rows if r[0] is not None}
        for _tujuan, unit_id, jabatan_id in rows:
            fid = s.scalar(
                select(Formasi.id).where(Formasi.unit_id == unit_id, Formasi.jabatan_id == jabatan_id)
            )
            if fid is not None:
                ids.add(fid)
        facts = load_target_facts(s, ids, batch_id=batch_id)
        return sorted(
            (
                FormasiBatch(
                    formasi_id=f.formasi_id,
                    unit_nama=f.unit_nama,
                    jabatan_nama=f.jabatan_nama,
                    kebutuhan=f.kebutuhan,
                    terisi=f.terisi,
                    masuk=f.incoming_pending,
                    keluar=f.outgoing_pending,
                    sisa=f.sisa,
                )
                for f in facts.values()
            ),
            key=lambda f: (f.unit_nama, f.jabatan_nama),
        )


def check_batch(
    db: Database, batch_id: int, *, by: Actor, today: date | None = None
) -> dict[int, list[RuleResult]]:
    """Run the rules for every open usul of the batch and store each result."""
    require_any(by, Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL, Izin.SETUJUI_USUL)
    open_states = [st.value for st in OPEN_STATES]
    with db.session(actor=by, write=True) as s:
        usul_rows = s.scalars(
            select(UsulMutasi).where(UsulMutasi.batch_id == batch_id, UsulMutasi.status.in_(open_states))
        ).all()
        out: dict[int, list[RuleResult]] = {}
        for usul in usul_rows:
            out[usul.id] = run_check(s, usul, today=today)
            store_check(usul, out[usul.id], tahap="MANUAL", by=by)
        return out


def count_batch(db: Database, batch_id: int) -> int:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(UsulMutasi).where(UsulMutasi.batch_id == batch_id)) or 0
        )
