"""GUI fixtures: an AppContext with a task runner over the demo kabupaten."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.ui.app_context import AppContext


@pytest.fixture
def tasks(qapp):  # type: ignore[no-untyped-def]
    from mutasi_desktop.ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def demo_ctx(demo_db: Database, tasks) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    yield AppContext(db=demo_db, actor=SYSTEM, tasks=tasks)


@pytest.fixture
def empty_ctx(db: Database, tasks) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    yield AppContext(db=db, actor=SYSTEM, tasks=tasks)


@pytest.fixture
def main_window(demo_ctx: AppContext, qtbot):  # type: ignore[no-untyped-def]
    from mutasi_desktop.ui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    demo_ctx.tasks.wait_idle()
    yield window
    demo_ctx.tasks.wait_idle()


# A QMessageBox / file or input dialog left open by a test (or by a widget's close handler at
# teardown) would wait for a click forever and hang the whole run. Modal dialogs still run a
# nested event loop, so a timer can find such a dialog, close it and fail the test instead.
_MODAL_PATIENCE_S = 10


@pytest.fixture(autouse=True)
def _no_hanging_modal_dialogs(qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

    ticks: dict[int, int] = {}
    closed: list[str] = []

    def sweep() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, QMessageBox | QFileDialog | QInputDialog):
            return
        ticks[id(widget)] = ticks.get(id(widget), 0) + 1
        if ticks[id(widget)] >= _MODAL_PATIENCE_S:
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            closed.append(f"{type(widget).__name__}: {text}")
            widget.reject()

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(sweep)
    timer.start()
    yield
    timer.stop()
    if closed:
        pytest.fail(f"dialog modal dibiarkan terbuka lebih dari {_MODAL_PATIENCE_S} detik: {closed}")
