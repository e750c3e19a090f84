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


def test_mask_record_by_permission() -> None:
    from mutasi_desktop.domain.masking import mask_record
    from mutasi_desktop.domain.roles import Actor, Izin, Peran

    row: dict[str, object] = {"nip": "198503122010011002", "nama": "Budi", "nik": "3201011203850002",
                              "telepon": "081234567834", "alamat": "Jl. Melati 3, Cibodas", "email": None}
    reader = Actor(username="r", nama="R", peran=frozenset({Peran.PEMBACA}))
    masked = mask_record(row, may_see_personal=reader.can(Izin.LIHAT_DATA_PRIBADI))
    assert masked["nik"] == "320101********02" and masked["telepon"] == "0812******34"
    assert masked["alamat"] == "(disembunyikan), Cibodas" and masked["email"] is None
    assert masked["nama"] == "Budi" and row["nik"] == "3201011203850002"  # the input is untouched
    assert mask_record(row, may_see_personal=True) == row
