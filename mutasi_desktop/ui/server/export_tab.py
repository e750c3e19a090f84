"""Kirim paket: make a package for one partner office (optionally encrypted)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.services.exchange import (
    HasilEkspor,
    daftar_mitra,
    ekspor_paket,
)
from mutasi_desktop.services.exchange.records import BY_NAME
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.server.exchange_widgets import (
    PACKAGE_FILTER,
    ExchangeTab,
    StatusLine,
    error_message,
    tr,
)


class ExportTab(ExchangeTab):
    """Make a package for one partner office."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.partner_combo = QComboBox()
        self.path_edit = QLineEdit()
        browse = QPushButton(tr("Pilih…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(tr("Kirim ke"), self.partner_combo)
        form.addRow(tr("Simpan paket sebagai"), path_row)
        layout.addLayout(form)
        enc = QGroupBox(tr("Enkripsi"))
        el = QVBoxLayout(enc)
        self.enc_none = QRadioButton(tr("Tanpa enkripsi (paket tetap ditandatangani)"))
        self.enc_password = QRadioButton(tr("Dengan kata sandi (sampaikan sandinya lewat jalur lain)"))
        self.enc_key = QRadioButton(tr("Untuk kunci kantor tujuan (hanya kantor itu yang dapat membuka)"))
        group = QButtonGroup(self)
        for button in (self.enc_none, self.enc_password, self.enc_key):
            group.addButton(button)
            el.addWidget(button)
        self.enc_key.setChecked(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(tr("kata sandi paket"))
        el.addWidget(self.password_edit)
        self.password_edit.setEnabled(False)
        self.enc_password.toggled.connect(self.password_edit.setEnabled)
        layout.addWidget(enc)
        self.all_check = QCheckBox(tr("Kirim semua data lagi (bila paket sebelumnya hilang)"))
        layout.addWidget(self.all_check)
        self.export_button = QPushButton(tr("Buat paket"))
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = StatusLine()
        layout.addWidget(self.status)
        layout.addStretch(1)
        browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    def refresh(self) -> None:
        current = self.partner_combo.currentData()
        self.partner_combo.clear()
        for mitra in daftar_mitra(self.ctx.db, self.ctx.actor):
            if mitra.dipercaya:
                self.partner_combo.addItem(f"{mitra.kode} — {mitra.nama}", mitra.kode)
        index = self.partner_combo.findData(current)
        if index >= 0:
            self.partner_combo.setCurrentIndex(index)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Simpan paket"), self.path_edit.text(), PACKAGE_FILTER)
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        kode = self.partner_combo.currentData()
        if not kode:
            self.status.show_error(tr("Belum ada kantor mitra tepercaya. Tambahkan di tab Identitas & mitra."))
            return
        if not self.path_edit.text().strip():
            self.status.show_error(tr("Pilih nama berkas paket."))
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        sandi = self.password_edit.text() if self.enc_password.isChecked() else None
        if self.enc_password.isChecked() and not sandi:
            self.status.show_error(tr("Isi kata sandi paket."))
            return
        self.export_button.setEnabled(False)
        self.status.show_ok(tr("Membuat paket…"))

        def done(hasil: HasilEkspor) -> None:
            self.export_button.setEnabled(True)
            detail = ", ".join(f"{BY_NAME[k].label if k in BY_NAME else k} {v}"  # "Riwayat jabatan", not the table name
                               for k, v in sorted(hasil.jumlah.items())) or tr("tidak ada perubahan")
            self.status.show_ok(tr("Paket #{n} untuk {ke} dibuat: {path} ({detail}).").format(
                n=hasil.urutan, ke=hasil.ke, path=hasil.path, detail=detail))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status.show_error(error_message(exc))

        self.run(lambda: ekspor_paket(self.ctx.db, self.ctx.actor, ke=kode, path=path, sandi=sandi,
                                      enkripsi_kunci=self.enc_key.isChecked(), semua=self.all_check.isChecked(),
                                      keys_dir=self.keys_dir),
                 done, failed, "ekspor-paket")
