"""A synthetic decree for previews (the document settings page), tests and benchmarks.

All names and numbers are made up; NIPs are well-formed but belong to no one.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from mutasi_desktop.documents.pdf.sk_data import (
    KOP_JABATAN,
    Halaman,
    Kop,
    PegawaiBaris,
    Penandatangan,
    PetikanData,
    SkData,
)
from mutasi_desktop.domain.document_texts import DEFAULT_TEXTS, fill_template
from mutasi_desktop.domain.verification_code import make_code, qr_payload

_DEPAN = ("Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lukman")
_BELAKANG = ("Pratama", "Saputra", "Lestari", "Wibowo", "Handayani", "Nugroho", "Permata", "Santoso", "Rahayu")
_JABATAN = ("Analis Kepegawaian Ahli Muda", "Pranata Komputer Ahli Pertama", "Pengadministrasi Perkantoran",
            "Penata Kelola Sistem dan Teknologi Informasi", "Kepala Subbagian Umum dan Kepegawaian",
            "Perawat Ahli Pertama", "Guru Ahli Pertama", "Analis Keuangan Pusat dan Daerah Ahli Muda")
_UNIT = ("Dinas Pendidikan dan Kebudayaan", "Dinas Kesehatan", "Badan Perencanaan Pembangunan Daerah",
         "Sekretariat Daerah", "Dinas Pekerjaan Umum dan Penataan Ruang", "Kecamatan Sukamaju Utara",
         "UPTD Puskesmas Cibening", "Dinas Kependudukan dan Pencatatan Sipil")
_PANGKAT = (("Penata Muda", "III/a"), ("Penata Muda Tingkat I", "III/b"), ("Penata", "III/c"),
            ("Penata Tingkat I", "III/d"), ("Pembina", "IV/a"), ("Pengatur", "II/c"))  # fmt: skip


def sample_pegawai(n: int, *, seed: int = 1) -> tuple[PegawaiBaris, ...]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        born = date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
        tmt_cpns = date(born.year + rng.randint(22, 30), rng.randint(1, 12), 1)
        sex = rng.choice("12")
        nip = f"{born:%Y%m%d}{tmt_cpns:%Y%m}{sex}{(i % 999) + 1:03d}"
        pangkat, gol = rng.choice(_PANGKAT)
        out.append(PegawaiBaris(
            nama=f"{rng.choice(_DEPAN)} {rng.choice(_BELAKANG)}, S.{rng.choice('EHT')}.",
            nip=nip, tempat_lahir=rng.choice(("Sukamaju", "Bandung", "Cianjur", "Garut")),
            tanggal_lahir=born, pendidikan=rng.choice(("S-1 Ekonomi", "S-1 Hukum", "D-III Keperawatan", "S-2 Manajemen")),
            pangkat=pangkat, golongan=gol, tmt_golongan=date(2021, 4, 1),
            jabatan_lama=rng.choice(_JABATAN), unit_lama=rng.choice(_UNIT),
            jabatan_baru=rng.choice(_JABATAN), unit_baru=rng.choice(_UNIT),
        ))  # fmt: skip
    return tuple(out)


SAMPLE_VALUES = {
    "kepala_daerah": "BUPATI SUKAMAJU",
    "kepala_daerah_judul": "Bupati Sukamaju",
    "daerah": "Kabupaten Sukamaju",
    "provinsi": "Jawa Barat",
    "ibu_kota": "Sukamaju",
    "jenis_asn": "Pegawai Negeri Sipil",
    "tmt": "1 Februari 2025",
    "diktum_1": "KESATU",
    "kanreg": "Kantor Regional III Badan Kepegawaian Negara",
    "nama_bkpsdm": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
}


def sample_sk(n_pegawai: int = 3, *, halaman: Halaman | None = None, delegated: bool = True, seed: int = 1,
              secret: str = "contoh-rahasia") -> SkData:
    values = dict(SAMPLE_VALUES)
    values["tentang"] = fill_template(DEFAULT_TEXTS["tentang"], values)
    values["judul_keputusan"] = f"Keputusan Bupati Sukamaju tentang {values['tentang']}"
    values["jumlah"] = str(n_pegawai)

    def f(text: str) -> str:
        return fill_template(text, {**values, "jabatan_baru": "{jabatan_baru}", "unit_baru": "{unit_baru}"})

    signer = (
        Penandatangan(cara="AN", jabatan="KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
                      nama="Drs. Bambang Suryadi, M.Si.", atas_nama="BUPATI SUKAMAJU",
                      pangkat="Pembina Utama Muda", nip="196003181986031012")
        if delegated else Penandatangan(cara="KEPALA_DAERAH", jabatan="BUPATI SUKAMAJU", nama="H. Ahmad Fauzi")
    )  # fmt: skip
    pengesah = Penandatangan(cara="AN", jabatan="KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
                             nama="Drs. Bambang Suryadi, M.Si.", pangkat="Pembina Utama Muda",
                             nip="196003181986031012")
    pegawai = sample_pegawai(n_pegawai, seed=seed)
    sha = f"{seed:064x}"
    pegawai = tuple(
        replace(p, kode_verifikasi_petikan=make_code(secret, sha256=sha, subject=f"PETIKAN:{p.nip}")) for p in pegawai
    )
    kode = make_code(secret, sha256=sha, subject="SK")
    return SkData(
        kop=Kop(jenis=KOP_JABATAN, baris=("BUPATI SUKAMAJU",)),
        judul_pejabat="BUPATI SUKAMAJU",
        nomor="800.1.3.3/Kep.123/BKPSDM/2025",
        tentang=values["tentang"],
        pejabat_pembuka="BUPATI SUKAMAJU,",
        menimbang=tuple(f(t) for t in DEFAULT_TEXTS["menimbang"]),
        mengingat=tuple(f(t) for t in DEFAULT_TEXTS["mengingat"]),
        memperhatikan=tuple(f(t) for t in DEFAULT_TEXTS["memperhatikan"]),
        diktum_satu=f(DEFAULT_TEXTS["diktum_banyak"]),
        diktum_satu_pembuka=f(DEFAULT_TEXTS["diktum_satu_pembuka"]),
        diktum_satu_penutup=f(DEFAULT_TEXTS["diktum_satu_penutup"]),
        diktum_lanjutan=tuple(f(t) for t in DEFAULT_TEXTS["diktum_lanjutan"]),
        pegawai=pegawai,
        tempat="Sukamaju",
        tanggal=date(2025, 1, 7),
        penandatangan=signer,
        tembusan_judul=DEFAULT_TEXTS["tembusan_judul"],
        tembusan=tuple(f(t) for t in DEFAULT_TEXTS["tembusan"]),
        paraf=("Sekretaris Daerah", "Asisten Administrasi Umum", "Kepala BKPSDM"),
        halaman=halaman or Halaman(),
        kode_verifikasi=kode,
        qr_isi=qr_payload(kode, sha),
        pengesah_petikan=pengesah,
        penutup_petikan=f(DEFAULT_TEXTS["penutup_petikan"]),
    )


def sample_petikan(sk: SkData, indeks: int = 0) -> PetikanData:
    p = sk.pegawai[indeks]
    sha = f"{indeks:064x}"
    return PetikanData(sk=sk, indeks=indeks, kode_verifikasi=p.kode_verifikasi_petikan,
                       qr_isi=qr_payload(p.kode_verifikasi_petikan, sha))
