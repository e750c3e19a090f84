"""Waiting for Qt events in tests without a nested event loop.

Once any test has run ``app.exec()`` and quit (the real start-up path does), Qt 6 makes every
later nested ``QEventLoop.exec()`` return at once, so ``qtbot.waitUntil``/``waitSignal`` stop
waiting. Processing events in a plain loop keeps working.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return True
