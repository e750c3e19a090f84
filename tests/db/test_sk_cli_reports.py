"""``mutasi sk``, ``mutasi laporan`` and ``mutasi verify``; the report service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdf_text import text_of
from sk_world import make_approved_usul

from mutasi_desktop.cli.main import main
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.domain.verification_code import format_code
from mutasi_desktop.services import report_service, sk_service


def _sk(db: Database, n: int = 3) -> sk_service.SkRingkas:
    draft = sk_service.buat_sk(db, by=SYSTEM, usul_ids=make_approved_usul(db, n))
    return sk_service.tetapkan_sk(db, draft.id, tanggal=date(2025, 1, 7), by=SYSTEM)


def test_cli_prints_sk_petikan_and_verifies(demo_db: Database, demo_db_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    sk = _sk(demo_db)
    demo_db.dispose()
    out = tmp_path / "sk.pdf"
    assert main(["sk", "pdf", str(sk.id), "-o", str(out), "--db", str(demo_db_path)]) == 0
    assert sk.nomor in text_of(out)
    assert main(["sk", "petikan", str(sk.id), "-o", str(tmp_path / "pet"), "--proses", "1",
                 "--db", str(demo_db_path)]) == 0
    assert len(list((tmp_path / "pet").glob("petikan_*.pdf"))) == 3
    capsys.readouterr()
    assert main(["verify", format_code(sk.kode_verifikasi), "--db", str(demo_db_path)]) == 0
    shown = capsys.readouterr().out
    assert "asli" in shown and sk.nomor in shown and "7 Januari 2025" in shown
    bad = sk.kode_verifikasi[:-1] + ("0" if sk.kode_verifikasi[-1] != "0" else "1")
    assert main(["verify", bad, "--db", str(demo_db_path)]) == 1
    assert "tidak sah" in capsys.readouterr().err
    assert main(["sk", "pdf", "9999", "-o", str(tmp_path / "x.pdf"), "--db", str(demo_db_path)]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_cli_rekap_pdf_and_xlsx(demo_db: Database, demo_db_path: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    _sk(demo_db, 4)
    demo_db.dispose()
    today = date.today().strftime("%d-%m-%Y")
    pdf, xlsx = tmp_path / "rekap.pdf", tmp_path / "rekap.xlsx"
    for target in (pdf, xlsx):
        assert main(["laporan", "rekap", "--dari", "01-01-2020", "--sampai", today, "-o", str(target),
                     "--db", str(demo_db_path)]) == 0
    text = text_of(pdf)
    assert "REKAPITULASI MUTASI PEGAWAI" in text and "Menurut jenis mutasi" in text and "800.1.3.3/Kep.1" in text
    wb = load_workbook(xlsx)
    assert "Menurut jenis mutasi" in wb.sheetnames and "OPD asal → OPD tujuan" in wb.sheetnames
    assert main(["laporan", "rekap", "--dari", "31-02-2025", "--sampai", today, "-o", str(pdf),
                 "--db", str(demo_db_path)]) == 2
    assert "tidak valid" in capsys.readouterr().err


def test_rekap_counts_match_the_usul(demo_db: Database) -> None:
    def status_counts() -> dict[str, int]:
        lap = report_service.rekap_mutasi(demo_db, dari=date(2020, 1, 1), sampai=date.today(), by=SYSTEM)
        return {str(k): int(str(v)) for k, v in {t.judul: t for t in lap.tabel}["Menurut status usul"].baris}

    before = status_counts()
    sk = _sk(demo_db, 5)
    after = status_counts()
    assert after.get("SK Ditetapkan", 0) == before.get("SK Ditetapkan", 0) + 5
    assert sum(after.values()) == sum(before.values()) + 5
    lap = report_service.rekap_mutasi(demo_db, dari=date(2025, 1, 1), sampai=date(2025, 1, 31), by=SYSTEM)
    tables = {t.judul: t for t in lap.tabel}
    assert [r[0] for r in tables["SK mutasi yang ditetapkan dalam periode"].baris] == [sk.nomor]
    matrix = tables["OPD asal → OPD tujuan"]
    assert matrix.total is not None and matrix.total[-1] == 5, "the SK of January 2025 puts its 5 usul there"
    assert {t.judul: t for t in lap.tabel}["Menurut status usul"].baris == (("SK Ditetapkan", 5),)
    with pytest.raises(DomainError, match="lebih awal"):
        report_service.rekap_mutasi(demo_db, dari=date(2025, 2, 1), sampai=date(2025, 1, 1), by=SYSTEM)


def test_formasi_and_nominatif_reports(demo_db: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from mutasi_desktop.db.models import Pegawai, UnitKerja

    lap = report_service.laporan_formasi(demo_db, by=SYSTEM)
    per_opd, detail = lap.tabel
    assert per_opd.total is not None and detail.total is not None
    assert per_opd.total[1] == detail.total[3]  # total kebutuhan agrees
    out = report_service.simpan_laporan(lap, tmp_path / "formasi.pdf")
    assert "FORMASI DAN LOWONGAN" in text_of(out)
    with demo_db.session() as s:
        opd = s.scalars(select(UnitKerja).where(UnitKerja.level == 0).order_by(UnitKerja.id)).first()
        assert opd is not None
        active = s.scalar(select(Pegawai.id).join(UnitKerja, Pegawai.unit_id == UnitKerja.id)
                          .where(UnitKerja.path.startswith(opd.path), Pegawai.kedudukan == "AKTIF").limit(1))
    nom = report_service.nominatif(demo_db, opd.id, by=SYSTEM)
    assert nom.subjudul == opd.nama
    assert (len(nom.tabel[0].baris) > 0) == (active is not None)
    xlsx = report_service.simpan_laporan(nom, tmp_path / "nominatif.xlsx")
    assert load_workbook(xlsx).sheetnames
    with pytest.raises(DomainError, match=r"\.docx"):
        report_service.simpan_laporan(nom, tmp_path / "nominatif.docx")


def test_cli_lists_sk_and_prints_letters(demo_db: Database, demo_db_path: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    ids = make_approved_usul(demo_db, 2)
    draft = sk_service.buat_sk(demo_db, by=SYSTEM, usul_ids=ids)
    demo_db.dispose()
    args = ["--db", str(demo_db_path)]
    assert main(["surat", "nota", "--sk", str(draft.id), "-o", str(tmp_path / "nota.pdf"), *args]) == 0
    assert "NOTA DINAS" in text_of(tmp_path / "nota.pdf")
    assert main(["surat", "pemberitahuan", str(ids[0]), "--nomor", "800/7/BKPSDM/2025",
                 "-o", str(tmp_path / "pem.pdf"), *args]) == 0
    assert "800/7/BKPSDM/2025" in text_of(tmp_path / "pem.pdf")
    capsys.readouterr()
    assert main(["surat", "spmt", str(ids[0]), "-o", str(tmp_path / "spmt.pdf"), *args]) == 2
    assert "SPMT hanya" in capsys.readouterr().err
    assert main(["sk", "daftar", *args]) == 0
    assert "(draf)" in capsys.readouterr().out


def test_cli_drafts_and_sets_an_sk(demo_db: Database, demo_db_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    ids = make_approved_usul(demo_db, 2)
    demo_db.dispose()
    args = ["--db", str(demo_db_path)]
    assert main(["sk", "buat", "--usul", ",".join(map(str, ids)), *args]) == 0
    out = capsys.readouterr().out
    sk_id = int(out.split("#")[1].split()[0])
    assert main(["sk", "tetapkan", str(sk_id), "--tanggal", "07-01-2025", "--tmt", "01-02-2025", *args]) == 0
    out = capsys.readouterr().out
    assert "800.1.3.3/Kep.1/BKPSDM/2025" in out and "7 Januari 2025" in out
    assert main(["sk", "tetapkan", str(sk_id), "--tanggal", "07-01-2025", *args]) == 2
    assert "sudah berstatus" in capsys.readouterr().err
    assert main(["sk", "buat", "--usul", "1,x", *args]) == 2
