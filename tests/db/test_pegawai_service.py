"""Pegawai detail, create/update/delete with field-level validation, history rows, locking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja, UsulMutasi
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.pension import bup_for, tanggal_pensiun
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import pegawai_service as ps
from mutasi_desktop.services.concurrency import DataTelahDiubah
from mutasi_desktop.services.dto.validasi import ValidasiGagal

NIP = "198503152010012003"  # born 15-03-1985, TMT CPNS 01-2010, female


def _values(db: Database, **over: Any) -> dict[str, Any]:
    with db.session() as s:
        jabatan = s.scalars(select(Jabatan).where(Jabatan.jenis == "FUNGSIONAL_KEAHLIAN")).first()
        unit = s.scalars(select(UnitKerja).where(UnitKerja.aktif.is_(True))).first()
        assert jabatan is not None and unit is not None
    values = ps.empty_values()
    values.update(nip=NIP, nama="Siti Rahayu", tanggal_lahir="15-03-1985", jenis_kelamin="P",
                  status_kepegawaian="PNS", kedudukan="AKTIF", golongan_id=33, jabatan_id=jabatan.id,
                  unit_id=unit.id, tmt_jabatan=date(2020, 1, 1))
    values.update(over)
    return values


def test_create_derives_pension_and_reads_back_with_history(demo_db: Database) -> None:
    result = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    assert result.warnings == ()
    detail = ps.get_pegawai(demo_db, SYSTEM, result.id)
    assert detail.values["nip"] == NIP and detail.values["tanggal_lahir"] == date(1985, 3, 15)
    with demo_db.session() as s:
        jabatan = s.get(Jabatan, detail.values["jabatan_id"])
        assert jabatan is not None
        bup = jabatan.bup or bup_for(jabatan.jenis, jabatan.jenjang, jabatan.nama)
    assert detail.tanggal_pensiun == tanggal_pensiun(date(1985, 3, 15), bup)
    assert set(detail.riwayat) == {"jabatan", "pangkat", "pendidikan", "skp", "hukuman", "diklat", "aspirasi"}
    assert detail.updated_by == "sistem"


def test_invalid_fields_are_reported_each_with_its_own_message(demo_db: Database) -> None:
    bad = _values(demo_db, nip="19850315201001200", nama="", tanggal_lahir="31-02-1985", jenis_kelamin=None,
                  nik="123", email="bukan-surel")
    with pytest.raises(ValidasiGagal) as info:
        ps.create_pegawai(demo_db, SYSTEM, bad)
    errors = info.value.errors
    assert "18 digit" in errors["nip"]
    assert "Nama wajib diisi" in errors["nama"]
    assert "tanggal_lahir" in errors and "jenis_kelamin" in errors
    # The clerk reads the field's label, never the column name.
    assert errors["tanggal_lahir"].startswith("Tanggal lahir '31-02-1985' tidak valid: tanggal 31 tidak ada")
    assert "tanggal_lahir" not in errors["tanggal_lahir"]
    assert "16 digit" in errors["nik"] and "surel" in errors["email"]
    with demo_db.session() as s:
        assert s.scalar(select(Pegawai.id).where(Pegawai.nama == "")) is None


def test_duplicate_nip_names_the_holder(demo_db: Database) -> None:
    with demo_db.session() as s:
        other = s.scalars(select(Pegawai).limit(1)).one()
    values = _values(demo_db, nip=other.nip, tanggal_lahir=None)
    with pytest.raises(ValidasiGagal) as info:
        ps.create_pegawai(demo_db, SYSTEM, values)
    assert other.nama in info.value.errors["nip"]


def test_nip_mismatch_with_birth_date_and_sex_is_a_warning(demo_db: Database) -> None:
    result = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db, tanggal_lahir="16-03-1985", jenis_kelamin="L"))
    text = " ".join(result.warnings)
    assert "Tanggal lahir pada NIP" in text and "Jenis kelamin pada NIP" in text


def test_pppk_golongan_refused_for_pns(demo_db: Database) -> None:
    with pytest.raises(ValidasiGagal) as info:
        ps.create_pegawai(demo_db, SYSTEM, _values(demo_db, golongan_id=109))
    assert "golongan_id" in info.value.errors


def test_preview_nip_fills_and_cross_checks() -> None:
    preview = ps.preview_nip(NIP)
    assert preview.valid and preview.tanggal_lahir == date(1985, 3, 15) and preview.jenis_kelamin == "P"
    mismatch = ps.preview_nip(NIP, tanggal_lahir=date(1985, 3, 16), jenis_kelamin="L")
    assert len(mismatch.warnings) == 2
    bad = ps.preview_nip("1985031520100120X3")
    assert not bad.valid and "angka" in bad.message


def test_update_with_stale_version_names_who_changed_it(demo_db: Database) -> None:
    created = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    clerk = Actor(username="ani", nama="Ani", peran=frozenset({Peran.OPERATOR}))
    ps.update_pegawai(demo_db, clerk, created.id, _values(demo_db, telepon="0811"), expected_version=created.version)
    with pytest.raises(DataTelahDiubah) as info:
        ps.update_pegawai(demo_db, SYSTEM, created.id, _values(demo_db, telepon="0812"),
                          expected_version=created.version)
    assert "telah diubah oleh" in info.value.message and "ani" in info.value.message
    assert ps.get_pegawai(demo_db, SYSTEM, created.id).values["telepon"] == "0811"


def test_writes_need_kelola_pegawai(demo_db: Database) -> None:
    reader = Actor(username="baca", nama="Baca", peran=frozenset({Peran.PEMBACA}))
    with pytest.raises(AksesDitolak):
        ps.create_pegawai(demo_db, reader, _values(demo_db))
    ps.get_pegawai(demo_db, reader, 1)  # reading is allowed


def test_delete_refused_while_an_usul_refers_to_the_pegawai(demo_db: Database) -> None:
    created = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    with demo_db.session() as s:
        s.add(UsulMutasi(nomor="USUL-TEST-1", pegawai_id=created.id, jenis_mutasi="ANTAR_OPD", alasan="LAINNYA"))
    with pytest.raises(DomainError) as info:
        ps.delete_pegawai(demo_db, SYSTEM, created.id, expected_version=created.version)
    assert "USUL-TEST-1" in info.value.message
    assert ps.get_pegawai(demo_db, SYSTEM, created.id).usul[0].nomor == "USUL-TEST-1"


def test_delete_removes_pegawai_and_history(demo_db: Database) -> None:
    created = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    ps.save_riwayat(demo_db, SYSTEM, "diklat", created.id, {"jenis": "TEKNIS", "nama": "Diklat Arsip"})
    ps.delete_pegawai(demo_db, SYSTEM, created.id, expected_version=created.version)
    with demo_db.session() as s:
        assert s.get(Pegawai, created.id) is None
    with pytest.raises(DomainError):
        ps.get_pegawai(demo_db, SYSTEM, created.id)


def test_history_rows_add_edit_delete_with_validation(demo_db: Database) -> None:
    created = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    with pytest.raises(ValidasiGagal) as info:
        ps.save_riwayat(demo_db, SYSTEM, "hukuman", created.id,
                        {"tingkat": "RINGAN", "jenis": "Teguran lisan", "status": "SELESAI",
                         "tmt_mulai": "01-02-2024", "tmt_selesai": "01-01-2024"})
    assert "tmt_selesai" in info.value.errors
    row = ps.save_riwayat(demo_db, SYSTEM, "skp", created.id, {"tahun": 2023, "skala": "PREDIKAT", "predikat": "BAIK"})
    with pytest.raises(ValidasiGagal) as dup:
        ps.save_riwayat(demo_db, SYSTEM, "skp", created.id, {"tahun": 2023, "skala": "PREDIKAT", "predikat": "BAIK"})
    assert "sudah tercatat" in dup.value.errors["tahun"]
    with pytest.raises(ValidasiGagal) as old_scale:
        ps.save_riwayat(demo_db, SYSTEM, "skp", created.id, {"tahun": 2020, "skala": "ANGKA", "predikat": "BAIK"})
    assert "nilai" in old_scale.value.errors
    edited = ps.save_riwayat(demo_db, SYSTEM, "skp", created.id, {"tahun": 2023, "skala": "PREDIKAT",
                                                                    "predikat": "SANGAT_BAIK"},
                             row_id=row.id, expected_version=row.version)
    detail = ps.get_pegawai(demo_db, SYSTEM, created.id)
    assert detail.riwayat["skp"][0].values["predikat"] == "SANGAT_BAIK"
    with pytest.raises(DataTelahDiubah):
        ps.delete_riwayat(demo_db, SYSTEM, "skp", row.id, expected_version=row.version)
    ps.delete_riwayat(demo_db, SYSTEM, "skp", row.id, expected_version=edited.version)
    assert ps.get_pegawai(demo_db, SYSTEM, created.id).riwayat["skp"] == ()


def test_riwayat_jabatan_from_an_sk_cannot_be_deleted(demo_db: Database) -> None:
    created = ps.create_pegawai(demo_db, SYSTEM, _values(demo_db))
    with demo_db.session() as s:
        usul = UsulMutasi(nomor="USUL-TEST-2", pegawai_id=created.id, jenis_mutasi="ANTAR_OPD", alasan="LAINNYA")
        s.add(usul)
        s.flush()
        row = RiwayatJabatan(pegawai_id=created.id, jabatan_nama="X", unit_nama="Y", tmt_jabatan=date(2024, 1, 1),
                             usul_id=usul.id)
        s.add(row)
        s.flush()
        row_id, version = row.id, row.version
    record = ps.get_pegawai(demo_db, SYSTEM, created.id).riwayat["jabatan"][0]
    assert record.locked_reason
    with pytest.raises(DomainError, match="SK koreksi"):
        ps.delete_riwayat(demo_db, SYSTEM, "jabatan", row_id, expected_version=version)


def test_a_pembaca_sees_nik_phone_email_and_address_masked(demo_db: Database) -> None:
    with demo_db.session(write=True) as s:
        p = s.scalars(select(Pegawai).where(Pegawai.nik.is_not(None)).limit(1)).one()
        p.telepon, p.email, p.alamat = "081234567890", "budi.santoso@contoh.go.id", "Jl. Melati 7, Sukamaju"
        pegawai_id, nik = p.id, p.nik
    pembaca = Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))
    seen = ps.get_pegawai(demo_db, pembaca, pegawai_id).values
    assert seen["nik"] != nik and seen["nik"].startswith(nik[:6]) and "*" in seen["nik"]
    assert seen["telepon"] == "0812******90"
    assert seen["email"].startswith("b*") and seen["email"].endswith("@contoh.go.id")
    assert "Melati" not in seen["alamat"]
    full = ps.get_pegawai(demo_db, SYSTEM, pegawai_id).values  # roles with LIHAT_DATA_PRIBADI see it all
    assert full["nik"] == nik and full["telepon"] == "081234567890"


def test_a_clerk_limited_to_one_opd_changes_only_its_own_pegawai(demo_db: Database) -> None:
    """Batas OPD holds in the service, not only in the list the clerk sees: a pegawai of
    another OPD (reached by a link, say) cannot be changed, moved out, deleted or given history."""
    from tests.opd_world import opd_world

    world = opd_world(demo_db)
    clerk, other = world.clerk, world.other
    with demo_db.session() as s:
        mine, theirs = s.get(Pegawai, world.mine), s.get(Pegawai, world.theirs)
        assert mine is not None and theirs is not None
        mine_id, mine_version, theirs_id, theirs_version = mine.id, mine.version, theirs.id, theirs.version

    def values_of(pegawai_id: int, **over: Any) -> dict[str, Any]:
        detail = ps.get_pegawai(demo_db, SYSTEM, pegawai_id)
        return {**{k: detail.values.get(k) for k in ps.field_names()}, **over}

    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        ps.update_pegawai(demo_db, clerk, theirs_id, values_of(theirs_id, nama="Nama Baru"),
                          expected_version=theirs_version)
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):  # moving one's own pegawai out is a mutasi
        ps.update_pegawai(demo_db, clerk, mine_id, values_of(mine_id, unit_id=other),
                          expected_version=mine_version)
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        ps.delete_pegawai(demo_db, clerk, theirs_id, expected_version=theirs_version)
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        ps.save_riwayat(demo_db, clerk, "skp", theirs_id, {"tahun": 2020, "nilai": 90})
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        ps.create_pegawai(demo_db, clerk, _values(demo_db, unit_id=other))
    with demo_db.session() as s:
        still = s.get(Pegawai, theirs_id)
        assert still is not None and still.nama != "Nama Baru" and still.version == theirs_version
    saved = ps.update_pegawai(demo_db, clerk, mine_id, values_of(mine_id, nama="Nama Baru"),
                              expected_version=mine_version)
    assert ps.get_pegawai(demo_db, SYSTEM, saved.id).values["nama"] == "Nama Baru"
