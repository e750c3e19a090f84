"""Beranda figures agree with direct counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, SuratKeputusan, UsulMutasi
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.dashboard_service import load_beranda
from mutasi_desktop.services.pegawai_query import count_pegawai


def test_counts_match_the_database(demo_db: Database) -> None:
    data = load_beranda(demo_db, SYSTEM)
    with demo_db.session() as s:
        pns = s.scalar(select(func.count()).select_from(Pegawai).where(Pegawai.status_kepegawaian == "PNS",
                                                                       Pegawai.kedudukan == "AKTIF"))
    assert data.pegawai_per_status["PNS"] >= pns
    assert data.total_pegawai_aktif == sum(data.pegawai_per_status.values())
    assert data.total_lowongan == sum(o.lowongan for o in data.lowongan_per_opd) > 0
    assert len(data.mutasi_per_bulan) == 12


def test_lists_click_through_to_the_same_people(demo_db: Database) -> None:
    data = load_beranda(demo_db, SYSTEM, pada=date(2026, 6, 1))
    assert data.mendekati_bup_total == count_pegawai(demo_db, SYSTEM, data.filter_bup)
    assert data.lama_jabatan_total == count_pegawai(demo_db, SYSTEM, data.filter_lama)
    assert data.mendekati_bup and all(
        r.tanggal_pensiun is not None and r.tanggal_pensiun >= date(2026, 6, 1) for r in data.mendekati_bup
    )
    pensiun = [r.tanggal_pensiun for r in data.mendekati_bup]
    assert pensiun == sorted(pensiun)  # type: ignore[type-var]


def test_usul_sk_and_mutasi_per_month(demo_db: Database) -> None:
    with demo_db.session() as s:
        pegawai_id = s.scalar(select(Pegawai.id).limit(1))
        s.add(UsulMutasi(nomor="U-1", pegawai_id=pegawai_id, jenis_mutasi="ANTAR_OPD", alasan="LAINNYA",
                         status="DILAKSANAKAN", tmt_pelaksanaan=date(2026, 5, 1)))
        s.add(UsulMutasi(nomor="U-2", pegawai_id=pegawai_id, jenis_mutasi="ANTAR_OPD", alasan="LAINNYA",
                         status="DIAJUKAN"))
        s.add(SuratKeputusan(nomor="SK-1", status="DITETAPKAN", tanggal_penetapan=date(2026, 3, 1)))
    data = load_beranda(demo_db, SYSTEM, pada=date(2026, 6, 1))
    assert data.usul_per_status.get("DIAJUKAN", 0) >= 1
    assert dict(data.mutasi_per_bulan)["2026-05"] >= 1
    assert data.sk_tahun_ini >= 1
