"""The candidate pool kept between runs (on disk, encrypted) and between days (in memory).

Every way of getting a pool without reading every table again must give exactly the pool a full
read gives for that day and those data; a cache that cannot be trusted is ignored, never used.
"""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete, insert, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Diklat, HukumanDisiplin, Pegawai, RiwayatJabatan, Setting, Skp
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services import selection_pool, selection_pool_cache, selection_source
from mutasi_desktop.services.kebutuhan_service import analisis_kebutuhan, lowongan_formasi
from mutasi_desktop.services.ranking_service import hitung_peringkat
from mutasi_desktop.services.selection_pool import KumpulanKandidat, muat_kumpulan
from mutasi_desktop.services.selection_usul import usulkan_kandidat

PADA = date(2026, 11, 28)
_NOT_COMPARED = {"fingerprint", "cek_kandidat", "_tag_rows", "sumber"}


def assert_same_pool(a: KumpulanKandidat, b: KumpulanKandidat) -> None:
    for f in dataclasses.fields(a):
        if f.name in _NOT_COMPARED:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype.kind == y.dtype.kind and x.shape == y.shape, f.name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f.name
        else:
            assert x == y, f.name


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """Every full read of the source tables (the SKP years asked)."""
    calls: list[tuple[int, ...]] = []
    real = selection_pool.baca_sumber

    def counting(session: Any, years: tuple[int, ...], *, hanya: Any = None) -> Any:
        if hanya is None:
            calls.append(years)
        return real(session, years, hanya=hanya)

    monkeypatch.setattr(selection_pool, "baca_sumber", counting)
    return calls


@pytest.fixture
def follows_edits(demo_db: Database) -> None:
    """Following edits row by row is for SQLite (one writer, one clock); a server reads again."""
    if demo_db.engine.dialect.name != "sqlite":
        pytest.skip("mengikuti perubahan per pegawai hanya pada SQLite; server membaca ulang")


def _restart() -> None:
    """What a new process starts with: nothing in memory."""
    selection_pool._CACHE.clear()


def test_a_restart_takes_the_pool_from_disk_and_it_equals_a_full_read(
    demo_db: Database, reads: list[tuple[int, ...]]
) -> None:
    full = muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    path = selection_pool_cache.cache_path(demo_db)
    assert path.exists() and len(reads) == 1
    _restart()
    again = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 1, "the pool should come from disk, not from the tables"
    assert again is not full
    assert_same_pool(again, full)
    # The file is encrypted: no NIP or name of the pool appears in it.
    data = path.read_bytes()
    assert full.nip[0].encode() not in data and full.nama[0].encode() not in data


def test_a_ranking_from_the_disk_pool_equals_one_from_the_tables(demo_db: Database, system_actor: Actor) -> None:
    fid = next(b.formasi_id for b in lowongan_formasi(analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA))
               if b.bezetting >= 1)  # fmt: skip
    assert fid is not None
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    scratch = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    _restart()
    kept = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    assert kept.kandidat == scratch.kandidat and kept.gugur == scratch.gugur
    assert kept.jumlah_gugur_prasaring == scratch.jumlah_gugur_prasaring


@pytest.mark.usefixtures("follows_edits")
def test_data_changed_after_the_pool_was_kept_is_seen(demo_db: Database, reads: list[tuple[int, ...]]) -> None:
    before = muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    pid = int(before.ids[0])
    _restart()
    with demo_db.session() as s:
        p = s.get(Pegawai, pid)
        assert p is not None
        p.pendidikan_jurusan = "Ilmu Yang Baru Saja Diubah"
        s.add(HukumanDisiplin(pegawai_id=pid, tingkat="BERAT", jenis="Penurunan jabatan", status="PROSES",
                              tmt_mulai=date(2026, 1, 1), tmt_selesai=None))  # fmt: skip
    after = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 1, "one pegawai changed: read again alone and merged into the kept source"
    assert after.jurusan_asli[0] == "Ilmu Yang Baru Saja Diubah"
    _restart()
    assert_same_pool(muat_kumpulan(demo_db, pada=PADA), after)  # a restart merges the edit into the disk copy
    assert len(reads) == 1
    assert_same_pool(after, muat_kumpulan(demo_db, pada=PADA, pakai_cache=False))
    # Edited again: the jurusan nobody holds any more leaves the pool's list, as in a full read.
    with demo_db.session() as s:
        p = s.get(Pegawai, pid)
        assert p is not None
        p.pendidikan_jurusan = "Ilmu Yang Diubah Lagi"
    again = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 2 and "ilmu yang baru saja diubah" not in again.jurusan_unik
    assert_same_pool(again, muat_kumpulan(demo_db, pada=PADA, pakai_cache=False))


