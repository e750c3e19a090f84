"""The candidate pool for selection: every pegawai who may be moved, as numpy columns.

Reading 100,000 pegawai with their SKP, career history, diklat and aspirasi takes a second or
more; scoring them for one vacancy takes milliseconds. So the target-independent part is read
once (``services.selection_source``), turned into the pool of the day asked (:func:`susun`:
months in post and of service, aspirasi valid that day), and kept while the data does not change:
a cheap fingerprint of the source tables decides. Kept in memory for the running app, and on disk
between runs (``services.selection_pool_cache``, encrypted), so the first ranking after a start
does not read everything again. Each vacancy only adds its own comparisons
(``services.selection_inputs.masukan_untuk``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Aspirasi,
    Diklat,
    HukumanDisiplin,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    Skp,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import selection_pool_cache
from mutasi_desktop.services.selection_merge import gabung
from mutasi_desktop.services.selection_source import (
    _DAYS_PER_MONTH,
    GOLONGAN_RANK,
    SKP_TAHUN,
    AspirasiPool,
    AspirasiSumber,
    FloatArray,
    IntArray,
    KolomPegawai,
    SumberKumpulan,
    _codes,
    baca_aspirasi,
    baca_sumber,
    bulan_antara,
    kode_seragam,
    nip_angka,
    pendidikan_rank,
    tahun_skp,
    usul_terbuka,
)

__all__ = [
    "GOLONGAN_RANK", "SKP_TAHUN", "AspirasiPool", "FloatArray", "IntArray", "KumpulanKandidat", "bagian_kumpulan",
    "bulan_antara", "kode_seragam", "muat_kumpulan", "nip_angka", "pendidikan_rank", "susun",
]  # fmt: skip

log = logging.getLogger(__name__)


@dataclass
class KumpulanKandidat(KolomPegawai):
    """Target-independent columns of every pegawai who still holds a post, on day :attr:`pada`."""

    pada: date
    bulan_masa_kerja: FloatArray
    bulan_jabatan: FloatArray  # whole months in the current post on ``pada``
    seg_bulan: FloatArray
    aspirasi: dict[int, AspirasiPool]  # row -> valid aspirasi
    open_usul: npt.NDArray[np.bool_]
    fingerprint: tuple[Any, ...] = ()
    sumber: SumberKumpulan | None = None  # what this pool was assembled from (None for a part)
    _tag_rows: dict[str, IntArray] | None = None
    # Facts and rule results kept by services.candidate_checks; every dict in it is keyed by
    # pool row (what a partial refresh drops for the rows whose open usul changed).
    cek_kandidat: dict[Any, Any] = field(default_factory=dict)
    usul_terbuka: dict[int, tuple[int, ...]] = field(default_factory=dict)  # row -> open usul ids

    def rows_with_tag(self, tag: str) -> IntArray:
        """Pool rows holding a diklat with competence ``tag`` (index built on first use)."""
        if self._tag_rows is None:
            # Diklat share a few hundred distinct tag sets: group the rows by set, then by tag.
            codes, distinct = _codes(tuple(self.diklat_tags))
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(len(distinct) + 1))
            parts: dict[str, list[IntArray]] = {}
            for k, tags in enumerate(distinct):
                rows = self.diklat_row[order[bounds[k] : bounds[k + 1]]]
                for t in tags:
                    parts.setdefault(t, []).append(rows)
            self._tag_rows = {t: np.unique(np.concatenate(p)) for t, p in parts.items()}
        return self._tag_rows.get(tag, np.zeros(0, dtype=np.int64))

    def row_of(self, pegawai_id: int) -> int:
        i = int(np.searchsorted(self.ids, pegawai_id))
        if i >= self.n or int(self.ids[i]) != pegawai_id:
            raise DomainError(f"Pegawai dengan id {pegawai_id} tidak termasuk calon (tidak aktif atau tidak ada)")
        return i


_SUMBER = (Pegawai, Skp, RiwayatJabatan, Diklat, Aspirasi, UsulMutasi, Jabatan, UnitKerja, HukumanDisiplin)


def _fingerprint(session: Session) -> tuple[tuple[Any, ...], ...]:
    """Row count and latest ``updated_at`` of every source table (in :data:`_SUMBER` order), in
    one round trip. An insert or an edit moves ``updated_at`` (indexed: a lookup, not a scan); a
    deletion changes the count.

    That is enough on SQLite: one writer at a time and one clock. On PostgreSQL several clerks
    write at once from PCs whose clocks may differ, so a row committed late, or stamped by a clock
    running behind, can hide below the latest ``updated_at``. There each table's part also holds
    the server's count of rows inserted, updated and deleted (``pg_stat_user_tables``, whatever
    the clients' clocks), which sees such a change within seconds; and a change is always
    followed by reading every table (:func:`_ikuti_perubahan` is for SQLite).
    """
    parts: list[Any] = []
    for model in _SUMBER:
        parts.append(select(func.count()).select_from(model).scalar_subquery())
        parts.append(select(func.max(model.updated_at)).scalar_subquery())
    row = session.execute(select(*parts)).one()
    found = [(row[i], row[i + 1]) for i in range(0, len(row), 2)]
    if session.get_bind().dialect.name == "postgresql":
        names = [m.__tablename__ for m in _SUMBER]
        counters: dict[str, int] = {row[0]: row[1] for row in session.execute(
            text("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables "
                 "WHERE schemaname = current_schema() AND relname = ANY(:names)"), {"names": names}
        )}  # fmt: skip
        return tuple((*part, counters.get(name)) for part, name in zip(found, names, strict=True))
    return tuple(found)


def _berubah(a: tuple[tuple[Any, ...], ...], b: tuple[tuple[Any, ...], ...]) -> set[str]:
    return {m.__tablename__ for m, x, y in zip(_SUMBER, a, b, strict=True) if x != y}


# Tables whose change is followed without reading everything again: drafting or deciding an
# usul, or recording an aspirasi, is what a clerk does between two rankings.
_IKUT_SEBAGIAN = frozenset({"usul_mutasi", "aspirasi"})

_CACHE: dict[str, KumpulanKandidat] = {}
_LOADING: dict[str, threading.Lock] = {}
_LOCK = threading.Lock()


def muat_kumpulan(db: Database, *, pada: date | None = None, pakai_cache: bool = True) -> KumpulanKandidat:
    """The pool for ``pada`` (today), without reading everything again when nothing changed.

    In order: the pool kept in memory (same day, no source table changed); the source kept in
    memory or on disk, assembled for ``pada`` (the day changed, or the app was restarted); when
    only usul or aspirasi changed since, those are read again and the facts kept for pegawai whose
    open usul changed are dropped; else everything is read and the source saved to disk. One load
    per database at a time: a caller arriving while another thread loads (say, the screen
    preparing the pool while the clerk asks for a ranking) waits and takes that pool.
    ``pakai_cache=False`` reads everything (and refreshes both caches).
    """
    pada = pada or date.today()
    with _LOCK:
        loading = _LOADING.setdefault(db.url, threading.Lock())
    with loading:
        with db.session() as session:
            fp = _fingerprint(session)
            pool, simpan = _dari_cache(db, session, pada, fp) if pakai_cache else (None, True)
            if pool is None:
                pool = susun(baca_sumber(session, tahun_skp(pada)), pada)
        if simpan and pool.sumber is not None:
            # After the read transaction: saving may create the key (a write).
            selection_pool_cache.simpan(db, fp, pool.sumber)
        pool.fingerprint = (pada, fp)
        with _LOCK:
            _CACHE[db.url] = pool
    return pool


def _dari_cache(
    db: Database, session: Session, pada: date, fp: tuple[tuple[Any, ...], ...]
) -> tuple[KumpulanKandidat | None, bool]:
    """The pool without reading everything (None when that is not possible), and whether its
    source should be written to disk."""
    years = tahun_skp(pada)
    with _LOCK:
        cached = _CACHE.get(db.url)
    if cached is not None and cached.fingerprint and cached.sumber is not None and cached.sumber.skp_tahun == years:
        changed = _berubah(cached.fingerprint[1], fp)
        if changed <= _IKUT_SEBAGIAN:
            # Another day: months and valid aspirasi move on, the source stays.
            pool = cached if cached.fingerprint[0] == pada else susun(cached.sumber, pada)
            return (_perbarui(session, pool, pada, aspirasi_berubah="aspirasi" in changed) if changed else pool), False
        return _ikuti_perubahan(session, cached.sumber, cached.fingerprint[1], fp, changed, pada, cached)
    disimpan = selection_pool_cache.muat(db, session)
    if disimpan is None:
        return None, True
    fp_disk, sumber = disimpan
    if sumber.skp_tahun != years:
        return None, True
    changed = _berubah(fp_disk, fp)
    if changed <= _IKUT_SEBAGIAN:
        pool = susun(sumber, pada)
        return (_perbarui(session, pool, pada, aspirasi_berubah="aspirasi" in changed) if changed else pool), False
    return _ikuti_perubahan(session, sumber, fp_disk, fp, changed, pada, None)


# Tables whose changed rows name the pegawai to read again (hukuman disiplin feeds no column of
# the source, only the facts kept with the pool). A change of the jabatan catalogue reads
# everything: a career segment without its own jenis takes it from there.
_PER_PEGAWAI: dict[str, tuple[Any, Any]] = {
    "pegawai": (Pegawai, Pegawai.id),
    "skp": (Skp, Skp.pegawai_id),
    "riwayat_jabatan": (RiwayatJabatan, RiwayatJabatan.pegawai_id),
    "diklat": (Diklat, Diklat.pegawai_id),
    "hukuman_disiplin": (HukumanDisiplin, HukumanDisiplin.pegawai_id),
}
_IKUT_KATALOG = frozenset({"unit_kerja"})
MAKS_DIIKUTI = 5_000  # more pegawai changed than this (an import): read everything
# A merge of fewer pegawai is not written to disk (writing costs ~0.2 s): the next start merges
# the same edits into the older copy again, in milliseconds. A larger one (an SK applied to
# hundreds of pegawai) is.
SIMPAN_SETELAH = 200


def _diubah_sejak(session: Session, name: str, lama: tuple[Any, ...], baru: tuple[Any, ...]) -> set[int] | None:
    """Pegawai whose rows of table ``name`` changed since the fingerprint part ``lama``, or None
    when a row may have been deleted (then only a full read is safe)."""
    model, pegawai_col = _PER_PEGAWAI[name]
    count_old, max_old, count_new = lama[0], lama[1], baru[0]
    stmt = select(pegawai_col, model.created_at)
    if max_old is not None:
        stmt = stmt.where(model.updated_at > max_old)  # the updated_at index: a range, not a scan
    rows = session.execute(stmt).all()
    created = sum(1 for _pid, at in rows if max_old is None or (at is not None and at > max_old))
    if count_new != count_old + created:  # a deletion, or a row created before and missed
        return None
    return {int(pid) for pid, _at in rows if pid is not None}


def _ikuti_perubahan(
    session: Session, sumber: SumberKumpulan, fp_lama: tuple[tuple[Any, ...], ...],
    fp: tuple[tuple[Any, ...], ...], changed: set[str], pada: date, cached: KumpulanKandidat | None,
) -> tuple[KumpulanKandidat | None, bool]:
    """The pool after edits of a few pegawai: only they are read again and merged into the kept
    source (``selection_merge.gabung``). None (read everything) when the change is of another
    kind, too large, or may include a deletion. Facts kept with the memory pool survive for the
    pegawai not touched, as long as no pegawai joined or left the pool."""
    if session.get_bind().dialect.name != "sqlite" or not changed <= _IKUT_SEBAGIAN | _PER_PEGAWAI.keys() | _IKUT_KATALOG:
        return None, True  # on a server, rows found by their timestamps may not be all that changed
    position = {m.__tablename__: i for i, m in enumerate(_SUMBER)}
    affected: set[int] = set()
    for name in sorted(changed & _PER_PEGAWAI.keys()):
        found = _diubah_sejak(session, name, fp_lama[position[name]], fp[position[name]])
        if found is None:
            return None, True
        affected |= found
        if len(affected) > MAKS_DIIKUTI:
            return None, True
    diganti = sorted(affected)
    merged = gabung(sumber, baca_sumber(session, sumber.skp_tahun, hanya=diganti), diganti)
    same_rows = np.array_equal(merged.ids, sumber.ids)
    # Aspirasi rows point at pool rows: read again when someone joined or left (or they changed).
    merged.aspirasi = sumber.aspirasi if same_rows and "aspirasi" not in changed else baca_aspirasi(session, merged.ids)
    merged.usul_terbuka = usul_terbuka(session, merged.ids)
    pool = susun(merged, pada)
    if cached is not None and same_rows:
        # Same rows: drop what was kept for the pegawai read again or whose open usul changed.
        rows = {int(r) for r in np.searchsorted(merged.ids, diganti).tolist()}
        rows |= {r for r in cached.usul_terbuka.keys() | merged.usul_terbuka.keys()
                 if cached.usul_terbuka.get(r) != merged.usul_terbuka.get(r)}  # fmt: skip
        pool.cek_kandidat = _tanpa_baris(cached.cek_kandidat, rows)
    log.debug("Kumpulan calon diperbarui untuk %d pegawai (%s)", len(diganti), ", ".join(sorted(changed)))
    return pool, len(diganti) >= SIMPAN_SETELAH


def susun(sumber: SumberKumpulan, pada: date) -> KumpulanKandidat:
    """The pool of day ``pada`` from its source: months of service and in post counted to that
    day, career segments ending on it, and the aspirasi valid on it."""
    n = sumber.n
    pada64 = np.datetime64(pada, "D")
    today = np.full(n, pada64)
    s_end = np.where(np.isnat(sumber.seg_berikut), pada64, sumber.seg_berikut)
    s_end = np.minimum(s_end, pada64)
    seg_bulan = np.clip((s_end - sumber.seg_mulai).astype(np.float64) / _DAYS_PER_MONTH, 0, None)
    shared = {f.name: getattr(sumber, f.name) for f in fields(KolomPegawai)}
    return KumpulanKandidat(
        **shared, pada=pada, bulan_masa_kerja=bulan_antara(sumber.tmt_cpns, today) + sumber.bulan_tambahan,
        bulan_jabatan=bulan_antara(sumber.tmt_jabatan, today), seg_bulan=seg_bulan,
        aspirasi=aspirasi_pada(sumber.aspirasi, pada),
        open_usul=_open_usul(n, sumber.usul_terbuka), usul_terbuka=sumber.usul_terbuka, sumber=sumber,
    )  # fmt: skip


def aspirasi_pada(semua: AspirasiSumber, pada: date) -> dict[int, AspirasiPool]:
    """Pool row -> the pegawai's aspirasi valid on ``pada`` (the latest statement wins)."""
    pada64 = np.datetime64(pada, "D")
    berlaku = (semua.tanggal <= pada64) & (np.isnat(semua.berlaku_sampai) | (semua.berlaku_sampai >= pada64))
    return {int(semua.row[i]): semua.isi[i] for i in np.flatnonzero(berlaku).tolist()}


