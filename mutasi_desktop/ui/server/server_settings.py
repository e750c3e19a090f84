"""Server connection settings: where this computer's database lives (local file or PostgreSQL server).

The view is :class:`ServerSettingsView` (widgets only); :class:`ServerSettingsTab` fills it,
tests the connection in the background ("Uji koneksi") and saves the URL to ``server.json`` in
the config folder, which ``mutasi gui`` opens when no ``--db`` is given.
"""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import server_connection
from mutasi_desktop.services.migrate_db_service import safe_url
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, OK_STYLE


def tr(text: str) -> str:
    return QCoreApplication.translate("Server", text)


class ServerSettingsView(QWidget):
    """Layout only: mode choice, server fields, buttons and the status line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        mode_box = QGroupBox(tr("Basis data yang dipakai komputer ini"))
        mode_layout = QVBoxLayout(mode_box)
        self.local_radio = QRadioButton(tr("Berkas lokal di komputer ini (satu pengguna/kantor kecil)"))
        self.server_radio = QRadioButton(tr("Server PostgreSQL bersama (beberapa juru data sekaligus)"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.local_radio)
        self.mode_group.addButton(self.server_radio)
        mode_layout.addWidget(self.local_radio)
        mode_layout.addWidget(self.server_radio)
        layout.addWidget(mode_box)

        self.server_box = QGroupBox(tr("Server PostgreSQL"))
        form = QFormLayout(self.server_box)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("192.168.1.10")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText("mutasi")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.url_label = QLabel()
        self.url_label.setWordWrap(True)
        form.addRow(tr("Alamat server"), self.host_edit)
        form.addRow(tr("Port"), self.port_spin)
        form.addRow(tr("Nama basis data"), self.database_edit)
        form.addRow(tr("Pengguna"), self.user_edit)
        form.addRow(tr("Kata sandi"), self.password_edit)
        form.addRow(tr("URL"), self.url_label)
        layout.addWidget(self.server_box)

        buttons = QHBoxLayout()
        self.test_button = QPushButton(tr("Uji koneksi"))
        self.save_button = QPushButton(tr("Simpan"))
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        note = QLabel(tr(
            "Pengaturan ini disimpan di komputer ini saja dan berlaku saat aplikasi dibuka ulang. "
            "Pindahkan data kantor ke server dengan perintah: mutasi migrate-db --to URL"
        ))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        layout.addWidget(note)
        layout.addStretch(1)


class ServerSettingsTab(ServerSettingsView):
    """Controller: reads the saved URL, builds a new one from the fields, tests and saves it."""

    def __init__(self, tasks: object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.last_result: server_connection.HasilUjiKoneksi | None = None
        self._load()
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._refresh)
        self.port_spin.valueChanged.connect(self._refresh)
        self.server_radio.toggled.connect(self._refresh)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save)
        self._refresh()

    def _load(self) -> None:
        url = server_connection.load_server_url()
        if url is None:
            self.local_radio.setChecked(True)
            return
        self.server_radio.setChecked(True)
        parsed = make_url(url)
        self.host_edit.setText(parsed.host or "")
        self.port_spin.setValue(parsed.port or 5432)
        self.database_edit.setText(parsed.database or "")
        self.user_edit.setText(parsed.username or "")
        self.password_edit.setText(parsed.password or "")

    def url(self) -> str:
        """The URL the fields describe (``postgresql+psycopg://user:sandi@host:port/db``)."""
        user = quote(self.user_edit.text().strip(), safe="")
        password = quote(self.password_edit.text(), safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = self.host_edit.text().strip() or "localhost"
        return f"postgresql+psycopg://{auth}{host}:{self.port_spin.value()}/{self.database_edit.text().strip()}"

    def _refresh(self) -> None:
        server = self.server_radio.isChecked()
        self.server_box.setEnabled(server)
        self.test_button.setEnabled(server)
        self.url_label.setText(safe_url(self.url()) if server else "")

    def _show(self, text: str, ok: bool) -> None:
        self.status_label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.status_label.setText(text)

    def test_connection(self) -> None:
        url = self.url()
        self._show(tr("Menghubungi server…"), True)
        self.test_button.setEnabled(False)

        def done(result: server_connection.HasilUjiKoneksi) -> None:
            self.last_result = result
            self.test_button.setEnabled(True)
            self._show(result.pesan, result.berhasil)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show(tr("Koneksi gagal: ") + str(exc), False)

        run = getattr(self.tasks, "run", None)
        if run is None:  # no background runner (tests, first start): test in place
            done(server_connection.test_connection(url))
        else:
            run(lambda _task: server_connection.test_connection(url), success=done, failure=failed,
                name="uji-koneksi")

    def save(self) -> None:
        try:
            if self.server_radio.isChecked():
                server_connection.save_server_url(self.url())
                self._show(tr("Server disimpan. Buka ulang aplikasi untuk memakainya."), True)
            else:
                server_connection.save_server_url(None)
                self._show(tr("Aplikasi akan memakai berkas basis data lokal saat dibuka ulang."), True)
        except DomainError as exc:
            self._show(exc.message, False)


def create_server_tab(ctx: object) -> QWidget:
    return ServerSettingsTab(getattr(ctx, "tasks", None))
