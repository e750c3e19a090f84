"""The real start-up path: a new database runs the setup wizard, then the main window opens;
a damaged database is offered its newest sound backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.services import accounts_service, backup_service
from mutasi_desktop.ui import app as app_module
from mutasi_desktop.ui.security import login_flow
from mutasi_desktop.ui.security.setup_wizard import SetupWizard
from tests.db.security_helpers import setup_office, use_fast_hasher


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


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
    def give_up() -> None:  # never hang CI: close whatever modal is open, then stop the loop
        for w in QApplication.topLevelWidgets():
            w.close()
        QApplication.instance().quit()  # type: ignore[union-attr]

    QTimer.singleShot(30_000, give_up)
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