def _tanpa_baris(kept: dict[Any, Any], rows: set[int]) -> dict[Any, Any]:
    """A copy of the facts and rule results kept with a pool, without those of ``rows``. Another
    thread may be filling them (the screen preparing in the background): each dict is copied in
    one ``list()`` call, which does not interleave with its writers in CPython."""
    return {
        key: {r: v for r, v in list(value.items()) if r not in rows} if isinstance(value, dict) else value
        for key, value in list(kept.items())
    }


def _open_usul(n: int, terbuka: dict[int, tuple[int, ...]]) -> npt.NDArray[np.bool_]:
    open_usul = np.zeros(n, bool)
    open_usul[list(terbuka)] = True
    return open_usul


def _perbarui(session: Session, cached: KumpulanKandidat, pada: date, *, aspirasi_berubah: bool) -> KumpulanKandidat:
    """A copy of ``cached`` with today's open usul (and aspirasi); the old pool stays intact for
    whoever still ranks with it."""
    assert cached.sumber is not None
    terbuka = usul_terbuka(session, cached.ids)
    berubah = {r for r in cached.usul_terbuka.keys() | terbuka.keys() if cached.usul_terbuka.get(r) != terbuka.get(r)}
    kept = _tanpa_baris(cached.cek_kandidat, berubah)
    semua = baca_aspirasi(session, cached.ids) if aspirasi_berubah else cached.sumber.aspirasi
    sumber = replace(cached.sumber, usul_terbuka=terbuka, aspirasi=semua)
    return replace(
        cached, open_usul=_open_usul(cached.n, terbuka), usul_terbuka=terbuka, cek_kandidat=kept,
        aspirasi=aspirasi_pada(semua, pada) if aspirasi_berubah else cached.aspirasi, sumber=sumber,
    )  # fmt: skip


