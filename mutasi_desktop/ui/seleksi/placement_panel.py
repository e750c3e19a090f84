"""Placement planner: chosen vacancies + a candidate pool -> the best plan, its effect on every
unit's formasi (before/after, posts left empty), pins and exclusions, and accepting the plan as
one batch of draft usul."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.scoring import Bobot
from mutasi_desktop.services.kebutuhan_service import BarisKebutuhan
from mutasi_desktop.services.placement_service import (
    DampakFormasi,
    Pasangan,
    RencanaPenempatan,
    rencanakan_penempatan,
    terima_penempatan,
)
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import ROW_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.widgets.errors import pesan_galat

KURANG = QColor("#c53030")
LEBIH = QColor("#b7791f")
PIN = QColor("#2b6cb0")


def _table(model: Any, *, multi: bool = False, widths: tuple[int, ...] = (), stretch: tuple[int, ...] = ()) -> QTableView:
    """``stretch``: the text columns that share what the fixed ones leave, so every column stays
    on screen at 1366 px (the "Sesudah" and "Ke" columns were past the right edge)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)  # fmt: skip
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(72)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if stretch:
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setMinimumSectionSize(40)
        for column in stretch:
            view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return view


def _selected_rows(view: QTableView) -> list[Any]:
    return [i.data(ROW_ROLE) for i in view.selectionModel().selectedRows()]


def lowongan_columns() -> list[Column]:
    return [
        Column("Unit kerja", lambda b: b.unit_nama),
        Column("Jabatan", lambda b: b.jabatan_nama),
        Column("Kursi", lambda b: str(b.lowongan), sort_key=lambda b: b.lowongan, align_right=True),
    ]


def pasangan_columns() -> list[Column]:
    pinned = lambda p: PIN if p.disematkan else None  # noqa: E731
    return [
        Column("NIP", lambda p: p.nip, foreground=pinned),
        Column("Nama", lambda p: p.nama + (" 📌" if p.disematkan else ""), foreground=pinned),
        Column("Dari", lambda p: f"{p.asal_jabatan} — {p.asal_unit}", tooltip=lambda p: f"{p.asal_jabatan} — {p.asal_unit}"),
        Column("Ke", lambda p: f"{p.tujuan_jabatan} — {p.tujuan_unit}",
               tooltip=lambda p: f"{p.tujuan_jabatan} — {p.tujuan_unit}"),
        Column("Skor", lambda p: f"{p.skor:.2f}".replace(".", ","), sort_key=lambda p: p.skor, align_right=True),
        Column("Peringatan", lambda p: ", ".join(r.judul for r in p.peringatan),  # the rule's name, not its code
               tooltip=lambda p: "\n".join(f"{r.judul}: {r.alasan}" for r in p.peringatan)),
    ]  # fmt: skip


def dampak_columns() -> list[Column]:
    def colour(d: DampakFormasi) -> Any:
        return KURANG if d.selisih_sesudah > 0 else LEBIH if d.selisih_sesudah < 0 else None

    keadaan = {"KURANG": "Kurang", "LEBIH": "Lebih", "SESUAI": "Sesuai"}
    return [
        Column("Unit kerja", lambda d: d.unit_nama),
        Column("Jabatan", lambda d: d.jabatan_nama),
        Column("Kebutuhan", lambda d: str(d.kebutuhan), sort_key=lambda d: d.kebutuhan, align_right=True),
        Column("Sebelum", lambda d: str(d.sebelum), sort_key=lambda d: d.sebelum, align_right=True),
        Column("Masuk", lambda d: str(d.masuk), sort_key=lambda d: d.masuk, align_right=True),
        Column("Keluar", lambda d: str(d.keluar), sort_key=lambda d: d.keluar, align_right=True),
        Column("Sesudah", lambda d: str(d.sesudah), sort_key=lambda d: d.sesudah, align_right=True, foreground=colour),
        Column("Keadaan", lambda d: keadaan[d.keadaan] + (" — ditinggalkan kosong" if d.ditinggalkan_kosong else ""),
               foreground=colour,
               tooltip=lambda d: keadaan[d.keadaan] + (" — ditinggalkan kosong" if d.ditinggalkan_kosong else "")),
    ]  # fmt: skip


