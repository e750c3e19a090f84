"""The background task runner: results and errors come back on the GUI thread; cancel works."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread

from mutasi_desktop.ui.tasks import TaskCancelled, TaskRunner
from tests.gui.qt_wait import wait_for


def test_success_runs_off_the_gui_thread_and_calls_back_on_it(tasks: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(task) -> int:  # type: ignore[no-untyped-def]
        seen["worker_is_gui"] = QThread.currentThread() is gui
        seen["worker_thread"] = threading.get_ident()
        task.progress(1, 2, "setengah")
        return 42

    progress: list[tuple[int, int, str]] = []

    def success(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = threading.get_ident()

    tasks.run(work, success=success, progress=lambda d, t, s: progress.append((d, t, s)))
    assert wait_for(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker_is_gui"] is False
    assert seen["callback_thread"] == threading.get_ident() != seen["worker_thread"]
    tasks.wait_idle()
    assert progress == [(1, 2, "setengah")]


def test_failure_is_delivered(tasks: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def work(_task) -> None:  # type: ignore[no-untyped-def]
        raise ValueError("rusak")

    tasks.run(work, success=lambda _v: None, failure=errors.append)
    assert wait_for(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "rusak"


def test_cancel_stops_worker_and_suppresses_callbacks(tasks: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    stopped: list[str] = []
    called: list[object] = []

    def work(task) -> str:  # type: ignore[no-untyped-def]
        started.set()
        try:
            for i in range(500):
                task.progress(i, 500)
                time.sleep(0.01)
        except TaskCancelled:
            stopped.append("cancelled")
            raise
        return "selesai"

    handle = tasks.run(work, success=called.append, failure=called.append)
    assert started.wait(5)
    handle.cancel()
    assert tasks.wait_idle(10_000)
    assert stopped == ["cancelled"]
    assert called == []
    assert tasks.active_count == 0
