"""SPMT, surat pemberitahuan and nota dinas filled from the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pdf_text import text_of
from sk_world import make_approved_usul

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.nip import format_nip
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import letter_service, sk_service


def test_letters_name_the_pegawai_the_decree_and_the_signer(demo_db: Database, tmp_path: Path) -> None:
    ids = make_approved_usul(demo_db, 3)
    draft = sk_service.buat_sk(demo_db, by=SYSTEM, usul_ids=ids)
    detail = sk_service.detail_sk(demo_db, draft.id, by=SYSTEM)
    first = detail.pegawai[0]

    nota = text_of(letter_service.cetak_nota_usul(demo_db, draft.id, tmp_path / "nota.pdf", by=SYSTEM))
    assert "NOTA DINAS" in nota and "Yth. Bupati" in nota and "3 orang" in nota
    assert all(p.nama in nota for p in detail.pegawai)

    notice = text_of(letter_service.cetak_pemberitahuan(demo_db, first.usul_id, tmp_path / "pem.pdf", by=SYSTEM,
                                                        nomor="800/1/BKPSDM/2025", tanggal=date(2025, 1, 2)))
    assert "Pemberitahuan Rencana Mutasi" in notice and "800/1/BKPSDM/2025" in notice and first.nama in notice
    assert "2 Januari 2025" in notice and first.jabatan_baru in notice

    with pytest.raises(DomainError, match="SPMT hanya"):
        letter_service.cetak_spmt(demo_db, first.usul_id, tmp_path / "x.pdf", by=SYSTEM)
    sk = sk_service.tetapkan_sk(demo_db, draft.id, tanggal=date(2025, 1, 7), by=SYSTEM)
    spmt = text_of(letter_service.cetak_spmt(demo_db, first.usul_id, tmp_path / "spmt.pdf", by=SYSTEM,
                                             tanggal=date(2025, 2, 3)))
    assert "SURAT PERNYATAAN MELAKSANAKAN TUGAS" in spmt
    assert f"Nomor {sk.nomor} tanggal 7 Januari 2025" in spmt
    assert "terhitung mulai tanggal 3 Februari 2025" in spmt
    assert first.nama in spmt and format_nip(first.nip) in spmt and first.jabatan_baru in spmt
