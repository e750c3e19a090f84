"""Building blocks shared by the decree, the petikan and the letters: kop, title, label tables,
signature block, inline pegawai data and the lampiran table (reference §4.2-4.4)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from mutasi_desktop.documents.pdf.base import (
    FONT,
    FONT_BOLD,
    GREY,
    DocTable,
    QrFlowable,
    Styles,
    esc,
    label_rows_style,
)
from mutasi_desktop.documents.pdf.sk_data import KOP_DINAS, Kop, PegawaiBaris, Penandatangan
from mutasi_desktop.domain.dates import format_tanggal, format_tanggal_angka
from mutasi_desktop.domain.nip import format_nip

EMBLEM_SIZE = 26 * mm
LOGO_SIZE = 24 * mm


@cache
def _image_size(path: str, mtime: float) -> tuple[int, int]:
    width, height = ImageReader(path).getSize()
    return int(width), int(height)


def _placeholder(label: str, size: float) -> Drawing:
    """A neutral, plainly marked stand-in until the office sets the real image file."""
    d = Drawing(size, size, initialFontName=FONT)
    d.add(Rect(1, 1, size - 2, size - 2, strokeColor=GREY, fillColor=None, strokeDashArray=[3, 2], strokeWidth=0.8))
    d.add(Circle(size / 2, size / 2 + 4, size / 2 - 10, strokeColor=colors.lightgrey, fillColor=None))
    for i, line in enumerate(label.split("\n")):
        d.add(String(size / 2, size / 2 + 6 - i * 9, line, fontName=FONT, fontSize=6.5, fillColor=GREY,
                     textAnchor="middle"))
    return d


def emblem_or_placeholder(path: str | None, size: float, label: str) -> Flowable:
    if path and Path(path).is_file():
        iw, ih = _image_size(path, Path(path).stat().st_mtime)
        scale = size / max(iw, ih)
        return Image(path, width=iw * scale, height=ih * scale)
    return _DrawingFlowable(_placeholder(label, size))


class _DrawingFlowable(Flowable):  # type: ignore[misc]
    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width = drawing.width
        self.height = drawing.height
        self.hAlign = "CENTER"

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)


def kop_flowables(kop: Kop, st: Styles, width: float) -> list[Flowable]:
    """Kop jabatan (emblem centred over the office) or kop dinas (logo left, names, address, rule)."""
    if kop.jenis == KOP_DINAS:
        texts: list[Flowable] = []
        for i, line in enumerate(kop.baris):
            texts.append(Paragraph(esc(line), st.kop_mid if i == 0 else st.kop_big))
        for line in kop.alamat:
            texts.append(Paragraph(esc(line), st.kop_small))
        logo = emblem_or_placeholder(kop.gambar_path, LOGO_SIZE, "LOGO DAERAH\n(belum diatur)")
        table = DocTable([[logo, texts]], colWidths=[LOGO_SIZE + 4 * mm, width - LOGO_SIZE - 8 * mm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 2.2, colors.black),
        ]))  # fmt: skip
        rule = DocTable([[""]], colWidths=[width], rowHeights=[1.5])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black)]))
        return [table, rule, Spacer(1, 5 * mm)]
    items: list[Flowable] = [emblem_or_placeholder(kop.gambar_path, EMBLEM_SIZE, "TEMPAT LAMBANG\nGARUDA\n(belum diatur)")]
    items.append(Spacer(1, 2 * mm))
    items.extend(Paragraph(esc(line), st.kop_mid) for line in kop.baris)
    items.append(Spacer(1, 5 * mm))
    return items


def title_block(judul: str, nomor: str, tentang: str, st: Styles, *, petikan: bool = False) -> list[Flowable]:
    out: list[Flowable] = []
    if petikan:
        out += [Paragraph("PETIKAN", st.center_bold), Spacer(1, 2 * mm)]
    out += [
        Paragraph(esc(judul), st.center_bold),
        Paragraph(f"NOMOR : {esc(nomor or '…')}", st.center_bold),
        Spacer(1, 3 * mm),
        Paragraph("TENTANG", st.center_bold),
        Spacer(1, 1.5 * mm),
        Paragraph(esc(tentang.upper()), st.center_bold),
        Spacer(1, 5 * mm),
    ]
    return out


def label_table(
    label: str,
    items: Sequence[str | list[Flowable]],
    st: Styles,
    width: float,
    *,
    markers: Sequence[str] | None = None,
    label_width: float = 36 * mm,
) -> Table:
    """Hanging-indent block: ``Menimbang : a. text`` with the text wrapping under itself.

    ``markers`` (``a.``, ``1.``) add a column; without them each item is one plain row.
    """
    colon_w = 4 * mm
    rows: list[list[Any]] = []
    marker_w = 8 * mm if markers else 0
    text_w = width - label_width - colon_w - marker_w
    for i, item in enumerate(items):
        cell: Any = Paragraph(esc(item), st.justify) if isinstance(item, str) else item
        row: list[Any] = [Paragraph(esc(label), st.normal) if i == 0 else "", ":" if i == 0 else ""]
        if markers:
            row.append(Paragraph(esc(markers[i]), st.normal))
        row.append(cell)
        rows.append(row)
    widths = [label_width, colon_w] + ([marker_w] if markers else []) + [text_w]
    # splitInRow: a long Mengingat item may run on to the next page, as in a word processor.
    table = DocTable(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle(label_rows_style([("FONT", (0, 0), (-1, -1), FONT, st.normal.fontSize)])))
    return table


def pangkat_golongan(p: PegawaiBaris) -> str:
    parts = [x for x in (p.pangkat, p.golongan) if x]
    return ", ".join(parts) if parts else "-"


def pegawai_inline(p: PegawaiBaris, st: Styles, width: float) -> Table:
    """The data lines of one pegawai under KESATU (DIY style, reference §4.2)."""
    lahir = ", ".join(x for x in (p.tempat_lahir, format_tanggal(p.tanggal_lahir) if p.tanggal_lahir else "") if x)
    pangkat = pangkat_golongan(p)
    if p.tmt_golongan:
        pangkat += f" / {format_tanggal_angka(p.tmt_golongan)}"
    lama = " pada ".join(x for x in (p.jabatan_lama, p.unit_lama) if x) or "-"
    lines = [
        ("Nama", f"<b>{esc(p.nama)}</b>"),
        ("Tempat/Tanggal Lahir", esc(lahir or "-")),
        ("NIP", esc(format_nip(p.nip) if p.nip else "-")),
        ("Pendidikan", esc(p.pendidikan or "-")),
        ("Pangkat/Golongan/TMT", esc(pangkat)),
        ("Jabatan dan Unit Kerja Lama", esc(lama)),
    ]
    label_w = 58 * mm
    rows = [[Paragraph(label, st.normal), ":", Paragraph(value, st.normal)] for label, value in lines]
    table = DocTable(rows, colWidths=[label_w, 4 * mm, width - label_w - 4 * mm], hAlign="LEFT")
    table.setStyle(TableStyle(label_rows_style([("FONT", (0, 0), (-1, -1), FONT, st.normal.fontSize)])))
    return table


def fill_row(pattern: str, p: PegawaiBaris) -> str:
    return pattern.replace("{jabatan_baru}", p.jabatan_baru or "-").replace("{unit_baru}", p.unit_baru or "-")


def nama_kapital(nama: str) -> str:
    """A kepala daerah's name in capitals with the degrees as written: "H. ARIF BUDIMAN, S.H., M.Si."."""
    name, sep, degrees = nama.partition(",")
    words = [w if w.endswith(".") else w.upper() for w in name.split()]
    return " ".join(words) + sep + degrees


