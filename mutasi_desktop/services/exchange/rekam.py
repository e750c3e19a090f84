"""``pertukaran_rekam``: the hash of each record as last exchanged with each partner office."""

from __future__ import annotations

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.models import PertukaranRekam

_TABLE: Table = PertukaranRekam.__table__  # type: ignore[assignment]


def load_rekam(session: Session, kantor: str) -> dict[str, str]:
    rows = session.execute(
        select(PertukaranRekam.uuid, PertukaranRekam.sha256).where(PertukaranRekam.kantor_kode == kantor)
    )
    return {u: h for u, h in rows}


def save_rekam(session: Session, kantor: str, hashes: dict[str, tuple[str, str]]) -> None:
    """Record ``uuid → (entitas, sha256)`` as the last exchanged versions with ``kantor`` (bulk upsert)."""
    if not hashes:
        return
    existing = {
        u: (ident, h)
        for ident, u, h in session.execute(
            select(PertukaranRekam.id, PertukaranRekam.uuid, PertukaranRekam.sha256).where(
                PertukaranRekam.kantor_kode == kantor
            )
        )
    }
    now = utcnow()
    new_rows = []
    changed = []
    for uuid, (entitas, sha) in hashes.items():
        known = existing.get(uuid)
        if known is None:
            new_rows.append({"kantor_kode": kantor, "entitas": entitas, "uuid": uuid, "sha256": sha, "waktu": now})
        elif known[1] != sha:
            changed.append({"_id": known[0], "_sha": sha, "_waktu": now})
    if new_rows:
        session.execute(insert(_TABLE), new_rows)
    if changed:
        session.execute(
            update(_TABLE).where(_TABLE.c.id == bindparam("_id")).values(
                sha256=bindparam("_sha"), waktu=bindparam("_waktu")
            ),
            changed,
            execution_options={"synchronize_session": False},
        )
