from __future__ import annotations

from mutasi_desktop.domain.column_mapping import (
    FieldSpec,
    find_header_row,
    match_headers,
    normalize_header,
    profile_from_mapping,
    suggest_mapping,
)

FIELDS = (
    FieldSpec("nip", "NIP", ("NIP BARU",), required=True),
    FieldSpec("nama", "NAMA", ("NAMA PEGAWAI",), required=True),
    FieldSpec("golongan", "GOLONGAN", ("GOL AKHIR NAMA", "GOL AKHIR ID")),
    FieldSpec("tanggal_lahir", "TANGGAL LAHIR"),
)


def test_normalisation_ignores_case_spaces_and_underscores() -> None:
    assert normalize_header(" Nip_Baru ") == normalize_header("NIP BARU") == "nipbaru"


def test_headers_match_in_any_order_with_extra_and_missing_columns() -> None:
    match = match_headers(["EXTRA", "nama_pegawai", "nip_baru", "Lain-lain"], FIELDS)
    assert match.mapping == {1: "nama", 2: "nip"}
    assert match.unmatched == (0, 3)
    assert match.missing_required == ()
    assert set(match.missing_optional) == {"golongan", "tanggal_lahir"}


def test_earlier_alias_wins_when_two_columns_match_one_field() -> None:
    match = match_headers(["GOL AKHIR ID", "NIP", "GOL AKHIR NAMA"], FIELDS)
    assert match.column_of("golongan") == 2
    assert match.duplicates == ((0, "golongan"),)


def test_title_rows_above_the_header_are_skipped() -> None:
    rows = [["DAFTAR PEGAWAI KABUPATEN SUKAMAJU"], ["Per 1 Juni 2025"], [], ["NIP BARU", "NAMA", "GOL AKHIR NAMA"],
            ["1966...", "Budi", "III/b"]]
    assert find_header_row(rows, FIELDS) == 3


def test_no_header_found_for_an_unknown_layout() -> None:
    assert find_header_row([["Nomor Pegawai", "Nama Lengkap Sekali"], ["x", "y"]], FIELDS) is None


def test_suggestions_for_an_unknown_layout_and_saved_profile() -> None:
    headers = ["No Induk Pegawai (NIP)", "Nama Pegawai", "Golongan Ruang", "Tgl Lahir"]
    suggestions = {s.header: s for s in suggest_mapping(headers, FIELDS)}
    assert suggestions["Nama Pegawai"].field_key == "nama" and suggestions["Nama Pegawai"].score == 1.0
    assert suggestions["Golongan Ruang"].field_key == "golongan"
    assert suggestions["No Induk Pegawai (NIP)"].field_key == "nip"
    profile = profile_from_mapping(headers, {0: "nip", 1: "nama", 2: "golongan", 3: "tanggal_lahir"})
    again = match_headers(list(reversed(headers)), FIELDS, profile=profile)
    assert again.mapping == {0: "tanggal_lahir", 1: "golongan", 2: "nama", 3: "nip"}
