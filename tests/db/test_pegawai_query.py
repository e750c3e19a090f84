"""Search, filters, sorting and paging of the pegawai list on the demo kabupaten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, Pegawai, UnitKerja
from mutasi_desktop.domain.dates import add_months, add_years
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services.pegawai_query import (
    PegawaiFilter,
    Urutan,
    count_pegawai,
    fetch_pegawai,
    fts_query,
    iter_pegawai,
)


def _all(db: Database, flt: PegawaiFilter, **kw: object) -> list:  # type: ignore[type-arg]
    return list(fetch_pegawai(db, SYSTEM, flt, limit=10_000, **kw).rows)  # type: ignore[arg-type]


def test_fts_query_quotes_every_term_as_prefix() -> None:
    assert fts_query("  Sitompúl  19660801 ") == '"sitompul"* "19660801"*'
    assert fts_query(" '\" ") is None


def test_search_by_name_prefix_ignores_case_and_accents(demo_db: Database) -> None:
    with demo_db.session() as s:
        p = s.scalars(select(Pegawai).order_by(Pegawai.id).limit(1)).one()
        p.nama = "Ruth Sitompúl"  # the listener refreshes search_text, the trigger the FTS index
        target = p.id
    for typed in ("sitompul", "SITOMP", "Sitompúl", "ruth sit"):
        ids = [r.id for r in _all(demo_db, PegawaiFilter(teks=typed))]
        assert target in ids, typed
    assert target not in [r.id for r in _all(demo_db, PegawaiFilter(teks="sitompulx"))]


def test_search_by_nip_and_by_nip_group(demo_db: Database) -> None:
    with demo_db.session() as s:
        nip = s.scalars(select(Pegawai.nip).order_by(Pegawai.id.desc()).limit(1)).one()
    rows = _all(demo_db, PegawaiFilter(teks=nip))
    assert [r.nip for r in rows] == [nip]
    grouped = f"{nip[:8]} {nip[8:14]}"  # as printed on documents
    assert nip in [r.nip for r in _all(demo_db, PegawaiFilter(teks=grouped))]
    # every hit of a NIP prefix really starts with it (or has a NIP group starting with it)
    prefix = nip[:6]
    hits = _all(demo_db, PegawaiFilter(teks=prefix))
    assert hits and all(prefix in r.nip for r in hits)


def test_count_matches_rows(demo_db: Database) -> None:
    flt = PegawaiFilter(teks="a")
    page = fetch_pegawai(demo_db, SYSTEM, flt, limit=5, with_total=True)
    assert page.total == count_pegawai(demo_db, SYSTEM, flt) == len(_all(demo_db, flt))
    assert len(page.rows) == 5


def test_unit_filter_includes_sub_units(demo_db: Database) -> None:
    with demo_db.session() as s:
        opd = s.scalars(select(UnitKerja).where(UnitKerja.parent_id.is_(None)).order_by(UnitKerja.id)).first()
        assert opd is not None
        subtree = set(s.scalars(select(UnitKerja.id).where(UnitKerja.path.startswith(opd.path))))
        expected = set(s.scalars(select(Pegawai.id).where(Pegawai.unit_id.in_(subtree))))
        direct = set(s.scalars(select(Pegawai.id).where(Pegawai.unit_id == opd.id)))
    assert len(subtree) > 1
    rows = _all(demo_db, PegawaiFilter(unit_id=opd.id))
    assert {r.id for r in rows} == expected
    assert {r.id for r in _all(demo_db, PegawaiFilter(unit_id=opd.id, unit_persis=True))} == direct


def test_filters_golongan_jenis_status_kedudukan(demo_db: Database) -> None:
    with demo_db.session() as s:
        gol = s.scalar(select(Pegawai.golongan_id).where(Pegawai.golongan_id.is_not(None)).limit(1))
        s.execute(update(Pegawai).where(Pegawai.id.in_(select(Pegawai.id).limit(3))).values(kedudukan="CLTN"))
    assert all(r.golongan_id == gol for r in _all(demo_db, PegawaiFilter(golongan_id=gol)))
    fungsional = _all(demo_db, PegawaiFilter(jenis_jabatan="FUNGSIONAL_KEAHLIAN"))
    assert fungsional and all(r.jenis_jabatan == "FUNGSIONAL_KEAHLIAN" for r in fungsional)
    pppk = _all(demo_db, PegawaiFilter(status_kepegawaian="PPPK"))
    assert pppk and all(r.status_kepegawaian == "PPPK" for r in pppk)
    cltn = _all(demo_db, PegawaiFilter(kedudukan="CLTN"))
    assert len(cltn) >= 3 and all(r.kedudukan == "CLTN" for r in cltn)
    combined = _all(demo_db, PegawaiFilter(status_kepegawaian="PNS", jenis_jabatan="PELAKSANA", teks="a"))
    assert all(r.status_kepegawaian == "PNS" and r.jenis_jabatan == "PELAKSANA" for r in combined)


def test_near_bup_and_long_tenure_filters(demo_db: Database) -> None:
    today = date(2026, 6, 1)
    rows = _all(demo_db, PegawaiFilter(pensiun_dalam_bulan=12, pada=today))
    assert rows
    assert all(r.tanggal_pensiun and today <= r.tanggal_pensiun <= add_months(today, 12) for r in rows)
    lama = _all(demo_db, PegawaiFilter(lama_jabatan_min_tahun=5, pada=today))
    assert lama and all(r.tmt_jabatan and r.tmt_jabatan <= add_years(today, -5) for r in lama)


@pytest.mark.parametrize("sort", list(Urutan))
def test_every_column_sorts_both_ways(demo_db: Database, sort: Urutan) -> None:
    key = {
        Urutan.NIP: lambda r: r.nip, Urutan.NAMA: lambda r: r.nama.lower(), Urutan.GOLONGAN: lambda r: r.golongan_id,
        Urutan.JABATAN: lambda r: r.jabatan, Urutan.JENIS_JABATAN: lambda r: r.jenis_jabatan,
        Urutan.UNIT: lambda r: r.unit, Urutan.STATUS: lambda r: r.status_kepegawaian,
        Urutan.KEDUDUKAN: lambda r: r.kedudukan, Urutan.TANGGAL_LAHIR: lambda r: r.tanggal_lahir,
        Urutan.TMT_JABATAN: lambda r: r.tmt_jabatan, Urutan.TANGGAL_PENSIUN: lambda r: r.tanggal_pensiun,
    }[sort]
    for descending in (False, True):
        values = [key(r) for r in _all(demo_db, PegawaiFilter(), sort=sort, descending=descending)]
        present = [v for v in values if v not in (None, "")]
        assert present == sorted(present, reverse=descending), (sort, descending)


def test_pages_are_disjoint_and_complete(demo_db: Database) -> None:
    seen: list[int] = []
    offset = 0
    while True:
        page = fetch_pegawai(demo_db, SYSTEM, PegawaiFilter(), sort=Urutan.UNIT, offset=offset, limit=70)
        seen += [r.id for r in page.rows]
        if len(page.rows) < 70:
            break
        offset += 70
    assert len(seen) == len(set(seen)) == count_pegawai(demo_db, SYSTEM, PegawaiFilter())


def test_iter_streams_every_row_and_requires_export_right(demo_db: Database) -> None:
    rows = list(iter_pegawai(demo_db, SYSTEM, PegawaiFilter(), batch=150))
    assert len(rows) == count_pegawai(demo_db, SYSTEM, PegawaiFilter())
    nobody = Actor(username="x", nama="X", peran=frozenset())
    with pytest.raises(AksesDitolak):
        list(iter_pegawai(demo_db, nobody, PegawaiFilter()))
    with pytest.raises(AksesDitolak):
        count_pegawai(demo_db, nobody, PegawaiFilter())


def test_operator_limited_to_his_opd_sees_only_it(demo_db: Database) -> None:
    with demo_db.session() as s:
        opd = s.scalars(select(UnitKerja).where(UnitKerja.parent_id.is_(None)).order_by(UnitKerja.id)).first()
        assert opd is not None
        subtree = set(s.scalars(select(UnitKerja.id).where(UnitKerja.path.startswith(opd.path))))
    operator = Actor(username="op", nama="Op", peran=frozenset({Peran.OPERATOR}), batas_opd=frozenset({opd.id}))
    rows = list(fetch_pegawai(demo_db, operator, PegawaiFilter(), limit=10_000).rows)
    assert rows
    with demo_db.session() as s:
        units = set(s.scalars(select(Pegawai.unit_id).where(Pegawai.id.in_([r.id for r in rows]))))
    assert units <= subtree


def test_row_carries_jabatan_and_unit_names(demo_db: Database) -> None:
    row = _all(demo_db, PegawaiFilter(jenis_jabatan="JPT"))[0]
    with demo_db.session() as s:
        p = s.get(Pegawai, row.id)
        assert p is not None
        assert row.jabatan == s.get(Jabatan, p.jabatan_id).nama  # type: ignore[union-attr]
        assert row.unit == s.get(UnitKerja, p.unit_id).nama  # type: ignore[union-attr]


def test_broad_text_plan_returns_the_same_pages(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import mutasi_desktop.services.pegawai_query as pq

    flt = PegawaiFilter(teks="a")
    monkeypatch.setattr(pq, "BROAD_MATCHES", 10**9)
    narrow = [fetch_pegawai(demo_db, SYSTEM, flt, offset=o, limit=40, with_total=True) for o in (0, 40, 80)]
    monkeypatch.setattr(pq, "BROAD_MATCHES", 0)
    broad = [fetch_pegawai(demo_db, SYSTEM, flt, offset=o, limit=40, with_total=True) for o in (0, 40, 80)]
    assert [p.rows for p in narrow] == [p.rows for p in broad]
    assert narrow[0].total == broad[0].total == count_pegawai(demo_db, SYSTEM, PegawaiFilter(teks="a", hanya_aktif=False))
    assert narrow[0].total > 0


def test_search_and_filters_on_both_engines(any_demo_db: Database) -> None:
    """SQLite answers through FTS5, PostgreSQL through the tsvector prefix match of migration 0004."""
    db = any_demo_db
    with db.session() as s:
        p = s.scalars(select(Pegawai).order_by(Pegawai.id).limit(1)).one()
        p.nama = "Ruth Sitompúl"
        target, nip = p.id, p.nip
    assert target in [r.id for r in _all(db, PegawaiFilter(teks="SITOMP"))]
    assert [r.id for r in _all(db, PegawaiFilter(teks=nip))] == [target]
    page = fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="a", status_kepegawaian="PNS"), sort=Urutan.UNIT,
                         limit=20, with_total=True)
    assert page.total == count_pegawai(db, SYSTEM, PegawaiFilter(teks="a", status_kepegawaian="PNS")) > 0
    assert all(r.status_kepegawaian == "PNS" for r in page.rows)
