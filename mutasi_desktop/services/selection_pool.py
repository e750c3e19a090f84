"""The candidate pool for selection: every pegawai who may be moved, as numpy columns.

Loading 100,000 pegawai with their SKP, career history, diklat and aspirasi takes a second or
more; scoring them for one vacancy takes milliseconds. So the target-independent part (the
pool) is loaded once in a few bulk queries and kept while the data does not change (a cheap
fingerprint of the source tables decides), and each vacancy only adds its own comparisons
(:func:`masukan_untuk`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, func, select, type_coerce
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
from mutasi_desktop.domain.golongan import all_golongan
from mutasi_desktop.domain.pendidikan import all_tingkat
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.domain.skp import skp_score_0_100
from mutasi_desktop.domain.usul_states import OPEN_STATES
from mutasi_desktop.services.candidate_facts import KEDUDUKAN_TIDAK_MENEMPATI, gc_paused

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
SKP_TAHUN = 3  # kinerja looks at the last three complete years
_DAYS_PER_MONTH = 30.4375


def bulan_antara(start: npt.NDArray[Any], end: npt.NDArray[Any]) -> FloatArray:
    """Whole months from ``start`` to ``end`` (datetime64[D] arrays; NaT or negative -> 0).

    Same rule as ``domain.dates.months_between``: a month counts once ``add_months(start, k) <=
    end``, where ``add_months`` clamps the day to the end of a shorter month (31 January to 28
    February is one month).
    """
    s = start.astype("datetime64[D]")
    e = end.astype("datetime64[D]")
    s_month = s.astype("datetime64[M]")
    e_month = e.astype("datetime64[M]")
    months = e_month.astype(np.int64) - s_month.astype(np.int64)
    sd = (s - s_month.astype("datetime64[D]")).astype(np.int64)  # 0-based day of month
    ed = (e - e_month.astype("datetime64[D]")).astype(np.int64)
    last = ((e_month + 1).astype("datetime64[D]") - e_month.astype("datetime64[D]")).astype(np.int64) - 1
    months = months - (np.minimum(sd, last) > ed)
    valid = ~(np.isnat(s) | np.isnat(e))
    return np.where(valid, np.maximum(months, 0), 0).astype(np.float64)


def kode_seragam(values: Sequence[Any]) -> npt.NDArray[np.str_]:
    """Codes as the eligibility rules read them: trimmed, upper case, inner spaces as ``_``."""
    codes, distinct = _codes(tuple(values))
    names = np.array(["_".join((v or "").strip().upper().replace("/", " ").split()) for v in distinct] or [""], dtype=str)
    return names[codes] if len(values) else np.zeros(0, dtype=str)


def _dates(values: Sequence[Any]) -> npt.NDArray[np.datetime64]:
    return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")


@dataclass
class AspirasiPool:
    unit_ids: tuple[int | None, ...]  # pilihan 1-3 in place (None where not filled)
    lokasi: tuple[str, ...]  # folded
    jabatan_id: int | None
    kesediaan: str


@dataclass
class KumpulanKandidat:
    """Target-independent columns of every pegawai who still holds a post (index = row)."""

    pada: date
    ids: IntArray
    nip: list[str]
    nama: list[str]
    status: npt.NDArray[np.str_]
    kedudukan: npt.NDArray[np.str_]
    unit_id: IntArray
    jabatan_id: IntArray
    golongan_id: IntArray
    golongan_jenis: npt.NDArray[np.str_]  # PNS / PPPK / "" (unknown)
    golongan_rank: IntArray
    pendidikan_rank: FloatArray
    pendidikan_kode: list[str | None]
    jurusan_kode: IntArray  # index into jurusan_unik
    jurusan_unik: list[str]  # folded
    jurusan_asli: list[str]
    tmt_jabatan: npt.NDArray[np.datetime64]
    bulan_masa_kerja: FloatArray
    bulan_jabatan: FloatArray  # whole months in the current post on ``pada``
    nip_num: IntArray  # NIP as a number, for a cheap deterministic tie-break
    skp_tahun: tuple[int, ...]
    skp_skor: FloatArray  # (n, SKP_TAHUN), NaN when missing
    skp_skala: npt.NDArray[Any]  # (n, SKP_TAHUN) "" when missing
    skp_nilai: FloatArray
    skp_predikat: npt.NDArray[Any]
    diklat_row: IntArray
    diklat_tags: list[frozenset[str]]
    jumlah_diklat: FloatArray
    seg_row: IntArray
    seg_bulan: FloatArray
    seg_jabatan: IntArray
    seg_jenis: npt.NDArray[np.str_]
    aspirasi: dict[int, AspirasiPool]  # row -> valid aspirasi
    open_usul: npt.NDArray[np.bool_]
    jabatan: dict[int, tuple[str, str, str]]  # id -> (nama, jenis, rumpun)
    units: dict[int, tuple[str, str, str]]  # id -> (nama, path, lokasi folded)
    fingerprint: tuple[Any, ...] = ()
    _tag_rows: dict[str, IntArray] | None = None
    # Facts and rule results kept by services.candidate_checks; every dict in it is keyed by
    # pool row (what a partial refresh drops for the rows whose open usul changed).
    cek_kandidat: dict[Any, Any] = field(default_factory=dict)
    usul_terbuka: dict[int, tuple[int, ...]] = field(default_factory=dict)  # row -> open usul ids

    def rows_with_tag(self, tag: str) -> IntArray:
        """Pool rows holding a diklat with competence ``tag`` (index built on first use)."""
        if self._tag_rows is None:
            index: dict[str, set[int]] = {}
            for row, own in zip(self.diklat_row.tolist(), self.diklat_tags, strict=True):
                for t in own:
                    index.setdefault(t, set()).add(row)
            self._tag_rows = {t: np.array(sorted(rows), dtype=np.int64) for t, rows in index.items()}
        return self._tag_rows.get(tag, np.zeros(0, dtype=np.int64))

    @property
    def n(self) -> int:
        return int(self.ids.shape[0])

    def row_of(self, pegawai_id: int) -> int:
        i = int(np.searchsorted(self.ids, pegawai_id))
        if i >= self.n or int(self.ids[i]) != pegawai_id:
            raise DomainError(f"Pegawai dengan id {pegawai_id} tidak termasuk calon (tidak aktif atau tidak ada)")
        return i


_RANK = {t.kode: t.rank for t in all_tingkat()}
GOLONGAN_RANK = {g.id: (g.jenis, g.rank) for g in all_golongan()}


def pendidikan_rank(kode: str | None) -> int:
    return _RANK.get(kode or "", 0)


_SUMBER = (Pegawai, Skp, RiwayatJabatan, Diklat, Aspirasi, UsulMutasi, Jabatan, UnitKerja, HukumanDisiplin)


def _fingerprint(session: Session) -> tuple[tuple[Any, Any], ...]:
    """Row count and latest ``updated_at`` of every source table (in :data:`_SUMBER` order), in
    one round trip. An insert or an edit moves ``updated_at`` (indexed: a lookup, not a scan); a
    deletion changes the count."""
    parts: list[Any] = []
    for model in _SUMBER:
        parts.append(select(func.count()).select_from(model).scalar_subquery())
        parts.append(select(func.max(model.updated_at)).scalar_subquery())
    row = session.execute(select(*parts)).one()
    return tuple((row[i], row[i + 1]) for i in range(0, len(row), 2))


# Tables whose change is followed without rebuilding the pool: drafting or deciding an usul, or
# recording an aspirasi, is what a clerk does between two rankings.
_IKUT_SEBAGIAN = frozenset({"usul_mutasi", "aspirasi"})

_CACHE: dict[str, KumpulanKandidat] = {}
_LOADING: dict[str, threading.Lock] = {}
_LOCK = threading.Lock()


def muat_kumpulan(db: Database, *, pada: date | None = None, pakai_cache: bool = True) -> KumpulanKandidat:
    """The pool for ``pada`` (today), from cache when no source table changed since it was built.

    When only usul or aspirasi changed, the cached pool is refreshed instead of rebuilt: its open
    usul and aspirasi are read again and the facts kept for pegawai whose open usul changed are
    dropped. One load per database at a time: a caller arriving while another thread loads (say,
    the screen preparing the pool while the clerk asks for a ranking) waits and takes that pool.
    """
    pada = pada or date.today()
    with _LOCK:
        loading = _LOADING.setdefault(db.url, threading.Lock())
    with loading:
        with db.session() as session:
            fp = (pada, _fingerprint(session))
            with _LOCK:
                cached = _CACHE.get(db.url)
            if pakai_cache and cached is not None and cached.fingerprint[:1] == (pada,):
                changed = {m.__tablename__ for m, a, b in zip(_SUMBER, cached.fingerprint[1], fp[1], strict=True)
                           if a != b}  # fmt: skip
                if not changed:
                    return cached
                if changed <= _IKUT_SEBAGIAN:
                    pool = _perbarui(session, cached, pada, aspirasi_berubah="aspirasi" in changed)
                else:
                    pool = _load(session, pada)
            else:
                pool = _load(session, pada)
        pool.fingerprint = fp
        with _LOCK:
            _CACHE[db.url] = pool
    return pool


def _perbarui(session: Session, cached: KumpulanKandidat, pada: date, *, aspirasi_berubah: bool) -> KumpulanKandidat:
    """A copy of ``cached`` with today's open usul (and aspirasi); the old pool stays intact for
    whoever still ranks with it."""
    terbuka = _usul_terbuka(session, cached.ids)
    berubah = {r for r in cached.usul_terbuka.keys() | terbuka.keys() if cached.usul_terbuka.get(r) != terbuka.get(r)}
    open_usul = np.zeros(cached.n, bool)
    open_usul[list(terbuka)] = True
    kept = {
        key: {r: v for r, v in value.items() if r not in berubah} if isinstance(value, dict) else value
        for key, value in cached.cek_kandidat.items()
    }
    return replace(
        cached, open_usul=open_usul, usul_terbuka=terbuka, cek_kandidat=kept,
        aspirasi=_aspirasi(session, cached.ids, pada) if aspirasi_berubah else cached.aspirasi,
    )  # fmt: skip


def _usul_terbuka(session: Session, ids: IntArray) -> dict[int, tuple[int, ...]]:
    """Pool row -> ids of the pegawai's open usul (only rows that have one)."""
    found: dict[int, list[int]] = {}
    n = ids.shape[0]
    for pid, usul_id in session.execute(
        select(UsulMutasi.pegawai_id, UsulMutasi.id).where(UsulMutasi.status.in_([s.value for s in OPEN_STATES]))
    ):  # fmt: skip
        p = int(np.searchsorted(ids, pid))
        if p < n and ids[p] == pid:
            found.setdefault(p, []).append(usul_id)
    return {row: tuple(sorted(usul)) for row, usul in found.items()}


