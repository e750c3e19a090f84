"""Bookkeeping of exchange packages: the version of each record last exchanged with each office."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mutasi_desktop.db.base import Base, IdMixin, utcnow


class PertukaranRekam(IdMixin, Base):
    """``sha256`` of record ``uuid`` as last sent to or received from office ``kantor_kode``.

    It is the common ancestor of a three-way comparison: a record whose local hash and incoming
    hash both differ from it was changed on both sides since the last exchange (a conflict).
    """

    __tablename__ = "pertukaran_rekam"
    __table_args__ = (UniqueConstraint("kantor_kode", "uuid", name="uq_pertukaran_rekam_kantor_uuid"),)

    kantor_kode: Mapped[str] = mapped_column(String(40))
    entitas: Mapped[str] = mapped_column(String(40))
    uuid: Mapped[str] = mapped_column(String(36))
    sha256: Mapped[str] = mapped_column(String(64))
    waktu: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
