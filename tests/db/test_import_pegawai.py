"""Pegawai import: a synthetic SIASN export with every real-world defect, round trips, strict
mode, unknown names, malformed files. Every file is generated here; no real data."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from mutasi_desktop.documents.excel.reader import SpreadsheetError
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Peran
from mutasi_desktop.services.export_service import export_pegawai
from mutasi_desktop.services.import_common import BUAT, KOLOM_KETERANGAN
from mutasi_desktop.services.import_pegawai import (
    BERUBAH,
    SAMA,
    TIDAK_VALID,
    commit_pegawai_import,
    import_pegawai,
    plan_pegawai_import,
)
from tests.fixtures_excel import malformed
from tests.fixtures_excel.siasn import SIASN_COLUMNS, siasn_rows, write_siasn_csv, write_siasn_xlsx

OPERATOR = Actor("operator1", "Operator Satu", frozenset({Peran.OPERATOR}))
PEMBACA = Actor("pembaca1", "Pembaca", frozenset({Peran.PEMBACA}))


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _defective_siasn(path: Path) -> dict[str, int]:
    """12 pegawai as SIASN exports them, plus every defect seen in the wild. Returns the row
    numbers of the interesting rows."""
    rows = list(siasn_rows(12, seed=11))
    v = [r.values for r in rows]
    v[0]["NIP BARU"] = "'" + v[0]["NIP BARU"]  # apostrophe
    n = v[1]["NIP BARU"]
    v[1]["NIP BARU"] = f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"  # printed with spaces
    v[2]["NIP BARU"] = float(v[2]["NIP BARU"])  # an Excel number: digits lost -> invalid
    v[3]["TANGGAL LAHIR"] = v[3]["TANGGAL LAHIR"].strftime("%d-%m-%Y")
    v[4]["TANGGAL LAHIR"] = v[4]["TANGGAL LAHIR"].strftime("%d/%m/%Y")
    v[5]["TANGGAL LAHIR"] = v[5]["TANGGAL LAHIR"].strftime("%Y-%m-%d")
    bulan = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
    d = v[6]["TANGGAL LAHIR"]
    v[6]["TANGGAL LAHIR"] = f"{d.day} {bulan[d.month - 1]} {d.year}"
    v[6]["GOL AKHIR NAMA"] = "Penata Muda Tingkat I"
    v[7]["GOL AKHIR NAMA"] = "III.b"
    v[8]["GOL AKHIR NAMA"] = None
    v[8]["GOL AKHIR ID"] = 32
    v[9]["NAMA"] = v[9]["NAMA"] + "   "  # trailing spaces
    v[9]["NOMOR HP"] = "null"
    v[10]["TANGGAL LAHIR"] = "31-02-1980"  # impossible date -> invalid
    v[11]["NIP BARU"] = v[0]["NIP BARU"].lstrip("'")  # duplicate NIP -> invalid
    columns = [c for c in SIASN_COLUMNS if c not in ("EMAIL", "ALAMAT")]  # missing columns
    columns = [*columns[30:], "CATATAN LAIN", *columns[:30]]  # another order, an extra column
    headers = [c.lower().replace(" ", "_") if i % 2 else c for i, c in enumerate(columns)]  # slugified headers
    write_siasn_xlsx(path, rows, columns=columns, headers=headers,
                     title_rows=["DATA ASN PEMERINTAH KABUPATEN SUKAMAJU", "Diunduh dari SIASN"], blank_rows_every=5)
    # title rows 1-2, header row 3, data from row 4, an empty row after every 5 data rows
    return {"excel_number": 6, "bad_date": 16, "duplicate": 17, "trailing": 15}


def test_siasn_export_with_every_defect(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "siasn.xlsx"
    where = _defective_siasn(path)
    plan = plan_pegawai_import(db, OPERATOR, path)
    assert plan.layout.header_row == 3
    assert "CATATAN LAIN" in plan.layout.ignored_columns
    counts = plan.counts
    assert (counts.total, counts.valid, counts.invalid, counts.baru) == (12, 9, 3, 9)
    by_row = {r.row: r for r in plan.rows}
    assert by_row[where["excel_number"]].status == TIDAK_VALID
    assert "Excel" in by_row[where["excel_number"]].issues[0].message
    assert "nip_baru" in by_row[where["excel_number"]].issues[0].column or "NIP" in by_row[where["excel_number"]].issues[0].column
    bad_date = by_row[where["bad_date"]].issues[0]
    assert "Februari" in bad_date.message and "(" in bad_date.column
    assert any("sudah ada pada baris 4" in i.message for i in by_row[where["duplicate"]].issues)
    assert any(i.level == "PERINGATAN" and "berbeda" in i.message for i in by_row[where["duplicate"]].issues)
    assert _count(db, Pegawai) == 0  # the plan is a dry run
    assert {u.nama for u in plan.unknown_units} >= {"Dinas Kesehatan"}

    result = commit_pegawai_import(db, OPERATOR, plan, unit_decisions={u.nama: BUAT for u in plan.unknown_units},
                                   jabatan_decisions={j.nama: BUAT for j in plan.unknown_jabatan})
    assert (result.created, result.invalid) == (9, 3)
    with db.session() as s:
        stored = {p.nip: p for p in s.scalars(select(Pegawai))}
        assert all(len(nip) == 18 for nip in stored)
        golongan = {p.golongan_id for p in stored.values() if p.nama}
        assert golongan <= {31, 32, 33, 34, 21, 22, 41}
        trailing = [p for p in stored.values() if p.nama != p.nama.strip()]
        assert trailing == []
        assert all(p.tanggal_pensiun is not None and p.search_text and p.nama_sort for p in stored.values())
        assert s.scalar(select(func.count()).select_from(RiwayatJabatan)) == 9
        assert s.scalar(select(func.count()).select_from(UnitKerja)) == len(plan.unknown_units)
        child = s.scalar(select(UnitKerja).where(UnitKerja.nama == "Bidang Pelayanan Kesehatan"))
        assert child is not None and child.parent_id is not None  # created under its OPD


def test_reimport_changes_nothing_and_adds_no_row_audit(db: Database, tmp_path: Path) -> None:
    path = write_siasn_csv(tmp_path / "siasn.csv", list(siasn_rows(40, seed=5)))
    import_pegawai(db, OPERATOR, path, create_missing=True)
    with db.session() as s:
        versions = dict(s.execute(select(Pegawai.nip, Pegawai.version)).all())
        # The import is one IMPOR entry naming every pegawai created (NIP, uuid), no per-row entries.
        created = s.scalar(select(AuditLog).where(AuditLog.aksi == "IMPOR"))
        assert created is not None
        assert sorted(map(tuple, created.perubahan["pegawai_baru"])) == sorted(s.execute(select(Pegawai.nip, Pegawai.uuid)).all())
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entitas == "pegawai",
                                                                          AuditLog.aksi == "CREATE")) == 0
        # The bulk insert goes through a staging table; the full-text index must still see every row.
        nip, nama = s.execute(select(Pegawai.nip, Pegawai.nama).order_by(Pegawai.id.desc()).limit(1)).one()
        if db.engine.dialect.name == "sqlite":
            assert s.scalar(text("SELECT count(*) FROM pegawai_fts")) == 40
            hits = s.scalars(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH :q"),
                             {"q": f'"{nip[:8]}" AND "{nama.split()[0].lower()}"'}).all()
            assert hits and s.get(Pegawai, hits[0]).nip == nip
    audit_before = _count(db, AuditLog)
    plan, result = import_pegawai(db, OPERATOR, path, create_missing=True)
    assert plan.counts.sama == 40 and result.updated == 0 and result.created == 0
    with db.session() as s:
        assert dict(s.execute(select(Pegawai.nip, Pegawai.version)).all()) == versions
        new = list(s.scalars(select(AuditLog).where(AuditLog.id > 0).order_by(AuditLog.id.desc()).limit(1)))
    assert _count(db, AuditLog) == audit_before + 1 and new[0].aksi == "IMPOR"


def test_changed_rows_show_old_and_new_values(db: Database, tmp_path: Path) -> None:
    rows = list(siasn_rows(5, seed=8))
    import_pegawai(db, OPERATOR, write_siasn_csv(tmp_path / "a.csv", rows), create_missing=True)
    old_nama = rows[2].values["NAMA"]
    rows[2].values["GOL AKHIR NAMA"] = "IV/b"
    rows[2].values["GOL AKHIR ID"] = 42
    rows[2].values["NAMA"] = "Nama Baru Sekali"
    plan = plan_pegawai_import(db, OPERATOR, write_siasn_csv(tmp_path / "b.csv", rows))
    changed = [r for r in plan.rows if r.status == BERUBAH]
    assert len(changed) == 1 and plan.counts.sama == 4
    changes = {c.field: (c.lama, c.baru) for c in changed[0].changes}
    assert changes["golongan_id"][1] == "IV/b" and changes["nama"][1] == "Nama Baru Sekali"
    result = commit_pegawai_import(db, OPERATOR, plan)
    assert result.updated == 1
    with db.session() as s:
        p = s.scalar(select(Pegawai).where(Pegawai.nama == "Nama Baru Sekali"))
        assert p is not None and p.golongan_id == 42 and p.version == 2 and "nama baru sekali" in p.search_text
        # One IMPOR entry carries the change (no per-row entries): uuid, NIP, old and new values.
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entitas == "pegawai",
                                                                          AuditLog.aksi != "IMPOR")) == 0
        entry = s.scalar(select(AuditLog).where(AuditLog.aksi == "IMPOR").order_by(AuditLog.id.desc()).limit(1))
        assert entry is not None
        (changed_entry,) = entry.perubahan["pegawai_diubah"]
        assert changed_entry["uuid"] == p.uuid and changed_entry["nip"] == p.nip
        assert changed_entry["kolom"]["golongan_id"][1] == 42
        assert changed_entry["kolom"]["nama"] == [old_nama, "Nama Baru Sekali"]


def test_strict_mode_imports_nothing_and_errors_file_reimports(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "siasn.xlsx"
    _defective_siasn(path)
    plan, result = import_pegawai(db, OPERATOR, path, strict=True, create_missing=True)
    assert not result.committed and "Mode ketat" in result.message
    assert _count(db, Pegawai) == 0 and _count(db, UnitKerja) == 0
    errors = tmp_path / "galat.xlsx"
    assert plan.save_errors(errors) == 3
    ws = openpyxl.load_workbook(errors).active
    header = [c.value for c in ws[1]]
    assert (header[-1] == KOLOM_KETERANGAN and "nip_baru" in header) or "NIP BARU" in header
    notes = [row[-1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert any("Excel" in n for n in notes) and any("Februari" in n for n in notes)
    again = plan_pegawai_import(db, OPERATOR, errors)  # the error file is itself importable
    assert again.counts.total == 3


def test_unknown_names_are_listed_and_never_invented(db: Database, tmp_path: Path) -> None:
    path = write_siasn_csv(tmp_path / "siasn.csv", list(siasn_rows(10, seed=2)), delimiter=";")
    plan, result = import_pegawai(db, OPERATOR, path)
    assert result.created == 10 and plan.unknown_units and plan.unknown_jabatan
    assert _count(db, UnitKerja) == 0 and _count(db, Jabatan) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Pegawai).where(Pegawai.unit_id.is_not(None))) == 0
    # Map one name to a unit created meanwhile: the rows that name it get it.
    with db.session(write=True) as s:
        unit = UnitKerja(nama="Dinas Kesehatan Kabupaten", jenis="OPD", path="/")
        s.add(unit)
        s.flush()
        unit.path = f"/{unit.id}/"
        unit_id = unit.id
    plan = plan_pegawai_import(db, OPERATOR, path)
    # Only the pending names differ from the database; they are shown as such.
    assert all("(belum ada)" in c.baru for r in plan.rows for c in r.changes)
    result = commit_pegawai_import(db, OPERATOR, plan, unit_decisions={"dinas kesehatan": unit_id})
    assert result.updated == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Pegawai).where(Pegawai.unit_id == unit_id)) == 2


def test_round_trip_export_then_import_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "pegawai.xlsx"
    exported = export_pegawai(demo_db, OPERATOR, out)
    assert exported.rows > 300
    plan = plan_pegawai_import(demo_db, OPERATOR, out)
    assert plan.counts.sama == exported.rows, [r for r in plan.rows if r.status != SAMA][:3]
    assert plan.unknown_units == [] and plan.unknown_jabatan == []
    masked = tmp_path / "samar.xlsx"
    export_pegawai(demo_db, PEMBACA, masked)  # a reader without personal-data access: masked
    assert plan_pegawai_import(demo_db, OPERATOR, masked).counts.sama == exported.rows


def test_permissions(db: Database, tmp_path: Path) -> None:
    path = write_siasn_csv(tmp_path / "siasn.csv", list(siasn_rows(2, seed=1)))
    with pytest.raises(AksesDitolak):
        plan_pegawai_import(db, PEMBACA, path)


@pytest.mark.parametrize(
    ("maker", "name", "expected"),
    [
        (malformed.renamed_text, "catatan.xlsx", "bukan workbook"),
        (malformed.truncated_xlsx, "potong.xlsx", "terpotong"),
        (malformed.password_protected, "sandi.xlsx", "kata sandi"),
        (malformed.empty_sheet, "kosong.xlsx", "kosong"),
        (malformed.huge_cell, "besar.xlsx", "1.048.576 karakter"),
        (malformed.huge_cell_csv, "besar.csv", "terlalu besar"),
        (malformed.formulas_without_values, "rumus.xlsx", "rumus"),
        (malformed.merged_header, "gabung.xlsx", "digabung"),
    ],
)
def test_malformed_files_give_a_clear_error_and_change_nothing(
    db: Database, tmp_path: Path, maker: object, name: str, expected: str
) -> None:
    path = maker(tmp_path / name)  # type: ignore[operator]
    audit_before = _count(db, AuditLog)
    with pytest.raises(SpreadsheetError) as err:
        import_pegawai(db, OPERATOR, path, create_missing=True)
    assert expected in err.value.message
    assert _count(db, Pegawai) == 0 and _count(db, AuditLog) == audit_before


def test_cli_import_dry_run_and_json(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from mutasi_desktop.cli.main import main

    path = tmp_path / "siasn.xlsx"
    _defective_siasn(path)
    rc = main(["import", "pegawai", str(path), "--db", str(db_path), "--dry-run", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1 and out["valid"] == 9 and out["tidak_valid"] == 3 and not out["disimpan"]
    assert {"baris", "kolom", "pesan"} <= set(out["masalah"][0])
    rc = main(["import", "pegawai", str(path), "--db", str(db_path), "--buat-baru", "--galat", str(tmp_path / "g.xlsx")])
    text = capsys.readouterr().out
    assert "9 dibuat" in text and "Baris 6" in text and (tmp_path / "g.xlsx").exists()


def test_a_file_over_the_import_size_limit_is_refused_before_reading(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from mutasi_desktop.documents.excel import reader
    from mutasi_desktop.domain.file_limits import LIMITS, FileLimit, JenisBerkas

    big = tmp_path / "besar.csv"
    big.write_text("NIP;NAMA\n" + "198501012010011001;Siti\n" * 200)
    small = FileLimit("berkas impor", 1000, LIMITS[JenisBerkas.IMPOR].extensions)
    monkeypatch.setitem(reader.LIMITS, JenisBerkas.IMPOR, small)
    with pytest.raises(reader.SpreadsheetError, match="terlalu besar untuk diimpor"):
        reader.open_table(big)