class PlacementPanel(QWidget):
    """Plan and accept a batch placement; the weights come from the ranking panel."""

    batch_dibuat = Signal(str)

    def __init__(self, ctx: AppContext, bobot_source: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bobot_source = bobot_source  # callable returning the current Bobot (sliders)
        self.rencana: RencanaPenempatan | None = None
        self.pins: dict[int, int] = {}  # pegawai_id -> formasi_id
        self.kecuali: set[int] = set()

        self.lowongan_model = RecordTableModel(lowongan_columns(), parent=self)
        self.lowongan_table = _table(self.lowongan_model, multi=True, widths=(170, 170, 50), stretch=(0, 1))
        self.hapus_lowongan = QPushButton(self.tr("Buang lowongan terpilih"))
        self.hapus_lowongan.clicked.connect(self._drop_vacancies)
        self.pool = QComboBox()
        self.pool.addItem(self.tr("Semua pegawai"), "SEMUA")
        self.pool.addItem(self.tr("Pegawai di OPD lowongan saja"), "OPD")
        self.hitung = QPushButton(self.tr("Hitung rencana terbaik"))
        self.hitung.clicked.connect(self.compute)

        self.summary = QLabel(self.tr("Pilih lowongan pada daftar kebutuhan, lalu \u201cRencanakan penempatan\u201d."))
        self.summary.setWordWrap(True)
        self.pasangan_model = RecordTableModel(pasangan_columns(), parent=self)
        self.pasangan_table = _table(self.pasangan_model, widths=(150, 160, 290, 290, 60, 150), stretch=(2, 3))
        self.dampak_model = RecordTableModel(dampak_columns(), parent=self)
        self.dampak_table = _table(self.dampak_model, widths=(240, 220, 80, 66, 56, 56, 68, 200), stretch=(0, 1))
        self.sematkan = QPushButton(self.tr("Sematkan pasangan"))
        self.sematkan.setToolTip(self.tr("Pegawai ini harus ditempatkan pada lowongan ini dalam perhitungan berikutnya"))
        self.sematkan.clicked.connect(self._pin)
        self.kecualikan = QPushButton(self.tr("Kecualikan pegawai"))
        self.kecualikan.clicked.connect(self._exclude)
        self.reset = QPushButton(self.tr("Hapus sematan && pengecualian"))
        self.reset.clicked.connect(self._reset_constraints)
        self.terima = QPushButton(self.tr("Terima: buat draf usul dalam satu kelompok"))
        self.terima.clicked.connect(self._accept)
        self.terima.setEnabled(False)
        self.terima.setVisible(ctx.actor.can(Izin.KELOLA_USUL))
        self.constraints = QLabel()

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel(self.tr("Lowongan yang diisi")))
        ll.addWidget(self.lowongan_table, 1)
        ll.addWidget(self.hapus_lowongan)
        ll.addWidget(QLabel(self.tr("Kumpulan calon")))
        ll.addWidget(self.pool)
        ll.addWidget(self.hitung)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.summary)
        tl.addWidget(self.pasangan_table, 1)
        buttons = QHBoxLayout()
        for b in (self.sematkan, self.kecualikan, self.reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.terima)
        tl.addLayout(buttons)
        tl.addWidget(self.constraints)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel(self.tr("Formasi sebelum dan sesudah (unit yang terdampak)")))
        bl.addWidget(self.dampak_table, 1)
        right.addWidget(top)
        right.addWidget(bottom)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([340, 1060])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    # ----------------------------------------------------------------- inputs
    def set_lowongan(self, rows: list[BarisKebutuhan]) -> None:
        known = {b.formasi_id for b in self.lowongan_model.rows}
        merged = self.lowongan_model.rows + [b for b in rows if b.formasi_id is not None and b.lowongan > 0
                                             and b.formasi_id not in known]  # fmt: skip
        self.lowongan_model.set_rows(merged)
        self.summary.setText(self.tr("%1 lowongan (%2 kursi) dipilih.").replace("%1", str(len(merged)))
                             .replace("%2", str(sum(b.lowongan for b in merged))))  # fmt: skip

    def _drop_vacancies(self) -> None:
        drop = {b.formasi_id for b in _selected_rows(self.lowongan_table)}
        self.lowongan_model.set_rows([b for b in self.lowongan_model.rows if b.formasi_id not in drop])

    def _bobot(self) -> Bobot | None:
        return self.bobot_source() if callable(self.bobot_source) else None

    # ----------------------------------------------------------------- plan
    def compute(self) -> None:
        rows: list[BarisKebutuhan] = self.lowongan_model.rows
        if not rows:
            self.summary.setText(self.tr("Belum ada lowongan yang dipilih."))
            return
        lowongan = [(b.formasi_id, b.lowongan) for b in rows if b.formasi_id is not None]
        opd = {b.opd_id for b in rows}
        pool_kind = self.pool.currentData()
        db, actor, bobot = self.ctx.db, self.ctx.actor, self._bobot()
        pins, kecuali = list(self.pins.items()), sorted(self.kecuali)

        def work(_task: Any) -> RencanaPenempatan:
            kandidat = None
            if pool_kind == "OPD":
                from mutasi_desktop.services.placement_service import pegawai_di_opd

                kandidat = pegawai_di_opd(db, actor, opd)
            return rencanakan_penempatan(db, actor, lowongan=lowongan, kandidat_ids=kandidat, pin=pins,
                                         kecuali=kecuali, bobot=bobot)  # fmt: skip

        self.summary.setText(self.tr("Menghitung rencana penempatan…"))
        if self.ctx.tasks is None:
            try:
                self.show_rencana(work(None))
            except DomainError as exc:
                self._failed(exc)
        else:
            self.ctx.tasks.run_with_progress(self, work, title=self.tr("Rencana penempatan"),
                                             label=self.tr("Menghitung penempatan terbaik…"),
                                             success=self.show_rencana, failure=self._failed, cancellable=False)  # fmt: skip

    def show_rencana(self, rencana: RencanaPenempatan) -> None:
        self.rencana = rencana
        self.pasangan_model.set_rows(rencana.pasangan)
        self.dampak_model.set_rows(rencana.dampak)
        empty = sum(n for _f, _nama, n in rencana.tidak_terisi)
        self.summary.setText(
            self.tr("%1 dari %2 kursi terisi dari %3 calon; total skor %4. %5 kursi tidak terisi; %6 jabatan "
                    "ditinggalkan kosong oleh perpindahan ini.")
            .replace("%1", str(len(rencana.pasangan))).replace("%2", str(rencana.kursi))
            .replace("%3", str(rencana.jumlah_kandidat)).replace("%4", f"{rencana.total:.2f}".replace(".", ","))
            .replace("%5", str(empty)).replace("%6", str(len(rencana.ditinggalkan)))
            + "".join("\n" + c for c in rencana.catatan)
        )  # fmt: skip
        self.terima.setEnabled(bool(rencana.pasangan))
        self._show_constraints()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Rencana tidak dapat dihitung: ") + pesan_galat(exc))
        self.terima.setEnabled(False)

    # ----------------------------------------------------------------- pins
    def _current_pair(self) -> Pasangan | None:
        index = self.pasangan_table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _pin(self) -> None:
        p = self._current_pair()
        if p is not None:
            self.pins[p.pegawai_id] = p.formasi_id
            self.kecuali.discard(p.pegawai_id)
            self._show_constraints()

    def _exclude(self) -> None:
        p = self._current_pair()
        if p is not None:
            self.kecuali.add(p.pegawai_id)
            self.pins.pop(p.pegawai_id, None)
            self._show_constraints()

    def _reset_constraints(self) -> None:
        self.pins.clear()
        self.kecuali.clear()
        self._show_constraints()

    def _show_constraints(self) -> None:
        self.constraints.setText(
            self.tr("Disematkan: %1 · dikecualikan: %2 (berlaku pada perhitungan berikutnya)")
            .replace("%1", str(len(self.pins))).replace("%2", str(len(self.kecuali)))
        )

    # ----------------------------------------------------------------- accept
    def _accept(self) -> None:
        if self.rencana is None or not self.rencana.pasangan:
            return
        judul, ok = QInputDialog.getText(self, self.tr("Terima rencana"), self.tr("Judul kelompok usul:"),
                                         text=self.tr("Penataan pegawai hasil analisis kebutuhan"))  # fmt: skip
        if not ok:
            return
        try:
            hasil = terima_penempatan(self.ctx.db, self.ctx.actor, self.rencana, judul=judul)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Rencana tidak diterima"), exc.message)
            return
        self.terima.setEnabled(False)
        self.batch_dibuat.emit(hasil.batch_nomor)
        QMessageBox.information(
            self, self.tr("Rencana diterima"),
            self.tr("%1 draf usul dibuat dalam kelompok %2.").replace("%1", str(len(hasil.usul_ids)))
            .replace("%2", hasil.batch_nomor),
        )  # fmt: skip
