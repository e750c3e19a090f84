"""Reading and changing the rule thresholds (setting ``aturan_mutasi``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.eligibility import RuleSettings
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.candidate_facts import SETTING_KEY, load_rule_settings
from mutasi_desktop.services.settings_service import set_setting


def aturan_mutasi(db: Database, *, by: Actor) -> RuleSettings:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return load_rule_settings(s)


def simpan_aturan_mutasi(db: Database, values: Mapping[str, Any], *, by: Actor) -> RuleSettings:
    """Change some thresholds (e.g. ``{"min_bulan_di_jabatan": 6}`` for the 2025 policy).

    Values are validated as a whole; a bad one raises DomainError naming the key and stores nothing.
    """
    require(by, Izin.KELOLA_PENGATURAN)
    with db.session(actor=by, write=True) as s:
        current = load_rule_settings(s).to_dict()
        current.update(values)
        settings = RuleSettings.from_dict(current)
        set_setting(s, SETTING_KEY, settings.to_dict(), by=by.username)
        audit_service.record(
            s, by, audit_service.Aksi.PENGATURAN, "setting", SETTING_KEY, "Aturan mutasi diubah", dict(values)
        )
        return settings
