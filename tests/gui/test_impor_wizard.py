"""The import wizard: the whole flow on a SIASN-style file, cancel, malformed files, profiles."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Pegawai, UnitKerja
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.impor.import_wizard import (
    PAGE_FILE,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_RESULT,
    ImportWizard,
)
from mutasi_desktop.ui.impor.preview_table_model import COL_BARIS, COL_KETERANGAN, COL_KOLOM, LINE_ROLE
from tests.fixtures_excel import malformed
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

SHOTS = os.environ.get("IMPOR_SCREENSHOTS")  # a directory: save a PNG of every page


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _siasn_file(path: Path, n: int = 30) -> Path:
    rows = list(siasn_rows(n, seed=7))
    rows[1].values["NIP BARU"] = float(rows[1].values["NIP BARU"])  # Excel number: digits lost
    rows[4].values["TANGGAL LAHIR"] = "31-02-1980"  # impossible date
    rows[6].values["NAMA"] = rows[6].values["NAMA"] + "   "
    write_siasn_xlsx(path, rows, columns=SIASN_COLUMNS_65, title_rows=["DATA ASN KABUPATEN SUKAMAJU (SINTETIS)"])
    return path  # title row 1, header row 2, data from row 3: rows[1] is row 4, rows[4] is row 7


def _wizard(ctx: AppContext, qtbot: Any) -> ImportWizard:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.resize(1000, 680)
    wizard.show()
    return wizard


def _shot(wizard: ImportWizard, name: str) -> None:
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / f"impor_{name}.png"))


def _next(wizard: ImportWizard, qtbot: Any, page: int) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.page_index == page, timeout=30_000)


def test_whole_flow_from_file_to_commit(empty_ctx: AppContext, qtbot: Any, qtmodeltester: Any, tmp_path: Path) -> None:
    db = empty_ctx.db
    path = _siasn_file(tmp_path / "siasn.xlsx")
    wizard = _wizard(empty_ctx, qtbot)
    assert wizard.file_page.kind_key == "pegawai"
    wizard.choose_file(path)
    _shot(wizard, "1_berkas")
    _next(wizard, qtbot, PAGE_MAPPING)
    _shot(wizard, "2_pemetaan")

    mapping = wizard.mapping_page.mapping()
    headers = wizard.mapping_page.headers
    assert mapping[headers.index("NIP BARU")] == "nip"
    assert mapping[headers.index("UNOR NAMA")] == "unit"
    assert mapping[headers.index("NPWP NOMOR")] is None  # not an app field: ignored
    assert "dikenali" in wizard.mapping_page.info_label.text()

    _next(wizard, qtbot, PAGE_PREVIEW)
    _shot(wizard, "3_pratinjau")
    page = wizard.preview_page
    assert "28" in page.count_labels["baru"].text()
    assert "2" in page.count_labels["tidak_valid"].text()
    assert _count(db, Pegawai) == 0  # the preview writes nothing
    model = page.model
    qtmodeltester.check(model)
    errors = {(model.index(r, COL_BARIS).data(), model.index(r, COL_KOLOM).data()): model.index(r, COL_KETERANGAN).data()
              for r in range(model.rowCount()) if model.index(r, 0).data(LINE_ROLE).kind == "galat"}
    assert any(row == "4" and "NIP BARU" in col for row, col in errors), errors
    assert any(row == "7" and "TANGGAL LAHIR" in col for row, col in errors), errors
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # highlighted

    # The file names 5 units and 5 jabatan the empty database does not have.
    assert page.unknown_table.rowCount() == 10
    qtbot.mouseClick(page.create_all_button, Qt.MouseButton.LeftButton)
    assert all(decision == "BUAT" for _j, _n, decision in page.decisions())

    errors_path = tmp_path / "galat.xlsx"
    assert wizard.save_errors(errors_path) == 2
    sheet = load_workbook(errors_path, read_only=True).active
    texts = [" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert any("Keterangan galat" in t for t in texts)
    assert sum(1 for t in texts if "NIP" in t and "digit" in t.lower()) >= 1

    page.filter_combo.setCurrentIndex(page.filter_combo.findData("semua"))
    qtmodeltester.check(model)
    _next(wizard, qtbot, PAGE_RESULT)
    _shot(wizard, "4_hasil")
    assert wizard.committed
    assert wizard.result.created == 28
    assert _count(db, Pegawai) == 28
    assert _count(db, UnitKerja) == 5
    assert "tersimpan" in wizard.result_page.summary_label.text()


def test_reimport_in_the_wizard_changes_nothing(empty_ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    path = _siasn_file(tmp_path / "siasn.xlsx", n=12)
    for expected_created in (10, 0):
        wizard = _wizard(empty_ctx, qtbot)
        wizard.choose_file(path)
        _next(wizard, qtbot, PAGE_MAPPING)
        _next(wizard, qtbot, PAGE_PREVIEW)
        wizard.preview_page.set_all_decisions("BUAT")
        _next(wizard, qtbot, PAGE_RESULT)
        assert wizard.result.created == expected_created
    assert wizard.result.unchanged == 10 and wizard.result.updated == 0


def test_cancel_during_commit_writes_nothing(empty_ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    db = empty_ctx.db
    path = _siasn_file(tmp_path / "siasn.xlsx", n=12)
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(path)
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    wizard.preview_page.set_all_decisions("BUAT")
    audit_before = _count(db, AuditLog)

    assert wizard.kind is not None
    real_commit = wizard.kind.commit

    def commit_after_cancel(*args: Any, **kwargs: Any) -> Any:
        # Hold the worker until the clerk has pressed Batal, then let the real commit run.
        assert wizard._cancel.wait(10)
        return real_commit(*args, **kwargs)

    wizard.kind = dataclasses.replace(wizard.kind, commit=commit_after_cancel)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.busy and wizard.progress_row.isVisible()
    _shot(wizard, "5_menyimpan")
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=30_000)
    assert wizard.page_index == PAGE_PREVIEW
    assert not wizard.committed
    assert "Dibatalkan" in wizard.preview_page.status_label.text()
    assert _count(db, Pegawai) == 0
    assert _count(db, UnitKerja) == 0
    assert _count(db, AuditLog) == audit_before


@pytest.mark.parametrize(
    ("make", "phrase"),
    [(malformed.truncated_xlsx, "rusak"), (malformed.renamed_text, "bukan workbook"),
     (malformed.password_protected, "kata sandi"), (malformed.empty_sheet, "kosong")],
)
def test_malformed_file_shows_the_indonesian_error_on_the_first_page(
    empty_ctx: AppContext, qtbot: Any, tmp_path: Path, make: Any, phrase: str
) -> None:
    suffix = ".txt.xlsx" if make is malformed.renamed_text else ".xlsx"
    path = make(tmp_path / f"rusak{suffix}")
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(path)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=30_000)
    assert wizard.page_index == PAGE_FILE
    assert wizard.file_page.error_label.isVisible()
    assert phrase in wizard.file_page.error_label.text()
    if make is malformed.truncated_xlsx:
        _shot(wizard, "6_galat_berkas")
    assert _count(empty_ctx.db, Pegawai) == 0


def test_missing_file_is_refused_without_a_task(empty_ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    wizard = _wizard(empty_ctx, qtbot)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert "Pilih berkas" in wizard.file_page.error_label.text()
    wizard.choose_file(tmp_path / "tidak_ada.xlsx")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert "tidak ditemukan" in wizard.file_page.error_label.text()


def test_own_layout_mapped_by_hand_and_saved_as_profile(empty_ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "rekap.csv"
    path.write_text("Nomor Induk;Nama Karyawan;Lahir;Kolom Bebas\n"
                    "'199001012015031001;Budi Contoh;01-01-1990;x\n"
                    "'199202022016032002;Sari Contoh;02-02-1992;y\n", encoding="utf-8")
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(path)
    _next(wizard, qtbot, PAGE_MAPPING)
    page = wizard.mapping_page
    assert "belum dikenali" in page.info_label.text()
    page.set_field("Nomor Induk", "nip")
    page.set_field("Nama Karyawan", "nama")
    page.set_field("Lahir", "tanggal_lahir")
    page.set_field("Kolom Bebas", "nip")  # two columns on one field: refused
    assert not page.validate()
    assert "sama-sama" in page.error_label.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.page_index == PAGE_MAPPING and not wizard.busy
    page.set_field("Kolom Bebas", None)
    assert page.validate()
    assert wizard.save_profile_as("Rekap sendiri")

    # A second wizard loads the profile onto the same layout.
    second = _wizard(empty_ctx, qtbot)
    second.choose_file(path)
    _next(second, qtbot, PAGE_MAPPING)
    combo = second.mapping_page.profile_combo
    combo.setCurrentIndex(combo.findText("Rekap sendiri"))
    qtbot.mouseClick(second.mapping_page.apply_profile_button, Qt.MouseButton.LeftButton)
    assert second.mapping_page.mapping() == wizard.mapping_page.mapping()
    _next(second, qtbot, PAGE_PREVIEW)
    assert "2" in second.preview_page.count_labels["baru"].text()
    _next(second, qtbot, PAGE_RESULT)
    assert _count(empty_ctx.db, Pegawai) == 2


@pytest.mark.parametrize("kind", ["pegawai", "skp", "riwayat_jabatan", "abk", "aspirasi"])
def test_template_download_is_recognised_by_its_own_import(
    empty_ctx: AppContext, qtbot: Any, tmp_path: Path, kind: str
) -> None:
    wizard = _wizard(empty_ctx, qtbot)
    wizard.file_page.set_kind(kind)
    target = tmp_path / f"templat_{kind}.xlsx"
    wizard.download_template(target)
    assert target.exists()
    assert "Templat disimpan" in wizard.file_page.info_label.text()
    if kind != "pegawai":  # an empty template has no data rows; the header must still be found
        wizard.choose_file(target)
        _next(wizard, qtbot, PAGE_MAPPING)
        assert "dikenali" in wizard.mapping_page.info_label.text()


def test_main_window_menu_opens_the_wizard_and_refreshes(main_window: Any, monkeypatch: Any) -> None:
    import mutasi_desktop.ui.impor.import_wizard as module

    calls: list[str] = []
    monkeypatch.setattr(module, "run_import_wizard", lambda ctx, parent=None, **kw: calls.append("wizard") or True)
    page = main_window.current_page()
    monkeypatch.setattr(page, "refresh", lambda: calls.append("refresh"), raising=False)
    texts = [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
    assert any("Impor dari Excel" in t for t in texts)
    main_window.import_action.trigger()
    assert calls == ["wizard", "refresh"]


def test_changed_rows_show_each_field_old_and_new(empty_ctx: AppContext, qtbot: Any, qtmodeltester: Any,
                                                  tmp_path: Path) -> None:
    rows = list(siasn_rows(6, seed=9))
    first = write_siasn_xlsx(tmp_path / "a.xlsx", rows, columns=SIASN_COLUMNS_65)
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(first)
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    wizard.preview_page.set_all_decisions("BUAT")
    _next(wizard, qtbot, PAGE_RESULT)

    old_nama = rows[3].values["NAMA"]
    rows[3].values["NAMA"] = "Nama Sesudah Diubah"
    second = write_siasn_xlsx(tmp_path / "b.xlsx", rows, columns=SIASN_COLUMNS_65)
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(second)
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    page = wizard.preview_page
    assert "1" in page.count_labels["berubah"].text() and "5" in page.count_labels["sama"].text()
    assert page.filter_combo.currentData() == "ubah"  # opens on what changed
    qtmodeltester.check(page.model)
    lines = [page.model.line_at(r) for r in range(page.model.rowCount())]
    assert any(line is not None and line.column == "Nama" and line.message == f"{old_nama} → Nama Sesudah Diubah"
               and line.row == 5 for line in lines)
    _shot(wizard, "7_perubahan")
    _next(wizard, qtbot, PAGE_RESULT)
    assert wizard.result.updated == 1 and wizard.result.unchanged == 5


def test_riwayat_skp_through_the_wizard(empty_ctx: AppContext, qtbot: Any, qtmodeltester: Any,
                                        tmp_path: Path) -> None:
    from openpyxl import Workbook

    from mutasi_desktop.db.models import Skp
    from mutasi_desktop.services.import_pegawai import import_pegawai

    rows = list(siasn_rows(3, seed=4))
    import_pegawai(empty_ctx.db, empty_ctx.actor, write_siasn_xlsx(tmp_path / "p.xlsx", rows), create_missing=True)
    nips = [r.values["NIP BARU"] for r in rows]
    wb = Workbook()
    for line in (["NIP", "TAHUN", "NILAI SKP"], [nips[0], 2021, 88], [nips[1], 2021, "91,5"],
                 ["199001012015031999", 2021, 80], [nips[2], 2021, 250]):
        wb.active.append(line)
    wb.save(tmp_path / "skp.xlsx")

    wizard = _wizard(empty_ctx, qtbot)
    wizard.file_page.set_kind("skp")
    wizard.choose_file(tmp_path / "skp.xlsx")
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    page = wizard.preview_page
    assert "2" in page.count_labels["baru"].text() and "2" in page.count_labels["tidak_valid"].text()
    qtmodeltester.check(page.model)
    messages = [page.model.line_at(r).message for r in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert any("tidak ada di basis data" in m for m in messages)
    _next(wizard, qtbot, PAGE_RESULT)
    assert wizard.result.created == 2
    assert _count(empty_ctx.db, Skp) == 2


def test_strict_mode_imports_nothing_when_a_row_is_invalid(empty_ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    path = _siasn_file(tmp_path / "siasn.xlsx", n=10)
    wizard = _wizard(empty_ctx, qtbot)
    wizard.choose_file(path)
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    wizard.preview_page.set_all_decisions("BUAT")
    wizard.preview_page.strict_check.setChecked(True)
    _next(wizard, qtbot, PAGE_RESULT)
    assert not wizard.committed
    assert "Tidak ada data yang disimpan" in wizard.result_page.summary_label.text()
    assert "Mode ketat" in wizard.result_page.summary_label.text()
    assert _count(empty_ctx.db, Pegawai) == 0 and _count(empty_ctx.db, UnitKerja) == 0


def test_a_clerk_limited_to_one_opd_is_not_offered_to_create_units_or_jabatan(
    empty_ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    from mutasi_desktop.domain.roles import Actor, Peran
    from mutasi_desktop.services.import_common import BUAT

    clerk = dataclasses.replace(empty_ctx, actor=Actor("op.opd", "Operator OPD", frozenset({Peran.OPERATOR}),
                                                       batas_opd=frozenset({1})))
    wizard = _wizard(clerk, qtbot)
    wizard.choose_file(_siasn_file(tmp_path / "siasn.xlsx"))
    _next(wizard, qtbot, PAGE_MAPPING)
    _next(wizard, qtbot, PAGE_PREVIEW)
    page = wizard.preview_page
    assert page.unknown_table.rowCount() == 10
    assert not page.create_all_button.isEnabled() and "OPD" in page.create_all_button.toolTip()
    combo = page.decision_combo(0)
    assert combo.findData(BUAT) == -1  # no "Buat baru" choice
    assert all(decision is None for _j, _n, decision in page.decisions())
