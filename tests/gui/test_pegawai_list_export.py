"""Export of the current pegawai view: the filtered rows, in list order, to an xlsx file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.pegawai.pegawai_page import PegawaiPage, find_export_writer
from tests.gui.qt_wait import wait_for


def test_export_writes_the_filtered_view(demo_ctx: AppContext, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if find_export_writer() is None:
        pytest.skip("fitur ekspor Excel belum terpasang")
    page = PegawaiPage(demo_ctx)
    qtbot.addWidget(page)
    page.status_combo.set_value("PPPK")
    page.apply_filter(background=False)
    expected = [page.model.row_at(r).nip for r in range(page.model.rowCount())]
    assert 0 < page.model.total == len(expected)
    target = tmp_path / "pppk.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, title, text: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, title, text: shown.append("GAGAL " + text)))
    page.export_current_view()
    assert wait_for(lambda: bool(shown), timeout=30)
    assert "Tersimpan" in shown[0], shown
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(sheet) if row and row[0] == "NIP")
    nips = [str(row[0]) for row in sheet[header + 1:] if row and row[0]]
    assert nips == expected  # same rows, same order, NIP kept as text