def test_only_usul_changed_refreshes_the_disk_pool_without_reading_everything(
    demo_db: Database, system_actor: Actor, reads: list[tuple[int, ...]]
) -> None:
    fid = next(b.formasi_id for b in lowongan_formasi(analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA))
               if b.bezetting >= 1)  # fmt: skip
    assert fid is not None
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    hasil = hitung_peringkat(demo_db, system_actor, fid, top=5, pada=PADA)
    k = hasil.kandidat[0]
    usulkan_kandidat(demo_db, system_actor, formasi_id=fid, pegawai_id=k.pegawai_id, masukan=hasil.masukan(k.pegawai_id),
                     bobot=hasil.bobot, peringkat=1, jumlah_kandidat=len(hasil.kandidat))  # fmt: skip
    _restart()
    refreshed = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 1
    assert refreshed.open_usul[refreshed.row_of(k.pegawai_id)]
    assert_same_pool(refreshed, muat_kumpulan(demo_db, pada=PADA, pakai_cache=False))


def test_another_day_reuses_the_source_and_equals_a_full_read_of_that_day(
    demo_db: Database, reads: list[tuple[int, ...]]
) -> None:
    muat_kumpulan(demo_db, pada=PADA)
    later = PADA + timedelta(days=20)  # same year: same SKP window
    moved = muat_kumpulan(demo_db, pada=later)
    assert len(reads) == 1
    assert_same_pool(moved, muat_kumpulan(demo_db, pada=later, pakai_cache=False))
    # A new year asks for other SKP years: read again.
    next_year = date(PADA.year + 1, 2, 1)
    pool = muat_kumpulan(demo_db, pada=next_year)
    assert reads[-1] == (PADA.year - 2, PADA.year - 1, PADA.year) and pool.skp_tahun == reads[-1]


def test_a_damaged_cache_file_is_ignored_and_removed(demo_db: Database, reads: list[tuple[int, ...]]) -> None:
    full = muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    path = selection_pool_cache.cache_path(demo_db)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    _restart()
    again = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 2, "a file that fails authentication is never used"
    assert_same_pool(again, full)
    # Read again and kept again: the next start can use it.
    assert path.exists() and path.read_bytes() != bytes(data)


def test_a_cache_file_of_another_database_is_not_used(demo_db: Database, demo_db_path: Path, tmp_path: Path) -> None:
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    # A copy of the database file has the same cache key, but a cache file is bound to its URL.
    other_path = tmp_path / "salinan.db"
    demo_db.dispose()
    shutil.copyfile(demo_db_path, other_path)
    other = Database(f"sqlite:///{other_path}")
    try:
        shutil.copyfile(selection_pool_cache.cache_path(demo_db), selection_pool_cache.cache_path(other))
        with other.session() as s:
            assert selection_pool_cache.muat(other, s) is None
        assert not selection_pool_cache.cache_path(other).exists()
    finally:
        other.dispose()


def test_the_cache_key_never_appears_in_the_audit_trail(demo_db: Database) -> None:
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    with demo_db.session() as s:
        key = s.scalar(select(Setting.value).where(Setting.key == selection_pool_cache.KEY_KUNCI))
        entries = s.scalars(select(AuditLog).where(AuditLog.entitas_id == selection_pool_cache.KEY_KUNCI)).all()
        everything = " ".join(str(e.perubahan) for e in s.scalars(select(AuditLog)))
    assert key and entries, "setting the key is recorded"
    assert key.strip('"') not in everything
    assert "(rahasia)" in str(entries[0].perubahan)


def test_the_source_pickles_texts_holding_the_separator_and_empty_columns() -> None:
    empty = np.zeros(0, dtype=np.int64)
    fields = {f.name: None for f in dataclasses.fields(selection_source.SumberKumpulan)}
    sumber = selection_source.SumberKumpulan(**{  # type: ignore[arg-type]
        **fields, "ids": np.array([1, 2]), "nip": ["1", "2"], "nama": ["A\x1fB", ""], "jurusan_asli": [],
        "pendidikan_kode": [None, "S1"], "skp_skala": np.array([["", "ANGKA"]], dtype=object),
        "skp_predikat": np.zeros((0, 3), dtype=object), "seg_row": empty,
    })  # fmt: skip
    back = pickle.loads(pickle.dumps(sumber))
    assert back.nama == ["A\x1fB", ""] and back.nip == ["1", "2"] and back.jurusan_asli == []
    assert back.pendidikan_kode == [None, "S1"]
    assert back.skp_skala.tolist() == [["", "ANGKA"]] and back.skp_predikat.shape == (0, 3)
    one = dataclasses.replace(sumber, jurusan_asli=[""])
    assert pickle.loads(pickle.dumps(one)).jurusan_asli == [""]


