"""Checklist editor: mark each persyaratan Ada / Belum / Perlu perbaikan, attach and open scans."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.persyaratan import kelengkapan
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.usul_dto import PersyaratanInfo, UsulDetail
from mutasi_desktop.services.usul_persyaratan import attach_lampiran, lampiran_path, update_persyaratan
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.usul.usul_models import persyaratan_model


class ChecklistEditor(QWidget):
    """Shows the checklist of one usul; emits ``changed`` after every saved edit."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.usul: UsulDetail | None = None
        self.model = persyaratan_model(parent=self)
        self.table = QTableView()
        self.table.setObjectName("persyaratanTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 32), (2, 70), (3, 105), (4, 100), (5, 110)):
            header.resizeSection(col, width)
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.summary = QLabel()
        self.summary.setObjectName("persyaratanRingkas")
        self.summary.setWordWrap(True)  # the hint must not widen the panel (and squeeze the usul list)
        self.ada = QPushButton(self.tr("Ada"))
        self.belum = QPushButton(self.tr("Belum"))
        self.perbaikan = QPushButton(self.tr("Perlu perbaikan…"))
        self.lampirkan = QPushButton(self.tr("Lampirkan pindaian…"))
        self.buka = QPushButton(self.tr("Buka lampiran"))
        self.ada.clicked.connect(lambda: self._set_status("ADA"))
        self.belum.clicked.connect(lambda: self._set_status("BELUM"))
        self.perbaikan.clicked.connect(lambda: self._set_status("PERBAIKAN"))
        self.lampirkan.clicked.connect(self.attach)
        self.buka.clicked.connect(self.open_attachment)
        buttons = QHBoxLayout()
        for b in (self.ada, self.belum, self.perbaikan, self.lampirkan, self.buka):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def set_usul(self, usul: UsulDetail | None) -> None:
        self.usul = usul
        rows = list(usul.persyaratan) if usul else []
        self.model.set_rows(rows)
        done, total = kelengkapan([(r.wajib, r.status) for r in rows])
        text = self.tr("Berkas wajib lengkap: %1 dari %2").replace("%1", str(done)).replace("%2", str(total))
        if usul is not None and self._editable():
            text += self.tr(" — pilih satu baris, lalu tandai Ada / Belum / Perlu perbaikan atau lampirkan pindaian.")
        self.summary.setText(text if usul else "")
        self._update_buttons()

    def current(self) -> PersyaratanInfo | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, PersyaratanInfo) else None

    def _editable(self) -> bool:
        if self.usul is None:
            return False
        status = StatusUsul(self.usul.status)
        allowed = self.ctx.actor.can(Izin.KELOLA_USUL) or self.ctx.actor.can(Izin.VERIFIKASI_USUL)
        return allowed and not status.is_final and status is not StatusUsul.SK_DITETAPKAN

    def _update_buttons(self) -> None:
        item = self.current()
        editable = self._editable() and item is not None
        for b in (self.ada, self.belum, self.perbaikan, self.lampirkan):
            b.setEnabled(editable)
        self.buka.setEnabled(item is not None and bool(item.lampiran_sha256))
        tip = "" if self._editable() else self.tr("Persyaratan tidak dapat diubah pada status ini atau oleh peran Anda")
        for b in (self.ada, self.belum, self.perbaikan, self.lampirkan):
            b.setToolTip(tip)

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Persyaratan"), exc.message)
            return
        self.changed.emit()

    def _set_status(self, status: str) -> None:
        item = self.current()
        if item is None:
            return
        catatan = item.catatan
        if status == "PERBAIKAN":
            text, ok = QInputDialog.getText(self, self.tr("Perlu perbaikan"),
                                            self.tr("Apa yang perlu diperbaiki?"), text=item.catatan)
            if not ok:
                return
            catatan = text
        self._run(lambda: update_persyaratan(self.ctx.db, item.id, status=status, catatan=catatan,
                                             version=item.version, by=self.ctx.actor))

    def attach(self) -> None:
        item = self.current()
        if item is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih pindaian"), "",
                                              self.tr("Dokumen (*.pdf *.jpg *.jpeg *.png)"))
        if path:
            self._run(lambda: attach_lampiran(self.ctx.db, item.id, path, by=self.ctx.actor))

    def open_attachment(self) -> None:
        item = self.current()
        if item is None or not item.lampiran_sha256:
            return
        try:
            path = lampiran_path(self.ctx.db, item.lampiran_sha256)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Lampiran"), exc.message)
            return
        # Stored under its hash without an extension; the viewer needs the original name.
        folder = Path(tempfile.gettempdir()) / "mutasi-lampiran"
        folder.mkdir(exist_ok=True)
        copy = folder / Path(item.lampiran_nama or f"{item.lampiran_sha256}.pdf").name
        shutil.copyfile(path, copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
