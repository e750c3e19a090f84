"""The pegawai list model: lazy pages from the database, sorted and filtered by SQL.

``rowCount`` grows page by page through ``canFetchMore``/``fetchMore`` as the view scrolls, so
100,000 pegawai open as fast as 200. A new filter or sort runs its first query (count + first
page) on the task runner when one is given, so typing in the search box never blocks painting;
results of an outdated query are dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services.pegawai_query import (
    PegawaiFilter,
    PegawaiPage,
    PegawaiRow,
    Urutan,
    fetch_pegawai,
)
from mutasi_desktop.ui.labels import jenis_jabatan_labels, kedudukan_labels, label, status_labels, tanggal
from mutasi_desktop.ui.widgets.errors import pesan_galat

log = logging.getLogger(__name__)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_PARENT = QModelIndex()

COL_NIP = 0
COL_NAMA = 1
COL_GOLONGAN = 2
COL_JABATAN = 3
COL_JENIS_JABATAN = 4
COL_UNIT = 5
COL_STATUS = 6
COL_KEDUDUKAN = 7
COL_TANGGAL_LAHIR = 8
COL_TMT_JABATAN = 9
COL_PENSIUN = 10
COLUMN_COUNT = 11

COLUMN_SORT: dict[int, Urutan] = {
    COL_NIP: Urutan.NIP,
    COL_NAMA: Urutan.NAMA,
    COL_GOLONGAN: Urutan.GOLONGAN,
    COL_JABATAN: Urutan.JABATAN,
    COL_JENIS_JABATAN: Urutan.JENIS_JABATAN,
    COL_UNIT: Urutan.UNIT,
    COL_STATUS: Urutan.STATUS,
    COL_KEDUDUKAN: Urutan.KEDUDUKAN,
    COL_TANGGAL_LAHIR: Urutan.TANGGAL_LAHIR,
    COL_TMT_JABATAN: Urutan.TMT_JABATAN,
    COL_PENSIUN: Urutan.TANGGAL_PENSIUN,
}
# Columns hidden until the clerk turns them on with the column chooser.
DEFAULT_HIDDEN = (COL_JENIS_JABATAN, COL_TANGGAL_LAHIR, COL_TMT_JABATAN)


def column_headers() -> list[str]:
    return [
        QCoreApplication.translate("DaftarPegawai", "NIP"),
        QCoreApplication.translate("DaftarPegawai", "Nama"),
        QCoreApplication.translate("DaftarPegawai", "Gol."),
        QCoreApplication.translate("DaftarPegawai", "Jabatan"),
        QCoreApplication.translate("DaftarPegawai", "Jenis jabatan"),
        QCoreApplication.translate("DaftarPegawai", "Unit kerja"),
        QCoreApplication.translate("DaftarPegawai", "Status"),
        QCoreApplication.translate("DaftarPegawai", "Kedudukan"),
        QCoreApplication.translate("DaftarPegawai", "Tanggal lahir"),
        QCoreApplication.translate("DaftarPegawai", "TMT jabatan"),
        QCoreApplication.translate("DaftarPegawai", "Pensiun (BUP)"),
    ]


class EmployeeTableModel(QAbstractTableModel):
    """Pegawai rows for a filter and a sort order, fetched in pages of ``page_size``."""

    loading = Signal(bool)  # a first-page query is running
    loaded = Signal(int)  # total rows matching the filter
    failed = Signal(str)

    def __init__(self, db: Database, actor: Actor, tasks: Any = None, *, page_size: int = 200,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._tasks = tasks
        self.page_size = page_size
        self._filter = PegawaiFilter()
        self._sort = Urutan.NAMA
        self._descending = False
        self._rows: list[PegawaiRow] = []
        self._total = 0
        self._total_lebih = False  # more than ``_total`` rows match (a capped count)
        self._generation = 0
        self._pending: Any = None
        self._fetching = False  # a next page is being read in the background
        self._headers = column_headers()
        self._kedudukan = kedudukan_labels()
        self._status = status_labels()
        self._jenis = jenis_jabatan_labels()

    # ----------------------------------------------------------------- state
    @property
    def filter(self) -> PegawaiFilter:
        return self._filter

    @property
    def total(self) -> int:
        return self._total

    @property
    def total_lebih(self) -> bool:
        """``total`` is a lower bound ("lebih dari 10.000"); exact once the last page is read."""
        return self._total_lebih

    @property
    def sort_key(self) -> tuple[Urutan, bool]:
        return self._sort, self._descending

    def row_at(self, row: int) -> PegawaiRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_filter(self, flt: PegawaiFilter, *, background: bool = True) -> None:
        self._filter = flt
        self.reload(background=background)

    def reload(self, *, background: bool = True) -> None:
        """Count and fetch the first page again (in the background when a runner is set)."""
        self._generation += 1
        generation = self._generation
        flt, sort, desc, size = self._filter, self._sort, self._descending, self.page_size
        db, actor = self._db, self._actor
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

        def query(_task: Any = None) -> PegawaiPage:
            return fetch_pegawai(db, actor, flt, sort=sort, descending=desc, offset=0, limit=size, with_total=True)

        if background and self._tasks is not None:
            self.loading.emit(True)
            self._pending = self._tasks.run(
                query,
                success=lambda page: self._apply_first_page(generation, page),
                failure=lambda exc: self._fail(generation, exc),
                name="cari pegawai",
            )
        else:
            try:
                page = query()
            except Exception as exc:
                self._fail(generation, exc)
                return
            self._apply_first_page(generation, page)

    def _apply_first_page(self, generation: int, page: PegawaiPage) -> None:
        if generation != self._generation:
            return  # an outdated query (the clerk kept typing)
        self._pending = None
        self._fetching = False
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = page.total
        self._total_lebih = page.total_lebih
        self.endResetModel()
        self.loading.emit(False)
        self.loaded.emit(self._total)

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending = None
        log.error("pegawai query failed: %s", exc)
        self.loading.emit(False)
        self.failed.emit(pesan_galat(exc))  # never the driver's English (a server that went away)

    # ----------------------------------------------------------------- lazy loading
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and (len(self._rows) < self._total or self._total_lebih)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        """Append the next page; with a task runner the page is read in the background, so
        scrolling through a list sorted on a join (unit kerja) never stalls the window."""
        if parent.isValid() or (len(self._rows) >= self._total and not self._total_lebih) or self._fetching:
            return
        start, generation = len(self._rows), self._generation
        db, actor, flt, sort, desc, size = (self._db, self._actor, self._filter, self._sort, self._descending,
                                            self.page_size)

        def query(_task: Any = None) -> PegawaiPage:
            return fetch_pegawai(db, actor, flt, sort=sort, descending=desc, offset=start, limit=size)

        if self._tasks is None:
            self._append(start, generation, query())
            return
        self._fetching = True

        def failed(exc: BaseException) -> None:
            self._fetching = False
            self._fail(generation, exc)

        self._tasks.run(query, success=lambda page: self._append(start, generation, page), failure=failed,
                        name="halaman pegawai")

    def _append(self, start: int, generation: int, page: PegawaiPage) -> None:
        if generation != self._generation:
            return  # the filter or the order changed meanwhile
        self._fetching = False
        if len(self._rows) != start:
            return
        rows = page.rows if self._total_lebih else page.rows[: self._total - start]
        if self._total_lebih and len(rows) < self.page_size:
            self._total, self._total_lebih = start + len(rows), False  # the last page: now exact
        if not rows:
            self._total = start  # rows were deleted meanwhile
            return
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # ----------------------------------------------------------------- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        urutan = COLUMN_SORT.get(column)
        if urutan is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (urutan, descending) == (self._sort, self._descending) and self._generation > 0:
            return  # the view re-announcing the current order (setSortingEnabled)
        self._sort = urutan
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def _display(self, r: PegawaiRow, column: int) -> str:
        if column == COL_NIP:
            return r.nip
        if column == COL_NAMA:
            return r.nama_lengkap
        if column == COL_GOLONGAN:
            return r.golongan
        if column == COL_JABATAN:
            return r.jabatan
        if column == COL_JENIS_JABATAN:
            return label(self._jenis, r.jenis_jabatan)
        if column == COL_UNIT:
            return r.unit
        if column == COL_STATUS:
            return label(self._status, r.status_kepegawaian)
        if column == COL_KEDUDUKAN:
            return label(self._kedudukan, r.kedudukan)
        if column == COL_TANGGAL_LAHIR:
            return tanggal(r.tanggal_lahir)
        if column == COL_TMT_JABATAN:
            return tanggal(r.tmt_jabatan)
        if column == COL_PENSIUN:
            return tanggal(r.tanggal_pensiun)
        return ""

    def _sort_value(self, r: PegawaiRow, column: int) -> Any:
        value: Any = {
            COL_NIP: r.nip, COL_NAMA: r.nama.lower(), COL_GOLONGAN: r.golongan_id or 0, COL_JABATAN: r.jabatan,
            COL_JENIS_JABATAN: r.jenis_jabatan, COL_UNIT: r.unit, COL_STATUS: r.status_kepegawaian,
            COL_KEDUDUKAN: r.kedudukan, COL_TANGGAL_LAHIR: r.tanggal_lahir, COL_TMT_JABATAN: r.tmt_jabatan,
            COL_PENSIUN: r.tanggal_pensiun,
        }.get(column)
        return "" if value is None else value

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == SORT_ROLE:
            return self._sort_value(r, column)
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_JABATAN, COL_UNIT, COL_NAMA):
            return self._display(r, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
                return self._headers[section]
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None
