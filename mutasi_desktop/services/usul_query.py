"""Listing usul mutasi for the screens and the CLI (one query, filters in SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.orm import aliased

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UnitKerja, UsulBatch, UsulMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.domain.usul_states import parse_status
from mutasi_desktop.services.candidate_facts import load_target_facts
from mutasi_desktop.services.usul_dto import UsulFilter, UsulRingkas


def _opd_of_path(path: str | None) -> int | None:
    if not path:
        return None
    parts = [p for p in path.split("/") if p]
    return int(parts[0]) if parts else None


def list_usul(
    db: Database, flt: UsulFilter | None = None, *, by: Actor, limit: int = 5000
) -> list[UsulRingkas]:
    """Usul matching ``flt``, newest first."""
    require(by, Izin.LIHAT_DATA)
    flt = flt or UsulFilter()
    asal_unit = aliased(UnitKerja)
    tujuan_unit = aliased(UnitKerja)
    stmt = (
        select(
            UsulMutasi,
            Pegawai.nip,
            Pegawai.nama,
            UsulBatch.nomor,
            asal_unit.path,
            tujuan_unit.path,
        )
        .join(Pegawai, Pegawai.id == UsulMutasi.pegawai_id)
        .outerjoin(UsulBatch, UsulBatch.id == UsulMutasi.batch_id)
        .outerjoin(asal_unit, asal_unit.id == UsulMutasi.asal_unit_id)
        .outerjoin(Formasi, Formasi.id == UsulMutasi.tujuan_formasi_id)
        .outerjoin(tujuan_unit, tujuan_unit.id == Formasi.unit_id)
    )
    if flt.status:
        stmt = stmt.where(UsulMutasi.status.in_([parse_status(s).value for s in flt.status]))
    if flt.jenis:
        stmt = stmt.where(UsulMutasi.jenis_mutasi.in_(list(flt.jenis)))
    if flt.batch_id is not None:
        stmt = stmt.where(UsulMutasi.batch_id == flt.batch_id)
    if flt.pegawai_id is not None:
        stmt = stmt.where(UsulMutasi.pegawai_id == flt.pegawai_id)
    if flt.dari is not None:
        stmt = stmt.where(UsulMutasi.created_at >= datetime.combine(flt.dari, time()))
    if flt.sampai is not None:
        stmt = stmt.where(UsulMutasi.created_at < datetime.combine(flt.sampai + timedelta(days=1), time()))
    if flt.opd_id is not None:
        prefix = f"/{flt.opd_id}/%"
        stmt = stmt.where(or_(asal_unit.path.like(prefix), tujuan_unit.path.like(prefix)))
    text = flt.teks.strip()
    if text:
        like = f"%{text}%"
        stmt = stmt.where(
            or_(
                UsulMutasi.nomor.ilike(like),
                Pegawai.nip.like(like),
                Pegawai.search_text.like(f"%{fold(text)}%"),
            )
        )
    stmt = stmt.order_by(UsulMutasi.created_at.desc(), UsulMutasi.id.desc()).limit(limit)
    out: list[UsulRingkas] = []
    with db.session() as s:
        if by.batas_opd:  # an Operator limited to some OPD sees the usul that leave or enter them
            paths = list(s.scalars(select(UnitKerja.path).where(UnitKerja.id.in_(sorted(by.batas_opd)))))
            stmt = stmt.where(
                or_(false(), *(c.like(f"{p}%") for p in paths for c in (asal_unit.path, tujuan_unit.path)))
            )
        for usul, nip, nama, batch_nomor, asal_path, tujuan_path in s.execute(stmt):
            ringkas = (usul.hasil_cek or {}).get("ringkasan") if usul.hasil_cek else None
            out.append(
                UsulRingkas(
                    id=usul.id,
                    nomor=usul.nomor,
                    pegawai_id=usul.pegawai_id,
                    nip=nip,
                    nama=nama,
                    jenis_mutasi=usul.jenis_mutasi,
                    alasan=usul.alasan,
                    status=usul.status,
                    asal_unit_nama=usul.asal_unit_nama,
                    asal_jabatan_nama=usul.asal_jabatan_nama,
                    tujuan_unit_nama=usul.tujuan_unit_nama,
                    tujuan_jabatan_nama=usul.tujuan_jabatan_nama,
                    tujuan_instansi_nama=usul.tujuan_instansi_nama,
                    tmt_rencana=usul.tmt_rencana,
                    batch_id=usul.batch_id,
                    batch_nomor=batch_nomor or "",
                    hasil_cek=ringkas if isinstance(ringkas, str) else None,
                    status_at=usul.status_at,
                    created_at=usul.created_at,
                    opd_asal_id=_opd_of_path(asal_path),
                    opd_tujuan_id=_opd_of_path(tujuan_path),
                )
            )
    return out


@dataclass(frozen=True)
class FormasiPilihan:
    """A target the usul form offers: a formasi of an open unit with its seats."""

    formasi_id: int
    unit_id: int
    unit_nama: str
    jabatan_nama: str
    jenis_jabatan: str
    kebutuhan: int
    terisi: int
    sisa: int

    @property
    def label(self) -> str:
        # The seats a clerk looks for first: "lowong" counts approved usul, like the FORMASI rule.
        lowong = f"lowong {self.sisa}" if self.sisa > 0 else "tidak ada lowongan"
        return f"{self.jabatan_nama} — {self.unit_nama} (kebutuhan {self.kebutuhan}, terisi {self.terisi}; {lowong})"


def formasi_options(db: Database, *, by: Actor, hanya_lowong: bool = False) -> list[FormasiPilihan]:
    """Every formasi of an open unit (seats counting approved usul), sorted by unit and jabatan."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        ids = list(
            s.scalars(
                select(Formasi.id)
                .join(UnitKerja, UnitKerja.id == Formasi.unit_id)
                .where(UnitKerja.aktif.is_(True))
            )
        )
        facts = load_target_facts(s, ids)
    rows = [
        FormasiPilihan(
            formasi_id=f.formasi_id,
            unit_id=f.unit_id,
            unit_nama=f.unit_nama,
            jabatan_nama=f.jabatan_nama,
            jenis_jabatan=f.jenis_jabatan,
            kebutuhan=f.kebutuhan,
            terisi=f.terisi,
            sisa=f.sisa,
        )
        for f in facts.values()
        if f.sisa > 0 or not hanya_lowong
    ]
    return sorted(rows, key=lambda r: (r.unit_nama, r.jabatan_nama))
