"""Scoring candidates for a vacancy: four criteria, each 0-100 with an Indonesian explanation.

Planning aspects of Peraturan BKN 5/2019 (kompetensi, kinerja, pengalaman/pola karier) plus the
employee's own aspirasi. Every criterion is a pure function of a few plain numbers (the
*masukan*) that the selection service derives from the database; those numbers are stored with
an usul created from a ranking, so each part and the total can be recomputed later from what was
stored (:func:`recompute_from_stored`).

The formulas are written once, on numpy arrays, so ranking 100,000 candidates and explaining one
candidate use the same arithmetic and give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from mutasi_desktop.domain.errors import DomainError

FloatArray = npt.NDArray[np.float64]

KRITERIA: tuple[str, ...] = ("kompetensi", "kinerja", "pengalaman", "aspirasi")
NAMA_KRITERIA: Mapping[str, str] = {
    "kompetensi": "Kompetensi",
    "kinerja": "Kinerja",
    "pengalaman": "Pengalaman",
    "aspirasi": "Aspirasi",
}
SCORING_VERSION = 1

# Points inside each criterion (each criterion sums to 100).
PENDIDIKAN_MAKS = 40.0  # level against jabatan.pendidikan_min / pendidikan_pref
PENDIDIKAN_MIN_SAJA = 30.0  # meets the minimum but not the preferred level
BIDANG_MAKS = 20.0  # field of study against jabatan.bidang_pendidikan
TAG_MAKS = 25.0  # competence tags from diklat against jabatan.kompetensi
DIKLAT_PENUH = 3  # when the jabatan names no tags: three diklat give full points
RUMPUN_MAKS = 15.0
RUMPUN_PENUH_BULAN = 60  # five years in the same rumpun = full points

MASA_KERJA_MAKS = 40.0
MASA_KERJA_PENUH_BULAN = 240
SERUPA_MAKS = 30.0
SERUPA_PENUH_BULAN = 120
ROTASI_MAKS = 30.0
ROTASI_MULAI_BULAN = 12  # below one year in post: no rotation need
ROTASI_PENUH_BULAN = 60  # five years in post (PP 11/2017 Pasal 190(3)): due for rotation

ASPIRASI_NETRAL = 50.0  # no recorded aspirasi, or one with no preference: neither for nor against
ASPIRASI_DASAR = 20.0  # stated preferences that all point elsewhere
UNIT_POIN = (0.0, 50.0, 35.0, 20.0)  # by the rank of the matching unit pilihan (0 = none)
LOKASI_POIN = (0.0, 20.0, 14.0, 8.0)
JABATAN_POIN = 30.0
KESEDIAAN_FAKTOR: Mapping[str, float] = {"BERSEDIA": 1.0, "BERSYARAT": 0.8, "TIDAK_BERSEDIA": 0.2}
KESEDIAAN_LABEL: Mapping[str, str] = {
    "BERSEDIA": "bersedia dimutasi",
    "BERSYARAT": "bersedia dengan syarat",
    "TIDAK_BERSEDIA": "tidak bersedia dimutasi",
}


# --------------------------------------------------------------------------- weights


@dataclass(frozen=True)
class Bobot:
    """Weights of the four criteria (any non-negative numbers; the total divides by their sum)."""

    kompetensi: float = 35.0
    kinerja: float = 30.0
    pengalaman: float = 20.0
    aspirasi: float = 15.0

    def __post_init__(self) -> None:
        for kode in KRITERIA:
            value = getattr(self, kode)
            if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
                raise DomainError(f"Bobot {NAMA_KRITERIA[kode]} harus berupa angka", field=f"bobot_{kode}")
            if value < 0:
                raise DomainError(
                    f"Bobot {NAMA_KRITERIA[kode]} tidak boleh negatif ({value})", field=f"bobot_{kode}"
                )
        if self.jumlah <= 0:
            raise DomainError("Paling sedikit satu bobot kriteria harus lebih dari 0", field="bobot")

    @property
    def jumlah(self) -> float:
        return float(sum(getattr(self, k) for k in KRITERIA))

    def as_dict(self) -> dict[str, float]:
        return {k: float(getattr(self, k)) for k in KRITERIA}

    def persen(self) -> dict[str, float]:
        """Each weight as a share of 100 (what the sliders show)."""
        return {k: round(100.0 * getattr(self, k) / self.jumlah, 1) for k in KRITERIA}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Bobot:
        """Weights from a settings document; unknown keys are refused, missing keys keep defaults."""
        unknown = set(data) - set(KRITERIA)
        if unknown:
            raise DomainError(f"Kriteria bobot tidak dikenal: {', '.join(sorted(unknown))}", field="bobot")
        values: dict[str, float] = {}
        for kode, value in data.items():
            try:
                values[kode] = float(value)
            except (TypeError, ValueError):
                raise DomainError(
                    f"Bobot {NAMA_KRITERIA[kode]} '{value}' bukan angka", field=f"bobot_{kode}"
                ) from None
        return cls(**values)


DEFAULT_BOBOT = Bobot()
# Named presets; the office picks one or sets its own weights (setting SETTING_BOBOT).
PRESET_BOBOT: Mapping[str, Bobot] = {
    "SEIMBANG": DEFAULT_BOBOT,
    "KINERJA": Bobot(kompetensi=25, kinerja=50, pengalaman=15, aspirasi=10),
    "KOMPETENSI": Bobot(kompetensi=55, kinerja=20, pengalaman=15, aspirasi=10),
    "ROTASI": Bobot(kompetensi=25, kinerja=20, pengalaman=40, aspirasi=15),
    "ASPIRASI": Bobot(kompetensi=25, kinerja=25, pengalaman=10, aspirasi=40),
}
NAMA_PRESET: Mapping[str, str] = {
    "SEIMBANG": "Seimbang",
    "KINERJA": "Utamakan kinerja",
    "KOMPETENSI": "Utamakan kompetensi",
    "ROTASI": "Penyegaran / rotasi",
    "ASPIRASI": "Utamakan aspirasi pegawai",
}
SETTING_BOBOT = "seleksi.bobot"  # {"preset": "SEIMBANG"} or {"bobot": {"kompetensi": 40, ...}}


def bobot_preset(nama: str) -> Bobot:
    try:
        return PRESET_BOBOT[nama.strip().upper()]
    except KeyError:
        raise DomainError(
            f"Preset bobot '{nama}' tidak dikenal; pilih salah satu: {', '.join(PRESET_BOBOT)}",
            field="preset",
        ) from None


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class SkpTahun:
    tahun: int
    skala: str
    nilai: float | None
    predikat: str | None
    skor: float  # domain.skp.skp_score_0_100 of this year


@dataclass(frozen=True)
class Masukan:
    """Everything the four criteria need about one candidate *for one vacancy*.

    Ranks are ``domain.pendidikan`` ranks (0 = unknown). ``bidang_cocok`` is None when the
    jabatan names no field of study. Aspirasi: ``unit_pilihan_ke``/``lokasi_pilihan_ke`` are
    1-3 for the matching choice, 0 for none.
    """

    pendidikan_rank: int = 0
    pendidikan_min_rank: int = 0
    pendidikan_pref_rank: int = 0
    bidang_cocok: bool | None = None
    tag_dibutuhkan: int = 0
    tag_cocok: int = 0
    jumlah_diklat: int = 0
    bulan_rumpun: int = 0
    skp: tuple[SkpTahun, ...] = ()
    bulan_masa_kerja: int = 0
    bulan_jabatan_serupa: int = 0
    bulan_jabatan_sekarang: int = 0
    ada_aspirasi: bool = False
    punya_pilihan: bool = False
    unit_pilihan_ke: int = 0
    lokasi_pilihan_ke: int = 0
    jabatan_cocok: bool = False
    kesediaan: str = "BERSEDIA"
    # Readable context for explanations (not used in arithmetic).
    label: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            k: getattr(self, k)
            for k in (
                "pendidikan_rank", "pendidikan_min_rank", "pendidikan_pref_rank", "bidang_cocok",
                "tag_dibutuhkan", "tag_cocok", "jumlah_diklat", "bulan_rumpun", "bulan_masa_kerja",
                "bulan_jabatan_serupa", "bulan_jabatan_sekarang", "ada_aspirasi", "punya_pilihan",
                "unit_pilihan_ke", "lokasi_pilihan_ke", "jabatan_cocok", "kesediaan",
            )
        }  # fmt: skip
        data["skp"] = [
            {"tahun": s.tahun, "skala": s.skala, "nilai": s.nilai, "predikat": s.predikat, "skor": s.skor}
            for s in self.skp
        ]
        data["label"] = dict(self.label)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Masukan:
        values = dict(data)
        values["skp"] = tuple(SkpTahun(**s) for s in values.get("skp", ()))
        values["label"] = dict(values.get("label", {}))
        return cls(**values)


@dataclass
class MasukanArrays:
    """The same fields as :class:`Masukan`, one numpy array per field, for many candidates.

    ``skp_skor`` is (n, k) with NaN for a missing year; ``bidang_cocok`` uses -1 for "no
    requirement"; ``kesediaan_faktor`` is the KESEDIAAN_FAKTOR of each candidate.
    """

    pendidikan_rank: FloatArray
    pendidikan_min_rank: FloatArray
    pendidikan_pref_rank: FloatArray
    bidang_cocok: FloatArray
    tag_dibutuhkan: FloatArray
    tag_cocok: FloatArray
    jumlah_diklat: FloatArray
    bulan_rumpun: FloatArray
    skp_skor: FloatArray
    bulan_masa_kerja: FloatArray
    bulan_jabatan_serupa: FloatArray
    bulan_jabatan_sekarang: FloatArray
    ada_aspirasi: FloatArray
    punya_pilihan: FloatArray
    unit_pilihan_ke: FloatArray
    lokasi_pilihan_ke: FloatArray
    jabatan_cocok: FloatArray
    kesediaan_faktor: FloatArray

    @property
    def n(self) -> int:
        return int(self.pendidikan_rank.shape[0])

    @classmethod
    def from_masukan(cls, items: Sequence[Masukan]) -> MasukanArrays:
        def col(name: str) -> FloatArray:
            return np.array([float(getattr(m, name)) for m in items], dtype=np.float64)

        k = max((len(m.skp) for m in items), default=0)
        skp = np.full((len(items), max(k, 1)), np.nan)
        for i, m in enumerate(items):
            for j, s in enumerate(m.skp):
                skp[i, j] = s.skor
        return cls(
            pendidikan_rank=col("pendidikan_rank"),
            pendidikan_min_rank=col("pendidikan_min_rank"),
            pendidikan_pref_rank=col("pendidikan_pref_rank"),
            bidang_cocok=np.array([-1.0 if m.bidang_cocok is None else float(m.bidang_cocok) for m in items]),
            tag_dibutuhkan=col("tag_dibutuhkan"),
            tag_cocok=col("tag_cocok"),
            jumlah_diklat=col("jumlah_diklat"),
            bulan_rumpun=col("bulan_rumpun"),
            skp_skor=skp,
            bulan_masa_kerja=col("bulan_masa_kerja"),
            bulan_jabatan_serupa=col("bulan_jabatan_serupa"),
            bulan_jabatan_sekarang=col("bulan_jabatan_sekarang"),
            ada_aspirasi=col("ada_aspirasi"),
            punya_pilihan=col("punya_pilihan"),
            unit_pilihan_ke=col("unit_pilihan_ke"),
            lokasi_pilihan_ke=col("lokasi_pilihan_ke"),
            jabatan_cocok=col("jabatan_cocok"),
            kesediaan_faktor=np.array([kesediaan_faktor(m.kesediaan) for m in items], dtype=np.float64),
        )


def kesediaan_faktor(kesediaan: str) -> float:
    try:
        return KESEDIAAN_FAKTOR[kesediaan]
    except KeyError:
        raise DomainError(
            f"Kesediaan '{kesediaan}' tidak dikenal; gunakan BERSEDIA, BERSYARAT atau TIDAK_BERSEDIA",
            field="kesediaan",
        ) from None


# --------------------------------------------------------------------------- formulas


def _ramp(value: FloatArray, full: float) -> FloatArray:
    return np.clip(value / full, 0.0, 1.0)


def _round(values: FloatArray) -> FloatArray:
    return np.round(values, 2)


def skor_kompetensi(m: MasukanArrays) -> FloatArray:
    rank, minimum, pref = m.pendidikan_rank, m.pendidikan_min_rank, m.pendidikan_pref_rank
    target_pref = np.where(pref > 0, pref, minimum)
    level = np.where(
        rank <= 0,
        0.0,
        np.where(rank < minimum, 0.0, np.where(rank >= target_pref, PENDIDIKAN_MAKS, PENDIDIKAN_MIN_SAJA)),
    )
    bidang = np.where(m.bidang_cocok != 0, BIDANG_MAKS, 0.0)  # -1 (no requirement) or 1 (match)
    tags = np.where(
        m.tag_dibutuhkan > 0,
        TAG_MAKS * m.tag_cocok / np.maximum(m.tag_dibutuhkan, 1.0),
        TAG_MAKS * _ramp(m.jumlah_diklat, DIKLAT_PENUH),
    )
    rumpun = RUMPUN_MAKS * _ramp(m.bulan_rumpun, RUMPUN_PENUH_BULAN)
    return _round(level + bidang + tags + rumpun)


def skor_kinerja(m: MasukanArrays) -> FloatArray:
    skp = m.skp_skor
    count = np.sum(~np.isnan(skp), axis=1)
    total = np.nansum(skp, axis=1)
    mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    return _round(np.clip(mean, 0.0, 100.0))


def skor_pengalaman(m: MasukanArrays) -> FloatArray:
    masa = MASA_KERJA_MAKS * _ramp(m.bulan_masa_kerja, MASA_KERJA_PENUH_BULAN)
    serupa = SERUPA_MAKS * _ramp(m.bulan_jabatan_serupa, SERUPA_PENUH_BULAN)
    rotasi = ROTASI_MAKS * _ramp(
        m.bulan_jabatan_sekarang - ROTASI_MULAI_BULAN, ROTASI_PENUH_BULAN - ROTASI_MULAI_BULAN
    )
    return _round(masa + serupa + rotasi)


def _pick(table: Sequence[float], index: FloatArray) -> FloatArray:
    return np.asarray(table, dtype=np.float64)[np.clip(index, 0, len(table) - 1).astype(np.int64)]


def skor_aspirasi(m: MasukanArrays) -> FloatArray:
    cocok = _pick(UNIT_POIN, m.unit_pilihan_ke) + _pick(LOKASI_POIN, m.lokasi_pilihan_ke)
    cocok = np.minimum(cocok + JABATAN_POIN * m.jabatan_cocok, 100.0)
    pilihan = np.where(
        m.punya_pilihan > 0, ASPIRASI_DASAR + (100.0 - ASPIRASI_DASAR) * cocok / 100.0, ASPIRASI_NETRAL
    )
    return _round(np.where(m.ada_aspirasi > 0, pilihan * m.kesediaan_faktor, ASPIRASI_NETRAL))


SKOR_FUNGSI = {
    "kompetensi": skor_kompetensi,
    "kinerja": skor_kinerja,
    "pengalaman": skor_pengalaman,
    "aspirasi": skor_aspirasi,
}


def skor_bagian(m: MasukanArrays) -> dict[str, FloatArray]:
    """The four criteria for every candidate (0-100, two decimals)."""
    return {kode: fn(m) for kode, fn in SKOR_FUNGSI.items()}


def skor_total(bagian: Mapping[str, FloatArray], bobot: Bobot) -> FloatArray:
    """Weighted mean of the (rounded) parts, two decimals. Cheap: used on every slider move."""
    total = np.zeros_like(next(iter(bagian.values())))
    for kode in KRITERIA:
        total = total + getattr(bobot, kode) * bagian[kode]
    return _round(total / bobot.jumlah)


def urutan_peringkat(total: FloatArray, tiebreak: Sequence[npt.NDArray[Any]]) -> npt.NDArray[np.intp]:
    """Indices best first: higher total, then each ``tiebreak`` array ascending (e.g. -kinerja, nip).

    Stable and deterministic: equal keys keep their input order.
    """
    keys = [*reversed(list(tiebreak)), -total]
    return np.lexsort(keys) if keys else np.arange(total.shape[0])


# --------------------------------------------------------------------------- one candidate


@dataclass(frozen=True)
class SkorKriteria:
    kode: str
    nama: str
    skor: float
    bobot: float  # share of 100
    penjelasan: str


@dataclass(frozen=True)
class SkorKandidat:
    total: float
    bagian: tuple[SkorKriteria, ...]

    def skor(self, kode: str) -> float:
        return next(b.skor for b in self.bagian if b.kode == kode)


def nilai_kandidat(masukan: Masukan, bobot: Bobot = DEFAULT_BOBOT) -> SkorKandidat:
    """Score and explain one candidate (same arithmetic as the bulk ranking)."""
    arrays = MasukanArrays.from_masukan([masukan])
    parts = skor_bagian(arrays)
    total = float(skor_total(parts, bobot)[0])
    persen = bobot.persen()
    return SkorKandidat(
        total=total,
        bagian=tuple(
            SkorKriteria(kode, NAMA_KRITERIA[kode], float(parts[kode][0]), persen[kode],
                         jelaskan(kode, masukan, float(parts[kode][0])))
            for kode in KRITERIA
        ),
    )  # fmt: skip


def _angka(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _lama(bulan: int) -> str:
    tahun, sisa = divmod(max(int(bulan), 0), 12)
    if tahun and sisa:
        return f"{tahun} tahun {sisa} bulan"
    if tahun:
        return f"{tahun} tahun"
    return f"{sisa} bulan"


def jelaskan(kode: str, m: Masukan, skor: float) -> str:
    """Indonesian explanation of one criterion for one candidate, naming the inputs."""
    label = m.label
    if kode == "kompetensi":
        return _jelaskan_kompetensi(m, label, skor)
    if kode == "kinerja":
        if not m.skp:
            return "Tidak ada data SKP pada periode penilaian: skor 0."
        tahun = "; ".join(
            f"{s.tahun}: {_skp_label(s)} → {_angka(s.skor)}" for s in m.skp
        )
        return f"Rata-rata SKP {len(m.skp)} tahun terakhir ({tahun}) = {_angka(skor)}."
    if kode == "pengalaman":
        return (
            f"Masa kerja {_lama(m.bulan_masa_kerja)}; {_lama(m.bulan_jabatan_serupa)} pada jabatan sejenis"
            f" ({label.get('jenis_target', 'jenis jabatan sama')}); {_lama(m.bulan_jabatan_sekarang)} pada"
            f" jabatan sekarang{_rotasi(m.bulan_jabatan_sekarang)}. Skor {_angka(skor)}."
        )
    if kode == "aspirasi":
        return _jelaskan_aspirasi(m, label, skor)
    raise DomainError(f"Kriteria '{kode}' tidak dikenal")


def _skp_label(s: SkpTahun) -> str:
    if s.skala == "ANGKA" and s.nilai is not None:
        return f"nilai {_angka(s.nilai)}"
    return (s.predikat or "-").replace("_", " ").title()


def _rotasi(bulan: int) -> str:
    if bulan >= ROTASI_PENUH_BULAN:
        return " (lebih dari 5 tahun: perlu penyegaran)"
    if bulan < ROTASI_MULAI_BULAN:
        return " (belum 1 tahun)"
    return ""


def _jelaskan_kompetensi(m: Masukan, label: Mapping[str, str], skor: float) -> str:
    bits: list[str] = []
    pend = label.get("pendidikan", "tidak tercatat")
    if m.pendidikan_rank <= 0:
        bits.append("pendidikan tidak tercatat")
    elif m.pendidikan_rank < m.pendidikan_min_rank:
        bits.append(f"pendidikan {pend} di bawah syarat minimal {label.get('pendidikan_min', '')}".rstrip())
    elif m.pendidikan_min_rank <= 0:
        bits.append(f"pendidikan {pend} (jabatan tanpa syarat pendidikan)")
    elif m.pendidikan_rank >= (m.pendidikan_pref_rank or m.pendidikan_min_rank):
        bits.append(f"pendidikan {pend} memenuhi kualifikasi yang diutamakan")
    else:
        bits.append(f"pendidikan {pend} memenuhi syarat minimal")
    if m.bidang_cocok is None:
        bits.append("jabatan tidak mensyaratkan bidang studi")
    elif m.bidang_cocok:
        bits.append(f"jurusan {label.get('jurusan', '')} sesuai bidang jabatan".replace("  ", " "))
    else:
        bits.append(f"jurusan {label.get('jurusan', '-') or '-'} tidak sesuai bidang {label.get('bidang', '')}".rstrip())
    if m.tag_dibutuhkan:
        bits.append(f"{m.tag_cocok} dari {m.tag_dibutuhkan} kompetensi jabatan dimiliki (diklat/sertifikasi)")
    else:
        bits.append(f"{m.jumlah_diklat} diklat tercatat")
    bits.append(f"{_lama(m.bulan_rumpun)} pengalaman dalam rumpun {label.get('rumpun', 'yang sama') or 'yang sama'}")
    return _kalimat("; ".join(bits)) + f". Skor {_angka(skor)}."


def _kalimat(text: str) -> str:
    return text[:1].upper() + text[1:]


def _jelaskan_aspirasi(m: Masukan, label: Mapping[str, str], skor: float) -> str:
    if not m.ada_aspirasi:
        return f"Tidak ada aspirasi yang berlaku: nilai netral {_angka(skor)}."
    bits: list[str] = []
    if not m.punya_pilihan:
        bits.append("aspirasi tanpa pilihan unit/lokasi/jabatan (netral)")
    else:
        if m.unit_pilihan_ke:
            bits.append(f"unit tujuan adalah pilihan ke-{m.unit_pilihan_ke}")
        if m.lokasi_pilihan_ke:
            bits.append(f"lokasi tujuan adalah pilihan lokasi ke-{m.lokasi_pilihan_ke}")
        if m.jabatan_cocok:
            bits.append("jabatan tujuan sesuai jabatan yang diminati")
        if not (m.unit_pilihan_ke or m.lokasi_pilihan_ke or m.jabatan_cocok):
            bits.append("formasi ini tidak sesuai pilihan pegawai")
    bits.append(KESEDIAAN_LABEL.get(m.kesediaan, m.kesediaan))
    return _kalimat("; ".join(bits)) + f". Skor {_angka(skor)}."


def recompute_from_stored(stored: Mapping[str, Any]) -> SkorKandidat:
    """Recompute parts and total from an usul's stored ``skor_seleksi`` document.

    Raises DomainError when the document was written by an unknown scoring version.
    """
    versi = stored.get("versi")
    if versi != SCORING_VERSION:
        raise DomainError(f"Versi perhitungan skor '{versi}' tidak dikenal; tidak dapat dihitung ulang")
    bobot = Bobot.from_mapping(stored["bobot"])
    return nilai_kandidat(Masukan.from_json(stored["masukan"]), bobot)


def skor_seleksi_document(
    *,
    masukan: Masukan,
    bobot: Bobot,
    formasi_id: int,
    peringkat: int | None,
    jumlah_kandidat: int,
    dihitung_pada: str,
    preset: str | None = None,
) -> dict[str, Any]:
    """The JSON stored in ``usul_mutasi.skor_seleksi``: inputs, weights, parts and explanations."""
    hasil = nilai_kandidat(masukan, bobot)
    return {
        "versi": SCORING_VERSION,
        "formasi_id": formasi_id,
        "dihitung_pada": dihitung_pada,
        "preset": preset,
        "bobot": bobot.as_dict(),
        "total": hasil.total,
        "peringkat": peringkat,
        "jumlah_kandidat": jumlah_kandidat,
        "bagian": [
            {"kode": b.kode, "nama": b.nama, "skor": b.skor, "bobot_persen": b.bobot, "penjelasan": b.penjelasan}
            for b in hasil.bagian
        ],
        "masukan": masukan.to_json(),
    }


def peringkat_ulang(
    bagian: npt.NDArray[np.float64], nip: npt.NDArray[Any], bobot: Bobot
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """New totals and order for a (n, 4) matrix of parts (KRITERIA order) under other weights.

    What the weight sliders call: pure array arithmetic, no database.
    """
    parts = {kode: bagian[:, i] for i, kode in enumerate(KRITERIA)}
    total = skor_total(parts, bobot) if bagian.shape[0] else np.zeros(0)
    return total, urutan_peringkat(total, [-parts["kinerja"], nip])
