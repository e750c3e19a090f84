"""Letters around a mutasi (reference §5): SPMT, surat pemberitahuan, nota usul / telaahan staf."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from mutasi_desktop.documents.pdf.base import (
    FONT,
    DocTable,
    PageDecor,
    Styles,
    build_doc,
    esc,
    frame_width,
    label_rows_style,
    make_styles,
    page_size,
)
from mutasi_desktop.documents.pdf.parts import kop_flowables, pangkat_golongan, signature_row, signer_lines
from mutasi_desktop.documents.pdf.sk_data import Halaman, Kop, PegawaiBaris, Penandatangan
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.nip import format_nip


@dataclass(frozen=True)
class SpmtData:
    """Surat Pernyataan Melaksanakan Tugas: the head of the new unit states the pegawai started."""

    kop: Kop
    nomor: str
    penandatangan: Penandatangan  # head of the new unit
    pegawai: PegawaiBaris
    isi: str  # filled text ("berdasarkan Keputusan ... telah nyata melaksanakan tugas ...")
    penutup: str
    tempat: str
    tanggal: date


@dataclass(frozen=True)
class PemberitahuanData:
    """Surat pemberitahuan to the pegawai about a planned mutasi and its reasons."""

    kop: Kop
    nomor: str
    tanggal: date
    tempat: str
    pegawai: PegawaiBaris
    isi: str
    alasan: str
    tmt_rencana: date | None
    penutup: str
    penandatangan: Penandatangan
    sifat: str = "Biasa"
    tembusan: tuple[str, ...] = ()


@dataclass(frozen=True)
class UsulRingkas:
    nama: str
    nip: str
    golongan: str
    asal: str  # "jabatan pada unit"
    tujuan: str
    jenis: str
    catatan: str = ""


@dataclass(frozen=True)
class NotaUsulData:
    """Nota dinas / telaahan staf summarising a batch for the approving official."""

    kop: Kop
    kepada: str
    dari: str
    nomor: str
    tanggal: date
    tempat: str
    hal: str
    pengantar: str
    usul: tuple[UsulRingkas, ...]
    saran: str
    penandatangan: Penandatangan
    sifat: str = "Segera"
    lampiran: str = "-"


def _fields_table(rows: Sequence[tuple[str, str]], st: Styles, width: float, label_w: float = 58 * mm) -> Table:
    data = [[Paragraph(esc(k), st.normal), ":", Paragraph(v, st.normal)] for k, v in rows]
    table = DocTable(data, colWidths=[label_w, 4 * mm, width - label_w - 4 * mm], hAlign="LEFT")
    table.setStyle(TableStyle(label_rows_style([("FONT", (0, 0), (-1, -1), FONT, st.normal.fontSize)])))
    return table


def _letter_signature(s: Penandatangan, st: Styles, width: float, *, place_date: str | None) -> Flowable:
    above, below = signer_lines(s, ttd=False)
    right: list[Flowable] = []
    if place_date:
        right.append(Paragraph(esc(place_date), st.center))
    right += [Paragraph(line, st.center_bold if i == len(above) - 1 else st.center) for i, line in enumerate(above)]
    right.append(Spacer(1, 22 * mm))
    right += [Paragraph(line, st.center) for line in below]
    return KeepTogether([Spacer(1, 6 * mm), signature_row(right, width)])


def _person_rows(p: PegawaiBaris, jabatan: str, unit: str) -> list[tuple[str, str]]:
    return [
        ("Nama", f"<b>{esc(p.nama)}</b>"),
        ("NIP", esc(format_nip(p.nip))),
        ("Pangkat/Golongan Ruang", esc(pangkat_golongan(p))),
        ("Jabatan", esc(jabatan or "-")),
        ("Unit Kerja", esc(unit or "-")),
    ]


def render_spmt(data: SpmtData, out_path: Path, settings: Halaman | None = None) -> Path:
    halaman = settings or Halaman()
    st = make_styles(halaman)
    width = frame_width(page_size(halaman), halaman)
    story: list[Flowable] = kop_flowables(data.kop, st, width)
    story += [
        Paragraph("<u>SURAT PERNYATAAN MELAKSANAKAN TUGAS</u>", st.center_bold),
        Paragraph(f"Nomor: {esc(data.nomor or '…')}", st.center),
        Spacer(1, 8 * mm),
        Paragraph("Yang bertanda tangan di bawah ini:", st.normal), Spacer(1, 2 * mm),
    ]  # fmt: skip
    s = data.penandatangan
    story.append(_fields_table([
        ("Nama", f"<b>{esc(s.nama)}</b>"), ("NIP", esc(format_nip(s.nip) if s.nip else "-")),
        ("Pangkat/Golongan Ruang", esc(s.pangkat or "-")), ("Jabatan", esc(s.jabatan)),
    ], st, width))  # fmt: skip
    story += [Spacer(1, 4 * mm), Paragraph("dengan ini menyatakan dengan sesungguhnya bahwa:", st.normal),
              Spacer(1, 2 * mm)]
    story.append(_fields_table(_person_rows(data.pegawai, data.pegawai.jabatan_baru, data.pegawai.unit_baru), st,
                               width))
    story += [Spacer(1, 4 * mm), Paragraph(esc(data.isi), st.justify), Spacer(1, 3 * mm),
              Paragraph(esc(data.penutup), st.justify)]
    story.append(_letter_signature(s, st, width, place_date=f"{data.tempat}, {format_tanggal(data.tanggal)}"))
    doc = build_doc(Path(out_path), halaman, title="Surat Pernyataan Melaksanakan Tugas", decor=PageDecor())
    doc.build(story)
    return Path(out_path)


def _letter_head(nomor: str, sifat: str, lampiran: str, hal: str, tempat_tanggal: str, st: Styles,
                 width: float) -> list[Flowable]:
    left = _fields_table([("Nomor", esc(nomor or "…")), ("Sifat", esc(sifat)), ("Lampiran", esc(lampiran)),
                          ("Hal", f"<b>{esc(hal)}</b>")], st, width * 0.6, label_w=22 * mm)
    table = DocTable([[left, Paragraph(esc(tempat_tanggal), st.right)]], colWidths=[width * 0.6, width * 0.4])
    table.setStyle(TableStyle(label_rows_style()))
    return [table, Spacer(1, 6 * mm)]


def render_surat_pemberitahuan(data: PemberitahuanData, out_path: Path, settings: Halaman | None = None) -> Path:
    halaman = settings or Halaman()
    st = make_styles(halaman)
    width = frame_width(page_size(halaman), halaman)
    p = data.pegawai
    story: list[Flowable] = kop_flowables(data.kop, st, width)
    story += _letter_head(data.nomor, data.sifat, "-", "Pemberitahuan Rencana Mutasi",
                          f"{data.tempat}, {format_tanggal(data.tanggal)}", st, width)
    story += [Paragraph("Yth. Sdr. " + f"<b>{esc(p.nama)}</b>", st.normal),
              Paragraph(f"NIP. {esc(format_nip(p.nip))}", st.normal),
              Paragraph("di tempat", st.normal), Spacer(1, 6 * mm),
              Paragraph(esc(data.isi), st.justify), Spacer(1, 3 * mm)]
    rows = [
        ("Jabatan saat ini", esc(p.jabatan_lama or "-")),
        ("Unit kerja saat ini", esc(p.unit_lama or "-")),
        ("Jabatan yang direncanakan", f"<b>{esc(p.jabatan_baru or '-')}</b>"),
        ("Unit kerja yang direncanakan", f"<b>{esc(p.unit_baru or '-')}</b>"),
        ("Rencana TMT", esc(format_tanggal(data.tmt_rencana) if data.tmt_rencana else "menunggu keputusan")),
        ("Pertimbangan", esc(data.alasan or "-")),
    ]
    story += [_fields_table(rows, st, width, label_w=60 * mm), Spacer(1, 4 * mm),
              Paragraph(esc(data.penutup), st.justify)]
    story.append(_letter_signature(data.penandatangan, st, width, place_date=None))
    if data.tembusan:
        story += [Spacer(1, 6 * mm), Paragraph("<u>Tembusan:</u>", st.small)]
        story += [Paragraph(f"{i}. {esc(t)}", st.small) for i, t in enumerate(data.tembusan, start=1)]
    doc = build_doc(Path(out_path), halaman, title="Surat Pemberitahuan Rencana Mutasi", decor=PageDecor())
    doc.build(story)
    return Path(out_path)


def render_nota_usul(data: NotaUsulData, out_path: Path, settings: Halaman | None = None) -> Path:
    halaman = settings or Halaman()
    st = make_styles(halaman)
    width = frame_width(page_size(halaman), halaman)
    story: list[Flowable] = kop_flowables(data.kop, st, width)
    story += [Paragraph("<u>NOTA DINAS</u>", st.center_bold), Spacer(1, 5 * mm)]
    story.append(_fields_table([
        ("Kepada", f"Yth. {esc(data.kepada)}"), ("Dari", esc(data.dari)),
        ("Tanggal", esc(format_tanggal(data.tanggal))), ("Nomor", esc(data.nomor or "…")),
        ("Sifat", esc(data.sifat)), ("Lampiran", esc(data.lampiran)), ("Hal", f"<b>{esc(data.hal)}</b>"),
    ], st, width, label_w=25 * mm))  # fmt: skip
    rule = DocTable([[""]], colWidths=[width], rowHeights=[3])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1, colors.black)]))
    story += [rule, Spacer(1, 4 * mm), Paragraph(esc(data.pengantar), st.justify), Spacer(1, 3 * mm)]
    ts = st.table
    rows: list[list[Any]] = [[Paragraph(h, st.table_head) for h in
                              ("No.", "Nama / NIP", "Gol.", "Jabatan dan Unit Asal", "Jabatan dan Unit Tujuan",
                               "Jenis", "Catatan")]]
    for i, u in enumerate(data.usul, start=1):
        rows.append([Paragraph(f"{i}.", st.table_center),
                     Paragraph(f"<b>{esc(u.nama)}</b><br/>{esc(format_nip(u.nip))}", ts),
                     Paragraph(esc(u.golongan), st.table_center), Paragraph(esc(u.asal), ts),
                     Paragraph(esc(u.tujuan), ts), Paragraph(esc(u.jenis), ts), Paragraph(esc(u.catatan), ts)])
    shares = (0.06, 0.2, 0.07, 0.22, 0.22, 0.1, 0.13)
    table = DocTable(rows, colWidths=[width * s for s in shares], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
    ]))  # fmt: skip
    story += [table, Spacer(1, 4 * mm), Paragraph(esc(data.saran), st.justify)]
    story.append(_letter_signature(data.penandatangan, st, width, place_date=None))
    doc = build_doc(Path(out_path), halaman, title=f"Nota Dinas {data.hal}", decor=PageDecor())
    doc.build(story)
    return Path(out_path)
