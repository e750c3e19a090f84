"""The decree (Keputusan) with its Lampiran, and the per-pegawai Petikan (reference §4.2-4.4)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer

from mutasi_desktop.documents.pdf.base import (
    PageDecor,
    Styles,
    build_doc,
    esc,
    frame_width,
    make_styles,
    page_size,
)
from mutasi_desktop.documents.pdf.parts import (
    certification_row,
    fill_row,
    kop_flowables,
    label_table,
    lampiran_header,
    lampiran_table,
    paraf_table,
    pegawai_inline,
    qr_block,
    signature_block,
    signature_row,
    tembusan_block,
    title_block,
)
from mutasi_desktop.documents.pdf.sk_data import Halaman, PegawaiBaris, PetikanData, SkData
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.document_texts import huruf_butir, ordinal
from mutasi_desktop.domain.verification_code import format_code


def _tanggal(data: SkData) -> str:
    return format_tanggal(data.tanggal) if data.tanggal else "…"


def _kode(code: str) -> str:
    return format_code(code) if code else ""


def _diktum_satu_inline(data: SkData, p: PegawaiBaris, st: Styles, text_width: float) -> list[Flowable]:
    return [
        Paragraph(esc(data.diktum_satu_pembuka), st.justify),
        Spacer(1, 1.5 * mm),
        pegawai_inline(p, st, text_width),
        Spacer(1, 1.5 * mm),
        Paragraph(esc(fill_row(data.diktum_satu_penutup, p)), st.justify),
    ]


def _body(data: SkData, st: Styles, width: float, *, petikan: PegawaiBaris | None) -> list[Flowable]:
    """Everything from the kop to the diktum, for the SK and (shortened) the petikan."""
    story: list[Flowable] = []
    story += kop_flowables(data.kop, st, width)
    story += title_block(data.judul, data.nomor, data.tentang, st, petikan=petikan is not None)
    story += [Paragraph("DENGAN RAHMAT TUHAN YANG MAHA ESA", st.center_bold), Spacer(1, 3 * mm),
              Paragraph(esc(data.pejabat_pembuka), st.center_bold), Spacer(1, 5 * mm)]
    gap = Spacer(1, 2.5 * mm)
    if petikan is not None:
        story += [label_table("Menimbang", ["dst;"], st, width), gap,
                  label_table("Mengingat", ["dst;"], st, width), gap]
        if data.memperhatikan:
            story += [label_table("Memperhatikan", ["dst;"], st, width), gap]
    else:
        story += [label_table("Menimbang", list(data.menimbang), st, width,
                              markers=[f"{huruf_butir(i)}." for i in range(len(data.menimbang))]), gap,
                  label_table("Mengingat", list(data.mengingat), st, width,
                              markers=[f"{i}." for i in range(1, len(data.mengingat) + 1)]), gap]
        if data.memperhatikan:
            markers = [f"{i}." for i in range(1, len(data.memperhatikan) + 1)] if len(data.memperhatikan) > 1 else None
            story += [label_table("Memperhatikan", list(data.memperhatikan), st, width, markers=markers), gap]
    story += [Spacer(1, 2 * mm), Paragraph("MEMUTUSKAN:", st.center_bold), Spacer(1, 3 * mm)]
    story.append(label_table("Menetapkan", [f"{data.judul} TENTANG {data.tentang.upper()}."], st, width))
    story.append(gap)
    text_width = width - 36 * mm - 4 * mm
    person = petikan if petikan is not None else (data.pegawai[0] if not data.pakai_lampiran else None)
    first: str | list[Flowable] = (
        _diktum_satu_inline(data, person, st, text_width) if person is not None else data.diktum_satu
    )
    story.append(label_table(ordinal(1, data.gaya_ordinal), [first], st, width))
    last = len(data.diktum_lanjutan) + 1
    for i, text in enumerate(data.diktum_lanjutan, start=2):
        # A petikan keeps only the person's diktum and the closing one; the rest read "dst."
        shown = "dst." if petikan is not None and i < last else text
        story += [gap, label_table(ordinal(i, data.gaya_ordinal), [shown], st, width)]
    return story


def _signature(data: SkData, st: Styles, width: float, *, ttd: bool, qr: bool) -> Flowable:
    right = signature_block(data.penandatangan, st, tempat=data.tempat, tanggal=_tanggal(data), ttd=ttd)
    left = qr_block(data.qr_isi, _kode(data.kode_verifikasi), st) if qr else None
    return KeepTogether([Spacer(1, 6 * mm), signature_row(right, width, left=left)])


def sk_story(data: SkData, halaman: Halaman) -> list[Flowable]:
    st = make_styles(halaman)
    size = page_size(halaman)
    width = frame_width(size, halaman)
    story = _body(data, st, width, petikan=None)
    story.append(_signature(data, st, width, ttd=False, qr=True))
    if data.paraf:
        story += [Spacer(1, 4 * mm), paraf_table(data.paraf, st)]
    story += tembusan_block(data.tembusan_judul, data.tembusan, st, width)
    if data.pakai_lampiran and data.pegawai:
        wide = halaman.lampiran_mendatar
        lamp_width = frame_width(landscape(size), halaman) if wide else width
        story += [NextPageTemplate("mendatar" if wide else "later"), PageBreak()]
        story.append(lampiran_header(data.judul, data.nomor, _tanggal(data), st, lamp_width))
        story += [Spacer(1, 4 * mm),
                  Paragraph("DAFTAR PEGAWAI YANG DIPINDAHKAN", st.center_bold), Spacer(1, 4 * mm)]
        story.append(lampiran_table(data.pegawai, st, lamp_width))
        story.append(_signature(data, st, lamp_width, ttd=False, qr=False))
    return story


def render_sk(data: SkData, out_path: Path, settings: Halaman | None = None) -> Path:
    """Write the decree (and its Lampiran when it names more than one pegawai) to ``out_path``."""
    halaman = settings or data.halaman
    out_path = Path(out_path)
    decor = PageDecor(kode=_kode(data.kode_verifikasi), draf=data.draf)
    doc = build_doc(out_path, halaman, title=f"{data.judul} NOMOR {data.nomor or 'DRAF'}", decor=decor,
                    with_landscape=data.pakai_lampiran and halaman.lampiran_mendatar)
    doc.build(sk_story(data, halaman))
    return out_path


def petikan_story(data: PetikanData, halaman: Halaman) -> list[Flowable]:
    sk = data.sk
    st = make_styles(halaman)
    width = frame_width(page_size(halaman), halaman)
    story = _body(sk, st, width, petikan=data.pegawai)
    story += [Spacer(1, 3 * mm), Paragraph(esc(sk.penutup_petikan), st.justify)]
    right = signature_block(sk.penandatangan, st, tempat=sk.tempat, tanggal=_tanggal(sk), ttd=True)
    story.append(KeepTogether([Spacer(1, 5 * mm), signature_row(right, width)]))
    certifier = sk.pengesah_petikan or sk.penandatangan
    if certifier.cara != "KEPALA_DAERAH":
        # The certification is made in the official's own name: no "a.n." line.
        certifier = replace(certifier, cara="AN" if certifier.cara == "UB" else certifier.cara, atas_nama="")
    cert = [Paragraph("Petikan sesuai dengan aslinya", st.center)]
    cert += signature_block(certifier, st, tempat="", tanggal="", with_place=False)
    qr = qr_block(data.qr_isi, _kode(data.kode_verifikasi), st)
    story.append(KeepTogether([Spacer(1, 4 * mm), certification_row(cert, qr, width)]))
    return story


def render_petikan(data: PetikanData, out_path: Path, settings: Halaman | None = None) -> Path:
    """Write the petikan of one pegawai of an SK to ``out_path``."""
    halaman = settings or data.sk.halaman
    out_path = Path(out_path)
    decor = PageDecor(kode=_kode(data.kode_verifikasi), draf=data.sk.draf)
    doc = build_doc(out_path, halaman, title=f"PETIKAN {data.sk.judul} NOMOR {data.sk.nomor or 'DRAF'}",
                    decor=decor)
    doc.build(petikan_story(data, halaman))
    return out_path
