"""An editable .docx of an SK (python-docx), for offices that must adapt wording by hand.

Same content and order as the PDF: kop, title, konsiderans, diktum, signature, tembusan, and the
Lampiran in a landscape section whose table header repeats on every page. The PDF stays the
document of record (it carries the verification code of the frozen content).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from mutasi_desktop.documents.pdf.parts import LAMPIRAN_HEADERS, fill_row, pangkat_golongan, signer_lines
from mutasi_desktop.documents.pdf.sk_data import KERTAS_A4, KOP_DINAS, SkData
from mutasi_desktop.domain.dates import format_tanggal, format_tanggal_angka
from mutasi_desktop.domain.document_texts import huruf_butir, ordinal
from mutasi_desktop.domain.nip import format_nip

FONT_NAME = "Arial"  # the office's Word has Arial; LibreOffice substitutes Liberation Sans (same metrics)


def _strip_markup(text: str) -> str:
    for tag in ("<b>", "</b>", "<u>", "</u>"):
        text = text.replace(tag, "")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _para(doc_or_cell: object, text: str, *, bold: bool = False, center: bool = False, size: float | None = None,
          underline: bool = False, justify: bool = False) -> object:
    p = doc_or_cell.add_paragraph()  # type: ignore[attr-defined]
    run = p.add_run(text)
    run.bold = bold
    run.underline = underline
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif justify:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.space_after = Pt(0)
    return p


def _label_table(doc: object, label: str, items: Sequence[str], markers: Sequence[str] | None = None) -> None:
    cols = 4 if markers else 3
    table = doc.add_table(rows=0, cols=cols)  # type: ignore[attr-defined]
    widths = [Mm(36), Mm(4)] + ([Mm(8)] if markers else []) + [Mm(112 if markers else 120)]
    for i, item in enumerate(items):
        cells = table.add_row().cells
        cells[0].text = label if i == 0 else ""
        cells[1].text = ":" if i == 0 else ""
        if markers:
            cells[2].text = markers[i]
        cells[-1].text = item
        cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for c, w in zip(cells, widths, strict=True):
            c.width = w


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _signature(doc: object, data: SkData) -> None:
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    right = table.rows[0].cells[1]
    right.text = f"Ditetapkan di {data.tempat}"
    _para(right, f"pada tanggal {format_tanggal(data.tanggal) if data.tanggal else '…'}")
    above, below = signer_lines(data.penandatangan, ttd=False)
    for line in above:
        _para(right, _strip_markup(line), center=True, bold=line is above[-1])
    for _ in range(4):
        _para(right, "")
    for i, line in enumerate(below):
        _para(right, _strip_markup(line), center=True, bold=i == 0, underline=i == 0 and data.penandatangan.cara != "KEPALA_DAERAH")
    left = table.rows[0].cells[0]
    if data.kode_verifikasi:
        left.text = f"Kode verifikasi: {data.kode_verifikasi}"


def write_sk_docx(data: SkData, out_path: Path) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(data.halaman.ukuran_font)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    section = doc.sections[0]
    h = data.halaman
    section.page_width, section.page_height = (Mm(210), Mm(297)) if h.kertas == KERTAS_A4 else (Mm(215), Mm(330))
    section.top_margin, section.bottom_margin = Mm(h.margin_atas), Mm(h.margin_bawah)
    section.left_margin, section.right_margin = Mm(h.margin_kiri), Mm(h.margin_kanan)

    if data.kop.gambar_path and Path(data.kop.gambar_path).is_file():
        doc.add_picture(data.kop.gambar_path, width=Mm(24))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        _para(doc, "[LOGO DAERAH]" if data.kop.jenis == KOP_DINAS else "[LAMBANG GARUDA]", center=True, size=8)
    if data.kop.jenis == KOP_DINAS:
        for i, line in enumerate(data.kop.baris):
            _para(doc, line, bold=True, center=True, size=h.ukuran_font + (1 if i == 0 else 4))
        for line in data.kop.alamat:
            _para(doc, line, center=True, size=h.ukuran_font - 3)
        _para(doc, "_" * 80, center=True, size=6)
    else:
        for line in data.kop.baris:
            _para(doc, line, bold=True, center=True, size=h.ukuran_font + 1)
    _para(doc, "")
    _para(doc, data.judul, bold=True, center=True)
    _para(doc, f"NOMOR : {data.nomor or '…'}", bold=True, center=True)
    _para(doc, "")
    _para(doc, "TENTANG", bold=True, center=True)
    _para(doc, data.tentang.upper(), bold=True, center=True)
    _para(doc, "")
    _para(doc, "DENGAN RAHMAT TUHAN YANG MAHA ESA", bold=True, center=True)
    _para(doc, "")
    _para(doc, data.pejabat_pembuka, bold=True, center=True)
    _para(doc, "")
    _label_table(doc, "Menimbang", data.menimbang, [f"{huruf_butir(i)}." for i in range(len(data.menimbang))])
    _label_table(doc, "Mengingat", data.mengingat, [f"{i}." for i in range(1, len(data.mengingat) + 1)])
    if data.memperhatikan:
        _label_table(doc, "Memperhatikan", data.memperhatikan)
    _para(doc, "")
    _para(doc, "MEMUTUSKAN:", bold=True, center=True)
    _label_table(doc, "Menetapkan", [f"{data.judul} TENTANG {data.tentang.upper()}."])
    if data.pakai_lampiran:
        first = data.diktum_satu
    else:
        p = data.pegawai[0]
        lahir = ", ".join(x for x in (p.tempat_lahir, format_tanggal(p.tanggal_lahir) if p.tanggal_lahir else "") if x)
        tmt = f" / {format_tanggal_angka(p.tmt_golongan)}" if p.tmt_golongan else ""
        first = "\n".join([
            data.diktum_satu_pembuka, f"Nama: {p.nama}", f"Tempat/Tanggal Lahir: {lahir}", f"NIP: {format_nip(p.nip)}",
            f"Pendidikan: {p.pendidikan}", f"Pangkat/Golongan/TMT: {pangkat_golongan(p)}{tmt}",
            f"Jabatan dan Unit Kerja Lama: {p.jabatan_lama} pada {p.unit_lama}", fill_row(data.diktum_satu_penutup, p),
        ])  # fmt: skip
    _label_table(doc, ordinal(1, data.gaya_ordinal), [first])
    for i, text in enumerate(data.diktum_lanjutan, start=2):
        _label_table(doc, ordinal(i, data.gaya_ordinal), [text])
    _para(doc, "")
    _signature(doc, data)
    if data.tembusan:
        _para(doc, "")
        _para(doc, data.tembusan_judul, underline=True, size=h.ukuran_font - 2)
        for i, t in enumerate(data.tembusan, start=1):
            _para(doc, f"{i}. {t}", size=h.ukuran_font - 2)

    if data.pakai_lampiran and data.pegawai:
        from docx.enum.section import WD_SECTION

        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        if h.lampiran_mendatar:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = section.page_height, section.page_width
        for line in (f"LAMPIRAN {data.judul}", f"NOMOR    : {data.nomor or '…'}",
                     f"TANGGAL  : {format_tanggal(data.tanggal) if data.tanggal else '…'}"):
            para = _para(doc, line)
            para.paragraph_format.left_indent = Mm(150 if h.lampiran_mendatar else 85)  # type: ignore[attr-defined]
        _para(doc, "")
        _para(doc, "DAFTAR PEGAWAI YANG DIPINDAHKAN", bold=True, center=True)
        table = doc.add_table(rows=1, cols=len(LAMPIRAN_HEADERS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, head in zip(table.rows[0].cells, LAMPIRAN_HEADERS, strict=True):
            cell.text = head
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
        small = Pt(max(7.0, h.ukuran_font - 3))
        for i, p in enumerate(data.pegawai, start=1):
            values = (f"{i}.", f"{p.nama}\nNIP. {format_nip(p.nip)}", pangkat_golongan(p), p.jabatan_lama, p.unit_lama,
                      p.jabatan_baru, p.unit_baru, p.keterangan)
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
                for run in cell.paragraphs[0].runs:
                    run.font.size = small
        _para(doc, "")
        _signature(doc, data)
    out_path = Path(out_path)
    doc.save(str(out_path))
    return out_path
