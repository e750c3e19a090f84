"""Office settings stored as JSON documents in the ``setting`` table.

Each feature declares its defaults next to the code that uses them (thresholds beside the rule,
texts beside the document) and reads them through :func:`get_setting`; what the office changes is
stored, what it never touched keeps following the shipped default.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.models import Setting


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        return default
    return json.loads(row.value)


def get_settings_dict(session: Session, key: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """A dict setting merged over its defaults (keys added in a later version get their default)."""
    stored = get_setting(session, key, {})
    merged = dict(defaults)
    if isinstance(stored, dict):
        merged.update(stored)
    return merged


def set_setting(session: Session, key: str, value: Any, *, by: str | None = None) -> None:
    payload = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        session.add(Setting(key=key, value=payload, updated_by=by))
    else:
        row.value = payload
        row.updated_by = by
