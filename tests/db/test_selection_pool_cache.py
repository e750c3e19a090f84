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
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, HukumanDisiplin, Pegawai, Setting
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

    def counting(session: Any, years: tuple[int, ...]) -> Any:
        calls.append(years)
        return real(session, years)

    monkeypatch.setattr(selection_pool, "baca_sumber", counting)
    return calls


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


def test_data_changed_after_the_pool_was_kept_is_read_again(demo_db: Database, reads: list[tuple[int, ...]]) -> None:
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
    assert len(reads) == 2, "a changed pegawai table must not be answered from the disk"
    assert after.jurusan_asli[0] == "Ilmu Yang Baru Saja Diubah"
    _restart()
    assert_same_pool(muat_kumpulan(demo_db, pada=PADA), after)  # the new state was kept in its turn
    assert len(reads) == 2


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
