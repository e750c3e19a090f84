"""An Operator limited to some OPD ("Batas OPD") imports only its own pegawai and formasi: rows
of other OPD are invalid with a reason, and it may not add units or jabatan by import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Jabatan, Pegawai, Skp, UnitKerja
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Peran
from mutasi_desktop.services.import_abk import AbkImport
from mutasi_desktop.services.import_common import BUAT, TIDAK_VALID
from mutasi_desktop.services.import_pegawai import BERUBAH, commit_pegawai_import, plan_pegawai_import
from mutasi_desktop.services.import_skp import SkpImport
from tests.db.test_import_records import _write
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

OPERATOR = Actor("operator1", "Operator Satu", frozenset({Peran.OPERATOR}))


@pytest.fixture
def world(db: Database, tmp_path: Path) -> tuple[Database, Actor, list[str], list[str]]:
    """30 pegawai in five units of four OPD, imported by an unlimited Operator; a clerk limited
    to Dinas Kesehatan (and its Bidang); the NIPs inside and outside that OPD."""
    source = tmp_path / "siasn.xlsx"
    write_siasn_xlsx(source, list(siasn_rows(30, seed=3)), columns=SIASN_COLUMNS_65)
    plan = plan_pegawai_import(db, OPERATOR, source)
    commit_pegawai_import(db, OPERATOR, plan, unit_decisions={u.nama: BUAT for u in plan.unknown_units},
                          jabatan_decisions={j.nama: BUAT for j in plan.unknown_jabatan})
    with db.session() as s:
        opd = s.scalar(select(UnitKerja).where(UnitKerja.nama == "Dinas Kesehatan"))
        assert opd is not None
        rows = s.execute(select(Pegawai.nip, UnitKerja.path).join(UnitKerja, UnitKerja.id == Pegawai.unit_id)).all()
    inside = [nip for nip, path in rows if f"/{opd.id}/" in path]
    outside = [nip for nip, path in rows if f"/{opd.id}/" not in path]
    assert inside and outside
    limited = Actor("op.kes", "Operator Kesehatan", frozenset({Peran.OPERATOR}), batas_opd=frozenset({opd.id}))
    return db, limited, inside, outside


def test_pegawai_of_another_opd_are_refused_row_by_row(world: tuple[Database, Actor, list[str], list[str]],
                                                      tmp_path: Path) -> None:
    db, limited, inside, outside = world
    rows = list(siasn_rows(30, seed=3))
    for row in rows:
        row.values["NAMA"] = row.values["NAMA"] + " Diubah"
    changed = tmp_path / "ubah.xlsx"
    write_siasn_xlsx(changed, rows, columns=SIASN_COLUMNS_65)
    plan = plan_pegawai_import(db, limited, changed)
    by_nip = {r.nip: r for r in plan.rows}
    assert all(by_nip[nip].status == BERUBAH for nip in inside)
    refused = [by_nip[nip] for nip in outside]
    assert all(r.status == TIDAK_VALID for r in refused)
    assert all("di luar OPD Anda" in r.issues[-1].message for r in refused)
    result = commit_pegawai_import(db, limited, plan)
    assert (result.updated, result.invalid) == (len(inside), len(outside))
    with db.session() as s:
        names = dict(s.execute(select(Pegawai.nip, Pegawai.nama)).all())
    assert all(names[nip].endswith(" Diubah") for nip in inside)
    assert not any(names[nip].endswith(" Diubah") for nip in outside)  # untouched


def test_a_limited_clerk_may_not_create_units_or_jabatan_by_import(
    world: tuple[Database, Actor, list[str], list[str]], tmp_path: Path
) -> None:
    db, limited, _inside, _outside = world
    rows = list(siasn_rows(3, seed=99))
    for k, row in enumerate(rows):
        nip = str(row.values["NIP BARU"]).lstrip("'")
        row.values["NIP BARU"] = f"{nip[:15]}9{k:02d}"  # new pegawai (sequence numbers the 30 do not use)
        row.values["PNS ID"] = f"pns-baru-{k}"
        row.values["UNOR NAMA"] = "Puskesmas Baru Sekali"
        row.values["UNOR ID"] = None
        row.values["SATUAN KERJA KERJA NAMA"] = "Dinas Kesehatan"
        row.values["JABATAN NAMA"] = "Jabatan Baru Sekali"
        row.values["JABATAN ID"] = None
    path = tmp_path / "baru.xlsx"
    write_siasn_xlsx(path, rows, columns=SIASN_COLUMNS_65)
    plan = plan_pegawai_import(db, limited, path)
    assert {u.nama for u in plan.unknown_units} == {"Puskesmas Baru Sekali"}
    with db.session() as s:
        before = (len(s.scalars(select(UnitKerja.id)).all()), len(s.scalars(select(Jabatan.id)).all()),
                  len(s.scalars(select(Pegawai.id)).all()))
    with pytest.raises(AksesDitolak, match="tidak dapat membuat unit kerja baru"):
        commit_pegawai_import(db, limited, plan, unit_decisions={"Puskesmas Baru Sekali": BUAT})
    with pytest.raises(AksesDitolak, match="tidak dapat membuat jabatan baru"):
        commit_pegawai_import(db, limited, plan, jabatan_decisions={"Jabatan Baru Sekali": BUAT})
    with db.session() as s:
        outside_unit = s.scalar(select(UnitKerja.id).where(UnitKerja.nama == "Kecamatan Sukamaju"))
        inside_unit = s.scalar(select(UnitKerja.id).where(UnitKerja.nama == "Bidang Pelayanan Kesehatan"))
    with pytest.raises(AksesDitolak, match="di luar OPD"):
        commit_pegawai_import(db, limited, plan, unit_decisions={"Puskesmas Baru Sekali": outside_unit})
    with pytest.raises(AksesDitolak, match="unit kerja wajib diisi"):  # left empty: in no OPD of the clerk
        commit_pegawai_import(db, limited, plan)
    with db.session() as s:
        after = (len(s.scalars(select(UnitKerja.id)).all()), len(s.scalars(select(Jabatan.id)).all()),
                 len(s.scalars(select(Pegawai.id)).all()))
    assert after == before  # every refusal rolled back whole
    result = commit_pegawai_import(db, limited, plan, unit_decisions={"Puskesmas Baru Sekali": inside_unit})
    assert result.created == 3


def test_skp_and_formasi_of_another_opd_are_refused(world: tuple[Database, Actor, list[str], list[str]],
                                                   tmp_path: Path) -> None:
    db, limited, inside, outside = world
    skp = _write(tmp_path / "skp.xlsx", [["NIP", "TAHUN", "NILAI SKP"], [inside[0], 2024, 88], [outside[0], 2024, 90]])
    plan = SkpImport().plan(db, limited, skp)
    assert plan.counts.invalid == 1
    assert any("di luar OPD" in i.message for i in plan.issues)
    SkpImport().commit(db, limited, plan)
    with db.session() as s:
        stored = set(s.scalars(select(Pegawai.nip).join(Skp)).all())
    assert stored == {inside[0]}

    abk = _write(tmp_path / "abk.xlsx", [
        ["UNIT KERJA", "JABATAN", "KEBUTUHAN"],
        ["Bidang Pelayanan Kesehatan", "Perawat Terampil", 4],
        ["Kecamatan Sukamaju", "Pengadministrasi Perkantoran", 2],
        ["Unit Baru Sekali", "Perawat Terampil", 1],
    ])
    plan = AbkImport().plan(db, limited, abk)
    assert plan.counts.invalid == 1 and any("di luar OPD" in i.message for i in plan.issues)
    with pytest.raises(AksesDitolak, match="tidak dapat membuat unit kerja baru"):
        AbkImport().commit(db, limited, plan, unit_decisions={"Unit Baru Sekali": BUAT})
    result = AbkImport().commit(db, limited, plan)
    assert result.created == 1
    with db.session() as s:
        units = set(s.scalars(select(UnitKerja.nama).join(Formasi, Formasi.unit_id == UnitKerja.id)).all())
    assert units == {"Bidang Pelayanan Kesehatan"}
