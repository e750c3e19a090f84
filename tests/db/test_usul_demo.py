"""The demo kabupaten shows the whole usul cycle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, RiwayatJabatan, UsulMutasi
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.demo import build_demo
from mutasi_desktop.services.usul_batch import list_batches
from mutasi_desktop.services.usul_query import list_usul


def test_demo_has_usul_in_every_state_and_two_batches(demo_db: Database) -> None:
    rows = list_usul(demo_db, by=SYSTEM)
    assert {r.status for r in rows} == {s.value for s in StatusUsul}
    batches = list_batches(demo_db, by=SYSTEM)
    assert len(batches) == 2 and all(b.jumlah_usul >= 3 for b in batches)
    assert all(r.hasil_cek is not None for r in rows if r.status not in ("DRAF", "DIBATALKAN"))


def test_demo_applied_usul_moved_the_pegawai(demo_db: Database) -> None:
    with demo_db.session() as s:
        applied = s.scalars(select(UsulMutasi).where(UsulMutasi.status == StatusUsul.DILAKSANAKAN.value)).all()
        assert len(applied) >= 3
        for usul in applied:
            pegawai = s.get(Pegawai, usul.pegawai_id)
            formasi = s.get(Formasi, usul.tujuan_formasi_id)
            assert pegawai is not None and formasi is not None
            assert (pegawai.unit_id, pegawai.jabatan_id) == (formasi.unit_id, formasi.jabatan_id)
            assert pegawai.tmt_jabatan == usul.tmt_pelaksanaan
            row = s.scalars(select(RiwayatJabatan).where(RiwayatJabatan.usul_id == usul.id)).one()
            assert row.nomor_sk and not row.dibatalkan
        corrected = s.scalars(select(UsulMutasi).where(UsulMutasi.status == StatusUsul.DIKOREKSI.value)).one()
        pegawai = s.get(Pegawai, corrected.pegawai_id)
        assert pegawai is not None and pegawai.unit_id == corrected.asal_unit_id


@pytest.mark.parametrize(("pegawai", "seed", "today"), [(100, 1, date(2025, 6, 30)), (150, 11, date(2026, 1, 15)),
                                                        (300, 5, date(2026, 12, 31)), (250, 9, date(2027, 3, 1))])
def test_demo_usul_builds_for_any_seed_and_date(tmp_path: Path, empty_template: Path, pegawai: int, seed: int,
                                                today: date) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(empty_template.read_bytes())
    db = Database(f"sqlite:///{path}")
    try:
        build_demo(db, pegawai=pegawai, seed=seed, today=today)  # the usul demo runs at its end
        rows = list_usul(db, by=SYSTEM)
        assert not rows or {r.status for r in rows} == {s.value for s in StatusUsul}
    finally:
        db.dispose()
