"""Default wording of decrees and letters, as editable templates with ``{placeholders}``.

Texts are data: the office edits them in the app (stored in the ``dokumen.teks`` setting) and
these defaults apply to every key it never touched. Wording follows the skeleton of reference
§4.2; the Mengingat list cites the instruments of §4.2 with the gazette numbers given there.
Items marked "…" are for the office to complete (local Perda numbers).

Placeholders available in every text (see :data:`PLACEHOLDERS`) are filled by
:func:`fill_template`; an unknown placeholder is reported in Indonesian naming the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mutasi_desktop.domain.errors import DomainError

PLACEHOLDERS: dict[str, str] = {
    "kepala_daerah": "jabatan kepala daerah dan nama daerah, huruf kapital (BUPATI SUKAMAJU)",
    "kepala_daerah_judul": "sama, huruf judul (Bupati Sukamaju)",
    "daerah": "nama daerah (Kabupaten Sukamaju)",
    "provinsi": "nama provinsi",
    "ibu_kota": "ibu kota daerah",
    "jenis_asn": "Pegawai Negeri Sipil / Pegawai Pemerintah dengan Perjanjian Kerja",
    "tentang": "perihal keputusan, huruf judul",
    "judul_keputusan": "Keputusan Bupati Sukamaju tentang ...",
    "tmt": "terhitung mulai tanggal (7 Januari 2025)",
    "jumlah": "jumlah pegawai dalam keputusan",
    "diktum_1": "sebutan diktum pertama (KESATU atau PERTAMA)",
    "kanreg": "nama Kantor Regional BKN",
    "nama_bkpsdm": "nama badan kepegawaian daerah",
    "jabatan_baru": "jabatan baru (hanya untuk keputusan satu pegawai)",
    "unit_baru": "unit kerja baru (hanya untuk keputusan satu pegawai)",
}

ORDINAL_KESATU = "KESATU"
ORDINAL_PERTAMA = "PERTAMA"

_ORDINALS = (
    "KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN",
    "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KETIGA BELAS", "KEEMPAT BELAS",
    "KELIMA BELAS",
)  # fmt: skip

DEFAULT_TEXTS: dict[str, Any] = {
    "tentang": "Pemindahan {jenis_asn} di Lingkungan Pemerintah {daerah}",
    "menimbang": [
        "bahwa dalam rangka kelancaran pelaksanaan tugas, pembinaan karier dan peningkatan kinerja "
        "organisasi di lingkungan Pemerintah {daerah}, dipandang perlu melakukan pemindahan {jenis_asn};",
        "bahwa {jenis_asn} yang namanya tercantum dalam Keputusan ini telah memenuhi syarat dan "
        "dipandang cakap untuk dipindahkan ke jabatan dan unit kerja yang baru;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
        "{judul_keputusan};",
    ],
    "mengingat": [
        "Undang-Undang Nomor … Tahun … tentang Pembentukan {daerah};",
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia "
        "Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) sebagaimana telah "
        "beberapa kali diubah, antara lain dengan Undang-Undang Nomor 9 Tahun 2015 tentang Perubahan Kedua "
        "atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik "
        "Indonesia Tahun 2015 Nomor 58, Tambahan Lembaran Negara Republik Indonesia Nomor 5679);",
        "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan (Lembaran Negara Republik "
        "Indonesia Tahun 2014 Nomor 292, Tambahan Lembaran Negara Republik Indonesia Nomor 5601);",
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia "
        "Tahun 2023 Nomor 141, Tambahan Lembaran Negara Republik Indonesia Nomor 6897);",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara "
        "Republik Indonesia Tahun 2017 Nomor 63, Tambahan Lembaran Negara Republik Indonesia Nomor 6037) "
        "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020 tentang Perubahan atas "
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara "
        "Republik Indonesia Tahun 2020 Nomor 68, Tambahan Lembaran Negara Republik Indonesia Nomor 6477);",
        "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;",
        "Peraturan Daerah {daerah} Nomor … Tahun … tentang Pembentukan dan Susunan Perangkat Daerah;",
    ],
    "memperhatikan": ["Hasil pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil {daerah};"],
    "memperhatikan_pertek": (
        "Pertimbangan Teknis Kepala {kanreg} Nomor {pertek_nomor} tanggal {pertek_tanggal};"
    ),
    "diktum_banyak": (
        "Memindahkan {jenis_asn} yang nama, NIP, pangkat/golongan ruang dan jabatannya tercantum dalam "
        "Lampiran Keputusan ini, dari jabatan dan unit kerja lama ke jabatan dan unit kerja baru sebagaimana "
        "tercantum dalam Lampiran tersebut, terhitung mulai tanggal {tmt}."
    ),
    "diktum_satu_pembuka": "Memindahkan {jenis_asn}:",
    "diktum_satu_penutup": (
        "terhitung mulai tanggal {tmt} dipindahkan pada jabatan dan unit kerja baru sebagai {jabatan_baru} "
        "pada {unit_baru}."
    ),
    "diktum_lanjutan": [
        "Kepada {jenis_asn} sebagaimana dimaksud dalam Diktum {diktum_1} diberikan gaji dan penghasilan lain "
        "yang sah sesuai dengan ketentuan peraturan perundang-undangan.",
        "Segala biaya yang timbul sebagai akibat ditetapkannya Keputusan ini dibebankan pada Anggaran "
        "Pendapatan dan Belanja Daerah {daerah}.",
        "Apabila di kemudian hari ternyata terdapat kekeliruan dalam Keputusan ini, akan diadakan perbaikan "
        "sebagaimana mestinya.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ],
    "diktum_pencabutan": (
        "Dengan berlakunya Keputusan ini, Keputusan {kepala_daerah_judul} Nomor {nomor_lama} tanggal "
        "{tanggal_lama} dicabut dan dinyatakan tidak berlaku."
    ),
    "penutup_petikan": (
        "Petikan Keputusan ini diberikan kepada yang bersangkutan untuk diketahui dan dipergunakan "
        "sebagaimana mestinya."
    ),
    "tembusan_judul": "Tembusan Keputusan ini disampaikan kepada Yth.:",
    "tembusan": [
        "Kepala {kanreg};",
        "Gubernur {provinsi};",
        "Inspektur {daerah};",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah {daerah};",
        "Kepala Perangkat Daerah asal dan tujuan;",
        "{jenis_asn} yang bersangkutan;",
        "Arsip.",
    ],
    "spmt_isi": (
        "berdasarkan Keputusan {pejabat_sk} Nomor {nomor_sk} tanggal {tanggal_sk}, terhitung mulai tanggal "
        "{tmt_spmt} telah nyata melaksanakan tugas sebagai {jabatan_baru} pada {unit_baru}."
    ),
    "spmt_penutup": (
        "Demikian surat pernyataan ini dibuat dengan sesungguhnya dengan mengingat sumpah jabatan, dan "
        "apabila di kemudian hari isi surat pernyataan ini ternyata tidak benar yang mengakibatkan kerugian "
        "bagi negara, saya bersedia menanggung kerugian tersebut."
    ),
    "pemberitahuan_isi": (
        "Dalam rangka pembinaan karier dan pemenuhan kebutuhan organisasi, bersama ini kami beritahukan "
        "bahwa Saudara direncanakan untuk dipindahkan dari jabatan dan unit kerja saat ini ke jabatan dan "
        "unit kerja berikut, dengan pertimbangan sebagaimana tersebut di bawah."
    ),
    "pemberitahuan_penutup": (
        "Apabila Saudara memiliki tanggapan atas rencana ini, mohon disampaikan secara tertulis kepada "
        "{nama_bkpsdm} paling lambat 7 (tujuh) hari kerja setelah surat ini diterima. Atas perhatian "
        "Saudara kami ucapkan terima kasih."
    ),
    "nota_pengantar": (
        "Bersama ini kami sampaikan usul mutasi {jumlah} orang {jenis_asn} yang telah diverifikasi dan "
        "dinilai oleh {nama_bkpsdm}, dengan rincian sebagai berikut:"
    ),
    "nota_saran": (
        "Berdasarkan hal tersebut, kami mohon persetujuan atas usul mutasi di atas untuk selanjutnya "
        "ditetapkan dengan Keputusan {kepala_daerah_judul}."
    ),
}

_PLACEHOLDER_RE = re.compile(r"\{([a-z_0-9]+)\}")


def ordinal(index: int, gaya: str = ORDINAL_KESATU) -> str:
    """Diktum label for the ``index``-th diktum (1-based): ``KESATU``/``PERTAMA``, ``KEDUA``, ..."""
    if index < 1 or index > len(_ORDINALS):
        raise DomainError(f"Diktum ke-{index} di luar jangkauan (1 sampai {len(_ORDINALS)})")
    if index == 1 and gaya == ORDINAL_PERTAMA:
        return ORDINAL_PERTAMA
    return _ORDINALS[index - 1]


def huruf_butir(index: int) -> str:
    """``a``, ``b``, ... ``z``, ``aa`` for Menimbang items (0-based index)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def placeholders_in(text: str) -> set[str]:
    return set(_PLACEHOLDER_RE.findall(text))


