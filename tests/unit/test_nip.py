"""NIP / NI PPPK: cleaning, validation, formatting and explanation (reference §3)."""

from __future__ import annotations

import contextlib
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import DomainError, NipError
from mutasi_desktop.domain.nip import (
    NipInfo,
    cross_check_nip,
    explain_nip,
    format_nip,
    is_nip_lama,
    is_valid_nip,
    normalize_jenis_kelamin,
    normalize_nip,
    parse_nip,
)

TODAY = date(2025, 6, 1)
NIP = "196608011988031001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("196608011988031001", NIP),
        ("'196608011988031001", NIP),
        ("''196608011988031001", NIP),
        ("\u2019196608011988031001", NIP),
        ("  19660801 198803 1 001  ", NIP),
        ("19660801.198803.1.001", NIP),
        ("19660801-198803-1-001", NIP),
        ("19660801\u00a0198803\u00a01\u00a0001", NIP),
        ("NIP. 19660801 198803 1 001", NIP),
        ("nip: 196608011988031001", NIP),
        ("NI PPPK 196608011988031001", NIP),
        (196608011988031001, NIP),
        (130123456.0, "130123456"),
        (None, ""),
        (float("nan"), ""),
        ("", ""),
        ("1966080x", "1966080x"),  # letters are left for parse_nip to report
    ],
)
def test_normalize_nip(raw: str | int | float | None, expected: str) -> None:
    assert normalize_nip(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        1.9660801198803e17,
        "1.9660801198803E+17",
        "1,9660801198803E+17",
        "'1.96608011988031e17",
        196608011988031000,
        196608011988031001.0,
        12.5,
    ],
)
def test_normalize_nip_rejects_numbers_that_lost_digits(raw: str | int | float) -> None:
    with pytest.raises(NipError) as excinfo:
        normalize_nip(raw)
    assert "Excel" in excinfo.value.message
    assert "teks" in excinfo.value.message
    assert excinfo.value.part == "karakter"


@pytest.mark.parametrize(
    ("raw", "lahir", "tmt", "jk", "urut", "pppk"),
    [
        ("19660801 198803 1 001", date(1966, 8, 1), date(1988, 3, 1), "L", 1, False),
        ("'196003181986031012", date(1960, 3, 18), date(1986, 3, 1), "L", 12, False),
        ("197512312001122999", date(1975, 12, 31), date(2001, 12, 1), "P", 999, False),
        ("196402291988031001", date(1964, 2, 29), date(1988, 3, 1), "L", 1, False),  # 29 Feb
        ("196608011988011001", date(1966, 8, 1), date(1988, 1, 1), "L", 1, False),  # month 01
        ("196608011988121001", date(1966, 8, 1), date(1988, 12, 1), "L", 1, False),  # month 12
        ("196608011988131001", date(1966, 8, 1), None, "L", 1, True),  # month 13: NI PPPK?
        ("199501012024212005", date(1995, 1, 1), None, "P", 5, True),
        ("199501012024992005", date(1995, 1, 1), None, "P", 5, True),
        ("196608011981031001", date(1966, 8, 1), date(1981, 3, 1), "L", 1, False),  # +15 years
        ("199001012025061001", date(1990, 1, 1), date(2025, 6, 1), "L", 1, False),  # this year
    ],
)
def test_parse_nip_valid(raw: str, lahir: date, tmt: date | None, jk: str, urut: int, pppk: bool) -> None:
    info = parse_nip(raw, today=TODAY)
    assert info.tanggal_lahir == lahir
    assert info.tmt_cpns == tmt
    assert info.jenis_kelamin == jk
    assert info.nomor_urut == urut
    assert info.kemungkinan_pppk is pppk
    assert info.tahun_pengangkatan == int(info.nip[8:12])
    assert info.bulan_pengangkatan == (None if pppk else int(info.nip[12:14]))
    assert len(info.nip) == 18


