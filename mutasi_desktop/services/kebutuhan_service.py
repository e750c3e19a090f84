"""Analisis kebutuhan: for every unit × jabatan, kebutuhan (ABK), bezetting and selisih, now and
within a horizon (BUP retirements and approved usul that are not carried out yet).

Bezetting is always derived from the pegawai table, never stored. A unit × jabatan that holds
pegawai but has no formasi row is listed too (kebutuhan 0: over strength until ABK says
otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Instansi, Jabatan, Pegawai, UnitKerja, UsulMutasi
from mutasi_desktop.documents.pdf.report_data import KolomLaporan, Laporan, TabelLaporan
from mutasi_desktop.domain.dates import add_months
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import APPROVED_STATES
from mutasi_desktop.services.candidate_facts import KEDUDUKAN_TIDAK_MENEMPATI

# Kedudukan that no longer hold a post (everything else, even tugas belajar or CLTN, still counts
# in bezetting: the post is not free while its holder may return). Shared with the vacancy rule.
KEDUDUKAN_TIDAK_MENJABAT = KEDUDUKAN_TIDAK_MENEMPATI
HORIZON_MAKS_BULAN = 120


@dataclass(frozen=True)
class PegawaiKeluar:
    pegawai_id: int
    nip: str
    nama: str
    sebab: str  # "PENSIUN" or "MUTASI"
    tanggal: date | None  # TMT pensiun or planned TMT of the usul
    usul_id: int | None = None


@dataclass(frozen=True)
class BarisKebutuhan:
    """One unit × jabatan. ``selisih`` > 0 means under strength (kurang), < 0 over strength."""

    formasi_id: int | None
    opd_id: int | None
    opd_nama: str
    unit_id: int
    unit_nama: str
    unit_path: str
    jabatan_id: int
    jabatan_nama: str
    jenis_jabatan: str
    kebutuhan: int
    bezetting: int
    pensiun: int  # within the horizon
    keluar: int  # approved usul out of this post
    masuk: int  # approved usul into this formasi
    keluar_rinci: tuple[PegawaiKeluar, ...] = ()

    @property
    def selisih(self) -> int:
        return self.kebutuhan - self.bezetting

    @property
    def lowongan(self) -> int:
        return max(self.selisih, 0)

    @property
    def proyeksi_bezetting(self) -> int:
        return self.bezetting - self.pensiun - self.keluar + self.masuk

    @property
    def proyeksi_selisih(self) -> int:
        return self.kebutuhan - self.proyeksi_bezetting

    @property
    def lowongan_proyeksi(self) -> int:
        return max(self.proyeksi_selisih, 0)

    @property
    def keadaan(self) -> str:
        """``KURANG`` / ``LEBIH`` / ``SESUAI`` after the horizon."""
        if self.proyeksi_selisih > 0:
            return "KURANG"
        if self.proyeksi_selisih < 0:
            return "LEBIH"
        return "SESUAI"


@dataclass(frozen=True)
class RekapKebutuhan:
    kunci: str
    nama: str
    kebutuhan: int
    bezetting: int
    pensiun: int
    keluar: int
    masuk: int
    lowongan: int  # sum of per-post vacancies (over strength elsewhere does not cancel them)
    lowongan_proyeksi: int

    @property
    def selisih(self) -> int:
        return self.kebutuhan - self.bezetting

    @property
    def proyeksi_selisih(self) -> int:
        return self.kebutuhan - (self.bezetting - self.pensiun - self.keluar + self.masuk)


@dataclass(frozen=True)
class AnalisisKebutuhan:
    pada: date
    horizon_bulan: int
    sampai: date
    baris: tuple[BarisKebutuhan, ...]
    per_opd: tuple[RekapKebutuhan, ...]
    per_jenis: tuple[RekapKebutuhan, ...]
    total: RekapKebutuhan


def _rekap(kunci: str, nama: str, rows: Iterable[BarisKebutuhan]) -> RekapKebutuhan:
    items = list(rows)
    return RekapKebutuhan(
        kunci=kunci,
        nama=nama,
        kebutuhan=sum(r.kebutuhan for r in items),
        bezetting=sum(r.bezetting for r in items),
        pensiun=sum(r.pensiun for r in items),
        keluar=sum(r.keluar for r in items),
        masuk=sum(r.masuk for r in items),
        lowongan=sum(r.lowongan for r in items),
        lowongan_proyeksi=sum(r.lowongan_proyeksi for r in items),
    )


def opd_of(units: dict[int, tuple[str, str, str]], unit_id: int) -> tuple[int | None, str]:
    """The OPD (first ancestor of jenis OPD, else the root) of a unit; ``units`` maps id to
    (nama, jenis, path)."""
    nama, _jenis, path = units[unit_id]
    ids = [int(p) for p in path.strip("/").split("/") if p] or [unit_id]
    for uid in ids:
        if uid in units and units[uid][1] == "OPD":
            return uid, units[uid][0]
    root = ids[0]
    return root, units[root][0] if root in units else nama


def _post(unit_id: int | None, jabatan_id: int | None) -> tuple[int, int] | None:
    return None if unit_id is None or jabatan_id is None else (unit_id, jabatan_id)


def _load_units(session: Session) -> dict[int, tuple[str, str, str]]:
    rows = session.execute(select(UnitKerja.id, UnitKerja.nama, UnitKerja.jenis, UnitKerja.path))
    return {r.id: (r.nama, r.jenis, r.path or f"/{r.id}/") for r in rows}


def analisis_kebutuhan(
    db: Database,
    actor: Actor,
    *,
    horizon_bulan: int = 12,
    pada: date | None = None,
    opd_id: int | None = None,
    hanya_aktif: bool = True,
) -> AnalisisKebutuhan:
    """Kebutuhan, bezetting and selisih for every unit × jabatan, now and after ``horizon_bulan``.

    Within the horizon a pegawai leaves his post when his TMT pensiun falls on or before the
    horizon's end, or when an approved usul (Disetujui / SK Ditetapkan) moves him; the usul's
    target formasi gains one. A pegawai counted as leaving by usul is not counted again as
    retiring.
    """
    require(actor, Izin.LIHAT_DATA)
    if isinstance(horizon_bulan, bool) or not 0 <= horizon_bulan <= HORIZON_MAKS_BULAN:
        raise DomainError(
            f"Horizon proyeksi harus antara 0 dan {HORIZON_MAKS_BULAN} bulan (diisi {horizon_bulan})",
            field="horizon_bulan",
        )
    pada = pada or date.today()
    sampai = add_months(pada, horizon_bulan)
    approved = [s.value for s in APPROVED_STATES]
    with db.session() as session:
        units = _load_units(session)
        jabatan = {
            r.id: (r.nama, r.jenis)
            for r in session.execute(select(Jabatan.id, Jabatan.nama, Jabatan.jenis))
        }
        formasi_rows = session.execute(
            select(Formasi.id, Formasi.unit_id, Formasi.jabatan_id, Formasi.kebutuhan)
        ).all()
        unit_aktif = dict(session.execute(select(UnitKerja.id, UnitKerja.aktif)).all())
        holds_post = (
            Pegawai.kedudukan.not_in(KEDUDUKAN_TIDAK_MENJABAT),
            Pegawai.unit_id.is_not(None),
            Pegawai.jabatan_id.is_not(None),
        )
        # Counted in the database; only the few who leave are read one by one.
        bezetting: dict[tuple[int, int], int] = {}
        for unit_id, jabatan_id, jumlah in session.execute(
            select(Pegawai.unit_id, Pegawai.jabatan_id, func.count())
            .where(*holds_post).group_by(Pegawai.unit_id, Pegawai.jabatan_id)
        ):  # fmt: skip
            if (post := _post(unit_id, jabatan_id)) is not None:
                bezetting[post] = jumlah
        person = (Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.unit_id, Pegawai.jabatan_id)
        usul_rows = session.execute(
            select(UsulMutasi.id, UsulMutasi.tujuan_formasi_id, UsulMutasi.tmt_rencana, *person, Pegawai.kedudukan)
            .join(Pegawai, Pegawai.id == UsulMutasi.pegawai_id)
            .where(UsulMutasi.status.in_(approved))
            .order_by(UsulMutasi.id)
        ).all()  # fmt: skip
        retiring_rows = session.execute(
            select(*person, Pegawai.tanggal_pensiun)
            .where(*holds_post, Pegawai.tanggal_pensiun.is_not(None), Pegawai.tanggal_pensiun <= sampai)
        ).all()  # fmt: skip

    formasi_by_key: dict[tuple[int, int], tuple[int, int]] = {
        (r.unit_id, r.jabatan_id): (r.id, r.kebutuhan or 0) for r in formasi_rows
    }
    key_by_formasi = {fid: key for key, (fid, _k) in formasi_by_key.items()}
    keluar: dict[tuple[int, int], list[PegawaiKeluar]] = defaultdict(list)
    masuk: dict[tuple[int, int], int] = defaultdict(int)
    moved: set[int] = set()
    for usul_id, tujuan, tmt, pid, nip, nama, unit_id, jabatan_id, kedudukan in usul_rows:
        post = _post(unit_id, jabatan_id)
        if post is not None and kedudukan not in KEDUDUKAN_TIDAK_MENJABAT and pid not in moved:
            keluar[post].append(PegawaiKeluar(pid, nip, nama, "MUTASI", tmt, usul_id))
            moved.add(pid)
        if tujuan in key_by_formasi:
            masuk[key_by_formasi[tujuan]] += 1
    pensiun: dict[tuple[int, int], list[PegawaiKeluar]] = defaultdict(list)
    for pid, nip, nama, unit_id, jabatan_id, tp in retiring_rows:
        post = _post(unit_id, jabatan_id)
        if post is not None and pid not in moved:
            pensiun[post].append(PegawaiKeluar(pid, nip, nama, "PENSIUN", tp))

    keys = set(formasi_by_key) | set(bezetting)
    baris: list[BarisKebutuhan] = []
    for key in keys:
        unit_id, jabatan_id = key
        if unit_id not in units or jabatan_id not in jabatan:
            continue
        if hanya_aktif and not unit_aktif.get(unit_id, True) and not bezetting.get(key):
            continue
        o_id, o_nama = opd_of(units, unit_id)
        if opd_id is not None and o_id != opd_id:
            continue
        fid, kebutuhan = formasi_by_key.get(key, (None, 0))
        leaving = tuple(
            sorted(keluar.get(key, []) + pensiun.get(key, []), key=lambda k: (k.tanggal or sampai, k.nip))
        )
        baris.append(
            BarisKebutuhan(
                formasi_id=fid, opd_id=o_id, opd_nama=o_nama, unit_id=unit_id, unit_nama=units[unit_id][0],
                unit_path=units[unit_id][2], jabatan_id=jabatan_id, jabatan_nama=jabatan[jabatan_id][0],
                jenis_jabatan=jabatan[jabatan_id][1], kebutuhan=kebutuhan, bezetting=bezetting.get(key, 0),
                pensiun=len(pensiun.get(key, [])), keluar=len(keluar.get(key, [])), masuk=masuk.get(key, 0),
                keluar_rinci=leaving,
            )
        )  # fmt: skip
    baris.sort(key=lambda b: (b.opd_nama, b.unit_path, b.unit_nama, b.jabatan_nama))

    by_opd: dict[tuple[str, int | None], list[BarisKebutuhan]] = defaultdict(list)
    by_jenis: dict[str, list[BarisKebutuhan]] = defaultdict(list)
    for b in baris:
        by_opd[(b.opd_nama, b.opd_id)].append(b)
        by_jenis[b.jenis_jabatan].append(b)
    per_opd = tuple(_rekap(str(k[1]), k[0], rows) for k, rows in sorted(by_opd.items(), key=lambda kv: kv[0][0]))
    order = {j.value: i for i, j in enumerate(JenisJabatan)}
    per_jenis = tuple(
        _rekap(k, _jenis_label(k), rows) for k, rows in sorted(by_jenis.items(), key=lambda kv: order.get(kv[0], 99))
    )
    return AnalisisKebutuhan(
        pada=pada, horizon_bulan=horizon_bulan, sampai=sampai, baris=tuple(baris),
        per_opd=per_opd, per_jenis=per_jenis, total=_rekap("TOTAL", "Jumlah", baris),
    )  # fmt: skip


def _jenis_label(kode: str) -> str:
    try:
        return JenisJabatan(kode).label
    except ValueError:
        return kode


def lowongan_formasi(analisis: AnalisisKebutuhan, *, proyeksi: bool = False) -> list[BarisKebutuhan]:
    """Posts with at least one open seat (now, or after the horizon), most seats first."""
    rows = [b for b in analisis.baris if b.formasi_id is not None and (b.lowongan_proyeksi if proyeksi else b.lowongan) > 0]
    rows.sort(key=lambda b: (-(b.lowongan_proyeksi if proyeksi else b.lowongan), b.opd_nama, b.unit_nama, b.jabatan_nama))
    return rows


# --------------------------------------------------------------------------- export


def laporan_kebutuhan(analisis: AnalisisKebutuhan, *, instansi: str = "", hanya_lowongan: bool = True) -> Laporan:
    """The analysis as report tables: totals by OPD, by jenis jabatan, then the posts."""
    from mutasi_desktop.domain.dates import format_tanggal

    rekap_kolom = (
        KolomLaporan("Nama", lebar=0.34), KolomLaporan("Kebutuhan", "int"), KolomLaporan("Bezetting", "int"),
        KolomLaporan("Lowongan", "int"), KolomLaporan("Pensiun", "int"), KolomLaporan("Usul keluar", "int"),
        KolomLaporan("Usul masuk", "int"), KolomLaporan("Lowongan proyeksi", "int"),
    )  # fmt: skip

    def rekap_row(r: RekapKebutuhan) -> tuple[object, ...]:
        return (r.nama, r.kebutuhan, r.bezetting, r.lowongan, r.pensiun, r.keluar, r.masuk, r.lowongan_proyeksi)

    rows = [b for b in analisis.baris if not hanya_lowongan or b.lowongan or b.lowongan_proyeksi]
    formasi = TabelLaporan(
        judul="Rincian lowongan" if hanya_lowongan else "Rincian formasi",
        kolom=(
            KolomLaporan("OPD", lebar=0.18), KolomLaporan("Unit kerja", lebar=0.2), KolomLaporan("Jabatan", lebar=0.22),
            KolomLaporan("Keb.", "int"), KolomLaporan("Bez.", "int"), KolomLaporan("Selisih", "int"),
            KolomLaporan("Pensiun", "int"), KolomLaporan("Keluar", "int"), KolomLaporan("Masuk", "int"),
            KolomLaporan("Selisih proyeksi", "int"),
        ),
        baris=tuple(
            (b.opd_nama, b.unit_nama, b.jabatan_nama, b.kebutuhan, b.bezetting, b.selisih, b.pensiun, b.keluar,
             b.masuk, b.proyeksi_selisih)
            for b in rows
        ),
        catatan="Selisih = kebutuhan − bezetting (positif: kurang). Proyeksi memperhitungkan pensiun (BUP) dan usul "
        "yang sudah disetujui.",
    )  # fmt: skip
    return Laporan(
        judul="Analisis Kebutuhan Pegawai",
        subjudul=f"Keadaan {format_tanggal(analisis.pada)}; proyeksi sampai {format_tanggal(analisis.sampai)} "
        f"({analisis.horizon_bulan} bulan)",
        instansi=instansi,
        tabel=(
            TabelLaporan("Rekap per OPD", rekap_kolom, tuple(rekap_row(r) for r in analisis.per_opd),
                         total=rekap_row(analisis.total)),
            TabelLaporan("Rekap per jenis jabatan", rekap_kolom, tuple(rekap_row(r) for r in analisis.per_jenis),
                         total=rekap_row(analisis.total)),
            formasi,
        ),
    )  # fmt: skip


def ekspor_kebutuhan(db: Database, actor: Actor, analisis: AnalisisKebutuhan, out_path: Path) -> Path:
    """Write the analysis to ``out_path``: ``.xlsx`` (one sheet per table) or ``.pdf``."""
    require(actor, Izin.EKSPOR)
    suffix = Path(out_path).suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise DomainError(f"Format berkas '{suffix or '(tanpa akhiran)'}' tidak didukung; pilih .xlsx atau .pdf",
                          field="berkas")  # fmt: skip
    with db.session() as session:
        row = session.execute(select(Instansi.nama_bkpsdm, Instansi.nama_daerah).limit(1)).first()
    instansi = (row[0] or row[1]) if row else ""
    laporan = laporan_kebutuhan(analisis, instansi=instansi)
    if suffix == ".xlsx":
        from mutasi_desktop.documents.report_xlsx import write_laporan_xlsx

        return write_laporan_xlsx(laporan, Path(out_path))
    from mutasi_desktop.documents.pdf.report_pdf import render_laporan

    return render_laporan(laporan, Path(out_path))
