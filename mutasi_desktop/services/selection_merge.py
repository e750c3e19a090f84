"""Merging a re-read of a few pegawai into the kept source of the candidate pool.

After a clerk edits some pegawai (or their SKP, career, diklat, hukuman disiplin), only those are
read again (``selection_source.baca_sumber(..., hanya=...)``) and :func:`gabung` puts them in
place, so the pool follows an edit in milliseconds instead of reading 750,000 rows again. The
result is the source a full read would give (tested field by field).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mutasi_desktop.services.selection_source import IntArray, SumberKumpulan


def _vocab(a: list[str], b: list[str]) -> tuple[list[str], IntArray, IntArray]:
    """A sorted union of two code lists and, for each, the map from its codes to the union's."""
    union = sorted(set(a) | set(b))
    index = {v: i for i, v in enumerate(union)}
    return (union, np.array([index[v] for v in a] or [0], dtype=np.int64),
            np.array([index[v] for v in b] or [0], dtype=np.int64))  # fmt: skip


def gabung(lama: SumberKumpulan, baru: SumberKumpulan, diganti: Sequence[int]) -> SumberKumpulan:
    """``lama`` with the pegawai ``diganti`` replaced by what :func:`baca_sumber` read of them
    into ``baru`` (``hanya=diganti``): one who left the pool is dropped, one who joined is added.

    The result equals a full read: rows by id, career segments and diklat by row then id (a
    pegawai's rows come whole from one side, so a stable sort by row restores that order), and
    code lists sorted. Aspirasi and open usul are ``lama``'s when nobody joined or left, else left
    for the caller to read; the jabatan and unit catalogues are ``baru``'s (read whole).
    """
    gone = np.isin(lama.ids, np.asarray(list(diganti), dtype=np.int64))
    same_rows = np.array_equal(lama.ids[gone], baru.ids)
    column: Any
    if same_rows:  # an edit, the common case: the rows of ``baru`` take their place
        at = np.flatnonzero(gone)
        old_row = np.where(gone, -1, np.arange(lama.n, dtype=np.int64))
        new_row = at

        def column(a: Any, b: Any) -> Any:
            if isinstance(a, np.ndarray):
                out = a.astype(np.result_type(a, b)) if a.dtype.kind == "U" else a.copy()
                out[at] = b
                return out
            out_list = list(a)
            for row, value in zip(at.tolist(), b, strict=True):
                out_list[row] = value
            return out_list
    else:
        kept = np.flatnonzero(~gone)
        order = np.argsort(np.concatenate([lama.ids[kept], baru.ids]), kind="stable")
        final = np.empty_like(order)
        final[order] = np.arange(order.size)  # position in the result of each concatenated row
        old_row = np.full(lama.n, -1, dtype=np.int64)
        old_row[kept] = final[: kept.size]
        new_row = final[kept.size :]

        def column(a: Any, b: Any) -> Any:
            if isinstance(a, np.ndarray):
                return np.concatenate([a[kept], b])[order]
            both = [a[i] for i in kept.tolist()] + list(b)
            return [both[i] for i in order.tolist()]

    values = {name: column(getattr(lama, name), getattr(baru, name)) for name in _BARIS}
    jurusan, j_a, j_b = _vocab(lama.jurusan_unik, baru.jurusan_unik)
    jenis, s_a, s_b = _vocab(lama.seg_jenis_nama, baru.seg_jenis_nama)
    seg_row, (mulai, berikut, jabatan, jenis_kode) = _per_item(
        old_row, new_row, lama.seg_row, baru.seg_row, (lama.seg_mulai, baru.seg_mulai),
        (lama.seg_berikut, baru.seg_berikut), (lama.seg_jabatan, baru.seg_jabatan),
        (s_a[lama.seg_jenis_kode], s_b[baru.seg_jenis_kode]),
    )  # fmt: skip
    diklat_row, (tags,) = _per_item(old_row, new_row, lama.diklat_row, baru.diklat_row,
                                    (lama.diklat_tags, baru.diklat_tags))  # fmt: skip
    n = int(values["ids"].shape[0])
    jenis_used, jenis_used_kode = np.unique(jenis_kode, return_inverse=True)
    # Only the jurusan still held by someone, as a full read lists them.
    used, jurusan_kode = np.unique(column(j_a[lama.jurusan_kode], j_b[baru.jurusan_kode]), return_inverse=True)
    return SumberKumpulan(
        **values, jurusan_kode=jurusan_kode.astype(np.int64).reshape(-1),
        jurusan_unik=[jurusan[i] for i in used.tolist()] if n else [],
        skp_tahun=lama.skp_tahun, diklat_row=diklat_row, diklat_tags=tags,
        jumlah_diklat=np.bincount(diklat_row, minlength=n).astype(np.float64),
        seg_row=seg_row, seg_mulai=mulai, seg_berikut=berikut, seg_jabatan=jabatan,
        seg_jenis_kode=jenis_used_kode.astype(np.int16), seg_jenis_nama=[jenis[i] for i in jenis_used.tolist()] or [""],
        aspirasi=lama.aspirasi if same_rows else baru.aspirasi, usul_terbuka=lama.usul_terbuka if same_rows else {},
        jabatan=baru.jabatan, units=baru.units,
    )  # fmt: skip


def _per_item(
    old_row: IntArray, new_row: IntArray, row_a: IntArray, row_b: IntArray, *pairs: tuple[Any, Any]
) -> tuple[IntArray, list[Any]]:
    """Career segments or diklat of both sides with their rows mapped to the merged source
    (``old_row``: -1 for a row replaced), sorted by row (stable), with their columns."""
    keep_a = old_row[row_a] >= 0
    mapped = np.concatenate([old_row[row_a[keep_a]], new_row[row_b]])
    by_row = np.argsort(mapped, kind="stable")
    out: list[Any] = []
    for a, b in pairs:
        if isinstance(a, np.ndarray):
            out.append(np.concatenate([a[keep_a], b])[by_row])
        else:
            both = [x for x, k in zip(a, keep_a.tolist(), strict=True) if k] + list(b)
            out.append([both[i] for i in by_row.tolist()])
    return mapped[by_row], out


# Columns with one value per pool row (copied or replaced as they are).
_BARIS = (
    "ids", "nip", "nama", "status", "kedudukan", "unit_id", "jabatan_id", "golongan_id", "golongan_jenis",
    "golongan_rank", "pendidikan_rank", "pendidikan_kode", "jurusan_asli", "tmt_jabatan", "tmt_cpns",
    "bulan_tambahan", "nip_num", "skp_skor", "skp_skala", "skp_nilai", "skp_predikat",
)  # fmt: skip