@pytest.mark.parametrize(
    ("raw", "part", "fragment"),
    [
        ("", "panjang", "wajib diisi"),
        (None, "panjang", "wajib diisi"),
        ("   ", "panjang", "wajib diisi"),
        ("19660801198803100", "panjang", "ditemukan 17 digit"),
        ("1966080119880310011", "panjang", "ditemukan 19 digit"),
        ("130123456", "panjang", "NIP lama"),
        ("19660801198803100A", "karakter", "karakter 'A'"),
        ("19660801/198803/1/001", "karakter", "karakter '/'"),
        (True, "karakter", "tidak valid"),
        ("196502291988031001", "tanggal_lahir", "tanggal lahir (digit 1-8)"),  # 29 Feb 1965
        ("196613011988031001", "tanggal_lahir", "tanggal lahir (digit 1-8)"),  # month 13
        ("196608001988031001", "tanggal_lahir", "tanggal lahir (digit 1-8)"),  # day 00
        ("189912311988031001", "tanggal_lahir", "tanggal lahir (digit 1-8)"),  # before 1900
        ("202601011988031001", "tanggal_lahir", "tanggal lahir (digit 1-8)"),  # in the future
        ("196608011988001001", "tmt_cpns", "digit 13-14"),  # month 00
        ("196608011980031001", "tmt_cpns", "digit 9-12"),  # 14 years after birth
        ("196608011966031001", "tmt_cpns", "digit 9-12"),
        ("199001012026011001", "tmt_cpns", "digit 9-12"),  # after this year
        ("196608011988030001", "jenis_kelamin", "digit 15"),  # sex digit 0
        ("196608011988033001", "jenis_kelamin", "digit 15"),  # sex digit 3
        ("196608011988039001", "jenis_kelamin", "digit 15"),
        ("196608011988031000", "nomor_urut", "digit 16-18"),  # sequence 000
        (1.9660801198803e17, "karakter", "Excel"),
        ("1.9660801198803E+17", "karakter", "Excel"),
        (196608011988031000, "karakter", "Excel"),
    ],
)
def test_parse_nip_invalid(raw: str | int | float | None, part: str, fragment: str) -> None:
    with pytest.raises(NipError) as excinfo:
        parse_nip(raw, today=TODAY)
    error = excinfo.value
    assert error.part == part
    assert fragment in error.message
    assert str(error) == error.message
    assert error.field == "nip"
    assert isinstance(error, DomainError)
    assert isinstance(error, ValueError)


def test_length_message_is_exact() -> None:
    with pytest.raises(NipError, match=r"^NIP harus 18 digit angka, ditemukan 17 digit$"):
        parse_nip("19660801198803100", today=TODAY)


def test_sequence_000_message_hints_at_excel() -> None:
    with pytest.raises(NipError, match=r"tidak boleh 000.*Excel"):
        parse_nip("196608011988031000", today=TODAY)


@pytest.mark.parametrize(
    ("raw", "warned", "fragment"),
    [
        ("200003012018031001", False, ""),  # exactly 18 at TMT
        ("200003022018031001", True, "17 tahun"),  # one day short of 18
        ("200601022023011001", True, "16 tahun"),
        ("200601012023211001", True, "17 tahun"),  # PPPK: by year only
        ("199001012025121001", True, "belum tiba"),  # TMT later this year
        ("199001012025061001", False, ""),  # TMT today
    ],
)
def test_parse_nip_soft_warnings(raw: str, warned: bool, fragment: str) -> None:
    info = parse_nip(raw, today=TODAY)
    assert bool(info.warnings) is warned
    if warned:
        assert any(fragment in w for w in info.warnings)


def test_parse_nip_defaults_to_today() -> None:
    assert parse_nip(NIP).tmt_cpns == date(1988, 3, 1)
    with pytest.raises(NipError):
        parse_nip(f"19900101{date.today().year + 1}011001")


@pytest.mark.parametrize(
    "raw",
    [
        "196003181986031012",
        "'196003181986031012",
        "19600318 198603 1 012",
        " 19600318-198603-1-012 ",
        "NIP. 19600318 198603 1 012",
        196003181986031012,
    ],
)
def test_format_nip(raw: str | int) -> None:
    assert format_nip(raw) == "19600318 198603 1 012"


@pytest.mark.parametrize("raw", ["1960031819860310", "19600318198603101x", "", None])
def test_format_nip_rejects_non_18_digits(raw: str | None) -> None:
    with pytest.raises(NipError):
        format_nip(raw)


def test_nip_info_properties() -> None:
    info = parse_nip("196003181986032012", today=TODAY)
    assert info.formatted == "19600318 198603 2 012"
    assert info.jenis_kelamin_label == "Perempuan"
    assert parse_nip(NIP, today=TODAY).jenis_kelamin_label == "Laki-laki"


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        (NIP, True),
        ("'19660801 198803 1 001", True),
        ("196608011988131001", True),  # NI PPPK is still a valid number
        ("196608011988031000", False),
        ("19660801198803100", False),
        ("196608011988033001", False),
        (1.9660801198803e17, False),
        (None, False),
        ("", False),
    ],
)
def test_is_valid_nip(raw: str | float | None, valid: bool) -> None:
    assert is_valid_nip(raw, today=TODAY) is valid


