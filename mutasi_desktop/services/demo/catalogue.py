"""The fictional kabupaten: its OPD, sub-units and the jabatan catalogue (synthetic, no real office)."""

from __future__ import annotations

from dataclasses import dataclass, field

NAMA_DAERAH = "Kabupaten Sukamaju"
NAMA_KABUPATEN = "SUKAMAJU"
PROVINSI = "Provinsi Nusa Makmur"
IBU_KOTA = "Sukamaju"

# (name, short, bidang names, UPT kinds)
DINAS: list[tuple[str, str, list[str]]] = [
    ("Dinas Pendidikan", "DISDIK", ["Pembinaan Sekolah Dasar", "Pembinaan Sekolah Menengah Pertama",
                                   "Pendidik dan Tenaga Kependidikan", "PAUD dan Pendidikan Nonformal"]),
    ("Dinas Kesehatan", "DINKES", ["Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit",
                                  "Pelayanan Kesehatan", "Sumber Daya Kesehatan"]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", ["Bina Marga", "Sumber Daya Air", "Cipta Karya",
                                                         "Penataan Ruang"]),
    ("Dinas Perumahan dan Kawasan Permukiman", "DISPERKIM", ["Perumahan", "Kawasan Permukiman", "Pertanahan"]),
    ("Dinas Sosial", "DINSOS", ["Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial"]),
    ("Dinas Tenaga Kerja", "DISNAKER", ["Penempatan Tenaga Kerja", "Hubungan Industrial", "Pelatihan Kerja"]),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", ["Pemberdayaan Perempuan", "Perlindungan Anak"]),
    ("Dinas Ketahanan Pangan", "DKP", ["Ketersediaan Pangan", "Distribusi dan Konsumsi Pangan"]),
    ("Dinas Lingkungan Hidup", "DLH", ["Pengelolaan Sampah", "Pengendalian Pencemaran", "Pertamanan"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL", ["Pelayanan Pendaftaran Penduduk",
                                                                "Pelayanan Pencatatan Sipil",
                                                                "Pengelolaan Informasi Administrasi Kependudukan"]),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", ["Pemerintahan Desa", "Pemberdayaan Masyarakat Desa"]),
    ("Dinas Perhubungan", "DISHUB", ["Lalu Lintas", "Angkutan", "Sarana dan Prasarana"]),
    ("Dinas Komunikasi dan Informatika", "DISKOMINFO", ["Aplikasi Informatika", "Informasi dan Komunikasi Publik",
                                                        "Statistik dan Persandian"]),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", ["Penanaman Modal", "Pelayanan Perizinan"]),
    ("Dinas Koperasi dan Usaha Mikro", "DISKOPUM", ["Kelembagaan Koperasi", "Usaha Mikro"]),
    ("Dinas Pariwisata, Kepemudaan dan Olahraga", "DISPARPORA", ["Pariwisata", "Kepemudaan", "Olahraga"]),
    ("Dinas Perpustakaan dan Kearsipan", "DISPUSIP", ["Perpustakaan", "Kearsipan"]),
    ("Dinas Pertanian", "DISTAN", ["Tanaman Pangan", "Hortikultura", "Penyuluhan", "Peternakan"]),
    ("Dinas Perikanan", "DISKAN", ["Perikanan Budidaya", "Perikanan Tangkap"]),
    ("Dinas Perdagangan dan Perindustrian", "DISPERINDAG", ["Perdagangan", "Perindustrian", "Metrologi"]),
    ("Satuan Polisi Pamong Praja", "SATPOLPP", ["Penegakan Perda", "Ketertiban Umum", "Perlindungan Masyarakat"]),
]

BADAN: list[tuple[str, str, list[str]]] = [
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA", ["Perencanaan Ekonomi", "Perencanaan Sosial Budaya",
                                                        "Perencanaan Infrastruktur", "Penelitian dan Pengembangan"]),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", [
        "Pengadaan, Pemberhentian dan Informasi", "Mutasi dan Promosi", "Pengembangan Kompetensi",
        "Penilaian Kinerja dan Penghargaan"]),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", ["Anggaran", "Perbendaharaan", "Akuntansi", "Aset"]),
    ("Badan Pendapatan Daerah", "BAPENDA", ["Pendataan dan Penetapan", "Penagihan", "Pengembangan Pendapatan"]),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", ["Pencegahan dan Kesiapsiagaan", "Kedaruratan dan Logistik",
                                                    "Rehabilitasi dan Rekonstruksi"]),
    ("Badan Kesatuan Bangsa dan Politik", "KESBANGPOL", ["Ideologi dan Wawasan Kebangsaan", "Politik Dalam Negeri"]),
]

SETDA_BAGIAN = ["Pemerintahan", "Hukum", "Organisasi", "Perekonomian", "Kesejahteraan Rakyat",
                "Pengadaan Barang dan Jasa", "Umum", "Protokol dan Komunikasi Pimpinan"]