def _aspirasi(session: Session, ids: IntArray, pada: date) -> dict[int, AspirasiPool]:
    """Pool row -> the pegawai's aspirasi valid on ``pada`` (the latest statement wins)."""
    aspirasi: dict[int, AspirasiPool] = {}
    n = ids.shape[0]
    for a in session.execute(
        select(Aspirasi.pegawai_id, Aspirasi.unit_pilihan_1_id, Aspirasi.unit_pilihan_2_id,
               Aspirasi.unit_pilihan_3_id, Aspirasi.lokasi_pilihan, Aspirasi.jabatan_pilihan_id, Aspirasi.kesediaan)
        .where(Aspirasi.tanggal <= pada, (Aspirasi.berlaku_sampai.is_(None)) | (Aspirasi.berlaku_sampai >= pada))
        .order_by(Aspirasi.tanggal, Aspirasi.id)
    ):  # fmt: skip
        p = int(np.searchsorted(ids, a[0]))
        if p < n and ids[p] == a[0]:
            aspirasi[p] = AspirasiPool(
                unit_ids=(a[1], a[2], a[3]),
                lokasi=tuple(fold(x) for x in (a[4] or "").split(";") if x.strip()),
                jabatan_id=a[5],
                kesediaan=a[6] if a[6] in ("BERSEDIA", "BERSYARAT", "TIDAK_BERSEDIA") else "BERSEDIA",
            )
    return aspirasi


