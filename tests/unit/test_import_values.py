from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import DomainError, NipError
from mutasi_desktop.domain.import_values import (
    clean_agama,
    clean_date,
    clean_golongan,
    clean_int,
    clean_kedudukan,
    clean_nik,
    clean_nip,
    clean_phone,
    clean_status_kepegawaian,
    clean_text,
    guess_jenis_jabatan,
    guess_jenjang,
    is_blank,
    is_masked,
    plain_text,
)
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan

NIP = "196608011988031001"


@pytest.mark.parametrize("raw", [NIP, f"'{NIP}", "19660801 198803 1 001", f"  {NIP}  ", f"NIP. {NIP}"])
def test_nip_forms_that_keep_every_digit(raw: str) -> None:
    info = clean_nip(raw)
    assert info is not None and info.nip == NIP


@pytest.mark.parametrize("raw", [1.96608011988031e17, 196608011988031000, "1.96608E+17", "196608011988031000"])
def test_nip_that_went_through_an_excel_number_is_refused(raw: object) -> None:
    with pytest.raises(NipError) as err:
        clean_nip(raw)
    assert "Excel" in err.value.message or "000" in err.value.message


@pytest.mark.parametrize("raw", [None, "", "null", "NULL", " - ", float("nan")])
def test_blank_values(raw: object) -> None:
    assert is_blank(raw)
    assert clean_nip(raw) is None
    assert clean_date(raw) is None
    assert clean_text(raw) is None


@pytest.mark.parametrize(
    "raw",
    [date(1980, 1, 7), datetime(1980, 1, 7, 10, 30), 29227, 29227.5, "07-01-1980", "07/01/1980", "1980-01-07",
     "7 Januari 1980", "7 Jan 1980", "'07-01-1980", "07-01-1980 "],
)
def test_dates_in_every_form(raw: object) -> None:
    assert clean_date(raw) == date(1980, 1, 7)


def test_impossible_date_names_the_column() -> None:
    with pytest.raises(DomainError) as err:
        clean_date("31-02-1980", label="Tanggal lahir")
    assert "Tanggal lahir" in err.value.message and "Februari" in err.value.message


@pytest.mark.parametrize("raw", ["III/b", "III.b", "iii/b", 32, "32", 32.0, "Penata Muda Tingkat I",
                                 "Penata Muda Tk. I", "Penata Muda Tingkat I (III/b)"])
def test_golongan_forms(raw: object) -> None:
    golongan = clean_golongan(raw)
    assert golongan is not None and golongan.kode == "III/b"


def test_golongan_unknown_is_an_error() -> None:
    with pytest.raises(DomainError):
        clean_golongan("V/z")


def test_text_trims_and_collapses_spaces_and_checks_length() -> None:
    assert clean_text("  Siti   Aminah \t") == "Siti Aminah"
    assert clean_text(12.0) == "12"
    with pytest.raises(DomainError) as err:
        clean_text("x" * 300, label="Nama", max_len=200)
    assert "Nama terlalu panjang" in err.value.message


def test_nik_as_text_and_as_lost_number() -> None:
    assert clean_nik("'3201011203850002") == "3201011203850002"
    with pytest.raises(DomainError):
        clean_nik(3.201011203850002e15)
    with pytest.raises(DomainError):
        clean_nik("320101")


def test_codes_from_siasn_names() -> None:
    assert clean_status_kepegawaian("PNS Daerah Kabupaten/Kota") == "PNS"
    assert clean_status_kepegawaian("C") == "CPNS"
    assert clean_status_kepegawaian("PPPK") == "PPPK"
    assert clean_kedudukan("Aktif") == "AKTIF"
    assert clean_kedudukan("Cuti di Luar Tanggungan Negara") == "CLTN"
    assert clean_agama("Katolik") == 3 and clean_agama(1) == 1
    assert clean_int("2010", label="Tahun") == 2010
    assert clean_phone(81234567890.0) == "081234567890"
    with pytest.raises(DomainError):
        clean_kedudukan("Sedang liburan")


def test_masked_values_are_recognised() -> None:
    assert is_masked("320101********02") and is_masked("(disembunyikan), Cibodas")
    assert not is_masked("Jl. Melati 3")


def test_jabatan_kind_and_jenjang_guesses() -> None:
    assert guess_jenis_jabatan("Jabatan Fungsional Tertentu", "Analis Kepegawaian Ahli Muda") is JenisJabatan.FUNGSIONAL_KEAHLIAN
    assert guess_jenis_jabatan(1, "Kepala Seksi Pelayanan") is JenisJabatan.PENGAWAS
    assert guess_jenis_jabatan(1, "Kepala Dinas Kesehatan") is JenisJabatan.JPT
    assert guess_jenis_jabatan(4, "Pengadministrasi Perkantoran") is JenisJabatan.PELAKSANA
    assert guess_jenis_jabatan(None, "Perawat Terampil") is JenisJabatan.FUNGSIONAL_KETERAMPILAN
    assert guess_jenjang(JenisJabatan.FUNGSIONAL_KEAHLIAN, "Analis Kepegawaian Ahli Muda") == "Ahli Muda"


def test_import_search_columns_match_the_domain_functions() -> None:
    """The pegawai import builds search_text/nama_sort on a fast path; it must equal the domain's."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mutasi_desktop.domain.search_text import nama_sort_key, pegawai_search_text
    from mutasi_desktop.services.import_pegawai import _search_columns

    names = st.text(alphabet=st.sampled_from(list("abcXYZ .,'-éúÁñ0\u0301ŠØ")), max_size=30)

    @settings(max_examples=300, deadline=None)
    @given(nama=names, gd=names, gb=names, nip_lama=st.one_of(st.none(), st.from_regex(r"[0-9]{9}", fullmatch=True)),
           nip=st.from_regex(r"[0-9]{18}", fullmatch=True))
    def check(nama: str, gd: str, gb: str, nip_lama: str | None, nip: str) -> None:
        got = _search_columns({"nip": nip, "nama": nama, "gelar_depan": gd, "gelar_belakang": gb,
                               "nip_lama": nip_lama})
        assert got["search_text"] == pegawai_search_text(nip=nip, nama=nama, gelar_depan=gd, gelar_belakang=gb,
                                                         nip_lama=nip_lama)
        assert got["nama_sort"] == nama_sort_key(nama)

    check()


@given(st.one_of(st.text(max_size=40), st.sampled_from([" Budi  Santoso ", "null", " - ", "3201***12", "a\tb", "x\xa0y",
                                                        "Ahli (disembunyikan)", "  ", "N/A", "Budi"]),
                 st.integers(), st.none()),
       st.integers(1, 30))
def test_plain_text_is_clean_text_for_ordinary_cells(value: object, max_len: int) -> None:
    """The short way gives clean_text's own result, or steps aside (None) for anything unusual."""
    plain = plain_text(value, max_len)
    if plain is None:
        return
    assert not is_masked(value)
    assert clean_text(value, label="Nama", max_len=max_len) == plain