@pytest.mark.parametrize(
    ("raw", "lama"),
    [
        ("130123456", True),
        ("'130 123 456", True),
        ("150.123.456", True),
        (130123456, True),
        (130123456.0, True),
        ("000000000", False),
        ("13012345", False),
        ("1301234567", False),
        ("13012345a", False),
        (NIP, False),
        (None, False),
        (1.9660801198803e17, False),
    ],
)
def test_is_nip_lama(raw: str | int | float | None, lama: bool) -> None:
    assert is_nip_lama(raw) is lama


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("L", "L"), ("l", "L"), ("Laki-laki", "L"), ("LAKI LAKI", "L"), ("Pria", "L"), ("M", "L"),
        ("1", "L"), ("P", "P"), ("Perempuan", "P"), ("wanita", "P"), ("F", "P"), ("2", "P"),
        ("X", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_normalize_jenis_kelamin(value: str | None, expected: str | None) -> None:
    assert normalize_jenis_kelamin(value) == expected


@pytest.mark.parametrize(
    ("tanggal_lahir", "jenis_kelamin", "jenis_pegawai", "fragments"),
    [
        (date(1966, 8, 1), "L", None, []),
        (None, None, None, []),
        (date(1966, 8, 1), "Pria", "PNS", []),
        (date(1966, 8, 1), "  ", None, []),
        (date(1966, 8, 2), "L", None, ["Tanggal lahir pada NIP (1 Agustus 1966)", "(2 Agustus 1966)"]),
        (date(1966, 8, 1), "P", None, ["Jenis kelamin pada NIP (Laki-laki)", "(Perempuan)"]),
        (date(1966, 8, 1), "F", None, ["Jenis kelamin"]),
        (date(1966, 8, 1), "?", None, ["tidak dikenali"]),
        (date(1967, 8, 1), "Wanita", None, ["Tanggal lahir", "Jenis kelamin"]),
    ],
)
def test_cross_check_nip(
    tanggal_lahir: date | None, jenis_kelamin: str | None, jenis_pegawai: str | None, fragments: list[str]
) -> None:
    info = parse_nip(NIP, today=TODAY)
    warnings = cross_check_nip(
        info, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin, jenis_pegawai=jenis_pegawai
    )
    joined = " | ".join(warnings)
    for fragment in fragments:
        assert fragment in joined
    if not fragments:
        assert warnings == []


def test_cross_check_flags_pns_with_pppk_number() -> None:
    info = parse_nip("199501012024212005", today=TODAY)
    warnings = cross_check_nip(info, tanggal_lahir=None, jenis_kelamin=None, jenis_pegawai="PNS")
    assert len(warnings) == 1 and "NI PPPK" in warnings[0]
    assert cross_check_nip(info, tanggal_lahir=None, jenis_kelamin=None, jenis_pegawai="PPPK") == []


def test_explain_nip_pns() -> None:
    assert explain_nip(parse_nip(NIP, today=TODAY)) == [
        ("NIP", "19660801 198803 1 001"),
        ("Jenis nomor", "NIP PNS"),
        ("Tanggal lahir", "1 Agustus 1966"),
        ("TMT CPNS", "Maret 1988"),
        ("Jenis kelamin", "Laki-laki"),
        ("Nomor urut", "001"),
    ]


def test_explain_nip_pppk_and_warnings() -> None:
    rows = dict(explain_nip(parse_nip("200601012023212005", today=TODAY)))
    assert rows["Jenis nomor"] == "Kemungkinan NI PPPK"
    assert rows["Tahun pengangkatan"] == "2023"
    assert rows["Kode (digit 13-14)"] == "21"
    assert rows["Jenis kelamin"] == "Perempuan"
    assert rows["Nomor urut"] == "005"
    assert "TMT CPNS" not in rows
    assert "di bawah 18 tahun" in rows["Peringatan"]


def test_nip_error_pickles_with_part_and_field() -> None:
    error = NipError("NIP salah", field="nip", part="nomor_urut")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is NipError
    assert (copy.message, copy.field, copy.part, str(copy)) == ("NIP salah", "nip", "nomor_urut", "NIP salah")


def test_domain_error_defaults() -> None:
    error = DomainError("Pesan")
    assert error.field is None and str(error) == "Pesan" and error.args == ("Pesan",)
    assert NipError("x").part is None


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, date, str, int]:
    lahir = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(1990, 12, 31)))
    tahun = draw(st.integers(min_value=lahir.year + 18, max_value=2024))
    bulan = draw(st.integers(min_value=1, max_value=12))
    jk = draw(st.sampled_from("12"))
    urut = draw(st.integers(min_value=1, max_value=999))
    nip = f"{lahir:%Y%m%d}{tahun:04d}{bulan:02d}{jk}{urut:03d}"
    return nip, lahir, date(tahun, bulan, 1), jk, urut


@given(valid_nips())
def test_format_then_parse_round_trips(case: tuple[str, date, date, str, int]) -> None:
    nip, lahir, tmt, jk, urut = case
    formatted = format_nip(nip)
    info = parse_nip(formatted, today=TODAY)
    assert info == NipInfo(
        nip=nip,
        tanggal_lahir=lahir,
        tahun_pengangkatan=tmt.year,
        bulan_pengangkatan=tmt.month,
        tmt_cpns=tmt,
        jenis_kelamin="L" if jk == "1" else "P",
        nomor_urut=urut,
        kemungkinan_pppk=False,
        warnings=info.warnings,
    )
    assert info.formatted == formatted
    assert parse_nip(f"'{formatted.replace(' ', '.')}", today=TODAY) == info


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_any_18_digits_either_parse_or_raise_nip_error(nip: str) -> None:
    try:
        info = parse_nip(nip, today=TODAY)
    except NipError as error:
        assert error.part in {"tanggal_lahir", "tmt_cpns", "jenis_kelamin", "nomor_urut"}
    else:
        assert info.nip == nip and is_valid_nip(nip, today=TODAY)


@given(st.text(max_size=30))
def test_parse_nip_never_raises_other_errors(raw: str) -> None:
    with contextlib.suppress(NipError):
        parse_nip(raw, today=TODAY)
