"""Searching and paging the pegawai list (100,000 rows must feel instant).

Text search goes through an index, never a Python scan: SQLite's FTS5 table ``pegawai_fts``
(migration 0002: external content over ``pegawai.search_text``, unicode61 tokenizer without
diacritics, prefix indexes) with every typed term as a prefix match; PostgreSQL means the same:
``to_tsvector('simple', search_text) @@ to_tsquery('simple', 'dw:* & 19:*')`` on the GIN index of
migration 0004, so "dw" finds "Dwi Santoso" on both engines and "ws" finds nothing. The search
text is already folded (lower case, no accents), and the typed terms are folded the same way (only
``[0-9a-z]`` survive, so no FTS5 or tsquery syntax can get through), so "sitompúl" finds "Sitompul".

Pages are fetched by offset/limit with a stable order (the chosen column, then ``id``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, Pegawai, UnitKerja
from mutasi_desktop.domain.dates import add_months, add_years
from mutasi_desktop.domain.errors import GolonganError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.search_text import search_terms

# Kedudukan that no longer hold a post (they are not counted as "terisi" in a formasi).
# Codes as in domain.eligibility.KEDUDUKAN_PENGHALANG.
KEDUDUKAN_NONAKTIF: frozenset[str] = frozenset({"PENSIUN", "BERHENTI", "MENINGGAL", "PINDAH_KELUAR"})
KEDUDUKAN_KODE: tuple[str, ...] = (
    "AKTIF", "TUGAS_BELAJAR", "CLTN", "MPP", "DIBERHENTIKAN_SEMENTARA", "PENSIUN", "BERHENTI", "MENINGGAL",
    "PINDAH_KELUAR",
)
STATUS_KEPEGAWAIAN_KODE: tuple[str, ...] = ("CPNS", "PNS", "PPPK")


class Urutan(StrEnum):
    """Sortable columns of the list."""

    NIP = "nip"
    NAMA = "nama"
    GOLONGAN = "golongan"
    JABATAN = "jabatan"
    JENIS_JABATAN = "jenis_jabatan"
    UNIT = "unit"
    STATUS = "status"
    KEDUDUKAN = "kedudukan"
    TANGGAL_LAHIR = "tanggal_lahir"
    TMT_JABATAN = "tmt_jabatan"
    TANGGAL_PENSIUN = "tanggal_pensiun"


@dataclass(frozen=True)
class PegawaiFilter:
    """What the clerk typed and picked. Every field is optional; empty means "all"."""

    teks: str = ""
    unit_id: int | None = None  # this unit and all its sub-units
    jabatan_id: int | None = None
    unit_persis: bool = False  # unit_id without sub-units (holders of one formasi)
    golongan_id: int | None = None
    jenis_jabatan: str | None = None
    status_kepegawaian: str | None = None
    kedudukan: str | None = None
    hanya_aktif: bool = False  # hide pensiun/berhenti/meninggal/pindah keluar
    pensiun_dalam_bulan: int | None = None  # tanggal_pensiun from today up to N months ahead
    lama_jabatan_min_tahun: int | None = None  # TMT jabatan at least N years ago
    pada: date | None = None  # "today" for the date filters (tests pin it)

    @property
    def is_empty(self) -> bool:
        return self == PegawaiFilter(pada=self.pada)


@dataclass(frozen=True)
class PegawaiRow:
    """One line of the pegawai list."""

    id: int
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    golongan_id: int | None
    golongan: str
    jabatan: str
    jenis_jabatan: str
    unit: str
    status_kepegawaian: str
    kedudukan: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    tmt_jabatan: date | None
    tanggal_pensiun: date | None
    version: int = 0

    @property
    def nama_lengkap(self) -> str:
        return nama_lengkap(self.gelar_depan, self.nama, self.gelar_belakang)


@dataclass(frozen=True)
class PegawaiPage:
    total: int
    offset: int
    rows: tuple[PegawaiRow, ...] = field(default_factory=tuple)
    # ``total`` is a lower bound: more than ``total`` rows match (a broad text search on
    # PostgreSQL is counted only up to COUNT_CAP; the list shows "lebih dari 10.000").
    total_lebih: bool = False


def nama_lengkap(gelar_depan: str, nama: str, gelar_belakang: str) -> str:
    """``Dr. Siti Aminah, S.Pd., M.M.`` as printed on decrees."""
    full = f"{gelar_depan} {nama}".strip() if gelar_depan else nama
    return f"{full}, {gelar_belakang}" if gelar_belakang else full


def active_counts(session: Session, *columns: Any, where: Any = None) -> dict[tuple[Any, ...], int]:
    """Active pegawai grouped by ``columns``: all rows minus the few inactive ones.

    Grouping everything reads only an index (``unit_id``, ``unit_id+jabatan_id``, ...), while a
    ``kedudukan NOT IN (...)`` filter would read all 100,000 table rows; the inactive rows are
    found through the kedudukan index.
    """
    counts: dict[tuple[Any, ...], int] = {}
    total = select(*columns, func.count()).group_by(*columns)
    inactive = total.where(Pegawai.kedudukan.in_(sorted(KEDUDUKAN_NONAKTIF)))
    if where is not None:
        total, inactive = total.where(where), inactive.where(where)
    for row in session.execute(total):
        counts[tuple(row[:-1])] = row[-1]
    for row in session.execute(inactive):
        key = tuple(row[:-1])
        counts[key] = counts.get(key, 0) - row[-1]
    return {k: n for k, n in counts.items() if n > 0}


def golongan_kode(golongan_id: int | None) -> str:
    if golongan_id is None:
        return ""
    try:
        return golongan_by_id(golongan_id).kode
    except GolonganError:
        return str(golongan_id)


def _safe_terms(teks: str) -> list[str]:
    terms = search_terms(teks)
    # search_terms keeps only [0-9a-z]; checked again here because these go into query syntax.
    return [t for t in terms if _SAFE_TERM.fullmatch(t)]


_SAFE_TERM = re.compile(r"[0-9a-z]+")


def fts_query(teks: str) -> str | None:
    """FTS5 MATCH expression: every folded term as a quoted prefix, all terms required."""
    terms = _safe_terms(teks)
    if not terms:
        return None
    return " ".join(f'"{t}"*' for t in terms)


def ts_query(teks: str) -> str | None:
    """PostgreSQL ``to_tsquery`` text with the FTS5 meaning: every term a prefix, all required."""
    terms = _safe_terms(teks)
    if not terms:
        return None
    return " & ".join(f"{t}:*" for t in terms)


_TS_QUERY_TEXT = re.compile(r"[0-9a-z]+:\*( & [0-9a-z]+:\*)*")


def _pg_text_match(tsq: str) -> TextClause:
    """The PostgreSQL condition, spelt exactly as the index expression of migration 0004.

    The tsquery goes into the SQL as a literal, not a bound parameter: it is only ``[0-9a-z]``
    terms with ``:*`` and ``&`` (checked here), and the planner then sees the real terms, so it
    can tell a broad "s" from a narrow "sitompul" even when psycopg prepares the statement.
    """
    if not _TS_QUERY_TEXT.fullmatch(tsq):
        raise ValueError(f"unsafe tsquery text: {tsq!r}")
    return text(f"to_tsvector('simple'::regconfig, pegawai.search_text) @@ to_tsquery('simple'::regconfig, '{tsq}')")


_Unit = aliased(UnitKerja, name="unit_list")
_Jabatan = aliased(Jabatan, name="jabatan_list")

_SORT: dict[Urutan, Any] = {
    Urutan.NIP: Pegawai.nip,
    Urutan.NAMA: Pegawai.nama_sort,
    Urutan.GOLONGAN: Pegawai.golongan_id,
    Urutan.JABATAN: _Jabatan.nama,
    Urutan.JENIS_JABATAN: _Jabatan.jenis,
    Urutan.UNIT: _Unit.nama,
    Urutan.STATUS: Pegawai.status_kepegawaian,
    Urutan.KEDUDUKAN: Pegawai.kedudukan,
    Urutan.TANGGAL_LAHIR: Pegawai.tanggal_lahir,
    Urutan.TMT_JABATAN: Pegawai.tmt_jabatan,
    Urutan.TANGGAL_PENSIUN: Pegawai.tanggal_pensiun,
}
_NEEDS_JABATAN = {Urutan.JABATAN, Urutan.JENIS_JABATAN}


def _unit_scope(session: Session, unit_ids: list[int]) -> ColumnElement[bool] | None:
    """``pegawai.unit_id`` within any of the given units or their sub-units (path prefix)."""
    paths = session.scalars(select(UnitKerja.path).where(UnitKerja.id.in_(unit_ids))).all()
    if not paths:
        return Pegawai.unit_id.in_([-1])
    sub = select(UnitKerja.id).where(or_(*(UnitKerja.path.startswith(p, autoescape=True) for p in paths)))
    return Pegawai.unit_id.in_(sub)


@dataclass
class _Where:
    """WHERE conditions of a filter, plus what the SQLite planner needs to know about them."""

    conds: list[Any]
    needs_jabatan: bool = False
    fts_match: str | None = None  # the MATCH expression, when text was typed (SQLite)
    fts_count: int | None = None  # rows matching the text alone (read from the FTS index)
    fts_index: int = -1  # position of the FTS condition in ``conds``
    ts_query: str | None = None  # the tsquery text, when text was typed (PostgreSQL)

    @property
    def text_only(self) -> bool:
        return (self.fts_match is not None or self.ts_query is not None) and len(self.conds) == 1

    def broad_text(self) -> bool:
        """Many matches: walk the name index and test membership instead of sorting them all."""
        return self.fts_count is not None and self.fts_count > BROAD_MATCHES


# Above this many text matches, sorting by name walks ix_pegawai_nama_sort (about 20 ms on
# 100,000 pegawai) instead of fetching and sorting every match (about 100 ms for "s").
BROAD_MATCHES = 3000


def _fts_ids(match: str) -> Select[Any]:
    return select(literal_column("rowid")).select_from(text("pegawai_fts")).where(
        text("pegawai_fts MATCH :fts_q").bindparams(fts_q=match)
    )


def _conditions(session: Session, db: Database, actor: Actor, flt: PegawaiFilter) -> _Where:
    """WHERE conditions, and whether the jabatan table must be joined for them."""
    conds: list[Any] = []
    where = _Where(conds)
    today = flt.pada or date.today()
    if actor.batas_opd:
        scope = _unit_scope(session, sorted(actor.batas_opd))
        if scope is not None:
            conds.append(scope)
    query = flt.teks.strip()
    if query:
        if db.dialect == "sqlite":
            match = fts_query(query)
            if match is not None:
                where.fts_match = match
                where.fts_index = len(conds)
                where.fts_count = int(session.scalar(
                    select(func.count()).select_from(text("pegawai_fts")).where(
                        text("pegawai_fts MATCH :fts_q").bindparams(fts_q=match))
                ) or 0)
                conds.append(Pegawai.id.in_(_fts_ids(match)))
        else:
            tsq = ts_query(query)
            if tsq is not None:
                where.ts_query = tsq
                conds.append(_pg_text_match(tsq))
    if flt.unit_id is not None:
        if flt.unit_persis:
            conds.append(Pegawai.unit_id == flt.unit_id)
        else:
            scope = _unit_scope(session, [flt.unit_id])
            if scope is not None:
                conds.append(scope)
    if flt.jabatan_id is not None:
        conds.append(Pegawai.jabatan_id == flt.jabatan_id)
    if flt.golongan_id is not None:
        conds.append(Pegawai.golongan_id == flt.golongan_id)
    if flt.jenis_jabatan:
        where.needs_jabatan = True
        conds.append(_Jabatan.jenis == flt.jenis_jabatan)
    if flt.status_kepegawaian:
        conds.append(Pegawai.status_kepegawaian == flt.status_kepegawaian)
    if flt.kedudukan:
        conds.append(Pegawai.kedudukan == flt.kedudukan)
    if flt.hanya_aktif:
        conds.append(Pegawai.kedudukan.not_in(sorted(KEDUDUKAN_NONAKTIF)))
    if flt.pensiun_dalam_bulan is not None:
        conds.append(and_(Pegawai.tanggal_pensiun >= today,
                          Pegawai.tanggal_pensiun <= add_months(today, flt.pensiun_dalam_bulan)))
    if flt.lama_jabatan_min_tahun is not None:
        conds.append(Pegawai.tmt_jabatan <= add_years(today, -flt.lama_jabatan_min_tahun))
    return where


def _base(columns: list[Any], conds: list[Any], *, join_jabatan: bool, join_unit: bool) -> Select[Any]:
    stmt = select(*columns).select_from(Pegawai)
    if join_jabatan:
        stmt = stmt.outerjoin(_Jabatan, _Jabatan.id == Pegawai.jabatan_id)
    if join_unit:
        stmt = stmt.outerjoin(_Unit, _Unit.id == Pegawai.unit_id)
    return stmt.where(*conds)


_ROW_COLUMNS = [
    Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.gelar_depan, Pegawai.gelar_belakang, Pegawai.golongan_id,
    _Jabatan.nama, _Jabatan.jenis, _Unit.nama, Pegawai.status_kepegawaian, Pegawai.kedudukan,
    Pegawai.jenis_kelamin, Pegawai.tanggal_lahir, Pegawai.tmt_jabatan, Pegawai.tanggal_pensiun, Pegawai.version,
]


def _to_row(r: Any) -> PegawaiRow:
    return PegawaiRow(
        id=r[0], nip=r[1], nama=r[2], gelar_depan=r[3] or "", gelar_belakang=r[4] or "",
        golongan_id=r[5], golongan=golongan_kode(r[5]), jabatan=r[6] or "", jenis_jabatan=r[7] or "",
        unit=r[8] or "", status_kepegawaian=r[9] or "", kedudukan=r[10] or "", jenis_kelamin=r[11] or "",
        tanggal_lahir=r[12], tmt_jabatan=r[13], tanggal_pensiun=r[14], version=r[15],
    )


def _count(session: Session, where: _Where) -> int:
    if where.text_only and where.fts_count is not None:
        return where.fts_count  # the external-content FTS index holds exactly the pegawai rows
    stmt = _base([func.count()], where.conds, join_jabatan=where.needs_jabatan, join_unit=False)
    return int(session.scalar(stmt) or 0)


# A text search on PostgreSQL is counted up to this many rows: counting every match of "s" or
# "19" means visiting 75,000-97,000 heap rows (25-50 ms); stopping after 10,001 takes 5-15 ms.
COUNT_CAP = 10_000


def _count_capped(session: Session, where: _Where) -> tuple[int, bool]:
    """(count, more): the exact count up to COUNT_CAP, else (COUNT_CAP, True)."""
    hits = _base([literal_column("1")], where.conds, join_jabatan=where.needs_jabatan, join_unit=False)
    # With LIMIT the planner likes a sequential scan that stops early, costing to_tsvector() per
    # row as cheap; it is ~4 us a row, so "s" took 53 ms that way and 12 ms through the index.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        n = int(session.scalar(select(func.count()).select_from(hits.limit(COUNT_CAP + 1).subquery())) or 0)
    finally:
        session.execute(text("RESET enable_seqscan"))
    return (COUNT_CAP, True) if n > COUNT_CAP else (n, False)


def _order(sort: Urutan, descending: bool) -> list[Any]:
    key = _SORT[sort]
    order = [key.desc() if descending else key.asc()]
    if sort is not Urutan.NAMA:
        order.append(Pegawai.nama_sort.desc() if descending else Pegawai.nama_sort.asc())
    order.append(Pegawai.id.desc() if descending else Pegawai.id.asc())
    return order


def _pg_rows_stmt(where: _Where, sort: Urutan, descending: bool, offset: int, limit: int) -> Select[Any]:
    """PostgreSQL: sort and cut the page on narrow rows first, then join the names for it.

    A short term ("s", "19") matches tens of thousands of rows; sorting them with every display
    column and the jabatan join costs twice as much as sorting (id, sort key) alone.
    """
    order = _order(sort, descending)
    page_ids = _base([Pegawai.id], where.conds, join_jabatan=where.needs_jabatan or sort in _NEEDS_JABATAN,
                     join_unit=sort is Urutan.UNIT).order_by(*order).offset(offset).limit(limit).correlate(None)
    return _base(_ROW_COLUMNS, [Pegawai.id.in_(page_ids)], join_jabatan=True,
                 join_unit=True).order_by(*order)


def _pg_plan_hint(session: Session, where: _Where, sort: Urutan, broad: bool | None) -> tuple[str, ...]:
    """Which plan types to switch off for a text search sorted by name (PostgreSQL).

    The planner costs to_tsvector() per row as cheap (it is ~4 us), so it mixes up the two
    good plans: walking the name index testing each row (right when more than COUNT_CAP match:
    "198", 45% of the rows, needs ~450 rows read; 3 ms instead of 40 ms) and reading the
    matches from the GIN index then sorting them (right for fewer: "b" matches cluster at the
    names from B on, so a walk reads 7,000 rows). Only for the text alone: with another filter
    (one unit, say) a walk may read most of the table before it fills a page.
    """
    if where.ts_query is None or not where.text_only or sort is not Urutan.NAMA:
        return ()
    if broad is None:
        broad = _count_capped(session, where)[1]
    return ("enable_bitmapscan", "enable_seqscan") if broad else ("enable_indexscan",)


def _rows_stmt(where: _Where, sort: Urutan, descending: bool) -> Select[Any]:
    order = _order(sort, descending)
    conds = list(where.conds)
    if sort is Urutan.NAMA and where.fts_match is not None and where.broad_text():
        # "id + 0" keeps SQLite from looking up each match by primary key, so it walks the
        # name index in order and stops after one page.
        conds[where.fts_index] = (Pegawai.id + 0).in_(_fts_ids(where.fts_match))
    return _base(_ROW_COLUMNS, conds, join_jabatan=True, join_unit=True).order_by(*order)


def count_pegawai(db: Database, actor: Actor, flt: PegawaiFilter) -> int:
    """How many pegawai match the filter."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        return _count(s, _conditions(s, db, actor, flt))


