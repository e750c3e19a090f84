"""Exchange packages between two offices: round trip, decisions back, conflicts, idempotence."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from _exchange_offices import JABATAN_UUID, UNIT_UUID, Office
from _pertukaran_data import add_aspirasi, add_pegawai, add_usul
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    AuditLog,
    Jabatan,
    KantorMitra,
    PaketPertukaran,
    Pegawai,
    RiwayatJabatan,
    SuratKeputusan,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.exchange import (
    AksiRekam,
    Pilihan,
)


def _unit_jabatan(s):  # type: ignore[no-untyped-def]
    unit = s.scalar(select(UnitKerja).where(UnitKerja.uuid == UNIT_UUID))
    jabatan = s.scalar(select(Jabatan).where(Jabatan.uuid == JABATAN_UUID))
    return unit, jabatan


def _fill_upt(b: Office) -> tuple[str, str]:
    """The UPT records two pegawai with history, an aspirasi and an usul. Returns (pegawai uuid, usul uuid)."""
    with b.db.session() as s:
        unit, jabatan = _unit_jabatan(s)
        p1 = add_pegawai(s, 1, nama="Siti Aminah", unit=unit, jabatan=jabatan, with_history=True)
        add_pegawai(s, 2, nama="Budi Hartono", unit=unit, jabatan=jabatan, with_history=True)
        add_aspirasi(s, p1, unit=unit)
        usul = add_usul(s, p1, "USUL/UPT/001")
        s.flush()
        return p1.uuid, usul.uuid


def _rows(db: Database) -> dict[str, object]:
    with db.session() as s:
        return {
            "pegawai": sorted((p.uuid, p.nip, p.nama, p.telepon, p.unit.uuid if p.unit else None)
                              for p in s.scalars(select(Pegawai))),
            "riwayat": sorted((r.uuid, r.tmt_jabatan, r.nomor_sk) for r in s.scalars(select(RiwayatJabatan))),
            "usul": sorted((u.uuid, u.nomor, u.status) for u in s.scalars(select(UsulMutasi))),
        }


def test_round_trip_carries_data_there_and_decisions_back(offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = offices
    pegawai_uuid, usul_uuid = _fill_upt(b)

    package = b.export(a, tmp_path / "upt-ke-bkpsdm-1.mpk")
    preview = a.preview(package)
    assert preview.dari_kode == "UPT-SMP1" and preview.urutan == 1 and not preview.konflik
    assert preview.ringkasan["pegawai"] == {"BARU": 2}
    assert preview.ringkasan["riwayat_jabatan"] == {"BARU": 2}
    assert preview.ringkasan["usul_mutasi"] == {"BARU": 1}
    assert preview.ringkasan["aspirasi"] == {"BARU": 1}
    with a.db.session() as s:
        assert s.scalar(select(Pegawai).where(Pegawai.uuid == pegawai_uuid)) is None  # preview wrote nothing

    result = a.import_(package)
    assert (result.dibuat, result.diubah) == (6, 0)
    assert _rows(a.db) == _rows(b.db)
    with a.db.session() as s:
        siti = s.scalar(select(Pegawai).where(Pegawai.uuid == pegawai_uuid))
        assert siti is not None and siti.unit is not None and siti.unit.nama == "Dinas Pendidikan"
        assert siti.search_text and "aminah" in siti.search_text
        assert s.scalar(select(AuditLog).where(AuditLog.aksi == "PERTUKARAN", AuditLog.entitas_id == preview.paket_id))

    # The BKPSDM approves the usul and issues the SK; only that travels back, not an echo of the pegawai.
    with a.db.session() as s:
        sk = SuratKeputusan(nomor="800.1.3.3/017/BKPSDM/2026", status="DITETAPKAN", tentang="Mutasi",
                            tanggal_penetapan=date(2026, 11, 20), tmt=date(2026, 12, 1))
        s.add(sk)
        s.flush()
        usul = s.scalar(select(UsulMutasi).where(UsulMutasi.uuid == usul_uuid))
        assert usul is not None
        usul.status = "DISETUJUI"
        usul.sk_id = sk.id
    back = a.export(b, tmp_path / "bkpsdm-ke-upt-1.mpk")
    back_preview = b.preview(back)
    assert back_preview.ringkasan == {"surat_keputusan": {"BARU": 1}, "usul_mutasi": {"UBAH": 1}}
    assert back_preview.rekam[-1].kolom == ("sk_id", "status")
    b.import_(back)
    with b.db.session() as s:
        usul = s.scalar(select(UsulMutasi).where(UsulMutasi.uuid == usul_uuid))
        assert usul is not None and usul.status == "DISETUJUI"
        sk = s.get(SuratKeputusan, usul.sk_id)
        assert sk is not None and (sk.nomor, sk.tanggal_penetapan) == ("800.1.3.3/017/BKPSDM/2026", date(2026, 11, 20))

    # Nothing changed since: the next package in either direction is empty.
    empty = b.export(a, tmp_path / "upt-ke-bkpsdm-2.mpk")
    assert a.preview(empty).rekam == ()


def test_importing_the_same_package_twice_changes_nothing(offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = offices
    _fill_upt(b)
    package = b.export(a, tmp_path / "p1.mpk")
    a.import_(package)
    with a.db.session() as s:
        versions = sorted((p.uuid, p.version, p.updated_at) for p in s.scalars(select(Pegawai)))
        received = s.scalars(select(PaketPertukaran)).all()
    again = a.import_(package)
    assert (again.dibuat, again.diubah) == (0, 0)
    assert "sudah pernah diimpor" in again.pesan
    assert a.preview(package).sudah_diimpor
    with a.db.session() as s:
        assert sorted((p.uuid, p.version, p.updated_at) for p in s.scalars(select(Pegawai))) == versions
        assert len(s.scalars(select(PaketPertukaran)).all()) == len(received)


def _shared_pegawai(a: Office, b: Office, tmp_path: Path) -> str:
    pegawai_uuid, _ = _fill_upt(b)
    a.import_(b.export(a, tmp_path / "awal.mpk"))
    return pegawai_uuid


def _set_telepon(db: Database, pegawai_uuid: str, telepon: str, by: str) -> None:
    with db.session(actor=replace(SYSTEM, username=by)) as s:
        pegawai = s.scalar(select(Pegawai).where(Pegawai.uuid == pegawai_uuid))
        assert pegawai is not None
        pegawai.telepon = telepon


def _telepon(db: Database, pegawai_uuid: str) -> str:
    with db.session() as s:
        return s.scalar(select(Pegawai.telepon).where(Pegawai.uuid == pegawai_uuid)) or ""


@pytest.mark.parametrize("pilihan, expected", [(Pilihan.KITA, "0811-BKPSDM"), (Pilihan.MEREKA, "0822-UPT")])
def test_a_record_changed_on_both_sides_is_a_conflict_the_clerk_resolves(
    offices: tuple[Office, Office], tmp_path: Path, pilihan: Pilihan, expected: str
) -> None:
    a, b = offices
    pegawai_uuid = _shared_pegawai(a, b, tmp_path)
    _set_telepon(a.db, pegawai_uuid, "0811-BKPSDM", "ani")
    _set_telepon(b.db, pegawai_uuid, "0822-UPT", "budi")

    package = b.export(a, tmp_path / "p2.mpk")
    preview = a.preview(package)
    (conflict,) = preview.konflik
    assert conflict.uuid == pegawai_uuid and conflict.kolom == ("telepon",)
    assert conflict.milik_kita is not None and conflict.milik_kita["telepon"] == "0811-BKPSDM"
    assert conflict.milik_mereka["telepon"] == "0822-UPT"
    assert (conflict.kita_oleh, conflict.mereka_oleh) == ("ani", "budi")

    with pytest.raises(DomainError, match="1 konflik yang belum diputuskan"):
        a.import_(package)
    assert _telepon(a.db, pegawai_uuid) == "0811-BKPSDM"

    a.import_(package, keputusan={pegawai_uuid: pilihan})
    assert _telepon(a.db, pegawai_uuid) == expected


def test_only_their_side_changed_is_an_update_and_only_ours_is_kept(
    offices: tuple[Office, Office], tmp_path: Path
) -> None:
    a, b = offices
    pegawai_uuid = _shared_pegawai(a, b, tmp_path)
    _set_telepon(b.db, pegawai_uuid, "0822-UPT", "budi")
    preview = a.preview(b.export(a, tmp_path / "p2.mpk"))
    assert [(r.uuid, r.aksi) for r in preview.rekam] == [(pegawai_uuid, AksiRekam.UBAH)]
    a.import_(preview.path)
    assert _telepon(a.db, pegawai_uuid) == "0822-UPT"

    # Now only ours changes; a full re-send of theirs must not overwrite it.
    _set_telepon(a.db, pegawai_uuid, "0811-BKPSDM", "ani")
    full = b.export(a, tmp_path / "p3.mpk", semua=True)
    preview = a.preview(full)
    assert {r.uuid: r.aksi for r in preview.rekam}[pegawai_uuid] is AksiRekam.LOKAL
    result = a.import_(full)
    assert result.dipertahankan >= 1
    assert _telepon(a.db, pegawai_uuid) == "0811-BKPSDM"


def test_same_person_entered_in_both_offices_is_matched_by_nip(
    offices: tuple[Office, Office], tmp_path: Path
) -> None:
    a, b = offices
    with a.db.session() as s:
        unit, jabatan = _unit_jabatan(s)
        add_pegawai(s, 1, nama="Siti Aminah", unit=unit, jabatan=jabatan)
    _fill_upt(b)  # pegawai 1 again, with another uuid and a history row
    preview = a.preview(b.export(a, tmp_path / "p.mpk"))
    pegawai_rows = [r for r in preview.rekam if r.entitas == "pegawai"]
    assert [(r.label, r.aksi) for r in pegawai_rows] == [("198501012010031002 Budi Hartono", AksiRekam.BARU)]
    assert preview.ringkasan["pegawai"] == {"SAMA": 1, "BARU": 1}
    a.import_(preview.path)
    with a.db.session() as s:
        sitis = s.scalars(select(Pegawai).where(Pegawai.nama == "Siti Aminah")).all()
        assert len(sitis) == 1
        assert len(s.scalars(select(RiwayatJabatan).where(RiwayatJabatan.pegawai_id == sitis[0].id)).all()) == 1


def test_counters_and_log_follow_each_package(offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = offices
    _fill_upt(b)
    first = b.export(a, tmp_path / "1.mpk")
    with b.db.session() as s:
        mitra = s.scalar(select(KantorMitra).where(KantorMitra.kode == a.kode))
        assert mitra is not None and mitra.paket_terakhir_dikirim == 1 and mitra.dikirim_sampai is not None
    a.import_(first)
    with a.db.session() as s:
        mitra = s.scalar(select(KantorMitra).where(KantorMitra.kode == b.kode))
        assert mitra is not None and mitra.paket_terakhir_diterima == 1
        log = s.scalars(select(PaketPertukaran)).all()
        assert [(p.arah, p.kantor_kode, p.urutan) for p in log] == [("TERIMA", "UPT-SMP1", 1)]


def test_attachments_of_requirements_travel_with_the_usul(tmp_path: Path, empty_template: Path) -> None:
    from _exchange_offices import copy_empty_db, new_office, trust

    from mutasi_desktop.db.models import UsulPersyaratan
    from mutasi_desktop.paths import attachments_dir_for

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = new_office(copy_empty_db(empty_template, tmp_path / "a" / "a.db"), "BKPSDM", "BKPSDM", tmp_path / "ka")
    b = new_office(copy_empty_db(empty_template, tmp_path / "b" / "b.db"), "UPT1", "UPT 1", tmp_path / "kb")
    trust(a, b)
    trust(b, a)
    scan = b"%PDF-1.4 surat pernyataan (sintetis)"
    sha = hashlib.sha256(scan).hexdigest()
    stored = attachments_dir_for(b.db.path) / sha[:2] / sha
    stored.parent.mkdir(parents=True)
    stored.write_bytes(scan)
    with b.db.session() as s:
        unit, jabatan = _unit_jabatan(s)
        usul = add_usul(s, add_pegawai(s, 1, unit=unit, jabatan=jabatan), "USUL/1")
        s.add(UsulPersyaratan(usul_id=usul.id, kode="SP", nama="Surat pernyataan", lampiran_sha256=sha,
                              lampiran_nama="pernyataan.pdf", lampiran_mime="application/pdf",
                              lampiran_ukuran=len(scan)))
    a.import_(b.export(a, tmp_path / "p.mpk", sandi="rahasia-kantor"), sandi="rahasia-kantor")
    received = attachments_dir_for(a.db.path) / sha[:2] / sha
    assert received.read_bytes() == scan
    with a.db.session() as s:
        row = s.scalars(select(UsulPersyaratan)).one()
        assert (row.lampiran_sha256, row.lampiran_nama) == (sha, "pernyataan.pdf")
    a.db.dispose()
    b.db.dispose()


def test_a_partner_set_up_from_a_copy_shares_a_base_so_one_sided_edits_are_updates(
    sqlite_db: Database, tmp_path: Path
) -> None:
    from _exchange_offices import new_office, trust

    from mutasi_desktop.services.exchange import buat_identitas, catat_dasar_bersama

    a = new_office(sqlite_db, "BKPSDM", "BKPSDM", tmp_path / "ka")
    with a.db.session() as s:
        unit, jabatan = _unit_jabatan(s)
        p1 = add_pegawai(s, 1, nama="Siti Aminah", unit=unit, jabatan=jabatan, with_history=True).uuid
        p2 = add_pegawai(s, 2, nama="Budi Hartono", unit=unit, jabatan=jabatan, with_history=True).uuid
    a.db.dispose()
    (tmp_path / "upt").mkdir()
    shutil.copyfile(tmp_path / "sqlite.db", tmp_path / "upt" / "upt.db")  # the UPT starts from a copy
    b = Office(Database(f"sqlite:///{tmp_path / 'upt' / 'upt.db'}"), "UPT1", tmp_path / "kb")
    b.kunci_publik = buat_identitas(b.db, SYSTEM, kode="UPT1", nama="UPT 1", keys_dir=b.keys, ganti=True).kunci_publik
    trust(a, b)
    trust(b, a)
    assert catat_dasar_bersama(a.db, SYSTEM, kode="UPT1") == catat_dasar_bersama(b.db, SYSTEM, kode="BKPSDM") == 4

    _set_telepon(b.db, p1, "0822-UPT", "budi")
    _set_telepon(a.db, p2, "0811-BKPSDM", "ani")
    to_a = a.preview(b.export(a, tmp_path / "b-ke-a.mpk"))
    assert [(r.uuid, r.aksi) for r in to_a.rekam] == [(p1, AksiRekam.UBAH)]
    assert to_a.ringkasan == {"pegawai": {"UBAH": 1}}
    a.import_(to_a.path)
    to_b = b.preview(a.export(b, tmp_path / "a-ke-b.mpk"))
    assert [(r.uuid, r.aksi) for r in to_b.rekam] == [(p2, AksiRekam.UBAH)]
    b.import_(to_b.path)
    assert (_telepon(a.db, p1), _telepon(b.db, p2)) == ("0822-UPT", "0811-BKPSDM")
    b.db.dispose()


def test_a_partner_limited_to_one_unit_receives_only_its_pegawai(
    offices: tuple[Office, Office], tmp_path: Path
) -> None:
    import zipfile

    from mutasi_desktop.services.exchange import daftar_mitra
    from mutasi_desktop.services.exchange.identity import atur_cakupan

    a, b = offices
    with a.db.session() as s:
        disdik, jabatan = _unit_jabatan(s)
        dinkes = UnitKerja(nama="Dinas Kesehatan", jenis="OPD", path="/")
        s.add(dinkes)
        s.flush()
        dinkes.path = f"/{dinkes.id}/"
        mine = add_pegawai(s, 1, nama="Guru Sekolah", unit=disdik, jabatan=jabatan, with_history=True)
        other = add_pegawai(s, 2, nama="Perawat Puskesmas", unit=dinkes, jabatan=jabatan, with_history=True)
        add_aspirasi(s, other, unit=disdik)
        usul = add_usul(s, mine, "USUL/BKPSDM/7", status="DISETUJUI")
        sk = SuratKeputusan(nomor="800/9/2026", status="DITETAPKAN", tanggal_penetapan=date(2026, 11, 2),
                            konten={"pegawai": [{"nama": "Guru Sekolah"}, {"nama": "Perawat Puskesmas"}]},
                            konten_sha256="f" * 64)
        s.add(sk)
        s.flush()
        usul.sk_id = sk.id
        disdik_id, mine_uuid, other_nip = disdik.id, mine.uuid, other.nip
    mitra = atur_cakupan(a.db, SYSTEM, kode=b.kode, unit_id=disdik_id)
    assert (mitra.cakupan_unit_id, mitra.cakupan_nama) == (disdik_id, "Dinas Pendidikan")
    assert daftar_mitra(a.db, SYSTEM)[0].cakupan_nama == "Dinas Pendidikan"

    package = a.export(b, tmp_path / "untuk-upt.mpk")
    with zipfile.ZipFile(package) as zf:
        raw = zf.read("data.json")
    assert other_nip.encode() not in raw and b"Perawat Puskesmas" not in raw  # nothing about the other OPD
    preview = b.preview(package)
    assert preview.ringkasan == {"pegawai": {"BARU": 1}, "surat_keputusan": {"BARU": 1},
                                 "usul_mutasi": {"BARU": 1}, "riwayat_jabatan": {"BARU": 1}}
    b.import_(package)
    with b.db.session() as s:
        assert s.scalars(select(Pegawai.uuid)).all() == [mine_uuid]
        received = s.scalars(select(SuratKeputusan)).one()
        assert (received.nomor, received.konten, received.konten_sha256) == ("800/9/2026", None, None)
    assert atur_cakupan(a.db, SYSTEM, kode=b.kode, unit_id=None).cakupan_unit_id is None


def test_two_clerks_importing_one_package_at_once_apply_it_once(
    offices: tuple[Office, Office], tmp_path: Path
) -> None:
    import threading

    a, b = offices
    _fill_upt(b)
    package = b.export(a, tmp_path / "p.mpk")
    results: list[object] = []
    barrier = threading.Barrier(2)

    def clerk() -> None:
        barrier.wait(timeout=30)
        try:
            results.append(a.import_(package))
        except BaseException as exc:  # reported below
            results.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(not isinstance(r, BaseException) for r in results), results
    assert sorted(r.dibuat for r in results) == [0, 6]  # type: ignore[attr-defined]
    assert any("sudah pernah diimpor" in r.pesan for r in results)  # type: ignore[attr-defined]
    with a.db.session() as s:
        assert len(s.scalars(select(Pegawai)).all()) == 2
        assert len(s.scalars(select(PaketPertukaran)).all()) == 1