def _date_text(column: Any) -> Any:
    # Dates travel as ISO text (no per-row date objects); numpy parses the whole column at once.
    # On PostgreSQL the driver still returns date objects, which numpy reads just as well.
    return type_coerce(column, String())


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=4096)
def _tags(text: str) -> frozenset[str]:
    return frozenset(_fold(t) for t in text.split(";") if t.strip())


def _columns(rows: Sequence[Any], width: int) -> list[tuple[Any, ...]]:
    return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]


def _raw(conn: Any, stmt: Any, width: int) -> list[tuple[Any, ...]]:
    """Columns of ``stmt`` fetched through the DB-API cursor: no per-row result processing.

    The statement is rendered for the connection's dialect with literal values (only ints and
    fixed codes here), so it runs unchanged on SQLite and PostgreSQL.
    """
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        return _columns(cursor.fetchall(), width)
    finally:
        cursor.close()


def _codes(values: tuple[Any, ...]) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Integer codes of a column of a few distinct values (faster than np.unique on objects)."""
    distinct = list(dict.fromkeys(values))  # first-seen order
    table = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(table.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, distinct


def _skp_scores(
    skala: npt.NDArray[np.int64], skala_names: list[Any], nilai: FloatArray,
    predikat: npt.NDArray[np.int64], predikat_names: list[Any],
) -> FloatArray:
    """``domain.skp.skp_score_0_100`` of each record, evaluated once per distinct value."""
    out = np.full(skala.shape[0], np.nan)
    for code, kode in enumerate(skala_names):
        rows = skala == code
        if kode == "ANGKA":
            keys, inverse = np.unique(np.nan_to_num(nilai[rows], nan=-1.0), return_inverse=True)
            values = [_skp_score(kode, None if k < 0 else float(k), None) for k in keys.tolist()]
            out[rows] = np.asarray(values, dtype=np.float64)[inverse]
        else:
            per_predikat = np.array([_skp_score(str(kode), None, p) for p in predikat_names], dtype=np.float64)
            out[rows] = per_predikat[predikat[rows]]
    return out


def _skp_score(skala: str, nilai: float | None, predikat: str | None) -> float:
    try:
        return skp_score_0_100(skala, nilai, predikat)
    except (DomainError, ValueError):
        return float("nan")  # unreadable record: treated as missing


def nip_angka(nips: Sequence[Any]) -> IntArray:
    """NIPs as int64 (18 digits fit); the tie-break of every ranking uses these.

    A NIP that is not all digits (or longer than 18) counts as 0.
    """
    if not len(nips):
        return np.zeros(0, dtype=np.int64)
    text = np.array([v if isinstance(v, str) else "" for v in nips], dtype=str)
    ok = np.char.isdigit(text) & (np.char.str_len(text) <= 18)
    return np.where(ok, text, "0").astype(np.int64)


def _load(session: Session, pada: date) -> KumpulanKandidat:
    with gc_paused():  # hundreds of thousands of row tuples, none in a cycle
        return _load_rows(session, pada)


def _load_rows(session: Session, pada: date) -> KumpulanKandidat:
    conn = session.connection()  # raw DB-API rows: no ORM or Row bookkeeping for 100,000 rows
    cols = _raw(conn, select(
        Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.status_kepegawaian, Pegawai.kedudukan,
        Pegawai.golongan_id, Pegawai.pendidikan_tingkat, Pegawai.pendidikan_jurusan, Pegawai.unit_id,
        Pegawai.jabatan_id, _date_text(Pegawai.tmt_jabatan), _date_text(Pegawai.tmt_cpns),
        func.coalesce(Pegawai.mk_tambahan_tahun, 0) * 12 + func.coalesce(Pegawai.mk_tambahan_bulan, 0),
    ).where(Pegawai.kedudukan.not_in(KEDUDUKAN_TIDAK_MENEMPATI)).order_by(Pegawai.id), 13)  # fmt: skip
    ids = np.array(cols[0], dtype=np.int64)
    n = ids.shape[0]
    pada64 = np.datetime64(pada, "D")
    tmt_jabatan = _dates(cols[10])
    tmt_cpns = _dates(cols[11])
    masa = bulan_antara(tmt_cpns, np.full(n, pada64)) + np.array(cols[12], dtype=np.float64)
    jurusan_raw, jurusan_distinct = _codes(cols[7])
    # Fold each distinct jurusan once; equal folded texts share one code (sorted, like np.unique).
    jurusan_unik = sorted({_fold(j or "") for j in jurusan_distinct})
    fold_code = {f: i for i, f in enumerate(jurusan_unik)}
    jurusan_kode = np.array([fold_code[_fold(j or "")] for j in jurusan_distinct] or [0], dtype=np.int64)[jurusan_raw]
    pend_raw, pend_distinct = _codes(cols[6])
    pend_rank = np.array([pendidikan_rank(k) for k in pend_distinct] or [0], dtype=np.float64)[pend_raw]

    def locate(pids: Sequence[Any] | npt.NDArray[np.int64]) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        wanted = np.asarray(pids, dtype=np.int64)
        if not n or not wanted.size:
            return np.zeros(wanted.size, np.int64), np.zeros(wanted.size, bool)
        pos = np.asarray(np.searchsorted(ids, wanted), dtype=np.int64)
        ok = (pos < n) & (ids[np.minimum(pos, n - 1)] == wanted)
        return pos, ok

    # SKP: the last SKP_TAHUN complete years, converted with the domain's 0-100 scale.
    years = tuple(range(pada.year - SKP_TAHUN, pada.year))
    skp = _raw(conn, select(Skp.pegawai_id, Skp.tahun, Skp.skala, Skp.nilai, Skp.predikat)
               .where(Skp.tahun.in_(years)), 5)  # fmt: skip
    skp_skor = np.full((n, SKP_TAHUN), np.nan)
    skp_skala = np.full((n, SKP_TAHUN), "", dtype=object)
    skp_nilai = np.full((n, SKP_TAHUN), np.nan)
    skp_predikat = np.full((n, SKP_TAHUN), "", dtype=object)
    if skp[0]:
        pos, ok = locate(skp[0])
        year_col = np.array(skp[1], dtype=np.int64) - years[0]
        skala, skala_names = _codes(skp[2])
        nilai = np.array(skp[3], dtype=np.float64)  # None -> nan
        predikat, predikat_names = _codes(skp[4])
        scores = _skp_scores(skala, skala_names, nilai, predikat, predikat_names)
        r, c = pos[ok], year_col[ok]
        skp_skor[r, c] = scores[ok]
        skp_skala[r, c] = np.array([x or "" for x in skala_names], dtype=object)[skala[ok]]
        skp_nilai[r, c] = nilai[ok]
        skp_predikat[r, c] = np.array([x or "" for x in predikat_names], dtype=object)[predikat[ok]]

    diklat = _raw(conn, select(Diklat.pegawai_id, Diklat.kompetensi), 2)
    d_pos, d_ok = locate(diklat[0])
    diklat_row = d_pos[d_ok]
    diklat_tags = [_tags(text or "") for text, good in zip(diklat[1], d_ok.tolist(), strict=True) if good]
    jumlah_diklat = np.bincount(diklat_row, minlength=n).astype(np.float64)

    # Career segments: each riwayat row lasts until the next one of the same pegawai (or today).
    seg_cols = _raw(conn, select(
        RiwayatJabatan.id, RiwayatJabatan.pegawai_id, _date_text(RiwayatJabatan.tmt_jabatan),
        func.coalesce(RiwayatJabatan.jabatan_id, -1), RiwayatJabatan.jenis_jabatan,
    ).where(RiwayatJabatan.dibatalkan.is_(False), RiwayatJabatan.membatalkan_id.is_(None)), 5)  # fmt: skip
    n_seg = len(seg_cols[0])
    # Order by pegawai, TMT, id in numpy (cheaper than a temporary B-tree in SQLite).
    raw_start = _dates(seg_cols[2]) if n_seg else np.zeros(0, "datetime64[D]")
    raw_pid = np.array(seg_cols[1], dtype=np.int64)
    order = np.lexsort((np.array(seg_cols[0], dtype=np.int64), raw_start, raw_pid)) if n_seg else np.zeros(0, np.int64)
    s_pid = raw_pid[order]
    s_start = raw_start[order]
    s_pos, s_ok = locate(s_pid)
    same_next = np.zeros(n_seg, bool)
    if n_seg > 1:
        same_next[:-1] = s_pid[1:] == s_pid[:-1]
    s_end = np.full(n_seg, pada64)
    if n_seg > 1:
        s_end[:-1] = np.where(same_next[:-1], s_start[1:], pada64)
    s_end = np.minimum(s_end, pada64)
    seg_bulan = np.clip((s_end - s_start).astype(np.float64) / _DAYS_PER_MONTH, 0, None)
    seg_jabatan = np.array(seg_cols[3], dtype=np.int64)[order]
    jenis_raw, jenis_distinct = _codes(seg_cols[4])

    jabatan = {r[0]: (r[1], r[2], fold(r[3] or "")) for r in session.execute(
        select(Jabatan.id, Jabatan.nama, Jabatan.jenis, Jabatan.rumpun))}  # fmt: skip
    units = {r[0]: (r[1], r[2] or f"/{r[0]}/", fold(r[3] or "")) for r in session.execute(
        select(UnitKerja.id, UnitKerja.nama, UnitKerja.path, UnitKerja.lokasi))}  # fmt: skip
    seg_jenis = np.array([j or "" for j in jenis_distinct] or [""], dtype=str)[jenis_raw][order]
    # Fill a missing snapshot of jenis from the jabatan catalogue.
    if n_seg:
        missing = seg_jenis == ""
        if missing.any():
            seg_jenis = seg_jenis.astype(object)
            for k in np.nonzero(missing)[0]:
                seg_jenis[k] = jabatan.get(int(seg_jabatan[k]), ("", "", ""))[1]
            seg_jenis = seg_jenis.astype(str)

    aspirasi = _aspirasi(session, ids, pada)
    terbuka = _usul_terbuka(session, ids)
    open_usul = np.zeros(n, bool)
    open_usul[list(terbuka)] = True

    gol = np.array([g if g is not None else -1 for g in cols[5]], dtype=np.int64)
    gol_unik, gol_inv = np.unique(gol, return_inverse=True)
    gol_jenis = np.array([GOLONGAN_RANK.get(int(g), ("", 0))[0] for g in gol_unik], dtype=str)[gol_inv] if n else np.zeros(0, str)
    gol_rank = np.array([GOLONGAN_RANK.get(int(g), ("", 0))[1] for g in gol_unik], dtype=np.int64)[gol_inv] if n else np.zeros(0, np.int64)
    return KumpulanKandidat(
        pada=pada, ids=ids, nip=list(cols[1]), nama=list(cols[2]),
        status=kode_seragam(cols[3]), kedudukan=kode_seragam(cols[4]),
        unit_id=np.array([u if u is not None else -1 for u in cols[8]], dtype=np.int64),
        jabatan_id=np.array([j if j is not None else -1 for j in cols[9]], dtype=np.int64),
        golongan_id=gol, golongan_jenis=gol_jenis, golongan_rank=gol_rank,
        pendidikan_rank=pend_rank,
        pendidikan_kode=list(cols[6]), jurusan_kode=jurusan_kode,
        jurusan_unik=jurusan_unik, jurusan_asli=[j or "" for j in cols[7]],
        tmt_jabatan=tmt_jabatan, bulan_masa_kerja=masa, bulan_jabatan=bulan_antara(tmt_jabatan, np.full(n, pada64)),
        nip_num=nip_angka(cols[1]), skp_tahun=years, skp_skor=skp_skor,
        skp_skala=skp_skala, skp_nilai=skp_nilai, skp_predikat=skp_predikat, diklat_row=diklat_row, diklat_tags=diklat_tags,
        jumlah_diklat=jumlah_diklat, seg_row=s_pos[s_ok], seg_bulan=seg_bulan[s_ok], seg_jabatan=seg_jabatan[s_ok],
        seg_jenis=seg_jenis[s_ok] if n_seg else seg_jenis, aspirasi=aspirasi, open_usul=open_usul,
        jabatan=jabatan, units=units, usul_terbuka=terbuka,
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
        seg_bulan=pool.seg_bulan[seg_keep], seg_jabatan=pool.seg_jabatan[seg_keep], seg_jenis=pool.seg_jenis[seg_keep],
        aspirasi={int(remap[k]): v for k, v in pool.aspirasi.items() if remap[k] >= 0},
        open_usul=pool.open_usul[rows], jabatan=pool.jabatan, units=pool.units, fingerprint=pool.fingerprint,
    )  # fmt: skip
