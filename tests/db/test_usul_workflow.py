"""The usul mutasi workflow against a real database: drafting, transitions, roles, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, RiwayatJabatan, UsulMutasi
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import AksesDitolak
from mutasi_desktop.domain.usul_states import Aksi, StatusUsul
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.candidate_facts import filled_counts
from mutasi_desktop.services.usul_apply import mark_sk_ditetapkan, record_pelaksanaan, reverse_pelaksanaan
from mutasi_desktop.services.usul_dto import UsulFilter
from mutasi_desktop.services.usul_persyaratan import update_persyaratan
from mutasi_desktop.services.usul_query import list_usul
from mutasi_desktop.services.usul_service import UsulInput
from tests.db._usul_world import (
    OPERATOR,
    PEJABAT,
    PEMBACA,
    TODAY,
    VERIFIKATOR,
    World,
    add_pegawai,
    build_world,
    post_of,
    snapshot,
)


@pytest.fixture
def world(db: Database) -> World:
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001")
    add_pegawai(db, w, "b", post="A1.pengelola", nip="198506152010011002", golongan_id=31)
    return w


def _draft(db: Database, w: World, pegawai: str = "a", target: str = "B1.analis", **kw: object) -> int:
    data = UsulInput(pegawai_id=w.pegawai[pegawai], jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI",
                     tmt_rencana=date(2027, 1, 2), tujuan_formasi_id=w.formasi[target], **kw)  # type: ignore[arg-type]
    return svc.create_usul(db, data, by=OPERATOR, today=TODAY).id


def complete_berkas(db: Database, usul_id: int) -> None:
    for item in svc.get_usul(db, usul_id, by=OPERATOR).persyaratan:
        update_persyaratan(db, item.id, status="ADA", by=VERIFIKATOR)


def drive_to_disetujui(db: Database, usul_id: int) -> None:
    svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)
    complete_berkas(db, usul_id)
    svc.verifikasi(db, usul_id, by=VERIFIKATOR)
    svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)


def test_full_cycle_applies_the_mutasi_and_records_every_step(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    detail = svc.get_usul(db, usul_id, by=PEMBACA)
    assert detail.status == "DRAF"
    assert detail.asal_unit_id == world.units["A1"]
    assert [p.kode for p in detail.persyaratan][:1] == ["ANJAB_ABK"]

    drive_to_disetujui(db, usul_id)
    after = svc.get_usul(db, usul_id, by=PEMBACA)
    assert after.status == "DISETUJUI"
    assert after.hasil_cek is not None and after.hasil_cek.tahap == "SETUJUI"
    assert {r.kode for r in after.hasil_cek.hasil} >= {"STATUS", "FORMASI", "SKP", "MASA_JABATAN"}

    mark_sk_ditetapkan(db, [usul_id], nomor_sk="800.1.3.3/12/BKPSDM/2026", tanggal_sk=date(2026, 12, 1), by=PEJABAT)
    record_pelaksanaan(db, usul_id, date(2026, 12, 7), by=PEJABAT, today=date(2026, 12, 7))

    unit_id, jabatan_id, tmt = post_of(db, world.pegawai["a"])
    assert (unit_id, jabatan_id, tmt) == (world.units["B1"], world.jabatan["analis"], date(2026, 12, 7))
    with db.session() as s:
        counts = filled_counts(s)
        assert counts.get((world.units["B1"], world.jabatan["analis"])) == 1
        assert counts.get((world.units["A1"], world.jabatan["analis"])) is None
        row = s.scalars(select(RiwayatJabatan).where(RiwayatJabatan.usul_id == usul_id)).one()
        assert row.nomor_sk == "800.1.3.3/12/BKPSDM/2026" and row.tanggal_sk == date(2026, 12, 1)
        audit = s.scalars(select(AuditLog).where(AuditLog.entitas == "usul_mutasi")).all()
    final = svc.get_usul(db, usul_id, by=PEMBACA)
    assert [t.ke_status for t in final.transisi] == [
        "DRAF", "DIAJUKAN", "DIVERIFIKASI", "DISETUJUI", "SK_DITETAPKAN", "DILAKSANAKAN"]
    assert [t.oleh for t in final.transisi][1:4] == ["operator1", "verif1", "pejabat1"]
    assert len([a for a in audit if a.aksi == "TRANSISI"]) == 6


def test_reversal_restores_post_and_keeps_history(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    drive_to_disetujui(db, usul_id)
    before = post_of(db, world.pegawai["a"])
    mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/1", tanggal_sk=date(2026, 12, 1), by=PEJABAT)
    record_pelaksanaan(db, usul_id, date(2026, 12, 7), by=PEJABAT, today=date(2026, 12, 7))
    reverse_pelaksanaan(db, usul_id, nomor_sk="SK/KOREKSI/1", tanggal_sk=date(2026, 12, 20),
                        alasan="Salah orang", by=PEJABAT)
    assert post_of(db, world.pegawai["a"]) == before
    with db.session() as s:
        rows = s.scalars(select(RiwayatJabatan).where(RiwayatJabatan.usul_id == usul_id)
                         .order_by(RiwayatJabatan.id)).all()
        assert len(rows) == 2
        assert rows[0].dibatalkan and rows[1].membatalkan_id == rows[0].id
        assert rows[1].nomor_sk == "SK/KOREKSI/1"
    assert svc.get_usul(db, usul_id, by=PEMBACA).status == "DIKOREKSI"


def test_btl_goes_back_to_the_proposer_and_can_be_resubmitted(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)
    with pytest.raises(DomainError, match="Berkas wajib belum lengkap"):
        svc.verifikasi(db, usul_id, by=VERIFIKATOR)
    svc.berkas_tidak_lengkap(db, usul_id, by=VERIFIKATOR, catatan="Anjab belum ada")
    detail = svc.get_usul(db, usul_id, by=OPERATOR)
    assert detail.status == "BERKAS_TIDAK_LENGKAP"
    svc.update_usul(db, usul_id, UsulInput(pegawai_id=world.pegawai["a"], jenis_mutasi="ANTAR_OPD",
                                           alasan="PENYEGARAN", tmt_rencana=date(2027, 2, 1),
                                           tujuan_formasi_id=world.formasi["B1.analis"]),
                    version=detail.version, by=OPERATOR)
    assert svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY).status == "DIAJUKAN"


@pytest.mark.parametrize(
    ("actor", "aksi"),
    [(OPERATOR, Aksi.VERIFIKASI), (VERIFIKATOR, Aksi.SETUJUI), (PEMBACA, Aksi.TIDAK_MEMENUHI_SYARAT),
     (PEJABAT, Aksi.BERKAS_TIDAK_LENGKAP)],
)
def test_roles_are_enforced_by_the_service(db: Database, world: World, actor: object, aksi: Aksi) -> None:
    usul_id = _draft(db, world)
    svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)
    complete_berkas(db, usul_id)
    if aksi is Aksi.SETUJUI:
        svc.verifikasi(db, usul_id, by=VERIFIKATOR)
    before = snapshot(db)
    with pytest.raises(AksesDitolak, match="Akses ditolak"):
        svc.transition(db, usul_id, aksi, by=actor, catatan="x")  # type: ignore[arg-type]
    assert snapshot(db) == before


def test_transition_from_the_wrong_state_is_refused_and_changes_nothing(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    before = snapshot(db)
    with pytest.raises(DomainError, match="tidak dapat dilakukan pada usul berstatus Draf"):
        svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)
    with pytest.raises(DomainError, match="berstatus Draf"):
        mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/9", tanggal_sk=TODAY, by=PEJABAT)
    with pytest.raises(DomainError, match="berstatus Draf"):
        record_pelaksanaan(db, usul_id, TODAY, by=PEJABAT, today=TODAY)
    assert snapshot(db) == before


def test_usul_for_missing_or_inactive_pegawai_is_refused(db: Database, world: World) -> None:
    add_pegawai(db, world, "pensiun", post="A1.pengelola", nip="195806152010011003", kedudukan="PENSIUN")
    before = snapshot(db)
    with pytest.raises(DomainError, match="Pegawai dengan id 9999 tidak ditemukan"):
        svc.create_usul(db, UsulInput(pegawai_id=9999, jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN",
                                      tujuan_formasi_id=world.formasi["B1.analis"]), by=OPERATOR)
    with pytest.raises(DomainError, match=r"tidak aktif \(kedudukan: PENSIUN\)"):
        _draft(db, world, pegawai="pensiun", target="B1.pengelola")
    assert snapshot(db) == before


def test_usul_to_a_closed_unit_is_refused(db: Database, world: World) -> None:
    before = snapshot(db)
    with pytest.raises(DomainError, match="Unit tujuan 'Kantor Gamma \\(ditutup\\)' sudah ditutup"):
        _draft(db, world, target="C.analis")
    assert snapshot(db) == before


def test_tmt_before_the_sk_date_is_refused(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    drive_to_disetujui(db, usul_id)
    mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/2", tanggal_sk=date(2026, 12, 10), by=PEJABAT)
    before = snapshot(db)
    with pytest.raises(DomainError, match="tidak boleh sebelum tanggal SK 10 Desember 2026"):
        record_pelaksanaan(db, usul_id, date(2026, 12, 9), by=PEJABAT, today=date(2026, 12, 12))
    assert snapshot(db) == before


def test_same_pegawai_cannot_have_two_open_usul(db: Database, world: World) -> None:
    _draft(db, world)
    before = snapshot(db)
    with pytest.raises(DomainError, match="masih memiliki usul mutasi lain"):
        _draft(db, world, target="B1.pengelola")
    assert snapshot(db) == before


def test_approval_refused_when_a_rule_fails_and_nothing_is_stored(db: Database, world: World) -> None:
    add_pegawai(db, world, "baru", post="A1.pengelola", nip="199506152020011004", tmt_jabatan=date(2026, 1, 5),
                golongan_id=31)
    usul_id = _draft(db, world, pegawai="baru", target="B1.pengelola")
    svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)  # submission stores the red result, does not block
    stored = svc.get_usul(db, usul_id, by=PEMBACA).hasil_cek
    assert stored is not None and stored.ringkasan == "TIDAK_LULUS"
    complete_berkas(db, usul_id)
    svc.verifikasi(db, usul_id, by=VERIFIKATOR)
    before = snapshot(db)
    with pytest.raises(DomainError, match="Masa di jabatan sekarang: Baru 11 bulan"):
        svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)
    assert snapshot(db) == before


def test_two_usul_cannot_fill_one_single_vacancy(db: Database, world: World) -> None:
    first = _draft(db, world, pegawai="a", target="B1.analis")
    add_pegawai(db, world, "c", post="A1.pengelola", nip="198506152010011005", golongan_id=32)
    second = _draft(db, world, pegawai="c", target="B1.analis")
    drive_to_disetujui(db, first)
    svc.ajukan(db, second, by=OPERATOR, today=TODAY)
    complete_berkas(db, second)
    svc.verifikasi(db, second, by=VERIFIKATOR)
    with pytest.raises(DomainError, match="Formasi tujuan tidak memiliki lowongan"):
        svc.setujui(db, second, by=PEJABAT, today=TODAY)


def test_cancel_needs_a_reason_and_frees_the_pegawai(db: Database, world: World) -> None:
    usul_id = _draft(db, world)
    with pytest.raises(DomainError, match="Catatan/alasan wajib"):
        svc.batalkan(db, usul_id, by=OPERATOR, catatan=" ")
    assert svc.batalkan(db, usul_id, by=OPERATOR, catatan="Tidak jadi").status == "DIBATALKAN"
    assert _draft(db, world, target="B1.pengelola") > usul_id


def test_list_filters_by_status_and_text(db: Database, world: World) -> None:
    first = _draft(db, world)
    _draft(db, world, pegawai="b", target="B1.pengelola")
    svc.ajukan(db, first, by=OPERATOR, today=TODAY)
    assert [r.id for r in list_usul(db, UsulFilter(status=("DIAJUKAN",)), by=PEMBACA)] == [first]
    assert len(list_usul(db, UsulFilter(teks="pegawai b"), by=PEMBACA)) == 1
    assert len(list_usul(db, UsulFilter(opd_id=world.units["B"]), by=PEMBACA)) == 2
    assert len(list_usul(db, UsulFilter(opd_id=world.units["C"]), by=PEMBACA)) == 0


def test_status_of_stored_usul_is_always_a_known_state(db: Database, world: World) -> None:
    _draft(db, world)
    with db.session() as s:
        for status in s.scalars(select(UsulMutasi.status)):
            StatusUsul(status)


def test_mutasi_masuk_places_a_newcomer(db: Database, world: World) -> None:
    from mutasi_desktop.db.models import Pegawai

    with db.session(write=True) as s:  # registered beforehand, no post in this daerah yet
        newcomer = Pegawai(nip="198801012012011009", nama="Pendatang", tanggal_lahir=date(1988, 1, 1),
                           jenis_kelamin="L", status_kepegawaian="PNS", golongan_id=32, pendidikan_tingkat="40",
                           tmt_cpns=date(2012, 1, 1))
        s.add(newcomer)
        s.flush()
        pid = newcomer.id
    with pytest.raises(DomainError, match="Instansi asal wajib diisi"):
        svc.create_usul(db, UsulInput(pegawai_id=pid, jenis_mutasi="MASUK_KABKOTA_PROVINSI", alasan="IKUT_PASANGAN",
                                      tujuan_formasi_id=world.formasi["B1.analis"]), by=OPERATOR)
    usul_id = svc.create_usul(
        db, UsulInput(pegawai_id=pid, jenis_mutasi="MASUK_KABKOTA_PROVINSI", alasan="IKUT_PASANGAN",
                      tmt_rencana=date(2027, 1, 4), tujuan_formasi_id=world.formasi["B1.analis"],
                      asal_instansi_nama="Pemerintah Kabupaten Tetangga"), by=OPERATOR, today=TODAY).id
    drive_to_disetujui(db, usul_id)
    for langkah in ("PERSETUJUAN_ASAL", "PERSETUJUAN_TUJUAN", "PERTEK"):
        svc.record_langkah(db, usul_id, langkah, nomor=f"{langkah}/9", tanggal=TODAY, by=OPERATOR)
    mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/GUB/9", tanggal_sk=date(2026, 12, 1), by=PEJABAT)
    record_pelaksanaan(db, usul_id, date(2026, 12, 7), by=PEJABAT, today=date(2026, 12, 7))
    assert post_of(db, pid) == (world.units["B1"], world.jabatan["analis"], date(2026, 12, 7))
    detail = svc.get_usul(db, usul_id, by=PEMBACA)
    assert detail.asal_instansi_nama == "Pemerintah Kabupaten Tetangga" and detail.status == "DILAKSANAKAN"
