from __future__ import annotations

from mutasi_desktop.domain.masking import mask_alamat, mask_email, mask_nik, mask_nip, mask_telepon


def test_nik_keeps_region_and_last_two() -> None:
    assert mask_nik("3201011203850002") == "320101********02"
    assert mask_nik(None) == "" and mask_nik("") == ""
    assert mask_nik("123") == "***"


def test_nip_hides_birth_date() -> None:
    masked = mask_nip("198503122010011002")
    assert masked == "********2010011002"
    assert "19850312" not in masked


def test_contact_masks() -> None:
    assert mask_telepon("081234567834") == "0812******34"
    assert mask_email("budi.santoso@contoh.go.id") == "b***********@contoh.go.id"
    assert mask_alamat("Jl. Melati No. 3, RT 02/RW 05, Cibodas") == "(disembunyikan), Cibodas"
    assert mask_alamat("Jl. Melati No. 3") == "(disembunyikan)"
