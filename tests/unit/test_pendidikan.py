"""Tingkat pendidikan codes, names and ordering (reference §2.6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import PendidikanError
from mutasi_desktop.domain.golongan import golongan_by_kode
from mutasi_desktop.domain.pendidikan import (
    TingkatPendidikan,
    all_tingkat,
    compare_tingkat,
    is_at_least,
    parse_tingkat,
    tingkat_by_kode,
)

CODES = ["05", "10", "12", "15", "17", "18", "20", "25", "30", "35", "40", "42", "45", "47", "49", "50"]


def test_table_codes_and_uncertain_flags() -> None:
    table = all_tingkat()
    assert [t.kode for t in table] == CODES
    assert {t.kode for t in table if t.uncertain} == {"42", "47", "49"}
    assert all_tingkat() is table


@pytest.mark.parametrize(
    ("kode", "nama", "singkat"),
    [
        ("05", "SD", "SD"),
        ("10", "SLTP", "SLTP"),
        ("15", "SLTA", "SLTA"),
        ("30", "Diploma III/Sarjana Muda", "D-III"),
        ("40", "S-1/Sarjana", "S1"),
        ("45", "S-2", "S2"),
        ("50", "S-3/Doktor", "S3"),
    ],
)
def test_names(kode: str, nama: str, singkat: str) -> None:
    tingkat = tingkat_by_kode(kode)
    assert (tingkat.nama, tingkat.singkat) == (nama, singkat)


@pytest.mark.parametrize(
    ("value", "kode"), [("40", "40"), (40, "40"), ("5", "05"), (5, "05"), ("05", "05"), (" 45 ", "45")]
)
def test_tingkat_by_kode(value: str | int, kode: str) -> None:
    assert tingkat_by_kode(value).kode == kode


@pytest.mark.parametrize("value", ["99", 0, "4", "S1", "", True])
def test_tingkat_by_kode_unknown(value: str | int) -> None:
    with pytest.raises(PendidikanError, match="tidak dikenal"):
        tingkat_by_kode(value)


@pytest.mark.parametrize(
    ("value", "kode"),
    [
        ("40", "40"), (40, "40"), (40.0, "40"), ("S1", "40"), ("S-1", "40"), ("s1", "40"), ("S 1", "40"),
        ("S.1", "40"), ("Sarjana", "40"), ("SARJANA", "40"), ("Strata 1", "40"), ("S-1/Sarjana", "40"),
        ("S1 Teknik Sipil", "40"), ("Sarjana Ekonomi", "40"),
        ("D3", "30"), ("D-III", "30"), ("DIII", "30"), ("Diploma III", "30"), ("diploma 3", "30"),
        ("Sarjana Muda", "30"), ("Sarjana Muda Teknik", "30"), ("D-III Keperawatan", "30"),
        ("D4", "35"), ("D-IV", "35"), ("Diploma IV", "35"), ("Sarjana Terapan", "35"),
        ("D1", "20"), ("D-I", "20"), ("Diploma I", "20"), ("D2", "25"), ("D-II", "25"),
        ("SMA", "15"), ("SLTA", "15"), ("SMU", "15"), ("MA", "15"), ("SMK", "17"), ("STM", "17"),
        ("SLTA Kejuruan", "17"), ("SPG", "18"), ("SMP", "10"), ("SLTP", "10"), ("MTs", "10"),
        ("SLTP Kejuruan", "12"), ("SD", "05"), ("sd", "05"), ("Sekolah Dasar", "05"),
        ("S2", "45"), ("S-2", "45"), ("Magister", "45"), ("Magister Manajemen", "45"),
        ("S3", "50"), ("S-3", "50"), ("Doktor", "50"), ("S-3/Doktor", "50"),
        ("Profesi", "42"), ("Spesialis", "47"), ("Subspesialis", "49"),
    ],
)  # fmt: skip
def test_parse_tingkat(value: object, kode: str) -> None:
    assert parse_tingkat(value).kode == kode


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        (None, "wajib diisi"),
        ("Sekolah Kehidupan", "tidak dikenal"),
        ("S4", "tidak dikenal"),
        ("99", "tidak dikenal"),
        (99, "tidak dikenal"),
        (40.5, "tidak dikenal"),
        (float("nan"), "tidak dikenal"),
        (True, "tidak dikenal"),
    ],
)
def test_parse_tingkat_invalid(value: object, fragment: str) -> None:
    with pytest.raises(PendidikanError) as excinfo:
        parse_tingkat(value)
    assert fragment in excinfo.value.message
    assert excinfo.value.field == "pendidikan"


@pytest.mark.parametrize("tingkat", all_tingkat(), ids=lambda t: t.kode)
def test_every_level_parses_from_its_own_names(tingkat: TingkatPendidikan) -> None:
    assert parse_tingkat(tingkat) is tingkat
    assert parse_tingkat(tingkat.kode) is tingkat
    assert parse_tingkat(tingkat.nama) is tingkat
    assert parse_tingkat(tingkat.singkat) is tingkat
    assert parse_tingkat(tingkat.nama.lower()) is tingkat


@pytest.mark.parametrize("tingkat", all_tingkat(), ids=lambda t: t.kode)
def test_starting_golongan_exist(tingkat: TingkatPendidikan) -> None:
    if tingkat.golongan_awal_pns is not None:
        assert golongan_by_kode(tingkat.golongan_awal_pns, "PNS").jenis == "PNS"
    if tingkat.golongan_awal_pppk is not None:
        assert golongan_by_kode(tingkat.golongan_awal_pppk, "PPPK").jenis == "PPPK"
    assert tingkat.kelompok


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("S1", "D4", 0),
        ("SMA", "SMK", 0),
        ("SMA", "SPG", 0),
        ("SMP", "SLTP Kejuruan", 0),
        ("S2", "S1", 1),
        ("S1", "S2", -1),
        ("SD", "SMP", -1),
        ("D3", "D4", -1),
        ("D1", "SMA", 1),
        ("S3", "S2", 1),
        ("Profesi", "S1", 1),
        ("Spesialis", "S2", 0),
    ],
)
def test_compare_tingkat(a: str, b: str, expected: int) -> None:
    assert compare_tingkat(parse_tingkat(a), parse_tingkat(b)) == expected
    assert compare_tingkat(parse_tingkat(b), parse_tingkat(a)) == -expected
    assert is_at_least(parse_tingkat(a), parse_tingkat(b)) is (expected >= 0)


@given(st.sampled_from(all_tingkat()), st.sampled_from(all_tingkat()), st.sampled_from(all_tingkat()))
def test_compare_is_a_total_preorder(
    a: TingkatPendidikan, b: TingkatPendidikan, c: TingkatPendidikan
) -> None:
    if compare_tingkat(a, b) <= 0 and compare_tingkat(b, c) <= 0:
        assert compare_tingkat(a, c) <= 0
    assert compare_tingkat(a, a) == 0
