"""Shared page setup for every PDF: bundled fonts, paper, styles, page templates, footer, QR.

Fonts: Liberation Sans (metric-compatible with Arial, SIL OFL, ``resources/fonts``) registered
as TrueType, so ReportLab embeds a subset of it (``/FontFile2``) in every document and the page
looks the same on any computer that opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from mutasi_desktop.documents.pdf.sk_data import KERTAS_A4, Halaman
from mutasi_desktop.resource_files import resources_dir

F4 = (215 * mm, 330 * mm)  # 609.45 x 935.43 pt
FONT = "LiberationSans"
FONT_BOLD = "LiberationSans-Bold"
FONT_ITALIC = "LiberationSans-Italic"
FONT_BOLD_ITALIC = "LiberationSans-BoldItalic"
_FONT_FILES = {
    FONT: "LiberationSans-Regular.ttf",
    FONT_BOLD: "LiberationSans-Bold.ttf",
    FONT_ITALIC: "LiberationSans-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
}
GREY = colors.Color(0.35, 0.35, 0.35)
# Printed under every page so a reader knows how to check the document.
FOOTER_HINT = "Keaslian dokumen dapat diperiksa dengan menu Verifikasi Dokumen pada aplikasi Mutasi Desktop"


class FontError(RuntimeError):
    """The bundled fonts are missing (an installation problem)."""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


@cache
def register_fonts() -> str:
    """Register the four Liberation Sans styles once per process; returns the family name."""
    folder = fonts_dir()
    for name, filename in _FONT_FILES.items():
        path = folder / filename
        if not path.is_file():
            raise FontError(f"Berkas huruf {filename} tidak ditemukan di {folder}; pasang ulang aplikasi")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
    return FONT


def page_size(halaman: Halaman) -> tuple[float, float]:
    return A4 if halaman.kertas == KERTAS_A4 else F4


@dataclass(frozen=True)
class Styles:
    normal: ParagraphStyle
    justify: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    right: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    small_bold_center: ParagraphStyle
    kop_big: ParagraphStyle
    kop_mid: ParagraphStyle
    kop_small: ParagraphStyle
    table: ParagraphStyle
    table_center: ParagraphStyle
    table_head: ParagraphStyle


@cache
def make_styles(halaman: Halaman) -> Styles:
    register_fonts()
    size = halaman.ukuran_font

    def style(name: str, *, font: str = FONT, s: float = size, lead: float | None = None, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=s, leading=lead or s * 1.15 * halaman.spasi, **kw)

    table_size = max(7.0, size - 3)
    return Styles(
        normal=style("normal", alignment=TA_LEFT),
        justify=style("justify", alignment=TA_JUSTIFY),
        center=style("center", alignment=TA_CENTER),
        center_bold=style("center_bold", font=FONT_BOLD, alignment=TA_CENTER),
        right=style("right", alignment=TA_RIGHT),
        bold=style("bold", font=FONT_BOLD),
        small=style("small", s=size - 2, lead=(size - 2) * 1.2),
        small_center=style("small_center", s=size - 2, lead=(size - 2) * 1.2, alignment=TA_CENTER),
        small_bold_center=style("small_bold_center", font=FONT_BOLD, s=size - 2, lead=(size - 2) * 1.2,
                                alignment=TA_CENTER),
        kop_big=style("kop_big", font=FONT_BOLD, s=size + 4, lead=(size + 4) * 1.2, alignment=TA_CENTER),
        kop_mid=style("kop_mid", font=FONT_BOLD, s=size + 1, lead=(size + 1) * 1.2, alignment=TA_CENTER),
        kop_small=style("kop_small", s=size - 3, lead=(size - 3) * 1.25, alignment=TA_CENTER),
        table=style("table", s=table_size, lead=table_size * 1.2),
        table_center=style("table_center", s=table_size, lead=table_size * 1.2, alignment=TA_CENTER),
        table_head=style("table_head", font=FONT_BOLD, s=table_size, lead=table_size * 1.2, alignment=TA_CENTER),
    )


def esc(text: str) -> str:
    """Escape text for a ReportLab Paragraph (which reads a little XML)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


QR_MASK = 0  # checkerboard mask; see qr_modules


