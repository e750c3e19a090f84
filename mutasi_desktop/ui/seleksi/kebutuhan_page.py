"""Analisis Kebutuhan: vacancies now and within a horizon, totals by OPD and jenis jabatan, export;
from a vacancy to the candidate ranking; from several vacancies to the placement planner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services.kebutuhan_service import (
    AnalisisKebutuhan,
    BarisKebutuhan,
    analisis_kebutuhan,
    ekspor_kebutuhan,
)
from mutasi_desktop.services.ranking_service import siapkan_peringkat
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import jenis_jabatan_labels
from mutasi_desktop.ui.record_table_model import ROW_ROLE, SORT_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.seleksi.aspirasi_report import AspirasiReportPanel
from mutasi_desktop.ui.seleksi.placement_panel import PlacementPanel
from mutasi_desktop.ui.seleksi.ranking_panel import RankingPanel
from mutasi_desktop.ui.widgets.errors import pesan_galat

KURANG = QColor("#c53030")
LEBIH = QColor("#b7791f")


def _colour(selisih: int) -> Any:
    return KURANG if selisih > 0 else LEBIH if selisih < 0 else None


def _num(get: Any, header: str, colour: bool = False) -> Column:
    return Column(header, lambda r: str(get(r)), sort_key=get, align_right=True,
                  foreground=(lambda r: _colour(get(r))) if colour else None)  # fmt: skip


def baris_columns() -> list[Column]:
    jenis = jenis_jabatan_labels()
    return [
        Column("OPD", lambda b: b.opd_nama),
        Column("Unit kerja", lambda b: b.unit_nama, tooltip=lambda b: b.unit_nama),
        Column("Jabatan", lambda b: b.jabatan_nama, tooltip=lambda b: b.jabatan_nama),
        Column("Jenis", lambda b: jenis.get(b.jenis_jabatan, b.jenis_jabatan)),
        _num(lambda b: b.kebutuhan, "Kebutuhan"),
        _num(lambda b: b.bezetting, "Bezetting"),
        _num(lambda b: b.selisih, "Selisih", colour=True),
        _num(lambda b: b.pensiun, "Pensiun"),
        _num(lambda b: b.keluar, "Keluar"),
        _num(lambda b: b.masuk, "Masuk"),
        Column("Selisih proyeksi", lambda b: str(b.proyeksi_selisih), sort_key=lambda b: b.proyeksi_selisih,
               align_right=True, foreground=lambda b: _colour(b.proyeksi_selisih),
               tooltip=lambda b: "\n".join(f"{k.nama} ({k.nip}): {'pensiun' if k.sebab == 'PENSIUN' else 'usul mutasi'}"
                                           + (f" {format_tanggal(k.tanggal)}" if k.tanggal else "")
                                           for k in b.keluar_rinci)),
    ]  # fmt: skip


def rekap_columns(header: str) -> list[Column]:
    return [
        Column(header, lambda r: r.nama),
        _num(lambda r: r.kebutuhan, "Kebutuhan"),
        _num(lambda r: r.bezetting, "Bezetting"),
        _num(lambda r: r.lowongan, "Lowongan"),
        _num(lambda r: r.pensiun, "Pensiun"),
        _num(lambda r: r.lowongan_proyeksi, "Lowongan proyeksi"),
    ]


def _view(model: Any, *, multi: bool = False, widths: tuple[int, ...] = ()) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order until a header is clicked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)  # fmt: skip
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(False)
    header = view.horizontalHeader()
    header.setDefaultSectionSize(86)
    # Never narrower than the header text and its sort arrow ("Kebutuhan" read "Kebutuhan" cut at 66 px).
    for column in range(model.columnCount()):
        width = widths[column] if column < len(widths) else header.defaultSectionSize()
        view.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
    return view


class KebutuhanPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.analisis: AnalisisKebutuhan | None = None

        self.horizon = QSpinBox()
        self.horizon.setRange(0, 120)
        self.horizon.setValue(12)
        self.horizon.setSuffix(self.tr(" bulan"))
        self.horizon.setToolTip(self.tr("Proyeksi pensiun (BUP) dan usul yang sudah disetujui dalam jangka ini"))
        self.hanya_lowongan = QCheckBox(self.tr("Hanya formasi berlowongan"))
        self.hanya_lowongan.setChecked(True)
        self.hanya_lowongan.toggled.connect(self._fill)
        self.cari = QLineEdit()
        self.cari.setPlaceholderText(self.tr("Saring unit/jabatan…"))
        self.muat = QPushButton(self.tr("Hitung"))
        self.muat.clicked.connect(self.reload)
        self.horizon.editingFinished.connect(self.reload)
        self.excel = QPushButton(self.tr("Ekspor Excel…"))
        self.excel.clicked.connect(lambda: self._export(".xlsx"))
        self.pdf = QPushButton(self.tr("Ekspor PDF…"))
        self.pdf.clicked.connect(lambda: self._export(".pdf"))
        can_export = ctx.actor.can(Izin.EKSPOR)
        self.excel.setVisible(can_export)
        self.pdf.setVisible(can_export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.model = RecordTableModel(baris_columns(), parent=self)
        self.table = _view(self.model, multi=True, widths=(160, 180, 210, 120, 66, 66, 66, 66, 66, 66, 110))
        self.cari.textChanged.connect(self.table.model().setFilterFixedString)
        self.table.activated.connect(lambda _i: self._rank_selected())
        self.opd_model = RecordTableModel(rekap_columns("OPD"), parent=self)
        self.jenis_model = RecordTableModel(rekap_columns("Jenis jabatan"), parent=self)
        self.opd_table = _view(self.opd_model, widths=(360, 86, 86, 86, 86, 130))
        self.jenis_table = _view(self.jenis_model, widths=(360, 86, 86, 86, 86, 130))

        self.rank_button = QPushButton(self.tr("Peringkat calon untuk formasi terpilih"))
        self.rank_button.clicked.connect(self._rank_selected)
        self.plan_button = QPushButton(self.tr("Rencanakan penempatan untuk lowongan terpilih"))
        self.plan_button.clicked.connect(self._plan_selected)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Horizon proyeksi")))
        top.addWidget(self.horizon)
        top.addWidget(self.muat)
        top.addWidget(self.hanya_lowongan)
        top.addWidget(self.cari, 1)
        top.addWidget(self.excel)
        top.addWidget(self.pdf)
        actions = QHBoxLayout()
        actions.addWidget(self.rank_button)
        actions.addWidget(self.plan_button)
        actions.addStretch(1)

        totals = QTabWidget()
        totals.addTab(self.opd_table, self.tr("Per OPD"))
        totals.addTab(self.jenis_table, self.tr("Per jenis jabatan"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(totals)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lowongan_tab = QWidget()
        lt = QVBoxLayout(lowongan_tab)
        lt.addLayout(top)
        lt.addWidget(self.summary)
        lt.addWidget(split, 1)
        lt.addLayout(actions)

        self.ranking = RankingPanel(ctx)
        self.placement = PlacementPanel(ctx, bobot_source=self.ranking.bobot)
        self.tabs = QTabWidget()
        self.tabs.addTab(lowongan_tab, self.tr("Lowongan && proyeksi"))
        self.tabs.addTab(self.ranking, self.tr("Peringkat calon"))
        self.tabs.addTab(self.placement, self.tr("Rencana penempatan"))
        self.aspirasi = AspirasiReportPanel(ctx)
        self.tabs.addTab(self.aspirasi, self.tr("Aspirasi pegawai"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self.reload()

    # ----------------------------------------------------------------- window commands
    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.cari.setFocus()
        self.cari.selectAll()

    def print_page(self) -> None:
        self._export(".pdf")

    # ----------------------------------------------------------------- data
    def reload(self) -> None:
        db, actor, horizon = self.ctx.db, self.ctx.actor, self.horizon.value()
        self.summary.setText(self.tr("Menghitung kebutuhan…"))

        def work(_task: Any) -> AnalisisKebutuhan:
            return analisis_kebutuhan(db, actor, horizon_bulan=horizon)

        if self.ctx.tasks is None:
            self.show_analisis(work(None))
        else:
            self.ctx.tasks.run(work, success=self.show_analisis, failure=self._failed, name="analisis kebutuhan")

    def show_analisis(self, analisis: AnalisisKebutuhan) -> None:
        self.analisis = analisis
        self._siapkan_calon()
        self._fill()
        self.opd_model.set_rows(analisis.per_opd)
        self.jenis_model.set_rows(analisis.per_jenis)
        t = analisis.total
        self.summary.setText(
            self.tr("Per %1: kebutuhan %2, bezetting %3, lowongan %4. Sampai %5: %6 pegawai pensiun, %7 keluar dan "
                    "%8 masuk lewat usul yang disetujui; lowongan menjadi %9.")
            .replace("%1", format_tanggal(analisis.pada)).replace("%2", str(t.kebutuhan))
            .replace("%3", str(t.bezetting)).replace("%4", str(t.lowongan)).replace("%5", format_tanggal(analisis.sampai))
            .replace("%6", str(t.pensiun)).replace("%7", str(t.keluar)).replace("%8", str(t.masuk))
            .replace("%9", str(t.lowongan_proyeksi))
        )  # fmt: skip

    def _siapkan_calon(self) -> None:
        """Load the candidate pool in the background while the clerk reads the vacancies, so the
        first ranking does not wait for it (the pool is cached until the data changes)."""
        if self.ctx.tasks is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.tasks.run(lambda _task: siapkan_peringkat(db, actor), name="siapkan kumpulan calon")

    def _fill(self) -> None:
        if self.analisis is None:
            return
        rows = [b for b in self.analisis.baris
                if not self.hanya_lowongan.isChecked() or b.lowongan or b.lowongan_proyeksi]  # fmt: skip
        self.model.set_rows(rows)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Analisis gagal: ") + pesan_galat(exc))

    def selected(self) -> list[BarisKebutuhan]:
        return [i.data(ROW_ROLE) for i in self.table.selectionModel().selectedRows()]

    # ----------------------------------------------------------------- actions
    def _rank_selected(self) -> None:
        rows = [b for b in self.selected() if b.formasi_id is not None]
        if not rows:
            QMessageBox.information(self, self.tr("Peringkat calon"), self.tr("Pilih satu formasi pada daftar."))
            return
        b = rows[0]
        assert b.formasi_id is not None
        self.tabs.setCurrentWidget(self.ranking)
        self.ranking.load(b.formasi_id, f"{b.jabatan_nama} — {b.unit_nama}")

    def _plan_selected(self) -> None:
        rows = [b for b in self.selected() if b.formasi_id is not None and b.lowongan > 0]
        if not rows:
            QMessageBox.information(self, self.tr("Rencana penempatan"),
                                    self.tr("Pilih satu atau beberapa formasi yang berlowongan."))  # fmt: skip
            return
        self.placement.set_lowongan(rows)
        self.tabs.setCurrentWidget(self.placement)

    def _export(self, suffix: str) -> None:
        if self.analisis is None:
            return
        filters = self.tr("Buku kerja Excel (*.xlsx)") if suffix == ".xlsx" else self.tr("Dokumen PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor analisis kebutuhan"), f"analisis-kebutuhan{suffix}", filters)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        analisis, db, actor = self.analisis, self.ctx.db, self.ctx.actor

        def done(out: Any) -> None:
            QMessageBox.information(self, self.tr("Ekspor selesai"), self.tr("Berkas disimpan: ") + str(out))

        def failed(exc: BaseException) -> None:
            # e.g. the workbook is still open in Excel: said in Indonesian, not "[Errno 13] Permission denied"
            QMessageBox.warning(self, self.tr("Ekspor gagal"), pesan_galat(exc))

        if self.ctx.tasks is None:
            done(ekspor_kebutuhan(db, actor, analisis, path))  # type: ignore[arg-type]
        else:
            self.ctx.tasks.run_with_progress(self, lambda _t: ekspor_kebutuhan(db, actor, analisis, path),  # type: ignore[arg-type]
                                             title=self.tr("Ekspor"), label=self.tr("Menulis berkas…"),
                                             success=done, failure=failed, cancellable=False)  # fmt: skip


def create_page(ctx: AppContext) -> QWidget:
    return KebutuhanPage(ctx)

