"""Helpers for bulk rows: deterministic uuids and the TrackedMixin columns."""

from __future__ import annotations

import random
import uuid
from datetime import datetime
from typing import Any

from mutasi_desktop.db.base import utcnow


class RowFactory:
    """Adds uuid/version/timestamps to bulk-inserted rows; uuids follow the seed."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.now: datetime = utcnow()

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def tracked(self, **values: Any) -> dict[str, Any]:
        values.setdefault("uuid", self.uuid())
        values.setdefault("version", 1)
        values.setdefault("created_at", self.now)
        values.setdefault("updated_at", self.now)
        values.setdefault("updated_by", "demo")
        return values
