"""The real start-up path: a new database runs the setup wizard, then the main window opens;
a damaged database is offered its newest sound backup, whether the background integrity check
ends while the login dialog is up or after the main window is shown; a sound one starts quietly."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import accounts_service, backup_service
from mutasi_desktop.ui import app as app_module
from mutasi_desktop.ui.security import login_flow
from mutasi_desktop.ui.security.login_dialog import LoginDialog
from mutasi_desktop.ui.security.setup_wizard import SetupWizard
from tests.db.security_helpers import ADMIN_PASSWORD, setup_office, use_fast_hasher


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


_TIMERS: list[QTimer] = []


@pytest.fixture(autouse=True)
def _stop_timers() -> Iterator[None]:
    """The pollers and 30 s guards of a test must not fire in a later test's event loop."""
    yield
    for timer in _TIMERS:
        timer.stop()
    _TIMERS.clear()
    login_flow.stop_idle_lock()


def _give_up() -> None:  # never hang CI: close whatever modal is open, then stop the loop
    for w in QApplication.topLevelWidgets():
        w.close()
    QApplication.instance().quit()  # type: ignore[union-attr]


def _timer(ms: int, slot: Callable[[], None], *, repeat: bool = False) -> QTimer:
    timer = QTimer()
    timer.setSingleShot(not repeat)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    timer.start()
    _TIMERS.append(timer)
    return timer


def test_first_start_runs_setup_then_opens_main_window(tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    events: list[str] = []

    def drive() -> None:
        wizard = next((w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard) and w.isVisible()),
                      None)
        if wizard is None:
            QTimer.singleShot(50, drive)
            return
        events.append("wizard")
        wizard.instansi_page.nama_daerah.setText("Kota Contoh")
        wizard.next()
        page = wizard.admin_page
        page.nama.setText("Admin Kota")
        page.username.setText("admin.kota")
        page.password.setText("Kopi-Tubruk-Pagi-9")
        page.repeat.setText("Kopi-Tubruk-Pagi-9")
        wizard.button(wizard.WizardButton.FinishButton).click()
        QTimer.singleShot(300, check_window)

    def check_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
        events.append("window" if windows else "no-window")
        for w in windows:
            w.close()
        watcher = login_flow.ACTIVE.pop("idle_watcher", None)
        if watcher is not None:
            watcher.pause()  # type: ignore[attr-defined]
        QApplication.instance().quit()  # type: ignore[union-attr]

    QTimer.singleShot(50, drive)
    _timer(30_000, _give_up)
    db_path = tmp_path / "baru.db"
    code = app_module.run_app(f"sqlite:///{db_path}")
    assert code == 0 and events == ["wizard", "window"]
    db = Database(f"sqlite:///{db_path}")
    try:
        assert not accounts_service.needs_setup(db)
        assert accounts_service.login(db, "admin.kota", "Kopi-Tubruk-Pagi-9").actor.username == "admin.kota"
    finally:
        db.dispose()


