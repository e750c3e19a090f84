"""User management (Administrator): list, add, edit roles and OPD limit, reset password, unlock."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services import accounts_service
from mutasi_desktop.services.accounts_service import PenggunaInfo
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.security.password_dialog import password_field
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE


def _local(dt: object) -> str:
    from datetime import UTC, datetime

    if not isinstance(dt, datetime):
        return ""
    return dt.replace(tzinfo=UTC).astimezone().strftime("%d-%m-%Y %H:%M")


def _status(u: PenggunaInfo) -> str:
    """The account's state at this moment: a temporary lock reads "Terkunci" only until it expires."""
    if not u.aktif:
        return "Nonaktif"
    if u.terkunci(utcnow()):
        return "Terkunci"
    if u.harus_ganti_password:
        return "Wajib ganti sandi"
    return "Aktif"


STATUS_COLUMN = 4
# While the page is visible it re-reads the accounts this often (a lock made by failed sign-ins
# elsewhere shows up, an expired one goes), and once more just after the next lock expires.
REFRESH_MS = 30_000


def user_columns() -> list[Column]:
    return [
        Column("Nama pengguna", lambda u: u.username),
        Column("Nama", lambda u: u.nama),
        Column("Peran", lambda u: u.peran_label),
        Column("Batas OPD", lambda u: f"{len(u.batas_opd)} OPD" if u.batas_opd else "Semua"),
        Column("Status", _status,
               foreground=lambda u: QColor("#c53030") if _status(u) in ("Nonaktif", "Terkunci") else None),
        Column("Masuk terakhir", lambda u: _local(u.login_terakhir), sort_key=lambda u: u.login_terakhir or 0),
    ]


