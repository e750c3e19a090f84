"""What every screen receives: the database, the signed-in user, and the background task runner.

Screens get this small context (or just the parts they need), never the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Actor


@dataclass
class AppContext:
    db: Database
    actor: Actor
    # ui.tasks.TaskRunner; typed loosely to keep this module import-light.
    tasks: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
    # navigate("pegawai", {"filter": PegawaiFilter(...)}) switches the main window to a page and
    # hands it the payload (the page's ``apply_navigation(payload)`` receives it). None in tests.
    navigate: Callable[[str, dict[str, Any] | None], None] | None = None

    def go(self, key: str, payload: dict[str, Any] | None = None) -> None:
        if self.navigate is not None:
            self.navigate(key, payload)
