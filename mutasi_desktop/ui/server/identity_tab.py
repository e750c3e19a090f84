"""This office's identity (kode, public key, fingerprint) and the partner offices it trusts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services.exchange import (
    atur_cakupan,
    atur_kepercayaan,
    buat_identitas,
    catat_dasar_bersama,
    daftar_mitra,
    lihat_identitas,
    tambah_mitra,
)
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.server.exchange_widgets import (
    ExchangeTab,
    StatusLine,
    make_table,
    tr,
)


class IdentityTab(ExchangeTab):
    """This office's kode and public key; the trusted partner offices."""

    changed_callbacks: list[Callable[[], None]]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed_callbacks = []
        layout = QVBoxLayout(self)
        own = QGroupBox(tr("Identitas kantor ini"))
        form = QFormLayout(own)
        self.kode_edit = QLineEdit()
        self.kode_edit.setPlaceholderText("UPT-SMP1")
        self.nama_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.key_edit.setReadOnly(True)
        self.fingerprint_label = QLabel()
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        self.copy_button = QPushButton(tr("Salin"))
        key_row.addWidget(self.copy_button)
        self.create_button = QPushButton(tr("Buat identitas dan kunci"))
        form.addRow(tr("Kode kantor"), self.kode_edit)
        form.addRow(tr("Nama kantor"), self.nama_edit)
        form.addRow(tr("Kunci publik"), key_row)
        form.addRow(tr("Sidik jari"), self.fingerprint_label)
        form.addRow("", self.create_button)
        layout.addWidget(own)

        partners = QGroupBox(tr("Kantor mitra tepercaya"))
        pl = QVBoxLayout(partners)
        self.partner_model = RecordTableModel([
            Column(tr("Kode"), lambda m: m.kode, lambda m: m.kode),
            Column(tr("Nama"), lambda m: m.nama, lambda m: m.nama),
            Column(tr("Status"), lambda m: tr("dipercaya") if m.dipercaya else tr("tidak dipercaya"),
                   lambda m: m.dipercaya),
            Column(tr("Paket diterima"), lambda m: f"#{m.paket_terakhir_diterima}",
                   lambda m: m.paket_terakhir_diterima, align_right=True),
            Column(tr("Paket dikirim"), lambda m: f"#{m.paket_terakhir_dikirim}",
                   lambda m: m.paket_terakhir_dikirim, align_right=True),
            Column(tr("Cakupan"), lambda m: m.cakupan_nama or tr("Seluruh daerah"), lambda m: m.cakupan_nama),
            Column(tr("Sidik jari"), lambda m: m.sidik_jari, lambda m: m.sidik_jari),
        ], parent=self)
        self.partner_view = make_table(self.partner_model)
        pl.addWidget(self.partner_view)
        add = QFormLayout()
        self.partner_kode = QLineEdit()
        self.partner_nama = QLineEdit()
        self.partner_key = QLineEdit()
        self.partner_key.setPlaceholderText("MK1.…")
        add.addRow(tr("Kode mitra"), self.partner_kode)
        add.addRow(tr("Nama mitra"), self.partner_nama)
        add.addRow(tr("Kunci publik mitra"), self.partner_key)
        self.copy_check = QCheckBox(tr("Basis data kantor itu salinan basis data ini (catat data saat ini sebagai "
                                       "dasar bersama; lakukan di kedua kantor sebelum ada perubahan)"))
        add.addRow("", self.copy_check)
        pl.addLayout(add)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Percayai kantor ini"))
        self.revoke_button = QPushButton(tr("Cabut kepercayaan"))
        self.scope_combo = QComboBox()
        self.scope_combo.setToolTip(tr("Kantor mitra terpilih hanya menerima pegawai unit ini beserta sub-unitnya"))
        self.scope_button = QPushButton(tr("Atur cakupan"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addSpacing(24)
        buttons.addWidget(QLabel(tr("Cakupan data:")))
        buttons.addWidget(self.scope_combo)
        buttons.addWidget(self.scope_button)
        buttons.addStretch(1)
        pl.addLayout(buttons)
        layout.addWidget(partners, 1)
        self.status = StatusLine()
        layout.addWidget(self.status)

        self.create_button.clicked.connect(self.create_identity)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(self.key_edit.text()))
        self.add_button.clicked.connect(self.add_partner)
        self.revoke_button.clicked.connect(self.revoke_partner)
        self.scope_button.clicked.connect(self.set_scope)
        self._fill_scope_choices()
        self.refresh()

    def _fill_scope_choices(self) -> None:
        from sqlalchemy import select

        from mutasi_desktop.db.models import UnitKerja

        self.scope_combo.addItem(tr("Seluruh daerah"), None)
        with self.ctx.db.session() as s:  # the OPD list: short, read once
            for ident, nama in s.execute(select(UnitKerja.id, UnitKerja.nama).where(UnitKerja.parent_id.is_(None))
                                         .order_by(UnitKerja.urutan, UnitKerja.nama)):
                self.scope_combo.addItem(nama, ident)

    def _selected_partner(self) -> Any:
        rows = self.partner_view.selectionModel().selectedRows()
        return self.partner_model.row_at(rows[0].row()) if rows else None

    def set_scope(self) -> None:
        mitra = self._selected_partner()
        if mitra is None:
            self.status.show_error(tr("Pilih kantor mitra yang cakupannya akan diatur."))
            return
        try:
            changed = atur_cakupan(self.ctx.db, self.ctx.actor, kode=mitra.kode, unit_id=self.scope_combo.currentData())
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Paket untuk {kode} mencakup {cakupan}.").format(
            kode=changed.kode, cakupan=changed.cakupan_nama or tr("seluruh daerah")))
        self.refresh()

    def refresh(self) -> None:
        identitas = lihat_identitas(self.ctx.db, self.ctx.actor, keys_dir=self.keys_dir)
        has = identitas is not None
        if identitas is not None:
            self.kode_edit.setText(identitas.kode)
            self.nama_edit.setText(identitas.nama)
            self.key_edit.setText(identitas.kunci_publik)
            self.fingerprint_label.setText(identitas.sidik_jari)
            if not identitas.kunci_tersedia:
                self.status.show_error(tr("Kunci privat kantor tidak ada di komputer ini: ")
                                       + str(identitas.berkas_kunci))
        self.kode_edit.setReadOnly(has)
        self.nama_edit.setReadOnly(has)
        self.create_button.setVisible(not has)
        self.copy_button.setEnabled(has)
        self.partner_model.set_rows(daftar_mitra(self.ctx.db, self.ctx.actor))
        for callback in self.changed_callbacks:
            callback()

    def create_identity(self) -> None:
        try:
            buat_identitas(self.ctx.db, self.ctx.actor, kode=self.kode_edit.text(), nama=self.nama_edit.text(),
                           keys_dir=self.keys_dir)
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Identitas dibuat. Berikan kunci publik ini kepada kantor mitra."))
        self.refresh()

    def add_partner(self) -> None:
        try:
            mitra = tambah_mitra(self.ctx.db, self.ctx.actor, kode=self.partner_kode.text(),
                                 nama=self.partner_nama.text(), kunci_publik=self.partner_key.text())
            if self.copy_check.isChecked():
                catat_dasar_bersama(self.ctx.db, self.ctx.actor, kode=mitra.kode)
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Kantor {kode} dipercaya. Cocokkan sidik jari {sidik} dengan kantor itu.")
                            .format(kode=mitra.kode, sidik=mitra.sidik_jari))
        for edit in (self.partner_kode, self.partner_nama, self.partner_key):
            edit.clear()
        self.copy_check.setChecked(False)
        self.refresh()

    def revoke_partner(self) -> None:
        mitra = self._selected_partner()
        if mitra is None:
            self.status.show_error(tr("Pilih kantor mitra yang akan dicabut kepercayaannya."))
            return
        answer = QMessageBox.question(
            self, tr("Cabut kepercayaan"),
            tr("Cabut kepercayaan kepada kantor {kode} ({nama})? Paket dari kantor itu akan ditolak sampai kunci "
               "publiknya dimasukkan lagi.").format(kode=mitra.kode, nama=mitra.nama),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            atur_kepercayaan(self.ctx.db, self.ctx.actor, kode=mitra.kode, dipercaya=False)
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Kantor {kode} tidak lagi dipercaya.").format(kode=mitra.kode))
        self.refresh()
