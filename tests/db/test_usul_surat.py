"""Surat pemberitahuan of an usul (rendered by the documents module)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.usul_service import UsulInput
from mutasi_desktop.services.usul_surat import cetak_surat_pemberitahuan, renderer_tersedia
from tests.db._usul_world import OPERATOR, TODAY, VERIFIKATOR, add_pegawai, build_world


def test_letter_is_written_and_audited(db: Database, tmp_path: Path) -> None:
    if not renderer_tersedia():
        pytest.skip("documents renderer not installed")
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001")
    usul_id = svc.create_usul(db, UsulInput(pegawai_id=w.pegawai["a"], jenis_mutasi="ANTAR_OPD",
                                            alasan="PENYEGARAN", alasan_keterangan="Penyegaran berkala",
                                            tmt_rencana=date(2027, 1, 4), tujuan_formasi_id=w.formasi["B1.analis"]),
                              by=OPERATOR, today=TODAY).id
    with pytest.raises(Exception, match="Akses ditolak"):
        cetak_surat_pemberitahuan(db, usul_id, tmp_path / "x.pdf", by=VERIFIKATOR)
    out = cetak_surat_pemberitahuan(db, usul_id, tmp_path / "surat.pdf", by=OPERATOR)
    assert out.read_bytes().startswith(b"%PDF")
    with db.session() as s:
        entries = s.scalars(select(AuditLog.ringkasan).where(AuditLog.aksi == "CETAK_SK")).all()
    assert any("Surat pemberitahuan" in e for e in entries)
    svc.batalkan(db, usul_id, by=OPERATOR, catatan="Tidak jadi")
    with pytest.raises(DomainError, match="tidak perlu diberitahukan"):
        cetak_surat_pemberitahuan(db, usul_id, tmp_path / "lagi.pdf", by=OPERATOR)
