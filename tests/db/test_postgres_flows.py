"""Key service flows give the same answers on PostgreSQL as on SQLite (the same demo kabupaten on both)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.audit_service import verify_chain
from mutasi_desktop.services.pegawai_query import PegawaiFilter, Urutan, count_pegawai, fetch_pegawai

pytestmark = pytest.mark.postgres


def _sample(db: Database) -> tuple[Pegawai, int]:
    with db.session() as s:
        pegawai = s.scalars(select(Pegawai).where(Pegawai.unit_id.is_not(None)).order_by(Pegawai.id).limit(1)).one()
        opd = s.scalars(select(UnitKerja.id).where(UnitKerja.level == 0).order_by(UnitKerja.id).limit(1)).one()
        return pegawai, opd


def test_pegawai_list_filters_and_sorts_match_sqlite(sqlite_demo_db: Database, pg_demo_db: Database) -> None:
    pegawai, opd = _sample(sqlite_demo_db)
    filters = [
        PegawaiFilter(),
        PegawaiFilter(unit_id=opd),
        PegawaiFilter(golongan_id=pegawai.golongan_id),
        PegawaiFilter(hanya_aktif=True, status_kepegawaian="PNS"),
        PegawaiFilter(teks=pegawai.nip),
    ]
    for flt in filters:
        for sort in (Urutan.NAMA, Urutan.NIP, Urutan.GOLONGAN, Urutan.UNIT, Urutan.TANGGAL_PENSIUN):
            lite = fetch_pegawai(sqlite_demo_db, SYSTEM, flt, sort=sort, limit=60, with_total=True)
            pg = fetch_pegawai(pg_demo_db, SYSTEM, flt, sort=sort, limit=60, with_total=True)
            assert pg.total == lite.total, (flt, sort)
            assert [r.id for r in pg.rows] == [r.id for r in lite.rows], (flt, sort)
            assert pg.rows == lite.rows


def test_search_by_name_and_nip_finds_the_pegawai_on_postgresql(pg_demo_db: Database, sqlite_demo_db: Database) -> None:
    pegawai, _ = _sample(pg_demo_db)
    surname = pegawai.nama.split()[-1]
    for teks in (pegawai.nip, surname, f"{surname.lower()} {pegawai.nip[:8]}", pegawai.nip[:8]):
        found = fetch_pegawai(pg_demo_db, SYSTEM, PegawaiFilter(teks=teks), limit=500, with_total=True)
        assert pegawai.id in [r.id for r in found.rows], teks
        # SQLite matches word prefixes, PostgreSQL substrings: PostgreSQL finds at least as many.
        assert found.total >= count_pegawai(sqlite_demo_db, SYSTEM, PegawaiFilter(teks=teks))


def test_audit_chain_of_the_copied_demo_is_valid_on_postgresql(pg_demo_db: Database) -> None:
    report = verify_chain(pg_demo_db, SYSTEM)
    assert report.ok, report.pesan
