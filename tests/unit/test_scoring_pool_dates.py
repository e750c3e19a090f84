"""The pool's vectorised month count agrees with the domain's months_between."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi_desktop.domain.dates import months_between
from mutasi_desktop.services.selection_pool import bulan_antara, kode_seragam

_dates = st.dates(min_value=date(1960, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_dates, _dates), min_size=1, max_size=30))
def test_bulan_antara_matches_months_between(pairs: list[tuple[date, date]]) -> None:
    start = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    end = np.array([b for _, b in pairs], dtype="datetime64[D]")
    got = bulan_antara(start, end).tolist()
    assert got == [float(max(months_between(a, b), 0)) for a, b in pairs]


def test_end_of_month_and_missing_dates() -> None:
    start = np.array(["2024-01-31", "2023-02-28", "NaT", "2024-03-31"], dtype="datetime64[D]")
    end = np.array(["2024-02-29", "2024-02-29", "2024-01-01", "2024-04-29"], dtype="datetime64[D]")
    assert bulan_antara(start, end).tolist() == [1.0, 12.0, 0.0, 0.0]


def test_codes_are_read_like_the_rules_read_them() -> None:
    assert kode_seragam([" aktif ", "tugas belajar", None, "PNS"]).tolist() == ["AKTIF", "TUGAS_BELAJAR", "", "PNS"]