def fetch_pegawai(
    db: Database,
    actor: Actor,
    flt: PegawaiFilter,
    *,
    sort: Urutan = Urutan.NAMA,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    with_total: bool = False,
) -> PegawaiPage:
    """One page of the list; ``total`` is counted only when ``with_total`` (first page).

    A text search on PostgreSQL is counted up to COUNT_CAP (then ``total_lebih`` is set);
    ``count_pegawai`` always counts exactly.
    """
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        where = _conditions(s, db, actor, flt)
        more = False
        if with_total:
            total, more = _count_capped(s, where) if where.ts_query is not None else (_count(s, where), False)
        else:
            total = -1
        if db.dialect == "postgresql":
            stmt = _pg_rows_stmt(where, sort, descending, offset, limit)
            off = _pg_plan_hint(s, where, sort, more if with_total else None)
            for setting in off:
                s.execute(text(f"SET LOCAL {setting} = off"))
            rows = tuple(_to_row(r) for r in s.execute(stmt))
            for setting in off:
                s.execute(text(f"RESET {setting}"))
        else:
            stmt = _rows_stmt(where, sort, descending).offset(offset).limit(limit)
            rows = tuple(_to_row(r) for r in s.execute(stmt))
    return PegawaiPage(total=total, offset=offset, rows=rows, total_lebih=more)


def iter_pegawai(
    db: Database,
    actor: Actor,
    flt: PegawaiFilter,
    *,
    sort: Urutan = Urutan.NAMA,
    descending: bool = False,
    batch: int = 2000,
) -> Iterator[PegawaiRow]:
    """Every matching row in list order, streamed in batches (export of the current view)."""
    require(actor, Izin.EKSPOR)
    offset = 0
    while True:
        page = fetch_pegawai(db, actor, flt, sort=sort, descending=descending, offset=offset, limit=batch)
        yield from page.rows
        if len(page.rows) < batch:
            return
        offset += batch
