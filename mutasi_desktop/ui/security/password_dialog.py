"""Changing one's own password (forced after an administrator's reset)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services import accounts_service
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


class ChangePasswordDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, *, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.setWindowTitle(self.tr("Ganti kata sandi"))
        policy = accounts_service.get_policy(db)
        intro = QLabel(
            self.tr("Administrator telah mengatur ulang kata sandi Anda. Pilih kata sandi baru sebelum melanjutkan.")
            if forced else self.tr("Ganti kata sandi akun %1.").replace("%1", actor.username)
        )
        intro.setWordWrap(True)
        hint = QLabel(self.tr("Minimal %1 karakter; tidak boleh memuat nama pengguna. Kalimat pendek mudah diingat "
                              "dan sulit ditebak.").replace("%1", str(policy.min_length)))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #4a5568;")
        self.old = password_field("lama")
        self.new = password_field("baru")
        self.repeat = password_field("ulang")
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi lama"), self.old)
        form.addRow(self.tr("Kata sandi baru"), self.new)
        form.addRow(self.tr("Ulangi kata sandi baru"), self.repeat)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Keluar dari aplikasi") if forced else self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def save(self) -> bool:
        if self.new.text() != self.repeat.text():
            self._show(self.tr("Kata sandi baru dan ulangannya tidak sama."))
            return False
        try:
            accounts_service.change_password(self.db, self.actor, lama=self.old.text(), baru=self.new.text())
        except DomainError as exc:
            self._show(exc.message)
            return False
        self.accept()
        return True

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
