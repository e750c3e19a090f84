"""A PostgreSQL server that goes away while the app runs: Indonesian messages, and pages that recover."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QLabel
from sqlalchemy.exc import OperationalError

from mutasi_desktop.ui import navigation
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.placeholder_page import PageErrorPage
from mutasi_desktop.ui.widgets.errors import pesan_galat

_CALLS = {"n": 0}


def _server_down() -> OperationalError:
    engine = sa.create_engine("postgresql+psycopg://mutasi@127.0.0.1:1/mutasi")  # nothing listens on port 1
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError("port 1 answered")


def flaky_page(ctx: AppContext) -> Any:
    """The first opening meets a server that is down; the next one works."""
    _CALLS["n"] += 1
    if _CALLS["n"] == 1:
        raise _server_down()
    return QLabel("Organisasi dimuat")


def test_lost_server_and_locked_file_are_said_in_indonesian() -> None:
    text = pesan_galat(_server_down())
    assert "Koneksi ke server basis data terputus" in text
    assert "psycopg" not in text and "sqlalche.me" not in text and "Connection refused" not in text
    locked = OperationalError("UPDATE pegawai", {}, sqlite3.OperationalError("database is locked"))
    assert "terkunci" in pesan_galat(locked)


def test_a_page_that_failed_to_load_can_be_tried_again(demo_ctx: AppContext, qtbot: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "PAGES", list(navigation.PAGES))
    navigation.set_page_factory("organisasi", f"{__name__}:flaky_page")
    _CALLS["n"] = 0
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    window.navigate("organisasi")
    page = window.current_page()
    assert isinstance(page, PageErrorPage)
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "Koneksi ke server basis data terputus" in texts and "psycopg" not in texts
    assert page.retry_button is not None
    page.retry_button.click()  # the server is back
    again = window.current_page()
    assert not isinstance(again, PageErrorPage) and again.text() == "Organisasi dimuat"
    window.navigate("beranda")
    window.navigate("organisasi")  # the stack still finds the right page
    assert window.current_page() is again and window.stack.currentWidget() is again