def test_damaged_database_is_offered_the_latest_backup(tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "kantor.db"
    db = open_database(f"sqlite:///{db_path}").database
    setup_office(db)
    good = backup_service.auto_backup_if_due(db)
    assert good is not None
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    data = bytearray(db_path.read_bytes())
    data[4096:4096 * 3] = b"\xa5" * (4096 * 2)
    db_path.write_bytes(bytes(data))
    asked: list[str] = []

    def answer(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    assert login_flow.check_before_open(f"sqlite:///{db_path}")
    assert asked and good.name in asked[0]
    assert backup_service.startup_check(db_path).ok
    assert list(tmp_path.glob("kantor.db.rusak-*"))
    db = Database(f"sqlite:///{db_path}")
    try:
        assert not accounts_service.needs_setup(db)
    finally:
        db.dispose()


def _damaged_office(tmp_path: Path) -> tuple[Path, Path]:
    """An office database with a good automatic backup, then the root page of the (empty) diklat
    table overwritten: the schema revision and the accounts stay readable, so the file opens and
    the login dialog works; only the background check notices the damage."""
    db_path = tmp_path / "kantor.db"
    db = open_database(f"sqlite:///{db_path}").database
    setup_office(db)
    good = backup_service.auto_backup_if_due(db)
    assert good is not None
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    con = sqlite3.connect(db_path)
    try:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'diklat'").fetchone()[0]
        page = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    data = bytearray(db_path.read_bytes())
    data[page * (root - 1):page * root] = b"\xa5" * page
    db_path.write_bytes(bytes(data))
    assert not backup_service.startup_check(db_path).ok
    return db_path, good


def _gate_the_check(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the background check until the test opens the gate (decides when it ends)."""
    gate = threading.Event()
    real = backup_service.startup_check

    def gated(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(30)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(backup_service, "startup_check", gated)
    return gate


def _record_prompts(monkeypatch: pytest.MonkeyPatch, asked: list[tuple[str, str]],
                    events: list[str] | None = None) -> None:
    """Yes to the recovery offer, No to the demo offer; every prompt is recorded, and the recovery
    offer in ``events`` says whether the session was stopped (no login dialog or window left)."""
    def question(_parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        if events is not None and title == "Basis data rusak":
            still_open = _visible("LoginDialog") + _visible("MainWindow")
            events.append("recovery" if not still_open else "recovery-while-session-open")
        return QMessageBox.StandardButton.Yes if title == "Basis data rusak" else QMessageBox.StandardButton.No

    def critical(_parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))


def _visible(kind: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()]


def _poll(step: Callable[[], bool]) -> None:
    """Call ``step`` every 20 ms until it returns True; a 30 s guard never lets CI hang."""
    def tick() -> None:
        if step():
            poller.stop()

    poller = _timer(20, tick, repeat=True)
    _timer(30_000, _give_up)


def _assert_recovered(db_path: Path, good: Path, asked: list[tuple[str, str]]) -> None:
    recovery = [text for title, text in asked if title == "Basis data rusak"]
    assert len(recovery) == 1 and good.name in recovery[0]
    assert backup_service.startup_check(db_path).ok
    assert list(db_path.parent.glob("kantor.db.rusak-*"))  # set aside, never deleted


def test_check_failing_while_login_dialog_is_up_closes_it_and_recovers(  # type: ignore[no-untyped-def]
        tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path, good = _damaged_office(tmp_path)
    gate = _gate_the_check(monkeypatch)
    asked: list[tuple[str, str]] = []
    events: list[str] = []
    _record_prompts(monkeypatch, asked, events)
    seen: list[QWidget] = []

    def step() -> bool:
        dialogs = _visible("LoginDialog")
        if dialogs and dialogs[0] not in seen:
            seen.append(dialogs[0])
            events.append("login")
            if len(seen) == 1:
                gate.set()  # the check ends now, while the first login dialog is up
            else:  # the recovered file: sign in for real
                dialog = dialogs[0]
                assert isinstance(dialog, LoginDialog)
                dialog.username.setText("admin")
                dialog.password.setText(ADMIN_PASSWORD)
                dialog.try_login()
        windows = _visible("MainWindow")
        if windows:
            events.append("window")
            for w in windows:
                w.close()
            login_flow.stop_idle_lock()
            return True
        return False

    _poll(step)
    code = app_module.run_app(f"sqlite:///{db_path}")
    assert code == 0
    assert events == ["login", "recovery", "login", "window"]
    _assert_recovered(db_path, good, asked)


def test_check_failing_after_login_stops_the_main_window_and_recovers(  # type: ignore[no-untyped-def]
        tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path, good = _damaged_office(tmp_path)
    gate = _gate_the_check(monkeypatch)
    asked: list[tuple[str, str]] = []
    events: list[str] = []
    _record_prompts(monkeypatch, asked, events)
    monkeypatch.setattr(app_module, "login_hook", lambda db, parent=None: SYSTEM)
    seen: list[QWidget] = []

    def step() -> bool:
        windows = _visible("MainWindow")
        if windows and windows[0] not in seen:
            seen.append(windows[0])
            events.append("window")
            if len(seen) == 1:
                gate.set()  # the user is already at work when the check fails
            else:
                windows[0].close()
                return True
        return False

    _poll(step)
    code = app_module.run_app(f"sqlite:///{db_path}")
    assert code == 0
    assert events == ["window", "recovery", "window"]
    _assert_recovered(db_path, good, asked)


def test_declining_recovery_after_login_exits_without_replacing_the_file(  # type: ignore[no-untyped-def]
        tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path, _good = _damaged_office(tmp_path)
    damaged = db_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    monkeypatch.setattr(app_module, "login_hook", lambda db, parent=None: SYSTEM)
    _poll(lambda: False)  # only the 30 s guard: the check itself must end the session
    assert app_module.run_app(f"sqlite:///{db_path}") == 2
    assert db_path.read_bytes() == damaged
    assert not list(tmp_path.glob("kantor.db.rusak-*"))


def test_sound_database_starts_without_any_prompt(tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "kantor.db"
    db = open_database(f"sqlite:///{db_path}").database
    setup_office(db)
    db.dispose()
    asked: list[tuple[str, str]] = []
    _record_prompts(monkeypatch, asked)
    monkeypatch.setattr(app_module, "login_hook", lambda db, parent=None: SYSTEM)
    shown: list[bool] = []

    def step() -> bool:
        check = login_flow.ACTIVE.get("integrity_check")
        windows = _visible("MainWindow")
        if not (windows and isinstance(check, login_flow.IntegrityCheck) and check.finished):
            return False
        if not shown:  # one more round so the check's queued report is delivered first
            shown.append(True)
            return False
        for w in windows:
            w.close()
        return True

    _poll(step)
    assert app_module.run_app(f"sqlite:///{db_path}") == 0
    assert shown
    check = login_flow.ACTIVE["integrity_check"]
    assert isinstance(check, login_flow.IntegrityCheck) and check.result is not None and check.result.ok
    assert all(title != "Basis data rusak" for title, _ in asked)
    assert all(title != "Pemulihan gagal" for title, _ in asked)


def test_no_check_for_postgresql_or_a_new_file(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    assert login_flow.start_integrity_check("postgresql+psycopg://u@localhost/mutasi") is None
    assert login_flow.start_integrity_check(f"sqlite:///{tmp_path / 'baru.db'}") is None


def test_auto_backup_waits_for_the_check_and_skips_a_damaged_file(  # type: ignore[no-untyped-def]
        tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path, good = _damaged_office(tmp_path)
    good.unlink()  # today's backup would otherwise make a new one "not due"
    check = login_flow.start_integrity_check(f"sqlite:///{db_path}")
    assert check is not None
    db = Database(f"sqlite:///{db_path}")
    try:
        made: list[object] = []
        monkeypatch.setattr(backup_service, "auto_backup_if_due", lambda d: made.append(d))
        thread = login_flow.start_auto_backup(db)
        assert thread is not None
        thread.join(30)
        assert check.failed and made == []
    finally:
        db.dispose()
