"""The sign-in dialog (also the lock screen after an idle timeout)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop import APP_NAME
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import accounts_service
from mutasi_desktop.services.accounts_service import Sesi
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE


class LoginDialog(QDialog):
    """Asks for user name and password; ``sesi`` holds the result after ``accept()``.

    With ``locked_username`` it is the lock screen: only that user can continue.
    """

    def __init__(self, db: Database, *, instansi_nama: str = "", locked_username: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.sesi: Sesi | None = None
        self.locked_username = locked_username
        self.setWindowTitle(self.tr("Masuk – %1").replace("%1", APP_NAME))
        self.setModal(True)

        title = QLabel(APP_NAME)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(instansi_nama or self.tr("Pengelolaan mutasi ASN"))
        subtitle.setStyleSheet("color: #4a5568;")
        self.intro = QLabel(
            self.tr("Sesi dikunci karena tidak ada aktivitas. Masukkan kata sandi untuk melanjutkan.")
            if locked_username else self.tr("Masuk dengan akun Anda.")
        )
        self.intro.setWordWrap(True)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        if locked_username:
            self.username.setText(locked_username)
            self.username.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Masuk"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Keluar"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if locked_username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def try_login(self) -> bool:
        username = self.locked_username or self.username.text()
        if not username.strip():
            self._show(self.tr("Isi nama pengguna."))
            self.username.setFocus()
            return False
        if not self.password.text():  # Enter after the user name: go on to the password, no failed attempt
            self.message.hide()
            self.password.setFocus()
            return False
        try:
            self.sesi = accounts_service.login(self.db, username, self.password.text())
        except DomainError as exc:
            self.password.clear()
            self.password.setFocus()
            self._show(exc.message)
            return False
        self.accept()
        return True

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
