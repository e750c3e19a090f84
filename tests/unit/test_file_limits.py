from __future__ import annotations

import pytest

from mutasi_desktop.domain.file_limits import FileDitolak, JenisBerkas, check_upload, safe_file_name

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Windows\\System32\\scan.pdf", "scan.pdf"),
        ("folder/sub/SK Mutasi.pdf", "SK Mutasi.pdf"),
        ("nama:aneh?.pdf", "nama_aneh_.pdf"),
    ],
)
def test_only_the_base_name_survives(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


@pytest.mark.parametrize("name", ["", "..", "../", ".bashrc", "CON.pdf", "dir/.."])
def test_unusable_names_refused(name: str) -> None:
    with pytest.raises(FileDitolak):
        safe_file_name(name)


def test_type_and_size_limits() -> None:
    assert check_upload("ijazah.PDF", 2 * MB, JenisBerkas.LAMPIRAN, head=b"%PDF-1.7\n") == "ijazah.PDF"
    with pytest.raises(FileDitolak, match="tidak diterima sebagai lampiran"):
        check_upload("virus.exe", 100, JenisBerkas.LAMPIRAN)
    with pytest.raises(FileDitolak, match="terlalu besar"):
        check_upload("scan.pdf", 11 * MB, "lampiran")
    with pytest.raises(FileDitolak, match="kosong"):
        check_upload("scan.pdf", 0, "lampiran")
    assert check_upload("data.xlsx", 40 * MB, JenisBerkas.IMPOR, head=b"PK\x03\x04rest") == "data.xlsx"


def test_content_must_match_extension() -> None:
    with pytest.raises(FileDitolak, match="tidak sesuai"):
        check_upload("foto.png", 1000, JenisBerkas.LAMPIRAN, head=b"MZ\x90\x00")
    with pytest.raises(FileDitolak, match="bukan teks"):
        check_upload("data.csv", 1000, JenisBerkas.IMPOR, head=b"nip,nama\x00\x00")