def bagian_kumpulan(pool: KumpulanKandidat, rows: npt.NDArray[np.int64]) -> KumpulanKandidat:
    """The pool restricted to ``rows`` (in that order), so per-vacancy work scales with the
    candidate pool of a placement rather than with every pegawai."""
    rows = np.asarray(rows, dtype=np.int64)
    remap = np.full(pool.n, -1, dtype=np.int64)
    remap[rows] = np.arange(rows.shape[0])
    seg_keep = remap[pool.seg_row] >= 0 if pool.seg_row.size else np.zeros(0, bool)
    dk_keep = remap[pool.diklat_row] >= 0 if pool.diklat_row.size else np.zeros(0, bool)
    dk_idx = np.nonzero(dk_keep)[0]
    return KumpulanKandidat(
        pada=pool.pada, ids=pool.ids[rows], nip=[pool.nip[i] for i in rows.tolist()],
        nama=[pool.nama[i] for i in rows.tolist()], status=pool.status[rows], kedudukan=pool.kedudukan[rows],
        unit_id=pool.unit_id[rows], jabatan_id=pool.jabatan_id[rows], golongan_id=pool.golongan_id[rows],
        golongan_jenis=pool.golongan_jenis[rows], golongan_rank=pool.golongan_rank[rows],
        pendidikan_rank=pool.pendidikan_rank[rows], pendidikan_kode=[pool.pendidikan_kode[i] for i in rows.tolist()],
        jurusan_kode=pool.jurusan_kode[rows], jurusan_unik=pool.jurusan_unik,
        jurusan_asli=[pool.jurusan_asli[i] for i in rows.tolist()], tmt_jabatan=pool.tmt_jabatan[rows],
        bulan_masa_kerja=pool.bulan_masa_kerja[rows], bulan_jabatan=pool.bulan_jabatan[rows],
        nip_num=pool.nip_num[rows], skp_tahun=pool.skp_tahun, skp_skor=pool.skp_skor[rows],
        skp_skala=pool.skp_skala[rows], skp_nilai=pool.skp_nilai[rows], skp_predikat=pool.skp_predikat[rows],
        diklat_row=remap[pool.diklat_row[dk_keep]], diklat_tags=[pool.diklat_tags[i] for i in dk_idx.tolist()],
        jumlah_diklat=pool.jumlah_diklat[rows], seg_row=remap[pool.seg_row[seg_keep]],
        seg_bulan=pool.seg_bulan[seg_keep], seg_jabatan=pool.seg_jabatan[seg_keep], seg_jenis_kode=pool.seg_jenis_kode[seg_keep],
        seg_jenis_nama=pool.seg_jenis_nama,
        aspirasi={int(remap[k]): v for k, v in pool.aspirasi.items() if remap[k] >= 0},
        open_usul=pool.open_usul[rows], jabatan=pool.jabatan, units=pool.units, fingerprint=pool.fingerprint,
    )  # fmt: skip
