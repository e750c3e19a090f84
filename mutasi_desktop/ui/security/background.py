"""Run a slow call through the app's TaskRunner, or directly when there is none (tests, tools)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget


def run_in_background(tasks: Any, parent: QWidget, fn: Callable[[Any], Any], *,
                      success: Callable[[Any], None], failure: Callable[[BaseException], None],
                      title: str, label: str = "") -> None:
    if tasks is None:
        try:
            result = fn(None)
        except Exception as exc:
            failure(exc)
            return
        success(result)
        return
    tasks.run_with_progress(parent, fn, title=title, label=label or title, success=success, failure=failure,
                            cancellable=False)
