"""The pegawai columns a clerk may see changed, each with its name as the clerk says it: used by
the import's change list and by the audit trail."""

from __future__ import annotations

PEGAWAI_KOLOM_LABEL: dict[str, str] = {
    "nip": "NIP", "pns_id": "PNS ID", "nip_lama": "NIP lama", "nama": "Nama", "gelar_depan": "Gelar depan",
    "gelar_belakang": "Gelar belakang", "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin", "agama_id": "Agama", "status_kawin": "Status kawin", "nik": "NIK",
    "telepon": "Nomor HP", "email": "Email", "alamat": "Alamat", "status_kepegawaian": "Status kepegawaian",
    "kedudukan": "Kedudukan", "tmt_cpns": "TMT CPNS", "tmt_pns": "TMT PNS", "golongan_id": "Golongan",
    "tmt_golongan": "TMT golongan", "jabatan_id": "Jabatan", "unit_id": "Unit kerja", "tmt_jabatan": "TMT jabatan",
    "pendidikan_tingkat": "Tingkat pendidikan", "pendidikan_jurusan": "Jurusan",
    "pendidikan_tahun_lulus": "Tahun lulus", "catatan": "Catatan",
}  # fmt: skip
