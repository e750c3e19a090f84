"""The demo kabupaten: deterministic, plausible, with real vacancies and complete history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, RiwayatJabatan, Skp, UnitKerja
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.nip import parse_nip
from mutasi_desktop.services.demo import DemoAlreadyFilled, build_demo

REF = date(2026, 11, 1)


def _fingerprint(db: Database) -> list[tuple[object, ...]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT nip, nama, golongan_id, unit_id, jabatan_id, tmt_jabatan, uuid FROM pegawai ORDER BY id"
        ))]


def test_same_seed_same_kabupaten(tmp_path: Path, empty_template: Path) -> None:
    prints = []
    for name in ("a.db", "b.db"):
        path = tmp_path / name
        path.write_bytes(empty_template.read_bytes())
        db = Database(f"sqlite:///{path}")
        build_demo(db, pegawai=150, seed=11, today=REF)
        prints.append(_fingerprint(db))
        db.dispose()
    assert prints[0] == prints[1]
    assert len(prints[0]) == 150


def test_different_seed_differs(db: Database, tmp_path: Path, empty_template: Path) -> None:
    build_demo(db, pegawai=100, seed=1, today=REF)
    other_path = tmp_path / "other.db"
    other_path.write_bytes(empty_template.read_bytes())
    other = Database(f"sqlite:///{other_path}")
    build_demo(other, pegawai=100, seed=2, today=REF)
    assert _fingerprint(db) != _fingerprint(other)
    other.dispose()


def test_demo_refuses_a_database_with_data(demo_db: Database) -> None:
    with pytest.raises(DemoAlreadyFilled):
        build_demo(demo_db, pegawai=10)


def test_demo_data_is_plausible(demo_db: Database) -> None:
    with demo_db.session() as s:
        pegawai = s.scalars(select(Pegawai)).all()
        assert len(pegawai) == 400
        nips = [p.nip for p in pegawai]
        assert len(set(nips)) == len(nips)
        for p in pegawai:
            info = parse_nip(p.nip)  # every NIP is valid and agrees with the record
            assert info.tanggal_lahir == p.tanggal_lahir
            assert info.jenis_kelamin == p.jenis_kelamin
            assert (p.status_kepegawaian == "PPPK") == info.kemungkinan_pppk
            gol = golongan_by_id(p.golongan_id) if p.golongan_id else None
            assert gol is not None and gol.jenis == ("PPPK" if p.status_kepegawaian == "PPPK" else "PNS")
            assert p.tanggal_pensiun is not None and p.tanggal_pensiun > p.tanggal_lahir
        opd = s.scalar(select(func.count()).select_from(UnitKerja).where(UnitKerja.parent_id.is_(None)))
        assert 30 <= (opd or 0) <= 45
        # Every pegawai's current post is the last row of their history.
        last = s.execute(text(
            "SELECT p.id FROM pegawai p JOIN riwayat_jabatan r ON r.pegawai_id = p.id "
            "WHERE r.tmt_jabatan = (SELECT max(tmt_jabatan) FROM riwayat_jabatan WHERE pegawai_id = p.id) "
            "AND r.unit_id = p.unit_id AND r.jabatan_id = p.jabatan_id"
        )).all()
        assert len({r[0] for r in last}) == 400
        assert s.scalar(select(func.count()).select_from(Skp)) > 400
        assert s.scalar(select(func.count()).select_from(RiwayatJabatan)) >= 400
        # Real vacancies: some formasi need more people than hold them.
        vacancies = s.execute(text(
            "SELECT count(*) FROM formasi f WHERE f.kebutuhan > (SELECT count(*) FROM pegawai p "
            "WHERE p.unit_id = f.unit_id AND p.jabatan_id = f.jabatan_id)"
        )).scalar()
        assert (vacancies or 0) > 50
        assert s.scalar(select(func.count()).select_from(Formasi)) > 500


def test_demo_search_index_is_filled(demo_db: Database) -> None:
    with demo_db.session() as s:
        nip, nama = s.execute(text("SELECT nip, nama FROM pegawai WHERE id = 5")).one()
        first = nama.split()[0].lower()[:4]
        hits = s.execute(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH :q"),
                         {"q": f'"{first}"*'}).scalars().all()
        assert 5 in hits
        by_nip = s.execute(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH :q"),
                           {"q": f'"{nip[:8]}"*'}).scalars().all()
        assert 5 in by_nip
