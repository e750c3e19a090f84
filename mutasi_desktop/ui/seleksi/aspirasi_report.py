"""Aspirasi report: per OPD, how many pegawai stated wishes and how many were met by a mutasi."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.services.aspirasi_service import BarisLaporanAspirasi, laporan_aspirasi
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.widgets.errors import pesan_galat


def laporan_columns() -> list[Column]:
    def num(get: Any, header: str) -> Column:
        return Column(header, lambda r: str(get(r)), sort_key=get, align_right=True)

    return [
        Column("OPD", lambda r: r.opd_nama),
        num(lambda r: r.jumlah, "Aspirasi"),
        num(lambda r: r.ingin_pindah, "Ingin pindah"),
        num(lambda r: r.tidak_bersedia, "Tidak bersedia"),
        num(lambda r: r.terpenuhi, "Terpenuhi"),
        num(lambda r: r.dimutasi_lain, "Dimutasi ke tempat lain"),
        num(lambda r: r.dalam_proses, "Usul dalam proses"),
        Column("% terpenuhi", lambda r: f"{r.persen_terpenuhi:.1f}".replace(".", ","), sort_key=lambda r: r.persen_terpenuhi,
               align_right=True),
    ]  # fmt: skip


class AspirasiReportPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RecordTableModel(laporan_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((380, 80, 95, 105, 85, 165, 135, 95)):
            self.table.setColumnWidth(column, width)
        # The OPD column takes what is left so "% terpenuhi" shows without scrolling on a 1366 px screen.
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self.tr("Aspirasi yang dicatat dan yang terpenuhi oleh mutasi yang sudah dilaksanakan."))
        self.summary.setWordWrap(True)
        self.muat = QPushButton(self.tr("Muat ulang"))
        self.muat.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.muat)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._loaded = False

    def showEvent(self, event: Any) -> None:  # load on first view only
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def work(_task: Any) -> list[BarisLaporanAspirasi]:
            return laporan_aspirasi(db, actor)

        if self.ctx.tasks is None:
            self.show_rows(work(None))
        else:
            self.ctx.tasks.run(work, success=self.show_rows, failure=self._failed, name="laporan aspirasi")

    def show_rows(self, rows: list[BarisLaporanAspirasi]) -> None:
        self.model.set_rows(rows)
        ingin = sum(r.ingin_pindah for r in rows)
        met = sum(r.terpenuhi for r in rows)
        persen = f"{100.0 * met / ingin:.1f}".replace(".", ",") if ingin else "0"
        self.summary.setText(
            self.tr("%1 aspirasi tercatat; %2 pegawai menyatakan pilihan, %3 di antaranya terpenuhi (%4%).")
            .replace("%1", str(sum(r.jumlah for r in rows))).replace("%2", str(ingin)).replace("%3", str(met))
            .replace("%4", persen)
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Laporan gagal dimuat: ") + pesan_galat(exc))