class UserDialog(QDialog):
    """Add (``user`` None) or edit an account."""

    def __init__(self, db: Database, actor: Actor, user: PenggunaInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.user = db, actor, user
        self.result_user: PenggunaInfo | None = None
        self.setWindowTitle(self.tr("Tambah pengguna") if user is None else self.tr("Ubah pengguna"))
        self.username = QLineEdit(user.username if user else "")
        self.username.setObjectName("username")
        self.username.setReadOnly(user is not None)
        self.nama = QLineEdit(user.nama if user else "")
        self.nama.setObjectName("nama")
        self.nip = QLineEdit((user.nip or "") if user else "")
        self.nip.setMaxLength(18)
        self.aktif = QCheckBox(self.tr("Akun aktif"))
        self.aktif.setChecked(user.aktif if user else True)
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna *"), self.username)
        form.addRow(self.tr("Nama lengkap *"), self.nama)
        form.addRow(self.tr("NIP"), self.nip)
        self.password = password_field("password")
        self.repeat = password_field("ulang")
        if user is None:
            form.addRow(self.tr("Kata sandi sementara *"), self.password)
            form.addRow(self.tr("Ulangi kata sandi *"), self.repeat)
        form.addRow("", self.aktif)

        roles_box = QGroupBox(self.tr("Peran (boleh lebih dari satu)"))
        roles_layout = QVBoxLayout(roles_box)
        self.role_checks: dict[Peran, QCheckBox] = {}
        descriptions = {
            Peran.ADMINISTRATOR: self.tr("pengguna, pengaturan, cadangan, jejak audit"),
            Peran.OPERATOR: self.tr("data pegawai, draf usul, impor"),
            Peran.VERIFIKATOR: self.tr("verifikasi persyaratan, BTL/TMS"),
            Peran.PEJABAT: self.tr("menyetujui/menolak, menetapkan SK"),
            Peran.PEMBACA: self.tr("hanya membaca; ekspor disamarkan"),
        }
        for role in Peran:
            check = QCheckBox(f"{role.label} — {descriptions[role]}")
            check.setObjectName(f"peran_{role.value.lower()}")
            check.setChecked(bool(user and role in user.peran))
            roles_layout.addWidget(check)
            self.role_checks[role] = check
        self.role_checks[Peran.OPERATOR].toggled.connect(self._sync_opd)

        self.opd_box = QGroupBox(self.tr("Batasi Operator pada OPD (kosong = semua OPD)"))
        opd_layout = QVBoxLayout(self.opd_box)
        self.opd_list = QListWidget()
        self.opd_list.setMaximumHeight(140)
        chosen = set(user.batas_opd) if user else set()
        try:
            opds = accounts_service.list_opd(db, actor)
        except DomainError:
            opds = []
        for opd_id, nama in opds:
            item = QListWidgetItem(nama)
            item.setData(Qt.ItemDataRole.UserRole, opd_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if opd_id in chosen else Qt.CheckState.Unchecked)
            self.opd_list.addItem(item)
        opd_layout.addWidget(self.opd_list)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(roles_box)
        layout.addWidget(self.opd_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._sync_opd()

    def _sync_opd(self) -> None:
        self.opd_box.setEnabled(self.role_checks[Peran.OPERATOR].isChecked())

    def chosen_roles(self) -> set[Peran]:
        return {role for role, check in self.role_checks.items() if check.isChecked()}

    def chosen_opd(self) -> tuple[int, ...]:
        if not self.role_checks[Peran.OPERATOR].isChecked():
            return ()
        ids = []
        for i in range(self.opd_list.count()):
            item = self.opd_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(ids)

    def save(self) -> bool:
        try:
            if self.user is None:
                if self.password.text() != self.repeat.text():
                    raise DomainError(self.tr("Kata sandi dan ulangannya tidak sama."))
                self.result_user = accounts_service.create_user(
                    self.db, self.actor, username=self.username.text(), nama=self.nama.text(),
                    password=self.password.text(), peran=self.chosen_roles(), nip=self.nip.text() or None,
                    batas_opd=self.chosen_opd())
            else:
                self.result_user = accounts_service.update_user(
                    self.db, self.actor, self.user.id, nama=self.nama.text(), peran=self.chosen_roles(),
                    aktif=self.aktif.isChecked(), batas_opd=self.chosen_opd(), nip=self.nip.text() or None)
        except DomainError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return False
        self.accept()
        return True


class ResetPasswordDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, user: PenggunaInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.user = db, actor, user
        self.setWindowTitle(self.tr("Atur ulang kata sandi"))
        intro = QLabel(self.tr("Kata sandi sementara untuk %1. Pengguna wajib menggantinya saat masuk berikutnya.")
                       .replace("%1", f"{user.nama} ({user.username})"))
        intro.setWordWrap(True)
        self.password = password_field("password")
        self.repeat = password_field("ulang")
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi sementara"), self.password)
        form.addRow(self.tr("Ulangi"), self.repeat)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Atur ulang"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)  # the intro names the user; a narrow box wrapped it into a column

    def save(self) -> bool:
        try:
            if self.password.text() != self.repeat.text():
                raise DomainError(self.tr("Kata sandi dan ulangannya tidak sama."))
            accounts_service.reset_password(self.db, self.actor, self.user.id, self.password.text())
        except DomainError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return False
        self.accept()
        return True


class UsersPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.model = RecordTableModel(user_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.activated.connect(lambda _i: self.edit_user())
        self.add_button = QPushButton(self.tr("Tambah pengguna…"))
        self.edit_button = QPushButton(self.tr("Ubah…"))
        self.reset_button = QPushButton(self.tr("Atur ulang kata sandi…"))
        self.unlock_button = QPushButton(self.tr("Buka kunci"))
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.reset_button, self.unlock_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.status_timer = QTimer(self)
        self.status_timer.setSingleShot(True)
        self.status_timer.timeout.connect(self._tick)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the accounts, keeping the selected one selected."""
        chosen = self.selected()
        users = accounts_service.list_users(self.db, self.actor)
        if users == self.model.rows:  # nothing changed: only the clock moved (a lock may have expired)
            self._status_changed()
        else:
            self.model.set_rows(users)
            if chosen is not None:
                row = next((i for i, u in enumerate(users) if u.id == chosen.id), None)
                if row is not None:
                    self.table.selectRow(row)
        self._update_buttons()
        if self.isVisible():
            self._schedule_tick()

    def _status_changed(self) -> None:
        """The Status column is computed against the clock: tell the view to paint it again."""
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, STATUS_COLUMN),
                                        self.model.index(self.model.rowCount() - 1, STATUS_COLUMN))

    def _schedule_tick(self) -> None:
        now = utcnow()
        waits = [(u.terkunci_sampai - now).total_seconds() * 1000 for u in self.model.rows
                 if u.terkunci_sampai is not None and u.terkunci_sampai > now]
        self.status_timer.start(int(min([REFRESH_MS, *(w + 250 for w in waits)])))

    def _tick(self) -> None:
        if not self.isVisible():
            return
        try:
            self.refresh()
        except DomainError:  # the account lost the right meanwhile: keep the list as it was
            self._status_changed()
            self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # shown again (another tab, another page): the list read earlier may be stale

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.status_timer.stop()

    def selected(self) -> PenggunaInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        for b in (self.edit_button, self.reset_button):
            b.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and (user.terkunci(utcnow()) or user.gagal_login > 0))

    def add_user(self) -> None:
        if UserDialog(self.db, self.actor, None, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def edit_user(self) -> None:
        user = self.selected()
        if user is not None and UserDialog(self.db, self.actor, user, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def reset_password(self) -> None:
        user = self.selected()
        if user is not None and ResetPasswordDialog(self.db, self.actor, user, self).exec() == \
                QDialog.DialogCode.Accepted:
            self.refresh()

    def unlock(self) -> None:
        user = self.selected()
        if user is None:
            return
        try:
            accounts_service.unlock_user(self.db, self.actor, user.id)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Gagal"), exc.message)
        self.refresh()
