from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Aspirasi, AuditLog, Formasi, Pegawai, RiwayatJabatan, Skp
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services.import_abk import AbkImport
from mutasi_desktop.services.import_aspirasi import AspirasiImport
from mutasi_desktop.services.import_common import BUAT
from mutasi_desktop.services.import_riwayat_jabatan import RiwayatJabatanImport
from mutasi_desktop.services.import_skp import SkpImport

OPERATOR = Actor("operator1", "Operator", frozenset({Peran.OPERATOR}))


def _write(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _nips(db: Database, n: int) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Pegawai.nip).order_by(Pegawai.id).limit(n)))


def test_skp_import_both_scales_and_reimport(demo_db: Database, tmp_path: Path) -> None:
    a, b, c = _nips(demo_db, 3)
    path = _write(tmp_path / "skp.xlsx", [
        ["NIP", "TAHUN", "NILAI SKP", "PREDIKAT", "HASIL KERJA", "PERILAKU KERJA"],
        [f"'{a}", 2019, 88.5, None, None, None],
        [b, 2019, "92,0", None, None, None],
        [c, 2019, None, None, "Di Atas Ekspektasi", "Sesuai Ekspektasi"],
        ["199001012015031999", 2019, 80, None, None, None],
        [a, 2019, 70, None, None, None],
    ])
    importer = SkpImport()
    plan = importer.plan(demo_db, OPERATOR, path)
    assert plan.counts.invalid == 2
    messages = " ".join(i.message for i in plan.issues)
    assert "tidak ada di basis data" in messages and "sudah ada pada baris 2" in messages
    with demo_db.session() as s:
        last_audit = s.scalar(select(func.max(AuditLog.id))) or 0
    result = importer.commit(demo_db, OPERATOR, plan)
    assert result.created + result.updated == 3
    with demo_db.session() as s:
        row = s.scalar(select(Skp).join(Pegawai).where(Pegawai.nip == c, Skp.tahun == 2019))
        assert row is not None and row.skala == "PREDIKAT" and row.predikat == "BAIK"
        # One IMPOR entry lists the three rows written (uuid, or old/new values); no per-row entries.
        (entry,) = s.scalars(select(AuditLog).where(AuditLog.id > last_audit)).all()
        assert entry.aksi == "IMPOR" and len(entry.perubahan["baris"]) == 3
        assert row.uuid in {item.get("uuid") for item in entry.perubahan["baris"]}
    again = importer.plan(demo_db, OPERATOR, path)
    assert again.counts.sama == 3


def test_abk_import_with_unknown_names(demo_db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "abk.xlsx", [
        ["Rekap ABK 2025"], [],
        ["UNIT KERJA", "JABATAN", "KEBUTUHAN"],
        ["Unit Baru Sekali", "Analis Data Ahli Pertama", 3],
        ["Unit Baru Sekali", "Analis Data Ahli Pertama", -1],
    ])
    importer = AbkImport()
    plan = importer.plan(demo_db, OPERATOR, path)
    assert plan.counts.invalid == 1 and plan.counts.tertunda == 1
    assert plan.unknown_units[0].nama == "Unit Baru Sekali"
    with demo_db.session() as s:
        before = s.scalar(select(func.count()).select_from(Formasi))
    skipped = importer.commit(demo_db, OPERATOR, plan)
    assert skipped.created == 0 and skipped.skipped == 1
    result = importer.commit(demo_db, OPERATOR, plan, unit_decisions={"Unit Baru Sekali": BUAT},
                             jabatan_decisions={"Analis Data Ahli Pertama": BUAT})
    assert (result.created, result.units_created, result.jabatan_created) == (1, 1, 1)
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Formasi)) == before + 1


def test_riwayat_jabatan_and_aspirasi(demo_db: Database, tmp_path: Path) -> None:
    a, b = _nips(demo_db, 2)
    path = _write(tmp_path / "rj.xlsx", [
        ["NIP", "JABATAN", "UNIT KERJA", "TMT JABATAN", "NOMOR SK"],
        [a, "Staf Pelaksana di Kabupaten Lain", "Dinas Luar Daerah", "01-03-2010", "821/1/2010"],
    ])
    rj = RiwayatJabatanImport()
    result = rj.commit(demo_db, OPERATOR, rj.plan(demo_db, OPERATOR, path))
    assert result.created == 1
    assert rj.plan(demo_db, OPERATOR, path).counts.sama == 1
    with demo_db.session() as s:
        row = s.scalar(select(RiwayatJabatan).where(RiwayatJabatan.jabatan_nama == "Staf Pelaksana di Kabupaten Lain"))
        assert row is not None and row.tmt_jabatan == date(2010, 3, 1) and row.unit_nama == "Dinas Luar Daerah"
    path = _write(tmp_path / "asp.xlsx", [
        ["NIP", "TANGGAL", "UNIT PILIHAN 1", "ALASAN", "KESEDIAAN", "SYARAT"],
        [b, "2 Januari 2025", "Unit Yang Tidak Ada", "Ikut suami/istri", "Bersedia dengan syarat", "Dekat rumah"],
        [a, "2025-01-02", None, "Alasan aneh", "Mungkin", None],
    ])
    asp = AspirasiImport()
    plan = asp.plan(demo_db, OPERATOR, path)
    assert plan.counts.valid == 1 and plan.counts.invalid == 1
    assert any("belum ada" in i.message for i in plan.issues)
    asp.commit(demo_db, OPERATOR, plan)
    with demo_db.session() as s:
        got = s.scalar(select(Aspirasi).join(Pegawai).where(Pegawai.nip == b, Aspirasi.sumber == "IMPORT"))
        assert got is not None and got.alasan == "IKUT_PASANGAN" and got.kesediaan == "BERSYARAT"
