"""Batas OPD in the write services: an Operator limited to some OPD changes only pegawai (and
their history and aspirasi) whose unit kerja lies inside it. The lists it sees are scoped too
(``pegawai_query``); this is the check that holds whatever screen or link led to the write."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.roles import Actor, Izin, require_unit


def require_unit_in_opd(session: Session, actor: Actor, unit_id: int | None,
                        izin: Izin = Izin.KELOLA_PEGAWAI) -> None:
    """Raise AksesDitolak when ``actor`` is limited to some OPD and ``unit_id`` (None: no unit)
    lies outside it."""
    if not actor.batas_opd:
        return
    unit = session.get(UnitKerja, unit_id) if unit_id is not None else None
    require_unit(actor, izin, unit.path if unit is not None else None, unit_nama=unit.nama if unit is not None else "")


def require_pegawai_in_opd(session: Session, actor: Actor, pegawai_id: int | None) -> None:
    """:func:`require_unit_in_opd` for the pegawai's own unit kerja."""
    if not actor.batas_opd:
        return
    pegawai = session.get(Pegawai, pegawai_id) if pegawai_id is not None else None
    if pegawai is not None:  # an unknown pegawai is the caller's validation message
        require_unit_in_opd(session, actor, pegawai.unit_id)
