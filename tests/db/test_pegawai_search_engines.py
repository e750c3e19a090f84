"""The pegawai search means the same on SQLite (FTS5) and PostgreSQL (tsvector prefix match).

Every typed term is a word PREFIX and all terms are required: "dw" finds "Dwi Santoso", "wi"
does not. Case and accents are ignored, a NIP can be typed in its printed groups, and whatever
punctuation the clerk types (FTS5 or tsquery syntax included) is no error.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

import mutasi_desktop.services.pegawai_query as pq
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.domain.search_text import search_terms
from mutasi_desktop.services.pegawai_query import (
    PegawaiFilter,
    Urutan,
    count_pegawai,
    fetch_pegawai,
    iter_pegawai,
)


def _ids(db: Database, teks: str, **kw: object) -> list[int]:
    page = fetch_pegawai(db, SYSTEM, PegawaiFilter(teks=teks, **kw), limit=10_000)  # type: ignore[arg-type]
    return [r.id for r in page.rows]


def _rename(db: Database, nama: str) -> tuple[int, str]:
    with db.session() as s:
        p = s.scalars(select(Pegawai).order_by(Pegawai.id).limit(1)).one()
        p.nama = nama  # the listener refreshes search_text (and the FTS5 trigger its index)
        return p.id, p.nip


def test_ts_query_is_prefix_and_only_letters_and_digits() -> None:
    assert pq.ts_query("  Dwí  19850101 ") == "dwi:* & 19850101:*"
    assert pq.ts_query("o'brien & (x | !y):*") == "obrien:* & x:* & y:*"
    assert pq.ts_query(" '&|!:()* ") is None
    with pytest.raises(ValueError):
        pq._pg_text_match("x:* | y:*")
    with pytest.raises(ValueError):
        pq._pg_text_match("x') OR true --:*")


QUERIES = ["a", "s", "dw", "sit", "ag su", "nur", "s pd", "s.pd", "1", "19", "198", "1985", "2010 19", "xqz", "wi"]


@pytest.mark.postgres
def test_same_results_on_both_engines(sqlite_demo_db: Database, pg_demo_db: Database) -> None:
    """The same demo kabupaten on both engines: every query finds the same pegawai, same order."""
    with sqlite_demo_db.session() as s:
        nip = s.scalar(select(Pegawai.nip).order_by(Pegawai.id).offset(7).limit(1))
    assert nip is not None
    queries = [*QUERIES, nip[:4], f"{nip[:8]} {nip[8:12]}", nip, nip[8:14]]
    non_empty = 0
    for q in queries:
        for sort in (Urutan.NAMA, Urutan.UNIT):
            lite = fetch_pegawai(sqlite_demo_db, SYSTEM, PegawaiFilter(teks=q), sort=sort, limit=10_000,
                                 with_total=True)
            pg = fetch_pegawai(pg_demo_db, SYSTEM, PegawaiFilter(teks=q), sort=sort, limit=10_000, with_total=True)
            assert [r.id for r in pg.rows] == [r.id for r in lite.rows], (q, sort)
            assert pg.total == lite.total == len(lite.rows), q
        non_empty += bool(lite.rows)
        assert count_pegawai(pg_demo_db, SYSTEM, PegawaiFilter(teks=q)) == len(lite.rows)
    assert non_empty >= len(queries) - 3  # the queries really find people ("xqz" does not)


def test_prefix_not_substring_and_accents_case_ignored(any_demo_db: Database) -> None:
    target, _ = _rename(any_demo_db, "Dwí Santoso")
    for typed in ("dw", "DW", "dwi", "Dwí", "DWÍ SANT", "santoso dw", "s d"):
        assert target in _ids(any_demo_db, typed), typed
    for typed in ("wi", "antoso", "dwi x", "dwisantoso"):  # inside a word, or a missing term
        assert target not in _ids(any_demo_db, typed), typed


def test_nip_prefix_and_printed_groups(any_demo_db: Database) -> None:
    target, nip = _rename(any_demo_db, "Dwi Santoso")
    assert _ids(any_demo_db, nip) == [target]
    grouped = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"  # as printed: 19850101 201001 1 001
    assert _ids(any_demo_db, grouped) == [target]
    for typed in (nip[:8], f"{nip[:8]} {nip[8:12]}", nip[:12], f"{nip[8:14]} dwi"):
        assert target in _ids(any_demo_db, typed), typed
    assert target not in _ids(any_demo_db, nip[1:10])  # the middle of a NIP is not a prefix


@pytest.mark.parametrize("typed", ["'", "&", "|", "!", ":", "(", ")", "*", "\"", "\\", ":*", "'&|!:(",
                                   "dwi & santoso", "dwi | zzz", "!dwi", "dwi:*", "(dwi", "santoso)",
                                   "d'wi", "dwi' OR '1'='1", "dwi -santoso", "NEAR(dwi santoso)", "dwi AND"])
def test_query_syntax_in_the_input_is_no_error(any_demo_db: Database, typed: str) -> None:
    target, _ = _rename(any_demo_db, "Dwi Santoso")
    everyone = count_pegawai(any_demo_db, SYSTEM, PegawaiFilter())
    page = fetch_pegawai(any_demo_db, SYSTEM, PegawaiFilter(teks=typed), limit=10_000, with_total=True)
    assert page.total == len(page.rows) == count_pegawai(any_demo_db, SYSTEM, PegawaiFilter(teks=typed))
    terms = search_terms(typed)
    if not terms:
        assert page.total == everyone  # nothing searchable typed: the whole list
    elif set(terms) <= {"dwi", "santoso"}:
        assert target in [r.id for r in page.rows]


@pytest.mark.postgres
def test_broad_search_on_postgresql_is_counted_up_to_the_cap(pg_demo_db: Database,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    flt = PegawaiFilter(teks="a")
    exact = count_pegawai(pg_demo_db, SYSTEM, flt)
    assert exact > 20
    monkeypatch.setattr(pq, "COUNT_CAP", 20)
    page = fetch_pegawai(pg_demo_db, SYSTEM, flt, limit=10, with_total=True)
    assert (page.total, page.total_lebih, len(page.rows)) == (20, True, 10)
    assert count_pegawai(pg_demo_db, SYSTEM, flt) == exact  # the explicit count stays exact
    assert len(list(iter_pegawai(pg_demo_db, SYSTEM, flt, batch=7))) == exact
    monkeypatch.setattr(pq, "COUNT_CAP", exact)
    page = fetch_pegawai(pg_demo_db, SYSTEM, flt, limit=10, with_total=True)
    assert (page.total, page.total_lebih) == (exact, False)
    no_text = fetch_pegawai(pg_demo_db, SYSTEM, PegawaiFilter(), limit=10, with_total=True)
    assert no_text.total_lebih is False and no_text.total > 20  # no text: always exact


def test_pages_of_a_broad_search_are_disjoint_and_ordered(any_demo_db: Database) -> None:
    """Sorted by unit, the page is cut before the names are joined (PostgreSQL): same rows."""
    flt = PegawaiFilter(teks="a")
    whole = [r.id for r in fetch_pegawai(any_demo_db, SYSTEM, flt, sort=Urutan.UNIT, limit=10_000).rows]
    paged = [r.id for o in range(0, len(whole), 25)
             for r in fetch_pegawai(any_demo_db, SYSTEM, flt, sort=Urutan.UNIT, offset=o, limit=25).rows]
    assert paged == whole and len(whole) > 50
    rows = fetch_pegawai(any_demo_db, SYSTEM, flt, sort=Urutan.UNIT, descending=True, limit=60).rows
    keys = [(r.unit, r.nama) for r in rows]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)


@pytest.mark.postgres
def test_postgresql_condition_uses_the_full_text_index(pg_demo_db: Database) -> None:
    """The condition must be spelt as the index expression of migration 0004, or it scans."""
    from sqlalchemy import func, text
    from sqlalchemy.dialects import postgresql

    stmt = select(func.count()).select_from(Pegawai).where(pq._pg_text_match("dwi:* & 19:*"))
    sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))  # type: ignore[no-untyped-call]
    with pg_demo_db.session() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(s.execute(text("EXPLAIN " + sql)).scalars())
    assert "ix_pegawai_search_tsv" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("cap", [20, 10_000])  # broad: walk the name index; narrow: GIN then sort
def test_both_postgresql_plans_give_the_sqlite_pages(sqlite_demo_db: Database, pg_demo_db: Database,
                                                      monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    monkeypatch.setattr(pq, "COUNT_CAP", cap)
    for q in ("a", "s", "19"):
        for descending in (False, True):
            for offset in (0, 30, 90):
                args = {"sort": Urutan.NAMA, "descending": descending, "offset": offset, "limit": 30}
                lite = fetch_pegawai(sqlite_demo_db, SYSTEM, PegawaiFilter(teks=q), **args)  # type: ignore[arg-type]
                pg = fetch_pegawai(pg_demo_db, SYSTEM, PegawaiFilter(teks=q), **args)  # type: ignore[arg-type]
                assert [r.id for r in pg.rows] == [r.id for r in lite.rows], (q, descending, offset)
        with pg_demo_db.session() as s:
            where = pq._conditions(s, pg_demo_db, SYSTEM, PegawaiFilter(teks=q))
            assert pq._pg_plan_hint(s, where, Urutan.NAMA, None) == (
                ("enable_bitmapscan", "enable_seqscan") if cap == 20 else ("enable_indexscan",)), q