def signer_lines(s: Penandatangan, *, ttd: bool) -> tuple[list[str], list[str]]:
    """(office lines above the signature space, lines below it) as Paragraph markup."""
    above: list[str] = []
    jabatan = esc(s.jabatan)
    if s.cara == "KEPALA_DAERAH":
        above.append(f"{jabatan},")
    elif s.cara == "UB":
        above += [f"a.n. {esc(s.atas_nama)}", f"{esc(s.ub_jabatan)},", "u.b.", f"{jabatan},"]
    else:
        if s.atas_nama:
            above.append(f"a.n. {esc(s.atas_nama)}")
        prefix = {"PLT": "Plt. ", "PLH": "Plh. "}.get(s.cara, "")
        above.append(f"{prefix}{jabatan},")
    below: list[str] = []
    if ttd:
        below.append("ttd")
    if s.cara == "KEPALA_DAERAH":
        below.append(f"<b>{esc(nama_kapital(s.nama))}</b>")
    else:
        below.append(f"<b><u>{esc(s.nama)}</u></b>")
        if s.pangkat:
            below.append(esc(s.pangkat))
        if s.nip:
            below.append(f"NIP. {esc(format_nip(s.nip))}")
    return above, below


def signature_block(
    s: Penandatangan,
    st: Styles,
    *,
    tempat: str,
    tanggal: str,
    ttd: bool = False,
    with_place: bool = True,
) -> list[Flowable]:
    """Ditetapkan di / pada tanggal, then the signer. Placed in the right column by the caller."""
    out: list[Flowable] = []
    if with_place:
        place = DocTable(
            [[Paragraph("Ditetapkan di", st.normal), Paragraph(esc(tempat), st.normal)],
             [Paragraph("pada tanggal", st.normal), Paragraph(esc(tanggal), st.normal)]],
            colWidths=[30 * mm, None], hAlign="LEFT",
        )  # fmt: skip
        place.setStyle(TableStyle(label_rows_style([("LINEBELOW", (0, 1), (-1, 1), 0.7, colors.black)])))
        out += [place, Spacer(1, 3 * mm)]
    above, below = signer_lines(s, ttd=ttd)
    out += [Paragraph(line, st.center_bold if i == len(above) - 1 else st.center) for i, line in enumerate(above)]
    out.append(Spacer(1, 6 * mm if ttd else 22 * mm))
    out += [Paragraph(line, st.center) for line in below]
    return out


