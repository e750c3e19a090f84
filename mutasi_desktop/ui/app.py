"""Application start-up: QApplication, database, sign-in, first-run demo offer, main window.

``mutasi gui`` calls :func:`run_app`. Start-up imports only what the first screen needs; pages,
ReportLab, openpyxl and the demo builder are imported when first used.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mutasi_desktop import APP_ID, APP_NAME, __version__
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.errors import DatabaseOpenError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.resource_files import resources_dir
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEMO_PEGAWAI = 3000  # size of the demo kabupaten offered on first start


def login_hook(db: Database, parent: QWidget | None = None) -> Actor | None:
    """Who uses the app this session; ``None`` means the user gave up and the app quits.

    First start (no user yet): the setup wizard (instansi profile and first Administrator);
    otherwise the login dialog, a forced password change after a reset, then the idle lock and
    today's automatic backup start (``ui/security/login_flow.py``).
    """
    from mutasi_desktop.ui.security.login_flow import sign_in

    return sign_in(db, parent)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with high-DPI handling and names set (idempotent for tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scale factors (125 %, 150 % on Windows laptops) render crisply instead of rounding.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setStyle("Fusion")
    from mutasi_desktop.ui import qt_texts_id

    app.setProperty("_qt_texts_id", qt_texts_id.install(app))  # Ya/Tidak/Batal on Qt's own buttons
    qt_texts_id.use_indonesian_locale()
    icon = resources_dir() / "icons" / "mutasi.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def database_is_empty(db: Database) -> bool:
    """True when there is neither a unit kerja nor any pegawai (a brand-new database).

    The instansi profile does not count: the first-start setup wizard has just written it.
    """
    from sqlalchemy import select

    from mutasi_desktop.db.models import Pegawai, UnitKerja

    with db.session() as s:  # EXISTS-style probes: counting 100,000 rows would slow start-up
        pegawai = s.scalar(select(Pegawai.id).limit(1))
        unit = s.scalar(select(UnitKerja.id).limit(1))
    return pegawai is None and unit is None


def show_open_error(message: str, parent: QWidget | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Aplikasi", "Basis data tidak dapat dibuka"))
    box.setText(QCoreApplication.translate("Aplikasi", "Mutasi Desktop tidak dapat membuka basis data."))
    box.setInformativeText(message)
    box.exec()


def offer_demo(ctx: AppContext, parent: QWidget, *, on_done: Callable[[], None]) -> bool:
    """Ask whether to fill an empty database with the synthetic demo kabupaten.

    Returns True when the demo is being built (``on_done`` is called afterwards on the GUI thread).
    """
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("Aplikasi", "Basis data masih kosong"),
        QCoreApplication.translate(
            "Aplikasi",
            "Basis data ini belum berisi data.\n\nIsi dengan kabupaten contoh (data sintetis, "
            "3.000 pegawai) agar aplikasi dapat langsung dicoba?",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    db = ctx.db

    def work(task: Any) -> Any:
        from mutasi_desktop.services.demo import build_demo

        def progress(step: str, done: int, total: int) -> None:
            task.progress(done, total, step)

        return build_demo(db, pegawai=DEMO_PEGAWAI, progress=progress)

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(
            parent,
            QCoreApplication.translate("Aplikasi", "Data contoh gagal dibuat"),
            str(getattr(exc, "message", exc)),
        )
        on_done()

    ctx.tasks.run_with_progress(
        parent,
        work,
        title=QCoreApplication.translate("Aplikasi", "Membuat data contoh"),
        label=QCoreApplication.translate("Aplikasi", "Menyiapkan kabupaten contoh..."),
        success=lambda _summary: on_done(),
        failure=failed,
        cancellable=False,  # the demo builder writes in one go; stopping halfway would leave a partial kabupaten
        min_duration_ms=0,
    )
    return True


def build_main_window(ctx: AppContext) -> QWidget:
    from mutasi_desktop.ui.main_window import MainWindow

    return MainWindow(ctx)


def run_app(url: str, *, argv: list[str] | None = None) -> int:
    """Open the database at ``url`` and run the desktop app until the user quits.

    When the start-up integrity check finds the file damaged and the user accepts the newest
    sound backup, the whole open sequence starts again on the recovered file.
    """
    from mutasi_desktop.ui.error_report import install_error_reporting

    app = make_application(argv)
    previous_hook = sys.excepthook
    install_error_reporting()  # an error in a slot is logged and told, not lost on a missing console
    try:
        while True:
            code = _open_and_run(app, url)
            if code is not None:
                return code
    finally:
        sys.excepthook = previous_hook


def _needs_upgrade(path: Path) -> bool:
    from mutasi_desktop.db.migrate import head_revision
    from mutasi_desktop.db.sqlite_backup import schema_revision

    try:
        return schema_revision(path) != head_revision()
    except Exception:  # unreadable: open_database says why
        return False


def _open_and_run(app: QApplication, url: str) -> int | None:
    """One open sequence; None means "a backup was put in place: start again"."""
    from mutasi_desktop.db.migrate import open_database
    from mutasi_desktop.ui.security import login_flow
    from mutasi_desktop.ui.security.login_flow import EXIT_CHECK_FAILED

    # SQLite's quick_check (about a second on a 400 MB file) runs in a background thread from here
    # on, while the database opens and the login dialog is up; a failure stops the session
    # wherever it is (login_flow.IntegrityCheck) and lands in recover() below. PostgreSQL: no check.
    check = login_flow.start_integrity_check(url)

    def recover(db: Database | None) -> int | None:
        assert check is not None
        failure = check.take_failure()
        assert failure is not None
        if db is not None:
            db.dispose()  # every connection closed before the file is set aside
        return None if login_flow.offer_recovery(check.path, failure) else 2

    if check is not None and _needs_upgrade(check.path):
        check.wait()  # never run a schema upgrade (a write) on a file that may be damaged
    if check is not None and check.failed:
        return recover(None)
    try:
        result = open_database(url, check_integrity=False)  # the background check covers it
    except DatabaseOpenError as exc:
        if check is not None:
            check.wait()  # a damaged file may fail to open at all: offer the backup, not just a message
            if check.failed:
                return recover(None)
        show_open_error(exc.message)
        return 2
    db = result.database

    def damaged_after(exc: Exception) -> bool:
        """A query failed before the check ended: was it the damage the check is looking for?"""
        if check is None:
            return False
        log.warning("start-up stopped by %s; waiting for the integrity check", type(exc).__name__)
        check.wait()
        return check.failed

    try:
        actor = login_hook(db)
    except Exception as exc:  # e.g. sqlite3.DatabaseError on a damaged page
        if damaged_after(exc):
            return recover(db)
        raise
    if check is not None and check.failed:  # found during sign-in (the dialog was closed for it)
        return recover(db)
    if actor is None:
        login_flow.stop_idle_lock()
        db.dispose()
        return 0
    tasks = TaskRunner(app)
    ctx = AppContext(db=db, actor=actor, tasks=tasks)
    try:
        window = build_main_window(ctx)
    except Exception as exc:
        if damaged_after(exc):
            tasks.shutdown()
            login_flow.stop_idle_lock()
            return recover(db)
        raise
    window.show()
    if result.upgraded_from is not None:
        window.statusBar().showMessage(  # type: ignore[attr-defined]
            QCoreApplication.translate("Aplikasi", "Skema basis data diperbarui; cadangan: %1").replace(
                "%1", str(result.backup_path)
            ),
            10_000,
        )

    def reload_pages() -> None:
        for page in getattr(window, "_pages", {}).values():
            refresh = getattr(page, "refresh", None)
            if refresh is not None:
                refresh()

    def first_start_check() -> None:
        if check is not None and check.failed:
            return
        try:
            empty = database_is_empty(db)
        except Exception:  # pragma: no cover - a damaged database already failed in open_database
            log.exception("could not check whether the database is empty")
            return
        if empty:
            offer_demo(ctx, window, on_done=reload_pages)

    QTimer.singleShot(0, first_start_check)  # after the window has painted
    # Failed between sign-in and now: skip the event loop (exit() only ends a running one).
    if check is not None and check.failed:
        code = EXIT_CHECK_FAILED
    else:
        if check is not None:
            check.in_main_loop = True
        code = app.exec()
        if check is not None:
            check.in_main_loop = False
    # Closing the last window posts a second Quit; delivered after exec() returned it would leave
    # Qt "quitting", and every later event loop in this process (tests, a re-run) would end at once.
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    tasks.shutdown()
    if check is not None and check.failed:  # the check stopped the session after sign-in
        # The user may have saved changes before the check ended. Acceptable: the check itself
        # only reads, and recovery renames the damaged file aside (never deletes it), so whatever
        # was written there can still be salvaged by hand.
        window.hide()
        window.deleteLater()
        login_flow.stop_idle_lock()
        return recover(db)
    db.dispose()
    return int(code)
