"""Candidate ranking for one formasi: per-criterion breakdown, weight sliders that re-rank live,
candidates who fail a hard rule shown greyed with the reason, and "draft an usul" for the choice.

Moving a slider only recomputes totals and order from the parts already in memory
(``domain.scoring.peringkat_ulang``); the database is not touched.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.scoring import (
    KRITERIA,
    NAMA_KRITERIA,
    NAMA_PRESET,
    PRESET_BOBOT,
    Bobot,
    peringkat_ulang,
)
from mutasi_desktop.services.ranking_service import (
    HasilPeringkat,
    Kandidat,
    hitung_peringkat,
    muat_bobot,
    simpan_bobot,
)
from mutasi_desktop.services.selection_pool import nip_angka
from mutasi_desktop.services.selection_usul import usulkan_kandidat
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import ROW_ROLE, SORT_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.widgets.errors import pesan_galat

GREY = QColor("#8a8a8a")
QUICK_TOP = 100  # candidates shown first while the rest are still being checked
WARN = QColor("#b7791f")
_NO_PARENT = QModelIndex()


def _angka(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


class PeringkatModel(QAbstractTableModel):
    """Eligible candidates; totals and order follow the current weights (numpy, no database)."""

    HEADERS = ("Peringkat", "NIP", "Nama", "Jabatan sekarang", "Unit sekarang", "Total",
               *(NAMA_KRITERIA[k] for k in KRITERIA), "Catatan")  # fmt: skip
    TOTAL_COL = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._kandidat: tuple[Kandidat, ...] = ()
        self._parts = np.zeros((0, 4))
        self._nip = np.zeros(0, dtype=str)
        self._total = np.zeros(0)
        self._rank = np.zeros(0, dtype=np.int64)
        self._order = np.zeros(0, dtype=np.intp)  # view row -> candidate index
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_hasil(self, kandidat: tuple[Kandidat, ...], bobot: Bobot) -> None:
        self.beginResetModel()
        self._kandidat = kandidat
        self._parts = np.array([k.bagian for k in kandidat], dtype=np.float64).reshape(len(kandidat), 4)
        self._nip = nip_angka([k.nip for k in kandidat])
        self._apply(bobot)
        self.endResetModel()

    def set_bobot(self, bobot: Bobot) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keep = [(p, int(self._order[p.row()]) if p.row() < len(self._order) else -1) for p in persistent]
        self._apply(bobot)
        where = {int(c): r for r, c in enumerate(self._order.tolist())}
        self.changePersistentIndexList(
            [p for p, _ in keep], [self.index(where.get(c, 0), p.column()) if c >= 0 else QModelIndex() for p, c in keep]
        )
        self.layoutChanged.emit()

    def _apply(self, bobot: Bobot) -> None:
        self._total, order = peringkat_ulang(self._parts, self._nip, bobot)
        self._rank = np.empty(len(order), dtype=np.int64)
        self._rank[order] = np.arange(1, len(order) + 1)
        self._order = order
        column, direction = self._sort
        if column != 0:
            self._order = self._sorted(column, direction)
        elif direction == Qt.SortOrder.DescendingOrder:
            self._order = order[::-1]

    def _key(self, column: int) -> np.ndarray:
        if column == 0:
            return self._rank
        if column == self.TOTAL_COL:
            return self._total
        if 6 <= column < 10:
            return self._parts[:, column - 6]
        text = [self._display(k, column) for k in self._kandidat]
        return np.array(text, dtype=str)

    def _sorted(self, column: int, direction: Qt.SortOrder) -> np.ndarray:
        idx = np.argsort(self._key(column), kind="stable")
        return idx[::-1] if direction == Qt.SortOrder.DescendingOrder else idx

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order = self._sorted(column, order) if len(self._kandidat) else self._order
        self.layoutChanged.emit()

    def kandidat_at(self, row: int) -> Kandidat | None:
        if 0 <= row < len(self._order):
            return self._kandidat[int(self._order[row])]
        return None

    def total_of(self, pegawai_id: int) -> tuple[float, int]:
        for i, k in enumerate(self._kandidat):
            if k.pegawai_id == pegawai_id:
                return float(self._total[i]), int(self._rank[i])
        raise KeyError(pegawai_id)

    def row_of(self, pegawai_id: int) -> int:
        for r, i in enumerate(self._order.tolist()):
            if self._kandidat[i].pegawai_id == pegawai_id:
                return r
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def _display(self, k: Kandidat, column: int) -> str:
        return ("", k.nip, k.nama, k.jabatan_nama, k.unit_nama, "", "", "", "", "",
                ", ".join(r.judul for r in k.peringatan))[column]  # the rule's name, not its code  # fmt: skip

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        i = int(self._order[index.row()])
        k = self._kandidat[i]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(int(self._rank[i]))
            if column == self.TOTAL_COL:
                return _angka(float(self._total[i]))
            if 6 <= column < 10:
                return _angka(float(self._parts[i, column - 6]))
            return self._display(k, column)
        if role == SORT_ROLE:
            return float(self._key(column)[i]) if column in (0, 5, 6, 7, 8, 9) else self._display(k, column)
        if role == ROW_ROLE:
            return k
        if role == Qt.ItemDataRole.TextAlignmentRole and (column == 0 or 5 <= column < 10):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 10 and k.peringatan:
            return "\n".join(f"{r.judul}: {r.alasan}" for r in k.peringatan)
        if role == Qt.ItemDataRole.ForegroundRole and column == 10 and k.peringatan:
            return WARN
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


def gugur_columns() -> list[Column]:
    grey = lambda _g: GREY  # noqa: E731
    return [
        Column("NIP", lambda g: g.nip, foreground=grey),
        Column("Nama", lambda g: g.nama, foreground=grey),
        Column("Jabatan sekarang", lambda g: g.jabatan_nama, foreground=grey),
        Column("Skor", lambda g: _angka(g.total), sort_key=lambda g: g.total, align_right=True, foreground=grey),
        Column("Tidak memenuhi syarat", lambda g: "; ".join(f"{r.judul}: {r.alasan}" for r in g.gagal),
               tooltip=lambda g: "\n".join(f"{r.judul}: {r.alasan} ({r.dasar_hukum})" for r in g.gagal),
               foreground=grey),
    ]  # fmt: skip


class RankingPanel(QWidget):
    """Pick weights (preset or sliders), see the ranked candidates and why."""

    usul_dibuat = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hasil: HasilPeringkat | None = None
        self.formasi_id: int | None = None

        self.title = QLabel(self.tr("Pilih formasi pada daftar lowongan, lalu tekan \u201cPeringkat calon\u201d."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet("color: #555;")
        self._seq = 0
        self._full_handle: Any = None

        self.preset = QComboBox()
        for kode, nama in NAMA_PRESET.items():
            self.preset.addItem(nama, kode)
        self.preset.addItem(self.tr("Bobot sendiri"), None)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.sliders: dict[str, QSlider] = {}
        self.slider_labels: dict[str, QLabel] = {}
        weights = QGroupBox(self.tr("Bobot kriteria"))
        grid = QGridLayout(weights)
        grid.addWidget(QLabel(self.tr("Preset")), 0, 0)
        grid.addWidget(self.preset, 0, 1, 1, 2)
        for row, kode in enumerate(KRITERIA, start=1):
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setObjectName(f"bobot_{kode}")
            slider.valueChanged.connect(self._weights_moved)
            value = QLabel()
            value.setMinimumWidth(48)
            self.sliders[kode] = slider
            self.slider_labels[kode] = value
            grid.addWidget(QLabel(NAMA_KRITERIA[kode]), row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)

        self.model = PeringkatModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultSectionSize(84)
        for column, width in enumerate((72, 150, 170, 170, 170)):
            self.table.setColumnWidth(column, width)
        # "Peringkat" and its sort arrow need more than 72 px (the header read "Peringka▾").
        header = self.table.horizontalHeader()
        self.table.setColumnWidth(0, max(72, header.sectionSizeHint(0)))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.gugur_model = RecordTableModel(gugur_columns(), parent=self)
        self.gugur_table = QTableView()
        self.gugur_table.setModel(self.gugur_model)
        self.gugur_table.verticalHeader().hide()
        self.gugur_table.setWordWrap(False)
        for column, width in enumerate((150, 180, 200, 70)):
            self.gugur_table.setColumnWidth(column, width)
        self.gugur_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gugur_table.horizontalHeader().setStretchLastSection(True)

        self.detail = QTextBrowser()
        self.detail.setMinimumWidth(320)
        self.buat_usul = QPushButton(self.tr("Buat draf usul untuk calon terpilih"))
        self.buat_usul.clicked.connect(self._create_usul)
        self.buat_usul.setEnabled(False)
        self.buat_usul.setVisible(ctx.actor.can(Izin.KELOLA_USUL))

        lists = QTabWidget()
        lists.addTab(self.table, self.tr("Memenuhi syarat"))
        lists.addTab(self.gugur_table, self.tr("Tidak memenuhi syarat"))
        self.lists = lists
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(weights)
        rl.addWidget(QLabel(self.tr("Rincian skor calon terpilih")))
        rl.addWidget(self.detail, 1)
        rl.addWidget(self.buat_usul)
        split = QSplitter()
        split.addWidget(lists)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addWidget(self.progress_label)
        layout.addWidget(split, 1)
        self.simpan_bobot = QPushButton(self.tr("Jadikan bobot bawaan kantor"))
        self.simpan_bobot.clicked.connect(self._save_default)
        self.simpan_bobot.setVisible(ctx.actor.can(Izin.KELOLA_PENGATURAN))
        grid.addWidget(self.simpan_bobot, len(KRITERIA) + 1, 0, 1, 3)
        try:
            bawaan, preset = muat_bobot(ctx.db, ctx.actor)  # one settings row
        except DomainError:
            bawaan, preset = PRESET_BOBOT["SEIMBANG"], "SEIMBANG"
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(preset))
        self.preset.blockSignals(False)
        self._set_sliders(bawaan)

    # ----------------------------------------------------------------- weights
    def bobot(self) -> Bobot:
        values = {k: float(s.value()) for k, s in self.sliders.items()}
        if sum(values.values()) <= 0:
            values["kinerja"] = 1.0
        return Bobot(**values)

    def _set_sliders(self, bobot: Bobot) -> None:
        self._syncing = True
        for kode, slider in self.sliders.items():
            slider.setValue(round(getattr(bobot, kode)))
        self._syncing = False
        self._update_labels()

    def _update_labels(self) -> None:
        persen = self.bobot().persen()
        for kode, label in self.slider_labels.items():
            label.setText(f"{persen[kode]:g}%")

    def _preset_chosen(self) -> None:
        kode = self.preset.currentData()
        if kode:
            self._set_sliders(PRESET_BOBOT[kode])
            self._rerank()

    def _weights_moved(self) -> None:
        if getattr(self, "_syncing", False):
            return
        self._update_labels()
        matching = next((i for i in range(self.preset.count())
                         if self.preset.itemData(i) and PRESET_BOBOT[self.preset.itemData(i)] == self.bobot()), None)  # fmt: skip
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(matching if matching is not None else self.preset.count() - 1)
        self.preset.blockSignals(False)
        self._rerank()

    def _rerank(self) -> None:
        if self.hasil is None:
            return
        current = self.model.kandidat_at(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        self.model.set_bobot(self.bobot())
        if current is not None:
            row = self.model.row_of(current.pegawai_id)
            if row >= 0:
                self.table.selectRow(row)
        self._show_detail()

    def _save_default(self) -> None:
        try:
            kode = self.preset.currentData()
            if kode:
                simpan_bobot(self.ctx.db, self.ctx.actor, preset=kode)
            else:
                simpan_bobot(self.ctx.db, self.ctx.actor, bobot=self.bobot())
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Bobot tidak disimpan"), exc.message)
            return
        QMessageBox.information(self, self.tr("Bobot disimpan"),
                                self.tr("Bobot ini menjadi bawaan untuk peringkat dan rencana penempatan."))  # fmt: skip

    # ----------------------------------------------------------------- loading
    def load(self, formasi_id: int, judul: str = "") -> None:
        """Rank every pegawai for ``formasi_id`` in the background.

        Two steps, so the clerk is not kept waiting on a big database: the best candidates first
        (checked until QUICK_TOP are found), then every candidate, which replaces the list when
        done. Weight sliders work on whatever is shown.
        """
        self.formasi_id = formasi_id
        self._seq += 1
        seq = self._seq
        if self._full_handle is not None:
            self._full_handle.cancel()
            self._full_handle = None
        self.title.setText(self.tr("Peringkat calon: ") + judul if judul else self.tr("Peringkat calon"))
        self.info.setText(self.tr("Menghitung skor dan memeriksa syarat mutasi…"))
        db, actor, bobot = self.ctx.db, self.ctx.actor, self.bobot()

        def quick(task: Any) -> HasilPeringkat:
            report = task.progress if task is not None else None
            return hitung_peringkat(db, actor, formasi_id, bobot=bobot, top=QUICK_TOP, gugur_maks=100, progress=report)

        def full(task: Any) -> HasilPeringkat:
            report = task.progress if task is not None else None
            return hitung_peringkat(db, actor, formasi_id, bobot=bobot, top=None, gugur_maks=300, progress=report)

        def quick_done(hasil: HasilPeringkat) -> None:
            if seq != self._seq:
                return
            self.show_hasil(hasil)
            if hasil.lengkap or self.ctx.tasks is None:
                return

            def progress(done: int, total: int, _label: str) -> None:
                if seq == self._seq and self.hasil is not None and not self.hasil.lengkap:
                    self.progress_label.setText(self.tr("Memeriksa calon lainnya: %1 dari %2…")
                                                .replace("%1", str(done)).replace("%2", str(total)))  # fmt: skip

            def full_done(final: HasilPeringkat) -> None:
                if seq == self._seq:
                    self._full_handle = None
                    self.show_hasil(final)

            self._full_handle = self.ctx.tasks.run(full, success=full_done, failure=self._failed, progress=progress,
                                                   name="peringkat calon (semua)")  # fmt: skip

        if self.ctx.tasks is None:
            self.show_hasil(full(None))
        else:
            self.ctx.tasks.run_with_progress(self, quick, title=self.tr("Peringkat calon"),
                                             label=self.tr("Menghitung skor dan memeriksa syarat mutasi…"),
                                             success=quick_done, failure=self._failed, min_duration_ms=500)  # fmt: skip

    def show_hasil(self, hasil: HasilPeringkat) -> None:
        keep = None
        index = self.table.currentIndex()
        if index.isValid() and self.model.kandidat_at(index.row()) is not None:
            keep = self.model.kandidat_at(index.row()).pegawai_id  # type: ignore[union-attr]
        self.hasil = hasil
        self.model.set_hasil(hasil.kandidat, self.bobot())
        self.gugur_model.set_rows(hasil.gugur)
        f = hasil.formasi
        self.title.setText(self.tr("Peringkat calon: ") + f"{f.jabatan_nama} — {f.unit_nama}")
        if hasil.lengkap:
            text = (self.tr("%1 pegawai dinilai; %2 memenuhi syarat; %3 tidak memenuhi syarat. Lowongan: %4")
                    .replace("%2", str(len(hasil.kandidat)))
                    .replace("%3", str(hasil.jumlah_pegawai - len(hasil.kandidat))))  # fmt: skip
            self.progress_label.setText("")
        else:
            text = (self.tr("%1 pegawai dinilai; ditampilkan %2 calon teratas yang memenuhi syarat. Lowongan: %4")
                    .replace("%2", str(len(hasil.kandidat))))  # fmt: skip
            self.progress_label.setText(self.tr("Memeriksa calon lainnya…"))
        self.info.setText(text.replace("%1", str(hasil.jumlah_pegawai)).replace("%4", f.lowongan.alasan))
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        elif hasil.kandidat:
            self.table.selectRow(0)
        self._show_detail()

    def _failed(self, exc: BaseException) -> None:
        self.info.setText(self.tr("Peringkat gagal dihitung: ") + pesan_galat(exc))

    # ----------------------------------------------------------------- detail
    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        k = self.model.kandidat_at(index.row()) if index.isValid() else None
        self.buat_usul.setEnabled(k is not None)
        if k is None or self.hasil is None:
            self.detail.setHtml("")
            return
        bobot = self.bobot()
        rinci = self.hasil.rincian(k.pegawai_id, bobot)
        total, rank = self.model.total_of(k.pegawai_id)
        parts = "".join(
            f"<tr><td><b>{html.escape(b.nama)}</b></td><td align='right'>{_angka(b.skor)}</td>"
            f"<td align='right'>{b.bobot:g}%</td></tr><tr><td colspan='3' style='color:#444'>"
            f"{html.escape(b.penjelasan)}</td></tr>"
            for b in rinci.bagian
        )
        warn = "".join(f"<li>{html.escape(r.judul)}: {html.escape(r.alasan)}</li>" for r in k.peringatan)
        self.detail.setHtml(
            f"<h3>{html.escape(k.nama)}</h3><p>NIP {k.nip} · {html.escape(k.golongan)}<br>"
            f"{html.escape(k.jabatan_nama)} — {html.escape(k.unit_nama)}</p>"
            f"<p>Peringkat <b>{rank}</b> · total <b>{_angka(total)}</b></p>"
            f"<table width='100%' cellspacing='2'>{parts}</table>"
            + (f"<p><b>Peringatan</b></p><ul>{warn}</ul>" if warn else "")
        )

    def _create_usul(self) -> None:
        index = self.table.currentIndex()
        k = self.model.kandidat_at(index.row()) if index.isValid() else None
        if k is None or self.hasil is None or self.formasi_id is None:
            return
        total, rank = self.model.total_of(k.pegawai_id)
        answer = QMessageBox.question(
            self, self.tr("Buat draf usul"),
            self.tr("Buat draf usul mutasi untuk %1 (peringkat %2, skor %3)? Skor dan alasannya disimpan bersama usul.")
            .replace("%1", k.nama).replace("%2", str(rank)).replace("%3", _angka(total)),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            usul = usulkan_kandidat(
                self.ctx.db, self.ctx.actor, formasi_id=self.formasi_id, pegawai_id=k.pegawai_id,
                masukan=self.hasil.masukan(k.pegawai_id), bobot=self.bobot(), peringkat=rank,
                jumlah_kandidat=len(self.hasil.kandidat), preset=self.preset.currentData(),
            )  # fmt: skip
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Usul tidak dibuat"), exc.message)
            return
        self.usul_dibuat.emit(usul.nomor)
        QMessageBox.information(self, self.tr("Usul dibuat"), self.tr("Draf usul %1 dibuat.").replace("%1", usul.nomor))

