"""The plain facts and thresholds the eligibility rules read (see ``domain.eligibility``).

Kept apart from the rules so the rule module stays about rules; import them from
``mutasi_desktop.domain.eligibility``, which re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, Literal

from mutasi_desktop.domain.errors import DomainError

Hasil = Literal["LULUS", "TIDAK_LULUS", "PERINGATAN"]
LULUS: Hasil = "LULUS"
TIDAK_LULUS: Hasil = "TIDAK_LULUS"
PERINGATAN: Hasil = "PERINGATAN"

HASIL_LABEL: Mapping[str, str] = {LULUS: "Lulus", TIDAK_LULUS: "Tidak lulus", PERINGATAN: "Peringatan"}

# Kedudukan codes (pegawai.kedudukan) that keep a pegawai from being moved.
KEDUDUKAN_AKTIF = "AKTIF"
KEDUDUKAN_PENGHALANG: Mapping[str, str] = {
    "TUGAS_BELAJAR": "sedang tugas belajar",
    "CLTN": "sedang cuti di luar tanggungan negara (CLTN)",
    "MPP": "sedang masa persiapan pensiun (MPP)",
    "DIBERHENTIKAN_SEMENTARA": "sedang diberhentikan sementara",
    "PENSIUN": "sudah pensiun",
    "BERHENTI": "sudah berhenti",
    "MENINGGAL": "sudah meninggal dunia",
    "PINDAH_KELUAR": "sudah pindah ke instansi lain",
    "PEMBERHENTIAN_SEMENTARA": "sedang diberhentikan sementara",
    "DIPEKERJAKAN": "sedang dipekerjakan/diperbantukan di instansi lain",
}


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class SkpFact:
    tahun: int
    skala: str  # domain.skp.SkalaSkp: ANGKA / PREDIKAT
    nilai: float | None
    predikat: str


@dataclass(frozen=True)
class HukdisFact:
    tingkat: str  # RINGAN / SEDANG / BERAT
    status: str  # PROSES / DIJALANI / SELESAI
    tmt_mulai: date | None
    tmt_selesai: date | None


@dataclass(frozen=True)
class CandidateFacts:
    pegawai_id: int
    nip: str
    nama: str
    status_kepegawaian: str  # CPNS / PNS / PPPK
    kedudukan: str
    tanggal_lahir: date
    golongan_id: int | None
    pendidikan_tingkat: str | None
    unit_id: int | None
    jabatan_id: int | None
    tmt_jabatan: date | None
    tmt_cpns: date | None
    skp: tuple[SkpFact, ...]
    hukdis: tuple[HukdisFact, ...]
    open_usul_ids: tuple[int, ...]


@dataclass(frozen=True)
class TargetFacts:
    """The target formasi. ``incoming_pending``/``outgoing_pending`` count the usul that claim or
    free a seat of it (approved but not yet applied, or in the same batch as the usul checked);
    ``incoming_diproses`` counts other submitted usul still being processed (warning only)."""

    formasi_id: int
    unit_id: int
    unit_aktif: bool
    jabatan_id: int
    jabatan_nama: str
    jenis_jabatan: str
    jenjang: str | None
    golongan_min_id: int | None
    golongan_max_id: int | None
    pendidikan_min: str | None
    bup: int
    kebutuhan: int
    terisi: int
    incoming_pending: int
    outgoing_pending: int
    incoming_diproses: int = 0
    unit_nama: str = ""

    @property
    def sisa(self) -> int:
        """Free seats once the counted usul are carried out."""
        return self.kebutuhan - self.terisi - self.incoming_pending + self.outgoing_pending


@dataclass(frozen=True)
class MutasiContext:
    jenis_mutasi: str  # domain.mutasi_kinds.JenisMutasi
    alasan: str  # domain.mutasi_kinds.AlasanMutasi
    tmt: date  # planned TMT of the mutasi
    today: date
    kepala_daerah_status: str  # DEFINITIF / PLT / PJ
    kepala_daerah_tmt_pelantikan: date | None
    usul_id: int | None = None  # the usul being checked (left out of "other open usul")


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the rules; each field names the regulation it comes from.

    Stored as the ``aturan_mutasi`` setting; unknown keys are ignored, missing keys keep these
    defaults.
    """

    # PP 11/2017 Pasal 190(3), Peraturan BKN 5/2019 Pasal 2(3): at least 2 years in the post.
    # The 2025 BKN policy (6 months) is this setting set to 6.
    min_bulan_di_jabatan: int = 24
    # Same articles: at most 5 years; beyond that the pegawai is due for rotation (warning).
    rotasi_bulan: int = 60
    # Peraturan BKN 5/2019 (persyaratan): SKP at least "Baik" in each of the last N years.
    skp_tahun: int = 2
    # PP 46/2011 old numeric scale: lowest nilai that is still "Baik" (reference §2.5, uncertain).
    skp_nilai_min_baik: float = 76.0
    # A missing SKP year blocks (True) or only warns (False: the paper file may still hold it).
    skp_wajib_tercatat: bool = False
    # UU 20/2023 Pasal 55 (BUP) with a local margin, e.g. Banyumas: incoming <= BUP - 5 years.
    margin_bup_tahun: int = 0
    # Warn when the pension date falls within this many months after the TMT.
    peringatan_bup_bulan: int = 12
    # PermenPANRB 36/2018, 27/2021 Pasal 52, 6/2024 Pasal 59: no own-request move to another
    # instansi for 10 years, for appointees (TMT CPNS) from 2018 on.
    pernyataan_tahun_mulai: int = 2018
    pernyataan_masa_tahun: int = 10
    # UU 10/2016 Pasal 71(2) (Pilkada): a kepala daerah replaces officials within 6 months of
    # inauguration only with written Mendagri approval; Pj/Plt always need it (reference §1.2).
    bulan_setelah_pelantikan: int = 6

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from a stored JSON dict; bad values raise DomainError naming the key."""
        if not data:
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            default = getattr(cls(), f.name)
            try:
                if isinstance(default, bool):
                    values[f.name] = bool(raw)
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                else:
                    values[f.name] = float(raw)
            except (TypeError, ValueError):
                raise DomainError(
                    f"Pengaturan aturan mutasi '{f.name}' bernilai '{raw}', harus berupa angka",
                    field=f.name,
                ) from None
        settings = cls(**values)
        settings.validate()
        return settings

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def validate(self) -> None:
        if self.min_bulan_di_jabatan < 0 or self.rotasi_bulan <= self.min_bulan_di_jabatan:
            raise DomainError(
                "Pengaturan aturan mutasi: masa minimal di jabatan harus >= 0 dan lebih kecil dari "
                "batas rotasi",
                field="min_bulan_di_jabatan",
            )
        if self.skp_tahun < 0 or self.margin_bup_tahun < 0 or self.peringatan_bup_bulan < 0:
            raise DomainError("Pengaturan aturan mutasi tidak boleh bernilai negatif", field="skp_tahun")
        if not 62 <= self.skp_nilai_min_baik < 100:
            raise DomainError(
                "Pengaturan aturan mutasi: nilai SKP minimal Baik harus antara 62 dan 99",
                field="skp_nilai_min_baik",
            )


@dataclass(frozen=True)
class RuleResult:
    kode: str
    judul: str
    hasil: Hasil
    alasan: str
    dasar_hukum: str


Outcome = tuple[Hasil, str]
RuleFn = Callable[[CandidateFacts, "TargetFacts | None", MutasiContext, RuleSettings], Outcome]


@dataclass(frozen=True)
class Rule:
    """One rule. ``reads``: the :class:`CandidateFacts` fields its outcome depends on (besides the
    target, context and settings), so many candidates sharing those values share one evaluation
    (:class:`~mutasi_desktop.domain.eligibility.RuleCache`); None means the whole candidate."""

    kode: str
    judul: str
    dasar_hukum: str
    check: RuleFn
    reads: tuple[str, ...] | None = None
