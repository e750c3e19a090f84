"""Small synthetic rows for the PostgreSQL, concurrency, migrate-db and exchange tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from mutasi_desktop.db.models import Aspirasi, Jabatan, Pegawai, RiwayatJabatan, UnitKerja, UsulMutasi


def nip_for(n: int) -> str:
    """A well-formed synthetic NIP: born 1985-01-01, CPNS 2010-03, male, sequence ``n`` (1..9999)."""
    return f"19850101201003{1}{n:03d}" if n < 1000 else f"19850101201003{n:04d}"


def add_unit(session: Session, nama: str = "Dinas Pendidikan") -> UnitKerja:
    unit = UnitKerja(nama=nama, jenis="OPD", path="/")
    session.add(unit)
    session.flush()
    unit.path = f"/{unit.id}/"
    return unit


def add_jabatan(session: Session, nama: str = "Pengelola Data") -> Jabatan:
    jabatan = Jabatan(nama=nama, jenis="PELAKSANA")
    session.add(jabatan)
    session.flush()
    return jabatan


def add_pegawai(session: Session, n: int, *, nama: str | None = None, unit: UnitKerja | None = None,
                jabatan: Jabatan | None = None, with_history: bool = False) -> Pegawai:
    pegawai = Pegawai(
        nip=nip_for(n),
        nama=nama or f"Pegawai Contoh {n}",
        tanggal_lahir=date(1985, 1, 1),
        jenis_kelamin="L",
        status_kepegawaian="PNS",
        golongan_id=31,
        unit=unit,
        jabatan=jabatan,
        tmt_jabatan=date(2020, 1, 1),
    )
    session.add(pegawai)
    session.flush()
    if with_history:
        session.add(RiwayatJabatan(
            pegawai_id=pegawai.id, jabatan_id=jabatan.id if jabatan else None,
            unit_id=unit.id if unit else None, jabatan_nama=jabatan.nama if jabatan else "",
            unit_nama=unit.nama if unit else "", tmt_jabatan=date(2020, 1, 1), nomor_sk="800/1/2020",
        ))
    return pegawai


def add_aspirasi(session: Session, pegawai: Pegawai, *, unit: UnitKerja | None = None) -> Aspirasi:
    row = Aspirasi(pegawai_id=pegawai.id, tanggal=date(2026, 5, 1), unit_pilihan_1_id=unit.id if unit else None,
                   alasan="IKUT_PASANGAN", kesediaan="BERSEDIA")
    session.add(row)
    session.flush()
    return row


def add_usul(session: Session, pegawai: Pegawai, nomor: str, *, status: str = "DIAJUKAN") -> UsulMutasi:
    row = UsulMutasi(nomor=nomor, pegawai_id=pegawai.id, jenis_mutasi="ANTAR_OPD", alasan="IKUT_PASANGAN",
                     asal_unit_nama=pegawai.unit.nama if pegawai.unit else "", status=status)
    session.add(row)
    session.flush()
    return row
