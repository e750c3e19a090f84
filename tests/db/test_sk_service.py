"""SK life: draft from approved usul, set (number, freeze, codes, usul state), print, supersede."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sk_world import make_approved_usul
from sqlalchemy import select, update

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    AuditLog,
    NomorCounter,
    Pegawai,
    SkPetikan,
    SuratKeputusan,
    UsulMutasi,
    UsulTransisi,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import sk_print_service, sk_service
from mutasi_desktop.services.sk_verification_service import (
    ASLI,
    ASLI_TIDAK_BERLAKU,
    ISI_BERUBAH,
    KODE_TIDAK_SAH,
    TIDAK_DIKENAL,
    verifikasi_kode,
)

OPERATOR = Actor(username="op", nama="Operator", peran=frozenset({Peran.OPERATOR}))
PEJABAT = Actor(username="pej", nama="Pejabat", peran=frozenset({Peran.PEJABAT}))
PEMBACA = Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))
TANGGAL = date(2025, 1, 7)


def _set_sk(db: Database, n: int = 3, prefix: str = "UM") -> sk_service.SkRingkas:
    ids = make_approved_usul(db, n, prefix=prefix)
    draft = sk_service.buat_sk(db, by=OPERATOR, usul_ids=ids)
    return sk_service.tetapkan_sk(db, draft.id, tanggal=TANGGAL, by=PEJABAT)


def test_draft_then_set_numbers_freezes_and_moves_usul(any_demo_db: Database, tmp_path: Path) -> None:
    db = any_demo_db
    ids = make_approved_usul(db, 3)
    draft = sk_service.buat_sk(db, by=OPERATOR, usul_ids=ids)
    assert draft.status == sk_service.DRAF and draft.nomor == "" and draft.jumlah_pegawai == 3
    preview = sk_service.sk_data(db, draft.id, by=OPERATOR)
    assert preview.draf and preview.nomor == ""

    sk = sk_service.tetapkan_sk(db, draft.id, tanggal=TANGGAL, by=PEJABAT)
    assert sk.status == sk_service.DITETAPKAN
    assert sk.nomor == "800.1.3.3/Kep.1/BKPSDM/2025"
    assert sk.tanggal_penetapan == TANGGAL and sk.tmt == date(2025, 2, 1)
    assert len(sk.kode_verifikasi) == 12
    with db.session() as s:
        row = s.get(SuratKeputusan, sk.id)
        assert row is not None and row.konten is not None
        assert row.konten["nomor"] == sk.nomor and len(row.konten["pegawai"]) == 3
        assert sk_service.integritas_ok(row)
        usul = list(s.scalars(select(UsulMutasi).where(UsulMutasi.id.in_(ids))))
        assert {u.status for u in usul} == {"SK_DITETAPKAN"}
        steps = list(s.scalars(select(UsulTransisi).where(UsulTransisi.usul_id.in_(ids),
                                                          UsulTransisi.ke_status == "SK_DITETAPKAN")))
        assert len(steps) == 3 and all(t.nomor_surat == sk.nomor for t in steps)
        codes = list(s.scalars(select(SkPetikan.kode_verifikasi).where(SkPetikan.sk_id == sk.id)))
        assert len(set(codes)) == 3 and sk.kode_verifikasi not in codes


def test_reprint_from_frozen_content_is_identical_after_live_data_changes(demo_db: Database, tmp_path: Path) -> None:
    sk = _set_sk(demo_db)
    first = sk_print_service.cetak_sk_pdf(demo_db, sk.id, tmp_path / "a.pdf", by=OPERATOR).read_bytes()
    with demo_db.session(write=True) as s:
        usul = s.scalars(select(UsulMutasi).where(UsulMutasi.sk_id == sk.id)).first()
        assert usul is not None
        s.execute(update(Pegawai).where(Pegawai.id == usul.pegawai_id).values(nama="Nama Sudah Diubah"))
    second = sk_print_service.cetak_sk_pdf(demo_db, sk.id, tmp_path / "b.pdf", by=OPERATOR).read_bytes()
    assert first == second
    with demo_db.session() as s:
        prints = list(s.scalars(select(AuditLog).where(AuditLog.aksi == "CETAK_SK", AuditLog.entitas_id == str(sk.id))))
    assert len(prints) == 2


def test_refuses_unapproved_or_already_used_usul(demo_db: Database) -> None:
    ids = make_approved_usul(demo_db, 2)
    with demo_db.session(write=True) as s:
        s.execute(update(UsulMutasi).where(UsulMutasi.id == ids[1]).values(status="DIVERIFIKASI"))
    with pytest.raises(DomainError) as info:
        sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=ids)
    assert "UM-0002" in info.value.message and "Disetujui" in info.value.message
    sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=ids[:1])
    with pytest.raises(DomainError, match="sudah dimuat dalam SK"):
        sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=ids[:1])
    with pytest.raises(DomainError, match="sedikitnya satu"):
        sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=[])


def test_failed_setting_changes_nothing(demo_db: Database) -> None:
    ids = make_approved_usul(demo_db, 2)
    draft = sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=ids)
    with demo_db.session() as s:
        counters = list(s.execute(select(NomorCounter.template_id, NomorCounter.tahun, NomorCounter.terakhir)))
        petikan = len(list(s.scalars(select(SkPetikan))))
    with demo_db.session(write=True) as s:  # someone cancels one usul meanwhile
        s.execute(update(UsulMutasi).where(UsulMutasi.id == ids[0]).values(status="DIBATALKAN"))
    with pytest.raises(DomainError, match="UM-0001"):
        sk_service.tetapkan_sk(demo_db, draft.id, tanggal=TANGGAL, by=PEJABAT)
    with demo_db.session() as s:
        row = s.get(SuratKeputusan, draft.id)
        assert row is not None and row.status == "DRAF" and row.nomor is None
        assert list(s.execute(select(NomorCounter.template_id, NomorCounter.tahun, NomorCounter.terakhir))) == counters
        assert len(list(s.scalars(select(SkPetikan)))) == petikan


def test_set_twice_and_permissions(demo_db: Database) -> None:
    ids = make_approved_usul(demo_db, 1)
    with pytest.raises(AksesDitolak):
        sk_service.buat_sk(demo_db, by=PEMBACA, usul_ids=ids)
    draft = sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=ids)
    with pytest.raises(AksesDitolak):
        sk_service.tetapkan_sk(demo_db, draft.id, tanggal=TANGGAL, by=OPERATOR)
    sk_service.tetapkan_sk(demo_db, draft.id, tanggal=TANGGAL, by=PEJABAT)
    with pytest.raises(DomainError, match="sudah berstatus Ditetapkan"):
        sk_service.tetapkan_sk(demo_db, draft.id, tanggal=TANGGAL, by=PEJABAT)
    with pytest.raises(DomainError, match="draf"):
        sk_service.hapus_draf(demo_db, draft.id, by=OPERATOR)


def test_concurrent_setting_of_two_decrees_gets_two_numbers(any_demo_db: Database) -> None:
    import threading

    db = any_demo_db
    a = sk_service.buat_sk(db, by=OPERATOR, usul_ids=make_approved_usul(db, 2, prefix="A"))
    ids_b = make_approved_usul(db, 4, prefix="B")[2:]  # the first two pegawai are already in A
    b = sk_service.buat_sk(db, by=OPERATOR, usul_ids=ids_b)
    out: list[str] = []
    errors: list[BaseException] = []

    def run(sk_id: int) -> None:
        try:
            out.append(sk_service.tetapkan_sk(db, sk_id, tanggal=TANGGAL, by=PEJABAT).nomor)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in (a.id, b.id)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(out) == ["800.1.3.3/Kep.1/BKPSDM/2025", "800.1.3.3/Kep.2/BKPSDM/2025"]


def test_correcting_sk_supersedes_the_old_one(demo_db: Database, tmp_path: Path) -> None:
    from pdf_text import text_of

    old = _set_sk(demo_db, 2)
    draft = sk_service.buat_sk_pengganti(demo_db, old.id, by=OPERATOR)
    assert draft.menggantikan_id == old.id and draft.jenis == "KOREKSI" and draft.jumlah_pegawai == 2
    new = sk_service.tetapkan_sk(demo_db, draft.id, tanggal=date(2025, 1, 20), by=PEJABAT)
    assert new.nomor == "800.1.3.3/Kep.2/BKPSDM/2025"
    listed = {s.id: s for s in sk_service.daftar_sk(demo_db, by=PEMBACA)}
    assert listed[old.id].status == sk_service.DIGANTIKAN
    assert listed[old.id].digantikan_oleh_nomor == new.nomor
    text = text_of(sk_print_service.cetak_sk_pdf(demo_db, new.id, tmp_path / "baru.pdf", by=OPERATOR))
    assert f"Nomor {old.nomor} tanggal 7 Januari 2025 dicabut dan dinyatakan tidak berlaku" in text
    result = verifikasi_kode(demo_db, old.kode_verifikasi, by=PEMBACA)
    assert result.status == ASLI_TIDAK_BERLAKU and new.nomor in result.pesan
    assert verifikasi_kode(demo_db, new.kode_verifikasi, by=PEMBACA).status == ASLI


def test_verification_genuine_tampered_unknown_and_altered(demo_db: Database) -> None:
    from mutasi_desktop.domain.verification_code import ALPHABET, format_code, make_code

    sk = _set_sk(demo_db, 3)
    genuine = verifikasi_kode(demo_db, format_code(sk.kode_verifikasi), by=PEMBACA)
    assert genuine.status == ASLI and genuine.asli
    assert genuine.nomor == sk.nomor and genuine.tanggal == TANGGAL and len(genuine.pegawai) == 3
    assert " " in genuine.pegawai[0].nip  # grouped NIP

    petikan = sk_service.petikan_data(demo_db, sk.id, by=PEMBACA)[1]
    via_qr = verifikasi_kode(demo_db, petikan.qr_isi, by=PEMBACA)
    assert via_qr.status == ASLI and via_qr.jenis_dokumen == "Petikan"
    assert [p.nama for p in via_qr.pegawai] == [petikan.pegawai.nama]

    code = sk.kode_verifikasi
    swapped = code[:3] + next(c for c in ALPHABET if c != code[3]) + code[4:]
    assert verifikasi_kode(demo_db, swapped, by=PEMBACA).status == KODE_TIDAK_SAH
    stranger = make_code("rahasia-kantor-lain", sha256="0" * 64, subject="SK")
    unknown = verifikasi_kode(demo_db, stranger, by=PEMBACA)
    assert unknown.status == TIDAK_DIKENAL and not unknown.asli

    with demo_db.session(write=True) as s:  # someone edits the frozen content behind the app's back
        row = s.get(SuratKeputusan, sk.id)
        assert row is not None and row.konten is not None
        row.konten = {**row.konten, "nomor": "800.1.3.3/Kep.999/BKPSDM/2025"}
    altered = verifikasi_kode(demo_db, code, by=PEMBACA)
    assert altered.status == ISI_BERUBAH and not altered.asli
    with pytest.raises(DomainError, match="tidak cocok"):
        sk_service.sk_data(demo_db, sk.id, by=PEMBACA)


def test_batch_petikan_in_two_processes_and_cancel(demo_db: Database, tmp_path: Path) -> None:
    from pdf_text import text_of

    sk = _set_sk(demo_db, 6)
    seen: list[tuple[int, int]] = []
    result = sk_print_service.cetak_petikan(demo_db, sk.id, tmp_path / "petikan", by=OPERATOR, workers=2, gabung=True,
                                            progress=lambda d, t: seen.append((d, t)))
    assert len(result.berkas) == 6 and all(p.stat().st_size > 10_000 for p in result.berkas)
    assert seen[-1] == (6, 6)
    detail = sk_service.detail_sk(demo_db, sk.id, by=OPERATOR)
    for info, path in zip(detail.pegawai, result.berkas, strict=True):
        assert info.nip in path.name
        assert info.nama in text_of(path)
    assert result.gabungan is not None
    with pytest.raises(sk_print_service.DibatalkanPengguna):
        sk_print_service.cetak_petikan(demo_db, sk.id, tmp_path / "batal", by=OPERATOR, workers=1,
                                       cancelled=lambda: True)


def test_kop_image_is_frozen_with_the_sk(demo_db: Database, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    from mutasi_desktop.services import office_settings_service as oss

    picture = tmp_path / "lambang-uji.png"  # a plain test shape, not an emblem
    img = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(img).ellipse((10, 10, 110, 110), outline="black", width=6)
    img.save(picture)
    settings = oss.get_pengaturan_dokumen(demo_db, by=SYSTEM)
    oss.simpan_pengaturan_dokumen(demo_db, replace(settings, lambang_path=str(picture)), by=SYSTEM)
    sk = _set_sk(demo_db, 2)
    first = sk_print_service.cetak_sk_pdf(demo_db, sk.id, tmp_path / "a.pdf", by=OPERATOR).read_bytes()
    assert b"/Subtype /Image" in first and b"TEMPAT LAMBANG" not in first
    picture.unlink()  # the office moves or replaces its image file later
    second = sk_print_service.cetak_sk_pdf(demo_db, sk.id, tmp_path / "b.pdf", by=OPERATOR).read_bytes()
    assert second == first


def test_tmt_given_when_setting_is_printed_and_may_not_precede_the_sk(demo_db: Database) -> None:
    draft = sk_service.buat_sk(demo_db, by=OPERATOR, usul_ids=make_approved_usul(demo_db, 2))
    assert draft.tmt == date(2025, 2, 1), "a draft shows the planned TMT of its usul"
    with pytest.raises(DomainError, match="TMT SK"):
        sk_service.tetapkan_sk(demo_db, draft.id, tanggal=date(2025, 3, 1), by=PEJABAT)
    sk = sk_service.tetapkan_sk(demo_db, draft.id, tanggal=date(2025, 3, 1), tmt=date(2025, 4, 1), by=PEJABAT)
    assert sk.tmt == date(2025, 4, 1)
    assert "terhitung mulai tanggal 1 April 2025" in sk_service.sk_data(demo_db, sk.id, by=PEJABAT).diktum_satu
