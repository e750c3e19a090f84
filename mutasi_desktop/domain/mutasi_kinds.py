"""Kinds of mutasi and the reasons for one (reference §1.2).

``JenisMutasi`` values are the codes stored in ``usul_mutasi.jenis_mutasi``; ``AlasanMutasi``
values are stored in ``usul_mutasi.alasan`` (and ``aspirasi.alasan`` uses the same words).
"""

from __future__ import annotations

from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError


class ArahMutasi(StrEnum):
    """Whether the pegawai stays in this instansi, leaves it or arrives from elsewhere."""

    INTERNAL = "INTERNAL"
    KELUAR = "KELUAR"
    MASUK = "MASUK"


class JenisMutasi(StrEnum):
    ANTAR_UNIT_OPD = "ANTAR_UNIT_OPD"
    ANTAR_OPD = "ANTAR_OPD"
    KELUAR_KABKOTA_PROVINSI = "KELUAR_KABKOTA_PROVINSI"
    MASUK_KABKOTA_PROVINSI = "MASUK_KABKOTA_PROVINSI"
    KELUAR_ANTAR_PROVINSI = "KELUAR_ANTAR_PROVINSI"
    MASUK_ANTAR_PROVINSI = "MASUK_ANTAR_PROVINSI"
    KE_INSTANSI_PUSAT = "KE_INSTANSI_PUSAT"
    DARI_INSTANSI_PUSAT = "DARI_INSTANSI_PUSAT"

    @property
    def label(self) -> str:
        return _JENIS[self][0]

    @property
    def arah(self) -> ArahMutasi:
        return _JENIS[self][1]

    @property
    def antar_instansi(self) -> bool:
        """True when the pegawai changes instansi (PPK asal and PPK penerima differ)."""
        return self.arah is not ArahMutasi.INTERNAL

    @property
    def pejabat_penetap(self) -> str:
        """Who signs the mutasi decision (Peraturan BKN 5/2019; SE Kepala BKN 3/SE/VIII/2019)."""
        return _JENIS[self][2]

    @property
    def pertimbangan_teknis(self) -> str | None:
        """Who gives the pertimbangan teknis (pertek), None when no pertek is needed."""
        return _JENIS[self][3]


_PPK = "Pejabat Pembina Kepegawaian (Bupati/Wali Kota/Gubernur)"
_JENIS: dict[JenisMutasi, tuple[str, ArahMutasi, str, str | None]] = {
    JenisMutasi.ANTAR_UNIT_OPD: ("Antar unit dalam satu OPD (rotasi)", ArahMutasi.INTERNAL, _PPK, None),
    JenisMutasi.ANTAR_OPD: ("Antar OPD dalam satu instansi", ArahMutasi.INTERNAL, _PPK, None),
    JenisMutasi.KELUAR_KABKOTA_PROVINSI: (
        "Keluar ke kabupaten/kota lain dalam satu provinsi", ArahMutasi.KELUAR, "Gubernur",
        "Kepala Kantor Regional BKN",
    ),
    JenisMutasi.MASUK_KABKOTA_PROVINSI: (
        "Masuk dari kabupaten/kota lain dalam satu provinsi", ArahMutasi.MASUK, "Gubernur",
        "Kepala Kantor Regional BKN",
    ),
    JenisMutasi.KELUAR_ANTAR_PROVINSI: (
        "Keluar ke daerah di provinsi lain", ArahMutasi.KELUAR, "Menteri Dalam Negeri", "Kepala BKN",
    ),
    JenisMutasi.MASUK_ANTAR_PROVINSI: (
        "Masuk dari daerah di provinsi lain", ArahMutasi.MASUK, "Menteri Dalam Negeri", "Kepala BKN",
    ),
    JenisMutasi.KE_INSTANSI_PUSAT: ("Pindah ke instansi pusat", ArahMutasi.KELUAR, "Kepala BKN", "Kepala BKN"),
    JenisMutasi.DARI_INSTANSI_PUSAT: ("Pindah dari instansi pusat", ArahMutasi.MASUK, "Kepala BKN", "Kepala BKN"),
}  # fmt: skip


class AlasanMutasi(StrEnum):
    KEBUTUHAN_ORGANISASI = "KEBUTUHAN_ORGANISASI"
    PENYEGARAN = "PENYEGARAN"
    PENGEMBANGAN_KARIER = "PENGEMBANGAN_KARIER"
    PERMINTAAN_SENDIRI = "PERMINTAAN_SENDIRI"
    IKUT_PASANGAN = "IKUT_PASANGAN"
    KESEHATAN = "KESEHATAN"
    SELEKSI_TERBUKA = "SELEKSI_TERBUKA"
    PENATAAN_ORGANISASI = "PENATAAN_ORGANISASI"
    LAINNYA = "LAINNYA"

    @property
    def label(self) -> str:
        return _ALASAN[self]

    @property
    def atas_permintaan_sendiri(self) -> bool:
        """Reasons that come from the pegawai, not the organisation (PP 11/2017 Pasal 190(6))."""
        return self in (AlasanMutasi.PERMINTAAN_SENDIRI, AlasanMutasi.IKUT_PASANGAN, AlasanMutasi.KESEHATAN)


_ALASAN = {
    AlasanMutasi.KEBUTUHAN_ORGANISASI: "Kebutuhan organisasi",
    AlasanMutasi.PENYEGARAN: "Penyegaran/rotasi",
    AlasanMutasi.PENGEMBANGAN_KARIER: "Pengembangan karier",
    AlasanMutasi.PERMINTAAN_SENDIRI: "Permintaan sendiri",
    AlasanMutasi.IKUT_PASANGAN: "Ikut suami/istri",
    AlasanMutasi.KESEHATAN: "Alasan kesehatan",
    AlasanMutasi.SELEKSI_TERBUKA: "Hasil seleksi terbuka",
    AlasanMutasi.PENATAAN_ORGANISASI: "Penataan/perubahan organisasi",
    AlasanMutasi.LAINNYA: "Lainnya",
}


def parse_jenis_mutasi(value: JenisMutasi | str) -> JenisMutasi:
    """Kind from its code or its Indonesian label; DomainError otherwise."""
    if isinstance(value, JenisMutasi):
        return value
    text = " ".join(str(value).strip().upper().split())
    for jenis in JenisMutasi:
        if text in (jenis.value, jenis.label.upper()):
            return jenis
    raise DomainError(f"Jenis mutasi '{value}' tidak dikenal", field="jenis_mutasi")


def parse_alasan(value: AlasanMutasi | str) -> AlasanMutasi:
    """Reason from its code or its Indonesian label; DomainError otherwise."""
    if isinstance(value, AlasanMutasi):
        return value
    text = " ".join(str(value).strip().upper().split())
    for alasan in AlasanMutasi:
        if text in (alasan.value, alasan.label.upper()):
            return alasan
    raise DomainError(f"Alasan mutasi '{value}' tidak dikenal", field="alasan")
