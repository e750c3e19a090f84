"""SKP predikat on the old numeric scale and the 2022 matrix (reference §2.5)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.skp import (
    DEFAULT_MATRIX,
    Predikat,
    Rating,
    SkalaSkp,
    SkpThresholds,
    is_at_least_baik,
    parse_predikat,
    parse_rating,
    parse_skala,
    predikat_efektif,
    predikat_from_matrix,
    predikat_from_nilai,
    skp_score_0_100,
)

P = Predikat


@pytest.mark.parametrize(
    ("predikat", "label"),
    [
        (P.SANGAT_BAIK, "Sangat Baik"), (P.BAIK, "Baik"), (P.BUTUH_PERBAIKAN, "Butuh Perbaikan"),
        (P.KURANG, "Kurang/Misconduct"), (P.SANGAT_KURANG, "Sangat Kurang"), (P.CUKUP, "Cukup"),
        (P.BURUK, "Buruk"),
    ],
)  # fmt: skip
def test_labels_parse_back(predikat: Predikat, label: str) -> None:
    assert predikat.label == label
    assert parse_predikat(label) is predikat
    assert parse_predikat(predikat.value) is predikat
    assert parse_predikat(predikat) is predikat


def test_skala_labels() -> None:
    assert "PP 46/2011" in SkalaSkp.ANGKA.label
    assert "6/2022" in SkalaSkp.PREDIKAT.label
    assert SkalaSkp("ANGKA") is SkalaSkp.ANGKA


@pytest.mark.parametrize(
    ("nilai", "predikat"),
    [
        (100, P.SANGAT_BAIK), (91, P.SANGAT_BAIK), (90.99, P.BAIK), (90, P.BAIK), (76, P.BAIK),
        (75.99, P.CUKUP), (75, P.CUKUP), (61, P.CUKUP), (60.99, P.KURANG), (60, P.KURANG),
        (51, P.KURANG), (50.99, P.BURUK), (50, P.BURUK), (0, P.BURUK),
    ],
)  # fmt: skip
def test_predikat_from_nilai(nilai: float, predikat: Predikat) -> None:
    assert predikat_from_nilai(nilai) is predikat


@pytest.mark.parametrize("nilai", [-0.01, 100.01, math.nan, math.inf])
def test_predikat_from_nilai_out_of_range(nilai: float) -> None:
    with pytest.raises(DomainError, match="antara 0 dan 100"):
        predikat_from_nilai(nilai)


@pytest.mark.parametrize("nilai", [True, "80"])
def test_predikat_from_nilai_rejects_non_numbers(nilai: object) -> None:
    with pytest.raises(DomainError, match="berupa angka"):
        predikat_from_nilai(nilai)  # type: ignore[arg-type]


def test_custom_thresholds() -> None:
    strict = SkpThresholds(sangat_baik=95, baik=80, cukup=70, kurang=60)
    assert predikat_from_nilai(91, strict) is P.BAIK
    assert predikat_from_nilai(79, strict) is P.CUKUP
    assert predikat_from_nilai(59.5, strict) is P.BURUK


@pytest.mark.parametrize("kwargs", [{"baik": 95}, {"kurang": 0}, {"sangat_baik": 101}, {"cukup": 76}])
def test_invalid_thresholds(kwargs: dict[str, float]) -> None:
    with pytest.raises(DomainError, match="Ambang"):
        SkpThresholds(**kwargs)


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("DI_ATAS", "DI_ATAS", P.SANGAT_BAIK),
        ("DI_ATAS", "SESUAI", P.BAIK),
        ("DI_ATAS", "DI_BAWAH", P.KURANG),
        ("SESUAI", "DI_ATAS", P.BAIK),
        ("SESUAI", "SESUAI", P.BAIK),
        ("SESUAI", "DI_BAWAH", P.KURANG),
        ("DI_BAWAH", "DI_ATAS", P.BUTUH_PERBAIKAN),
        ("DI_BAWAH", "SESUAI", P.BUTUH_PERBAIKAN),
        ("DI_BAWAH", "DI_BAWAH", P.SANGAT_KURANG),
        ("Di Atas Ekspektasi", "Sesuai Ekspektasi", P.BAIK),
        ("di atas", "di-atas", P.SANGAT_BAIK),
        (Rating.DI_BAWAH, "Di Bawah Ekspektasi", P.SANGAT_KURANG),
    ],
)
def test_predikat_from_matrix(hasil: str, perilaku: str, predikat: Predikat) -> None:
    assert predikat_from_matrix(hasil, perilaku) is predikat


def test_matrix_is_complete_and_overridable() -> None:
    assert len(DEFAULT_MATRIX) == 9
    custom = dict(DEFAULT_MATRIX)
    custom[(Rating.SESUAI, Rating.SESUAI)] = P.BUTUH_PERBAIKAN
    assert predikat_from_matrix("SESUAI", "SESUAI", custom) is P.BUTUH_PERBAIKAN
    del custom[(Rating.SESUAI, Rating.SESUAI)]
    with pytest.raises(DomainError, match="matriks"):
        predikat_from_matrix("SESUAI", "SESUAI", custom)


@pytest.mark.parametrize("rating", ["Luar Biasa", "", "ATAS BAWAH"])
def test_unknown_rating(rating: str) -> None:
    with pytest.raises(DomainError, match=r"Rating .* tidak dikenal"):
        parse_rating(rating)


@pytest.mark.parametrize(
    ("text", "predikat"),
    [
        ("Sangat Baik", P.SANGAT_BAIK), ("sangat baik", P.SANGAT_BAIK), ("SANGAT_BAIK", P.SANGAT_BAIK),
        ("baik", P.BAIK), (" Baik ", P.BAIK), ("Butuh Perbaikan", P.BUTUH_PERBAIKAN),
        ("Perlu Perbaikan", P.BUTUH_PERBAIKAN), ("Butuh Perbaikan/Cukup", P.BUTUH_PERBAIKAN),
        ("Kurang/Misconduct", P.KURANG), ("Kurang", P.KURANG), ("Misconduct", P.KURANG),
        ("Kurang / Misconduct", P.KURANG), ("Sangat Kurang", P.SANGAT_KURANG), ("Cukup", P.CUKUP),
        ("Buruk", P.BURUK),
    ],
)  # fmt: skip
def test_parse_predikat(text: str, predikat: Predikat) -> None:
    assert parse_predikat(text) is predikat


@pytest.mark.parametrize("text", ["Istimewa", "", "Baik Sekali", "A"])
def test_parse_predikat_unknown(text: str) -> None:
    with pytest.raises(DomainError, match="tidak dikenal") as excinfo:
        parse_predikat(text)
    assert excinfo.value.field == "predikat"


@pytest.mark.parametrize(
    ("predikat", "ok"),
    [
        (P.SANGAT_BAIK, True), (P.BAIK, True), ("Baik", True), (P.CUKUP, False), (P.BUTUH_PERBAIKAN, False),
        (P.KURANG, False), (P.SANGAT_KURANG, False), (P.BURUK, False),
    ],
)  # fmt: skip
def test_is_at_least_baik(predikat: Predikat | str, ok: bool) -> None:
    assert is_at_least_baik(predikat) is ok


@pytest.mark.parametrize(
    ("skala", "nilai", "predikat", "score"),
    [
        (SkalaSkp.ANGKA, 87.5, None, 87.5),
        ("ANGKA", 0, None, 0.0),
        ("ANGKA", 100, "Baik", 100.0),
        (SkalaSkp.PREDIKAT, None, P.SANGAT_BAIK, 95.0),
        ("PREDIKAT", None, "Baik", 85.0),
        ("PREDIKAT", None, "Butuh Perbaikan", 65.0),
        ("PREDIKAT", None, "Kurang/Misconduct", 55.0),
        ("PREDIKAT", 12, "Sangat Kurang", 40.0),
    ],
)
def test_skp_score(skala: SkalaSkp | str, nilai: float | None, predikat: str | None, score: float) -> None:
    assert skp_score_0_100(skala, nilai, predikat) == score


@pytest.mark.parametrize(
    ("skala", "nilai", "predikat", "fragment"),
    [
        ("ANGKA", None, "Baik", "wajib diisi"),
        ("ANGKA", 101, None, "antara 0 dan 100"),
        ("PREDIKAT", 80, None, "wajib diisi"),
        ("PREDIKAT", None, "Cukup", "tidak berlaku"),
        ("PREDIKAT", None, "Buruk", "tidak berlaku"),
        ("PREDIKAT", None, "Istimewa", "tidak dikenal"),
    ],
)
def test_skp_score_errors(skala: str, nilai: float | None, predikat: str | None, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment):
        skp_score_0_100(skala, nilai, predikat)


def test_skala_parsing() -> None:
    assert parse_skala("angka") is SkalaSkp.ANGKA
    assert parse_skala(SkalaSkp.PREDIKAT) is SkalaSkp.PREDIKAT
    with pytest.raises(DomainError, match="Skala SKP 'HURUF' tidak dikenal"):
        skp_score_0_100("HURUF", 80, None)


@pytest.mark.parametrize(
    ("skala", "nilai", "predikat", "expected"),
    [
        ("ANGKA", 80, None, P.BAIK),
        ("ANGKA", 80, "Cukup", P.BAIK),  # the number wins
        ("ANGKA", None, "Cukup", P.CUKUP),
        ("PREDIKAT", None, "Sangat Baik", P.SANGAT_BAIK),
    ],
)
def test_predikat_efektif(skala: str, nilai: float | None, predikat: str | None, expected: Predikat) -> None:
    assert predikat_efektif(skala, nilai, predikat) is expected


def test_predikat_efektif_requires_something() -> None:
    with pytest.raises(DomainError, match="wajib diisi"):
        predikat_efektif("PREDIKAT", None, " ")


SCORES = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(SCORES, SCORES)
def test_predikat_from_nilai_is_monotonic(a: float, b: float) -> None:
    order = [P.BURUK, P.KURANG, P.CUKUP, P.BAIK, P.SANGAT_BAIK]
    low, high = sorted((a, b))
    assert order.index(predikat_from_nilai(low)) <= order.index(predikat_from_nilai(high))
    assert skp_score_0_100("ANGKA", a, None) == a
