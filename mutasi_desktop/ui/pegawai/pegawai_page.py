"""Pegawai list page: search-as-you-type, filters, lazy table, column chooser, export."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import AksesDitolak, Izin
from mutasi_desktop.services.pegawai_query import (
    KEDUDUKAN_KODE,
    STATUS_KEPEGAWAIAN_KODE,
    PegawaiFilter,
    count_pegawai,
    iter_pegawai,
)
from mutasi_desktop.services.pegawai_service import get_pegawai
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import angka, jenis_jabatan_labels, kedudukan_labels, status_labels
from mutasi_desktop.ui.pegawai.employee_table_model import DEFAULT_HIDDEN, EmployeeTableModel
from mutasi_desktop.ui.pegawai.lookups import Lookups, golongan_items
from mutasi_desktop.ui.ui_settings import restore_header, save_header
from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.form_fields import CodeCombo

SEARCH_DELAY_MS = 150
EXPORT_MODULES = ("mutasi_desktop.services.export_service", "mutasi_desktop.documents.excel")
EXPORT_FUNCTION = "export_pegawai_view"


def find_export_writer() -> Any:
    """``export_pegawai_view(rows_iter, path, ...)`` from the import/export feature, if installed."""
    for name in EXPORT_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        writer = getattr(module, EXPORT_FUNCTION, None)
        if writer is not None:
            return writer
    return None


FILTER_WRAP_WIDTH = 1100  # page width (px) below which the filter row wraps onto two rows


class PegawaiPage(QWidget):
    """The list of pegawai. Double-click (or Enter) opens the detail form."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lookups: Lookups | None = None
        self.model = EmployeeTableModel(ctx.db, ctx.actor, ctx.tasks, parent=self)

        self.search = QLineEdit()
        self.search.setObjectName("pegawaiSearch")
        self.search.setPlaceholderText(self.tr("Cari NIP atau nama (tanpa peduli huruf besar dan aksen)…"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())

        everything = self.tr("Semua")
        self.unit_combo = CodeCombo([], empty_label=self.tr("Semua unit kerja"))
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(self.unit_combo.InsertPolicy.NoInsert)
        self.unit_combo.setMinimumWidth(220)
        self.unit_combo.setToolTip(self.tr("Unit kerja, termasuk seluruh sub-unitnya"))
        self.golongan_combo = CodeCombo(golongan_items(), empty_label=self.tr("Semua golongan"))
        self.jenis_combo = CodeCombo(list(jenis_jabatan_labels().items()), empty_label=self.tr("Semua jenis jabatan"))
        status = status_labels()
        self.status_combo = CodeCombo([(c, status.get(c, c)) for c in STATUS_KEPEGAWAIAN_KODE],
                                      empty_label=self.tr("Semua status"))
        kedudukan = kedudukan_labels()
        self.kedudukan_combo = CodeCombo([(c, kedudukan.get(c, c)) for c in KEDUDUKAN_KODE],
                                         empty_label=self.tr("Semua kedudukan"))
        self.bup_combo = CodeCombo(
            [(6, self.tr("BUP ≤ 6 bulan")), (12, self.tr("BUP ≤ 12 bulan")), (24, self.tr("BUP ≤ 24 bulan"))],
            empty_label=self.tr("Mendekati BUP: %1").replace("%1", everything.lower()),
        )
        for combo in (self.unit_combo, self.golongan_combo, self.jenis_combo, self.status_combo,
                      self.kedudukan_combo, self.bup_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.reset_button = QPushButton(self.tr("Hapus filter"))
        self.reset_button.clicked.connect(self.reset_filters)
        self.extra_filter_label = QLabel()
        self.extra_filter_label.setStyleSheet("color: #2c5282;")
        self._extra: PegawaiFilter = PegawaiFilter()  # filters that come from other pages (formasi, beranda)

        self.table = QTableView()
        self.table.setObjectName("pegawaiTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        widths = [145, 220, 45, 220, 150, 210, 55, 85, 90, 90, 95]
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if not restore_header("pegawai", header):
            for column in DEFAULT_HIDDEN:
                header.hideSection(column)
        # Enter and a double click both arrive as "activated"; doubleClicked as well opened the form a
        # second time as soon as the clerk closed it.
        self.table.activated.connect(lambda _index: self.open_selected())

        self.count_label = QLabel()
        self.count_label.setObjectName("pegawaiCount")
        self.busy_label = QLabel(self.tr("Mencari…"))
        self.busy_label.hide()
        add = QPushButton(self.tr("Tambah pegawai"))
        add.clicked.connect(self.create_new)
        add.setVisible(ctx.actor.can(Izin.KELOLA_PEGAWAI))
        open_button = QPushButton(self.tr("Buka"))
        open_button.clicked.connect(self.open_selected)
        columns = QPushButton(self.tr("Kolom…"))
        columns.clicked.connect(lambda: self._column_menu(columns.rect().bottomLeft(), columns))
        export = QPushButton(self.tr("Ekspor tampilan…"))
        export.clicked.connect(self.export_current_view)
        export.setVisible(ctx.actor.can(Izin.EKSPOR))

        # The filters sit on one row on a wide window and wrap onto two below FILTER_WRAP_WIDTH
        # (a 1024-1100 px laptop screen), so no combo is squeezed until its text is cut.
        self.filter_rows = (QHBoxLayout(), QHBoxLayout())
        filters = QVBoxLayout()
        filters.setSpacing(4)
        filters.addLayout(self.filter_rows[0])
        filters.addLayout(self.filter_rows[1])
        self._filters_wrapped: bool | None = None
        self._place_filters(wrapped=False)
        buttons = QHBoxLayout()
        self.count_label.setWordWrap(True)  # wraps on a narrow window instead of being cut by the buttons
        self.extra_filter_label.setWordWrap(True)
        buttons.addWidget(self.count_label, 2)
        buttons.addWidget(self.busy_label)
        buttons.addWidget(self.extra_filter_label, 1)
        for button in (add, open_button, columns, export):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.model.loading.connect(self.busy_label.setVisible)
        self.model.loaded.connect(self._show_count)
        self.model.rowsInserted.connect(lambda *_: self._show_count(self.model.total))
        self.model.failed.connect(lambda message: self.count_label.setText(self.tr("Gagal memuat: %1").replace("%1", message)))
        self.model.reload(background=False)  # the first page is quick; the list appears filled
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        QTimer.singleShot(0, self._load_lookups)  # after the list has painted

    # ----------------------------------------------------------------- filters
    def _place_filters(self, *, wrapped: bool) -> None:
        if wrapped == self._filters_wrapped:
            return
        self._filters_wrapped = wrapped
        first, second = self.filter_rows
        widgets = (self.unit_combo, self.golongan_combo, self.jenis_combo, self.status_combo,
                   self.kedudukan_combo, self.bup_combo, self.reset_button)
        for widget in widgets:
            first.removeWidget(widget)
            second.removeWidget(widget)
        split = 3 if wrapped else len(widgets)
        for i, widget in enumerate(widgets):
            row = first if i < split else second
            row.addWidget(widget, 0 if widget is self.reset_button else (2 if widget is self.unit_combo else 1))

    def resizeEvent(self, event: Any) -> None:
        self._place_filters(wrapped=event.size().width() < FILTER_WRAP_WIDTH)
        super().resizeEvent(event)

    def _load_lookups(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def done(lookups: Lookups) -> None:
            self.lookups = lookups
            self.unit_combo.set_items(lookups.unit_items(only_open=False), empty_label=self.tr("Semua unit kerja"))

        if self.ctx.tasks is None:
            done(Lookups.load(db, actor))
        else:
            self.ctx.tasks.run(lambda _task: Lookups.load(db, actor), success=done, name="pilihan unit")

    def current_filter(self) -> PegawaiFilter:
        extra = self._extra
        return PegawaiFilter(
            teks=self.search.text(),
            unit_id=self.unit_combo.value() if self.unit_combo.value() is not None else extra.unit_id,
            unit_persis=extra.unit_persis and self.unit_combo.value() is None,
            jabatan_id=extra.jabatan_id,
            golongan_id=self.golongan_combo.value(),
            jenis_jabatan=self.jenis_combo.value(),
            status_kepegawaian=self.status_combo.value(),
            kedudukan=self.kedudukan_combo.value(),
            hanya_aktif=extra.hanya_aktif,
            pensiun_dalam_bulan=self.bup_combo.value() if self.bup_combo.value() is not None
            else extra.pensiun_dalam_bulan,
            lama_jabatan_min_tahun=extra.lama_jabatan_min_tahun,
            pada=extra.pada,
        )

    def apply_filter(self, *, background: bool = True) -> None:
        self.search_timer.stop()
        self.model.set_filter(self.current_filter(), background=background)

    def reset_filters(self) -> None:
        self._extra = PegawaiFilter()
        self.extra_filter_label.clear()
        for combo in (self.unit_combo, self.golongan_combo, self.jenis_combo, self.status_combo,
                      self.kedudukan_combo, self.bup_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def apply_navigation(self, payload: dict[str, Any]) -> None:
        """Another page sends a filter (``{"filter": PegawaiFilter, "judul": "..."}``) or one
        pegawai to open (``{"pegawai_id": 5}``)."""
        if payload.get("pegawai_id") is not None:
            # After the switch has painted: the sender's click handler returns before the form opens.
            pegawai_id = int(payload["pegawai_id"])
            QTimer.singleShot(0, lambda: self.open_pegawai(pegawai_id))
            return
        flt = payload.get("filter")
        if not isinstance(flt, PegawaiFilter):
            return
        self.reset_filters()
        self._extra = flt
        self.extra_filter_label.setText(str(payload.get("judul", "")))
        self.search.blockSignals(True)
        self.search.setText(flt.teks)
        self.search.blockSignals(False)
        for combo, value in ((self.golongan_combo, flt.golongan_id), (self.jenis_combo, flt.jenis_jabatan),
                             (self.status_combo, flt.status_kepegawaian), (self.kedudukan_combo, flt.kedudukan)):
            combo.blockSignals(True)
            combo.set_value(value)
            combo.blockSignals(False)
        self.apply_filter()

    def _show_count(self, total: int) -> None:
        shown = self.model.rowCount()
        if total == 0 and self.current_filter().is_empty:
            self.count_label.setText(self.tr("Belum ada data pegawai. Impor ekspor SIASN lewat"
                                             " Berkas › Impor dari Excel…"))
        elif total == 0:
            self.count_label.setText(self.tr("Tidak ada pegawai yang cocok"))
        elif self.model.total_lebih:
            self.count_label.setText(
                self.tr("Lebih dari %1 pegawai (dimuat %2)").replace("%1", angka(total)).replace("%2", angka(shown))
            )
        else:
            self.count_label.setText(
                self.tr("%1 pegawai (dimuat %2)").replace("%1", angka(total)).replace("%2", angka(shown))
            )

    # ----------------------------------------------------------------- columns
    def _column_menu(self, pos: QPoint, source: QWidget | None = None) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(str(title), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != 1)  # the name always stays
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
            menu.addAction(action)
        widget = source or header
        menu.popup(widget.mapToGlobal(pos))

    def save_ui_state(self) -> None:
        save_header("pegawai", self.table.horizontalHeader())

    # ----------------------------------------------------------------- commands
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.reload()
        self._load_lookups()

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    @property
    def can_create(self) -> bool:
        return self.ctx.actor.can(Izin.KELOLA_PEGAWAI)

    def create_new(self) -> None:
        if self.can_create:
            self._open_dialog(None)

    def open_selected(self) -> None:
        pegawai_id = self.selected_id()
        if pegawai_id is not None:
            self._open_dialog(pegawai_id)

    def open_pegawai(self, pegawai_id: int) -> None:
        """Open one pegawai's form (another page linked to them), selecting their row when it is loaded."""
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found is not None and found.id == pegawai_id:
                self.table.selectRow(row)
                break
        self._open_dialog(pegawai_id)

    def _open_dialog(self, pegawai_id: int | None) -> None:
        from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

        if pegawai_id is not None and not self._still_exists(pegawai_id):
            return
        dialog = PegawaiDialog(self.ctx, pegawai_id, lookups=self.lookups, parent=self)
        dialog.changed.connect(lambda: self.model.reload())
        dialog.exec()

    def _still_exists(self, pegawai_id: int) -> bool:
        """False (after telling the clerk) when the pegawai was deleted since the link or list was made."""
        try:
            get_pegawai(self.ctx.db, self.ctx.actor, pegawai_id)
        except AksesDitolak as exc:
            QMessageBox.warning(self, self.tr("Tidak dapat dibuka"), exc.message)
            return False
        except DomainError:
            QMessageBox.warning(
                self, self.tr("Pegawai tidak ditemukan"),
                self.tr("Data pegawai yang dituju tidak ada lagi; mungkin sudah dihapus oleh pengguna lain. "
                        "Daftar pegawai dimuat ulang."),
            )
            self.model.reload()
            return False
        return True

    def export_current_view(self) -> None:
        writer = find_export_writer()
        if writer is None:
            QMessageBox.information(
                self, self.tr("Ekspor belum tersedia"),
                self.tr("Ekspor ke Excel belum tersedia pada versi ini."),
            )
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor daftar pegawai"), "pegawai.xlsx",
                                              self.tr("Buku kerja Excel (*.xlsx)"))
        if not path:
            return
        db, actor, flt = self.ctx.db, self.ctx.actor, self.model.filter
        sort, descending = self.model.sort_key
        total, lebih = self.model.total, self.model.total_lebih
        title = self.tr("Daftar Pegawai")
        if self.extra_filter_label.text():
            title = f"{title} — {self.extra_filter_label.text()}"

        def work(task: Any) -> Path:
            n = count_pegawai(db, actor, flt) if lebih else total  # the list counted only up to a cap

            def rows() -> Any:
                for i, row in enumerate(iter_pegawai(db, actor, flt, sort=sort, descending=descending)):
                    if i % 500 == 0:
                        task.progress(i, n)
                    yield row

            try:
                from mutasi_desktop.services.export_service import office_name

                office = office_name(db)
            except ImportError:
                office = ""
            writer(rows(), Path(path), title=title, masked=not actor.can(Izin.LIHAT_DATA_PRIBADI),
                   office=office, actor=actor, db=db)
            return Path(path)

        self.ctx.tasks.run_with_progress(
            self, work, title=self.tr("Ekspor"), label=(self.tr("Menulis lebih dari %1 baris…") if lebih
                                                      else self.tr("Menulis %1 baris…")).replace("%1", angka(total)),
            success=lambda p: QMessageBox.information(self, self.tr("Ekspor selesai"),
                                                      self.tr("Tersimpan di %1").replace("%1", str(p))),
            failure=lambda exc: QMessageBox.critical(self, self.tr("Ekspor gagal"), pesan_galat(exc)),
        )


def create_page(ctx: AppContext) -> QWidget:
    return PegawaiPage(ctx)
