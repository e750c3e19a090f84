"""Office document settings: validation, signers, numbering templates, texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import office_settings_service as oss

OPERATOR = Actor(username="op", nama="Operator", peran=frozenset({Peran.OPERATOR}))


def test_settings_round_trip_and_validation(db: Database) -> None:
    p = oss.get_pengaturan_dokumen(db, by=SYSTEM)
    assert p.kertas == "F4" and p.gaya_ordinal == "KESATU" and p.ukuran_font == 12
    oss.simpan_pengaturan_dokumen(db, replace(p, kertas="A4", margin_kiri=35), by=SYSTEM)
    assert oss.get_pengaturan_dokumen(db, by=SYSTEM).margin_kiri == 35
    for bad, field in ((replace(p, kertas="Letter"), "kertas"), (replace(p, margin_atas=2), "margin_atas"),
                       (replace(p, lambang_path="/tidak/ada.png"), "lambang_path"),
                       (replace(p, penandatangan_id=999), None)):
        with pytest.raises(DomainError) as info:
            oss.simpan_pengaturan_dokumen(db, bad, by=SYSTEM)
        assert info.value.field == field
    with pytest.raises(AksesDitolak):
        oss.simpan_pengaturan_dokumen(db, p, by=OPERATOR)


def test_signers_need_atas_nama_and_nip_when_delegated(db: Database) -> None:
    base = oss.PenandatanganInfo(id=None, nama="Drs. Contoh Saja", jabatan="Kepala BKPSDM", cara_tanda_tangan="AN",
                                 nip="196003181986031012", pangkat="Pembina")
    with pytest.raises(DomainError, match="atas nama"):
        oss.simpan_penandatangan(db, base, by=SYSTEM)
    with pytest.raises(DomainError, match="NIP"):
        oss.simpan_penandatangan(db, replace(base, atas_nama="Bupati Sukamaju", nip=""), by=SYSTEM)
    saved = oss.simpan_penandatangan(db, replace(base, atas_nama="Bupati Sukamaju"), by=SYSTEM)
    assert saved.jabatan == "KEPALA BKPSDM" and saved.atas_nama == "BUPATI SUKAMAJU"
    renamed = oss.simpan_penandatangan(db, replace(saved, nama="Drs. Contoh Lain"), by=SYSTEM)
    assert renamed.id == saved.id and [s.nama for s in oss.daftar_penandatangan(db, by=SYSTEM)] == ["Drs. Contoh Lain"]


def test_numbering_templates_and_texts(db: Database) -> None:
    t = oss.simpan_nomor_template(db, oss.NomorTemplateInfo(id=None, nama="Mutasi", pola="{kode}/{urut}/{unit}/{bulan_romawi}/{tahun}",
                                                            kode_klasifikasi="824.3", kode_unit="BKPSDM"), by=SYSTEM)
    assert t.contoh(date(2025, 10, 1)) == "824.3/1/BKPSDM/X/2025"
    with pytest.raises(DomainError, match="urut"):
        oss.simpan_nomor_template(db, replace(t, pola="{kode}/{tahun}"), by=SYSTEM)
    teks = oss.get_teks_dokumen(db, by=SYSTEM)
    teks["tentang"] = "Mutasi {jenis_asn} Tahun 2025"
    assert oss.simpan_teks_dokumen(db, teks, by=SYSTEM)["tentang"] == "Mutasi {jenis_asn} Tahun 2025"
    teks["menimbang"] = ["bahwa {tidak_dikenal};"]
    with pytest.raises(DomainError, match="tidak_dikenal"):
        oss.simpan_teks_dokumen(db, teks, by=SYSTEM)


def test_instansi_profile_is_edited_after_setup_and_feeds_the_mendagri_rule(demo_db: Database) -> None:
    from mutasi_desktop.services.candidate_facts import load_mutasi_context
    from mutasi_desktop.services.concurrency import DataTelahDiubah
    from mutasi_desktop.services.dto.validasi import ValidasiGagal

    before = oss.profil_instansi(demo_db, by=SYSTEM)
    assert before.nama_daerah and before.version is not None
    saved = oss.simpan_profil_instansi(demo_db, replace(
        before, alamat="Jl. Merdeka No. 9", telepon=" (0261)  555 ", kepala_daerah_status="PJ",
        kepala_daerah_nama="Drs. PENJABAT CONTOH", kepala_daerah_tmt_pelantikan=date(2026, 3, 2)), by=SYSTEM)
    assert (saved.alamat, saved.telepon, saved.kepala_daerah_status) == ("Jl. Merdeka No. 9", "(0261) 555", "PJ")
    assert saved.version == before.version + 1
    with demo_db.session() as s:
        context = load_mutasi_context(s, jenis_mutasi="MUTASI", alasan="", tmt=date(2026, 6, 1))
        assert oss.instansi_info(s).alamat == "Jl. Merdeka No. 9"  # the kop reads the new address
    assert (context.kepala_daerah_status, context.kepala_daerah_tmt_pelantikan) == ("PJ", date(2026, 3, 2))
    with pytest.raises(ValidasiGagal) as bad:
        oss.simpan_profil_instansi(demo_db, replace(saved, nama_daerah=" ", email="bkpsdm di contoh",
                                                    kepala_daerah_status="BUPATI", jenis="DESA"), by=SYSTEM)
    assert set(bad.value.errors) == {"nama_daerah", "email", "kepala_daerah_status", "jenis"}
    with pytest.raises(DataTelahDiubah, match="telah diubah oleh"):  # a form loaded before the save above
        oss.simpan_profil_instansi(demo_db, replace(before, telepon="1"), by=SYSTEM)
    with pytest.raises(AksesDitolak):
        oss.simpan_profil_instansi(demo_db, saved, by=OPERATOR)
    assert oss.profil_instansi(demo_db, by=SYSTEM) == saved
