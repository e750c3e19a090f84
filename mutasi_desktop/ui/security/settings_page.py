"""The Pengaturan page: one tab per area, shown only to users allowed to use it.

Other features add a tab with one line in :data:`TABS` (title, "module:callable" taking the
AppContext, and the permission that shows it, or None for everybody).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.password_policy import PasswordPolicy
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import accounts_service
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, OK_STYLE


@dataclass(frozen=True)
class SettingsTab:
    title: str
    factory_path: str
    izin: Izin | None


TABS: list[SettingsTab] = [
    SettingsTab("Akun saya", "mutasi_desktop.ui.security.settings_page:create_account_tab", None),
    SettingsTab("Pengguna", "mutasi_desktop.ui.security.settings_page:create_users_tab", Izin.KELOLA_PENGGUNA),
    SettingsTab("Keamanan", "mutasi_desktop.ui.security.settings_page:create_policy_tab", Izin.KELOLA_PENGATURAN),
    SettingsTab("Jejak audit", "mutasi_desktop.ui.security.settings_page:create_audit_tab", Izin.LIHAT_AUDIT),
    SettingsTab("Cadangan", "mutasi_desktop.ui.security.settings_page:create_backup_tab", Izin.CADANGKAN),
    SettingsTab("Profil instansi", "mutasi_desktop.ui.security.instansi_tab:create_instansi_tab", Izin.KELOLA_PENGATURAN),
    SettingsTab("Server", "mutasi_desktop.ui.server.server_settings:create_server_tab", Izin.KELOLA_PENGATURAN),
]


def _load(path: str) -> Any:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


class SettingsPage(QTabWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        for tab in TABS:
            if tab.izin is None or ctx.actor.can(tab.izin):
                self.addTab(_load(tab.factory_path)(ctx), QCoreApplication.translate("Pengaturan", tab.title))

    def refresh(self) -> None:
        for i in range(self.count()):
            refresh = getattr(self.widget(i), "refresh", None)
            if refresh is not None:
                refresh()

    def apply_navigation(self, payload: dict[str, Any]) -> None:
        """``{"tab": "Cadangan"}`` (a title in TABS) shows that tab, when this user has it."""
        wanted = QCoreApplication.translate("Pengaturan", str(payload.get("tab", "")))
        for i in range(self.count()):
            if self.tabText(i) == wanted:
                self.setCurrentIndex(i)


def create_page(ctx: AppContext) -> QWidget:
    return SettingsPage(ctx)


def create_users_tab(ctx: AppContext) -> QWidget:
    from mutasi_desktop.ui.security.users_page import UsersPage

    return UsersPage(ctx.db, ctx.actor)


def create_audit_tab(ctx: AppContext) -> QWidget:
    from mutasi_desktop.ui.security.audit_page import AuditPage

    return AuditPage(ctx.db, ctx.actor, ctx.tasks)


def create_backup_tab(ctx: AppContext) -> QWidget:
    from mutasi_desktop.ui.security.backup_page import BackupPage

    return BackupPage(ctx.db, ctx.actor, ctx.tasks)


def create_account_tab(ctx: AppContext) -> QWidget:
    return AccountTab(ctx)


def create_policy_tab(ctx: AppContext) -> QWidget:
    return PolicyTab(ctx)


class AccountTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        actor = ctx.actor
        info = QLabel(self.tr("Masuk sebagai <b>%1</b> (%2)<br>Peran: %3")
                      .replace("%1", actor.nama).replace("%2", actor.username).replace("%3", actor.peran_label))
        change = QPushButton(self.tr("Ganti kata sandi…"))
        change.clicked.connect(self.change_password)
        change.setEnabled(actor.user_id is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(change, 0, Qt.AlignmentFlag.AlignLeft)  # a button, not a bar across the page
        layout.addStretch(1)

    def change_password(self) -> None:
        from mutasi_desktop.ui.security.password_dialog import ChangePasswordDialog

        ChangePasswordDialog(self.ctx.db, self.ctx.actor, parent=self).exec()


class PolicyTab(QWidget):
    """Password length, lockout and idle timeout."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QGroupBox(self.tr("Kata sandi dan sesi"))
        self.min_length = QSpinBox()
        self.min_length.setRange(8, 128)
        self.max_failures = QSpinBox()
        self.max_failures.setRange(1, 100)
        self.lock_seconds = QSpinBox()
        self.lock_seconds.setRange(1, 86_400)
        self.lock_seconds.setSuffix(self.tr(" detik"))
        self.max_lock_minutes = QSpinBox()
        self.max_lock_minutes.setRange(1, 7 * 24 * 60)
        self.max_lock_minutes.setSuffix(self.tr(" menit"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 1440)
        self.idle_minutes.setSuffix(self.tr(" menit"))
        self.idle_minutes.setSpecialValueText(self.tr("tidak pernah"))
        form = QFormLayout(box)
        form.addRow(self.tr("Panjang minimum kata sandi"), self.min_length)
        form.addRow(self.tr("Kunci akun setelah gagal"), self.max_failures)
        form.addRow(self.tr("Lama kunci pertama (berlipat dua tiap gagal)"), self.lock_seconds)
        form.addRow(self.tr("Lama kunci paling lama"), self.max_lock_minutes)
        form.addRow(self.tr("Akhiri sesi setelah diam"), self.idle_minutes)
        save = QPushButton(self.tr("Simpan"))
        save.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(save)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        policy = accounts_service.get_policy(self.ctx.db)
        self.min_length.setValue(policy.min_length)
        self.max_failures.setValue(policy.max_failures)
        self.lock_seconds.setValue(policy.lock_seconds)
        self.max_lock_minutes.setValue(max(1, policy.max_lock_seconds // 60))
        self.idle_minutes.setValue(policy.idle_minutes)

    def save(self) -> None:
        policy = PasswordPolicy(min_length=self.min_length.value(), max_failures=self.max_failures.value(),
                                lock_seconds=self.lock_seconds.value(),
                                max_lock_seconds=self.max_lock_minutes.value() * 60,
                                idle_minutes=self.idle_minutes.value())
        try:
            accounts_service.set_policy(self.ctx.db, self.ctx.actor, policy)
        except DomainError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(exc.message)
            return
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("Disimpan. Batas waktu diam berlaku mulai masuk berikutnya."))
