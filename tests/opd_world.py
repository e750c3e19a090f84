"""Two OPD of the demo kabupaten, a pegawai in each, and an Operator limited to the first
("Batas OPD"), for the tests of that limit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.roles import Actor, Peran


@dataclass(frozen=True)
class OpdWorld:
    own: int  # the clerk's OPD (unit id)
    other: int  # another OPD
    mine: int  # a pegawai inside the clerk's OPD
    theirs: int  # a pegawai of the other OPD
    clerk: Actor


def opd_world(db: Database) -> OpdWorld:
    with db.session() as s:
        own, other = s.scalars(select(UnitKerja.id).where(UnitKerja.parent_id.is_(None)).order_by(UnitKerja.id)
                               .limit(2)).all()

        def pegawai_in(opd: int) -> int:
            found = s.scalars(select(Pegawai.id).join(UnitKerja, UnitKerja.id == Pegawai.unit_id)
                              .where(UnitKerja.path.like(f"/{opd}/%"))).first()
            assert found is not None
            return found

        mine, theirs = pegawai_in(own), pegawai_in(other)
    clerk = Actor("op.opd", "Operator OPD", frozenset({Peran.OPERATOR}), batas_opd=frozenset({own}))
    return OpdWorld(own, other, mine, theirs, clerk)
