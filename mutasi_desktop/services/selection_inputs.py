"""What scoring and the pre-screen need about one vacancy, compared against the whole pool.

Each function works on the pool's arrays at once (``selection_pool``), so one vacancy costs
milliseconds whatever the number of pegawai.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.models import Formasi, Jabatan
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.pendidikan import all_tingkat
from mutasi_desktop.domain.scoring import Masukan, MasukanArrays, SkpTahun, kesediaan_faktor
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.services.selection_pool import (
    GOLONGAN_RANK,
    FloatArray,
    KumpulanKandidat,
    bulan_antara,
    pendidikan_rank,
)


@dataclass(frozen=True)
class Sasaran:
    """What scoring needs about the target formasi."""

    formasi_id: int
    unit_id: int
    jabatan_id: int
    jenis: str
    rumpun: str  # folded
    pendidikan_min: str | None
    pendidikan_pref: str | None
    bidang: tuple[str, ...]  # folded
    kompetensi: tuple[str, ...]  # folded
    golongan_min_id: int | None
    golongan_max_id: int | None


def sasaran_formasi(session: Session, formasi_id: int) -> Sasaran:
    row = session.execute(
        select(Formasi.id, Formasi.unit_id, Formasi.jabatan_id, Jabatan.jenis, Jabatan.rumpun, Jabatan.pendidikan_min,
               Jabatan.pendidikan_pref, Jabatan.bidang_pendidikan, Jabatan.kompetensi, Jabatan.golongan_min_id,
               Jabatan.golongan_max_id)
        .join(Jabatan, Jabatan.id == Formasi.jabatan_id).where(Formasi.id == formasi_id)
    ).first()  # fmt: skip
    if row is None:
        raise DomainError(f"Formasi dengan id {formasi_id} tidak ditemukan", field="formasi")
    return Sasaran(
        formasi_id=row[0], unit_id=row[1], jabatan_id=row[2], jenis=row[3], rumpun=fold(row[4] or ""),
        pendidikan_min=row[5], pendidikan_pref=row[6],
        bidang=tuple(fold(b) for b in (row[7] or "").split(";") if b.strip()),
        kompetensi=tuple(fold(k) for k in (row[8] or "").split(";") if k.strip()),
        golongan_min_id=row[9], golongan_max_id=row[10],
    )  # fmt: skip


def _bidang_cocok(pool: KumpulanKandidat, bidang: tuple[str, ...]) -> FloatArray:
    if not bidang:
        return np.full(pool.n, -1.0)
    per_unique = np.array(
        [1.0 if j and any(b in j for b in bidang) else 0.0 for j in pool.jurusan_unik], dtype=np.float64
    )
    return per_unique[pool.jurusan_kode] if pool.n else np.zeros(0)


def masukan_untuk(pool: KumpulanKandidat, s: Sasaran) -> MasukanArrays:
    """Scoring inputs of every pool member for one vacancy (vectorised)."""
    n = pool.n
    jab_rumpun = {jid: info[2] for jid, info in pool.jabatan.items()}
    if s.rumpun:
        same_rumpun_jab = np.array([jid for jid, r in jab_rumpun.items() if r == s.rumpun], dtype=np.int64)
        seg_rumpun = np.isin(pool.seg_jabatan, same_rumpun_jab)
    else:
        seg_rumpun = pool.seg_jabatan == s.jabatan_id
    bulan_rumpun = np.bincount(pool.seg_row, weights=pool.seg_bulan * seg_rumpun, minlength=n)
    kode_jenis = pool.seg_jenis_nama.index(s.jenis) if s.jenis in pool.seg_jenis_nama else -1
    serupa = pool.seg_jenis_kode == kode_jenis
    bulan_serupa = np.bincount(pool.seg_row, weights=pool.seg_bulan * serupa, minlength=n)

    tags = set(s.kompetensi)
    tag_cocok = np.zeros(n)
    for tag in tags:
        tag_cocok[pool.rows_with_tag(tag)] += 1.0

    ada = np.zeros(n)
    punya = np.zeros(n)
    unit_ke = np.zeros(n)
    lokasi_ke = np.zeros(n)
    jab_cocok = np.zeros(n)
    faktor = np.ones(n)
    target_path = pool.units.get(s.unit_id, ("", f"/{s.unit_id}/", ""))[1]
    target_lokasi = pool.units.get(s.unit_id, ("", "", ""))[2]
    for row, a in pool.aspirasi.items():
        ada[row] = 1.0
        punya[row] = 1.0 if (any(u is not None for u in a.unit_ids) or a.lokasi or a.jabatan_id) else 0.0
        for k, uid in enumerate(a.unit_ids, start=1):
            if uid is None:
                continue
            if uid == s.unit_id or f"/{uid}/" in target_path:
                unit_ke[row] = k
                break
        for k, lok in enumerate(a.lokasi, start=1):
            if target_lokasi and lok == target_lokasi:
                lokasi_ke[row] = k
                break
        jab_cocok[row] = 1.0 if a.jabatan_id == s.jabatan_id else 0.0
        faktor[row] = kesediaan_faktor(a.kesediaan)

    return MasukanArrays(
        pendidikan_rank=pool.pendidikan_rank,
        pendidikan_min_rank=np.full(n, float(pendidikan_rank(s.pendidikan_min))),
        pendidikan_pref_rank=np.full(n, float(pendidikan_rank(s.pendidikan_pref))),
        bidang_cocok=_bidang_cocok(pool, s.bidang),
        tag_dibutuhkan=np.full(n, float(len(tags))),
        tag_cocok=tag_cocok,
        jumlah_diklat=pool.jumlah_diklat,
        bulan_rumpun=np.floor(bulan_rumpun),
        skp_skor=pool.skp_skor,
        bulan_masa_kerja=pool.bulan_masa_kerja,
        bulan_jabatan_serupa=np.floor(bulan_serupa),
        bulan_jabatan_sekarang=pool.bulan_jabatan,
        ada_aspirasi=ada,
        punya_pilihan=punya,
        unit_pilihan_ke=unit_ke,
        lokasi_pilihan_ke=lokasi_ke,
        jabatan_cocok=jab_cocok,
        kesediaan_faktor=faktor,
    )


def masukan_baris(pool: KumpulanKandidat, s: Sasaran, arrays: MasukanArrays, row: int) -> Masukan:
    """One candidate's inputs as a :class:`Masukan` (with labels for the explanation)."""
    skp = tuple(
        SkpTahun(
            tahun, str(pool.skp_skala[row, c]),
            None if np.isnan(pool.skp_nilai[row, c]) else float(pool.skp_nilai[row, c]),
            str(pool.skp_predikat[row, c]) or None, float(pool.skp_skor[row, c]),
        )
        for c, tahun in enumerate(pool.skp_tahun)
        if not np.isnan(pool.skp_skor[row, c])
    )  # fmt: skip
    a = pool.aspirasi.get(row)
    kode = pool.pendidikan_kode[row]
    nama_tingkat = {t.kode: t.singkat for t in all_tingkat()}
    bidang = ", ".join(b.title() for b in s.bidang)
    label = {
        "pendidikan": nama_tingkat.get(kode or "", "-"),
        "pendidikan_min": nama_tingkat.get(s.pendidikan_min or "", ""),
        "jurusan": pool.jurusan_asli[row],
        "bidang": bidang,
        "rumpun": s.rumpun.title(),
        "jenis_target": s.jenis.replace("_", " ").lower(),
    }
    bc = float(arrays.bidang_cocok[row])
    return Masukan(
        pendidikan_rank=int(arrays.pendidikan_rank[row]),
        pendidikan_min_rank=int(arrays.pendidikan_min_rank[row]),
        pendidikan_pref_rank=int(arrays.pendidikan_pref_rank[row]),
        bidang_cocok=None if bc < 0 else bool(bc),
        tag_dibutuhkan=int(arrays.tag_dibutuhkan[row]),
        tag_cocok=int(arrays.tag_cocok[row]),
        jumlah_diklat=int(arrays.jumlah_diklat[row]),
        bulan_rumpun=int(arrays.bulan_rumpun[row]),
        skp=skp,
        bulan_masa_kerja=int(arrays.bulan_masa_kerja[row]),
        bulan_jabatan_serupa=int(arrays.bulan_jabatan_serupa[row]),
        bulan_jabatan_sekarang=int(arrays.bulan_jabatan_sekarang[row]),
        ada_aspirasi=bool(arrays.ada_aspirasi[row]),
        punya_pilihan=bool(arrays.punya_pilihan[row]),
        unit_pilihan_ke=int(arrays.unit_pilihan_ke[row]),
        lokasi_pilihan_ke=int(arrays.lokasi_pilihan_ke[row]),
        jabatan_cocok=bool(arrays.jabatan_cocok[row]),
        kesediaan=a.kesediaan if a else "BERSEDIA",
        label=label,
    )


