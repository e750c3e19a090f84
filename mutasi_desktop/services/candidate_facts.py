"""Facts the eligibility rules need, loaded in a few bulk queries.

The usul workflow checks one pegawai; the candidate ranking checks thousands. Both read the same
:class:`~mutasi_desktop.domain.eligibility.CandidateFacts` and
:class:`~mutasi_desktop.domain.eligibility.TargetFacts`, built here with one query per table
(never one per pegawai), so 100,000 pegawai load in about a second.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.models import (
    Formasi,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    Skp,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.eligibility import (
    CandidateFacts,
    HukdisFact,
    MutasiContext,
    RuleSettings,
    SkpFact,
    TargetFacts,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.pension import bup_for
from mutasi_desktop.domain.usul_states import APPROVED_STATES, IN_PROCESS_STATES, OPEN_STATES
from mutasi_desktop.services.settings_service import get_settings_dict

SETTING_KEY = "aturan_mutasi"
DEFAULT_RULE_SETTINGS: dict[str, Any] = RuleSettings().to_dict()
# Pegawai with these kedudukan no longer occupy a seat of a formasi.
KEDUDUKAN_TIDAK_MENEMPATI = ("PENSIUN", "BERHENTI", "MENINGGAL", "PINDAH_KELUAR")
FALLBACK_BUP = 58  # UU 20/2023 Pasal 55: administrator, pengawas, pelaksana
_IN_CHUNK = 500
FILTER_IN_PYTHON_ABOVE = 5_000  # ids; more are filtered from a whole-table read
_OPEN = tuple(s.value for s in OPEN_STATES)


def load_rule_settings(session: Session) -> RuleSettings:
    """The office's rule thresholds (setting ``aturan_mutasi`` over the shipped defaults)."""
    return RuleSettings.from_dict(get_settings_dict(session, SETTING_KEY, DEFAULT_RULE_SETTINGS))