def _edit_a_few(db: Database, pool: KumpulanKandidat, seed: int, *, join_and_leave: bool) -> set[int]:
    """Edits of the kinds a clerk makes between two rankings; returns the pegawai touched."""
    rng = np.random.default_rng(seed)
    a, b, c, d, e, f = (int(x) for x in rng.choice(pool.ids, size=6, replace=False))
    with db.session() as s:
        p = s.get(Pegawai, a)
        assert p is not None
        p.pendidikan_jurusan = f"Jurusan Baru {seed}"
        p.tmt_jabatan = date(2020, 2, 29)
        skp = s.scalar(select(Skp).where(Skp.pegawai_id == b, Skp.tahun == PADA.year - 1))
        if skp is None:
            s.add(Skp(pegawai_id=b, tahun=PADA.year - 1, skala="PREDIKAT", nilai=None, predikat="SANGAT_BAIK"))
        else:
            skp.skala, skp.nilai, skp.predikat = "PREDIKAT", None, "SANGAT_KURANG" if skp.predikat != "SANGAT_KURANG" else "BAIK"
        s.add(Diklat(pegawai_id=c, jenis="TEKNIS", nama="Diklat uji", kompetensi="Pengadaan Barang/Jasa;Arsip"))
        s.add(HukumanDisiplin(pegawai_id=d, tingkat="SEDANG", jenis="Pemotongan tunjangan", status="PROSES",
                              tmt_mulai=date(2026, 1, 1), tmt_selesai=None))  # fmt: skip
        s.add(RiwayatJabatan(pegawai_id=e, jabatan_id=int(pool.jabatan_id[0]), unit_id=int(pool.unit_id[0]),
                             jenis_jabatan=None, tmt_jabatan=date(2025, 7, 1)))  # fmt: skip
        if not join_and_leave:
            return {a, b, c, d, e}
        leaving = s.get(Pegawai, f)
        assert leaving is not None
        leaving.kedudukan = "PENSIUN"  # leaves the pool
        # A new pegawai joins: a copy of ``a`` with its own NIP.
        table = Pegawai.__table__
        row = dict(s.execute(select(table).where(table.c.id == a)).mappings().one())
        for key in ("id", "uuid", "created_at", "updated_at", "version"):
            row.pop(key)
        row["nip"] = f"1990010120150110{seed:02d}"
        row["pns_id"] = None
        row["nama"] = f"Pegawai Baru {seed}"
        s.execute(insert(table).values(**row))
    return {a, b, c, d, e, f}


@pytest.mark.usefixtures("follows_edits")
def test_edits_of_a_few_pegawai_are_followed_without_reading_everything(
    demo_db: Database, reads: list[tuple[int, ...]]
) -> None:
    pool = muat_kumpulan(demo_db, pada=PADA)
    for round_ in range(3):
        _edit_a_few(demo_db, pool, seed=round_, join_and_leave=round_ == 1)
        if round_ == 1:
            _restart()  # once from the disk (the app started again after the edits)
        pool = muat_kumpulan(demo_db, pada=PADA)
        assert len(reads) == 1, f"round {round_}: the edits should be merged, not read whole"
        full = muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
        assert_same_pool(pool, full)
        reads.pop()
        pool = full


@pytest.mark.usefixtures("follows_edits")
def test_facts_of_untouched_pegawai_are_kept_and_rankings_stay_right(demo_db: Database, system_actor: Actor) -> None:
    from mutasi_desktop.services.ranking_service import siapkan_peringkat

    fid = next(b.formasi_id for b in lowongan_formasi(analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA))
               if b.bezetting >= 1)  # fmt: skip
    assert fid is not None
    siapkan_peringkat(demo_db, system_actor, pada=PADA)
    before = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    best = before.kandidat[0].pegawai_id
    with demo_db.session() as s:
        s.add(HukumanDisiplin(pegawai_id=best, tingkat="BERAT", jenis="Penurunan jabatan", status="PROSES",
                              tmt_mulai=date(2026, 1, 1), tmt_selesai=None))  # fmt: skip
    pool = muat_kumpulan(demo_db, pada=PADA)
    facts = next(v for k, v in pool.cek_kandidat.items() if isinstance(k, tuple) and k[0] == "fakta")
    assert pool.row_of(best) not in facts and len(facts) > pool.n // 2, "only the edited pegawai's facts go"
    after = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    assert best not in {k.pegawai_id for k in after.kandidat}
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    scratch = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    assert after.kandidat == scratch.kandidat and after.gugur == scratch.gugur


