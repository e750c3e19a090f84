"""Start-up security: integrity check with recovery, setup or sign-in, idle lock, daily backup.

``ui/app.py`` calls :func:`check_before_open` before opening the database and :func:`sign_in`
(through its ``login_hook``) before building the main window.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from mutasi_desktop.db.engine import Database, sqlite_path
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services import accounts_service, backup_service
from mutasi_desktop.services.accounts_service import Sesi
from mutasi_desktop.ui.security.idle_watcher import IdleWatcher
from mutasi_desktop.ui.security.login_dialog import LoginDialog
from mutasi_desktop.ui.security.password_dialog import ChangePasswordDialog
from mutasi_desktop.ui.security.setup_wizard import SetupWizard

log = logging.getLogger(__name__)

# Keeps the session's idle watcher alive (and lets tests reach it).
ACTIVE: dict[str, object] = {}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keamanan", text)


def check_before_open(url: str, parent: QWidget | None = None) -> bool:
    """Quick integrity check of an SQLite database; offer the newest sound backup when it fails.

    Returns False when the app should not go on (damaged and not recovered).
    """
    path = sqlite_path(url)
    if path is None:
        return True
    check = backup_service.startup_check(path)
    if check.ok:
        return True
    if check.cadangan_terbaik is None:
        QMessageBox.critical(parent, _tr("Basis data rusak"), _tr(
            "Pemeriksaan integritas basis data gagal dan tidak ada cadangan yang baik di folder cadangan. "
            "Pulihkan secara manual dengan 'mutasi restore BERKAS'."))
        return False
    best = check.cadangan_terbaik
    answer = QMessageBox.question(
        parent, _tr("Basis data rusak"),
        _tr("Pemeriksaan integritas basis data gagal.\n\nPulihkan dari cadangan terbaru yang baik?\n%1\n\n"
            "Berkas yang rusak tidak dihapus; berkas itu dipindahkan ke samping.").replace("%1", best.name),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        aside = backup_service.recover_from_backup(path, best)
    except DomainError as exc:
        QMessageBox.critical(parent, _tr("Pemulihan gagal"), exc.message)
        return False
    QMessageBox.information(parent, _tr("Basis data dipulihkan"), _tr(
        "Cadangan %1 dipasang. Berkas yang rusak disimpan sebagai %2.").replace("%1", best.name)
        .replace("%2", aside.name))
    return True


def sign_in(db: Database, parent: QWidget | None = None) -> Actor | None:
    """Setup wizard on a database without users, else the login dialog; None = quit."""
    if accounts_service.needs_setup(db):
        wizard = SetupWizard(db, parent)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.sesi is None:
            return None
        sesi = wizard.sesi
    else:
        instansi = accounts_service.current_instansi(db)
        dialog = LoginDialog(db, instansi_nama=instansi.nama_daerah if instansi else "", parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.sesi is None:
            return None
        sesi = dialog.sesi
        if sesi.harus_ganti_password:
            change = ChangePasswordDialog(db, sesi.actor, forced=True, parent=parent)
            if change.exec() != QDialog.DialogCode.Accepted:
                accounts_service.logout(db, sesi.actor, alasan="kata sandi tidak diganti")
                return None
    start_idle_lock(db, sesi)
    start_auto_backup(db)
    return sesi.actor


def start_idle_lock(db: Database, sesi: Sesi, *, timeout_ms: int | None = None) -> IdleWatcher | None:
    """Lock the session after the configured idle minutes (0 = never)."""
    app = QApplication.instance()
    if app is None or (timeout_ms is None and sesi.batas_diam_menit <= 0):
        return None
    watcher = IdleWatcher(timeout_ms if timeout_ms is not None else sesi.batas_diam_menit * 60_000, app)
    app.installEventFilter(watcher)
    watcher.idle.connect(lambda: lock_session(db, sesi.actor, watcher))
    watcher.start()
    ACTIVE["idle_watcher"] = watcher
    return watcher


def lock_session(db: Database, actor: Actor, watcher: IdleWatcher) -> bool:
    """Hide every window and ask the same user's password again; quit when they give up."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    watcher.pause()
    try:
        accounts_service.logout(db, actor, alasan="batas waktu diam")
    except Exception:  # the lock must happen even when the database is busy
        log.warning("could not record the idle logout")
    hidden = [w for w in app.topLevelWidgets() if w.isVisible()]
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    for window in hidden:
        window.hide()
    instansi = accounts_service.current_instansi(db)
    dialog = LoginDialog(db, instansi_nama=instansi.nama_daerah if instansi else "", locked_username=actor.username)
    ACTIVE["lock_dialog"] = dialog
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    ACTIVE.pop("lock_dialog", None)
    app.setQuitOnLastWindowClosed(quit_on_close)
    if not accepted:
        for window in hidden:
            window.close()
        app.quit()
        return False
    for window in hidden:
        window.show()
    watcher.start()
    return True


def start_auto_backup(db: Database) -> threading.Thread | None:
    """Today's automatic backup in a background thread (a large database takes a few seconds)."""
    if db.path is None:
        return None

    def work() -> None:
        try:
            made = backup_service.auto_backup_if_due(db)
            if made is not None:
                log.info("automatic backup written: %s", Path(made).name)
        except Exception as exc:  # never personal data in the log: only the kind of failure
            log.warning("automatic backup failed: %s", type(exc).__name__)

    thread = threading.Thread(target=work, name="cadangan-otomatis", daemon=True)
    thread.start()
    return thread
