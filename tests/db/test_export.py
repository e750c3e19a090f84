from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Peran
from mutasi_desktop.services.export_service import (
    export_formasi,
    export_pegawai,
    export_pegawai_view,
    export_usul,
    write_pegawai_template,
)
from mutasi_desktop.services.import_abk import AbkImport
from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai

OPERATOR = Actor("operator1", "Operator", frozenset({Peran.OPERATOR}))
PEMBACA = Actor("pembaca1", "Pembaca", frozenset({Peran.PEMBACA}))
NOBODY = Actor("tamu", "Tamu", frozenset())


def _sheet(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path).active


def test_pegawai_export_is_formatted(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    result = export_pegawai(demo_db, OPERATOR, out, flt=PegawaiFilter(hanya_aktif=True))
    ws = _sheet(out)
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NIP")
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:")
    assert ws.cell(header_row, 1).font.b
    assert "Dicetak:" in " ".join(str(ws.cell(r, 1).value) for r in range(1, header_row))
    nip = ws.cell(header_row + 1, 1)
    assert isinstance(nip.value, str) and len(nip.value) == 18 and nip.number_format == "@"
    tgl_col = [c.value for c in ws[header_row]].index("TANGGAL LAHIR") + 1
    tgl = ws.cell(header_row + 1, tgl_col)
    assert tgl.is_date and tgl.number_format == "DD-MM-YYYY"
    assert ws.max_row - header_row == result.rows
    assert ws.column_dimensions["D"].width > 10


def test_private_data_is_masked_without_permission(demo_db: Database, tmp_path: Path) -> None:
    export_pegawai(demo_db, PEMBACA, tmp_path / "p.xlsx")
    ws = _sheet(tmp_path / "p.xlsx")
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NIP")
    headers = [c.value for c in ws[header_row]]
    phones = [ws.cell(r, headers.index("NOMOR HP") + 1).value for r in range(header_row + 1, header_row + 20)]
    assert all(p is None or "*" in p for p in phones) and any(phones)
    with pytest.raises(AksesDitolak):
        export_pegawai(demo_db, NOBODY, tmp_path / "x.xlsx")


def test_view_export_of_list_rows(demo_db: Database, tmp_path: Path) -> None:
    page = fetch_pegawai(demo_db, OPERATOR, PegawaiFilter(), limit=50)
    result = export_pegawai_view(page.rows, tmp_path / "v.xlsx", title="DAFTAR PEGAWAI", masked=False,
                                 office="BKPSDM Kabupaten Sukamaju", actor=OPERATOR, db=demo_db)
    ws = _sheet(tmp_path / "v.xlsx")
    assert result.rows == 50 and ws.cell(1, 1).value == "BKPSDM KABUPATEN SUKAMAJU"
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NIP")
    assert "UNIT KERJA" in [c.value for c in ws[header_row]]


def test_formasi_export_reimports_as_abk_without_change(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "formasi.xlsx"
    result = export_formasi(demo_db, OPERATOR, out)
    ws = _sheet(out)
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "OPD")
    headers = [c.value for c in ws[header_row]]
    assert headers[:3] == ["OPD", "UNIT KERJA", "JABATAN"] and "SELISIH" in headers
    plan = AbkImport().plan(demo_db, OPERATOR, out)
    assert plan.counts.sama == result.rows and plan.counts.invalid == 0


def test_usul_export_and_template(demo_db: Database, tmp_path: Path) -> None:
    assert export_usul(demo_db, OPERATOR, tmp_path / "u.xlsx").rows >= 0
    write_pegawai_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["Pegawai", "Petunjuk"]
    from mutasi_desktop.services.import_pegawai import plan_pegawai_import

    plan = plan_pegawai_import(demo_db, OPERATOR, tmp_path / "t.xlsx")
    assert plan.counts.total == 1 and plan.counts.invalid == 0  # the example row is valid