KECAMATAN = ["Sukamaju", "Sukamulya", "Cibening", "Karangsari", "Tanjungjaya", "Sindangsari", "Mekarwangi",
             "Sumberjaya", "Pasirlaya", "Bojongsari"]


@dataclass(frozen=True)
class JabatanDef:
    """A fungsional or pelaksana jabatan of the catalogue and where it is placed."""

    nama: str
    jenis: str
    jenjang: str | None
    kelas: int
    gol_min: int
    gol_max: int
    pendidikan_min: str
    bidang_pendidikan: str
    rumpun: str
    kompetensi: str
    placement: str  # SEKOLAH_SD, SEKOLAH_SMP, PUSKESMAS, RSUD, OPD_ALL, BKPSDM, ...
    weight: float  # relative share of the workforce
    pppk_share: float = 0.0
    tags: tuple[str, ...] = field(default_factory=tuple)


def _jf(nama: str, jenis: str, levels: list[tuple[str, int, int, int, str]], **kw: object) -> list[JabatanDef]:
    out = []
    for jenjang, kelas, gmin, gmax, pend in levels:
        out.append(JabatanDef(nama=f"{nama} {jenjang}", jenis=jenis, jenjang=jenjang, kelas=kelas,
                              gol_min=gmin, gol_max=gmax, pendidikan_min=pend, **kw))  # type: ignore[arg-type]
    return out


_AHLI = [("Ahli Pertama", 8, 31, 32, "40"), ("Ahli Muda", 9, 33, 34, "40"), ("Ahli Madya", 11, 41, 43, "40")]
_TERAMPIL = [("Terampil", 6, 22, 24, "30"), ("Mahir", 7, 31, 32, "30"), ("Penyelia", 8, 33, 34, "30")]

FUNGSIONAL: list[JabatanDef] = [
    *_jf("Guru", "FUNGSIONAL_KEAHLIAN", _AHLI, bidang_pendidikan="Pendidikan", rumpun="Pendidikan",
         kompetensi="pedagogik;kurikulum", placement="SEKOLAH", weight=30.0, pppk_share=0.25),
    *_jf("Perawat", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL, bidang_pendidikan="Keperawatan", rumpun="Kesehatan",
         kompetensi="asuhan keperawatan", placement="KESEHATAN", weight=5.0, pppk_share=0.2),
    *_jf("Perawat", "FUNGSIONAL_KEAHLIAN", _AHLI[:2], bidang_pendidikan="Keperawatan;Ners", rumpun="Kesehatan",
         kompetensi="asuhan keperawatan", placement="KESEHATAN", weight=2.0),
    *_jf("Bidan", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL, bidang_pendidikan="Kebidanan", rumpun="Kesehatan",
         kompetensi="kebidanan", placement="KESEHATAN", weight=4.0, pppk_share=0.2),
    *_jf("Dokter", "FUNGSIONAL_KEAHLIAN", _AHLI, bidang_pendidikan="Kedokteran", rumpun="Kesehatan",
         kompetensi="pelayanan medis", placement="KESEHATAN", weight=1.2),
    *_jf("Apoteker", "FUNGSIONAL_KEAHLIAN", _AHLI[:2], bidang_pendidikan="Farmasi", rumpun="Kesehatan",
         kompetensi="farmasi", placement="KESEHATAN", weight=0.4),
    *_jf("Penyuluh Kesehatan Masyarakat", "FUNGSIONAL_KEAHLIAN", _AHLI[:2],
         bidang_pendidikan="Kesehatan Masyarakat", rumpun="Kesehatan", kompetensi="promosi kesehatan",
         placement="KESEHATAN", weight=0.6),
    *_jf("Analis Sumber Daya Manusia Aparatur", "FUNGSIONAL_KEAHLIAN", _AHLI,
         bidang_pendidikan="Manajemen;Administrasi Negara;Psikologi;Hukum", rumpun="Manajemen SDM",
         kompetensi="kepegawaian;manajemen SDM", placement="BKPSDM", weight=0.35),
    *_jf("Perencana", "FUNGSIONAL_KEAHLIAN", _AHLI, bidang_pendidikan="Ekonomi;Perencanaan Wilayah;Statistika",
         rumpun="Perencanaan", kompetensi="perencanaan;penganggaran", placement="OPD_ALL", weight=0.8),
    *_jf("Analis Keuangan Pusat dan Daerah", "FUNGSIONAL_KEAHLIAN", _AHLI[:2],
         bidang_pendidikan="Akuntansi;Ekonomi;Manajemen", rumpun="Keuangan", kompetensi="keuangan daerah",
         placement="BPKAD", weight=0.3),
    *_jf("Auditor", "FUNGSIONAL_KEAHLIAN", _AHLI, bidang_pendidikan="Akuntansi;Hukum;Teknik Sipil",
         rumpun="Pengawasan", kompetensi="audit;pengawasan", placement="INSPEKTORAT", weight=0.3),
    *_jf("Pranata Komputer", "FUNGSIONAL_KEAHLIAN", _AHLI[:2], bidang_pendidikan="Teknik Informatika;Sistem Informasi",
         rumpun="Teknologi Informasi", kompetensi="sistem informasi;jaringan", placement="OPD_ALL", weight=0.5),
    *_jf("Penyuluh Pertanian", "FUNGSIONAL_KEAHLIAN", _AHLI[:2], bidang_pendidikan="Pertanian;Agribisnis",
         rumpun="Pertanian", kompetensi="penyuluhan pertanian", placement="DISTAN", weight=1.0, pppk_share=0.3),
    *_jf("Arsiparis", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL[:2], bidang_pendidikan="Kearsipan;Administrasi",
         rumpun="Kearsipan", kompetensi="kearsipan", placement="OPD_ALL", weight=0.6),
    *_jf("Pustakawan", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL[:2], bidang_pendidikan="Ilmu Perpustakaan",
         rumpun="Perpustakaan", kompetensi="perpustakaan", placement="DISPUSIP", weight=0.2),
    *_jf("Pengawas Sekolah", "FUNGSIONAL_KEAHLIAN", _AHLI[1:], bidang_pendidikan="Pendidikan",
         rumpun="Pendidikan", kompetensi="supervisi pendidikan", placement="DISDIK", weight=0.3),
    *_jf("Pengelola Pengadaan Barang/Jasa", "FUNGSIONAL_KEAHLIAN", _AHLI[:2],
         bidang_pendidikan="Teknik;Ekonomi;Hukum", rumpun="Pengadaan", kompetensi="pengadaan",
         placement="SETDA", weight=0.2),
    *_jf("Teknik Jalan dan Jembatan", "FUNGSIONAL_KEAHLIAN", _AHLI[:2], bidang_pendidikan="Teknik Sipil",
         rumpun="Teknik", kompetensi="konstruksi jalan", placement="DPUPR", weight=0.3),
    *_jf("Pekerja Sosial", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL[:2], bidang_pendidikan="Kesejahteraan Sosial",
         rumpun="Sosial", kompetensi="pekerjaan sosial", placement="DINSOS", weight=0.3),
    *_jf("Polisi Pamong Praja", "FUNGSIONAL_KETERAMPILAN", _TERAMPIL, bidang_pendidikan="Umum",
         rumpun="Ketertiban", kompetensi="penegakan perda", placement="SATPOLPP", weight=0.9),
]

