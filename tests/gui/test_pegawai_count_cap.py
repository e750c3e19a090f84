"""A capped count ("lebih dari 10.000", broad text search on PostgreSQL) shown honestly.

The cap itself is PostgreSQL's (tests/db/test_pegawai_search_engines.py); here the service is
wrapped to cap at 50 on the SQLite demo, so the list behaves as it does on a server.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QFileDialog, QMessageBox

import mutasi_desktop.ui.pegawai.employee_table_model as etm
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.pegawai_query import PegawaiFilter, PegawaiPage, count_pegawai, fetch_pegawai
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.pegawai.employee_table_model import ROW_ROLE, EmployeeTableModel
from mutasi_desktop.ui.pegawai.pegawai_page import PegawaiPage as PegawaiScreen
from mutasi_desktop.ui.pegawai.pegawai_page import find_export_writer
from tests.gui.qt_wait import wait_for

CAP = 50


def _capped(*args: Any, **kwargs: Any) -> PegawaiPage:
    page = fetch_pegawai(*args, **kwargs)
    if kwargs.get("with_total") and args[2].teks and page.total > CAP:  # text searches only, as on PostgreSQL
        return dataclasses.replace(page, total=CAP, total_lebih=True)
    return page


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(etm, "fetch_pegawai", _capped)


@pytest.mark.usefixtures("capped")
def test_model_keeps_loading_past_a_capped_count_and_then_knows_the_total(demo_db: Database) -> None:
    exact = count_pegawai(demo_db, SYSTEM, PegawaiFilter(teks="a"))
    assert exact > 2 * CAP
    model = EmployeeTableModel(demo_db, SYSTEM, page_size=40)
    model.set_filter(PegawaiFilter(teks="a"), background=False)
    assert (model.total, model.total_lebih, model.rowCount()) == (CAP, True, 40)
    pages = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        pages += 1
        assert pages < 100
    assert model.rowCount() == exact > CAP  # not stopped at the cap
    assert (model.total, model.total_lebih) == (exact, False)  # exact once the last page came
    ids = [model.index(r, 0).data(ROW_ROLE).id for r in range(model.rowCount())]
    assert len(set(ids)) == exact


@pytest.mark.usefixtures("capped")
def test_count_label_says_lebih_dari(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = PegawaiScreen(demo_ctx)
    qtbot.addWidget(page)
    page.search.setText("a")
    page.apply_filter(background=False)
    assert page.count_label.text() == f"Lebih dari {CAP} pegawai (dimuat {page.model.rowCount()})"
    page.search.setText("xqzxqz")
    page.apply_filter(background=False)
    assert page.count_label.text() == "Tidak ada pegawai yang cocok"
    page.search.setText("")
    page.apply_filter(background=False)
    assert page.count_label.text() == f"{page.model.total} pegawai (dimuat 200)" and not page.model.total_lebih


@pytest.mark.usefixtures("capped")
def test_export_of_a_capped_view_writes_every_row(demo_ctx: AppContext, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if find_export_writer() is None:
        pytest.skip("fitur ekspor Excel belum terpasang")
    page = PegawaiScreen(demo_ctx)
    qtbot.addWidget(page)
    page.search.setText("a")
    page.apply_filter(background=False)
    assert page.model.total_lebih
    target = tmp_path / "a.xlsx"
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
    assert len(nips) == count_pegawai(demo_ctx.db, SYSTEM, PegawaiFilter(teks="a")) > CAP
