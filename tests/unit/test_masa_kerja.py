"""Masa kerja in whole years and months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.dates import months_between
from mutasi_desktop.domain.errors import DomainError, TanggalError
from mutasi_desktop.domain.masa_kerja import MasaKerja, hitung_masa_kerja


@pytest.mark.parametrize(
    ("mulai", "pada", "tambahan", "expected"),
    [
        (date(2013, 1, 1), date(2025, 4, 1), (0, 0), MasaKerja(12, 3)),
        (date(2013, 1, 1), date(2025, 3, 31), (0, 0), MasaKerja(12, 2)),
        (date(2025, 1, 1), date(2025, 1, 1), (0, 0), MasaKerja(0, 0)),
        (date(2025, 1, 1), date(2025, 1, 31), (0, 0), MasaKerja(0, 0)),
        (date(2024, 2, 29), date(2025, 2, 28), (0, 0), MasaKerja(1, 0)),
        (date(1988, 3, 1), date(2024, 9, 1), (0, 0), MasaKerja(36, 6)),
        (date(2013, 1, 1), date(2025, 4, 1), (2, 10), MasaKerja(15, 1)),
        (date(2013, 1, 1), date(2025, 4, 1), (0, 9), MasaKerja(13, 0)),
        (date(2013, 1, 1), date(2025, 4, 1), (-5, 0), MasaKerja(7, 3)),
    ],
)
def test_hitung_masa_kerja(mulai: date, pada: date, tambahan: tuple[int, int], expected: MasaKerja) -> None:
    tahun, bulan = tambahan
    assert hitung_masa_kerja(mulai, pada, tambahan_tahun=tahun, tambahan_bulan=bulan) == expected


def test_pada_before_mulai_is_an_error() -> None:
    with pytest.raises(TanggalError, match="tidak boleh sebelum") as excinfo:
        hitung_masa_kerja(date(2025, 1, 2), date(2025, 1, 1))
    assert "2 Januari 2025" in excinfo.value.message


def test_negative_total_is_an_error() -> None:
    with pytest.raises(DomainError, match="negatif"):
        hitung_masa_kerja(date(2024, 1, 1), date(2025, 1, 1), tambahan_tahun=-2)


@pytest.mark.parametrize(
    ("masa", "text", "total"),
    [
        (MasaKerja(12, 3), "12 tahun 3 bulan", 147),
        (MasaKerja(0, 0), "0 tahun 0 bulan", 0),
        (MasaKerja(0, 11), "0 tahun 11 bulan", 11),
        (MasaKerja(30, 0), "30 tahun 0 bulan", 360),
    ],
)
def test_str_and_total(masa: MasaKerja, text: str, total: int) -> None:
    assert str(masa) == text
    assert masa.total_bulan == total
    assert MasaKerja.dari_bulan(total) == masa


@pytest.mark.parametrize(("tahun", "bulan"), [(0, 12), (1, -1), (-1, 0)])
def test_invalid_masa_kerja(tahun: int, bulan: int) -> None:
    with pytest.raises(DomainError, match="tidak valid"):
        MasaKerja(tahun, bulan)


def test_dari_bulan_rejects_negative() -> None:
    with pytest.raises(DomainError):
        MasaKerja.dari_bulan(-1)


def test_ordering() -> None:
    assert MasaKerja(1, 11) < MasaKerja(2, 0) < MasaKerja(2, 1)
    assert max(MasaKerja(4, 0), MasaKerja(3, 11)) == MasaKerja(4, 0)


DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@given(DATES, DATES)
def test_total_matches_months_between(a: date, b: date) -> None:
    mulai, pada = min(a, b), max(a, b)
    masa = hitung_masa_kerja(mulai, pada)
    assert masa.total_bulan == months_between(mulai, pada)
    assert 0 <= masa.bulan <= 11
