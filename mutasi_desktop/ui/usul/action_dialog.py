"""A small dialog that asks what a workflow action needs: a note, a letter number, a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, DateField


@dataclass(frozen=True)
class ActionSpec:
    """What to ask. The texts arrive already translated (the caller's ``tr`` calls see literals)."""

    judul: str
    keterangan: str = ""
    catatan: bool = True
    catatan_wajib: bool = False
    catatan_label: str = "Catatan"
    nomor_label: str | None = None  # e.g. "Nomor SK"; None: no number field
    tanggal_label: str | None = None
    tanggal_awal: date | None = None


class ActionDialog(QDialog):
    """Collects the inputs of :class:`ActionSpec`; ``values()`` after ``exec()`` returns them."""

    def __init__(self, spec: ActionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle(spec.judul)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        if spec.keterangan:
            info = QLabel(spec.keterangan)
            info.setWordWrap(True)
            layout.addWidget(info)
        form = QFormLayout()
        self.nomor = QLineEdit()
        self.nomor.setObjectName("aksiNomor")
        self.tanggal = DateField()
        self.tanggal.setObjectName("aksiTanggal")
        self.catatan = QPlainTextEdit()
        self.catatan.setObjectName("aksiCatatan")
        self.catatan.setFixedHeight(80)
        self.catatan.setTabChangesFocus(True)  # Tab moves on, as in every other field
        if spec.nomor_label:
            form.addRow(spec.nomor_label + " *", self.nomor)
        if spec.tanggal_label:
            self.tanggal.set_value(spec.tanggal_awal)
            form.addRow(spec.tanggal_label + " *", self.tanggal)
        if spec.catatan:
            form.addRow(spec.catatan_label + (" *" if spec.catatan_wajib else ""), self.catatan)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("aksiError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lanjutkan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter makes a new line in the note; Ctrl+Enter continues, as the button's tooltip says.
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setToolTip(self.tr("Ctrl+Enter"))
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self._accept)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _accept(self) -> None:
        spec = self.spec
        if spec.nomor_label and not self.nomor.text().strip():
            self.show_error(self.tr("%1 wajib diisi.").replace("%1", spec.nomor_label))
            return
        if spec.tanggal_label and not isinstance(self.tanggal.value(), date):
            self.show_error(self.tr("%1 wajib diisi dengan tanggal yang benar (hh-bb-tttt).").replace(
                "%1", spec.tanggal_label))
            return
        if spec.catatan and spec.catatan_wajib and not self.catatan.toPlainText().strip():
            self.show_error(self.tr("%1 wajib diisi.").replace("%1", spec.catatan_label))
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "nomor": self.nomor.text().strip(),
            "tanggal": self.tanggal.value() if self.spec.tanggal_label else None,
            "catatan": self.catatan.toPlainText().strip(),
        }
