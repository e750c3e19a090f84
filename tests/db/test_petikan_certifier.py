"""The petikan is certified by the kepegawaian official in their own name; the kepala daerah's name
is printed in capitals with the degrees as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import SuratKeputusan
from mutasi_desktop.documents.pdf.parts import nama_kapital
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.sk_print_service import cetak_petikan


@pytest.mark.parametrize(
    ("nama", "expected"),
    [
        ("H. Arif Budiman, S.H., M.Si.", "H. ARIF BUDIMAN, S.H., M.Si."),
        ("dr. Rina Marlina, M.Kes.", "dr. RINA MARLINA, M.Kes."),
        ("Budi Santoso", "BUDI SANTOSO"),
    ],
)
def test_nama_kapital_keeps_degrees(nama: str, expected: str) -> None:
    assert nama_kapital(nama) == expected


def test_petikan_is_certified_by_the_bkpsdm_head_without_an(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as s:
        sk_id = s.scalars(select(SuratKeputusan.id).where(SuratKeputusan.status == "DITETAPKAN")).first()
    assert sk_id is not None
    hasil = cetak_petikan(demo_db, sk_id, tmp_path, by=SYSTEM, workers=1)
    text = "\n".join(page.extract_text() for page in PdfReader(hasil.berkas[0]).pages)
    cert = text[text.index("sesuai dengan aslinya"):]
    assert "KEPALA BADAN KEPEGAWAIAN" in cert
    assert "a.n." not in cert
    assert "M.SI." not in text
