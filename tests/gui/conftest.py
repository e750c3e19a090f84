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
