"""Aspirasi pegawai: the employee's stated wishes about being moved, and how many were met.

Recorded by the clerk after a forum or an interview (or imported from a form sheet): up to three
preferred units and three places in order, a preferred jabatan, the reason, willingness to be
moved, and the period the statement is valid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Aspirasi,
    Formasi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.scoring import KESEDIAAN_LABEL
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.domain.usul_states import OPEN_STATES
from mutasi_desktop.services.kebutuhan_service import opd_of
from mutasi_desktop.services.opd_limit import require_pegawai_in_opd

KESEDIAAN = tuple(KESEDIAAN_LABEL)
SUMBER: dict[str, str] = {"WAWANCARA": "Wawancara", "FORUM": "Forum pegawai", "IMPORT": "Impor lembar isian"}
ALASAN: dict[str, str] = {a.value: a.label for a in AlasanMutasi if a.atas_permintaan_sendiri}
ALASAN.update({
    AlasanMutasi.PENGEMBANGAN_KARIER.value: AlasanMutasi.PENGEMBANGAN_KARIER.label,
    "DEKAT_KELUARGA": "Dekat keluarga",
    AlasanMutasi.LAINNYA.value: AlasanMutasi.LAINNYA.label,
})  # fmt: skip
MAKS_PILIHAN = 3


@dataclass(frozen=True)
class AspirasiInput:
    """What the clerk enters. Units and places are in order of preference."""

    pegawai_id: int
    tanggal: date
    kesediaan: str = "BERSEDIA"
    berlaku_sampai: date | None = None
    unit_pilihan_ids: tuple[int, ...] = ()
    lokasi_pilihan: tuple[str, ...] = ()
    jabatan_pilihan_id: int | None = None
    alasan: str = ""
    alasan_keterangan: str = ""
    syarat: str = ""
    sumber: str = "WAWANCARA"


@dataclass(frozen=True)
class AspirasiView:
    id: int
    version: int
    pegawai_id: int
    nip: str
    nama: str
    tanggal: date
    berlaku_sampai: date | None
    unit_pilihan: tuple[tuple[int, str], ...]
    lokasi_pilihan: tuple[str, ...]
    jabatan_pilihan_id: int | None
    jabatan_pilihan_nama: str
    alasan: str
    alasan_label: str
    alasan_keterangan: str
    kesediaan: str
    kesediaan_label: str
    syarat: str
    sumber: str
    updated_by: str | None

    def berlaku_pada(self, pada: date) -> bool:
        return self.tanggal <= pada and (self.berlaku_sampai is None or self.berlaku_sampai >= pada)


def split_lokasi(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def validasi_aspirasi(session: Session, data: AspirasiInput) -> None:
    """Refuse bad input with an Indonesian message naming the field (also used by importers,
    inside their own transaction)."""
    if session.get(Pegawai, data.pegawai_id) is None:
        raise DomainError(f"Pegawai dengan id {data.pegawai_id} tidak ditemukan", field="pegawai")
    if data.kesediaan not in KESEDIAAN_LABEL:
        raise DomainError(
            f"Kesediaan '{data.kesediaan}' tidak dikenal; pilih Bersedia, Bersedia dengan syarat atau Tidak bersedia",
            field="kesediaan",
        )
    if data.kesediaan == "BERSYARAT" and not data.syarat.strip():
        raise DomainError("Syarat wajib diisi bila pegawai bersedia dengan syarat", field="syarat")
    if data.berlaku_sampai is not None and data.berlaku_sampai < data.tanggal:
        raise DomainError("Tanggal berlaku sampai tidak boleh sebelum tanggal aspirasi", field="berlaku_sampai")
    if len(data.unit_pilihan_ids) > MAKS_PILIHAN:
        raise DomainError(f"Unit pilihan paling banyak {MAKS_PILIHAN}", field="unit_pilihan")
    if len(set(data.unit_pilihan_ids)) != len(data.unit_pilihan_ids):
        raise DomainError("Unit pilihan tidak boleh sama", field="unit_pilihan")
    for rank, unit_id in enumerate(data.unit_pilihan_ids, start=1):
        unit = session.get(UnitKerja, unit_id)
        if unit is None:
            raise DomainError(f"Unit pilihan ke-{rank} (id {unit_id}) tidak ditemukan", field=f"unit_pilihan_{rank}")
        if not unit.aktif:
            raise DomainError(f"Unit pilihan ke-{rank} ({unit.nama}) sudah tidak aktif", field=f"unit_pilihan_{rank}")
    if len(data.lokasi_pilihan) > MAKS_PILIHAN:
        raise DomainError(f"Lokasi pilihan paling banyak {MAKS_PILIHAN}", field="lokasi_pilihan")
    for lokasi in data.lokasi_pilihan:
        if ";" in lokasi or not lokasi.strip():
            raise DomainError(f"Lokasi pilihan '{lokasi}' tidak valid", field="lokasi_pilihan")
    if data.jabatan_pilihan_id is not None and session.get(Jabatan, data.jabatan_pilihan_id) is None:
        raise DomainError(f"Jabatan pilihan (id {data.jabatan_pilihan_id}) tidak ditemukan", field="jabatan_pilihan")
    if data.alasan and data.alasan not in ALASAN:
        raise DomainError(f"Alasan '{data.alasan}' tidak dikenal", field="alasan")
    if data.sumber not in SUMBER:
        raise DomainError(f"Sumber '{data.sumber}' tidak dikenal; pilih {', '.join(SUMBER)}", field="sumber")


def isi_aspirasi(row: Aspirasi, data: AspirasiInput) -> None:
    """Copy validated input onto a row (new or existing)."""
    ids = [*data.unit_pilihan_ids, None, None, None]
    row.pegawai_id = data.pegawai_id
    row.tanggal = data.tanggal
    row.berlaku_sampai = data.berlaku_sampai
    row.unit_pilihan_1_id, row.unit_pilihan_2_id, row.unit_pilihan_3_id = ids[0], ids[1], ids[2]
    row.lokasi_pilihan = ";".join(x.strip() for x in data.lokasi_pilihan)
    row.jabatan_pilihan_id = data.jabatan_pilihan_id
    row.alasan = data.alasan
    row.alasan_keterangan = data.alasan_keterangan.strip()
    row.kesediaan = data.kesediaan
    row.syarat = data.syarat.strip()
    row.sumber = data.sumber


def _view(session: Session, row: Aspirasi) -> AspirasiView:
    pegawai = session.get(Pegawai, row.pegawai_id)
    assert pegawai is not None
    units: list[tuple[int, str]] = []
    for uid in (row.unit_pilihan_1_id, row.unit_pilihan_2_id, row.unit_pilihan_3_id):
        if uid is not None:
            unit = session.get(UnitKerja, uid)
            units.append((uid, unit.nama if unit else f"(unit {uid})"))
    jab = session.get(Jabatan, row.jabatan_pilihan_id) if row.jabatan_pilihan_id else None
    return AspirasiView(
        id=row.id, version=row.version, pegawai_id=row.pegawai_id, nip=pegawai.nip, nama=pegawai.nama,
        tanggal=row.tanggal, berlaku_sampai=row.berlaku_sampai, unit_pilihan=tuple(units),
        lokasi_pilihan=split_lokasi(row.lokasi_pilihan), jabatan_pilihan_id=row.jabatan_pilihan_id,
        jabatan_pilihan_nama=jab.nama if jab else "", alasan=row.alasan, alasan_label=ALASAN.get(row.alasan, row.alasan),
        alasan_keterangan=row.alasan_keterangan, kesediaan=row.kesediaan,
        kesediaan_label=KESEDIAAN_LABEL.get(row.kesediaan, row.kesediaan), syarat=row.syarat, sumber=row.sumber,
        updated_by=row.updated_by,
    )  # fmt: skip


def create_aspirasi(db: Database, actor: Actor, data: AspirasiInput) -> AspirasiView:
    """Record an aspirasi; refuses bad input with an Indonesian message naming the field."""
    require(actor, Izin.KELOLA_PEGAWAI)
    with db.session(actor=actor, write=True) as session:
        require_pegawai_in_opd(session, actor, data.pegawai_id)
        validasi_aspirasi(session, data)
        row = Aspirasi()
        isi_aspirasi(row, data)
        row.updated_by = actor.username
        session.add(row)
        session.flush()
        return _view(session, row)


def update_aspirasi(db: Database, actor: Actor, aspirasi_id: int, data: AspirasiInput, *, version: int) -> AspirasiView:
    """Change an aspirasi; ``version`` is the one the clerk saw (a newer one is refused)."""
    require(actor, Izin.KELOLA_PEGAWAI)
    with db.session(actor=actor, write=True) as session:
        row = _get(session, aspirasi_id, version)
        require_pegawai_in_opd(session, actor, row.pegawai_id)
        require_pegawai_in_opd(session, actor, data.pegawai_id)
        validasi_aspirasi(session, data)
        isi_aspirasi(row, data)
        row.updated_by = actor.username
        try:
            session.flush()
        except StaleDataError:
            raise _stale() from None
        return _view(session, row)


def delete_aspirasi(db: Database, actor: Actor, aspirasi_id: int, *, version: int) -> None:
    require(actor, Izin.KELOLA_PEGAWAI)
    with db.session(actor=actor, write=True) as session:
        row = _get(session, aspirasi_id, version)
        require_pegawai_in_opd(session, actor, row.pegawai_id)
        session.delete(row)
        try:
            session.flush()
        except StaleDataError:
            raise _stale() from None


def _stale() -> DomainError:
    return DomainError("Aspirasi ini telah diubah pengguna lain; muat ulang lalu ulangi perubahan")


def _get(session: Session, aspirasi_id: int, version: int) -> Aspirasi:
    row = session.get(Aspirasi, aspirasi_id)
    if row is None:
        raise DomainError(f"Aspirasi dengan id {aspirasi_id} tidak ditemukan")
    if row.version != version:
        raise _stale()
    return row


def get_aspirasi(db: Database, actor: Actor, aspirasi_id: int) -> AspirasiView:
    require(actor, Izin.LIHAT_DATA)
    with db.session() as session:
        row = session.get(Aspirasi, aspirasi_id)
        if row is None:
            raise DomainError(f"Aspirasi dengan id {aspirasi_id} tidak ditemukan")
        return _view(session, row)


def list_aspirasi(
    db: Database, actor: Actor, *, pegawai_id: int | None = None, berlaku_pada: date | None = None
) -> list[AspirasiView]:
    """Aspirasi, newest first; ``berlaku_pada`` keeps only those valid on that day."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as session:
        query = select(Aspirasi).order_by(Aspirasi.tanggal.desc(), Aspirasi.id.desc())
        if pegawai_id is not None:
            query = query.where(Aspirasi.pegawai_id == pegawai_id)
        if berlaku_pada is not None:
            query = query.where(
                Aspirasi.tanggal <= berlaku_pada,
                (Aspirasi.berlaku_sampai.is_(None)) | (Aspirasi.berlaku_sampai >= berlaku_pada),
            )
        return [_view(session, row) for row in session.scalars(query)]


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class BarisLaporanAspirasi:
    """Per OPD of the pegawai: aspirasi recorded and how they ended."""

    opd_id: int | None
    opd_nama: str
    jumlah: int
    ingin_pindah: int  # with at least one preference
    tidak_bersedia: int
    terpenuhi: int  # moved (carried out) to a unit/place/jabatan of his choice after the aspirasi
    dimutasi_lain: int  # moved, but not to a choice
    dalam_proses: int  # an open usul heading to a choice

    @property
    def persen_terpenuhi(self) -> float:
        return round(100.0 * self.terpenuhi / self.ingin_pindah, 1) if self.ingin_pindah else 0.0