def signature_row(
    right: list[Flowable],
    width: float,
    *,
    left: list[Flowable] | None = None,
    right_width: float = 85 * mm,
) -> Table:
    table = DocTable([[left or "", right]], colWidths=[width - right_width, right_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (0, 0), "BOTTOM"), ("VALIGN", (1, 0), (1, 0), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return table


def certification_row(cert: list[Flowable], qr: list[Flowable], width: float, cert_width: float = 85 * mm) -> Table:
    """Petikan: the "sesuai dengan aslinya" block bottom left, the QR code at the right margin."""
    qr_width = 38 * mm
    table = DocTable([[cert, "", qr]], colWidths=[cert_width, width - cert_width - qr_width, qr_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return table


def qr_block(payload: str, kode: str, st: Styles, size: float = 24 * mm) -> list[Flowable]:
    if not payload:
        return []
    qr = QrFlowable(payload, size)
    qr.hAlign = "LEFT"
    return [qr, Spacer(1, 1 * mm), Paragraph(f"Kode verifikasi:<br/><b>{esc(kode)}</b>", st.small)]


def paraf_table(labels: Sequence[str], st: Styles) -> Table:
    rows: list[list[Any]] = [[Paragraph("<b>No.</b>", st.table_center), Paragraph("<b>Paraf Koordinasi</b>", st.table),
                              Paragraph("<b>Paraf</b>", st.table_center)]]
    rows += [[Paragraph(f"{i}.", st.table_center), Paragraph(esc(label), st.table), ""] for i, label in
             enumerate(labels, start=1)]
    table = DocTable(rows, colWidths=[10 * mm, 48 * mm, 18 * mm], rowHeights=[None] + [9 * mm] * len(labels),
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), FONT, 8),
    ]))  # fmt: skip
    return table


def tembusan_block(judul: str, items: Sequence[str], st: Styles, width: float) -> list[Flowable]:
    if not items:
        return []
    rows = [[Paragraph(f"{i}.", st.small), Paragraph(esc(t), st.small)] for i, t in enumerate(items, start=1)]
    table = DocTable(rows, colWidths=[7 * mm, width * 0.6], hAlign="LEFT")
    table.setStyle(TableStyle(label_rows_style()))
    return [Spacer(1, 6 * mm), KeepTogether([Paragraph(f"<u>{esc(judul)}</u>", st.small), table])]


