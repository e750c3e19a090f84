"""The decree, lampiran and petikan PDFs read back: parts present and in order, paper, fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pdf_reading import assert_in_order, fonts, full_text, is_embedded, page_sizes, page_texts

from mutasi_desktop.documents.pdf.sample import sample_petikan, sample_sk
from mutasi_desktop.documents.pdf.sk_data import KOP_DINAS, Halaman, Kop, sk_from_dict, sk_to_dict
from mutasi_desktop.documents.pdf.sk_pdf import render_petikan, render_sk
from mutasi_desktop.domain.nip import format_nip
from mutasi_desktop.domain.verification_code import format_code

F4 = (609.45, 935.43)
A4 = (595.28, 841.89)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.1 and abs(a[1] - b[1]) < 0.1


def test_sk_with_lampiran_has_every_part_in_order(tmp_path: Path) -> None:
    data = sample_sk(12)
    out = render_sk(data, tmp_path / "sk.pdf")
    text = full_text(out)
    assert_in_order(text, [
        "BUPATI SUKAMAJU", "KEPUTUSAN BUPATI SUKAMAJU", "NOMOR : 800.1.3.3/Kep.123/BKPSDM/2025", "TENTANG",
        "PEMINDAHAN PEGAWAI NEGERI SIPIL", "DENGAN RAHMAT TUHAN YANG MAHA ESA", "BUPATI SUKAMAJU,",
        "Menimbang", "a.", "bahwa", "b.", "c.", "Mengingat", "1.", "Undang-Undang", "7.", "Memperhatikan",
        "MEMUTUSKAN:", "Menetapkan", "KEPUTUSAN BUPATI SUKAMAJU TENTANG PEMINDAHAN",
        "KESATU", "tercantum dalam Lampiran", "terhitung mulai tanggal 1 Februari 2025",
        "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "Keputusan ini mulai berlaku",
        "Ditetapkan di", "Sukamaju", "pada tanggal", "7 Januari 2025",
        "a.n. BUPATI SUKAMAJU", "KEPALA BADAN KEPEGAWAIAN", "Drs. Bambang Suryadi, M.Si.", "Pembina Utama Muda",
        "NIP. 19600318 198603 1 012", "Paraf Koordinasi", "Tembusan Keputusan ini disampaikan kepada Yth.:",
        "1.", "Kepala Kantor Regional III", "Arsip.",
        "LAMPIRAN KEPUTUSAN BUPATI SUKAMAJU", "NOMOR", "800.1.3.3/Kep.123/BKPSDM/2025", "TANGGAL", "7 Januari 2025",
        "No.", "Nama / NIP", "Pangkat / Gol.", "Jabatan Lama", "Unit Kerja Lama", "Jabatan Baru", "Unit Kerja Baru", "Ket.",
        data.pegawai[0].nama, f"NIP. {format_nip(data.pegawai[0].nip)}", data.pegawai[-1].nama,
        "Ditetapkan di", "7 Januari 2025", "Drs. Bambang Suryadi, M.Si.",
    ])  # fmt: skip
    assert f"Kode verifikasi: {format_code(data.kode_verifikasi)}" in text


def test_f4_by_default_with_landscape_lampiran_and_a4_when_set(tmp_path: Path) -> None:
    sizes = page_sizes(render_sk(sample_sk(12), tmp_path / "f4.pdf"))
    assert _close(sizes[0], F4)
    assert _close(sizes[-1], (F4[1], F4[0])), "the lampiran is printed landscape"
    a4 = page_sizes(render_sk(sample_sk(12, halaman=Halaman(kertas="A4", lampiran_mendatar=False)), tmp_path / "a4.pdf"))
    assert all(_close(s, A4) for s in a4)


def test_every_font_is_embedded_liberation_sans(tmp_path: Path) -> None:
    out = render_sk(sample_sk(3), tmp_path / "sk.pdf")
    found = fonts(out)
    assert found, "no fonts found"
    assert all(is_embedded(f) for f in found.values()), f"not embedded: {[n for n, f in found.items() if not is_embedded(f)]}"
    assert all("LiberationSans" in name for name in found), sorted(found)
    assert b"/FontFile2" in out.read_bytes()


def test_single_pegawai_is_inline_under_kesatu_without_lampiran(tmp_path: Path) -> None:
    data = sample_sk(1, delegated=False)
    text = full_text(render_sk(data, tmp_path / "satu.pdf"))
    p = data.pegawai[0]
    assert_in_order(text, [
        "KESATU", "Memindahkan Pegawai Negeri Sipil:", "Nama", p.nama, "Tempat/Tanggal Lahir", p.tempat_lahir,
        "NIP", format_nip(p.nip), "Pendidikan", "Pangkat/Golongan/TMT", p.golongan, "Jabatan dan Unit Kerja Lama",
        "terhitung mulai tanggal 1 Februari 2025 dipindahkan", p.jabatan_baru, "KEDUA",
        "BUPATI SUKAMAJU,", "H. AHMAD FAUZI",
    ])  # fmt: skip
    assert "LAMPIRAN" not in text
    assert "a.n." not in text


def test_pertama_style_and_dinas_kop_placeholder(tmp_path: Path) -> None:
    data = replace(sample_sk(2), gaya_ordinal="PERTAMA",
                   kop=Kop(jenis=KOP_DINAS, baris=("PEMERINTAH KABUPATEN SUKAMAJU", "BADAN KEPEGAWAIAN DAERAH"),
                           alamat=("Jl. Contoh No. 1 Sukamaju",)))
    text = full_text(render_sk(data, tmp_path / "p.pdf"))
    assert_in_order(text, ["LOGO DAERAH", "(belum diatur)", "PEMERINTAH KABUPATEN SUKAMAJU", "BADAN KEPEGAWAIAN DAERAH",
                           "Jl. Contoh No. 1", "PERTAMA", "KEDUA"])
    assert not re.search(r"KESATU\s*:", text), "the first diktum is labelled PERTAMA"
    jabatan = full_text(render_sk(sample_sk(2), tmp_path / "j.pdf"))
    assert "TEMPAT LAMBANG" in jabatan, "the emblem placeholder is plainly marked"


def test_draft_is_marked_and_unnumbered(tmp_path: Path) -> None:
    data = replace(sample_sk(2), nomor="", tanggal=None, draf=True, kode_verifikasi="", qr_isi="")
    text = full_text(render_sk(data, tmp_path / "draf.pdf"))
    assert "DRAF" in text
    assert "NOMOR : …" in text
    assert "Kode verifikasi" not in text


def test_300_row_lampiran_repeats_header_and_keeps_signature_after_table(tmp_path: Path) -> None:
    data = sample_sk(300)
    pages = page_texts(render_sk(data, tmp_path / "besar.pdf"))
    first_lampiran = next(i for i, t in enumerate(pages) if "LAMPIRAN KEPUTUSAN" in t)
    lampiran_pages = pages[first_lampiran:]
    assert len(lampiran_pages) >= 10
    table_pages = [t for t in lampiran_pages if "NIP. " in t]
    for t in table_pages:
        assert_in_order(t, ["Nama / NIP", "Jabatan Lama", "Unit Kerja Baru", "Ket."])
    last_name = data.pegawai[-1].nama
    last = lampiran_pages[-1] if last_name in lampiran_pages[-1] else lampiran_pages[-2] + " " + lampiran_pages[-1]
    assert_in_order(last, [last_name, "Ditetapkan di", "7 Januari 2025", "Drs. Bambang Suryadi, M.Si.",
                           "NIP. 19600318 198603 1 012"])
    text = " ".join(lampiran_pages)
    assert "300." in text and "301." not in text


def test_petikan_is_shortened_names_one_pegawai_and_is_certified(tmp_path: Path) -> None:
    sk = sample_sk(5)
    pet = sample_petikan(sk, 3)
    text = full_text(render_petikan(pet, tmp_path / "petikan.pdf"))
    p = sk.pegawai[3]
    assert_in_order(text, [
        "PETIKAN", "KEPUTUSAN BUPATI SUKAMAJU", "NOMOR : 800.1.3.3/Kep.123/BKPSDM/2025", "Menimbang", "dst",
        "Mengingat", "dst", "MEMUTUSKAN", "KESATU", p.nama, format_nip(p.nip), p.jabatan_baru,
        "KELIMA", "Keputusan ini mulai berlaku",
        "Petikan Keputusan ini diberikan kepada yang bersangkutan untuk diketahui dan dipergunakan sebagaimana mestinya",
        "Ditetapkan di", "7 Januari 2025", "ttd", "Drs. Bambang Suryadi, M.Si.", "Petikan sesuai dengan aslinya",
        "Drs. Bambang Suryadi, M.Si.", "NIP. 19600318 198603 1 012",
    ])  # fmt: skip
    assert format_code(pet.kode_verifikasi) in text
    others = [q.nama for i, q in enumerate(sk.pegawai) if i != 3 and q.nama != p.nama]
    assert not any(name in text for name in others)
    assert "bahwa dalam rangka" not in text


def test_same_data_same_bytes_and_json_round_trip(tmp_path: Path) -> None:
    data = sample_sk(4)
    again = sk_from_dict(sk_to_dict(data))
    assert again == data
    a = render_sk(data, tmp_path / "a.pdf").read_bytes()
    b = render_sk(again, tmp_path / "b.pdf").read_bytes()
    assert a == b


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="pdftoppm/zbarimg (poppler-utils, zbar-tools) tidak terpasang")
@pytest.mark.parametrize("kind", ["sk", "petikan"])
def test_printed_qr_code_decodes_to_the_verification_payload(tmp_path: Path, kind: str) -> None:
    sk = sample_sk(2)
    if kind == "sk":
        out, payload = render_sk(sk, tmp_path / "doc.pdf"), sk.qr_isi
    else:
        pet = sample_petikan(sk, 1)
        out, payload = render_petikan(pet, tmp_path / "doc.pdf"), pet.qr_isi
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "page")], check=True)
    decoded = set()
    for png in sorted(tmp_path.glob("page*.png")):
        result = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        decoded |= {line.strip() for line in result.stdout.splitlines() if line.strip()}
    assert decoded == {payload}


def test_lampiran_pages_keep_one_table_font_size(tmp_path: Path) -> None:
    """A table split across pages keeps its cell fonts (a rebuilt split table once fell back to 10 pt)."""
    from pypdf import PdfReader

    out = render_sk(sample_sk(60), tmp_path / "lampiran.pdf")
    pages = PdfReader(str(out)).pages
    first = next(i for i, p in enumerate(pages) if "LAMPIRAN KEPUTUSAN" in (p.extract_text() or ""))
    cell = re.compile(r"/F\S+ ([\d.]+) Tf [\d.]+ TL \((Dinas [^)]*|Sekretariat Daerah)\) Tj")
    seen = 0
    for page in pages[first:]:
        data = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for size, _text in cell.findall(data):
            assert size == "9", f"unit name printed at {size} pt"
            seen += 1
    assert seen > 60
