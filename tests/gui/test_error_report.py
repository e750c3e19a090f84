"""An unexpected error in a slot is logged to a file and told to the clerk in Indonesian."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from mutasi_desktop.ui import app as app_module
from mutasi_desktop.ui.error_report import LOG_NAME, UnexpectedErrorReporter, start_log_file


def _raise(exc: BaseException) -> tuple[Any, ...]:
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_unexpected_error_is_logged_and_told_once(qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text)))
    reporter = UnexpectedErrorReporter(start_log_file(tmp_path))
    info = _raise(AttributeError("'PegawaiDetail' object has no attribute 'nip'"))
    reporter(*info)
    reporter(*info)  # the same error again at once (e.g. every repaint): logged, not a second box
    assert len(shown) == 1
    assert "kesalahan tak terduga (AttributeError)" in shown[0] and str(tmp_path / LOG_NAME) in shown[0]
    assert "PegawaiDetail" not in shown[0]  # no English technical text for the clerk
    logged = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in logged and "has no attribute 'nip'" in logged
    # A file still open in Excel reads as what to do about it.
    reporter(*_raise(PermissionError(13, "Permission denied", "rekap.xlsx")))
    assert len(shown) == 2 and "Tutup berkas itu" in shown[1]


def test_run_app_reports_errors_while_it_runs_and_restores_the_hook(qapp: Any, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    before = sys.excepthook

    def fake_open_and_run(_app: Any, _url: str) -> int:
        seen.append(sys.excepthook)
        return 0

    monkeypatch.setattr(app_module, "_open_and_run", fake_open_and_run)
    assert app_module.run_app(f"sqlite:///{tmp_path / 'x.db'}") == 0
    assert isinstance(seen[0], UnexpectedErrorReporter)
    assert seen[0].log_path is not None and seen[0].log_path.name == LOG_NAME
    assert sys.excepthook is before
