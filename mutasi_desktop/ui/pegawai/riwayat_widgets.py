"""History tabs of the pegawai form: a table per history kind and one generic row dialog.

The fields come from ``services.dto.riwayat_spec.RIWAYAT``; only the translated labels live here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import pegawai_service
from mutasi_desktop.services.dto.riwayat_spec import RIWAYAT, RiwayatSpec
from mutasi_desktop.services.dto.validasi import ValidasiGagal
from mutasi_desktop.services.pegawai_query import golongan_kode
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import choice_labels, label, tanggal
from mutasi_desktop.ui.pegawai.lookups import Lookups
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.widgets.form_fields import ValidatedForm, make_input


def riwayat_titles() -> dict[str, str]:

    return {
        "jabatan": QCoreApplication.translate("Riwayat", "Riwayat jabatan"),
        "pangkat": QCoreApplication.translate("Riwayat", "Riwayat pangkat"),
        "pendidikan": QCoreApplication.translate("Riwayat", "Pendidikan"),
        "skp": QCoreApplication.translate("Riwayat", "SKP"),
        "hukuman": QCoreApplication.translate("Riwayat", "Hukuman disiplin"),
        "diklat": QCoreApplication.translate("Riwayat", "Diklat/kompetensi"),
        "aspirasi": QCoreApplication.translate("Riwayat", "Aspirasi"),
    }


def field_labels() -> dict[str, str]:
    """Labels of every history field, by field name (shared names mean the same thing)."""

    return {
        "jabatan_nama": QCoreApplication.translate("Riwayat", "Nama jabatan"),
        "unit_nama": QCoreApplication.translate("Riwayat", "Unit kerja"),
        "instansi_nama": QCoreApplication.translate("Riwayat", "Instansi"),
        "jenis_jabatan": QCoreApplication.translate("Riwayat", "Jenis jabatan"),
        "eselon": QCoreApplication.translate("Riwayat", "Eselon"),
        "tmt_jabatan": QCoreApplication.translate("Riwayat", "TMT jabatan"),
        "tmt_pelantikan": QCoreApplication.translate("Riwayat", "TMT pelantikan"),
        "nomor_sk": QCoreApplication.translate("Riwayat", "Nomor SK"),
        "tanggal_sk": QCoreApplication.translate("Riwayat", "Tanggal SK"),
        "keterangan": QCoreApplication.translate("Riwayat", "Keterangan"),
        "golongan_id": QCoreApplication.translate("Riwayat", "Golongan"),
        "tmt_golongan": QCoreApplication.translate("Riwayat", "TMT golongan"),
        "jenis_kp": QCoreApplication.translate("Riwayat", "Jenis kenaikan pangkat"),
        "mk_tahun": QCoreApplication.translate("Riwayat", "Masa kerja (tahun)"),
        "mk_bulan": QCoreApplication.translate("Riwayat", "Masa kerja (bulan)"),
        "tingkat": QCoreApplication.translate("Riwayat", "Tingkat"),
        "jurusan": QCoreApplication.translate("Riwayat", "Jurusan"),
        "nama_sekolah": QCoreApplication.translate("Riwayat", "Sekolah/perguruan tinggi"),
        "tahun_lulus": QCoreApplication.translate("Riwayat", "Tahun lulus"),
        "nomor_ijazah": QCoreApplication.translate("Riwayat", "Nomor ijazah"),
        "terakhir": QCoreApplication.translate("Riwayat", "Pendidikan terakhir"),
        "tahun": QCoreApplication.translate("Riwayat", "Tahun"),
        "skala": QCoreApplication.translate("Riwayat", "Skala"),
        "nilai": QCoreApplication.translate("Riwayat", "Nilai"),
        "predikat": QCoreApplication.translate("Riwayat", "Predikat"),
        "hasil_kerja": QCoreApplication.translate("Riwayat", "Hasil kerja"),
        "perilaku_kerja": QCoreApplication.translate("Riwayat", "Perilaku kerja"),
        "penilai_nama": QCoreApplication.translate("Riwayat", "Pejabat penilai"),
        "penilai_nip": QCoreApplication.translate("Riwayat", "NIP pejabat penilai"),
        "jenis": QCoreApplication.translate("Riwayat", "Jenis"),
        "tmt_mulai": QCoreApplication.translate("Riwayat", "Mulai berlaku"),
        "tmt_selesai": QCoreApplication.translate("Riwayat", "Selesai"),
        "status": QCoreApplication.translate("Riwayat", "Status"),
        "nama": QCoreApplication.translate("Riwayat", "Nama diklat/kompetensi"),
        "penyelenggara": QCoreApplication.translate("Riwayat", "Penyelenggara"),
        "tanggal_mulai": QCoreApplication.translate("Riwayat", "Tanggal mulai"),
        "tanggal_selesai": QCoreApplication.translate("Riwayat", "Tanggal selesai"),
        "jam_pelajaran": QCoreApplication.translate("Riwayat", "Jam pelajaran"),
        "nomor_sertifikat": QCoreApplication.translate("Riwayat", "Nomor sertifikat"),
        "kompetensi": QCoreApplication.translate("Riwayat", "Kompetensi (pisahkan dengan ;)"),
        "tanggal": QCoreApplication.translate("Riwayat", "Tanggal"),
        "berlaku_sampai": QCoreApplication.translate("Riwayat", "Berlaku sampai"),
        "unit_pilihan_1_id": QCoreApplication.translate("Riwayat", "Unit pilihan 1"),
        "unit_pilihan_2_id": QCoreApplication.translate("Riwayat", "Unit pilihan 2"),
        "unit_pilihan_3_id": QCoreApplication.translate("Riwayat", "Unit pilihan 3"),
        "lokasi_pilihan": QCoreApplication.translate("Riwayat", "Lokasi pilihan"),
        "jabatan_pilihan_id": QCoreApplication.translate("Riwayat", "Jabatan pilihan"),
        "alasan": QCoreApplication.translate("Riwayat", "Alasan"),
        "alasan_keterangan": QCoreApplication.translate("Riwayat", "Keterangan alasan"),
        "kesediaan": QCoreApplication.translate("Riwayat", "Kesediaan"),
        "syarat": QCoreApplication.translate("Riwayat", "Syarat"),
        "sumber": QCoreApplication.translate("Riwayat", "Sumber"),
    }


# Columns shown in each history table (the dialog shows every field).
TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "jabatan": ("tmt_jabatan", "jabatan_nama", "unit_nama", "jenis_jabatan", "nomor_sk"),
    "pangkat": ("tmt_golongan", "golongan_id", "jenis_kp", "nomor_sk", "mk_tahun"),
    "pendidikan": ("tingkat", "jurusan", "nama_sekolah", "tahun_lulus", "terakhir"),
    "skp": ("tahun", "skala", "nilai", "predikat"),
    "hukuman": ("tingkat", "jenis", "tmt_mulai", "tmt_selesai", "status"),
    "diklat": ("jenis", "nama", "penyelenggara", "tanggal_selesai", "jam_pelajaran"),
    "aspirasi": ("tanggal", "unit_pilihan_1_id", "kesediaan", "alasan", "berlaku_sampai"),
}


class ValueFormatter:
    """Display text for a stored history value."""

    def __init__(self, lookups: Lookups | None) -> None:
        self.choices = choice_labels()
        self.units = {u.id: u.nama for u in lookups.units} if lookups else {}
        self.jabatan = {j.id: j.nama for j in lookups.jabatan} if lookups else {}
        self.yes = QCoreApplication.translate("Riwayat", "Ya")

    def __call__(self, spec: RiwayatSpec, name: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        kind = spec.field(name).kind
        if kind == "date" and isinstance(value, date):
            return tanggal(value)
        if kind == "golongan":
            return golongan_kode(value)
        if kind == "choice":
            return label(self.choices, value)
        if kind == "unit":
            return self.units.get(value, str(value))
        if kind == "jabatan":
            return self.jabatan.get(value, str(value))
        if kind == "bool":
            return self.yes if value else ""
        if kind == "float":
            return f"{value:g}".replace(".", ",")
        return str(value)


def _sort_value(value: Any) -> Any:
    return "" if value is None else value


class RiwayatRowDialog(QDialog):
    """Add or edit one history row; messages appear under the wrong fields."""

    def __init__(self, ctx: AppContext, kind: str, pegawai_id: int, record: pegawai_service.RiwayatRecord | None,
                 lookups: Lookups | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.pegawai_id, self.record = ctx, kind, pegawai_id, record
        spec = RIWAYAT[kind]
        title = riwayat_titles()[kind]
        self.setWindowTitle(self.tr("Ubah %1").replace("%1", title) if record else
                            self.tr("Tambah %1").replace("%1", title))
        labels = field_labels()
        choices = choice_labels()
        self.form = ValidatedForm()
        for f in spec.fields:
            items = [(c, choices.get(c, c)) for c in f.choices]
            widget = make_input(f.kind, choices=items, empty_label=None if f.required and f.kind == "choice" else "—",
                                lookup=lookups.choices if lookups else None)
            self.form.add_field(f.name, labels.get(f.name, f.name), widget, required=f.required)
        if record is not None:
            self.form.set_values(dict(record.values))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #c53030;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.resize(560, min(120 + 48 * len(spec.fields), 640))

    def save(self) -> bool:
        try:
            pegawai_service.save_riwayat(
                self.ctx.db, self.ctx.actor, self.kind, self.pegawai_id, self.form.values(),
                row_id=self.record.id if self.record else None,
                expected_version=self.record.version if self.record else None,
            )
        except ValidasiGagal as exc:
            rest = self.form.show_errors(exc.errors)
            self._general("; ".join(rest))
            return False
        except DomainError as exc:
            self.form.clear_errors()
            self._general(exc.message)
            return False
        self.accept()
        return True

    def _general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.setVisible(bool(message))


class RiwayatTab(QWidget):
    """One history table with Tambah / Ubah / Hapus."""

    changed = Signal()

    def __init__(self, ctx: AppContext, kind: str, lookups: Lookups | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.lookups = ctx, kind, lookups
        self.pegawai_id: int | None = None
        spec = RIWAYAT[kind]
        labels = field_labels()
        fmt = ValueFormatter(lookups)
        columns = [
            Column(labels.get(name, name),
                   display=lambda rec, n=name: fmt(spec, n, rec.values.get(n)),
                   sort_key=lambda rec, n=name: _sort_value(rec.values.get(n)))
            for name in TABLE_FIELDS[kind]
        ]
        self.model = RecordTableModel(columns, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.add_button = QPushButton(self.tr("Tambah"))
        self.edit_button = QPushButton(self.tr("Ubah"))
        self.delete_button = QPushButton(self.tr("Hapus"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        # An empty history says so (and how to add one) instead of showing a blank table.
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("riwayatKosong")
        self.empty_hint.setStyleSheet("color: #4a5568;")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        buttons.insertWidget(0, self.empty_hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        empty = self.model.rowCount() == 0
        title = riwayat_titles()[self.kind]
        title = title if title.split()[0].isupper() else title[:1].lower() + title[1:]  # "SKP" stays SKP
        if not self.add_button.isHidden():  # hidden for roles that may only read
            text = self.tr("Belum ada data %1. Klik Tambah untuk mengisinya.").replace("%1", title)
        else:
            text = self.tr("Belum ada data %1.").replace("%1", title)
        self.empty_hint.setText(text)
        self.empty_hint.setVisible(empty)

    def set_records(self, pegawai_id: int | None, records: tuple[pegawai_service.RiwayatRecord, ...]) -> None:
        self.pegawai_id = pegawai_id
        self.model.set_rows(records)
        self.setEnabled(pegawai_id is not None)
        self._update_buttons()

    def selected(self) -> pegawai_service.RiwayatRecord | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _dialog(self, record: pegawai_service.RiwayatRecord | None) -> RiwayatRowDialog:
        assert self.pegawai_id is not None
        return RiwayatRowDialog(self.ctx, self.kind, self.pegawai_id, record, self.lookups, self)

    def add(self) -> None:
        if self.pegawai_id is not None and self._dialog(None).exec():
            self.changed.emit()

    def edit_selected(self) -> None:
        record = self.selected()
        if record is None or self.edit_button.isHidden():  # a Pembaca's double click / Enter opens nothing
            return
        if record.locked_reason:
            QMessageBox.information(self, self.tr("Tidak dapat diubah"), record.locked_reason)
            return
        if self._dialog(record).exec():
            self.changed.emit()

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Hapus riwayat"), self.tr("Hapus baris riwayat yang dipilih? Tindakan ini tidak dapat dibatalkan."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            pegawai_service.delete_riwayat(self.ctx.db, self.ctx.actor, self.kind, record.id,
                                           expected_version=record.version)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Tidak dapat dihapus"), exc.message)
            return
        self.changed.emit()
