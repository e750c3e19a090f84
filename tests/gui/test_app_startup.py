"""Start-up: a database that cannot be opened gives an Indonesian message; an empty one offers the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.ui import app as app_module
from mutasi_desktop.ui.app_context import AppContext
from tests.gui.qt_wait import wait_for


def test_unopenable_database_shows_indonesian_message(tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "bukan.db"
    bogus.write_text("ini bukan basis data")
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_open_error", lambda message, parent=None: shown.append(message))
    code = app_module.run_app(f"sqlite:///{bogus}")
    assert code == 2
    assert shown and "bukan basis data Mutasi Desktop" in shown[0]


def test_show_open_error_builds_a_critical_box(monkeypatch: pytest.MonkeyPatch, qapp) -> None:  # type: ignore[no-untyped-def]
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self) or 0)
    app_module.show_open_error("Berkas rusak.")
    assert boxes[0].informativeText() == "Berkas rusak."
    assert boxes[0].icon() == QMessageBox.Icon.Critical


def test_empty_database_is_detected_and_demo_built_in_background(db: Database, tasks, qtbot,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert app_module.database_is_empty(db)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(app_module, "DEMO_PEGAWAI", 40)
    ctx = AppContext(db=db, actor=SYSTEM, tasks=tasks)
    done: list[bool] = []
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    assert app_module.offer_demo(ctx, parent, on_done=lambda: done.append(True))
    assert wait_for(lambda: bool(done), timeout=60)
    assert not app_module.database_is_empty(db)


def test_login_hook_delegates_to_the_security_sign_in(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # The dialogs themselves are tested in tests/gui/test_security_*.py.
    from mutasi_desktop.ui.security import login_flow

    monkeypatch.setattr(login_flow, "sign_in", lambda db, parent=None: SYSTEM)
    assert app_module.login_hook(db) is SYSTEM
