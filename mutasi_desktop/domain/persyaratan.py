"""Requirement checklist (persyaratan) of an usul mutasi, generated from its kind (reference §1.4).

Moves between instansi need the core list of Peraturan BKN 5/2019; moves inside the daerah need
the short list local offices use (application when the pegawai asked, both unit heads'
recommendations, Anjab/ABK). Local additions are rows with ``wajib=False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, ArahMutasi, JenisMutasi


class StatusBerkas(StrEnum):
    ADA = "ADA"
    BELUM = "BELUM"
    PERBAIKAN = "PERBAIKAN"

    @property
    def label(self) -> str:
        return {"ADA": "Ada", "BELUM": "Belum ada", "PERBAIKAN": "Perlu perbaikan"}[self.value]


@dataclass(frozen=True)
class ItemPersyaratan:
    kode: str
    nama: str
    wajib: bool = True


_ANJAB = ItemPersyaratan(
    "ANJAB_ABK", "Analisis jabatan (Anjab) dan analisis beban kerja (ABK) jabatan tujuan"
)
_PERMOHONAN = ItemPersyaratan("PERMOHONAN", "Surat permohonan pindah dari PNS yang bersangkutan")

INTERNAL: tuple[ItemPersyaratan, ...] = (
    _ANJAB,
    ItemPersyaratan("REKOMENDASI_ASAL", "Rekomendasi/persetujuan kepala unit kerja (OPD) asal"),
    ItemPersyaratan("REKOMENDASI_TUJUAN", "Rekomendasi/persetujuan kepala unit kerja (OPD) tujuan"),
    ItemPersyaratan("SK_JABATAN", "Fotokopi SK jabatan dan SK pangkat terakhir", wajib=False),
)

ANTAR_INSTANSI: tuple[ItemPersyaratan, ...] = (
    _ANJAB,
    _PERMOHONAN,
    ItemPersyaratan("PERSETUJUAN_MENERIMA", "Surat usul/persetujuan menerima dari PPK instansi penerima"),
    ItemPersyaratan("PERSETUJUAN_MELEPAS", "Surat persetujuan melepas dari PPK instansi asal"),
    ItemPersyaratan(
        "PERNYATAAN_HUKDIS",
        "Surat pernyataan tidak sedang dalam proses/menjalani hukuman disiplin atau proses peradilan",
    ),
    ItemPersyaratan("SK_PANGKAT_JABATAN", "Fotokopi sah SK pangkat terakhir dan/atau SK jabatan"),
    ItemPersyaratan("SKP_2_TAHUN", "Fotokopi sah SKP/penilaian prestasi kerja bernilai baik 2 tahun terakhir"),
    ItemPersyaratan("PERNYATAAN_TUBEL", "Surat pernyataan tidak sedang tugas belajar atau ikatan dinas"),
    ItemPersyaratan("BEBAS_TEMUAN", "Surat keterangan bebas temuan dari Inspektorat instansi asal"),
    ItemPersyaratan("REKOMENDASI_KEMENDAGRI", "Rekomendasi Kementerian Dalam Negeri (bila disyaratkan)", wajib=False),
    ItemPersyaratan("REKOMENDASI_OPD_ASAL", "Rekomendasi kepala OPD asal (pejabat eselon II)", wajib=False),
    ItemPersyaratan("PERNYATAAN_GAJI", "Surat keterangan pembayaran gaji (SKPP)", wajib=False),
    ItemPersyaratan("PERNYATAAN_CLTN", "Surat pernyataan tidak sedang CLTN", wajib=False),
)  # fmt: skip


def template_for(
    jenis: JenisMutasi | str, alasan: AlasanMutasi | str | None = None
) -> tuple[ItemPersyaratan, ...]:
    """The checklist for an usul of kind ``jenis``; inside the daerah an own-request move also
    needs the pegawai's application."""
    try:
        kind = JenisMutasi(jenis)
    except ValueError:
        raise DomainError(f"Jenis mutasi '{jenis}' tidak dikenal", field="jenis_mutasi") from None
    if kind.arah is not ArahMutasi.INTERNAL:
        return ANTAR_INSTANSI
    items = list(INTERNAL)
    if alasan is not None:
        try:
            own = AlasanMutasi(alasan).atas_permintaan_sendiri
        except ValueError:
            own = False
        if own:
            items.insert(1, _PERMOHONAN)
    return tuple(items)


def kelengkapan(items: list[tuple[bool, str]]) -> tuple[int, int]:
    """(mandatory items present, mandatory items) for rows of (wajib, status)."""
    wajib = [status for is_wajib, status in items if is_wajib]
    return sum(1 for status in wajib if status == StatusBerkas.ADA), len(wajib)


# Attachments: scans of letters, checked before they are stored beside the database.
LAMPIRAN_MAKS_BYTES = 10 * 1024 * 1024
LAMPIRAN_JENIS: dict[str, str] = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                                   ".png": "image/png"}  # fmt: skip
_MAGIC = {
    "application/pdf": (b"%PDF",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


def check_lampiran(nama_file: str, head: bytes, ukuran: int) -> str:
    """The MIME type of an attachment, or DomainError when its type or size is not accepted.

    ``head`` is the first bytes of the file: the content must match the extension, so a renamed
    document is refused instead of being stored as a "scan".
    """
    dot = nama_file.rfind(".")
    ext = nama_file[dot:].lower() if dot >= 0 else ""
    mime = LAMPIRAN_JENIS.get(ext)
    if mime is None:
        raise DomainError(
            f"Berkas '{nama_file}' tidak diterima: hanya PDF, JPG atau PNG yang dapat dilampirkan",
            field="lampiran",
        )
    if ukuran <= 0:
        raise DomainError(f"Berkas '{nama_file}' kosong", field="lampiran")
    if ukuran > LAMPIRAN_MAKS_BYTES:
        raise DomainError(
            f"Berkas '{nama_file}' berukuran {ukuran / 1_048_576:.1f} MB, melebihi batas "
            f"{LAMPIRAN_MAKS_BYTES // 1_048_576} MB",
            field="lampiran",
        )
    if not any(head.startswith(magic) for magic in _MAGIC[mime]):
        raise DomainError(
            f"Isi berkas '{nama_file}' tidak sesuai dengan jenisnya ({ext.lstrip('.').upper()})",
            field="lampiran",
        )
    return mime
