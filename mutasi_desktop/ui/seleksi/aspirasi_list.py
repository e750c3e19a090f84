"""AspirasiListWidget: one pegawai's aspirasi with Tambah / Ubah / Hapus, ready to drop into the
aspirasi tab of the pegawai detail."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.dates import format_tanggal_angka
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services.aspirasi_service import AspirasiView, delete_aspirasi, list_aspirasi
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import ROW_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.seleksi.aspirasi_dialog import AspirasiDialog

GREY = QColor("#8a8a8a")


def aspirasi_columns(today: date) -> list[Column]:
    old = lambda a: None if a.berlaku_pada(today) else GREY  # noqa: E731
    return [
        Column("Tanggal", lambda a: format_tanggal_angka(a.tanggal), sort_key=lambda a: a.tanggal, foreground=old),
        Column("Berlaku sampai", lambda a: format_tanggal_angka(a.berlaku_sampai) if a.berlaku_sampai else "-",
               sort_key=lambda a: a.berlaku_sampai or date.max, foreground=old),
        Column("Unit pilihan", lambda a: "; ".join(f"{i}. {n}" for i, (_u, n) in enumerate(a.unit_pilihan, 1)),
               foreground=old),
        Column("Lokasi", lambda a: "; ".join(a.lokasi_pilihan), foreground=old),
        Column("Jabatan", lambda a: a.jabatan_pilihan_nama, foreground=old),
        Column("Alasan", lambda a: a.alasan_label, tooltip=lambda a: a.alasan_keterangan, foreground=old),
        Column("Kesediaan", lambda a: a.kesediaan_label + (f" ({a.syarat})" if a.syarat else ""), foreground=old),
    ]  # fmt: skip


class AspirasiListWidget(QWidget):
    """``choices`` returns ``(units, jabatan)`` as (id, label) lists for the form (loaded lazily)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, choices: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = choices
        self.pegawai_id: int | None = None
        self.model = RecordTableModel(aspirasi_columns(date.today()), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.edit())
        self.tambah = QPushButton(self.tr("Tambah aspirasi…"))
        self.tambah.clicked.connect(self.add)
        self.ubah = QPushButton(self.tr("Ubah…"))
        self.ubah.clicked.connect(self.edit)
        self.hapus = QPushButton(self.tr("Hapus"))
        self.hapus.clicked.connect(self.remove)
        can_edit = ctx.actor.can(Izin.KELOLA_PEGAWAI)
        for b in (self.tambah, self.ubah, self.hapus):
            b.setVisible(can_edit)
        buttons = QHBoxLayout()
        for b in (self.tambah, self.ubah, self.hapus):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_pegawai(self, pegawai_id: int | None) -> None:
        self.pegawai_id = pegawai_id
        self.reload()

    def reload(self) -> None:
        rows = list_aspirasi(self.ctx.db, self.ctx.actor, pegawai_id=self.pegawai_id) if self.pegawai_id else []
        self.model.set_rows(rows)

    def current(self) -> AspirasiView | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _dialog(self, existing: AspirasiView | None) -> AspirasiDialog | None:
        if self.pegawai_id is None:
            return None
        units, jabatan = self.choices()
        return AspirasiDialog(self.ctx, pegawai_id=self.pegawai_id, units=units, jabatan=jabatan,
                              existing=existing, parent=self)  # fmt: skip

    def add(self) -> None:
        dialog = self._dialog(None)
        if dialog is not None and dialog.exec():
            self.reload()
            self.changed.emit()

    def edit(self) -> None:
        if self.ubah.isHidden():  # a role that may not edit (double click / Enter on the list)
            return
        current = self.current()
        dialog = self._dialog(current) if current is not None else None
        if dialog is not None and dialog.exec():
            self.reload()
            self.changed.emit()

    def remove(self) -> None:
        current = self.current()
        if current is None:
            return
        answer = QMessageBox.question(self, self.tr("Hapus aspirasi"),
                                      self.tr("Hapus aspirasi tanggal %1?").replace("%1", format_tanggal_angka(current.tanggal)))  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_aspirasi(self.ctx.db, self.ctx.actor, current.id, version=current.version)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Aspirasi tidak dihapus"), exc.message)
            return
        self.reload()
        self.changed.emit()
