"""Reading the candidate pool's source rows: every fact about every pegawai that does not
depend on the day of the ranking or on the vacancy.

:func:`baca_sumber` reads pegawai, SKP, diklat, career segments, aspirasi and open usul in a few
bulk queries through the DB-API cursor (no ORM rows for 100,000 pegawai) and keeps them as numpy
columns. ``services.selection_pool`` turns a :class:`SumberKumpulan` into the pool of one day
(months in post, months of service, segments up to that day, aspirasi valid on it), so the same
source serves every day of a year (its SKP window) and can be kept on disk between runs
(``services.selection_pool_cache``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from mutasi_desktop.db.models import (
    Aspirasi,
    Diklat,
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


def tahun_skp(pada: date) -> tuple[int, ...]:
    """The SKP years a ranking on ``pada`` looks at: the last :data:`SKP_TAHUN` complete years."""
    return tuple(range(pada.year - SKP_TAHUN, pada.year))


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


_RANK = {t.kode: t.rank for t in all_tingkat()}
GOLONGAN_RANK = {g.id: (g.jenis, g.rank) for g in all_golongan()}


def pendidikan_rank(kode: str | None) -> int:
    return _RANK.get(kode or "", 0)


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


def usul_terbuka(session: Session, ids: IntArray) -> dict[int, tuple[int, ...]]:
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


@dataclass
class KolomPegawai:
    """Columns of every pegawai who still holds a post (index = pool row, ordered by id) that the
    source and the pool of a day share unchanged."""

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
    nip_num: IntArray  # NIP as a number, for a cheap deterministic tie-break
    skp_tahun: tuple[int, ...]
    skp_skor: FloatArray  # (n, SKP_TAHUN), NaN when missing
    skp_skala: npt.NDArray[Any]  # (n, SKP_TAHUN) "" when missing
    skp_nilai: FloatArray
    skp_predikat: npt.NDArray[Any]
    diklat_row: IntArray
    diklat_tags: list[frozenset[str]]
    jumlah_diklat: FloatArray
    seg_row: IntArray  # career segments: pool row of each
    seg_jabatan: IntArray
    seg_jenis_kode: npt.NDArray[np.int16]  # jenis jabatan of each segment: index into seg_jenis_nama
    seg_jenis_nama: list[str]  # sorted
    jabatan: dict[int, tuple[str, str, str]]  # id -> (nama, jenis, rumpun folded)
    units: dict[int, tuple[str, str, str]]  # id -> (nama, path, lokasi folded)

    @property
    def n(self) -> int:
        return int(self.ids.shape[0])


@dataclass
class SumberKumpulan(KolomPegawai):
    """The pool's source: nothing here depends on the day. Months are counted by
    ``selection_pool.susun`` for the day asked; only the SKP window (:attr:`skp_tahun`) ties a
    source to one calendar year.

    Career segments are ordered by (pegawai, TMT, id); each lasts from its TMT until the next
    segment of the same pegawai (``seg_berikut``; NaT for the current one).
    """

    tmt_cpns: npt.NDArray[np.datetime64]
    bulan_tambahan: FloatArray  # masa kerja added by hand (months)
    seg_mulai: npt.NDArray[np.datetime64]
    seg_berikut: npt.NDArray[np.datetime64]
    aspirasi: AspirasiSumber
    usul_terbuka: dict[int, tuple[int, ...]]  # row -> open usul ids


    # Pickled compactly (``services.selection_pool_cache``): a column of 100,000 short strings
    # as one joined text, a column of a few codes as integers. Loading is then mostly memcpy.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in _TEKS:
            joined = _SEP.join(state[name])
            if joined.count(_SEP) == max(len(state[name]) - 1, 0):  # else a text holds it: keep the list
                state[name] = (joined, len(state[name]))
        for name in _KODE:
            value = state[name]
            codes, distinct = _codes(tuple(value.ravel().tolist() if isinstance(value, np.ndarray) else value))
            state[name] = (codes.reshape(np.shape(value)), distinct, isinstance(value, np.ndarray))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in _TEKS:
            if isinstance(state[name], tuple):
                text, count = state[name]
                state[name] = text.split(_SEP) if count else []
        for name in _KODE:
            codes, distinct, as_array = state[name]
            table = np.empty(max(len(distinct), 1), dtype=object)
            table[: len(distinct)] = distinct
            value = table[codes] if len(distinct) else np.zeros(codes.shape, dtype=object)
            state[name] = value if as_array else value.tolist()
        self.__dict__.update(state)


_SEP = "\x1f"  # the unit separator (a text that holds one is pickled as a list)
_TEKS = ("nip", "nama", "jurusan_asli")
_KODE = ("pendidikan_kode", "skp_skala", "skp_predikat")


@dataclass
class AspirasiSumber:
    """Every aspirasi statement of pool rows, oldest first (a later one wins on a day both count),
    with the dates that say on which days each counts."""

    row: IntArray
    tanggal: npt.NDArray[np.datetime64]
    berlaku_sampai: npt.NDArray[np.datetime64]  # NaT: no end
    isi: list[AspirasiPool]


def baca_aspirasi(session: Session, ids: IntArray) -> AspirasiSumber:
    """Every aspirasi of a pool row, oldest statement first."""
    rows: list[int] = []
    tanggal: list[Any] = []
    sampai: list[Any] = []
    isi: list[AspirasiPool] = []
    n = ids.shape[0]
    for a in session.execute(
        select(Aspirasi.pegawai_id, Aspirasi.unit_pilihan_1_id, Aspirasi.unit_pilihan_2_id,
               Aspirasi.unit_pilihan_3_id, Aspirasi.lokasi_pilihan, Aspirasi.jabatan_pilihan_id, Aspirasi.kesediaan,
               Aspirasi.tanggal, Aspirasi.berlaku_sampai)
        .order_by(Aspirasi.tanggal, Aspirasi.id)
    ):  # fmt: skip
        p = int(np.searchsorted(ids, a[0]))
        if p < n and ids[p] == a[0]:
            rows.append(p)
            tanggal.append(a[7])
            sampai.append(a[8])
            isi.append(AspirasiPool(
                unit_ids=(a[1], a[2], a[3]),
                lokasi=tuple(_fold(x) for x in (a[4] or "").split(";") if x.strip()),
                jabatan_id=a[5],
                kesediaan=a[6] if a[6] in ("BERSEDIA", "BERSYARAT", "TIDAK_BERSEDIA") else "BERSEDIA",
            ))  # fmt: skip
    return AspirasiSumber(np.array(rows, dtype=np.int64), _dates(tanggal), _dates(sampai), isi)


def baca_sumber(session: Session, skp_tahun: tuple[int, ...], *, hanya: Sequence[int] | None = None) -> SumberKumpulan:
    """Read the pool's source (the SKP of ``skp_tahun``) in a few bulk queries.

    ``hanya``: read only these pegawai (those still in the pool), for ``selection_merge.gabung``; their
    aspirasi and open usul are left empty (the caller reads them for the merged pool).
    """
    with gc_paused():  # hundreds of thousands of row tuples, none in a cycle
        return _baca(session, skp_tahun, None if hanya is None else sorted(set(hanya)))


def _baca(session: Session, years: tuple[int, ...], hanya: list[int] | None) -> SumberKumpulan:
    conn = session.connection()  # raw DB-API rows: no ORM or Row bookkeeping for 100,000 rows

    def only(stmt: Any, column: Any) -> Any:
        return stmt if hanya is None else stmt.where(column.in_(hanya))

    cols = _raw(conn, only(select(
        Pegawai.id, Pegawai.nip, Pegawai.nama, Pegawai.status_kepegawaian, Pegawai.kedudukan,
        Pegawai.golongan_id, Pegawai.pendidikan_tingkat, Pegawai.pendidikan_jurusan, Pegawai.unit_id,
        Pegawai.jabatan_id, _date_text(Pegawai.tmt_jabatan), _date_text(Pegawai.tmt_cpns),
        func.coalesce(Pegawai.mk_tambahan_tahun, 0) * 12 + func.coalesce(Pegawai.mk_tambahan_bulan, 0),
    ).where(Pegawai.kedudukan.not_in(KEDUDUKAN_TIDAK_MENEMPATI)).order_by(Pegawai.id), Pegawai.id), 13)  # fmt: skip
    ids = np.array(cols[0], dtype=np.int64)
    n = ids.shape[0]
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

    # SKP of the chosen years, converted with the domain's 0-100 scale.
    width = len(years)
    # In id order (a rowid scan in SQLite: no sort): of two SKP for one year, the later wins.
    skp = _raw(conn, only(select(Skp.pegawai_id, Skp.tahun, Skp.skala, Skp.nilai, Skp.predikat)
                          .where(Skp.tahun.in_(years)), Skp.pegawai_id).order_by(Skp.id), 5)  # fmt: skip
    skp_skor = np.full((n, width), np.nan)
    skp_skala = np.full((n, width), "", dtype=object)
    skp_nilai = np.full((n, width), np.nan)
    skp_predikat = np.full((n, width), "", dtype=object)
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

    diklat = _raw(conn, only(select(Diklat.pegawai_id, Diklat.kompetensi, Diklat.id), Diklat.pegawai_id), 3)
    d_pos, d_ok = locate(diklat[0])
    d_keep = np.flatnonzero(d_ok)
    # By pool row, then id: the same order whether all pegawai or a few are read (see selection_merge).
    d_order = d_keep[np.lexsort((np.array(diklat[2], dtype=np.int64)[d_keep], d_pos[d_keep]))] if d_keep.size else d_keep
    diklat_row = d_pos[d_order]
    diklat_tags = [_tags(diklat[1][i] or "") for i in d_order.tolist()]
    jumlah_diklat = np.bincount(diklat_row, minlength=n).astype(np.float64)

    # Career segments: each riwayat row lasts until the next one of the same pegawai.
    seg_cols = _raw(conn, only(select(
        RiwayatJabatan.id, RiwayatJabatan.pegawai_id, _date_text(RiwayatJabatan.tmt_jabatan),
        func.coalesce(RiwayatJabatan.jabatan_id, -1), RiwayatJabatan.jenis_jabatan,
    ).where(RiwayatJabatan.dibatalkan.is_(False), RiwayatJabatan.membatalkan_id.is_(None)),
        RiwayatJabatan.pegawai_id), 5)  # fmt: skip
    n_seg = len(seg_cols[0])
    # Order by pegawai, TMT, id in numpy (cheaper than a temporary B-tree in SQLite).
    raw_start = _dates(seg_cols[2]) if n_seg else np.zeros(0, "datetime64[D]")
    raw_pid = np.array(seg_cols[1], dtype=np.int64)
    order = np.lexsort((np.array(seg_cols[0], dtype=np.int64), raw_start, raw_pid)) if n_seg else np.zeros(0, np.int64)
    s_pid = raw_pid[order]
    s_start = raw_start[order]
    s_pos, s_ok = locate(s_pid)
    s_next = np.full(n_seg, np.datetime64("NaT"), dtype="datetime64[D]")
    if n_seg > 1:
        same_next = s_pid[1:] == s_pid[:-1]
        s_next[:-1] = np.where(same_next, s_start[1:], np.datetime64("NaT"))
    seg_jabatan = np.array(seg_cols[3], dtype=np.int64)[order]
    jenis_raw, jenis_distinct = _codes(seg_cols[4])

    jabatan = {r[0]: (r[1], r[2], fold(r[3] or "")) for r in session.execute(
        select(Jabatan.id, Jabatan.nama, Jabatan.jenis, Jabatan.rumpun))}  # fmt: skip
    units = {r[0]: (r[1], r[2] or f"/{r[0]}/", fold(r[3] or "")) for r in session.execute(
        select(UnitKerja.id, UnitKerja.nama, UnitKerja.path, UnitKerja.lokasi))}  # fmt: skip
    seg_jenis = np.array([j or "" for j in jenis_distinct] or [""], dtype=object)[jenis_raw][order]
    # Fill a missing snapshot of jenis from the jabatan catalogue.
    if n_seg:
        for k in np.nonzero(seg_jenis == "")[0]:
            seg_jenis[k] = jabatan.get(int(seg_jabatan[k]), ("", "", ""))[1]
    jenis_kode, jenis_seen = _codes(tuple(seg_jenis.tolist()))
    jenis_nama = sorted(str(j) for j in jenis_seen) or [""]
    jenis_kode = np.array([jenis_nama.index(str(j)) for j in jenis_seen] or [0], dtype=np.int64)[jenis_kode]

    gol = np.array([g if g is not None else -1 for g in cols[5]], dtype=np.int64)
    gol_unik, gol_inv = np.unique(gol, return_inverse=True)
    gol_jenis = np.array([GOLONGAN_RANK.get(int(g), ("", 0))[0] for g in gol_unik], dtype=str)[gol_inv] if n else np.zeros(0, str)
    gol_rank = np.array([GOLONGAN_RANK.get(int(g), ("", 0))[1] for g in gol_unik], dtype=np.int64)[gol_inv] if n else np.zeros(0, np.int64)
    return SumberKumpulan(
        ids=ids, nip=list(cols[1]), nama=list(cols[2]),
        status=kode_seragam(cols[3]), kedudukan=kode_seragam(cols[4]),
        unit_id=np.array([u if u is not None else -1 for u in cols[8]], dtype=np.int64),
        jabatan_id=np.array([j if j is not None else -1 for j in cols[9]], dtype=np.int64),
        golongan_id=gol, golongan_jenis=gol_jenis, golongan_rank=gol_rank,
        pendidikan_rank=pend_rank, pendidikan_kode=list(cols[6]), jurusan_kode=jurusan_kode,
        jurusan_unik=jurusan_unik, jurusan_asli=[j or "" for j in cols[7]],
        tmt_jabatan=_dates(cols[10]), tmt_cpns=_dates(cols[11]),
        bulan_tambahan=np.array(cols[12], dtype=np.float64), nip_num=nip_angka(cols[1]),
        skp_tahun=years, skp_skor=skp_skor, skp_skala=skp_skala, skp_nilai=skp_nilai, skp_predikat=skp_predikat,
        diklat_row=diklat_row, diklat_tags=diklat_tags, jumlah_diklat=jumlah_diklat,
        seg_row=s_pos[s_ok], seg_mulai=s_start[s_ok], seg_berikut=s_next[s_ok], seg_jabatan=seg_jabatan[s_ok],
        seg_jenis_kode=jenis_kode[s_ok].astype(np.int16) if n_seg else np.zeros(0, np.int16),
        seg_jenis_nama=jenis_nama,
        aspirasi=baca_aspirasi(session, ids) if hanya is None else AspirasiSumber(
            np.zeros(0, np.int64), np.zeros(0, "datetime64[D]"), np.zeros(0, "datetime64[D]"), []),
        usul_terbuka=usul_terbuka(session, ids) if hanya is None else {},
        jabatan=jabatan, units=units,
    )  # fmt: skip

