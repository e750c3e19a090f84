"""Run a slow call through the app's TaskRunner, or directly when there is none (tests, tools)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget


def run_in_background(tasks: Any, parent: QWidget, fn: Callable[[Any], Any], *,
                      success: Callable[[Any], None], failure: Callable[[BaseException], None],
                      title: str, label: str = "", quiet: bool = False) -> None:
    if tasks is None:
        try:
            result = fn(None)
        except Exception as exc:
            failure(exc)
            return
        success(result)
        return
    if quiet:  # no progress dialog (work the user did not ask for, e.g. a check on opening)
        tasks.run(fn, success=success, failure=failure, name=title)
        return
    tasks.run_with_progress(parent, fn, title=title, label=label or title, success=success, failure=failure,
                            cancellable=False)
