"""Checklist, attachments, optimistic locking, OPD limits and rule settings of the usul workflow."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Peran
from mutasi_desktop.paths import attachments_dir_for
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.concurrency import DataTelahDiubah
from mutasi_desktop.services.usul_aturan import simpan_aturan_mutasi
from mutasi_desktop.services.usul_persyaratan import attach_lampiran, lampiran_path, update_persyaratan
from mutasi_desktop.services.usul_service import UsulInput
from tests.db._usul_world import (
    OPERATOR,
    PEMBACA,
    TODAY,
    VERIFIKATOR,
    World,
    add_pegawai,
    build_world,
    snapshot,
)

ADMIN = Actor(username="admin", nama="Admin", peran=frozenset({Peran.ADMINISTRATOR}))


@pytest.fixture
def world(db: Database) -> World:
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001", tmt_jabatan=date(2026, 1, 5))
    return w


def _usul(db: Database, w: World, jenis: str = "ANTAR_OPD", alasan: str = "PERMINTAAN_SENDIRI") -> int:
    return svc.create_usul(db, UsulInput(pegawai_id=w.pegawai["a"], jenis_mutasi=jenis, alasan=alasan,
                                         tmt_rencana=date(2027, 1, 4), tujuan_formasi_id=w.formasi["B1.analis"]),
                           by=OPERATOR, today=TODAY).id


def test_checklist_follows_kind_and_keeps_what_was_filled(db: Database, world: World) -> None:
    usul_id = _usul(db, world)
    items = svc.get_usul(db, usul_id, by=PEMBACA).persyaratan
    assert [i.kode for i in items][:2] == ["ANJAB_ABK", "PERMOHONAN"]
    update_persyaratan(db, items[1].id, status="PERBAIKAN", catatan="Belum bermeterai", by=VERIFIKATOR)
    detail = svc.get_usul(db, usul_id, by=PEMBACA)
    svc.update_usul(db, usul_id, UsulInput(pegawai_id=world.pegawai["a"], jenis_mutasi="ANTAR_OPD",
                                           alasan="KEBUTUHAN_ORGANISASI", tmt_rencana=date(2027, 1, 4),
                                           tujuan_formasi_id=world.formasi["B1.analis"]),
                    version=detail.version, by=OPERATOR)
    after = {i.kode: i for i in svc.get_usul(db, usul_id, by=PEMBACA).persyaratan}
    assert after["PERMOHONAN"].status == "PERBAIKAN"  # filled in: kept although no longer required
    assert "REKOMENDASI_ASAL" in after


def test_perbaikan_needs_a_note_and_unknown_status_is_refused(db: Database, world: World) -> None:
    item = svc.get_usul(db, _usul(db, world), by=PEMBACA).persyaratan[0]
    before = snapshot(db)
    with pytest.raises(DomainError, match="Tuliskan apa yang perlu diperbaiki"):
        update_persyaratan(db, item.id, status="PERBAIKAN", by=VERIFIKATOR)
    with pytest.raises(DomainError, match="Status berkas 'OK' tidak dikenal"):
        update_persyaratan(db, item.id, status="OK", by=VERIFIKATOR)
    with pytest.raises(AksesDitolak):
        update_persyaratan(db, item.id, status="ADA", by=PEMBACA)
    assert snapshot(db) == before


def test_attachment_is_stored_by_content_hash(db: Database, world: World, tmp_path: Path) -> None:
    item = svc.get_usul(db, _usul(db, world), by=PEMBACA).persyaratan[0]
    scan = tmp_path / "anjab.pdf"
    content = b"%PDF-1.4\n% synthetic test scan\n"
    scan.write_bytes(content)
    info = attach_lampiran(db, item.id, scan, by=OPERATOR)
    sha = hashlib.sha256(content).hexdigest()
    assert info.lampiran_sha256 == sha and info.status == "ADA" and info.lampiran_mime == "application/pdf"
    stored = lampiran_path(db, sha)
    assert stored.read_bytes() == content
    assert stored.is_relative_to(attachments_dir_for(db.path))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("surat.docx", b"PK\x03\x04", "hanya PDF, JPG atau PNG"), ("palsu.pdf", b"MZ\x90\x00", "tidak sesuai"),
     ("kosong.jpg", b"", "kosong")],
)
def test_bad_attachment_is_refused_and_nothing_is_written(db: Database, world: World, tmp_path: Path, name: str,
                                                          content: bytes, message: str) -> None:
    item = svc.get_usul(db, _usul(db, world), by=PEMBACA).persyaratan[0]
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(db)
    files_before = sorted(attachments_dir_for(db.path).rglob("*"))
    with pytest.raises(DomainError, match=message):
        attach_lampiran(db, item.id, path, by=OPERATOR)
    assert snapshot(db) == before
    assert sorted(attachments_dir_for(db.path).rglob("*")) == files_before


def test_stale_form_is_refused_with_who_changed_it(db: Database, world: World) -> None:
    usul_id = _usul(db, world)
    old = svc.get_usul(db, usul_id, by=PEMBACA)
    data = UsulInput(pegawai_id=world.pegawai["a"], jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN",
                     tmt_rencana=date(2027, 2, 1), tujuan_formasi_id=world.formasi["B1.analis"])
    svc.update_usul(db, usul_id, data, version=old.version, by=OPERATOR)
    with pytest.raises(DataTelahDiubah, match="telah diubah oleh operator1"):
        svc.update_usul(db, usul_id, data, version=old.version, by=OPERATOR)


def test_operator_limited_to_some_opd(db: Database, world: World) -> None:
    add_pegawai(db, world, "b", post="B1.pengelola", nip="198506152010011002", golongan_id=31)
    limited = Actor(username="opb", nama="Operator B", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({world.units["B"]}))
    with pytest.raises(DomainError, match="di luar OPD"):
        svc.create_usul(db, UsulInput(pegawai_id=world.pegawai["a"], jenis_mutasi="ANTAR_UNIT_OPD",
                                      alasan="PENYEGARAN", tujuan_formasi_id=world.formasi["A1.pengelola"]),
                        by=limited)
    own = svc.create_usul(db, UsulInput(pegawai_id=world.pegawai["b"], jenis_mutasi="ANTAR_OPD",
                                        alasan="PENYEGARAN", tujuan_formasi_id=world.formasi["A1.pengelola"]),
                          by=limited)
    assert own.status == "DRAF"


def test_six_month_policy_is_one_setting_away(db: Database, world: World) -> None:
    usul_id = _usul(db, world)  # pegawai "a" has been in post since 5 January 2026
    results = {r.kode: r for r in svc.check_usul(db, usul_id, by=OPERATOR, today=TODAY)}
    assert results["MASA_JABATAN"].hasil == "TIDAK_LULUS"
    with pytest.raises(AksesDitolak):
        simpan_aturan_mutasi(db, {"min_bulan_di_jabatan": 6}, by=OPERATOR)
    with pytest.raises(DomainError, match="min_bulan_di_jabatan"):
        simpan_aturan_mutasi(db, {"min_bulan_di_jabatan": "enam"}, by=ADMIN)
    simpan_aturan_mutasi(db, {"min_bulan_di_jabatan": 6}, by=ADMIN)
    results = {r.kode: r for r in svc.check_usul(db, usul_id, by=OPERATOR, today=TODAY)}
    assert results["MASA_JABATAN"].hasil == "LULUS"
    stored = svc.get_usul(db, usul_id, by=PEMBACA).hasil_cek
    assert stored is not None and {r.kode: r.hasil for r in stored.hasil}["MASA_JABATAN"] == "LULUS"


def test_operator_limited_to_some_opd_sees_only_their_usul(db: Database, world: World) -> None:
    from mutasi_desktop.services.usul_query import list_usul

    add_pegawai(db, world, "b", post="B1.pengelola", nip="198506152010011002", golongan_id=31)
    add_pegawai(db, world, "c", post="A1.pengelola", nip="198506152010011003", golongan_id=31)
    into_b = _usul(db, world)  # a: A1 -> B1 (touches OPD B)
    inside_a = svc.create_usul(db, UsulInput(pegawai_id=world.pegawai["c"], jenis_mutasi="ANTAR_UNIT_OPD",
                                             alasan="PENYEGARAN", tujuan_formasi_id=world.formasi["A.analis"]),
                               by=OPERATOR).id
    limited = Actor(username="opb", nama="Operator B", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({world.units["B"]}))
    assert [r.id for r in list_usul(db, by=limited)] == [into_b]
    assert {r.id for r in list_usul(db, by=OPERATOR)} == {into_b, inside_a}


def test_operator_limited_to_some_opd_cannot_act_on_other_usul(db: Database, world: World) -> None:
    usul_id = svc.create_usul(db, UsulInput(pegawai_id=world.pegawai["a"], jenis_mutasi="ANTAR_UNIT_OPD",
                                            alasan="PENYEGARAN", tmt_rencana=date(2027, 1, 4),
                                            tujuan_formasi_id=world.formasi["A1.pengelola"]), by=OPERATOR).id
    limited = Actor(username="opb", nama="Operator B", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({world.units["B"]}))
    before = snapshot(db)
    with pytest.raises(DomainError, match="di luar OPD"):
        svc.batalkan(db, usul_id, by=limited, catatan="Bukan wewenang")
    assert snapshot(db) == before