def _matches(a: Aspirasi, unit_id: int | None, jabatan_id: int | None, units: dict[int, tuple[str, str, str]],
             lokasi_unit: dict[int, str]) -> bool:  # fmt: skip
    if unit_id is not None and unit_id in units:
        path = units[unit_id][2]
        for pilihan in (a.unit_pilihan_1_id, a.unit_pilihan_2_id, a.unit_pilihan_3_id):
            if pilihan is not None and (pilihan == unit_id or f"/{pilihan}/" in path):
                return True
        lokasi = fold(lokasi_unit.get(unit_id, ""))
        if lokasi and any(fold(x) == lokasi for x in split_lokasi(a.lokasi_pilihan)):
            return True
    return jabatan_id is not None and a.jabatan_pilihan_id == jabatan_id


def laporan_aspirasi(db: Database, actor: Actor, *, sejak: date | None = None, sampai: date | None = None) -> list[BarisLaporanAspirasi]:
    """How many aspirasi per OPD were met by a mutasi carried out after they were recorded."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as session:
        query = select(Aspirasi)
        if sejak is not None:
            query = query.where(Aspirasi.tanggal >= sejak)
        if sampai is not None:
            query = query.where(Aspirasi.tanggal <= sampai)
        aspirasi = list(session.scalars(query))
        units = {r.id: (r.nama, r.jenis, r.path or f"/{r.id}/") for r in session.execute(
            select(UnitKerja.id, UnitKerja.nama, UnitKerja.jenis, UnitKerja.path))}
        lokasi_unit = dict(session.execute(select(UnitKerja.id, UnitKerja.lokasi)).all())
        pids = {a.pegawai_id for a in aspirasi}
        unit_of = dict(session.execute(select(Pegawai.id, Pegawai.unit_id).where(Pegawai.id.in_(pids))).all()) if pids else {}
        moves: dict[int, list[tuple[date, int | None, int | None]]] = defaultdict(list)
        if pids:
            for r in session.execute(
                select(RiwayatJabatan.pegawai_id, RiwayatJabatan.tmt_jabatan, RiwayatJabatan.unit_id,
                       RiwayatJabatan.jabatan_id).where(
                    RiwayatJabatan.pegawai_id.in_(pids), RiwayatJabatan.usul_id.is_not(None),
                    RiwayatJabatan.dibatalkan.is_(False), RiwayatJabatan.membatalkan_id.is_(None))
            ):  # fmt: skip
                moves[r.pegawai_id].append((r.tmt_jabatan, r.unit_id, r.jabatan_id))
        open_usul: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
        if pids:
            for row in session.execute(
                select(UsulMutasi.pegawai_id, Formasi.unit_id, Formasi.jabatan_id)
                .join(Formasi, Formasi.id == UsulMutasi.tujuan_formasi_id)
                .where(UsulMutasi.pegawai_id.in_(pids), UsulMutasi.status.in_([s.value for s in OPEN_STATES]))
            ):
                open_usul[row.pegawai_id].append((row.unit_id, row.jabatan_id))

    counts: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0] * 6)
    for a in aspirasi:
        unit_id = unit_of.get(a.pegawai_id)
        o_id, o_nama = opd_of(units, unit_id) if unit_id is not None and unit_id in units else (None, "(tanpa unit)")
        c = counts[(o_nama, o_id)]
        c[0] += 1
        wants = any((a.unit_pilihan_1_id, a.unit_pilihan_2_id, a.unit_pilihan_3_id, a.jabatan_pilihan_id)) or bool(
            split_lokasi(a.lokasi_pilihan))
        if a.kesediaan == "TIDAK_BERSEDIA":
            c[2] += 1
        if not wants:
            continue
        c[1] += 1
        later = [m for m in moves.get(a.pegawai_id, []) if m[0] >= a.tanggal]
        if any(_matches(a, u, j, units, lokasi_unit) for _t, u, j in later):
            c[3] += 1
        elif later:
            c[4] += 1
        elif any(_matches(a, u, j, units, lokasi_unit) for u, j in open_usul.get(a.pegawai_id, [])):
            c[5] += 1
    return [
        BarisLaporanAspirasi(k[1], k[0], *v)
        for k, v in sorted(counts.items(), key=lambda kv: kv[0][0])
    ]
