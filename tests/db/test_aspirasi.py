"""Aspirasi CRUD with validation, optimistic locking, and the 'met by mutasi' report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Aspirasi, Formasi, Pegawai, RiwayatJabatan, UnitKerja
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services.aspirasi_service import (
    AspirasiInput,
    create_aspirasi,
    delete_aspirasi,
    get_aspirasi,
    laporan_aspirasi,
    list_aspirasi,
    update_aspirasi,
)
from mutasi_desktop.services.usul_service import UsulInput, create_usul

PEMBACA = Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))


def _pegawai_and_units(db: Database) -> tuple[int, list[int]]:
    with db.session() as s:
        pid = s.scalars(select(Pegawai.id).where(Pegawai.kedudukan == "AKTIF").order_by(Pegawai.id)).first()
        units = list(s.scalars(select(UnitKerja.id).where(UnitKerja.aktif.is_(True)).order_by(UnitKerja.id).limit(4)))
    assert pid is not None
    return pid, units


def test_create_update_delete(demo_db: Database, system_actor: Actor) -> None:
    pid, units = _pegawai_and_units(demo_db)
    data = AspirasiInput(pegawai_id=pid, tanggal=date(2026, 3, 1), berlaku_sampai=date(2027, 3, 1),
                         unit_pilihan_ids=(units[1], units[0]), lokasi_pilihan=("Sukamaju",), alasan="IKUT_PASANGAN",
                         kesediaan="BERSYARAT", syarat="Masih dalam satu kecamatan")  # fmt: skip
    view = create_aspirasi(demo_db, system_actor, data)
    assert [u for u, _ in view.unit_pilihan] == [units[1], units[0]]
    assert view.kesediaan_label == "bersedia dengan syarat" and view.alasan_label == "Ikut suami/istri"
    assert view.berlaku_pada(date(2026, 6, 1)) and not view.berlaku_pada(date(2027, 6, 1))
    assert view.id in [a.id for a in list_aspirasi(demo_db, system_actor, pegawai_id=pid)]
    assert view.id not in [a.id for a in list_aspirasi(demo_db, system_actor, berlaku_pada=date(2028, 1, 1))]

    changed = update_aspirasi(demo_db, system_actor, view.id, replace(data, kesediaan="BERSEDIA", syarat=""),
                              version=view.version)  # fmt: skip
    assert changed.kesediaan == "BERSEDIA" and changed.version == view.version + 1
    with pytest.raises(DomainError, match="telah diubah pengguna lain"):
        update_aspirasi(demo_db, system_actor, view.id, data, version=view.version)
    delete_aspirasi(demo_db, system_actor, view.id, version=changed.version)
    with pytest.raises(DomainError, match="tidak ditemukan"):
        get_aspirasi(demo_db, system_actor, view.id)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kesediaan": "MUNGKIN"}, "Kesediaan 'MUNGKIN' tidak dikenal"),
        ({"kesediaan": "BERSYARAT", "syarat": " "}, "Syarat wajib diisi"),
        ({"berlaku_sampai": date(2025, 1, 1)}, "tidak boleh sebelum tanggal aspirasi"),
        ({"unit_pilihan_ids": (1, 2, 3, 4)}, "Unit pilihan paling banyak 3"),
        ({"unit_pilihan_ids": (1, 1)}, "Unit pilihan tidak boleh sama"),
        ({"unit_pilihan_ids": (999999,)}, "Unit pilihan ke-1 \\(id 999999\\) tidak ditemukan"),
        ({"lokasi_pilihan": ("a", "b", "c", "d")}, "Lokasi pilihan paling banyak 3"),
        ({"jabatan_pilihan_id": 999999}, "Jabatan pilihan \\(id 999999\\) tidak ditemukan"),
        ({"alasan": "BOSAN"}, "Alasan 'BOSAN' tidak dikenal"),
        ({"pegawai_id": 999999}, "Pegawai dengan id 999999 tidak ditemukan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    demo_db: Database, system_actor: Actor, change: dict[str, object], message: str
) -> None:
    pid, _units = _pegawai_and_units(demo_db)
    with demo_db.session() as s:
        before = len(list(s.scalars(select(Aspirasi.id))))
    data = replace(AspirasiInput(pegawai_id=pid, tanggal=date(2026, 3, 1)), **change)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match=message):
        create_aspirasi(demo_db, system_actor, data)
    with demo_db.session() as s:
        assert len(list(s.scalars(select(Aspirasi.id)))) == before


def test_reader_may_not_write(demo_db: Database) -> None:
    pid, _ = _pegawai_and_units(demo_db)
    with pytest.raises(DomainError, match="Akses ditolak"):
        create_aspirasi(demo_db, PEMBACA, AspirasiInput(pegawai_id=pid, tanggal=date(2026, 3, 1)))


def test_report_counts_aspirasi_met_by_a_mutasi(demo_db: Database, system_actor: Actor) -> None:
    with demo_db.session() as s:
        s.execute(Aspirasi.__table__.delete())
        pegawai = list(s.scalars(select(Pegawai).where(Pegawai.kedudukan == "AKTIF").order_by(Pegawai.id).limit(3)))
        formasi = s.scalars(select(Formasi).where(Formasi.unit_id.not_in([p.unit_id for p in pegawai]))
                            .order_by(Formasi.id)).first()  # fmt: skip
        assert formasi is not None
        target_unit, target_jabatan = formasi.unit_id, formasi.jabatan_id
    met, elsewhere, waiting = pegawai
    for p in pegawai:
        create_aspirasi(demo_db, system_actor, AspirasiInput(pegawai_id=p.id, tanggal=date(2026, 1, 10),
                                                             unit_pilihan_ids=(target_unit,)))  # fmt: skip
    usul_met = create_usul(demo_db, UsulInput(pegawai_id=met.id, jenis_mutasi="ANTAR_OPD", alasan="PERMINTAAN_SENDIRI",
                                              tujuan_formasi_id=formasi.id), by=system_actor)  # fmt: skip
    create_usul(demo_db, UsulInput(pegawai_id=waiting.id, jenis_mutasi="ANTAR_OPD", alasan="PERMINTAAN_SENDIRI",
                                   tujuan_formasi_id=formasi.id), by=system_actor)  # fmt: skip
    with demo_db.session() as s:
        # A carried-out move to the chosen unit, and one elsewhere (rows as the apply step writes them).
        s.add(RiwayatJabatan(pegawai_id=met.id, jabatan_id=target_jabatan, unit_id=target_unit, tmt_jabatan=date(2026, 6, 1),
                             usul_id=usul_met.id))  # fmt: skip
        s.add(RiwayatJabatan(pegawai_id=elsewhere.id, jabatan_id=elsewhere.jabatan_id, unit_id=elsewhere.unit_id,
                             tmt_jabatan=date(2026, 6, 1), usul_id=usul_met.id))  # fmt: skip
    rows = laporan_aspirasi(demo_db, system_actor)
    assert sum(r.jumlah for r in rows) == 3
    assert sum(r.ingin_pindah for r in rows) == 3
    assert sum(r.terpenuhi for r in rows) == 1
    assert sum(r.dimutasi_lain for r in rows) == 1
    assert sum(r.dalam_proses for r in rows) == 1


def test_a_clerk_limited_to_one_opd_records_aspirasi_only_of_its_pegawai(demo_db: Database, system_actor: Actor) -> None:
    from mutasi_desktop.domain.roles import AksesDitolak
    from tests.opd_world import opd_world

    world = opd_world(demo_db)
    mine, theirs, clerk, other = world.mine, world.theirs, world.clerk, world.other
    # The wish may name a unit of another OPD: only the pegawai must be the clerk's own.
    wish = AspirasiInput(pegawai_id=mine, tanggal=date(2026, 3, 1), unit_pilihan_ids=(other,))
    view = create_aspirasi(demo_db, clerk, wish)
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        create_aspirasi(demo_db, clerk, replace(wish, pegawai_id=theirs))
    theirs_view = create_aspirasi(demo_db, system_actor, replace(wish, pegawai_id=theirs))
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        update_aspirasi(demo_db, clerk, theirs_view.id, replace(wish, pegawai_id=theirs, syarat="x"),
                        version=theirs_view.version)
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        delete_aspirasi(demo_db, clerk, theirs_view.id, version=theirs_view.version)
    delete_aspirasi(demo_db, clerk, view.id, version=view.version)
