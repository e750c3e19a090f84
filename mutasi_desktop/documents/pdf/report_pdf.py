"""Reports as PDF: rekap mutasi, formasi and vacancies, nominatif (reference §5 "Rekapitulasi")."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from mutasi_desktop.documents.pdf.base import (
    FONT,
    FONT_BOLD,
    DocTable,
    PageDecor,
    build_doc,
    esc,
    frame_width,
    make_styles,
    page_size,
)
from mutasi_desktop.documents.pdf.report_data import Laporan, TabelLaporan
from mutasi_desktop.documents.pdf.sk_data import Halaman
from mutasi_desktop.domain.dates import format_tanggal, format_tanggal_angka
from mutasi_desktop.domain.nip import format_nip

_NUMERIC = ("int", "number")


def _cell_text(value: object, jenis: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_tanggal_angka(value)
    if jenis == "nip" and isinstance(value, str) and len(value) == 18 and value.isdigit():
        return format_nip(value)
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _table(t: TabelLaporan, width: float, halaman: Halaman) -> list[Flowable]:
    st = make_styles(Halaman(ukuran_font=min(halaman.ukuran_font, 11.0)))
    shares = [k.lebar for k in t.kolom]
    free = [i for i, s in enumerate(shares) if s <= 0]
    rest = max(0.0, 1.0 - sum(s for s in shares if s > 0))
    for i in free:
        shares[i] = rest / len(free) if rest > 0 else 1.0 / len(shares)
    total_share = sum(shares)
    usable = width * (0.6 if len(t.kolom) <= 3 else 1.0)  # small count tables need not span the page
    widths = [usable * s / total_share for s in shares]
    head = [Paragraph(esc(k.judul), st.table_head) for k in t.kolom]
    rows: list[list[Any]] = [head]
    body = list(t.baris) + ([t.total] if t.total else [])
    for r in body:
        rows.append([
            Paragraph(esc(_cell_text(v, k.jenis)), st.right if k.jenis in _NUMERIC else st.table)
            if k.jenis not in _NUMERIC else esc(_cell_text(v, k.jenis))
            for v, k in zip(r, t.kolom, strict=False)
        ])  # fmt: skip
    table = DocTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.87, 0.9, 0.95)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 1), (-1, -1), FONT, st.table.fontSize),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, k in enumerate(t.kolom):
        if k.jenis in _NUMERIC:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if t.total:
        style += [("FONT", (0, -1), (-1, -1), FONT_BOLD, st.table.fontSize),
                  ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95))]
    table.setStyle(TableStyle(style))
    out: list[Flowable] = [KeepTogether([Paragraph(f"<b>{esc(t.judul)}</b>", st.normal), Spacer(1, 2 * mm)])]
    if not t.baris:
        out.append(Paragraph("<i>Tidak ada data.</i>", st.small))
    else:
        out.append(table)
    if t.catatan:
        out += [Spacer(1, 1 * mm), Paragraph(esc(t.catatan), st.small)]
    out.append(Spacer(1, 6 * mm))
    return out


def render_laporan(data: Laporan, out_path: Path, settings: Halaman | None = None) -> Path:
    """Any report made of titled tables."""
    halaman = settings or Halaman(margin_kiri=20, margin_kanan=15, margin_atas=20, margin_bawah=20)
    st = make_styles(halaman)
    size = landscape(page_size(halaman)) if data.mendatar else page_size(halaman)
    width = frame_width(size, halaman)
    story: list[Flowable] = []
    if data.instansi:
        story.append(Paragraph(esc(data.instansi.upper()), st.center_bold))
    story.append(Paragraph(esc(data.judul.upper()), st.center_bold))
    if data.subjudul:
        story.append(Paragraph(esc(data.subjudul), st.center))
    story.append(Spacer(1, 6 * mm))
    for t in data.tabel:
        story += _table(t, width, halaman)
    printed = f"Dicetak {format_tanggal(data.dicetak.date())} pukul {data.dicetak:%H.%M} dengan Mutasi Desktop"
    doc = build_doc(Path(out_path), halaman, title=data.judul, decor=PageDecor(catatan_kaki=printed),
                    portrait_first=not data.mendatar)
    doc.build(story)
    return Path(out_path)


def render_rekap_mutasi(data: Laporan, out_path: Path, settings: Halaman | None = None) -> Path:
    return render_laporan(data, out_path, settings)


def render_formasi_report(data: Laporan, out_path: Path, settings: Halaman | None = None) -> Path:
    return render_laporan(data, out_path, settings)


def render_nominatif(data: Laporan, out_path: Path, settings: Halaman | None = None) -> Path:
    return render_laporan(data, out_path, settings)
