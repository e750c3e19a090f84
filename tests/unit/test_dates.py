"""Indonesian date formatting, lenient parsing and month arithmetic (reference §4.7)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.dates import (
    add_months,
    add_years,
    bulan_romawi,
    format_bulan_tahun,
    format_tanggal,
    format_tanggal_angka,
    format_tanggal_hari,
    months_between,
    nama_bulan,
    parse_tanggal,
    usia,
)
from mutasi_desktop.domain.errors import DomainError, TanggalError

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAWI = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(("month", "name"), list(enumerate(BULAN, start=1)))
def test_format_tanggal_every_month(month: int, name: str) -> None:
    assert format_tanggal(date(2025, month, 7)) == f"7 {name} 2025"
    assert format_bulan_tahun(date(2025, month, 28)) == f"{name} 2025"
    assert nama_bulan(month) == name


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 7), "7 Januari 2025"),
        (date(2024, 2, 29), "29 Februari 2024"),
        (date(1966, 8, 1), "1 Agustus 1966"),
        (datetime(2025, 12, 31, 23, 59), "31 Desember 2025"),
    ],
)
def test_format_tanggal(d: date, expected: str) -> None:
    assert format_tanggal(d) == expected


@pytest.mark.parametrize(
    ("day", "name"),
    [(6, "Senin"), (7, "Selasa"), (8, "Rabu"), (9, "Kamis"), (10, "Jumat"), (11, "Sabtu"), (12, "Minggu")],
)
def test_format_tanggal_hari(day: int, name: str) -> None:
    assert format_tanggal_hari(date(2025, 1, day)) == f"{name}, {day} Januari 2025"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 7), "07-01-2025"),
        (date(2016, 9, 1), "01-09-2016"),
        (date(2025, 12, 31), "31-12-2025"),
        (date(999, 1, 1), "01-01-0999"),
    ],
)
def test_format_tanggal_angka(d: date, expected: str) -> None:
    assert format_tanggal_angka(d) == expected


@pytest.mark.parametrize(("month", "roman"), list(enumerate(ROMAWI, start=1)))
def test_bulan_romawi(month: int, roman: str) -> None:
    assert bulan_romawi(month) == roman


@pytest.mark.parametrize("month", [0, 13, -1, 100, True])
def test_bulan_romawi_rejects_out_of_range(month: int) -> None:
    with pytest.raises(DomainError, match="1 sampai 12"):
        bulan_romawi(month)
    with pytest.raises(DomainError):
        nama_bulan(month)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 1, 7), date(2025, 1, 7)),
        (datetime(2025, 1, 7, 13, 45), date(2025, 1, 7)),
        ("07-01-2025", date(2025, 1, 7)),
        ("7-1-2025", date(2025, 1, 7)),
        ("07/01/2025", date(2025, 1, 7)),
        ("07.01.2025", date(2025, 1, 7)),
        ("  07-01-2025  ", date(2025, 1, 7)),
        ("07-01-2025 08:30", date(2025, 1, 7)),
        ("2025-01-07", date(2025, 1, 7)),
        ("2025/01/07", date(2025, 1, 7)),
        ("2025-01-07 00:00:00", date(2025, 1, 7)),
        ("2025-01-07T10:11:12", date(2025, 1, 7)),
        ("2025-01-07T10:11:12.123+07:00", date(2025, 1, 7)),
        ("2025-01-07T10:11:12Z", date(2025, 1, 7)),
        ("7 Januari 2025", date(2025, 1, 7)),
        ("07 januari 2025", date(2025, 1, 7)),
        ("7 JANUARI 2025", date(2025, 1, 7)),
        ("07 Jan 2025", date(2025, 1, 7)),
        ("07-Jan-2025", date(2025, 1, 7)),
        ("7 Jan. 2025", date(2025, 1, 7)),
        ("Selasa, 7 Januari 2025", date(2025, 1, 7)),
        ("Jum'at, 10 Januari 2025", date(2025, 1, 10)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("17 Agu 1945", date(1945, 8, 17)),
        ("17 Agt 1945", date(1945, 8, 17)),
        ("17 Ags 1945", date(1945, 8, 17)),
        ("1 Mei 2020", date(2020, 5, 1)),
        ("1 Okt 2020", date(2020, 10, 1)),
        ("1 Des 2020", date(2020, 12, 1)),
        ("1 Pebruari 2020", date(2020, 2, 1)),
        ("1 Nopember 2020", date(2020, 11, 1)),
        ("1 May 2020", date(2020, 5, 1)),
        ("1 October 2020", date(2020, 10, 1)),
        ("1 Dec 2020", date(2020, 12, 1)),
        ("1 Aug 2020", date(2020, 8, 1)),
        ("January 7, 2025", date(2025, 1, 7)),
        ("Aug 17 1945", date(1945, 8, 17)),
        ("29-02-2024", date(2024, 2, 29)),
        ("29 Februari 2024", date(2024, 2, 29)),
    ],
)
def test_parse_tanggal(value: object, expected: date) -> None:
    assert parse_tanggal(value) == expected


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (25569, date(1970, 1, 1)),
        (45658, date(2025, 1, 1)),
        (45664, date(2025, 1, 7)),
        (45664.0, date(2025, 1, 7)),
        (45664.99, date(2025, 1, 7)),
        (Decimal("45664.5"), date(2025, 1, 7)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_parse_tanggal_excel_serial(serial: float, expected: date) -> None:
    assert parse_tanggal(serial) == expected


@pytest.mark.parametrize(
    "value", [None, "", "   ", "\t\n", "null", "NULL", "None", "-", "--", "nan", float("nan")]
)
def test_parse_tanggal_empty(value: object) -> None:
    assert parse_tanggal(value) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("31-02-2020", "Tanggal '31-02-2020' tidak valid: tanggal 31 tidak ada pada bulan Februari 2020"),
        ("29-02-2023", "tanggal 29 tidak ada pada bulan Februari 2023"),
        ("31-04-2025", "tidak valid"),
        ("00-01-2025", "tidak valid"),
        ("01-13-2025", "bulan 13 tidak ada"),
        ("2025-13-01", "bulan 13 tidak ada"),
        ("2025-02-30", "tidak valid"),
        ("01-01-0000", "tahun 0 tidak ada"),
        ("31 Juni 2021", "tanggal 31 tidak ada pada bulan Juni 2021"),
        ("07-01-25", "Format tanggal '07-01-25' tidak dikenali; gunakan dd-mm-yyyy"),
        ("07-01/2025", "tidak dikenali"),
        ("20250107", "tidak dikenali"),
        ("7 Foo 2025", "tidak dikenali"),
        ("Foo, 7 Januari 2025", "tidak dikenali"),
        ("Januari 2025", "tidak dikenali"),
        ("besok", "tidak dikenali"),
        ("45664", "tidak dikenali"),
        (60, "29-02-1900"),
        (0, "nomor seri"),
        (-5, "nomor seri"),
        (0.5, "nomor seri"),
        (2958466, "nomor seri"),
        (math.inf, "nomor seri"),
        (True, "bukan tanggal"),
        ([2025, 1, 7], "list"),
    ],
)
def test_parse_tanggal_invalid(value: object, fragment: str) -> None:
    with pytest.raises(TanggalError) as excinfo:
        parse_tanggal(value)
    assert fragment in excinfo.value.message
    assert excinfo.value.field is None


@pytest.mark.parametrize("value", ["31-02-2020", "xyz", 60, True])
def test_parse_tanggal_names_the_field(value: object) -> None:
    with pytest.raises(TanggalError) as excinfo:
        parse_tanggal(value, field="tanggal_lahir")
    assert excinfo.value.field == "tanggal_lahir"
    assert "tanggal_lahir" in str(excinfo.value)


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
        (date(2024, 2, 29), 0, date(2024, 2, 29)),
        (date(1966, 8, 1), 58, date(2024, 8, 1)),
        (date(2020, 12, 31), 1, date(2021, 12, 31)),
    ],
)
def test_add_years(d: date, n: int, expected: date) -> None:
    assert add_years(d, n) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
        (date(2025, 5, 10), 120, date(2035, 5, 10)),
    ],
)
def test_add_months(d: date, n: int, expected: date) -> None:
    assert add_months(d, n) == expected


@pytest.mark.parametrize(("d", "n"), [(date(9999, 12, 1), 1), (date(1, 1, 1), -1), (date(9000, 1, 1), 12000)])
def test_add_months_out_of_range(d: date, n: int) -> None:
    with pytest.raises(TanggalError, match="di luar jangkauan"):
        add_months(d, n)


def test_add_years_out_of_range() -> None:
    with pytest.raises(TanggalError):
        add_years(date(9999, 1, 1), 1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2025, 1, 1), date(2025, 1, 1), 0),
        (date(2025, 1, 1), date(2025, 1, 31), 0),
        (date(2025, 1, 1), date(2025, 2, 1), 1),
        (date(2025, 1, 15), date(2025, 2, 14), 0),
        (date(2025, 1, 15), date(2025, 2, 15), 1),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2013, 1, 1), date(2025, 4, 1), 147),
        (date(2025, 2, 1), date(2025, 1, 1), -1),
        (date(2025, 2, 28), date(2025, 1, 31), -1),
    ],
)
def test_months_between(a: date, b: date, expected: int) -> None:
    assert months_between(a, b) == expected


@pytest.mark.parametrize(
    ("lahir", "pada", "expected"),
    [
        (date(1966, 8, 1), date(2024, 7, 31), 57),
        (date(1966, 8, 1), date(2024, 8, 1), 58),
        (date(2000, 2, 29), date(2001, 2, 27), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 1),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(2000, 1, 1), date(1999, 1, 1), 0),
    ],
)
def test_usia(lahir: date, pada: date, expected: int) -> None:
    assert usia(lahir, pada) == expected


DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(DATES)
def test_parse_of_numeric_format_round_trips(d: date) -> None:
    assert parse_tanggal(format_tanggal_angka(d)) == d


@given(DATES)
def test_parse_of_long_format_round_trips(d: date) -> None:
    assert parse_tanggal(format_tanggal(d)) == d
    assert parse_tanggal(format_tanggal_hari(d)) == d
    assert parse_tanggal(d.isoformat()) == d


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_excel_serial_round_trips(d: date) -> None:
    assert parse_tanggal((d - date(1899, 12, 30)).days) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 1200))
def test_months_between_inverts_add_months(d: date, n: int) -> None:
    later = add_months(d, n)
    assert months_between(d, later) == n
    if n > 0:
        assert months_between(d, later - timedelta(days=1)) == n - 1
    if later.day == d.day:  # no end-of-month clamping: the count is symmetric
        assert months_between(later, d) == -n


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_months_between_is_the_last_month_add_months_does_not_pass(a: date, b: date) -> None:
    """The definition itself: the largest k with add_months(a, k) <= b (checked around the guess)."""
    lo, hi = (a, b) if a <= b else (b, a)
    k = months_between(lo, hi)
    assert add_months(lo, k) <= hi < add_months(lo, k + 1)
    assert months_between(hi, lo) == -k
