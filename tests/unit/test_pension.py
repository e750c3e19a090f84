"""BUP, pension date (reference §2.4) and the jabatan kinds they depend on (§2.3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.dates import add_years
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.jabatan_kinds import (
    ESELON,
    JenisJabatan,
    eselon_label,
    jenis_for_eselon,
    jenjang_for,
    normalize_jenjang,
    parse_jenis_jabatan,
)
from mutasi_desktop.domain.pension import (
    BUP_BIRTHDAY,
    FIRST_DAY_NEXT_MONTH,
    bup_for,
    bup_settings,
    find_bup_rule,
    is_near_bup,
    tanggal_pensiun,
)

J = JenisJabatan

# --- jabatan_kinds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jenis", "label", "sapk_id", "manajerial"),
    [
        (J.JPT, "Jabatan Pimpinan Tinggi", 1, True),
        (J.ADMINISTRATOR, "Administrator", 1, True),
        (J.PENGAWAS, "Pengawas", 1, True),
        (J.FUNGSIONAL_KEAHLIAN, "Fungsional Keahlian", 2, False),
        (J.FUNGSIONAL_KETERAMPILAN, "Fungsional Keterampilan", 2, False),
        (J.PELAKSANA, "Pelaksana", 4, False),
    ],
)
def test_jenis_jabatan(jenis: JenisJabatan, label: str, sapk_id: int, manajerial: bool) -> None:
    assert jenis.label == label
    assert jenis.sapk_id == sapk_id
    assert jenis.is_manajerial is manajerial
    assert str(jenis) == jenis.value == jenis.name
    assert parse_jenis_jabatan(jenis.value) is jenis
    assert parse_jenis_jabatan(label.lower()) is jenis
    assert parse_jenis_jabatan(jenis) is jenis


@pytest.mark.parametrize(
    ("text", "jenis"),
    [("Fungsional Umum", J.PELAKSANA), ("JFU", J.PELAKSANA), ("fungsional keahlian", J.FUNGSIONAL_KEAHLIAN),
     ("Pimpinan Tinggi", J.JPT), ("jpt", J.JPT)],
)  # fmt: skip
def test_parse_jenis_jabatan_aliases(text: str, jenis: JenisJabatan) -> None:
    assert parse_jenis_jabatan(text) is jenis


@pytest.mark.parametrize("text", ["Struktural", "", "Fungsional"])
def test_parse_jenis_jabatan_unknown(text: str) -> None:
    with pytest.raises(DomainError, match="tidak dikenal"):
        parse_jenis_jabatan(text)


@pytest.mark.parametrize(
    ("jenis", "jenjang"),
    [
        (J.JPT, ("Pratama", "Madya", "Utama")),
        (J.FUNGSIONAL_KEAHLIAN, ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama")),
        (J.FUNGSIONAL_KETERAMPILAN, ("Pemula", "Terampil", "Mahir", "Penyelia")),
        (J.ADMINISTRATOR, ()),
        (J.PENGAWAS, ()),
        (J.PELAKSANA, ()),
    ],
)
def test_jenjang_lists(jenis: JenisJabatan, jenjang: tuple[str, ...]) -> None:
    assert jenis.jenjang == jenjang
    assert jenjang_for(jenis.value) == jenjang


@pytest.mark.parametrize(
    ("jenis", "text", "expected"),
    [
        (J.FUNGSIONAL_KEAHLIAN, "ahli madya", "Ahli Madya"),
        (J.FUNGSIONAL_KEAHLIAN, "Madya", "Ahli Madya"),
        (J.FUNGSIONAL_KEAHLIAN, "AHLI  PERTAMA", "Ahli Pertama"),
        (J.FUNGSIONAL_KETERAMPILAN, "penyelia", "Penyelia"),
        (J.JPT, "JPT Pratama", "Pratama"),
        (J.JPT, "Pimpinan Tinggi Madya", "Madya"),
        (J.JPT, None, None),
        (J.PELAKSANA, "  ", None),
    ],
)
def test_normalize_jenjang(jenis: JenisJabatan, text: str | None, expected: str | None) -> None:
    assert normalize_jenjang(jenis, text) == expected


@pytest.mark.parametrize(("jenis", "text"), [(J.FUNGSIONAL_KEAHLIAN, "Penyelia"), (J.PELAKSANA, "Madya")])
def test_normalize_jenjang_unknown(jenis: JenisJabatan, text: str) -> None:
    with pytest.raises(DomainError, match=r"Jenjang .* tidak dikenal"):
        normalize_jenjang(jenis, text)


@pytest.mark.parametrize(
    ("code", "label", "jenis"),
    [
        (11, "I.a", J.JPT), ("12", "I.b", J.JPT), (21, "II.a", J.JPT), ("22", "II.b", J.JPT),
        (31, "III.a", J.ADMINISTRATOR), (32, "III.b", J.ADMINISTRATOR), (41, "IV.a", J.PENGAWAS),
        (42, "IV.b", J.PENGAWAS), (51, "V.a", J.PELAKSANA), (99, "Non-eselon", None), (" 21 ", "II.a", J.JPT),
    ],
)  # fmt: skip
def test_eselon(code: int | str, label: str, jenis: JenisJabatan | None) -> None:
    assert eselon_label(code) == label
    assert jenis_for_eselon(code) is jenis


@pytest.mark.parametrize("code", [0, 13, "1a", "", "II.a", True])
def test_eselon_unknown(code: int | str) -> None:
    with pytest.raises(DomainError, match="eselon"):
        eselon_label(code)
    with pytest.raises(DomainError):
        jenis_for_eselon(code)


def test_eselon_table_size() -> None:
    assert len(ESELON) == 10


# --- BUP ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jenis", "jenjang", "nama", "bup"),
    [
        (J.JPT, None, None, 60),
        (J.JPT, "Pratama", None, 60),
        (J.JPT, "Utama", "Sekretaris Daerah", 60),
        (J.ADMINISTRATOR, None, None, 58),
        (J.PENGAWAS, None, None, 58),
        (J.PELAKSANA, None, None, 58),
        (J.PELAKSANA, None, "Pengelola Data Guru", 58),  # not a guru
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Pertama", None, 58),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Muda", None, 58),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Madya", None, 60),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Utama", None, 65),
        (J.FUNGSIONAL_KEAHLIAN, "madya", "Analis Kebijakan", 60),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Pertama", "Pengurus Barang", 58),  # "guru" only as a word
        (J.FUNGSIONAL_KETERAMPILAN, None, None, 58),
        (J.FUNGSIONAL_KETERAMPILAN, "Penyelia", None, 58),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Pertama", "Guru Ahli Pertama", 60),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Utama", "Guru Ahli Utama", 60),
        (J.FUNGSIONAL_KEAHLIAN, None, "GURU KELAS", 60),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Madya", "Dosen", 65),
        (J.FUNGSIONAL_KEAHLIAN, "Ahli Utama", "Guru Besar", 70),
        ("FUNGSIONAL_KEAHLIAN", "Ahli Utama", None, 65),
        ("Fungsional Keahlian", "Ahli Madya", None, 60),
        ("PELAKSANA", None, None, 58),
    ],
)
def test_bup_for(jenis: JenisJabatan | str, jenjang: str | None, nama: str | None, bup: int) -> None:
    assert bup_for(jenis, jenjang, nama) == bup


def test_bup_rule_carries_its_legal_basis() -> None:
    assert "PP 11/2017" in find_bup_rule(J.FUNGSIONAL_KEAHLIAN, "Ahli Utama").dasar
    assert find_bup_rule(J.FUNGSIONAL_KEAHLIAN, None, "Guru Kelas").keyword == "Guru"


@pytest.mark.parametrize(
    ("jenis", "jenjang", "fragment"),
    [
        (J.FUNGSIONAL_KEAHLIAN, None, "wajib diisi"),
        (J.FUNGSIONAL_KEAHLIAN, "Penyelia", "tidak dikenal"),
        ("GURU", None, "tidak dikenal"),
    ],
)
def test_bup_for_errors(jenis: JenisJabatan | str, jenjang: str | None, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment):
        bup_for(jenis, jenjang)


def test_settings_cover_every_kind() -> None:
    settings = bup_settings()
    assert settings.pensiun_rule == FIRST_DAY_NEXT_MONTH
    kinds = {rule.jenis_jabatan for rule in settings.rules if rule.keyword is None}
    assert kinds == set(JenisJabatan)


@pytest.mark.parametrize(
    ("lahir", "bup", "expected"),
    [
        (date(1966, 8, 1), 58, date(2024, 9, 1)),
        (date(1966, 8, 31), 58, date(2024, 9, 1)),
        (date(1966, 12, 15), 58, date(2025, 1, 1)),
        (date(1966, 12, 31), 60, date(2027, 1, 1)),
        (date(1964, 2, 29), 60, date(2024, 3, 1)),  # leap BUP birthday
        (date(1964, 2, 29), 58, date(2022, 3, 1)),  # 28 Feb 2022 birthday
        (date(1970, 1, 1), 65, date(2035, 2, 1)),
    ],
)
def test_tanggal_pensiun(lahir: date, bup: int, expected: date) -> None:
    assert tanggal_pensiun(lahir, bup) == expected
    assert tanggal_pensiun(lahir, bup, rule=FIRST_DAY_NEXT_MONTH) == expected


def test_tanggal_pensiun_alternative_rule() -> None:
    assert tanggal_pensiun(date(1964, 2, 29), 58, rule=BUP_BIRTHDAY) == date(2022, 2, 28)
    with pytest.raises(DomainError, match="tidak dikenal"):
        tanggal_pensiun(date(1964, 2, 29), 58, rule="akhir_tahun")


@pytest.mark.parametrize(
    ("lahir", "bup", "on", "months", "near"),
    [
        (date(1967, 6, 15), 58, date(2025, 1, 1), 12, True),  # 5.5 months left
        (date(1967, 6, 15), 58, date(2024, 6, 15), 12, False),  # exactly 12 months left
        (date(1967, 6, 15), 58, date(2024, 6, 16), 12, True),
        (date(1967, 6, 15), 58, date(2025, 6, 15), 0, True),  # reached today
        (date(1967, 6, 15), 58, date(2025, 6, 14), 0, False),
        (date(1960, 1, 1), 58, date(2025, 1, 1), 12, True),  # already past
        (date(1980, 1, 1), 58, date(2025, 1, 1), 60, False),
        (date(1972, 1, 1), 58, date(2025, 1, 1), 60, False),  # exactly 5 years
        (date(1972, 1, 1), 58, date(2025, 1, 2), 60, True),
    ],
)
def test_is_near_bup(lahir: date, bup: int, on: date, months: int, near: bool) -> None:
    assert is_near_bup(lahir, bup, on=on, months=months) is near


def test_is_near_bup_rejects_negative_months() -> None:
    with pytest.raises(DomainError, match="negatif"):
        is_near_bup(date(1970, 1, 1), 58, on=date(2025, 1, 1), months=-1)


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)), st.sampled_from([58, 60, 65, 70]))
def test_pension_date_is_first_of_month_after_birthday(lahir: date, bup: int) -> None:
    pensiun = tanggal_pensiun(lahir, bup)
    birthday = add_years(lahir, bup)
    assert pensiun.day == 1
    assert birthday < pensiun
    assert (pensiun.year * 12 + pensiun.month) - (birthday.year * 12 + birthday.month) == 1
    assert is_near_bup(lahir, bup, on=birthday, months=0)
