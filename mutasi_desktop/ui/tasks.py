"""Background operations: run a callable off the GUI thread, report back on the GUI thread.

Modelled on Anki's ``QueryOp``: the worker function receives a :class:`TaskContext` (progress
callback and cancellation token) and returns a value; ``success`` or ``failure`` is then called
on the GUI thread. The worker must not touch widgets. Services open their own short session, so
a worker simply calls a service function with the ``Database`` it was given.

    ctx.tasks.run(
        lambda task: search(db, actor, flt),
        success=model.show_rows,
        failure=show_error,
    )
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised inside a worker (by :meth:`TaskContext.check`) once the user pressed Batal."""


class CancelToken:
    """Thread-safe flag the GUI sets and the worker polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class TaskContext:
    """What a worker function receives."""

    token: CancelToken
    _emit_progress: Callable[[int, int, str], None]

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress (thread-safe); raises TaskCancelled if the user cancelled."""
        self.check()
        self._emit_progress(int(done), int(total), label)

    def check(self) -> None:
        if self.token.cancelled:
            raise TaskCancelled()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class _Signals(QObject):
    # Emitted from the worker thread; the receivers live in the GUI thread (queued connection).
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], handle: TaskHandle) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the handle keeps it; deleting a running QRunnable from Python is unsafe
        self._fn = fn
        self._handle = handle

    def run(self) -> None:  # worker thread
        handle = self._handle
        ctx = TaskContext(handle.token, handle.signals.progressed.emit)
        try:
            result = self._fn(ctx)
        except BaseException as exc:
            if not isinstance(exc, TaskCancelled | Exception):
                log.error("task %s stopped by %r", handle.name, exc)
            handle.traceback = traceback.format_exc()
            handle.signals.failed.emit(exc)
            return
        handle.signals.succeeded.emit(result)


class TaskHandle:
    """A running (or finished) task. ``cancel()`` asks the worker to stop at its next check."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.token = CancelToken()
        self.signals = _Signals()
        self.done = False
        self.traceback = ""
        self.runnable: _Runnable | None = None

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class TaskRunner(QObject):
    """Runs operations on a private thread pool. One instance lives in ``AppContext.tasks``."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle] = set()

    @property
    def active_count(self) -> int:
        return len(self._active)

    def run(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        name: str = "",
    ) -> TaskHandle:
        """Start ``fn(task_context)`` in the background.

        ``success(result)`` / ``failure(exception)`` run on the GUI thread; a cancelled task
        calls neither (the caller already moved on). Without ``failure`` errors are logged.
        """
        handle = TaskHandle(name or getattr(fn, "__name__", "task"))

        def finish() -> None:
            handle.done = True
            self._active.discard(handle)

        def on_success(result: Any) -> None:
            finish()
            if handle.cancelled:
                return
            if success is not None:
                success(result)

        def on_failure(exc: BaseException) -> None:
            finish()
            if isinstance(exc, TaskCancelled) or handle.cancelled:
                return
            if failure is not None:
                failure(exc)
            else:
                log.error("background task %s failed:\n%s", handle.name, handle.traceback)

        handle.signals.succeeded.connect(on_success, Qt.ConnectionType.QueuedConnection)
        handle.signals.failed.connect(on_failure, Qt.ConnectionType.QueuedConnection)
        if progress is not None:
            handle.signals.progressed.connect(progress, Qt.ConnectionType.QueuedConnection)
        handle.runnable = _Runnable(fn, handle)
        self._active.add(handle)
        self._pool.start(handle.runnable)
        return handle

    def run_with_progress(
        self,
        parent: QWidget | None,
        fn: Callable[[TaskContext], Any],
        *,
        title: str,
        label: str,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
        min_duration_ms: int = 300,
    ) -> TaskHandle:
        """Like :meth:`run`, with a modal progress dialog and a Batal button."""
        dialog = QProgressDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # setValue(0) first: QProgressDialog restarts its show timer only at its minimum value, so
        # without it a task that reports no progress got the dialog after Qt's default 4 s.
        dialog.setValue(0)
        dialog.setMinimumDuration(min_duration_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)
        if cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("Tugas", "Batal"))
        else:
            dialog.setCancelButton(None)

        def on_progress(done: int, total: int, text: str) -> None:
            if total > 0:
                dialog.setRange(0, total)
                dialog.setValue(min(done, total))
            if text:
                dialog.setLabelText(text)

        def close() -> None:
            dialog.reset()
            dialog.close()
            dialog.deleteLater()

        def on_success(result: Any) -> None:
            close()
            if success is not None:
                success(result)

        def on_failure(exc: BaseException) -> None:
            close()
            if failure is not None:
                failure(exc)

        handle = self.run(fn, success=on_success, failure=on_failure, progress=on_progress, name=title)
        # A cancelled task calls neither callback, so the dialog closes itself here.
        dialog.canceled.connect(lambda: (handle.cancel(), close()))
        return handle

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for every task and deliver its callbacks (tests, shutdown)."""
        finished = self._pool.waitForDone(timeout_ms)
        for _ in range(50):
            QCoreApplication.processEvents()
            if not self._active:
                break
            self._pool.waitForDone(50)
        return finished and not self._active

    def shutdown(self) -> None:
        for handle in list(self._active):
            handle.cancel()
        self._pool.waitForDone(10_000)
