"""Reports: rekap mutasi for a period, formasi and vacancies, nominatif pegawai of a unit.

Each use case returns a :class:`Laporan` (titled tables of plain values); ``simpan_laporan``
writes it as PDF or xlsx by the file's extension, so the screen, the CLI and the tests share one
path.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Jabatan, Pegawai, SuratKeputusan, UnitKerja, UsulMutasi
from mutasi_desktop.documents.pdf.report_data import KolomLaporan, Laporan, TabelLaporan
from mutasi_desktop.documents.pdf.report_pdf import render_laporan
from mutasi_desktop.documents.report_xlsx import write_laporan_xlsx
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.mutasi_kinds import JenisMutasi
from mutasi_desktop.domain.pendidikan import tingkat_by_kode
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.kebutuhan_service import _load_units, analisis_kebutuhan, opd_of
from mutasi_desktop.services.office_settings_service import instansi_info

MATRIX_MAX_KOLOM = 12  # beyond this many receiving OPD the matrix is printed as a list


def _label(enum: type[JenisMutasi] | type[StatusUsul] | type[JenisJabatan], code: str | None) -> str:
    if not code:
        return "(tidak diisi)"
    try:
        return str(enum(code).label)
    except ValueError:
        return code


def _gol(gol_id: int | None) -> str:
    if not gol_id:
        return "(tidak diisi)"
    try:
        return golongan_by_id(gol_id).kode
    except DomainError:
        return str(gol_id)


def _count_table(judul: str, header: str, counts: Counter[str], *, order: list[str] | None = None) -> TabelLaporan:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    rows = tuple((k, counts[k]) for k in keys if counts[k])
    return TabelLaporan(judul=judul, kolom=(KolomLaporan(header, lebar=0.7), KolomLaporan("Jumlah", "int", 0.3)),
                        baris=rows, total=("Jumlah", sum(counts.values())) if rows else None)


def _in_period(u: UsulMutasi, sk_dates: dict[int, date], start: datetime, end: datetime) -> bool:
    """An usul belongs to the period of its SK's date when it has one, else of its creation."""
    when = sk_dates.get(u.sk_id) if u.sk_id is not None else None
    moment = datetime.combine(when, time()) if when else u.created_at
    return start <= moment < end


def rekap_mutasi(db: Database, *, dari: date, sampai: date, by: Actor) -> Laporan:
    """Usul mutasi of the period [dari, sampai] (by the date of their SK, or of their creation when
    no SK covers them yet) by jenis, status, OPD asal → tujuan, golongan and jenis jabatan tujuan;
    with the SK set in the period."""
    require(by, Izin.LIHAT_DATA)
    if sampai < dari:
        raise DomainError("Tanggal akhir periode lebih awal dari tanggal awal", field="sampai")
    start, end = datetime.combine(dari, time()), datetime.combine(sampai + timedelta(days=1), time())
    with db.session() as s:
        units = _load_units(s)
        inst = instansi_info(s)
        sk_dates: dict[int, date] = {
            int(i): d for i, d in s.execute(select(SuratKeputusan.id, SuratKeputusan.tanggal_penetapan)
                                            .where(SuratKeputusan.tanggal_penetapan.is_not(None))) if d is not None
        }
        usul = [u for u in s.scalars(select(UsulMutasi)) if _in_period(u, sk_dates, start, end)]
        formasi = {f.id: (f.unit_id, f.jabatan_id) for f in s.scalars(select(Formasi))}
        jenis_jab: dict[int, str] = {int(i): str(j) for i, j in s.execute(select(Jabatan.id, Jabatan.jenis))}
        sks = list(s.scalars(select(SuratKeputusan).where(SuratKeputusan.tanggal_penetapan >= dari,
                                                          SuratKeputusan.tanggal_penetapan <= sampai)
                             .order_by(SuratKeputusan.tanggal_penetapan, SuratKeputusan.id)))
        sk_rows = tuple((r.nomor or "", r.tanggal_penetapan, r.tentang or (r.konten or {}).get("tentang", ""),
                         len((r.konten or {}).get("pegawai", [])), r.status.title()) for r in sks)
    by_jenis: Counter[str] = Counter(_label(JenisMutasi, u.jenis_mutasi) for u in usul)
    by_status: Counter[str] = Counter(_label(StatusUsul, u.status) for u in usul)
    by_gol: Counter[str] = Counter(_gol(u.asal_golongan_id) for u in usul)
    by_jab: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for u in usul:
        asal = opd_of(units, u.asal_unit_id)[1] if u.asal_unit_id in units else (u.asal_instansi_nama or "Luar daerah")
        target = formasi.get(u.tujuan_formasi_id or -1)
        tujuan = opd_of(units, target[0])[1] if target and target[0] in units else (u.tujuan_instansi_nama or "Luar daerah")
        pairs[(asal, tujuan)] += 1
        by_jab[_label(JenisJabatan, jenis_jab.get(target[1]) if target else None)] += 1
    status_order = [_label(StatusUsul, s.value) for s in StatusUsul]
    gol_rank = {_gol(u.asal_golongan_id): u.asal_golongan_id or 10_000 for u in usul}
    gol_order = sorted(by_gol, key=lambda k: gol_rank.get(k, 10_000))
    tables = [
        _count_table("Menurut jenis mutasi", "Jenis mutasi", by_jenis),
        _count_table("Menurut status usul", "Status", by_status, order=status_order),
        _matrix(pairs),
        _count_table("Menurut golongan ruang asal", "Golongan", by_gol, order=gol_order),
        _count_table("Menurut jenis jabatan tujuan", "Jenis jabatan", by_jab),
        TabelLaporan(
            judul="SK mutasi yang ditetapkan dalam periode",
            kolom=(KolomLaporan("Nomor", lebar=0.28), KolomLaporan("Tanggal", "date", 0.12),
                   KolomLaporan("Tentang", lebar=0.4), KolomLaporan("Pegawai", "int", 0.08),
                   KolomLaporan("Status", lebar=0.12)),
            baris=sk_rows,
        ),
    ]
    return Laporan(
        judul="Rekapitulasi Mutasi Pegawai",
        subjudul=f"Periode {format_tanggal(dari)} s.d. {format_tanggal(sampai)} — {len(usul)} usul mutasi",
        instansi=f"Pemerintah {inst.nama_daerah}", tabel=tuple(tables),
    )


