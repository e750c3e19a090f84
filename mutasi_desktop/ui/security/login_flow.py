"""Start-up security: integrity check with recovery, setup or sign-in, idle lock, daily backup.

``ui/app.py`` calls :func:`start_integrity_check` first thing (SQLite's quick_check then runs in a
background thread while the database opens and the login dialog is up), :func:`sign_in` (through
its ``login_hook``) before building the main window, and :func:`offer_recovery` when the check
reports a damaged file. :func:`check_before_open` is the same check run up front (blocking).
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from mutasi_desktop.db.engine import Database, sqlite_path
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services import accounts_service, backup_service
from mutasi_desktop.services.accounts_service import Sesi
from mutasi_desktop.services.backup_service import StartupCheck
from mutasi_desktop.ui.security.idle_watcher import IdleWatcher
from mutasi_desktop.ui.security.login_dialog import LoginDialog
from mutasi_desktop.ui.security.password_dialog import ChangePasswordDialog
from mutasi_desktop.ui.security.setup_wizard import SetupWizard

log = logging.getLogger(__name__)

# Keeps the session's idle watcher alive (and lets tests reach it).
ACTIVE: dict[str, object] = {}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keamanan", text)


class IntegrityCheck(QObject):
    """SQLite's quick_check of the database file, run in a background thread at start-up.

    The thread uses its own read-only sqlite3 connection (``backup_service.startup_check``), which
    WAL mode allows next to the app's connections, so opening the database and signing in do not
    wait for it (about a second on a 400 MB file). When it fails, :meth:`_finished` (GUI thread)
    stops work at once: it rejects any open dialog (login, setup wizard, message box), hides the
    windows and ends the main event loop with :data:`EXIT_CHECK_FAILED`; ``ui/app.py`` then closes
    the database and calls :func:`offer_recovery`.
    """

    _done = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.result: StartupCheck | None = None
        self._event = threading.Event()
        self._taken = False
        self.in_main_loop = False  # ui/app.py sets it around app.exec()
        self._done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="cek-integritas", daemon=True)

    def start(self) -> IntegrityCheck:
        self._thread.start()
        return self

    def _run(self) -> None:
        # A lower CPU priority for this thread only (Linux: threads are scheduled one by one), so
        # that on a busy two-core machine painting the window comes first; elsewhere a no-op.
        with suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # type: ignore[attr-defined]
        try:
            result = backup_service.startup_check(self.path)
        except Exception as exc:  # an unreadable file counts as damaged; never personal data in the log
            log.warning("start-up integrity check failed to run: %s", type(exc).__name__)
            result = StartupCheck(False, None)
        self.result = result
        self._event.set()
        self._done.emit()  # queued: _finished runs on the GUI thread

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the check has finished; True when it finished within ``timeout``."""
        return self._event.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._event.is_set()

    @property
    def failed(self) -> bool:
        """True once the check has finished and found the file damaged."""
        return self.result is not None and not self.result.ok

    def take_failure(self) -> StartupCheck | None:
        """The failed result, once: whoever takes it handles the recovery (None when sound or running)."""
        if not self.failed or self._taken:
            return None
        self._taken = True
        return self.result

    @Slot()
    def _finished(self) -> None:
        if not self.failed or self._taken:
            return
        # Stop work now. The user may already be signed in and working; what was written since
        # start does not matter much: the check only reads, and recovery sets the damaged file
        # aside (renamed, never deleted), so nothing written there is destroyed.
        self.stop_work()

    def stop_work(self) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        stop_idle_lock()
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()  # ends the dialog's exec(): sign_in returns None
        for widget in app.topLevelWidgets():
            if widget.isVisible():
                widget.hide()  # hide, not close: no "unsaved changes" prompt on a damaged file
        if self.in_main_loop:
            # Only then: exit() outside app.exec() would leave the thread "quitting", and every
            # later dialog (the recovery offer, the next login) would return at once.
            app.exit(EXIT_CHECK_FAILED)


EXIT_CHECK_FAILED = 3  # event-loop exit code when the integrity check stopped the session


def start_integrity_check(url: str) -> IntegrityCheck | None:
    """Start the quick_check of an SQLite database in the background; None when there is nothing
    to check (PostgreSQL, or a file that does not exist yet or is empty)."""
    ACTIVE.pop("integrity_check", None)
    path = sqlite_path(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    check = IntegrityCheck(path).start()
    ACTIVE["integrity_check"] = check
    return check


def check_before_open(url: str, parent: QWidget | None = None) -> bool:
    """Quick integrity check of an SQLite database, run up front (blocking); offer the newest sound
    backup when it fails. Returns False when the app should not go on (damaged and not recovered).
    """
    path = sqlite_path(url)
    if path is None:
        return True
    check = backup_service.startup_check(path)
    if check.ok:
        return True
    return offer_recovery(path, check, parent)


def offer_recovery(path: Path, check: StartupCheck, parent: QWidget | None = None) -> bool:
    """The database at ``path`` failed its integrity check: offer the newest sound backup.

    Call it with every engine on ``path`` closed. Returns True when a backup was put in place (the
    damaged file is set aside, never deleted), False when the app should stop.
    """
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


def stop_idle_lock() -> None:
    """Stop and detach the session's idle watcher (the session ends without a lock prompt)."""
    watcher = ACTIVE.pop("idle_watcher", None)
    app = QApplication.instance()
    if isinstance(watcher, IdleWatcher):
        watcher.pause()
        if app is not None:
            app.removeEventFilter(watcher)


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
    """Today's automatic backup in a background thread (a large database takes a few seconds).

    While the start-up integrity check of the same file is still running, the backup waits for it
    and is skipped when it fails: a copy of a damaged file must not rotate a good backup out.
    """
    if db.path is None:
        return None
    check = ACTIVE.get("integrity_check")
    if not (isinstance(check, IntegrityCheck) and check.path == db.path):
        check = None

    def work() -> None:
        if check is not None:
            check.wait()
            if check.failed:
                log.info("automatic backup skipped: the integrity check failed")
                return
        try:
            made = backup_service.auto_backup_if_due(db)
            if made is not None:
                log.info("automatic backup written: %s", Path(made).name)
        except Exception as exc:  # never personal data in the log: only the kind of failure
            log.warning("automatic backup failed: %s", type(exc).__name__)

    thread = threading.Thread(target=work, name="cadangan-otomatis", daemon=True)
    thread.start()
    return thread