PELAKSANA: list[JabatanDef] = [
    JabatanDef("Pengadministrasi Perkantoran", "PELAKSANA", None, 5, 21, 33, "15", "Umum", "Administrasi",
               "administrasi perkantoran", "ALL", 6.0),
    JabatanDef("Penata Layanan Operasional", "PELAKSANA", None, 7, 31, 34, "40", "Administrasi Negara;Manajemen",
               "Administrasi", "pelayanan publik", "ALL", 4.0),
    JabatanDef("Pengolah Data dan Informasi", "PELAKSANA", None, 6, 22, 33, "30", "Sistem Informasi;Statistika",
               "Teknologi Informasi", "pengolahan data", "ALL", 3.0),
    JabatanDef("Pengelola Keuangan", "PELAKSANA", None, 7, 23, 34, "30", "Akuntansi;Manajemen Keuangan",
               "Keuangan", "keuangan daerah;penatausahaan", "OPD_ALL", 2.0),
    JabatanDef("Operator Layanan Operasional", "PELAKSANA", None, 5, 21, 32, "15", "Umum", "Administrasi",
               "operasional", "ALL", 3.0, pppk_share=0.3),
    JabatanDef("Pengelola Umum Operasional", "PELAKSANA", None, 5, 11, 31, "10", "Umum", "Umum",
               "operasional", "OPD_ALL", 1.5),
    JabatanDef("Penata Kelola Sistem dan Teknologi Informasi", "PELAKSANA", None, 7, 31, 33, "40",
               "Teknik Informatika", "Teknologi Informasi", "sistem informasi", "OPD_ALL", 0.6),
    JabatanDef("Pengemudi", "PELAKSANA", None, 3, 11, 24, "10", "Umum", "Umum", "mengemudi", "OPD_ALL", 0.8),
]

PENDIDIKAN_JURUSAN = {
    "Pendidikan": ["Pendidikan Guru Sekolah Dasar", "Pendidikan Matematika", "Pendidikan Bahasa Indonesia",
                   "Pendidikan Bahasa Inggris", "Pendidikan IPA", "Pendidikan Jasmani"],
    "Umum": ["IPA", "IPS", "Umum"],
}