def fill_template(text: str, values: Mapping[str, str], *, nama_teks: str = "teks") -> str:
    """Replace ``{name}`` by ``values[name]``; an unknown name raises a DomainError naming the text."""
    missing = sorted(placeholders_in(text) - values.keys())
    if missing:
        raise DomainError(
            f"Teks '{nama_teks}' memuat penanda yang tidak dikenal: "
            + ", ".join("{" + m + "}" for m in missing),
            field=nama_teks,
        )
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], text)


def merged_texts(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults overlaid by the office's stored texts (unknown keys dropped, wrong types ignored)."""
    merged = dict(DEFAULT_TEXTS)
    for key, value in (stored or {}).items():
        if key not in DEFAULT_TEXTS:
            continue
        default = DEFAULT_TEXTS[key]
        if isinstance(default, list) and isinstance(value, list) and all(isinstance(v, str) for v in value):
            merged[key] = list(value)
        elif isinstance(default, str) and isinstance(value, str):
            merged[key] = value
    return merged


def title_case_id(text: str) -> str:
    """Upper-case title to Indonesian title case, keeping small words lower (``di``, ``dan``, ``atas``)."""
    small = {"di", "dan", "atau", "atas", "pada", "ke", "dari", "yang", "untuk", "dengan", "dalam", "tentang"}
    words = text.split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        out.append(low if i > 0 and low in small else low[:1].upper() + low[1:])
    return " ".join(out)
