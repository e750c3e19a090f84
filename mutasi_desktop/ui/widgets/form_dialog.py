"""A small modal form: fields, Simpan/Batal, and the service's messages under the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services.dto.validasi import ValidasiGagal
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, ValidatedForm


class FormDialog(QDialog):
    """``on_save(values)`` calls a service; ValidasiGagal/DomainError keep the dialog open."""

    def __init__(self, title: str, on_save: Callable[[dict[str, Any]], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_save = on_save
        self.result_value: Any = None
        self.form = ValidatedForm()
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def save(self) -> bool:
        try:
            self.result_value = self.on_save(self.form.values())
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
