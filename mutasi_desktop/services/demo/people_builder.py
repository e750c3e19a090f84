"""Synthetic pegawai with plausible careers: golongan for age and pendidikan, history, SKP, hukdis.

Everything is drawn from one seeded ``random.Random`` so the same seed gives the same kabupaten
(relative to the reference date). Names come from Faker's id_ID pools; no real people.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from faker import Faker

from mutasi_desktop.domain.dates import add_years
from mutasi_desktop.domain.golongan import golongan_awal_pns, golongan_awal_pppk
from mutasi_desktop.domain.pension import bup_for, tanggal_pensiun
from mutasi_desktop.domain.search_text import nama_sort_key, pegawai_search_text
from mutasi_desktop.domain.skp import predikat_from_nilai
from mutasi_desktop.services.demo.org_builder import FormasiRow, JabatanRow, Organisation, UnitRow
from mutasi_desktop.services.demo.rows import RowFactory

PNS_LADDER = [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45]
_LADDER_INDEX = {g: i for i, g in enumerate(PNS_LADDER)}
# Highest golongan reachable by regular promotion for each pendidikan (simplified practice).
_PENDIDIKAN_CAP = {"10": 24, "15": 33, "30": 34, "40": 42, "45": 43, "50": 45}
_TINGKAT_NAMA = {"10": "SLTP", "15": "SLTA", "30": "Diploma III", "40": "S-1", "45": "S-2", "50": "S-3"}

_GELAR = {
    "Pendidikan": ("", "S.Pd."), "Kesehatan": ("", "S.Kep."), "Perencanaan": ("", "S.E."),
    "Keuangan": ("", "S.E."), "Pengawasan": ("", "S.Ak."), "Teknologi Informasi": ("", "S.Kom."),
    "Pertanian": ("", "S.P."), "Teknik": ("", "S.T."), "Manajemen SDM": ("", "S.AP."),
    "Sosial": ("", "S.Sos."), "Manajerial": ("", "S.Sos."), "Administrasi": ("", "S.AP."),
}

_UNIVERSITAS = ["Universitas Negeri Sukamaju", "Universitas Nusa Makmur", "STIKes Bakti Husada",
                "Universitas Terbuka", "Politeknik Negeri Makmur", "IKIP Nusa Makmur", "STIA Sukamaju"]
_SEKOLAH = ["SMA Negeri 1 Sukamaju", "SMK Negeri 2 Sukamaju", "SMA Negeri 3 Cibening", "MA Negeri Karangsari"]
_DIKLAT_TEKNIS = ["Pelatihan Pengelolaan Keuangan Daerah", "Bimbingan Teknis SIASN", "Pelatihan Kearsipan Dinamis",
                  "Pelatihan Pelayanan Prima", "Bimbingan Teknis Pengadaan Barang/Jasa",
                  "Pelatihan Analisis Jabatan dan Beban Kerja", "Pelatihan Kurikulum Merdeka"]
_HUKDIS = [("RINGAN", "Teguran lisan"), ("RINGAN", "Teguran tertulis"), ("RINGAN", "Pernyataan tidak puas secara tertulis"),
           ("SEDANG", "Pemotongan tunjangan kinerja 25% selama 6 bulan"),
           ("SEDANG", "Pemotongan tunjangan kinerja 25% selama 12 bulan"),
           ("BERAT", "Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
           ("BERAT", "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan")]
_ALASAN_ASPIRASI = ["IKUT_PASANGAN", "KESEHATAN", "PENGEMBANGAN_KARIER", "DEKAT_KELUARGA", "LAINNYA"]


@dataclass
class Batch:
    pegawai: list[dict[str, Any]] = field(default_factory=list)
    riwayat_jabatan: list[dict[str, Any]] = field(default_factory=list)
    riwayat_pangkat: list[dict[str, Any]] = field(default_factory=list)
    riwayat_pendidikan: list[dict[str, Any]] = field(default_factory=list)
    skp: list[dict[str, Any]] = field(default_factory=list)
    hukuman_disiplin: list[dict[str, Any]] = field(default_factory=list)
    diklat: list[dict[str, Any]] = field(default_factory=list)
    aspirasi: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> list[tuple[str, list[dict[str, Any]]]]:
        return [("pegawai", self.pegawai), ("riwayat_jabatan", self.riwayat_jabatan),
                ("riwayat_pangkat", self.riwayat_pangkat), ("riwayat_pendidikan", self.riwayat_pendidikan),
                ("skp", self.skp), ("hukuman_disiplin", self.hukuman_disiplin), ("diklat", self.diklat),
                ("aspirasi", self.aspirasi)]


class NamePool:
    def __init__(self, seed: int) -> None:
        fake = Faker("id_ID")
        fake.seed_instance(seed)
        self.male = sorted({fake.first_name_male() for _ in range(400)})
        self.female = sorted({fake.first_name_female() for _ in range(400)})
        self.last = sorted({fake.last_name() for _ in range(500)})
        self.cities = sorted({fake.city() for _ in range(60)})

    def name(self, rng: random.Random, sex: str) -> str:
        first = rng.choice(self.male if sex == "L" else self.female)
        if rng.random() < 0.25:
            first = f"{first} {rng.choice(self.male if sex == 'L' else self.female)}"
        return f"{first} {rng.choice(self.last)}" if rng.random() < 0.85 else first


def allocate(org: Organisation, total: int, rng: random.Random) -> list[FormasiRow]:
    """Decide how many pegawai hold each formasi and set kebutuhan so real vacancies exist."""
    structural = [f for f in org.formasi if f.structural]
    others = [f for f in org.formasi if not f.structural]
    fill_rate = min(0.9, 0.3 * total / max(1, len(structural)))
    slots: list[FormasiRow] = [f for f in structural if rng.random() < fill_rate]
    remaining = max(0, total - len(slots))
    picks = rng.choices(others, weights=[f.weight for f in others], k=remaining)
    counts: dict[int, int] = defaultdict(int)
    for f in picks:
        counts[f.id] += 1
    for f in others:
        filled = counts.get(f.id, 0)
        # Most posts are short of staff (vacancies), some are over strength.
        delta = round(filled * rng.uniform(-0.12, 0.3)) + (1 if rng.random() < 0.3 else 0)
        f.kebutuhan = max(0, filled + delta)
    slots.extend(picks)
    rng.shuffle(slots)
    return slots


class PeopleBuilder:
    def __init__(self, org: Organisation, rng: random.Random, rows: RowFactory, today: date, seed: int) -> None:
        self.org, self.rng, self.rows, self.today = org, rng, rows, today
        self.names = NamePool(seed)
        self.units = {u.id: u for u in org.units}
        self.jabatan = {j.id: j for j in org.jabatan}
        self.pelaksana_ids = [j.id for j in org.jabatan if j.jenis == "PELAKSANA"]
        self.opd_units = [u for u in org.units if u.parent_id is None]
        self._nip_seq: dict[str, int] = defaultdict(int)
        self._bup: dict[int, int] = {}
        self._next = {"pegawai": 1, "riwayat_jabatan": 1}

    def bup(self, j: JabatanRow) -> int:
        if j.id not in self._bup:
            self._bup[j.id] = bup_for(j.jenis, j.jenjang, j.nama)
        return self._bup[j.id]

    def _nip(self, birth: date, appointed: date, sex: str, pppk: bool) -> str:
        middle = f"{appointed.year:04d}{self.rng.choice(['21', '22', '24'])}" if pppk else appointed.strftime("%Y%m")
        prefix = f"{birth:%Y%m%d}{middle}{1 if sex == 'L' else 2}"
        self._nip_seq[prefix] += 1
        return f"{prefix}{self._nip_seq[prefix]:03d}"

    def _date_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def batches(self, slots: list[FormasiRow], size: int) -> Iterator[Batch]:
        batch = Batch()
        for formasi in slots:
            self._person(batch, formasi)
            if len(batch.pegawai) >= size:
                yield batch
                batch = Batch()
        if batch.pegawai:
            yield batch

    def _person(self, b: Batch, formasi: FormasiRow) -> None:
        rng, today = self.rng, self.today
        j = self.jabatan[formasi.jabatan_id]
        unit = self.units[formasi.unit_id]
        pid = self._next["pegawai"]
        self._next["pegawai"] += 1

        female_share = 0.75 if j.rumpun in ("Pendidikan", "Kesehatan") else 0.45
        sex = "P" if rng.random() < female_share else "L"
        if j.jenis == "JPT":
            age = rng.randint(45, 59)
        elif j.jenis in ("ADMINISTRATOR", "PENGAWAS"):
            age = rng.randint(36, 57)
        else:
            age = min(59, max(23, int(rng.triangular(22, 60, 42))))
        birth = self._date_between(add_years(today, -age - 1) + timedelta(days=1), add_years(today, -age))

        pppk = (not formasi.structural) and rng.random() < j.pppk_share
        status = "PPPK" if pppk else ("CPNS" if rng.random() < 0.035 and not formasi.structural else "PNS")
        earliest = add_years(birth, 21 if j.pendidikan_min >= "40" else 19)
        latest = add_years(today, -1)
        if status == "CPNS":
            tmt_cpns = date(today.year, max(1, today.month - rng.randint(1, 9)) if today.month > 1 else 1, 1)
            tmt_cpns = min(tmt_cpns, today)
        elif status == "PPPK":
            tmt_cpns = date(rng.choice([2019, 2021, 2022, 2023, 2024]), rng.choice([1, 3, 4, 7]), 1)
        else:
            start = self._date_between(earliest, min(add_years(birth, 33), latest))
            tmt_cpns = date(start.year, start.month, 1)
        tmt_cpns = max(tmt_cpns, date(earliest.year, earliest.month, 1))

        tingkat = j.pendidikan_min
        if tingkat == "40" and rng.random() < (0.35 if formasi.structural else 0.1):
            tingkat = "45"
        elif tingkat == "15" and rng.random() < 0.3:
            tingkat = rng.choice(["30", "40"])
        nama = self.names.name(rng, sex)
        gelar_depan, gelar_belakang = "", ""
        if tingkat in ("40", "45", "50"):
            gelar_depan, gelar_belakang = _GELAR.get(j.rumpun, ("", "S.AP."))
            if j.nama.startswith("Dokter"):
                gelar_depan, gelar_belakang = "dr.", ""
            if tingkat == "45":
                gelar_belakang = f"{gelar_belakang}, M.Si." if gelar_belakang else "M.Kes."
        elif tingkat == "30":
            gelar_belakang = "A.Md.Keb." if j.nama.startswith("Bidan") else ("A.Md.Kep." if j.nama.startswith("Perawat") else "A.Md.")
        nip = self._nip(birth, tmt_cpns, sex, pppk)

        # Pangkat history: start golongan by pendidikan, a promotion every 4-5 years up to the caps.
        pangkat: list[tuple[int, date]] = []
        if status == "PPPK":
            gol = golongan_awal_pppk(tingkat).id
            pangkat.append((gol, tmt_cpns))
        else:
            gol = golongan_awal_pns(tingkat).id
            cap = min(_PENDIDIKAN_CAP.get(tingkat, 42), max(j.gol_max, j.gol_min))
            tmt = tmt_cpns
            pangkat.append((gol, tmt))
            while status == "PNS":
                nxt = add_years(tmt, rng.choice([4, 4, 4, 5]))
                idx = _LADDER_INDEX[gol]
                if nxt > today or idx + 1 >= len(PNS_LADDER) or PNS_LADDER[idx + 1] > cap:
                    break
                gol, tmt = PNS_LADDER[idx + 1], date(nxt.year, rng.choice([4, 10]), 1)
                if tmt > today:
                    break
                pangkat.append((gol, tmt))
        for gid, tmt in pangkat:
            b.riwayat_pangkat.append(self.rows.tracked(
                pegawai_id=pid, golongan_id=gid, tmt_golongan=tmt, nomor_sk=f"800/{rng.randint(100, 9999)}/BKPSDM/{tmt.year}",
                tanggal_sk=tmt - timedelta(days=rng.randint(10, 60)), jenis_kp="Reguler" if tmt != tmt_cpns else "Pengangkatan",
                mk_tahun=(tmt.year - tmt_cpns.year), mk_bulan=0))
        gol, tmt_gol = pangkat[-1]

        # Jabatan history: current post plus up to three earlier ones.
        service_start = tmt_cpns
        current_start = self._date_between(max(service_start, add_years(today, -9)), add_years(today, 0) - timedelta(days=90))
        if status == "CPNS":
            current_start = tmt_cpns
        prior_count = 0 if current_start <= add_years(service_start, 1) else rng.randint(1, 3)
        cuts = sorted(self._date_between(service_start, current_start - timedelta(days=30)) for _ in range(prior_count))
        starts = [service_start, *cuts[1:]] if prior_count else []
        for start in starts:
            prev_unit = rng.choice(self.opd_units) if rng.random() < 0.4 else unit
            prev_jab = self.jabatan[rng.choice(self.pelaksana_ids)]
            self._riwayat(b, pid, prev_jab, prev_unit, date(start.year, start.month, 1))
        self._riwayat(b, pid, j, unit, date(current_start.year, current_start.month, 1))
        tmt_jabatan = date(current_start.year, current_start.month, 1)

        jurusan = j.bidang_pendidikan.split(";")[0]
        b.riwayat_pendidikan.append(self.rows.tracked(
            pegawai_id=pid, tingkat=tingkat, jurusan=jurusan if tingkat >= "30" else "IPA",
            nama_sekolah=rng.choice(_UNIVERSITAS) if tingkat >= "30" else rng.choice(_SEKOLAH),
            tahun_lulus=min(tmt_cpns.year - 1, birth.year + 23), nomor_ijazah=f"{rng.randint(10**7, 10**8 - 1)}",
            terakhir=True))
        if tingkat >= "40":
            b.riwayat_pendidikan.append(self.rows.tracked(
                pegawai_id=pid, tingkat="15", jurusan="IPA", nama_sekolah=rng.choice(_SEKOLAH),
                tahun_lulus=birth.year + 18, nomor_ijazah=f"{rng.randint(10**7, 10**8 - 1)}", terakhir=False))

        for year in range(today.year - 4, today.year):
            if year < tmt_cpns.year:
                continue
            if year >= 2022:
                r = rng.random()
                predikat = ("SANGAT_BAIK" if r < 0.16 else "BAIK" if r < 0.94 else "BUTUH_PERBAIKAN" if r < 0.985
                            else "KURANG" if r < 0.995 else "SANGAT_KURANG")
                b.skp.append(self.rows.tracked(pegawai_id=pid, tahun=year, skala="PREDIKAT", nilai=None,
                                               predikat=predikat, hasil_kerja="SESUAI", perilaku_kerja="SESUAI",
                                               penilai_nama="", penilai_nip=""))
            else:
                nilai = round(min(98.0, max(55.0, rng.gauss(84, 5))), 2)
                b.skp.append(self.rows.tracked(pegawai_id=pid, tahun=year, skala="ANGKA", nilai=nilai,
                                               predikat=str(predikat_from_nilai(nilai)), hasil_kerja=None,
                                               perilaku_kerja=None, penilai_nama="", penilai_nip=""))

        if rng.random() < 0.015 and status != "CPNS":
            tingkat_h, jenis_h = rng.choice(_HUKDIS)
            mulai = self._date_between(add_years(today, -3), today - timedelta(days=10))
            selesai: date | None = add_years(mulai, 1)
            assert selesai is not None
            status_h = "SELESAI" if selesai < today else "DIJALANI"
            if rng.random() < 0.15:
                status_h, selesai = "PROSES", None
            b.hukuman_disiplin.append(self.rows.tracked(
                pegawai_id=pid, tingkat=tingkat_h, jenis=jenis_h, nomor_sk=f"800.1.6/{rng.randint(10, 999)}/BKPSDM",
                tanggal_sk=mulai - timedelta(days=7), tmt_mulai=mulai, tmt_selesai=selesai, status=status_h,
                keterangan=""))

        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            mulai = self._date_between(tmt_cpns, today)
            b.diklat.append(self.rows.tracked(
                pegawai_id=pid, jenis="TEKNIS", nama=rng.choice(_DIKLAT_TEKNIS), penyelenggara="BKPSDM Kabupaten Sukamaju",
                tanggal_mulai=mulai, tanggal_selesai=mulai + timedelta(days=4), jam_pelajaran=rng.choice([24, 32, 40]),
                nomor_sertifikat="", kompetensi=j.kompetensi.split(";")[0]))
        if j.jenis in ("ADMINISTRATOR", "PENGAWAS", "JPT"):
            nama_diklat = {"JPT": "Pelatihan Kepemimpinan Nasional Tingkat II",
                           "ADMINISTRATOR": "Pelatihan Kepemimpinan Administrator",
                           "PENGAWAS": "Pelatihan Kepemimpinan Pengawas"}[j.jenis]
            mulai = self._date_between(tmt_jabatan, today) if tmt_jabatan < today else today
            b.diklat.append(self.rows.tracked(
                pegawai_id=pid, jenis="STRUKTURAL", nama=nama_diklat, penyelenggara="BPSDM Provinsi Nusa Makmur",
                tanggal_mulai=mulai, tanggal_selesai=mulai + timedelta(days=60), jam_pelajaran=300,
                nomor_sertifikat="", kompetensi="kepemimpinan"))

        bup = self.bup(j)
        pensiun = tanggal_pensiun(birth, bup)
        r = rng.random()
        kedudukan = "AKTIF"
        if status != "CPNS":
            if r < 0.012:
                kedudukan = "TUGAS_BELAJAR"
            elif r < 0.015:
                kedudukan = "CLTN"
            elif (pensiun - today).days < 365 and r < 0.1:
                kedudukan = "MPP"

        if rng.random() < 0.06:
            prefs = rng.sample(self.opd_units, 3)
            tanggal = self._date_between(add_years(today, -1), today)
            b.aspirasi.append(self.rows.tracked(
                pegawai_id=pid, tanggal=tanggal, berlaku_sampai=add_years(tanggal, 1),
                unit_pilihan_1_id=prefs[0].id, unit_pilihan_2_id=prefs[1].id if rng.random() < 0.7 else None,
                unit_pilihan_3_id=prefs[2].id if rng.random() < 0.4 else None, lokasi_pilihan=prefs[0].lokasi,
                jabatan_pilihan_id=None, alasan=rng.choice(_ALASAN_ASPIRASI), alasan_keterangan="",
                kesediaan=rng.choice(["BERSEDIA", "BERSEDIA", "BERSYARAT", "TIDAK_BERSEDIA"]), syarat="",
                sumber=rng.choice(["FORUM", "WAWANCARA"])))

        b.pegawai.append(self.rows.tracked(
            id=pid, nip=nip, nip_lama=None, pns_id=self.rows.uuid(), nik=f"32{rng.randint(10**13, 10**14 - 1)}",
            nama=nama, gelar_depan=gelar_depan, gelar_belakang=gelar_belakang,
            tempat_lahir=rng.choice(self.names.cities), tanggal_lahir=birth, jenis_kelamin=sex,
            agama_id=rng.choices([1, 2, 3, 4, 5], weights=[86, 7, 3, 2, 2])[0],
            status_kawin=rng.choice(["Kawin", "Kawin", "Kawin", "Belum Kawin"]), status_kepegawaian=status,
            kedudukan=kedudukan, golongan_id=gol, tmt_golongan=tmt_gol, jabatan_id=j.id, unit_id=unit.id,
            tmt_jabatan=tmt_jabatan, pendidikan_tingkat=tingkat,
            pendidikan_jurusan=f"{_TINGKAT_NAMA.get(tingkat, '')} {jurusan}".strip(),
            pendidikan_tahun_lulus=min(tmt_cpns.year - 1, birth.year + 23), tmt_cpns=tmt_cpns if status != "PPPK" else None,
            tmt_pns=add_years(tmt_cpns, 1) if status == "PNS" else None, mk_tambahan_tahun=0, mk_tambahan_bulan=0,
            tanggal_pensiun=pensiun, telepon=f"08{rng.randint(10**9, 10**10 - 1)}",
            email=f"pegawai{pid}@contoh.sukamaju.go.id", alamat=f"Jl. Melati No. {rng.randint(1, 200)}, {unit.lokasi}",
            catatan="", search_text=pegawai_search_text(nip=nip, nama=nama, gelar_depan=gelar_depan,
                                                        gelar_belakang=gelar_belakang),
            nama_sort=nama_sort_key(nama)))

    def _riwayat(self, b: Batch, pid: int, j: JabatanRow, unit: UnitRow, tmt: date) -> None:
        b.riwayat_jabatan.append(self.rows.tracked(
            pegawai_id=pid, jabatan_id=j.id, unit_id=unit.id, jabatan_nama=j.nama, unit_nama=unit.nama,
            instansi_nama="Pemerintah Kabupaten Sukamaju", jenis_jabatan=j.jenis, eselon=j.eselon, tmt_jabatan=tmt,
            tmt_pelantikan=tmt if j.eselon else None, nomor_sk=f"821/{self.rng.randint(100, 9999)}/BKPSDM/{tmt.year}",
            tanggal_sk=tmt - timedelta(days=self.rng.randint(3, 30)), jenis_mutasi=None, usul_id=None,
            membatalkan_id=None, dibatalkan=False, keterangan=""))