def test_a_deleted_row_makes_the_pool_read_again(demo_db: Database, reads: list[tuple[int, ...]]) -> None:
    pool = muat_kumpulan(demo_db, pada=PADA)
    with demo_db.session() as s:
        victim = s.scalar(select(Skp.id).where(Skp.tahun == PADA.year - 1).order_by(Skp.id).limit(1))
        s.execute(delete(Skp).where(Skp.id == victim))
        # ... and an insert in the same table, so the count alone does not show the deletion.
        s.add(Skp(pegawai_id=int(pool.ids[3]), tahun=2001, skala="PREDIKAT", nilai=None, predikat="BAIK"))
    again = muat_kumpulan(demo_db, pada=PADA)
    assert len(reads) == 2
    assert_same_pool(again, muat_kumpulan(demo_db, pada=PADA, pakai_cache=False))


@pytest.mark.usefixtures("follows_edits")
def test_a_large_merge_is_kept_on_disk_and_a_small_one_is_not(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    pool = muat_kumpulan(demo_db, pada=PADA)

    def kept_fingerprint() -> Any:
        with demo_db.session() as s:
            found = selection_pool_cache.muat(demo_db, s)
        assert found is not None
        return found[0]

    first = kept_fingerprint()
    _edit_a_few(demo_db, pool, seed=5, join_and_leave=False)
    pool = muat_kumpulan(demo_db, pada=PADA)
    assert kept_fingerprint() == first, "five pegawai: merged in memory only"
    monkeypatch.setattr(selection_pool, "SIMPAN_SETELAH", 3)
    _edit_a_few(demo_db, pool, seed=6, join_and_leave=False)
    pool = muat_kumpulan(demo_db, pada=PADA)
    assert kept_fingerprint() == pool.fingerprint[1]


def test_preparing_in_the_background_while_the_clerk_edits_and_ranks(demo_db: Database, system_actor: Actor) -> None:
    """The screen prepares the pool in a thread while rankings after edits run in another: no
    error, and the last ranking equals one from scratch."""
    import threading

    from mutasi_desktop.services.ranking_service import siapkan_peringkat

    fid = next(b.formasi_id for b in lowongan_formasi(analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA))
               if b.bezetting >= 1)  # fmt: skip
    assert fid is not None
    pool = muat_kumpulan(demo_db, pada=PADA)
    errors: list[BaseException] = []

    def prepare() -> None:
        try:
            for _ in range(4):
                siapkan_peringkat(demo_db, system_actor, pada=PADA)
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=prepare)
    worker.start()
    last = None
    for k in range(4):
        with demo_db.session() as s:
            p = s.get(Pegawai, int(pool.ids[10 * k]))
            assert p is not None
            p.pendidikan_jurusan = f"Jurusan Serentak {k}"
        last = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    worker.join(timeout=120)
    assert not worker.is_alive() and not errors, errors
    muat_kumpulan(demo_db, pada=PADA, pakai_cache=False)
    scratch = hitung_peringkat(demo_db, system_actor, fid, top=None, pada=PADA)
    assert last is not None and last.kandidat == scratch.kandidat and last.gugur == scratch.gugur


def test_on_a_server_a_change_hidden_below_the_latest_timestamp_is_seen(demo_db: Database) -> None:
    """Another clerk's PC with its clock behind stamps an edit earlier than the newest row: the
    server's own modification count shows it (PostgreSQL only; SQLite has one clock)."""
    if demo_db.engine.dialect.name != "postgresql":
        pytest.skip("khusus PostgreSQL")
    from sqlalchemy import text, update

    pool = muat_kumpulan(demo_db, pada=PADA)
    pid = int(pool.ids[7])
    with demo_db.session() as s:
        s.execute(update(Pegawai).where(Pegawai.id == pid)
                  .values(pendidikan_jurusan="Diubah Dari PC Lain", updated_at=date(2001, 1, 1)))  # fmt: skip
        s.execute(text("SELECT pg_stat_force_next_flush()"))
    again = muat_kumpulan(demo_db, pada=PADA)
    assert again.jurusan_asli[again.row_of(pid)] == "Diubah Dari PC Lain"
