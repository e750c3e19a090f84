"""Verification screen: type or scan a code and see whether it belongs to an SK of this database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.services.sk_verification_service import HasilVerifikasi, verifikasi_kode
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.sk.sk_models import verified_pegawai_model
from mutasi_desktop.ui.sk.table_view import sorted_table


class VerifikasiTab(QWidget):
    """Type or scan a code; see whether it belongs to an SK of this database."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = QLineEdit()
        self.code.setObjectName("kodeVerifikasi")
        self.code.setPlaceholderText(self.tr("Kode pada dokumen (ABCD-EFGH-JKMN) atau hasil pindai kode QR"))
        self.check_button = QPushButton(self.tr("Periksa"))
        self.check_button.setDefault(True)
        self.result = QLabel("")
        self.result.setObjectName("hasilVerifikasi")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.people_model = verified_pegawai_model([])
        self.people = sorted_table(self.people_model, "tabelPegawaiTerverifikasi")
        self.code.returnPressed.connect(self.check)
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Kode verifikasi:")))
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.details)
        layout.addWidget(self.people, 1)
        self.last: HasilVerifikasi | None = None

    def check(self) -> None:
        hasil = verifikasi_kode(self.ctx.db, self.code.text(), by=self.ctx.actor)
        self.last = hasil
        color = {"ASLI": "#1b5e20", "ASLI_TIDAK_BERLAKU": "#8a6d00"}.get(hasil.status, "#b00020")
        self.result.setText(f"<span style='font-size:14pt; color:{color}'><b>{hasil.pesan}</b></span>")
        if hasil.sk_id is not None:
            self.details.setText(self.tr("Dokumen: %1<br/>Nomor: %2<br/>Tanggal: %3<br/>Tentang: %4")
                                 .replace("%1", hasil.jenis_dokumen).replace("%2", hasil.nomor)
                                 .replace("%3", format_tanggal(hasil.tanggal) if hasil.tanggal else "-")
                                 .replace("%4", hasil.tentang))
        else:
            self.details.setText("")
        self.people_model.set_rows(list(hasil.pegawai))
