"""SKP performance ratings on the two scales in use (reference §2.5).

Before 2022 (PP 46/2011) SKP was a number 0-100 with predikat Sangat Baik/Baik/Cukup/Kurang/
Buruk; since PermenPANRB 6/2022 it is a predikat from the matrix of *hasil kerja* x *perilaku
kerja*. A two-year "at least Baik" check may span both scales, so each year keeps its scale.
The old thresholds and the matrix are uncertain, hence parameters with defaults.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError


class Predikat(StrEnum):
    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"  # "Kurang/Misconduct" on the 2022 scale
    SANGAT_KURANG = "SANGAT_KURANG"
    CUKUP = "CUKUP"  # old scale only
    BURUK = "BURUK"  # old scale only

    @property
    def label(self) -> str:
        return _PREDIKAT_LABEL[self]


_PREDIKAT_LABEL = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
    Predikat.CUKUP: "Cukup",
    Predikat.BURUK: "Buruk",
}


class SkalaSkp(StrEnum):
    ANGKA = "ANGKA"  # PP 46/2011, nilai 0-100, before 2022
    PREDIKAT = "PREDIKAT"  # PermenPANRB 6/2022

    @property
    def label(self) -> str:
        if self is SkalaSkp.ANGKA:
            return "Nilai angka (PP 46/2011)"
        return "Predikat (PermenPANRB 6/2022)"


def parse_skala(value: SkalaSkp | str) -> SkalaSkp:
    """``ANGKA`` / ``PREDIKAT`` (case-insensitive) -> SkalaSkp."""
    try:
        return SkalaSkp(str(value).strip().upper())
    except ValueError:
        raise DomainError(f"Skala SKP '{value}' tidak dikenal; gunakan ANGKA atau PREDIKAT") from None


class Rating(StrEnum):
    """Rating of hasil kerja or perilaku kerja against expectations."""

    DI_ATAS = "DI_ATAS"
    SESUAI = "SESUAI"
    DI_BAWAH = "DI_BAWAH"


@dataclass(frozen=True)
class SkpThresholds:
    """Lowest nilai of each predikat on the old scale; below ``kurang`` is Buruk (uncertain)."""

    sangat_baik: float = 91
    baik: float = 76
    cukup: float = 61
    kurang: float = 51

    def __post_init__(self) -> None:
        if not 0 < self.kurang < self.cukup < self.baik < self.sangat_baik <= 100:
            raise DomainError("Ambang nilai SKP harus naik: kurang < cukup < baik < sangat baik <= 100")


DEFAULT_THRESHOLDS = SkpThresholds()

# Reference §2.5 matrix (uncertain: verify against the PermenPANRB 6/2022 annex).
DEFAULT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}

# Comparable 0-100 scores for ranking 2022+ predikat next to old numeric nilai.
PREDIKAT_SCORE: Mapping[Predikat, float] = {
    Predikat.SANGAT_BAIK: 95,
    Predikat.BAIK: 85,
    Predikat.BUTUH_PERBAIKAN: 65,
    Predikat.KURANG: 55,
    Predikat.SANGAT_KURANG: 40,
}

_NEW_SCALE = frozenset(PREDIKAT_SCORE)


def _check_nilai(nilai: float) -> float:
    if isinstance(nilai, bool) or not isinstance(nilai, int | float):
        raise DomainError(f"Nilai SKP '{nilai}' harus berupa angka", field="nilai_skp")
    if math.isnan(nilai) or not 0 <= nilai <= 100:
        raise DomainError(f"Nilai SKP {nilai} harus antara 0 dan 100", field="nilai_skp")
    return float(nilai)


def predikat_from_nilai(nilai: float, thresholds: SkpThresholds = DEFAULT_THRESHOLDS) -> Predikat:
    """Old-scale predikat of a numeric nilai (each threshold is inclusive)."""
    value = _check_nilai(nilai)
    if value >= thresholds.sangat_baik:
        return Predikat.SANGAT_BAIK
    if value >= thresholds.baik:
        return Predikat.BAIK
    if value >= thresholds.cukup:
        return Predikat.CUKUP
    if value >= thresholds.kurang:
        return Predikat.KURANG
    return Predikat.BURUK


def parse_rating(value: Rating | str) -> Rating:
    """``DI_ATAS``, ``Di Atas Ekspektasi``, ``sesuai`` ... -> Rating."""
    if isinstance(value, Rating):
        return value
    text = re.sub(r"[^A-Z]+", "_", value.upper().replace("EKSPEKTASI", "")).strip("_")
    try:
        return Rating(text)
    except ValueError:
        raise DomainError(
            f"Rating '{value}' tidak dikenal; gunakan Di Atas, Sesuai atau Di Bawah Ekspektasi"
        ) from None


def predikat_from_matrix(
    hasil: Rating | str,
    perilaku: Rating | str,
    matrix: Mapping[tuple[Rating, Rating], Predikat] = DEFAULT_MATRIX,
) -> Predikat:
    """2022+ predikat from the rating of hasil kerja and of perilaku kerja."""
    key = (parse_rating(hasil), parse_rating(perilaku))
    if key not in matrix:
        raise DomainError(f"Kombinasi rating {key[0]} / {key[1]} tidak ada pada matriks predikat")
    return matrix[key]


_PREDIKAT_TEXT = {
    "SANGAT BAIK": Predikat.SANGAT_BAIK,
    "BAIK": Predikat.BAIK,
    "BUTUH PERBAIKAN": Predikat.BUTUH_PERBAIKAN,
    "PERLU PERBAIKAN": Predikat.BUTUH_PERBAIKAN,
    "BUTUH PERBAIKAN CUKUP": Predikat.BUTUH_PERBAIKAN,
    "KURANG": Predikat.KURANG,
    "MISCONDUCT": Predikat.KURANG,
    "KURANG MISCONDUCT": Predikat.KURANG,
    "SANGAT KURANG": Predikat.SANGAT_KURANG,
    "CUKUP": Predikat.CUKUP,
    "BURUK": Predikat.BURUK,
}


def parse_predikat(text: Predikat | str) -> Predikat:
    """Predikat from a code (``SANGAT_BAIK``) or a label (``Sangat Baik``, ``Kurang/Misconduct``)."""
    if isinstance(text, Predikat):
        return text
    key = " ".join(re.sub(r"[^A-Z]+", " ", str(text).upper()).split())
    found = _PREDIKAT_TEXT.get(key)
    if found is None:
        raise DomainError(f"Predikat SKP '{text}' tidak dikenal", field="predikat")
    return found


def is_at_least_baik(predikat: Predikat | str) -> bool:
    """True for Baik and Sangat Baik (on either scale)."""
    return parse_predikat(predikat) in (Predikat.SANGAT_BAIK, Predikat.BAIK)


def predikat_efektif(
    skala: SkalaSkp | str,
    nilai: float | None,
    predikat: Predikat | str | None,
    thresholds: SkpThresholds = DEFAULT_THRESHOLDS,
) -> Predikat:
    """The predikat of one year's SKP on its own scale (an old nilai wins over a stored predikat)."""
    scale = parse_skala(skala)
    if scale is SkalaSkp.ANGKA and nilai is not None:
        return predikat_from_nilai(nilai, thresholds)
    if predikat is None or (isinstance(predikat, str) and not predikat.strip()):
        raise DomainError("Predikat SKP wajib diisi", field="predikat")
    return parse_predikat(predikat)


def skp_score_0_100(skala: SkalaSkp | str, nilai: float | None, predikat: Predikat | str | None) -> float:
    """A 0-100 score comparable across scales, for ranking candidates.

    ANGKA: the numeric nilai itself. PREDIKAT: Sangat Baik 95, Baik 85, Butuh Perbaikan 65,
    Kurang 55, Sangat Kurang 40.
    """
    scale = parse_skala(skala)
    if scale is SkalaSkp.ANGKA:
        if nilai is None:
            raise DomainError("Nilai SKP wajib diisi untuk skala angka", field="nilai_skp")
        return _check_nilai(nilai)
    if predikat is None:
        raise DomainError("Predikat SKP wajib diisi untuk skala predikat", field="predikat")
    found = parse_predikat(predikat)
    if found not in _NEW_SCALE:
        raise DomainError(
            f"Predikat '{found.label}' tidak berlaku pada skala PermenPANRB 6/2022", field="predikat"
        )
    return PREDIKAT_SCORE[found]
