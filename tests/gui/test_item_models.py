"""Every item model of the UI passes Qt's model tester; the pegawai model loads lazily."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.pegawai_query import PegawaiFilter, count_pegawai
from mutasi_desktop.ui.pegawai.employee_table_model import (
    COL_NAMA,
    COL_PENSIUN,
    COLUMN_COUNT,
    ROW_ROLE,
    SORT_ROLE,
    EmployeeTableModel,
)
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from tests.gui.qt_wait import wait_for


def test_employee_model_passes_model_tester(demo_db: Database, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = EmployeeTableModel(demo_db, SYSTEM, page_size=60)
    model.reload(background=False)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(PegawaiFilter(teks="zzzzzz"), background=False)
    qtmodeltester.check(model, force_py=True)


def test_employee_model_loads_pages_lazily(demo_db: Database) -> None:
    model = EmployeeTableModel(demo_db, SYSTEM, page_size=50)
    model.reload(background=False)
    total = count_pegawai(demo_db, SYSTEM, PegawaiFilter())
    assert model.total == total > 100
    assert model.rowCount() == 50
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 100
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total
    ids = [model.index(r, 0).data(ROW_ROLE).id for r in range(model.rowCount())]
    assert len(set(ids)) == total


def test_employee_model_fetches_next_pages_in_the_background(demo_db: Database, tasks) -> None:  # type: ignore[no-untyped-def]
    model = EmployeeTableModel(demo_db, SYSTEM, tasks, page_size=50)
    model.reload(background=False)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # ignored while the first request runs
    assert model.rowCount() == 50
    assert wait_for(lambda: model.rowCount() == 100)
    tasks.wait_idle()
    assert model.rowCount() == 100
    ids = [model.index(r, 0).data(ROW_ROLE).id for r in range(100)]
    assert len(set(ids)) == 100
    model.fetchMore(QModelIndex())
    model.set_filter(PegawaiFilter(teks="zzzzzz"), background=False)  # a late page must not land
    tasks.wait_idle()
    assert model.rowCount() == 0


def test_employee_model_sorts_in_sql_and_exposes_native_sort_values(demo_db: Database) -> None:
    model = EmployeeTableModel(demo_db, SYSTEM, page_size=500)
    model.reload(background=False)
    model._tasks = None  # sort synchronously in this test
    model.sort(COL_PENSIUN, Qt.SortOrder.DescendingOrder)
    values = [model.index(r, COL_PENSIUN).data(SORT_ROLE) for r in range(model.rowCount())]
    dates = [v for v in values if isinstance(v, date)]
    assert dates and dates == sorted(dates, reverse=True)
    assert isinstance(model.index(0, COL_NAMA).data(Qt.ItemDataRole.DisplayRole), str)


def test_background_search_applies_only_the_latest_query(demo_db: Database, tasks, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = EmployeeTableModel(demo_db, SYSTEM, tasks)
    model.reload(background=False)
    loaded: list[int] = []
    model.loaded.connect(loaded.append)
    model.set_filter(PegawaiFilter(teks="a"))
    model.set_filter(PegawaiFilter(teks="zzzzzz"))
    assert wait_for(lambda: bool(loaded))
    tasks.wait_idle()
    assert loaded == [0]  # the outdated "a" result was dropped
    assert model.filter.teks == "zzzzzz"
    assert model.total == 0 and model.rowCount() == 0


@dataclass(frozen=True)
class _Row:
    nama: str
    umur: int | None


def test_record_table_model_passes_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RecordTableModel([
        Column("Nama", lambda r: r.nama),
        Column("Umur", lambda r: str(r.umur or ""), sort_key=lambda r: r.umur, align_right=True,
               tooltip=lambda r: r.nama),
    ], [_Row("Ani", 30), _Row("Budi", None)])
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, 1).data(SORT_ROLE) == ""
    assert model.index(0, 1).data(ROW_ROLE) == _Row("Ani", 30)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == 2 and COLUMN_COUNT == 11
