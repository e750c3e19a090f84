"""Laporan page: rekap mutasi for a period, formasi and vacancies, nominatif of a unit.

Each report is built by ``report_service`` off the GUI thread, shown in the PDF preview, and can
be saved as PDF or as a formatted xlsx.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.documents.pdf.report_data import Laporan
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import report_service
from mutasi_desktop.services.organisasi_service import list_units
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.sk.pdf_preview import PdfPreview
from mutasi_desktop.ui.widgets.errors import pesan_galat

REKAP, FORMASI, NOMINATIF = "rekap", "formasi", "nominatif"


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


class LaporanPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._tmp = Path(tempfile.mkdtemp(prefix="mutasi-laporan-"))
        self.laporan: Laporan | None = None
        self._renders = 0

        self.kind = QComboBox()
        self.kind.setObjectName("jenisLaporan")
        self.kind.addItem(self.tr("Rekapitulasi mutasi"), REKAP)
        self.kind.addItem(self.tr("Formasi dan lowongan jabatan"), FORMASI)
        self.kind.addItem(self.tr("Daftar nominatif pegawai"), NOMINATIF)

        today = QDate.currentDate()
        self.dari = _date_edit(QDate(today.year(), 1, 1))
        self.sampai = _date_edit(today)
        rekap = QWidget()
        f1 = QFormLayout(rekap)
        f1.addRow(self.tr("Dari tanggal"), self.dari)
        f1.addRow(self.tr("Sampai tanggal"), self.sampai)
        formasi = QWidget()
        f2 = QFormLayout(formasi)
        self.lowong = QCheckBox(self.tr("Hanya formasi yang lowong"))
        f2.addRow(self.lowong)
        nominatif = QWidget()
        f3 = QFormLayout(nominatif)
        self.unit = QComboBox()
        self.unit.setObjectName("unitNominatif")
        for u in list_units(ctx.db, ctx.actor, include_closed=False):
            self.unit.addItem(("    " * u.level) + u.nama, u.id)
        self.subunit = QCheckBox(self.tr("Termasuk sub-unit"))
        self.subunit.setChecked(True)
        f3.addRow(self.tr("Unit kerja"), self.unit)
        f3.addRow(self.subunit)
        self.params = QStackedWidget()
        for w in (rekap, formasi, nominatif):
            self.params.addWidget(w)
        self.kind.currentIndexChanged.connect(self.params.setCurrentIndex)

        self.show_button = QPushButton(self.tr("Tampilkan"))
        self.show_button.setObjectName("tampilkanLaporan")
        self.pdf_button = QPushButton(self.tr("Simpan PDF…"))
        self.xlsx_button = QPushButton(self.tr("Simpan Excel…"))
        for b in (self.pdf_button, self.xlsx_button):
            b.setVisible(ctx.actor.can(Izin.EKSPOR))
        self.show_button.clicked.connect(self.show_report)
        self.pdf_button.clicked.connect(lambda: self.save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save(".xlsx"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.preview = PdfPreview()

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(self.tr("Jenis laporan")))
        lv.addWidget(self.kind)
        lv.addWidget(self.params)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.pdf_button)
        row.addWidget(self.xlsx_button)
        lv.addLayout(row)
        lv.addWidget(self.status)
        lv.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def build(self) -> Laporan:
        """The chosen report with the parameters on screen (runs in a worker thread)."""
        db, actor = self.ctx.db, self.ctx.actor
        kind = self.kind.currentData()
        if kind == REKAP:
            return report_service.rekap_mutasi(db, dari=self.dari.date().toPython(),  # type: ignore[arg-type]
                                               sampai=self.sampai.date().toPython(), by=actor)  # type: ignore[arg-type]
        if kind == FORMASI:
            return report_service.laporan_formasi(db, by=actor, hanya_lowongan=self.lowong.isChecked())
        unit_id = self.unit.currentData()
        if unit_id is None:
            raise DomainError("Pilih unit kerja lebih dulu", field="unit")
        return report_service.nominatif(db, int(unit_id), by=actor, termasuk_subunit=self.subunit.isChecked())

    def show_report(self) -> None:
        self.status.setText(self.tr("Menyusun laporan…"))
        self.show_button.setEnabled(False)
        self._renders += 1  # a new file each time: the preview may still hold the previous one open
        target = self._tmp / f"{self.kind.currentData()}_{self._renders}.pdf"
        build = self.build

        def work(_task: Any) -> tuple[Laporan, Path]:
            laporan = build()
            return laporan, report_service.simpan_laporan(laporan, target)

        def done(result: tuple[Laporan, Path]) -> None:
            self.show_button.setEnabled(True)
            self.laporan, path = result
            self.status.setText(self.laporan.subjudul)
            self.preview.show_file(path, self.laporan.judul)

        def failed(exc: BaseException) -> None:
            self.show_button.setEnabled(True)
            message = pesan_galat(exc)
            self.status.setText(message)
            QMessageBox.warning(self, self.tr("Laporan"), message)

        if self.ctx.tasks is None:
            try:
                done(work(None))
            except Exception as exc:
                failed(exc)
            return
        self.ctx.tasks.run(work, success=done, failure=failed)

    def save(self, suffix: str = ".pdf", target: Path | None = None) -> Path | None:
        """Simpan PDF…/Simpan Excel…; the window's Ctrl+S saves the PDF (it called save() with no
        suffix, a TypeError, so nothing happened)."""
        if self.laporan is None:
            QMessageBox.information(self, self.tr("Laporan"), self.tr("Tampilkan laporan lebih dulu."))
            return None
        if target is None:
            name = f"{self.laporan.judul.lower().replace(' ', '_')}{suffix}"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan laporan"), name,
                                                    "PDF (*.pdf)" if suffix == ".pdf" else "Excel (*.xlsx)")
            if not chosen:
                return None
            target = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        try:
            return report_service.simpan_laporan(self.laporan, target, db=self.ctx.db, by=self.ctx.actor)
        except (DomainError, OSError) as exc:  # OSError: the file is still open in Excel, or a read-only folder
            QMessageBox.warning(self, self.tr("Simpan laporan"), pesan_galat(exc))
            return None


def create_page(ctx: AppContext) -> QWidget:
    return LaporanPage(ctx)
