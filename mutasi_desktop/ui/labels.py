"""Translated display labels for the codes stored in the database.

Every label is a literal passed to ``QCoreApplication.translate`` so the translation tools see
it; unknown codes are shown as they are.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from mutasi_desktop.domain.dates import format_tanggal_angka
from mutasi_desktop.domain.pegawai_columns import PEGAWAI_KOLOM_LABEL


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


# What the audit trail calls each column, as a clerk says it; the pegawai columns come from the
# domain's list that the import's change list also uses. Columns not listed read as their words
# ("Snake case").
KOLOM_LABEL = {
    # bookkeeping every tracked row has
    "id": "ID", "uuid": "UUID", "version": "Versi", "created_at": "Dibuat pada", "updated_at": "Diubah pada",
    "updated_by": "Diubah oleh", "created_by": "Dibuat oleh",
    # pegawai (the import's change list uses the same names)
    **PEGAWAI_KOLOM_LABEL,
    "mk_tambahan_tahun": "Masa kerja tambahan (tahun)",
    "mk_tambahan_bulan": "Masa kerja tambahan (bulan)", "tanggal_pensiun": "Tanggal pensiun",
    "search_text": "Teks pencarian", "nama_sort": "Nama untuk urutan",
    # riwayat_*, skp, diklat, hukuman_disiplin, aspirasi
    "pegawai_id": "Pegawai", "jabatan_nama": "Nama jabatan", "unit_nama": "Nama unit kerja",
    "instansi_nama": "Instansi", "jenis_jabatan": "Jenis jabatan", "eselon": "Eselon",
    "tmt_pelantikan": "TMT pelantikan", "nomor_sk": "Nomor SK", "tanggal_sk": "Tanggal SK",
    "jenis_mutasi": "Jenis mutasi", "usul_id": "Usul mutasi", "membatalkan_id": "Membatalkan riwayat",
    "dibatalkan": "Dibatalkan", "keterangan": "Keterangan", "jenis_kp": "Jenis kenaikan pangkat",
    "mk_tahun": "Masa kerja (tahun)", "mk_bulan": "Masa kerja (bulan)", "tingkat": "Tingkat", "jurusan": "Jurusan",
    "nama_sekolah": "Nama sekolah", "tahun_lulus": "Tahun lulus", "nomor_ijazah": "Nomor ijazah",
    "terakhir": "Terakhir", "tahun": "Tahun", "skala": "Skala", "nilai": "Nilai", "predikat": "Predikat",
    "hasil_kerja": "Hasil kerja", "perilaku_kerja": "Perilaku kerja", "penilai_nama": "Nama penilai",
    "penilai_nip": "NIP penilai", "jenis": "Jenis", "penyelenggara": "Penyelenggara",
    "tanggal_mulai": "Tanggal mulai", "tanggal_selesai": "Tanggal selesai", "jam_pelajaran": "Jam pelajaran",
    "nomor_sertifikat": "Nomor sertifikat", "kompetensi": "Kompetensi", "tmt_mulai": "TMT mulai",
    "tmt_selesai": "TMT selesai", "status": "Status", "tanggal": "Tanggal", "berlaku_sampai": "Berlaku sampai",
    "unit_pilihan_1_id": "Unit pilihan 1", "unit_pilihan_2_id": "Unit pilihan 2",
    "unit_pilihan_3_id": "Unit pilihan 3", "lokasi_pilihan": "Lokasi pilihan",
    "jabatan_pilihan_id": "Jabatan pilihan", "alasan": "Alasan", "alasan_keterangan": "Keterangan alasan",
    "kesediaan": "Kesediaan", "syarat": "Syarat", "sumber": "Sumber",
    # unit_kerja, jabatan, formasi
    "kode": "Kode", "singkatan": "Singkatan", "parent_id": "Unit induk", "path": "Jalur unit", "level": "Tingkat",
    "lokasi": "Lokasi", "siasn_unor_id": "ID unor SIASN", "aktif": "Aktif", "tanggal_ditutup": "Tanggal ditutup",
    "urutan": "Urutan", "jenjang": "Jenjang", "kelas_jabatan": "Kelas jabatan",
    "golongan_min_id": "Golongan terendah", "golongan_max_id": "Golongan tertinggi",
    "pendidikan_min": "Pendidikan minimal", "pendidikan_pref": "Pendidikan diutamakan",
    "bidang_pendidikan": "Bidang pendidikan", "rumpun": "Rumpun", "bup": "Batas usia pensiun",
    "siasn_jabatan_id": "ID jabatan SIASN", "kebutuhan": "Kebutuhan",
    # usul_batch, usul_mutasi, usul_persyaratan
    "nomor": "Nomor", "judul": "Judul", "batch_id": "Berkas usul", "asal_jabatan_id": "Jabatan asal",
    "asal_unit_id": "Unit kerja asal", "asal_jabatan_nama": "Nama jabatan asal",
    "asal_unit_nama": "Nama unit kerja asal", "asal_golongan_id": "Golongan asal",
    "asal_instansi_nama": "Instansi asal", "tujuan_formasi_id": "Formasi tujuan",
    "tujuan_instansi_nama": "Instansi tujuan", "tujuan_jabatan_nama": "Jabatan tujuan",
    "tujuan_unit_nama": "Unit kerja tujuan", "tmt_rencana": "TMT rencana", "status_at": "Waktu status",
    "persetujuan_asal_nomor": "Nomor persetujuan instansi asal",
    "persetujuan_asal_tanggal": "Tanggal persetujuan instansi asal",
    "persetujuan_tujuan_nomor": "Nomor persetujuan instansi tujuan",
    "persetujuan_tujuan_tanggal": "Tanggal persetujuan instansi tujuan", "pertek_nomor": "Nomor pertek BKN",
    "pertek_tanggal": "Tanggal pertek BKN", "persetujuan_mendagri_nomor": "Nomor persetujuan Mendagri",
    "persetujuan_mendagri_tanggal": "Tanggal persetujuan Mendagri", "hasil_cek": "Hasil pemeriksaan",
    "hasil_cek_at": "Waktu pemeriksaan", "skor_seleksi": "Skor seleksi", "sk_id": "Surat keputusan",
    "tmt_pelaksanaan": "TMT pelaksanaan", "wajib": "Wajib", "lampiran_sha256": "Sidik lampiran",
    "lampiran_nama": "Nama lampiran", "lampiran_mime": "Jenis lampiran", "lampiran_ukuran": "Ukuran lampiran",
    # surat_keputusan, penandatangan, nomor_template
    "tentang": "Tentang", "penandatangan_id": "Penandatangan", "nomor_template_id": "Pola nomor surat",
    "tanggal_penetapan": "Tanggal penetapan", "tempat_penetapan": "Tempat penetapan", "tmt": "TMT",
    "konten": "Isi", "konten_sha256": "Sidik isi", "kode_verifikasi": "Kode verifikasi",
    "menggantikan_id": "Menggantikan SK", "ditetapkan_oleh": "Ditetapkan oleh", "ditetapkan_at": "Waktu penetapan",
    "pangkat": "Pangkat", "jabatan": "Jabatan", "cara_tanda_tangan": "Cara tanda tangan", "atas_nama": "Atas nama",
    "pola": "Pola", "kode_klasifikasi": "Kode klasifikasi", "kode_unit": "Kode unit", "lebar_urut": "Lebar nomor urut",
    # pengguna, setting, profil_impor, kantor_mitra
    "username": "Nama pengguna", "password_hash": "Kata sandi", "harus_ganti_password": "Harus ganti kata sandi",
    "gagal_login": "Gagal masuk", "terkunci_sampai": "Terkunci sampai", "login_terakhir": "Terakhir masuk",
    "batas_opd": "Batas OPD", "peran": "Peran", "pengguna_id": "Pengguna", "key": "Kunci", "value": "Nilai",
    "pemetaan": "Pemetaan kolom", "kunci_publik": "Kunci publik", "dipercaya": "Dipercaya",
    "paket_terakhir_diterima": "Paket terakhir diterima", "paket_terakhir_dikirim": "Paket terakhir dikirim",
    "dikirim_sampai": "Dikirim sampai",
    # instansi
    "nama_daerah": "Nama daerah", "provinsi": "Provinsi", "ibu_kota": "Ibu kota", "laman": "Laman",
    "kode_pos": "Kode pos", "nama_bkpsdm": "Nama BKPSDM", "logo_path": "Berkas logo daerah",
    "lambang_path": "Berkas lambang Garuda", "kepala_daerah_jabatan": "Jabatan kepala daerah",
    "kepala_daerah_nama": "Nama kepala daerah", "kepala_daerah_status": "Status kepala daerah",
    "kepala_daerah_tmt_pelantikan": "TMT pelantikan kepala daerah", "kode_kanreg": "Kode Kanreg BKN",
    "nama_kanreg": "Nama Kanreg BKN",
}  # fmt: skip


def kolom_dari_label(text: str) -> tuple[str, ...]:
    """The raw column names whose label contains ``text`` (a search for "TMT jabatan" also finds
    the summaries that name ``tmt_jabatan``)."""
    needle = " ".join(text.lower().split())
    if len(needle) < 3:
        return ()
    return tuple(sorted(column for column, label in KOLOM_LABEL.items() if needle in label.lower()))


def kolom_label(column: str) -> str:
    """What the clerk reads for a column name: ``tmt_jabatan`` -> "TMT jabatan"; unknown ones as words."""
    known = KOLOM_LABEL.get(column)
    if known is not None:
        return known
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else column


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