def prasaring(pool: KumpulanKandidat, s: Sasaran, *, min_bulan_di_jabatan: int, tmt: date) -> npt.NDArray[np.bool_]:
    """Candidates that certainly fail a hard rule, found with array arithmetic.

    Each condition copies one rule of ``domain.eligibility`` exactly (STATUS: CPNS; KEDUDUKAN: not
    aktif; MASA_JABATAN: fewer months than the minimum; GOLONGAN / PENDIDIKAN below or above the
    requirement; USUL_LAIN: another open usul). It only saves time: every candidate that is
    shown is still checked with ``check_candidate`` itself.
    """
    fail = (pool.status == "CPNS") | (pool.kedudukan != "AKTIF") | pool.open_usul
    known_tmt = ~np.isnat(pool.tmt_jabatan)
    months = pool.bulan_jabatan if tmt == pool.pada else bulan_antara(pool.tmt_jabatan, np.full(pool.n, np.datetime64(tmt, "D")))
    # months_between can be negative when TMT jabatan lies after the mutasi TMT: also a failure.
    future = known_tmt & (pool.tmt_jabatan > np.datetime64(tmt, "D"))
    fail |= known_tmt & ((months < min_bulan_di_jabatan) | future)
    min_rank = pendidikan_rank(s.pendidikan_min)
    if min_rank:
        fail |= (pool.pendidikan_rank > 0) & (pool.pendidikan_rank < min_rank)
    for bound, below in ((s.golongan_min_id, True), (s.golongan_max_id, False)):
        if bound is None or bound not in GOLONGAN_RANK:
            continue
        jenis, rank = GOLONGAN_RANK[bound]
        same = pool.golongan_jenis == jenis
        ranks = pool.golongan_rank
        fail |= same & ((ranks < rank) if below else (ranks > rank))
    return np.asarray(fail, dtype=bool)
