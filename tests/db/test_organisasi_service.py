"""Unit tree (add, rename, move with subtree paths, close), jabatan catalogue, formasi."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UnitKerja
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import organisasi_service as org
from mutasi_desktop.services.concurrency import DataTelahDiubah
from mutasi_desktop.services.dto.validasi import ValidasiGagal


def _tree(db: Database) -> dict[int, org.UnitNode]:
    return {u.id: u for u in org.list_units(db, SYSTEM)}


def test_add_rename_and_move_keep_paths_consistent(db: Database) -> None:
    dinas = org.add_unit(db, SYSTEM, parent_id=None, values={"nama": "Dinas Uji", "jenis": "OPD"})
    bidang = org.add_unit(db, SYSTEM, parent_id=dinas.id, values={"nama": "Bidang A", "jenis": "BIDANG"})
    seksi = org.add_unit(db, SYSTEM, parent_id=bidang.id, values={"nama": "Seksi A1", "jenis": "SEKSI"})
    other = org.add_unit(db, SYSTEM, parent_id=None, values={"nama": "Badan Lain", "jenis": "OPD"})
    assert seksi.path == f"/{dinas.id}/{bidang.id}/{seksi.id}/" and seksi.level == 2
    renamed = org.update_unit(db, SYSTEM, bidang.id, {"nama": "Bidang Baru", "jenis": "BIDANG"},
                              expected_version=bidang.version)
    assert renamed.nama == "Bidang Baru"
    org.move_unit(db, SYSTEM, bidang.id, new_parent_id=other.id, expected_version=renamed.version)
    tree = _tree(db)
    assert tree[bidang.id].path == f"/{other.id}/{bidang.id}/" and tree[bidang.id].parent_id == other.id
    assert tree[seksi.id].path == f"/{other.id}/{bidang.id}/{seksi.id}/" and tree[seksi.id].level == 2
    with pytest.raises(DomainError, match="sub-unit"):
        org.move_unit(db, SYSTEM, other.id, new_parent_id=seksi.id, expected_version=tree[other.id].version)
    org.move_unit(db, SYSTEM, bidang.id, new_parent_id=None, expected_version=tree[bidang.id].version)
    tree = _tree(db)
    assert tree[bidang.id].level == 0 and tree[seksi.id].path == f"/{bidang.id}/{seksi.id}/"


def test_unit_validation_and_rights(db: Database) -> None:
    with pytest.raises(ValidasiGagal) as info:
        org.add_unit(db, SYSTEM, parent_id=None, values={"nama": "", "jenis": "PLANET"})
    assert set(info.value.errors) == {"nama", "jenis"}
    reader = Actor(username="r", nama="R", peran=frozenset({Peran.PEMBACA}))
    with pytest.raises(AksesDitolak):
        org.add_unit(db, reader, parent_id=None, values={"nama": "X", "jenis": "OPD"})


def test_close_refused_with_active_pegawai_then_allowed(demo_db: Database) -> None:
    with demo_db.session() as s:
        unit_id = s.scalar(select(Pegawai.unit_id).where(Pegawai.kedudukan == "AKTIF").limit(1))
    unit = _tree(demo_db)[unit_id]
    with pytest.raises(DomainError, match="pegawai aktif"):
        org.close_unit(demo_db, SYSTEM, unit.id, expected_version=unit.version)
    with demo_db.session() as s:
        for p in s.scalars(select(Pegawai).where(Pegawai.unit_id.in_(
                select(UnitKerja.id).where(UnitKerja.path.startswith(unit.path))))):
            p.kedudukan = "PENSIUN"
    closed = org.close_unit(demo_db, SYSTEM, unit.id, expected_version=unit.version)
    assert closed >= 1
    assert not _tree(demo_db)[unit.id].aktif
    assert unit.id not in {u.id for u in org.list_units(demo_db, SYSTEM, include_closed=False)}


def test_stale_unit_edit_reports_other_user(db: Database) -> None:
    unit = org.add_unit(db, SYSTEM, parent_id=None, values={"nama": "Dinas", "jenis": "OPD"})
    org.update_unit(db, SYSTEM, unit.id, {"nama": "Dinas 2", "jenis": "OPD"}, expected_version=unit.version)
    with pytest.raises(DataTelahDiubah):
        org.update_unit(db, SYSTEM, unit.id, {"nama": "Dinas 3", "jenis": "OPD"}, expected_version=unit.version)


def test_formasi_terisi_is_derived_and_selisih_signed(demo_db: Database) -> None:
    with demo_db.session() as s:
        unit_id, jabatan_id, n = s.execute(
            select(Pegawai.unit_id, Pegawai.jabatan_id, func.count()).where(Pegawai.kedudukan == "AKTIF")
            .group_by(Pegawai.unit_id, Pegawai.jabatan_id).order_by(func.count().desc()).limit(1)
        ).one()
    rows = {(r.unit_id, r.jabatan_id): r for r in org.list_formasi(demo_db, SYSTEM, unit_id)}
    row = rows[(unit_id, jabatan_id)]
    assert row.terisi == n
    if row.id is not None:
        updated = org.save_formasi(demo_db, SYSTEM, unit_id=unit_id, jabatan_id=jabatan_id, kebutuhan=n + 2,
                                   formasi_id=row.id, expected_version=row.version)
        assert updated.selisih == -2
        with pytest.raises(DomainError, match="masih diisi"):
            org.delete_formasi(demo_db, SYSTEM, row.id, expected_version=updated.version)


def test_formasi_add_duplicate_and_negative(demo_db: Database) -> None:
    with demo_db.session() as s:
        f = s.scalars(select(Formasi).limit(1)).one()
    with pytest.raises(ValidasiGagal, match="sudah ada"):
        org.save_formasi(demo_db, SYSTEM, unit_id=f.unit_id, jabatan_id=f.jabatan_id, kebutuhan=1)
    with pytest.raises(ValidasiGagal):
        org.save_formasi(demo_db, SYSTEM, unit_id=f.unit_id, jabatan_id=f.jabatan_id, kebutuhan=-1, formasi_id=f.id,
                         expected_version=f.version)


def test_sub_unit_formasi_are_included_on_request(demo_db: Database) -> None:
    opd = next(u for u in org.list_units(demo_db, SYSTEM) if u.parent_id is None)
    own = org.list_formasi(demo_db, SYSTEM, opd.id)
    everything = org.list_formasi(demo_db, SYSTEM, opd.id, include_sub_units=True)
    assert {r.unit_id for r in own} <= {opd.id}
    assert len(everything) > len(own)


def test_jabatan_catalogue_crud(db: Database) -> None:
    j = org.save_jabatan(db, SYSTEM, {"nama": "Analis Uji", "jenis": "PELAKSANA", "kelas_jabatan": "7", "aktif": True})
    assert j.kelas_jabatan == 7 and j.aktif
    with pytest.raises(ValidasiGagal, match="sudah ada"):
        org.save_jabatan(db, SYSTEM, {"nama": "analis uji", "jenis": "PELAKSANA"})
    with pytest.raises(ValidasiGagal) as info:
        org.save_jabatan(db, SYSTEM, {"nama": "X", "jenis": "PELAKSANA", "kelas_jabatan": "99"})
    assert "kelas_jabatan" in info.value.errors
    j2 = org.save_jabatan(db, SYSTEM, {"nama": "Analis Uji Dua", "jenis": "PELAKSANA", "aktif": False},
                          jabatan_id=j.id, expected_version=j.version)
    assert j2.nama == "Analis Uji Dua" and not j2.aktif
    org.delete_jabatan(db, SYSTEM, j.id, expected_version=j2.version)
    assert org.list_jabatan(db, SYSTEM) == ()


def test_jabatan_in_use_cannot_be_deleted(demo_db: Database) -> None:
    used = next(j for j in org.list_jabatan(demo_db, SYSTEM))
    with demo_db.session() as s:
        in_use = s.scalar(select(func.count()).select_from(Formasi).where(Formasi.jabatan_id == used.id))
    if in_use:
        with pytest.raises(DomainError, match="nonaktifkan"):
            org.delete_jabatan(demo_db, SYSTEM, used.id, expected_version=used.version)


def test_jabatan_eselon_is_a_known_code(db: Database) -> None:
    with pytest.raises(ValidasiGagal) as info:
        org.save_jabatan(db, SYSTEM, {"nama": "Kepala Bidang Uji", "jenis": "ADMINISTRATOR", "eselon": "abc"})
    assert "tidak dikenal" in info.value.errors["eselon"]
    assert org.list_jabatan(db, SYSTEM) == ()
    # the code, or the roman form clerks write, is stored as the code
    assert org.save_jabatan(db, SYSTEM, {"nama": "Kepala Bidang Uji", "jenis": "ADMINISTRATOR",
                                         "eselon": "III.b"}).eselon == "32"
    assert org.save_jabatan(db, SYSTEM, {"nama": "Kepala Seksi Uji", "jenis": "PENGAWAS", "eselon": "41"}).eselon == "41"


def test_an_operator_limited_to_one_opd_changes_only_that_opd(demo_db: Database) -> None:
    units = org.list_units(demo_db, SYSTEM, include_closed=False)
    opds = [u for u in units if u.parent_id is None]
    own, other = opds[0], opds[1]
    limited = Actor(username="op.opd", nama="Operator OPD", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({own.id}))
    # inside its OPD: allowed
    sub = org.add_unit(demo_db, limited, parent_id=own.id, values={"nama": "Seksi Uji", "jenis": "SEKSI"})
    sub = org.update_unit(demo_db, limited, sub.id, {"nama": "Seksi Uji Dua", "jenis": "SEKSI"},
                          expected_version=sub.version)
    jabatan = org.list_jabatan(demo_db, SYSTEM)[0]
    f = org.save_formasi(demo_db, limited, unit_id=sub.id, jabatan_id=jabatan.id, kebutuhan=2)
    org.delete_formasi(demo_db, limited, f.id, expected_version=f.version)
    # outside it: refused, nothing changed
    target = next(u for u in units if u.path.startswith(other.path) and u.id != other.id)
    before = _tree(demo_db)
    attempts = [
        lambda: org.add_unit(demo_db, limited, parent_id=other.id, values={"nama": "Seksi Asing", "jenis": "SEKSI"}),
        lambda: org.add_unit(demo_db, limited, parent_id=None, values={"nama": "Dinas Baru", "jenis": "OPD"}),
        lambda: org.update_unit(demo_db, limited, target.id, {"nama": "Diganti", "jenis": target.jenis},
                                expected_version=target.version),
        lambda: org.move_unit(demo_db, limited, target.id, new_parent_id=own.id, expected_version=target.version),
        lambda: org.move_unit(demo_db, limited, sub.id, new_parent_id=other.id, expected_version=sub.version),
        lambda: org.move_unit(demo_db, limited, sub.id, new_parent_id=None, expected_version=sub.version),
        lambda: org.close_unit(demo_db, limited, target.id, expected_version=target.version),
        lambda: org.save_formasi(demo_db, limited, unit_id=target.id, jabatan_id=jabatan.id, kebutuhan=9),
    ]
    for attempt in attempts:
        with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
            attempt()
    after = _tree(demo_db)
    assert {k: (v.nama, v.path, v.aktif) for k, v in after.items()} == {k: (v.nama, v.path, v.aktif) for k, v in
                                                                         before.items()}


def test_an_operator_limited_to_one_opd_cannot_change_the_jabatan_catalogue(demo_db: Database) -> None:
    opds = [u for u in org.list_units(demo_db, SYSTEM, include_closed=False) if u.parent_id is None]
    own = opds[0]
    limited = Actor(username="op.opd", nama="Operator OPD", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({own.id}))
    unlimited = Actor(username="op.semua", nama="Operator Semua", peran=frozenset({Peran.OPERATOR}))
    before = org.list_jabatan(demo_db, SYSTEM)
    with demo_db.session() as s:
        used_ids = set(s.scalars(select(Pegawai.jabatan_id))) | set(s.scalars(select(Formasi.jabatan_id)))
    target = next(j for j in before if j.aktif)
    spare = org.save_jabatan(demo_db, SYSTEM, {"nama": "Analis Katalog Uji", "jenis": "PELAKSANA"})
    assert spare.id not in used_ids
    before = org.list_jabatan(demo_db, SYSTEM)
    values = {"nama": target.nama, "jenis": target.jenis, "eselon": target.eselon or "",
              "kelas_jabatan": target.kelas_jabatan, "aktif": True}
    attempts = [
        lambda: org.save_jabatan(demo_db, limited, {"nama": "Jabatan Baru OPD", "jenis": "PELAKSANA"}),
        lambda: org.save_jabatan(demo_db, limited, {**values, "nama": "Nama Diganti"}, jabatan_id=target.id,
                                 expected_version=target.version),
        lambda: org.save_jabatan(demo_db, limited, {**values, "kelas_jabatan": 1}, jabatan_id=target.id,
                                 expected_version=target.version),
        lambda: org.save_jabatan(demo_db, limited, {**values, "aktif": False}, jabatan_id=target.id,
                                 expected_version=target.version),
        lambda: org.delete_jabatan(demo_db, limited, spare.id, expected_version=spare.version),
        # refused before the fields are checked: the clerk is not sent to fix a form it may not save
        lambda: org.save_jabatan(demo_db, limited, {"nama": "", "jenis": "PLANET"}),
    ]
    for attempt in attempts:
        with pytest.raises(AksesDitolak) as info:
            attempt()
        assert info.value.message == (
            f"Akses ditolak. Akun 'op.opd' dibatasi pada OPD {own.nama}; katalog jabatan berlaku untuk seluruh "
            "instansi dan hanya dapat diubah oleh akun tanpa batas OPD.")
    assert org.list_jabatan(demo_db, SYSTEM) == before
    assert org.catalogue_refusal(demo_db, limited) is not None
    assert org.catalogue_refusal(demo_db, unlimited) is None
    # an Operator without an OPD limit still keeps the catalogue
    renamed = org.save_jabatan(demo_db, unlimited, {**values, "nama": "Nama Diganti"}, jabatan_id=target.id,
                               expected_version=target.version)
    assert renamed.nama == "Nama Diganti"
    added = org.save_jabatan(demo_db, unlimited, {"nama": "Jabatan Baru Instansi", "jenis": "PELAKSANA"})
    org.delete_jabatan(demo_db, unlimited, spare.id, expected_version=spare.version)
    names = {j.nama for j in org.list_jabatan(demo_db, SYSTEM)}
    assert {"Nama Diganti", added.nama} <= names and spare.nama not in names and target.nama not in names


def test_a_unit_closed_by_mistake_opens_again_with_its_sub_units(db: Database) -> None:
    opd = org.add_unit(db, SYSTEM, parent_id=None, values={"nama": "Dinas Uji", "jenis": "OPD"})
    bidang = org.add_unit(db, SYSTEM, parent_id=opd.id, values={"nama": "Bidang Uji", "jenis": "BIDANG"})
    seksi = org.add_unit(db, SYSTEM, parent_id=bidang.id, values={"nama": "Seksi Uji", "jenis": "SEKSI"})
    from datetime import date

    org.close_unit(db, SYSTEM, seksi.id, expected_version=seksi.version, tanggal=date(2026, 1, 5))  # earlier, alone
    bidang = _tree(db)[bidang.id]
    org.close_unit(db, SYSTEM, bidang.id, expected_version=bidang.version, tanggal=date(2026, 3, 1))
    with pytest.raises(DomainError, match="unit induknya, Bidang Uji, masih ditutup"):
        org.reopen_unit(db, SYSTEM, seksi.id, expected_version=_tree(db)[seksi.id].version)
    reopened = org.reopen_unit(db, SYSTEM, bidang.id, expected_version=_tree(db)[bidang.id].version)
    tree = _tree(db)
    assert reopened.aktif and tree[bidang.id].tanggal_ditutup is None
    assert not tree[seksi.id].aktif  # closed on its own before: stays closed
    org.reopen_unit(db, SYSTEM, seksi.id, expected_version=tree[seksi.id].version)
    assert all(u.aktif for u in _tree(db).values())
