"""Login, lock screen, password change and the first-start setup wizard, typed into like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWizard

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Peran
from mutasi_desktop.services import accounts_service
from mutasi_desktop.ui.security import login_flow
from mutasi_desktop.ui.security.login_dialog import LoginDialog
from mutasi_desktop.ui.security.password_dialog import ChangePasswordDialog
from mutasi_desktop.ui.security.setup_wizard import SetupWizard
from tests.db.security_helpers import ADMIN_PASSWORD, USER_PASSWORD, add_user, setup_office, use_fast_hasher

SHOTS = Path("/tmp/mutasi-security-shots")


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


def shot(widget: QDialog, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def click_ok(dialog: QDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    button = box.button(QDialogButtonBox.StandardButton.Ok) or box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_login_wrong_password_shows_message_then_succeeds(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup_office(db)
    dialog = LoginDialog(db, instansi_nama="Kabupaten Sukamaju")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "salah-sekali-123")
    click_ok(dialog, qtbot)
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Nama pengguna atau kata sandi salah."
    assert dialog.password.text() == ""  # cleared for the next try
    assert dialog.result() != QDialog.DialogCode.Accepted
    shot(dialog, "login-salah")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    click_ok(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.sesi is not None and dialog.sesi.actor.username == "admin"


def test_login_empty_username(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    click_ok(dialog, qtbot)
    assert dialog.message.text() == "Isi nama pengguna."


def test_lock_screen_accepts_only_the_same_user(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup_office(db)
    dialog = LoginDialog(db, locked_username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.username.isReadOnly() and dialog.username.text() == "admin"
    shot(dialog, "layar-kunci")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    click_ok(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_change_password_dialog(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    admin = setup_office(db)
    dialog = ChangePasswordDialog(db, admin, forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.old, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.new, "Baru-Sekali-2026")
    qtbot.keyClicks(dialog.repeat, "Baru-Sekali-2027")
    click_ok(dialog, qtbot)
    assert "tidak sama" in dialog.message.text()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "Baru-Sekali-2026")
    shot(dialog, "ganti-sandi")
    click_ok(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    accounts_service.login(db, "admin", "Baru-Sekali-2026")


def test_setup_wizard_creates_instansi_and_admin(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    page1 = wizard.instansi_page
    # Next without a name: stays, with the message.
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is page1 and "wajib" in page1.message.text()
    qtbot.keyClicks(page1.nama_daerah, "Kabupaten Sukamaju")
    page1.jenis.setCurrentIndex(page1.jenis.findData("KABUPATEN"))
    qtbot.keyClicks(page1.provinsi, "Jawa Barat")
    qtbot.keyClicks(page1.kode, "3299")
    shot(wizard, "penyiapan-1-instansi")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page2 = wizard.admin_page
    assert wizard.currentPage() is page2
    qtbot.keyClicks(page2.nama, "Siti Rahmawati")
    qtbot.keyClicks(page2.username, "siti.admin")
    qtbot.keyClicks(page2.password, "pendek")
    qtbot.keyClicks(page2.repeat, "pendek")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert "minimal 10" in page2.message.text() and wizard.sesi is None
    assert accounts_service.needs_setup(db)
    shot(wizard, "penyiapan-2-admin-galat")
    for field in (page2.password, page2.repeat):
        field.clear()
        qtbot.keyClicks(field, "Kopi-Tubruk-Pagi-9")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.sesi is not None and wizard.sesi.actor.peran == frozenset({Peran.ADMINISTRATOR})
    assert not accounts_service.needs_setup(db)
    instansi = accounts_service.current_instansi(db)
    assert instansi is not None and instansi.nama_daerah == "Kabupaten Sukamaju" and instansi.kode == "3299"


def test_sign_in_runs_wizard_on_empty_database_and_login_otherwise(db: Database, qtbot,  # type: ignore[no-untyped-def]
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake_wizard_exec(self: SetupWizard) -> int:
        seen.append("wizard")
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(SetupWizard, "exec", fake_wizard_exec)
    assert login_flow.sign_in(db) is None and seen == ["wizard"]

    admin = setup_office(db)
    op = add_user(db, admin, "operator1", Peran.OPERATOR)
    assert op.user_id is not None
    accounts_service.reset_password(db, admin, op.user_id, "Sementara-12345")

    def fake_login_exec(self: LoginDialog) -> int:
        self.username.setText("operator1")
        self.password.setText("Sementara-12345")
        return int(QDialog.DialogCode.Accepted) if self.try_login() else int(QDialog.DialogCode.Rejected)

    def fake_change_exec(self: ChangePasswordDialog) -> int:
        seen.append("ganti")
        self.old.setText("Sementara-12345")
        self.new.setText(USER_PASSWORD)
        self.repeat.setText(USER_PASSWORD)
        return int(QDialog.DialogCode.Accepted) if self.save() else int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", fake_login_exec)
    monkeypatch.setattr(ChangePasswordDialog, "exec", fake_change_exec)
    monkeypatch.setattr(login_flow, "start_auto_backup", lambda db: None)
    actor = login_flow.sign_in(db)
    assert actor is not None and actor.username == "operator1" and seen[-1] == "ganti"
    watcher = login_flow.ACTIVE.pop("idle_watcher")
    watcher.pause()  # type: ignore[attr-defined]
    assert not accounts_service.login(db, "operator1", USER_PASSWORD).harus_ganti_password


def test_idle_timeout_locks_and_hides_windows(db: Database, qtbot,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    setup_office(db)
    sesi = accounts_service.login(db, "admin", ADMIN_PASSWORD)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    visible_during_lock: list[bool] = []

    def fake_exec(self: LoginDialog) -> int:
        visible_during_lock.append(window.isVisible())
        assert self.locked_username == "admin"
        self.password.setText(ADMIN_PASSWORD)
        return int(QDialog.DialogCode.Accepted) if self.try_login() else int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    watcher = login_flow.start_idle_lock(db, sesi, timeout_ms=50)
    assert watcher is not None
    qtbot.waitUntil(lambda: bool(visible_during_lock), timeout=3000)
    assert visible_during_lock == [False]  # personal data is hidden while locked
    assert window.isVisible()  # back after the right password
    watcher.pause()
    login_flow.ACTIVE.pop("idle_watcher", None)
    from sqlalchemy import select

    from mutasi_desktop.db.models import AuditLog

    with db.session() as s:
        assert "batas waktu diam" in " ".join(s.scalars(select(AuditLog.ringkasan)))
