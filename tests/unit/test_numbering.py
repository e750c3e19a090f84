"""Decree number templates (reference §4.6)."""

from __future__ import annotations

from datetime import date

import pytest

from mutasi_desktop.domain.numbering import (
    DEFAULT_POLA,
    NomorError,
    NomorParts,
    contoh_nomor,
    format_nomor,
    validate_pola,
)

PARTS = NomorParts(kode="800.1.3.3", unit="BKPSDM")


def test_default_pattern_matches_reference_example() -> None:
    assert format_nomor(DEFAULT_POLA, PARTS, urut=123, tanggal=date(2025, 1, 7)) == "800.1.3.3/Kep.123/BKPSDM/2025"


def test_every_token_including_roman_month() -> None:
    pola = "{kode}/Kep.{urut}/{unit}/{bulan_romawi}/{tahun}"
    assert format_nomor(pola, PARTS, urut=411, tanggal=date(2025, 10, 3)) == "800.1.3.3/Kep.411/BKPSDM/X/2025"
    assert format_nomor(pola, PARTS, urut=1, tanggal=date(2025, 12, 31)).endswith("/XII/2025")


def test_zero_padding() -> None:
    parts = NomorParts(kode="824.3", unit="BKPSDM", lebar_urut=4)
    assert format_nomor("{kode}/{urut}/{unit}", parts, urut=7, tanggal=date(2025, 1, 1)) == "824.3/0007/BKPSDM"


@pytest.mark.parametrize(
    ("pola", "fragment"),
    [
        ("", "kosong"),
        ("{kode}/{unit}/{tahun}", "{urut}"),
        ("{kode}/{urut}/{urut}", "{urut}"),
        ("{kode}/{nomor}/{tahun}", "{nomor}"),
        ("{kode}/{urut/{tahun}", "kurung"),
    ],
)
def test_bad_patterns_are_refused_in_indonesian(pola: str, fragment: str) -> None:
    with pytest.raises(NomorError) as info:
        validate_pola(pola)
    assert fragment in info.value.message


def test_sequence_must_be_positive() -> None:
    with pytest.raises(NomorError):
        format_nomor(DEFAULT_POLA, PARTS, urut=0, tanggal=date(2025, 1, 1))


def test_preview_uses_sequence_one() -> None:
    assert contoh_nomor(DEFAULT_POLA, PARTS, tanggal=date(2026, 5, 1)) == "800.1.3.3/Kep.1/BKPSDM/2026"