@cache
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of the QR code of ``payload`` (error correction M).

    A fixed mask instead of trying all eight and scoring them: the scoring took a third of the
    time of a whole petikan, and every reader decodes any mask (checked with zbar in the tests).
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR code of ``payload``, ``size`` points square, with its quiet zone.

    Drawn as one filled path of horizontal runs: ReportLab's QR widget builds one shape object
    per module and costs more than the rest of a petikan together.
    """

    QUIET = 2  # modules of white border (the label below the code keeps its distance too)

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.width = size
        self.height = size

    def draw(self) -> None:
        modules = qr_modules(self.payload)
        n = len(modules)
        unit = self.size / (n + 2 * self.QUIET)
        path = self.canv.beginPath()
        for r, row in enumerate(modules):
            y = self.size - (r + 1 + self.QUIET) * unit
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect((start + self.QUIET) * unit, y, (c - start) * unit, unit)
                else:
                    c += 1
        self.canv.saveState()
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


PageHook = Callable[[Canvas, BaseDocTemplate], None]


@dataclass(frozen=True)
class PageDecor:
    """What every page carries besides the flowing text."""

    kode: str = ""  # printed verification code (already formatted)
    draf: bool = False
    nomor_halaman: bool = True  # "- 2 -" at the top from page 2 on
    catatan_kaki: str = ""  # extra footer text (reports: printed on ...)


def _decorate(canv: Canvas, doc: BaseDocTemplate, decor: PageDecor, margin_bottom: float) -> None:
    width, height = canv._pagesize
    canv.saveState()
    page = canv.getPageNumber()
    if decor.nomor_halaman and page > 1:
        canv.setFont(FONT, 10)
        canv.drawCentredString(width / 2, height - 12 * mm, f"- {page} -")
    footer = []
    if decor.kode:
        footer.append(f"Kode verifikasi: {decor.kode}. {FOOTER_HINT}.")
    if decor.catatan_kaki:
        footer.append(decor.catatan_kaki)
    if footer:
        canv.setFont(FONT, 7)
        canv.setFillColor(GREY)
        y = min(margin_bottom / 2, 12 * mm)
        for line in footer:
            canv.drawCentredString(width / 2, y, line)
            y -= 9
    if decor.draf:
        canv.setFont(FONT_BOLD, 110)
        canv.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
        canv.translate(width / 2, height / 2)
        canv.rotate(50)
        canv.drawCentredString(0, -40, "DRAF")
    canv.restoreState()


def build_doc(
    out_path: Path,
    halaman: Halaman,
    *,
    title: str,
    decor: PageDecor,
    with_landscape: bool = False,
    portrait_first: bool = True,
) -> BaseDocTemplate:
    """A document with templates ``first``/``later`` (portrait) and ``mendatar`` (landscape).

    ``portrait_first=False`` starts on the landscape template (wide reports).
    """
    register_fonts()
    size = page_size(halaman)
    wide = landscape(size)
    doc = BaseDocTemplate(
        str(out_path),
        pagesize=size if portrait_first else wide,
        title=title,
        author="Mutasi Desktop",
        creator="Mutasi Desktop",
        leftMargin=halaman.margin_kiri * mm,
        rightMargin=halaman.margin_kanan * mm,
        topMargin=halaman.margin_atas * mm,
        bottomMargin=halaman.margin_bawah * mm,
        invariant=1,  # same input, same bytes (no creation timestamp, fixed document id)
        initialFontName=FONT,  # else every page starts with a (non-embedded) Helvetica reference
    )
    bottom = halaman.margin_bawah * mm

    def frame(pagesize: tuple[float, float], fid: str) -> Frame:
        w, h = pagesize
        return Frame(
            halaman.margin_kiri * mm, bottom,
            w - (halaman.margin_kiri + halaman.margin_kanan) * mm, h - (halaman.margin_atas * mm) - bottom,
            id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip

    def on_page(canv: Canvas, d: BaseDocTemplate) -> None:
        _decorate(canv, d, decor, bottom)

    templates = [
        PageTemplate("first", [frame(size, "f1")], onPage=on_page, pagesize=size, autoNextPageTemplate="later"),
        PageTemplate("later", [frame(size, "f2")], onPage=on_page, pagesize=size),
    ]
    if with_landscape or not portrait_first:
        templates.append(PageTemplate("mendatar", [frame(wide, "f3")], onPage=on_page, pagesize=wide))
    if not portrait_first:
        templates.insert(0, templates.pop())
    doc.addPageTemplates(templates)
    return doc


def frame_width(pagesize: tuple[float, float], halaman: Halaman) -> float:
    return float(pagesize[0] - (halaman.margin_kiri + halaman.margin_kanan) * mm)


def label_rows_style(extra: Sequence[tuple[Any, ...]] = ()) -> list[tuple[Any, ...]]:
    """Table style of hanging-indent label tables (Menimbang, diktum, data lines): no borders."""
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ]


class DocTable(Table):  # type: ignore[misc]
    """A Table whose cells default to the embedded font (ReportLab's default is Helvetica, which
    would put a non-embedded font reference in the PDF even for empty cells)."""

    def __init__(self, data: Any, *args: Any, style: Any = None, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        # A table split across pages is rebuilt with its cell styles passed in: keep them.
        if kwargs.get("cellStyles") is None:
            self.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10)]))
        if style is not None:
            self.setStyle(style)
