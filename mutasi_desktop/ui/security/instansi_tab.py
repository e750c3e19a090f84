"""Pengaturan › Profil instansi: the daerah, the BKPSDM and the kepala daerah after the first start.

The setup wizard asks these once; this tab is where they are corrected later (a new address, a
new kepala daerah, a Pj. whose mutasi need the Minister of Home Affairs' approval).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import office_settings_service as oss
from mutasi_desktop.services.dto.validasi import ValidasiGagal
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.widgets.form_fields import (
    ERROR_STYLE,
    OK_STYLE,
    CodeCombo,
    TextField,
    ValidatedForm,
    make_input,
)

_JENIS = [("KABUPATEN", "Kabupaten"), ("KOTA", "Kota"), ("PROVINSI", "Provinsi")]


class InstansiTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profil = oss.ProfilInstansi()
        self.form = ValidatedForm()
        f = self.form
        f.add_section(self.tr("Daerah dan kantor"))
        f.add_field("nama_daerah", self.tr("Nama daerah"), TextField(), required=True)
        f.add_field("jenis", self.tr("Jenis"), CodeCombo(_JENIS), required=True)
        f.add_field("provinsi", self.tr("Provinsi"), TextField())
        f.add_field("ibu_kota", self.tr("Ibu kota"), TextField())
        f.add_field("kode", self.tr("Kode instansi"), TextField())
        f.add_field("nama_bkpsdm", self.tr("Nama BKD/BKPSDM"), TextField())
        f.add_field("alamat", self.tr("Alamat kantor"), make_input("longtext"))
        f.add_field("kode_pos", self.tr("Kode pos"), TextField())
        f.add_field("telepon", self.tr("Telepon"), TextField())
        f.add_field("email", self.tr("Pos-el"), TextField())
        f.add_field("laman", self.tr("Laman"), TextField())
        f.add_section(self.tr("Kepala daerah"))
        f.add_field("kepala_daerah_nama", self.tr("Nama kepala daerah"), TextField())
        f.add_field("kepala_daerah_status", self.tr("Status"),
                    CodeCombo(list(oss.STATUS_KEPALA_DAERAH.items())), required=True)
        f.add_field("kepala_daerah_tmt_pelantikan", self.tr("Tanggal pelantikan"), make_input("date"))
        note = QLabel(self.tr("Selama kepala daerah berstatus Pj./Plt./Plh., atau belum enam bulan sejak dilantik, "
                              "setiap usul mutasi diberi peringatan: perlu persetujuan tertulis Menteri Dalam "
                              "Negeri. Alamat, telepon dan pos-el dipakai pada kop surat bila kop tidak diisi "
                              "sendiri di Surat Keputusan › Pengaturan Dokumen."))
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Simpan profil"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(ctx.actor.can(Izin.KELOLA_PENGATURAN))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)

        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(self.form)
        box.addWidget(note)
        box.addLayout(buttons)
        box.addStretch(1)
        inner.setMaximumWidth(820)
        scroll = QScrollArea()  # the form is taller than a 768 px screen leaves
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        self.profil = oss.profil_instansi(self.ctx.db, by=self.ctx.actor)
        values: dict[str, Any] = {name: getattr(self.profil, name) for name in self.form.fields}
        self.form.set_values(values)
        self.form.clear_errors()

    def _values(self) -> oss.ProfilInstansi:
        v = self.form.values()
        return oss.ProfilInstansi(**{name: v[name] or "" for name in v if name != "kepala_daerah_tmt_pelantikan"},
                                  kepala_daerah_tmt_pelantikan=v["kepala_daerah_tmt_pelantikan"],
                                  version=self.profil.version)

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def save(self) -> bool:
        self.form.clear_errors()
        try:
            self.profil = oss.simpan_profil_instansi(self.ctx.db, self._values(), by=self.ctx.actor)
        except ValidasiGagal as exc:
            rest = self.form.show_errors(exc.errors)
            self._say("; ".join(rest) or self.tr("Profil belum disimpan. Periksa isian yang ditandai merah."), ok=False)
            return False
        except DomainError as exc:
            self._say(exc.message, ok=False)
            return False
        self.refresh()
        self._say(self.tr("Profil instansi disimpan."), ok=True)
        return True


def create_instansi_tab(ctx: AppContext) -> QWidget:
    return InstansiTab(ctx)
