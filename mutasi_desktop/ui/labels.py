"""Translated display labels for the codes stored in the database.

Every label is a literal passed to ``QCoreApplication.translate`` so the translation tools see
it; unknown codes are shown as they are.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from mutasi_desktop.domain.dates import format_tanggal_angka


def kedudukan_labels() -> dict[str, str]:
    return {
        "AKTIF": QCoreApplication.translate("Kode", "Aktif"),
        "TUGAS_BELAJAR": QCoreApplication.translate("Kode", "Tugas belajar"),
        "CLTN": QCoreApplication.translate("Kode", "CLTN"),
        "MPP": QCoreApplication.translate("Kode", "Masa persiapan pensiun"),
        "DIBERHENTIKAN_SEMENTARA": QCoreApplication.translate("Kode", "Diberhentikan sementara"),
        "PENSIUN": QCoreApplication.translate("Kode", "Pensiun"),
        "BERHENTI": QCoreApplication.translate("Kode", "Berhenti"),
        "MENINGGAL": QCoreApplication.translate("Kode", "Meninggal dunia"),
        "PINDAH_KELUAR": QCoreApplication.translate("Kode", "Pindah ke instansi lain"),
    }


def status_labels() -> dict[str, str]:
    return {"CPNS": QCoreApplication.translate("Kode", "CPNS"), "PNS": QCoreApplication.translate("Kode", "PNS"), "PPPK": QCoreApplication.translate("Kode", "PPPK")}


def jenis_jabatan_labels() -> dict[str, str]:
    return {
        "JPT": QCoreApplication.translate("Kode", "JPT"),
        "ADMINISTRATOR": QCoreApplication.translate("Kode", "Administrator"),
        "PENGAWAS": QCoreApplication.translate("Kode", "Pengawas"),
        "FUNGSIONAL_KEAHLIAN": QCoreApplication.translate("Kode", "Fungsional keahlian"),
        "FUNGSIONAL_KETERAMPILAN": QCoreApplication.translate("Kode", "Fungsional keterampilan"),
        "PELAKSANA": QCoreApplication.translate("Kode", "Pelaksana"),
    }


def jenis_kelamin_labels() -> dict[str, str]:
    return {"L": QCoreApplication.translate("Kode", "Laki-laki"), "P": QCoreApplication.translate("Kode", "Perempuan")}


def usul_status_labels() -> dict[str, str]:
    return {
        "DRAF": QCoreApplication.translate("Kode", "Draf"),
        "DIAJUKAN": QCoreApplication.translate("Kode", "Diajukan"),
        "BERKAS_TIDAK_LENGKAP": QCoreApplication.translate("Kode", "Berkas tidak lengkap"),
        "TIDAK_MEMENUHI_SYARAT": QCoreApplication.translate("Kode", "Tidak memenuhi syarat"),
        "DIVERIFIKASI": QCoreApplication.translate("Kode", "Diverifikasi"),
        "DISETUJUI": QCoreApplication.translate("Kode", "Disetujui"),
        "DITOLAK": QCoreApplication.translate("Kode", "Ditolak"),
        "SK_DITETAPKAN": QCoreApplication.translate("Kode", "SK ditetapkan"),
        "DILAKSANAKAN": QCoreApplication.translate("Kode", "Dilaksanakan"),
        "DIBATALKAN": QCoreApplication.translate("Kode", "Dibatalkan"),
        "DIKOREKSI": QCoreApplication.translate("Kode", "Dikoreksi"),
    }


def jenis_unit_labels() -> dict[str, str]:
    return {
        "OPD": QCoreApplication.translate("Kode", "OPD"),
        "SEKRETARIAT": QCoreApplication.translate("Kode", "Sekretariat"),
        "BIDANG": QCoreApplication.translate("Kode", "Bidang"),
        "BAGIAN": QCoreApplication.translate("Kode", "Bagian"),
        "SEKSI": QCoreApplication.translate("Kode", "Seksi"),
        "SUBBAGIAN": QCoreApplication.translate("Kode", "Subbagian"),
        "UPT": QCoreApplication.translate("Kode", "UPT"),
        "PUSKESMAS": QCoreApplication.translate("Kode", "Puskesmas"),
        "SEKOLAH": QCoreApplication.translate("Kode", "Sekolah"),
        "KECAMATAN": QCoreApplication.translate("Kode", "Kecamatan"),
        "KELURAHAN": QCoreApplication.translate("Kode", "Kelurahan"),
        "LAINNYA": QCoreApplication.translate("Kode", "Lainnya"),
    }


def choice_labels() -> dict[str, str]:
    """Labels of the small code lists in the history forms."""
    labels = {
        "ANGKA": QCoreApplication.translate("Kode", "Nilai angka (sebelum 2022)"),
        "PREDIKAT": QCoreApplication.translate("Kode", "Predikat (2022 dan sesudahnya)"),
        "SANGAT_BAIK": QCoreApplication.translate("Kode", "Sangat Baik"),
        "BAIK": QCoreApplication.translate("Kode", "Baik"),
        "BUTUH_PERBAIKAN": QCoreApplication.translate("Kode", "Butuh Perbaikan"),
        "KURANG": QCoreApplication.translate("Kode", "Kurang/Misconduct"),
        "SANGAT_KURANG": QCoreApplication.translate("Kode", "Sangat Kurang"),
        "CUKUP": QCoreApplication.translate("Kode", "Cukup"),
        "BURUK": QCoreApplication.translate("Kode", "Buruk"),
        "DI_ATAS": QCoreApplication.translate("Kode", "Di atas ekspektasi"),
        "SESUAI": QCoreApplication.translate("Kode", "Sesuai ekspektasi"),
        "DI_BAWAH": QCoreApplication.translate("Kode", "Di bawah ekspektasi"),
        "RINGAN": QCoreApplication.translate("Kode", "Ringan"),
        "SEDANG": QCoreApplication.translate("Kode", "Sedang"),
        "BERAT": QCoreApplication.translate("Kode", "Berat"),
        "PROSES": QCoreApplication.translate("Kode", "Dalam proses"),
        "DIJALANI": QCoreApplication.translate("Kode", "Sedang dijalani"),
        "SELESAI": QCoreApplication.translate("Kode", "Selesai"),
        "STRUKTURAL": QCoreApplication.translate("Kode", "Struktural/kepemimpinan"),
        "FUNGSIONAL": QCoreApplication.translate("Kode", "Fungsional"),
        "TEKNIS": QCoreApplication.translate("Kode", "Teknis"),
        "SERTIFIKASI": QCoreApplication.translate("Kode", "Sertifikasi kompetensi"),
        "BERSEDIA": QCoreApplication.translate("Kode", "Bersedia"),
        "BERSYARAT": QCoreApplication.translate("Kode", "Bersedia dengan syarat"),
        "TIDAK_BERSEDIA": QCoreApplication.translate("Kode", "Tidak bersedia"),
        "FORUM": QCoreApplication.translate("Kode", "Forum"),
        "WAWANCARA": QCoreApplication.translate("Kode", "Wawancara"),
        "IMPORT": QCoreApplication.translate("Kode", "Impor"),
        "L": QCoreApplication.translate("Kode", "Laki-laki"),
        "P": QCoreApplication.translate("Kode", "Perempuan"),
    }
    labels.update(jenis_jabatan_labels())
    labels.update(kedudukan_labels())
    labels.update(status_labels())
    return labels


# What the audit trail and other admin screens call each table, as a clerk says it.
ENTITAS_LABEL = {
    "aspirasi": "Aspirasi", "audit_log": "Jejak audit", "diklat": "Diklat", "formasi": "Formasi",
    "hukuman_disiplin": "Hukuman disiplin", "instansi": "Profil instansi", "jabatan": "Jabatan",
    "kantor_mitra": "Kantor mitra", "nomor_counter": "Penghitung nomor", "nomor_template": "Pola nomor surat",
    "paket_pertukaran": "Paket pertukaran", "pegawai": "Pegawai", "penandatangan": "Penandatangan",
    "pengguna": "Pengguna", "pengguna_peran": "Peran pengguna", "pertukaran_rekam": "Catatan pertukaran",
    "profil_impor": "Profil impor", "riwayat_jabatan": "Riwayat jabatan", "riwayat_pangkat": "Riwayat pangkat",
    "riwayat_pendidikan": "Riwayat pendidikan", "setting": "Pengaturan", "sk_petikan": "Petikan SK",
    "skp": "SKP", "surat_keputusan": "Surat keputusan", "unit_kerja": "Unit kerja", "usul_batch": "Berkas usul",
    "usul_mutasi": "Usul mutasi", "usul_persyaratan": "Persyaratan usul", "usul_transisi": "Riwayat status usul",
}  # fmt: skip


def label(labels: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return labels.get(code, code)


def tanggal(value: date | None) -> str:
    """Short date for tables: 17-10-1978."""
    return format_tanggal_angka(value) if value is not None else ""


def angka(value: int) -> str:
    """Thousands separated the Indonesian way: 100.000."""
    return f"{value:,}".replace(",", ".")