def _matrix(pairs: Counter[tuple[str, str]]) -> TabelLaporan:
    judul = "OPD asal → OPD tujuan"
    tujuan = sorted({t for _, t in pairs})
    asal = sorted({a for a, _ in pairs})
    if len(tujuan) > MATRIX_MAX_KOLOM or not pairs:
        listed: tuple[tuple[object, ...], ...] = tuple(
            (a, t, n) for (a, t), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])))
        return TabelLaporan(judul=judul, kolom=(KolomLaporan("OPD asal", lebar=0.45), KolomLaporan("OPD tujuan", lebar=0.45),
                                                KolomLaporan("Jumlah", "int", 0.1)), baris=listed,
                            total=("Jumlah", "", sum(pairs.values())) if listed else None)
    kolom = (KolomLaporan("OPD asal \\ tujuan", lebar=0.25), *(KolomLaporan(t, "int") for t in tujuan),
             KolomLaporan("Jumlah", "int", 0.07))
    rows = tuple((a, *(pairs[(a, t)] for t in tujuan), sum(pairs[(a, t)] for t in tujuan)) for a in asal)
    total = ("Jumlah", *(sum(pairs[(a, t)] for a in asal) for t in tujuan), sum(pairs.values()))
    return TabelLaporan(judul=judul, kolom=kolom, baris=rows, total=total)


def laporan_formasi(db: Database, *, by: Actor, pada: date | None = None, opd_id: int | None = None,
                    hanya_lowongan: bool = False) -> Laporan:
    """Kebutuhan, bezetting and selisih per unit × jabatan, with totals per OPD."""
    a = analisis_kebutuhan(db, by, horizon_bulan=0, pada=pada, opd_id=opd_id)
    with db.session() as s:
        inst = instansi_info(s)
    rows = [b for b in a.baris if not hanya_lowongan or b.lowongan > 0]
    detail = TabelLaporan(
        judul="Formasi per unit kerja dan jabatan" + (" (hanya yang lowong)" if hanya_lowongan else ""),
        kolom=(KolomLaporan("OPD", lebar=0.2), KolomLaporan("Unit kerja", lebar=0.22), KolomLaporan("Jabatan", lebar=0.26),
               KolomLaporan("Kebutuhan", "int", 0.08), KolomLaporan("Bezetting", "int", 0.08),
               KolomLaporan("Selisih", "int", 0.08), KolomLaporan("Lowong", "int", 0.08)),
        baris=tuple((b.opd_nama, b.unit_nama, b.jabatan_nama, b.kebutuhan, b.bezetting, b.selisih, b.lowongan)
                    for b in rows),
        total=("Jumlah", "", "", sum(b.kebutuhan for b in rows), sum(b.bezetting for b in rows),
               sum(b.selisih for b in rows), sum(b.lowongan for b in rows)),
    )  # fmt: skip
    per_opd = TabelLaporan(
        judul="Rekap per OPD",
        kolom=(KolomLaporan("OPD", lebar=0.52), KolomLaporan("Kebutuhan", "int", 0.12), KolomLaporan("Bezetting", "int", 0.12),
               KolomLaporan("Selisih", "int", 0.12), KolomLaporan("Lowong", "int", 0.12)),
        baris=tuple((r.nama, r.kebutuhan, r.bezetting, r.selisih, r.lowongan) for r in a.per_opd),
        total=("Jumlah", a.total.kebutuhan, a.total.bezetting, a.total.selisih, a.total.lowongan),
    )  # fmt: skip
    return Laporan(judul="Laporan Formasi dan Lowongan Jabatan", subjudul=f"Keadaan {format_tanggal(a.pada)}",
                   instansi=f"Pemerintah {inst.nama_daerah}", tabel=(per_opd, detail))