def load_mutasi_context(
    session: Session,
    *,
    jenis_mutasi: str,
    alasan: str,
    tmt: date,
    today: date | None = None,
    usul_id: int | None = None,
) -> MutasiContext:
    """A :class:`MutasiContext` with the kepala daerah facts of this instansi's profile."""
    instansi = session.scalars(select(Instansi).order_by(Instansi.id).limit(1)).first()
    return MutasiContext(
        jenis_mutasi=jenis_mutasi,
        alasan=alasan,
        tmt=tmt,
        today=today or date.today(),
        kepala_daerah_status=instansi.kepala_daerah_status if instansi else "DEFINITIF",
        kepala_daerah_tmt_pelantikan=instansi.kepala_daerah_tmt_pelantikan if instansi else None,
        usul_id=usul_id,
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def _rows_for(session: Session, stmt: Any, column: Any, ids: Sequence[int] | None) -> list[Any]:
    """Rows of ``stmt`` restricted to ``column IN ids``; a big id set is filtered in Python.

    Rows come straight from the DB-API cursor as tuples (no SQLAlchemy row processing: there may
    be half a million of them), so dates arrive as the driver gives them (see :func:`_date`).
    """
    conn = session.connection()
    if ids is None:
        return _fetch(conn, stmt)
    if len(ids) > FILTER_IN_PYTHON_ABOVE:
        wanted = set(ids)
        return [row for row in _fetch(conn, stmt) if row[0] in wanted]
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows.extend(_fetch(conn, stmt.where(column.in_(chunk))))
    return rows


def _fetch(conn: Any, stmt: Any) -> list[Any]:
    # Rendered with literal values (only ids, years and fixed codes here), as the dialect of the
    # connection writes them, so the same text runs on SQLite and PostgreSQL.
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


@lru_cache(maxsize=65_536)
def _parse_date(text: str) -> date:
    return date.fromisoformat(text[:10])


def _date(value: Any) -> date | None:
    """A DATE column read raw: ISO text on SQLite, a ``date`` already on PostgreSQL."""
    if value is None or isinstance(value, date):
        return value
    return _parse_date(value)


def _date_wajib(value: Any) -> date:
    return value if isinstance(value, date) else _parse_date(value)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while hundreds of thousands of rows become objects.

    None of them forms a cycle, but their number alone keeps triggering full collections that
    walk every live object again (half the time of loading 100,000 pegawai).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_candidate_facts(
    session: Session, pegawai_ids: Iterable[int] | None = None, *, skp_sejak: int | None = None
) -> dict[int, CandidateFacts]:
    """Facts of the given pegawai (all when ``pegawai_ids`` is None), keyed by pegawai id.

    ``skp_sejak``: the first SKP year loaded (default: the years the SKP rule of the office's
    settings looks at).
    """
    with gc_paused():
        return _load_candidate_facts(session, pegawai_ids, skp_sejak)


def _load_candidate_facts(
    session: Session, pegawai_ids: Iterable[int] | None, skp_sejak: int | None
) -> dict[int, CandidateFacts]:
    ids = None if pegawai_ids is None else sorted(set(pegawai_ids))
    since = (
        skp_sejak
        if skp_sejak is not None
        else date.today().year - max(load_rule_settings(session).skp_tahun, 1)
    )

    skp: dict[int, list[SkpFact]] = defaultdict(list)
    skp_stmt = (
        select(Skp.pegawai_id, Skp.tahun, Skp.skala, Skp.nilai, Skp.predikat)
        .where(Skp.tahun >= since)
        .order_by(Skp.pegawai_id, Skp.tahun)
    )
    for pid, tahun, skala, nilai, predikat in _rows_for(session, skp_stmt, Skp.pegawai_id, ids):
        skp[pid].append(SkpFact(tahun, skala, nilai, predikat or ""))

    hukdis: dict[int, list[HukdisFact]] = defaultdict(list)
    hukdis_stmt = select(
        HukumanDisiplin.pegawai_id,
        HukumanDisiplin.tingkat,
        HukumanDisiplin.status,
        HukumanDisiplin.tmt_mulai,
        HukumanDisiplin.tmt_selesai,
    ).where(HukumanDisiplin.status != "SELESAI")
    for pid, tingkat, status, mulai, selesai in _rows_for(
        session, hukdis_stmt, HukumanDisiplin.pegawai_id, ids
    ):
        hukdis[pid].append(
            HukdisFact(tingkat=tingkat, status=status, tmt_mulai=_date(mulai), tmt_selesai=_date(selesai))
        )

    open_usul: dict[int, list[int]] = defaultdict(list)
    usul_stmt = select(UsulMutasi.pegawai_id, UsulMutasi.id).where(UsulMutasi.status.in_(_OPEN))
    for pid, usul_id in _rows_for(session, usul_stmt, UsulMutasi.pegawai_id, ids):
        open_usul[pid].append(usul_id)

    pegawai_stmt = select(
        Pegawai.id,
        Pegawai.nip,
        Pegawai.nama,
        Pegawai.status_kepegawaian,
        Pegawai.kedudukan,
        Pegawai.tanggal_lahir,
        Pegawai.golongan_id,
        Pegawai.pendidikan_tingkat,
        Pegawai.unit_id,
        Pegawai.jabatan_id,
        Pegawai.tmt_jabatan,
        Pegawai.tmt_cpns,
    )
    facts: dict[int, CandidateFacts] = {}
    empty: tuple[Any, ...] = ()
    for pid, nip, nama, status, kedudukan, lahir, gol, pend, unit, jabatan, tmt, cpns in _rows_for(
        session, pegawai_stmt, Pegawai.id, ids
    ):
        # Positional arguments in the field order of CandidateFacts (this loop runs 100,000 times).
        facts[pid] = CandidateFacts(
            pid, nip, nama, status, kedudukan, _date_wajib(lahir), gol, pend, unit, jabatan, _date(tmt), _date(cpns),
            tuple(skp[pid]) if pid in skp else empty,
            tuple(hukdis[pid]) if pid in hukdis else empty,
            tuple(sorted(open_usul[pid])) if pid in open_usul else empty,
        )  # fmt: skip
    return facts


def jabatan_bup(jenis: str, jenjang: str | None, nama: str, stored: int | None) -> int:
    """BUP of a jabatan: the stored value, else the reference table, else 58."""
    if stored:
        return stored
    try:
        return bup_for(jenis, jenjang, nama)
    except DomainError:
        return FALLBACK_BUP


def filled_counts(
    session: Session, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int | None, int | None], int]:
    """Pegawai currently holding each (unit, jabatan): the derived "terisi" of a formasi."""
    stmt = (
        select(Pegawai.unit_id, Pegawai.jabatan_id, func.count())
        .where(Pegawai.unit_id.is_not(None), Pegawai.jabatan_id.is_not(None))
        .where(Pegawai.kedudukan.not_in(KEDUDUKAN_TIDAK_MENEMPATI))
        .group_by(Pegawai.unit_id, Pegawai.jabatan_id)
    )
    counts: dict[tuple[int | None, int | None], int] = {}
    if unit_ids is None:
        for unit_id, jabatan_id, n in session.execute(stmt):
            counts[(unit_id, jabatan_id)] = n
        return counts
    for chunk in _chunks(sorted(set(unit_ids))):
        for unit_id, jabatan_id, n in session.execute(stmt.where(Pegawai.unit_id.in_(chunk))):
            counts[(unit_id, jabatan_id)] = n
    return counts


