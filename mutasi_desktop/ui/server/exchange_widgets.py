"""Pieces the exchange tabs share: a table view, a status line, running work in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, OK_STYLE

PACKAGE_FILTER = "Paket pertukaran (*.mpk);;Semua berkas (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Pertukaran", text)


def make_table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class StatusLine(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_ok(self, text: str) -> None:
        self.setStyleSheet(OK_STYLE)
        self.setText(text)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)


def error_message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, DomainError) else tr("Terjadi kesalahan: ") + str(exc)


class ExchangeTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Where the office's private key lives; None = the data folder's keys/ (tests point elsewhere).
        self.keys_dir: Path | None = ctx.extras.get("keys_dir")

    def run(self, fn: Callable[[], Any], success: Callable[[Any], None], failure: Callable[[BaseException], None],
            name: str) -> None:
        """In the background when a task runner is present, else at once (first start, tests)."""
        runner = getattr(self.ctx.tasks, "run", None)
        if runner is None:
            try:
                result = fn()
            except Exception as exc:
                failure(exc)
            else:
                success(result)
            return
        runner(lambda _task: fn(), success=success, failure=failure, name=name)