def nominatif(db: Database, unit_id: int, *, by: Actor, termasuk_subunit: bool = True) -> Laporan:
    """Daftar nominatif: the active pegawai of a unit (and its sub-units), by jabatan then golongan."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        unit = s.get(UnitKerja, unit_id)
        if unit is None:
            raise DomainError(f"Unit kerja dengan id {unit_id} tidak ditemukan", field="unit_id")
        inst = instansi_info(s)
        q = select(Pegawai, Jabatan.nama, UnitKerja.nama).outerjoin(Jabatan, Pegawai.jabatan_id == Jabatan.id) \
            .join(UnitKerja, Pegawai.unit_id == UnitKerja.id).where(Pegawai.kedudukan == "AKTIF")
        q = q.where(UnitKerja.path.startswith(unit.path)) if termasuk_subunit else q.where(Pegawai.unit_id == unit_id)
        rows = s.execute(q.order_by(Pegawai.golongan_id.desc(), Pegawai.nama_sort)).all()
        unit_nama = unit.nama
    out = []
    for i, (p, jab, unama) in enumerate(rows, start=1):
        nama = ", ".join(x for x in (f"{p.gelar_depan} {p.nama}".strip(), p.gelar_belakang) if x)
        try:
            pend = tingkat_by_kode(p.pendidikan_tingkat).singkat if p.pendidikan_tingkat else ""
        except DomainError:
            pend = p.pendidikan_tingkat or ""
        out.append((i, nama, p.nip, _gol(p.golongan_id), p.tmt_golongan, jab or "", unama, pend,
                    p.tanggal_lahir, p.tanggal_pensiun))
    table = TabelLaporan(
        judul=f"Pegawai aktif: {len(out)} orang",
        kolom=(KolomLaporan("No", "int", 0.04), KolomLaporan("Nama", lebar=0.17), KolomLaporan("NIP", "nip", 0.12),
               KolomLaporan("Gol.", lebar=0.05), KolomLaporan("TMT Gol.", "date", 0.07),
               KolomLaporan("Jabatan", lebar=0.19), KolomLaporan("Unit kerja", lebar=0.16),
               KolomLaporan("Pend.", lebar=0.05), KolomLaporan("Tgl. lahir", "date", 0.075),
               KolomLaporan("Pensiun", "date", 0.075)),
        baris=tuple(out),
    )  # fmt: skip
    return Laporan(judul="Daftar Nominatif Pegawai", subjudul=unit_nama, instansi=f"Pemerintah {inst.nama_daerah}",
                   tabel=(table,))


def simpan_laporan(laporan: Laporan, out_path: Path, *, db: Database | None = None, by: Actor | None = None) -> Path:
    """Write ``laporan`` as PDF or xlsx according to the file extension; record the export."""
    out_path = Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise DomainError(f"Jenis berkas '{suffix or out_path.name}' tidak didukung; gunakan .pdf atau .xlsx",
                          field="berkas")
    if by is not None:
        require(by, Izin.EKSPOR)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        render_laporan(laporan, out_path)
    else:
        write_laporan_xlsx(laporan, out_path)
    if db is not None and by is not None:
        from mutasi_desktop.services import audit_service

        audit_service.record_event(db, by, audit_service.Aksi.EKSPOR, "laporan", None,
                                   f"{laporan.judul} ({laporan.subjudul})", {"berkas": str(out_path)})
    return out_path