class _NamaNipCell(Flowable):  # type: ignore[misc]
    """The Nama/NIP cell of a lampiran row: the name in bold (wrapped), the grouped NIP below.

    Drawn directly: a Paragraph per row made Paragraph layout the main cost of a long lampiran.
    """

    def __init__(self, nama: str, nip: str, width: float, size: float, leading: float) -> None:
        super().__init__()
        self.lines = [(FONT_BOLD, line) for line in simpleSplit(nama, FONT_BOLD, size, width)]
        self.lines += [(FONT, line) for line in simpleSplit(f"NIP. {format_nip(nip)}", FONT, size, width)]
        self.size = size
        self.leading = leading
        self.width = width
        self.height = leading * len(self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        y = self.height - self.size
        for font, line in self.lines:
            self.canv.setFont(font, self.size)
            self.canv.drawString(0, y, line)
            y -= self.leading


LAMPIRAN_HEADERS = (
    "No.", "Nama / NIP", "Pangkat / Gol. Ruang", "Jabatan Lama", "Unit Kerja Lama",
    "Jabatan Baru", "Unit Kerja Baru", "Ket.",
)  # fmt: skip
_LAMPIRAN_SHARES = (0.045, 0.17, 0.12, 0.14, 0.14, 0.14, 0.14, 0.105)


def lampiran_table(pegawai: Sequence[PegawaiBaris], st: Styles, width: float) -> Table:
    """No | Nama/NIP | Pangkat/Gol | Jabatan lama | Unit lama | Jabatan baru | Unit baru | Ket.

    The header row and the column-number row repeat at the top of every page.
    """
    ts = st.table
    widths = [width * s for s in _LAMPIRAN_SHARES]
    pad = 6.0  # left + right cell padding

    def wrapped(text: str, col: int) -> str:
        # Plain pre-wrapped strings instead of Paragraphs: a 300-row lampiran has 2,400 cells and
        # Paragraph layout dominated the time to print it.
        return "\n".join(simpleSplit(text, FONT, ts.fontSize, widths[col] - pad)) or ""

    rows: list[list[Any]] = [
        [Paragraph(h, st.table_head) for h in LAMPIRAN_HEADERS],
        [str(i) for i in range(1, len(LAMPIRAN_HEADERS) + 1)],
    ]
    for i, p in enumerate(pegawai, start=1):
        rows.append([
            f"{i}.",
            _NamaNipCell(p.nama, p.nip, widths[1] - pad, ts.fontSize, ts.leading),
            wrapped(pangkat_golongan(p), 2),
            wrapped(p.jabatan_lama or "-", 3),
            wrapped(p.unit_lama or "-", 4),
            wrapped(p.jabatan_baru or "-", 5),
            wrapped(p.unit_baru or "-", 6),
            wrapped(p.keterangan, 7),
        ])  # fmt: skip
    table = DocTable(rows, colWidths=widths, repeatRows=2, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.9, 0.9, 0.9)),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, 1), FONT_BOLD, ts.fontSize),
        ("FONT", (0, 2), (-1, -1), FONT, ts.fontSize, ts.leading),
        ("ALIGN", (0, 1), (-1, 1), "CENTER"),
        ("ALIGN", (0, 2), (0, -1), "CENTER"),
    ]))  # fmt: skip
    return table


def lampiran_header(judul: str, nomor: str, tanggal: str, st: Styles, width: float) -> Table:
    """Top-right block: LAMPIRAN KEPUTUSAN ... / NOMOR : ... / TANGGAL : ..."""
    box_w = min(width * 0.5, 110 * mm)
    rows = [
        [Paragraph(f"LAMPIRAN {esc(judul)}", st.normal), "", ""],
        [Paragraph("NOMOR", st.normal), ":", Paragraph(esc(nomor or "…"), st.normal)],
        [Paragraph("TANGGAL", st.normal), ":", Paragraph(esc(tanggal or "…"), st.normal)],
    ]
    inner = DocTable(rows, colWidths=[24 * mm, 4 * mm, box_w - 28 * mm])
    inner.setStyle(TableStyle(label_rows_style([("SPAN", (0, 0), (-1, 0)), ("FONT", (0, 0), (-1, -1), FONT, st.normal.fontSize)])))
    outer = DocTable([["", inner]], colWidths=[width - box_w, box_w], hAlign="LEFT")
    outer.setStyle(TableStyle(label_rows_style()))
    return outer