def load_target_facts(
    session: Session,
    formasi_ids: Iterable[int],
    *,
    usul_id: int | None = None,
    batch_id: int | None = None,
) -> dict[int, TargetFacts]:
    """Facts of the given formasi, keyed by formasi id.

    Seats claimed: usul approved but not yet applied, plus every open usul of ``batch_id`` (the
    batch is judged as a whole). Seats freed: the same kinds of usul moving a holder out. The usul
    ``usul_id`` itself is left out. Other submitted usul are counted in ``incoming_diproses``.
    """
    ids = sorted(set(formasi_ids))
    if not ids:
        return {}
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows.extend(
            session.execute(
                select(
                    Formasi.id,
                    Formasi.unit_id,
                    Formasi.jabatan_id,
                    Formasi.kebutuhan,
                    UnitKerja.aktif,
                    UnitKerja.nama,
                    Jabatan.nama,
                    Jabatan.jenis,
                    Jabatan.jenjang,
                    Jabatan.golongan_min_id,
                    Jabatan.golongan_max_id,
                    Jabatan.pendidikan_min,
                    Jabatan.bup,
                )
                .join(UnitKerja, UnitKerja.id == Formasi.unit_id)
                .join(Jabatan, Jabatan.id == Formasi.jabatan_id)
                .where(Formasi.id.in_(chunk))
            )
        )
    seats = {(r[1], r[2]): r[0] for r in rows}
    wanted = set(ids)
    filled = filled_counts(session, {r[1] for r in rows})

    incoming: dict[int, int] = defaultdict(int)
    outgoing: dict[int, int] = defaultdict(int)
    in_process: dict[int, int] = defaultdict(int)
    approved = {s.value for s in APPROVED_STATES}
    processing = {s.value for s in IN_PROCESS_STATES}
    usul_rows = session.execute(
        select(
            UsulMutasi.id,
            UsulMutasi.status,
            UsulMutasi.batch_id,
            UsulMutasi.tujuan_formasi_id,
            Pegawai.unit_id,
            Pegawai.jabatan_id,
        )
        .join(Pegawai, Pegawai.id == UsulMutasi.pegawai_id)
        .where(UsulMutasi.status.in_(_OPEN))
    )
    for uid, status, ubatch, tujuan, unit_id, jabatan_id in usul_rows:
        if uid == usul_id:
            continue
        counted = status in approved or (batch_id is not None and ubatch == batch_id)
        if tujuan in wanted:
            if counted:
                incoming[tujuan] += 1
            elif status in processing:
                in_process[tujuan] += 1
        source = seats.get((unit_id, jabatan_id))
        if source is not None and counted and source != tujuan:
            outgoing[source] += 1

    facts: dict[int, TargetFacts] = {}
    for (fid, unit_id, jabatan_id, kebutuhan, aktif, unit_nama,
         nama, jenis, jenjang, gmin, gmax, pmin, bup) in rows:  # fmt: skip
        facts[fid] = TargetFacts(
            formasi_id=fid,
            unit_id=unit_id,
            unit_aktif=bool(aktif),
            jabatan_id=jabatan_id,
            jabatan_nama=nama,
            jenis_jabatan=jenis,
            jenjang=jenjang,
            golongan_min_id=gmin,
            golongan_max_id=gmax,
            pendidikan_min=pmin,
            bup=jabatan_bup(jenis, jenjang, nama, bup),
            kebutuhan=kebutuhan,
            terisi=filled.get((unit_id, jabatan_id), 0),
            incoming_pending=incoming.get(fid, 0),
            outgoing_pending=outgoing.get(fid, 0),
            incoming_diproses=in_process.get(fid, 0),
            unit_nama=unit_nama,
        )
    return facts
