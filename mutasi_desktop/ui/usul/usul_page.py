"""Usul mutasi page: the list with filters, the selected usul beside it, and the batch view."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.eligibility import LULUS, PERINGATAN, TIDAK_LULUS, summarize
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import JenisMutasi
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.organisasi_service import list_units
from mutasi_desktop.services.usul_batch import (
    batch_formasi,
    check_batch,
    create_batch,
    list_batches,
    set_batch,
)
from mutasi_desktop.services.usul_dto import UsulDetail, UsulFilter, UsulRingkas
from mutasi_desktop.services.usul_query import list_usul
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import ROW_ROLE, SORT_ROLE
from mutasi_desktop.ui.usul.usul_detail import UsulDetailPanel
from mutasi_desktop.ui.usul.usul_form import UsulFormDialog
from mutasi_desktop.ui.usul.usul_models import batch_model, formasi_batch_model, usul_model
from mutasi_desktop.ui.widgets.form_fields import CodeCombo, DateField

SEARCH_DELAY_MS = 200
FILTER_WRAP_WIDTH = 1100  # page width (px) below which the filter row wraps onto two rows
log = logging.getLogger(__name__)


def _sorted_table(model: Any, name: str) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view, proxy


class UsulPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = usul_model(parent=self)

        # Filters: state, jenis, OPD, period, text.
        self.status = CodeCombo([(s.value, s.label) for s in StatusUsul], empty_label=self.tr("Semua status"))
        self.status.setObjectName("usulFilterStatus")
        self.jenis = CodeCombo([(j.value, j.label) for j in JenisMutasi], empty_label=self.tr("Semua jenis"))
        self.opd = CodeCombo([], empty_label=self.tr("Semua OPD"))
        self.opd.setObjectName("usulFilterOpd")
        self.opd.setMinimumContentsLength(22)
        self.opd.setSizeAdjustPolicy(CodeCombo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.jenis.setMinimumContentsLength(18)
        self.jenis.setSizeAdjustPolicy(CodeCombo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dari = DateField()
        self.dari.setToolTip(self.tr("Dibuat sejak tanggal"))
        self.sampai = DateField()
        self.sampai.setToolTip(self.tr("Dibuat sampai tanggal"))
        self.search = QLineEdit()
        self.search.setObjectName("usulCari")
        self.search.setPlaceholderText(self.tr("Cari nomor usul, NIP atau nama…"))
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        for combo in (self.status, self.jenis, self.opd):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for field in (self.dari, self.sampai):
            field.editingFinished.connect(self.refresh)
        # One row on a wide window; below FILTER_WRAP_WIDTH the three lists move to a second row
        # (on a 1024 px screen one row left the search box showing "C…" and the dates "h…").
        self.search.setMinimumWidth(200)
        self.filter_rows = (QHBoxLayout(), QHBoxLayout())
        filters = QVBoxLayout()
        for row in self.filter_rows:
            filters.addLayout(row)
        first = self.filter_rows[0]
        first.addWidget(self.search, 2)
        first.addWidget(QLabel(self.tr("Periode")))
        first.addWidget(self.dari)
        first.addWidget(QLabel("–"))
        first.addWidget(self.sampai)
        self._filters_wrapped: bool | None = None
        self._place_filters(wrapped=False)

        self.table, self.proxy = _sorted_table(self.model, "usulTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Status wide enough for "Tidak Memenuhi Syarat" and "Berkas Tidak Lengkap".
        for col, width in enumerate((118, 160, 150, 200, 190, 240, 260, 90, 120, 110, 90)):
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.count = QLabel()
        self.count.setObjectName("usulCount")
        self.new_button = QPushButton(self.tr("Usul baru…"))
        self.new_button.setObjectName("usulBaru")
        self.new_button.setEnabled(ctx.actor.can(Izin.KELOLA_USUL))
        self.new_button.clicked.connect(lambda: self.open_form(None))
        reload_button = QPushButton(self.tr("Muat ulang"))
        reload_button.clicked.connect(self.refresh)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.count, 1)
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(reload_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(list_buttons)

        self.detail = UsulDetailPanel(ctx)
        self.detail.changed.connect(lambda _id: self.refresh(keep=True))
        self.detail.edit_requested.connect(self.open_form)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([620, 640])  # the list shows the name column too
        usul_tab = QWidget()
        usul_layout = QVBoxLayout(usul_tab)
        usul_layout.addLayout(filters)
        usul_layout.addWidget(splitter, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(usul_tab, self.tr("Daftar usul"))
        self.batch_view = BatchView(ctx, self)
        self.tabs.addTab(self.batch_view, self.tr("Kelompok usul"))
        self.tabs.currentChanged.connect(lambda i: self.batch_view.refresh() if i == 1 else None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._period_error = ""
        self._load_opd()
        self.refresh()

    def _place_filters(self, *, wrapped: bool) -> None:
        if wrapped == self._filters_wrapped:
            return
        self._filters_wrapped = wrapped
        first, second = self.filter_rows
        for i, combo in enumerate((self.status, self.jenis, self.opd)):
            first.removeWidget(combo)
            second.removeWidget(combo)
            if wrapped:
                second.addWidget(combo, 1)
            else:
                first.insertWidget(1 + i, combo, 1)

    def resizeEvent(self, event: Any) -> None:
        self._place_filters(wrapped=event.size().width() < FILTER_WRAP_WIDTH)
        super().resizeEvent(event)

    # ----------------------------------------------------------------- data
    def _load_opd(self) -> None:
        units = [u for u in list_units(self.ctx.db, self.ctx.actor) if u.parent_id is None]
        self.opd.set_items([(u.id, u.nama) for u in sorted(units, key=lambda u: u.nama)],
                           empty_label=self.tr("Semua OPD"))

    def current_filter(self) -> UsulFilter:
        def day(field: DateField) -> date | None:
            value = field.value()
            return value if isinstance(value, date) else None

        return UsulFilter(
            status=(self.status.value(),) if self.status.value() else (),
            jenis=(self.jenis.value(),) if self.jenis.value() else (),
            opd_id=self.opd.value(), dari=day(self.dari), sampai=day(self.sampai), teks=self.search.text(),
        )  # fmt: skip

    def _bad_period(self) -> str:
        """The period text that is not a date (the list would silently ignore it), or ""."""
        bad = ""
        for field, name in ((self.dari, self.tr("awal")), (self.sampai, self.tr("akhir"))):
            value = field.value()
            wrong = value is not None and not isinstance(value, date)
            field.setStyleSheet("border: 1px solid #c53030;" if wrong else "")
            if wrong and not bad:
                bad = self.tr("Tanggal %1 periode '%2' tidak benar (tulis hh-bb-tttt); periode belum dipakai.").replace(
                    "%1", name).replace("%2", str(value))
        return bad

    def refresh(self, keep: bool = False, *, select_id: int | None = None) -> None:
        selected = select_id if select_id is not None else (self.selected_id() if keep else None)
        self._period_error = self._bad_period()
        db, actor, flt = self.ctx.db, self.ctx.actor, self.current_filter()
        if self.ctx.tasks is None:
            self._show_rows(list_usul(db, flt, by=actor), selected)
            return
        self.ctx.tasks.run(lambda _t: list_usul(db, flt, by=actor), success=lambda rows: self._show_rows(rows, selected),
                           failure=self._list_failed,
                           name="daftar usul")

    def _list_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.count.setText(exc.message)
        else:
            log.error("usul list failed", exc_info=exc)
            self.count.setText(self.tr("Daftar usul gagal dimuat (%1); tekan Muat ulang.").replace(
                "%1", type(exc).__name__))

    def _show_rows(self, rows: list[UsulRingkas], selected: int | None) -> None:
        self.model.set_rows(rows)
        self.count.setText(self.tr("%1 usul").replace("%1", str(len(rows))))
        if self._period_error:
            self.count.setText(self.count.text() + " — " + self._period_error)
        if selected is not None:
            self.select(selected)
        elif not rows:
            self.detail.load(None)

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, ROW_ROLE)
        return row.id if isinstance(row, UsulRingkas) else None

    def select(self, usul_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if isinstance(row, UsulRingkas) and row.id == usul_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                self.detail.load(usul_id)
                return

    def _show_selected(self) -> None:
        self.detail.load(self.selected_id())

    def open_form(self, usul: UsulDetail | None) -> None:
        dialog = UsulFormDialog(self.ctx, usul, parent=self)
        dialog.saved.connect(self._after_save)
        dialog.exec()

    def _after_save(self, usul_id: int) -> None:
        # Select the saved usul once the refreshed rows are there (the list loads in the background).
        self.detail.load(usul_id)
        self.refresh(select_id=usul_id)

    # Main window commands (Ctrl+F, Ctrl+N, F5).
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    @property
    def can_create(self) -> bool:  # the window greys out "Baru" (Ctrl+N) for Verifikator, Pejabat, Pembaca
        return self.ctx.actor.can(Izin.KELOLA_USUL)

    def create_new(self) -> None:
        if self.can_create:
            self.open_form(None)

    def apply_navigation(self, payload: dict[str, Any]) -> None:
        """``{"usul_id": 12}`` opens that usul; ``{"pegawai_id": 5}`` starts a new usul for them."""
        if "usul_id" in payload:
            self.select(int(payload["usul_id"]))
        elif "pegawai_id" in payload and self.ctx.actor.can(Izin.KELOLA_USUL):
            dialog = UsulFormDialog(self.ctx, None, pegawai_id=int(payload["pegawai_id"]), parent=self)
            dialog.saved.connect(self._after_save)
            dialog.exec()


class BatchView(QWidget):
    """Batches (one SK each) and how each formasi they touch ends up once all is carried out."""

    def __init__(self, ctx: AppContext, page: UsulPage) -> None:
        super().__init__(page)
        self.ctx = ctx
        self.page = page
        self.batches = batch_model(parent=self)
        self.batch_table, self.batch_proxy = _sorted_table(self.batches, "batchTable")
        batch_header = self.batch_table.horizontalHeader()
        for col, width in enumerate((125, 170, 85, 65)):  # nomor, judul, tanggal, jumlah; status stretches
            batch_header.resizeSection(col, width)
        batch_header.setStretchLastSection(True)
        self.batch_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_batch())
        self.members = usul_model(parent=self)
        self.member_table, self.member_proxy = _sorted_table(self.members, "batchUsulTable")
        self.formasi = formasi_batch_model(parent=self)
        self.formasi_table, _ = _sorted_table(self.formasi, "batchFormasiTable")
        formasi_header = self.formasi_table.horizontalHeader()
        formasi_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        formasi_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        formasi_header.resizeSection(0, 210)
        formasi_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        formasi_header.resizeSection(1, 170)  # the counts, Sisa last, stay in view
        self.note = QLabel()
        self.note.setWordWrap(True)
        can = ctx.actor.can(Izin.KELOLA_USUL)
        new = QPushButton(self.tr("Kelompok baru…"))
        new.setEnabled(can)
        new.clicked.connect(self.new_batch)
        add = QPushButton(self.tr("Masukkan usul terpilih"))
        add.setToolTip(self.tr("Masukkan usul yang dipilih di tab Daftar usul ke kelompok ini"))
        add.setEnabled(can)
        add.clicked.connect(self.add_selected)
        remove = QPushButton(self.tr("Keluarkan dari kelompok"))
        remove.setEnabled(can)
        remove.clicked.connect(self.remove_member)
        check = QPushButton(self.tr("Periksa seluruh kelompok"))
        check.setEnabled(any(ctx.actor.can(i) for i in (Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL, Izin.SETUJUI_USUL)))
        check.clicked.connect(self.check_all)
        buttons = QHBoxLayout()
        for b in (new, add, remove, check):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.member_table)
        right.addWidget(self.formasi_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.batch_table)
        split.addWidget(right)
        split.setSizes([560, 690])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        keep = self.current_batch()
        self.batches.set_rows(list_batches(self.ctx.db, by=self.ctx.actor))
        if keep is not None:
            for r in range(self.batch_proxy.rowCount()):
                if self.batch_proxy.data(self.batch_proxy.index(r, 0), ROW_ROLE).id == keep:
                    self.batch_table.selectRow(r)
        self._show_batch()

    def current_batch(self) -> int | None:
        index = self.batch_table.currentIndex()
        row = self.batch_proxy.data(index, ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def _show_batch(self) -> None:
        batch_id = self.current_batch()
        if batch_id is None:
            self.members.set_rows([])
            self.formasi.set_rows([])
            self.note.setText(self.tr("Pilih satu kelompok."))
            return
        self.members.set_rows(list_usul(self.ctx.db, UsulFilter(batch_id=batch_id), by=self.ctx.actor))
        rows = batch_formasi(self.ctx.db, batch_id, by=self.ctx.actor)
        self.formasi.set_rows(rows)
        over = [r for r in rows if r.sisa < 0]
        self.note.setText(
            self.tr("Kelompok ini melebihi kebutuhan pada %1 formasi.").replace("%1", str(len(over))) if over
            else self.tr("Seluruh formasi yang disentuh kelompok ini tetap dalam batas kebutuhan.")
        )
        self.note.setStyleSheet("color: #c53030;" if over else "color: #2f855a;")

    def new_batch(self) -> None:
        judul, ok = QInputDialog.getText(self, self.tr("Kelompok baru"), self.tr("Judul kelompok"))
        if not ok:
            return
        try:
            create_batch(self.ctx.db, judul=judul, tanggal=date.today(), by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Kelompok baru"), exc.message)
        self.refresh()

    def _move(self, usul_ids: list[int], batch_id: int | None) -> None:
        try:
            set_batch(self.ctx.db, usul_ids, batch_id, by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Kelompok usul"), exc.message)
        self.refresh()
        self.page.refresh(keep=True)

    def add_selected(self) -> None:
        batch_id, usul_id = self.current_batch(), self.page.selected_id()
        if batch_id is None or usul_id is None:
            QMessageBox.information(self, self.tr("Kelompok usul"),
                                    self.tr("Pilih satu kelompok di sini dan satu usul di tab Daftar usul."))
            return
        self._move([usul_id], batch_id)

    def remove_member(self) -> None:
        index = self.member_table.currentIndex()
        row = self.member_proxy.data(index, ROW_ROLE) if index.isValid() else None
        if not isinstance(row, UsulRingkas):
            QMessageBox.information(self, self.tr("Kelompok usul"),
                                    self.tr("Pilih usul yang akan dikeluarkan pada daftar anggota kelompok."))
            return
        self._move([row.id], None)

    def check_all(self) -> None:
        batch_id = self.current_batch()
        if batch_id is None:
            return
        try:
            results = check_batch(self.ctx.db, batch_id, by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Periksa kelompok"), exc.message)
            return
        self._show_batch()
        # Say what the check found: the members' table alone changes too quietly.
        verdicts = [summarize(r) for r in results.values()]
        found = self.tr("Diperiksa %1 usul yang masih berjalan: %2 lulus, %3 peringatan, %4 tidak lulus.").replace(
            "%1", str(len(verdicts))).replace("%2", str(verdicts.count(LULUS))).replace(
            "%3", str(verdicts.count(PERINGATAN))).replace("%4", str(verdicts.count(TIDAK_LULUS)))
        self.note.setText(found + " " + self.note.text())


def create_page(ctx: AppContext) -> QWidget:
    return UsulPage(ctx)
