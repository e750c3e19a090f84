"""Draft usul created from a ranking or a placement plan, with the scores that chose them.

Drafting is the usul service's own :func:`usul_service.draft_usul_in_session` (validation, OPD
limit, one open usul per pegawai, numbering, timeline, checklist), run inside the caller's session
so a whole placement plan becomes one batch in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UnitKerja
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, JenisMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.scoring import Bobot, Masukan, skor_seleksi_document
from mutasi_desktop.services.concurrency import tracked_session
from mutasi_desktop.services.usul_dto import UsulDetail
from mutasi_desktop.services.usul_service import UsulInput, draft_usul_in_session
from mutasi_desktop.services.usul_store import detail_of, get_usul_row


def _opd_id(session: Session, unit_id: int) -> int | None:
    """The OPD of a unit: the first ancestor (from the root) of jenis OPD, else the root.

    Cached in ``session.info`` so a batch of usul reads each unit once.
    """
    cache: dict[int, int | None] = session.info.setdefault("selection_opd", {})
    if unit_id not in cache:
        path = session.scalar(select(UnitKerja.path).where(UnitKerja.id == unit_id)) or f"/{unit_id}/"
        ids = [int(p) for p in path.strip("/").split("/") if p] or [unit_id]
        jenis = dict(session.execute(select(UnitKerja.id, UnitKerja.jenis).where(UnitKerja.id.in_(ids))).all())
        cache[unit_id] = next((i for i in ids if jenis.get(i) == "OPD"), ids[0])
    return cache[unit_id]


def jenis_mutasi_internal(session: Session, pegawai: Pegawai, formasi: Formasi) -> str:
    """ANTAR_UNIT_OPD when the target is in the pegawai's own OPD, else ANTAR_OPD."""
    if pegawai.unit_id is not None and _opd_id(session, pegawai.unit_id) == _opd_id(session, formasi.unit_id):
        return JenisMutasi.ANTAR_UNIT_OPD.value
    return JenisMutasi.ANTAR_OPD.value


def draf_dalam_sesi(
    session: Session,
    *,
    by: Actor,
    pegawai_id: int,
    formasi_id: int,
    skor_seleksi: dict[str, Any],
    alasan: str = AlasanMutasi.KEBUTUHAN_ORGANISASI.value,
    tmt: date | None = None,
    batch_id: int | None = None,
    catatan: str = "",
    today: date | None = None,
) -> int:
    """One Draf usul in ``session`` (the caller commits), carrying ``skor_seleksi``; its id."""
    pegawai = session.get(Pegawai, pegawai_id)
    formasi = session.get(Formasi, formasi_id)
    if pegawai is None:
        raise DomainError(f"Pegawai dengan id {pegawai_id} tidak ditemukan", field="pegawai_id")
    if formasi is None:
        raise DomainError(f"Formasi dengan id {formasi_id} tidak ditemukan", field="formasi_id")
    data = UsulInput(
        pegawai_id=pegawai_id, jenis_mutasi=jenis_mutasi_internal(session, pegawai, formasi), alasan=alasan,
        tmt_rencana=tmt, tujuan_formasi_id=formasi_id, batch_id=batch_id, catatan=catatan,
    )  # fmt: skip
    return draft_usul_in_session(
        session, data, by=by, skor_seleksi=skor_seleksi, catatan_timeline="Usul dibuat dari hasil seleksi",
        today=today,
    )  # fmt: skip


def usulkan_kandidat(
    db: Database,
    actor: Actor,
    *,
    formasi_id: int,
    pegawai_id: int,
    masukan: Masukan,
    bobot: Bobot,
    peringkat: int | None,
    jumlah_kandidat: int,
    preset: str | None = None,
    alasan: str = AlasanMutasi.KEBUTUHAN_ORGANISASI.value,
    tmt: date | None = None,
) -> UsulDetail:
    """Draft an usul for a ranked candidate; the ranking's inputs and parts go with it."""
    require(actor, Izin.KELOLA_USUL)
    doc = skor_seleksi_document(
        masukan=masukan, bobot=bobot, formasi_id=formasi_id, peringkat=peringkat,
        jumlah_kandidat=jumlah_kandidat, dihitung_pada=datetime.now().isoformat(timespec="seconds"), preset=preset,
    )  # fmt: skip
    with tracked_session(db, actor=actor, write=True) as session:
        usul_id = draf_dalam_sesi(
            session, by=actor, pegawai_id=pegawai_id, formasi_id=formasi_id, skor_seleksi=doc, alasan=alasan, tmt=tmt
        )
        return detail_of(session, get_usul_row(session, usul_id))
