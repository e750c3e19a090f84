"""SPMT, surat pemberitahuan, nota usul, reports (PDF and xlsx) and the .docx export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from pdf_reading import assert_in_order, fonts, full_text, is_embedded, page_sizes

from mutasi_desktop.documents.docx_export import write_sk_docx
from mutasi_desktop.documents.pdf.letters_pdf import (
    NotaUsulData,
    PemberitahuanData,
    SpmtData,
    UsulRingkas,
    render_nota_usul,
    render_spmt,
    render_surat_pemberitahuan,
)
from mutasi_desktop.documents.pdf.report_data import KolomLaporan, Laporan, TabelLaporan
from mutasi_desktop.documents.pdf.report_pdf import render_laporan
from mutasi_desktop.documents.pdf.sample import sample_pegawai, sample_sk
from mutasi_desktop.documents.pdf.sk_data import KOP_DINAS, Kop, Penandatangan
from mutasi_desktop.documents.report_xlsx import write_laporan_xlsx
from mutasi_desktop.domain.nip import format_nip

KOP = Kop(jenis=KOP_DINAS, baris=("PEMERINTAH KABUPATEN SUKAMAJU", "DINAS KESEHATAN"), alamat=("Jl. Contoh 2",))
KEPALA = Penandatangan(cara="AN", jabatan="KEPALA DINAS KESEHATAN", nama="dr. Sari Wulandari", pangkat="Pembina",
                       nip="197001011995032001")


def test_spmt_names_signer_pegawai_and_decree(tmp_path: Path) -> None:
    p = sample_pegawai(1)[0]
    data = SpmtData(kop=KOP, nomor="800/12/Dinkes/2025", penandatangan=KEPALA, pegawai=p,
                    isi="berdasarkan Keputusan Bupati Sukamaju Nomor 800.1.3.3/Kep.1/BKPSDM/2025 tanggal 7 Januari "
                        "2025, terhitung mulai tanggal 3 Februari 2025 telah nyata melaksanakan tugas.",
                    penutup="Demikian surat pernyataan ini dibuat.", tempat="Sukamaju", tanggal=date(2025, 2, 3))
    text = full_text(render_spmt(data, tmp_path / "spmt.pdf"))
    assert_in_order(text, ["PEMERINTAH KABUPATEN SUKAMAJU", "SURAT PERNYATAAN MELAKSANAKAN TUGAS", "800/12/Dinkes/2025",
                           "Yang bertanda tangan", "dr. Sari Wulandari", "19700101 199503 2 001",
                           "menyatakan dengan sesungguhnya", p.nama, format_nip(p.nip), p.jabatan_baru,
                           "Nomor 800.1.3.3/Kep.1/BKPSDM/2025", "Sukamaju, 3 Februari 2025", "KEPALA DINAS KESEHATAN,"])


def test_pemberitahuan_and_nota_usul(tmp_path: Path) -> None:
    p = sample_pegawai(1)[0]
    pem = PemberitahuanData(kop=KOP, nomor="800/5/BKPSDM/2025", tanggal=date(2025, 1, 2), tempat="Sukamaju", pegawai=p,
                            isi="Bersama ini kami beritahukan rencana mutasi.", alasan="Pemenuhan kebutuhan formasi",
                            tmt_rencana=date(2025, 2, 1), penutup="Terima kasih.", penandatangan=KEPALA)
    text = full_text(render_surat_pemberitahuan(pem, tmp_path / "pem.pdf"))
    assert_in_order(text, ["Nomor", "800/5/BKPSDM/2025", "Hal", "Pemberitahuan Rencana Mutasi", "Sukamaju, 2 Januari 2025",
                           p.nama, "Jabatan yang direncanakan", p.jabatan_baru, "Rencana TMT", "1 Februari 2025",
                           "Pertimbangan", "Pemenuhan kebutuhan formasi", "dr. Sari Wulandari"])
    usul = tuple(UsulRingkas(nama=q.nama, nip=q.nip, golongan=q.golongan, asal=q.unit_lama, tujuan=q.unit_baru,
                             jenis="Antar OPD") for q in sample_pegawai(40))
    nota = NotaUsulData(kop=KOP, kepada="Bupati Sukamaju", dari="Kepala BKPSDM", nomor="800/9/BKPSDM/2025",
                        tanggal=date(2025, 1, 3), tempat="Sukamaju", hal="Usul Mutasi Antar OPD",
                        pengantar="Bersama ini kami sampaikan 40 usul.", usul=usul, saran="Mohon persetujuan.",
                        penandatangan=KEPALA)
    text = full_text(render_nota_usul(nota, tmp_path / "nota.pdf"))
    assert_in_order(text, ["NOTA DINAS", "Kepada", "Yth. Bupati Sukamaju", "Hal", "Usul Mutasi Antar OPD",
                           "40 usul", usul[0].nama, usul[-1].nama, "Mohon persetujuan.", "dr. Sari Wulandari"])


def _laporan() -> Laporan:
    t1 = TabelLaporan(judul="Menurut jenis", kolom=(KolomLaporan("Jenis"), KolomLaporan("Jumlah", "int")),
                      baris=(("Antar OPD", 1234), ("Antar unit", 5)), total=("Jumlah", 1239))
    t2 = TabelLaporan(judul="Pegawai", kolom=(KolomLaporan("Nama"), KolomLaporan("NIP", "nip"), KolomLaporan("Lahir", "date")),
                      baris=(("Andi", "196003181986031012", date(1960, 3, 18)),))
    return Laporan(judul="Rekapitulasi Mutasi", subjudul="Periode 2025", instansi="Pemerintah Kabupaten Sukamaju",
                   tabel=(t1, t2), dicetak=datetime(2025, 1, 7, 9, 30))


def test_report_pdf_landscape_with_formatted_values(tmp_path: Path) -> None:
    out = render_laporan(_laporan(), tmp_path / "rekap.pdf")
    text = full_text(out)
    assert_in_order(text, ["PEMERINTAH KABUPATEN SUKAMAJU", "REKAPITULASI MUTASI", "Periode 2025", "Menurut jenis",
                           "Antar OPD", "1.234", "Jumlah", "1.239", "Pegawai", "19600318 198603 1 012", "18-03-1960"])
    assert "Dicetak 7 Januari 2025 pukul 09.30" in text
    w, h = page_sizes(out)[0]
    assert w > h
    assert all(is_embedded(f) for f in fonts(out).values())


def test_report_xlsx_one_sheet_per_table_nip_as_text(tmp_path: Path) -> None:
    out = write_laporan_xlsx(_laporan(), tmp_path / "rekap.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Menurut jenis", "Pegawai"]
    values = [c for row in wb["Pegawai"].iter_rows(values_only=True) for c in row]
    assert "196003181986031012" in values
    first = [c for row in wb["Menurut jenis"].iter_rows(values_only=True) for c in row]
    assert 1234 in first and 1239 in first and "Rekapitulasi Mutasi" in first


def test_docx_export_holds_the_decree_text(tmp_path: Path) -> None:
    from docx import Document

    data = sample_sk(3)
    doc = Document(str(write_sk_docx(data, tmp_path / "sk.docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "NOMOR : 800.1.3.3/Kep.123/BKPSDM/2025" in body
    assert "DENGAN RAHMAT TUHAN YANG MAHA ESA" in body
    assert "LAMPIRAN KEPUTUSAN BUPATI SUKAMAJU" in body
    assert data.pegawai[2].nama in cells and "Menimbang" in cells and "KESATU" in cells
    assert abs(doc.sections[0].page_height.mm - 330) < 0.5
