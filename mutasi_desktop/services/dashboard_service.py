"""Beranda: counts at a glance, vacancies per OPD, mutasi per month, BUP and long-tenure lists.

One read-only session computes everything with grouped queries (no per-pegawai Python loop), so
the dashboard opens quickly on 100,000 pegawai. Every list item carries what the pegawai list
needs to show the same people (a ``PegawaiFilter``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, SuratKeputusan, UnitKerja, UsulMutasi
from mutasi_desktop.domain.dates import add_months
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services.pegawai_query import (
    PegawaiFilter,
    PegawaiRow,
    Urutan,
    active_counts,
    fetch_pegawai,
)

BUP_BULAN = 12
LAMA_JABATAN_TAHUN = 5
LIST_LIMIT = 50


@dataclass(frozen=True)
class OpdLowongan:
    unit_id: int
    nama: str
    singkatan: str
    kebutuhan: int
    terisi: int

    @property
    def lowongan(self) -> int:
        return max(self.kebutuhan - self.terisi, 0)


@dataclass(frozen=True)
class Beranda:
    pada: date
    pegawai_per_status: dict[str, int]
    pegawai_per_kedudukan: dict[str, int]
    total_pegawai_aktif: int
    total_kebutuhan: int
    total_lowongan: int  # sum over formasi of max(kebutuhan - terisi, 0)
    usul_per_status: dict[str, int]
    sk_tahun_ini: int
    lowongan_per_opd: tuple[OpdLowongan, ...]
    mutasi_per_bulan: tuple[tuple[str, int], ...]  # ("2026-01", n) for the last 12 months
    mendekati_bup: tuple[PegawaiRow, ...]
    mendekati_bup_total: int
    lama_jabatan: tuple[PegawaiRow, ...]
    lama_jabatan_total: int
    filter_bup: PegawaiFilter = field(default_factory=PegawaiFilter)
    filter_lama: PegawaiFilter = field(default_factory=PegawaiFilter)


def _month_keys(today: date, months: int) -> list[str]:
    first = today.replace(day=1)
    return [add_months(first, -i).strftime("%Y-%m") for i in range(months - 1, -1, -1)]


def load_beranda(db: Database, actor: Actor, *, pada: date | None = None) -> Beranda:
    """Everything the Beranda page shows."""
    require(actor, Izin.LIHAT_DATA)
    today = pada or date.today()
    with db.session() as s:
        per_status: dict[str, int] = {k[0]: n for k, n in active_counts(s, Pegawai.status_kepegawaian).items()}
        per_kedudukan = dict(
            s.execute(select(Pegawai.kedudukan, func.count()).group_by(Pegawai.kedudukan)).all()
        )
        filled = {
            (u, j): n for (u, j), n in active_counts(s, Pegawai.unit_id, Pegawai.jabatan_id).items()
            if j is not None
        }
        unit_paths = dict(s.execute(select(UnitKerja.id, UnitKerja.path)).all())
        opd = {
            u.id: u for u in s.scalars(select(UnitKerja).where(UnitKerja.parent_id.is_(None), UnitKerja.aktif.is_(True)))
        }
        kebutuhan_opd: dict[int, int] = {}
        terisi_opd: dict[int, int] = {}
        total_kebutuhan = total_lowongan = 0
        for unit_id, jabatan_id, kebutuhan in s.execute(
            select(Formasi.unit_id, Formasi.jabatan_id, Formasi.kebutuhan)
        ).all():
            terisi = filled.get((unit_id, jabatan_id), 0)
            total_kebutuhan += kebutuhan
            total_lowongan += max(kebutuhan - terisi, 0)
            path = unit_paths.get(unit_id, "/")
            root = int(path.strip("/").split("/")[0]) if path.strip("/") else unit_id
            kebutuhan_opd[root] = kebutuhan_opd.get(root, 0) + kebutuhan
            terisi_opd[root] = terisi_opd.get(root, 0) + min(terisi, kebutuhan)
        lowongan = sorted(
            (
                OpdLowongan(unit_id=i, nama=u.nama, singkatan=u.singkatan or "", kebutuhan=kebutuhan_opd.get(i, 0),
                            terisi=terisi_opd.get(i, 0))
                for i, u in opd.items()
            ),
            key=lambda o: (-o.lowongan, o.nama),
        )
        usul = dict(s.execute(select(UsulMutasi.status, func.count()).group_by(UsulMutasi.status)).all())
        sk = s.scalar(
            select(func.count()).select_from(SuratKeputusan).where(
                SuratKeputusan.status == "DITETAPKAN", extract("year", SuratKeputusan.tanggal_penetapan) == today.year
            )
        ) or 0
        start = add_months(today.replace(day=1), -11)
        per_month: dict[str, int] = dict.fromkeys(_month_keys(today, 12), 0)
        for tmt in s.scalars(
            select(UsulMutasi.tmt_pelaksanaan).where(
                UsulMutasi.status == "DILAKSANAKAN", UsulMutasi.tmt_pelaksanaan >= start,
                UsulMutasi.tmt_pelaksanaan <= today,
            )
        ):
            if tmt is None:
                continue
            key = tmt.strftime("%Y-%m")
            if key in per_month:
                per_month[key] += 1
    filter_bup = PegawaiFilter(pensiun_dalam_bulan=BUP_BULAN, hanya_aktif=True, pada=today)
    filter_lama = PegawaiFilter(lama_jabatan_min_tahun=LAMA_JABATAN_TAHUN, hanya_aktif=True, pada=today)
    bup = fetch_pegawai(db, actor, filter_bup, sort=Urutan.TANGGAL_PENSIUN, limit=LIST_LIMIT, with_total=True)
    lama = fetch_pegawai(db, actor, filter_lama, sort=Urutan.TMT_JABATAN, limit=LIST_LIMIT, with_total=True)
    return Beranda(
        pada=today, pegawai_per_status=per_status, pegawai_per_kedudukan=per_kedudukan,
        total_pegawai_aktif=sum(per_status.values()), total_kebutuhan=total_kebutuhan, total_lowongan=total_lowongan,
        usul_per_status=usul, sk_tahun_ini=int(sk), lowongan_per_opd=tuple(lowongan),
        mutasi_per_bulan=tuple(per_month.items()), mendekati_bup=bup.rows, mendekati_bup_total=bup.total,
        lama_jabatan=lama.rows, lama_jabatan_total=lama.total, filter_bup=filter_bup, filter_lama=filter_lama,
    )

