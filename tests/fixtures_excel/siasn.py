"""A synthetic SIASN "Export Data ASN" (reference §6 column list), as xlsx or as SIASN-style CSV."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from faker import Faker
from openpyxl import Workbook

SIASN_COLUMNS: tuple[str, ...] = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID",
    "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS",
    "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA", "TAHUN LULUS",
    "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA", "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA", "INSTANSI KERJA ID", "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
)  # fmt: skip
assert len(SIASN_COLUMNS) == 64
# The newer export adds a flag column; with it the sheet has 65 columns as in the issue.
SIASN_COLUMNS_65 = (*SIASN_COLUMNS, "IS VALID NIK")
DATE_COLUMNS = frozenset({"TANGGAL LAHIR", "TANGGAL SK CPNS", "TMT CPNS", "TANGGAL SK PNS", "TMT PNS",
                          "TMT GOLONGAN", "TMT JABATAN"})
APOSTROPHE_COLUMNS = frozenset({"NIP BARU", "NIK", "NPWP NOMOR", "BPJS"})

GOLONGAN = [(31, "III/a"), (32, "III/b"), (33, "III/c"), (34, "III/d"), (21, "II/a"), (22, "II/b"), (41, "IV/a")]
PENDIDIKAN = [("40", "S-1/Sarjana", "S-1 Administrasi Negara"), ("30", "Diploma III/Sarjana Muda", "D-III Keperawatan"),
              ("15", "SLTA", "SMA IPA"), ("45", "S-2", "S-2 Manajemen")]
AGAMA = [(1, "Islam"), (2, "Kristen"), (3, "Katholik"), (4, "Hindu"), (5, "Budha")]
UNITS = [
    ("8ae4-unor-0001", "Dinas Kesehatan", "Dinas Kesehatan"),
    ("8ae4-unor-0002", "Bidang Pelayanan Kesehatan", "Dinas Kesehatan"),
    ("8ae4-unor-0003", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("8ae4-unor-0004", "Dinas Pendidikan dan Kebudayaan", "Dinas Pendidikan dan Kebudayaan"),
    ("8ae4-unor-0005", "Kecamatan Sukamaju", "Kecamatan Sukamaju"),
]
JABATAN = [
    ("jab-0001", "Analis Kepegawaian Ahli Muda", 2, "Jabatan Fungsional Tertentu"),
    ("jab-0002", "Perawat Terampil", 2, "Jabatan Fungsional Tertentu"),
    ("jab-0003", "Pengadministrasi Perkantoran", 4, "Jabatan Fungsional Umum"),
    ("jab-0004", "Kepala Seksi Pelayanan", 1, "Jabatan Struktural"),
    ("jab-0005", "Guru Ahli Pertama", 2, "Jabatan Fungsional Tertentu"),
]


@dataclass(frozen=True)
class SiasnRow:
    values: dict[str, Any]

    def cells(self, columns: Sequence[str]) -> list[Any]:
        return [self.values.get(c) for c in columns]


def synthetic_nip(lahir: date, tmt: date, sex: int, seq: int) -> str:
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{sex}{seq % 999 + 1:03d}"


def siasn_rows(n: int, *, seed: int = 1, today: date = date(2025, 6, 1)) -> Iterator[SiasnRow]:
    """``n`` synthetic pegawai as SIASN would export them (dates as ``date`` objects)."""
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    used: set[str] = set()
    for i in range(n):
        sex = rng.choice((1, 2))
        lahir = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 33))
        tmt = date(min(today.year - 1, lahir.year + rng.randint(22, 30)), rng.randint(1, 12), 1)
        seq = i
        nip = synthetic_nip(lahir, tmt, sex, seq)
        while nip in used:
            seq += 1000
            nip = synthetic_nip(lahir, tmt, sex, seq // 1000 * 7 + seq)
        used.add(nip)
        gol_id, gol = rng.choice(GOLONGAN)
        tingkat, tingkat_nama, jurusan = rng.choice(PENDIDIKAN)
        agama_id, agama = rng.choice(AGAMA)
        unor_id, unor, satker = UNITS[i % len(UNITS)]
        jab_id, jab, jenis_id, jenis = JABATAN[i % len(JABATAN)]
        nama = (fake.first_name_male() if sex == 1 else fake.first_name_female()) + " " + fake.last_name()
        tmt_pns = date(tmt.year + 1, tmt.month, 1)
        values = {
            "PNS ID": f"A5EB03E2{i:08d}-SYN", "NIP BARU": nip, "NIP LAMA": None, "NAMA": nama,
            "GELAR DEPAN": None, "GELAR BELAKANG": "S.Sos." if tingkat == "40" else None,
            "TEMPAT LAHIR ID": str(1000 + i % 50), "TEMPAT LAHIR NAMA": fake.city(), "TANGGAL LAHIR": lahir,
            "JENIS KELAMIN": "M" if sex == 1 else "F", "AGAMA ID": agama_id, "AGAMA NAMA": agama,
            "JENIS KAWIN ID": 2, "JENIS KAWIN NAMA": "Kawin", "NIK": f"3201{rng.randrange(10**11, 10**12)}",
            "NOMOR HP": f"08{rng.randrange(10**9, 10**10)}", "EMAIL": f"pegawai{i}@contoh.id", "EMAIL GOV": None,
            "ALAMAT": fake.street_address(), "NPWP NOMOR": f"{rng.randrange(10**14, 10**15)}", "BPJS": None,
            "JENIS PEGAWAI ID": 4, "JENIS PEGAWAI NAMA": "PNS Daerah Kabupaten/Kota", "KEDUDUKAN HUKUM ID": 1,
            "KEDUDUKAN HUKUM NAMA": "Aktif", "STATUS CPNS PNS": "P", "KARTU ASN VIRTUAL": None,
            "NOMOR SK CPNS": f"813/{i}/BKD/{tmt.year}", "TANGGAL SK CPNS": tmt - timedelta(days=30), "TMT CPNS": tmt,
            "NOMOR SK PNS": f"821/{i}/BKD/{tmt_pns.year}", "TANGGAL SK PNS": tmt_pns - timedelta(days=20),
            "TMT PNS": tmt_pns, "GOL AWAL ID": 31, "GOL AWAL NAMA": "III/a", "GOL AKHIR ID": gol_id,
            "GOL AKHIR NAMA": gol, "TMT GOLONGAN": date(2021, 4, 1), "MK TAHUN": 10, "MK BULAN": 3,
            "JENIS JABATAN ID": jenis_id, "JENIS JABATAN NAMA": jenis, "JABATAN ID": jab_id, "JABATAN NAMA": jab,
            "TMT JABATAN": date(2022, 1, 1), "TINGKAT PENDIDIKAN ID": tingkat, "TINGKAT PENDIDIKAN NAMA": tingkat_nama,
            "PENDIDIKAN ID": f"P{tingkat}", "PENDIDIKAN NAMA": jurusan, "TAHUN LULUS": lahir.year + 23,
            "KPKN ID": "K01", "KPKN NAMA": "KPPN Sukamaju", "LOKASI KERJA ID": "L01", "LOKASI KERJA NAMA": "Sukamaju",
            "UNOR ID": unor_id, "UNOR NAMA": unor, "INSTANSI INDUK ID": "I01",
            "INSTANSI INDUK NAMA": "Pemerintah Kabupaten Sukamaju", "INSTANSI KERJA ID": "I01",
            "INSTANSI KERJA NAMA": "Pemerintah Kabupaten Sukamaju", "SATUAN KERJA INDUK ID": "S01",
            "SATUAN KERJA INDUK NAMA": satker, "SATUAN KERJA KERJA ID": "S01", "SATUAN KERJA KERJA NAMA": satker,
            "IS VALID NIK": "true",
        }
        yield SiasnRow(values)


def write_siasn_xlsx(
    path: Path,
    rows: Iterator[SiasnRow] | Sequence[SiasnRow],
    *,
    columns: Sequence[str] = SIASN_COLUMNS,
    title_rows: Sequence[str] = (),
    headers: Sequence[str] | None = None,
    blank_rows_every: int = 0,
) -> Path:
    """Write with openpyxl write-only (the way a big export is produced)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data ASN")
    for title in title_rows:
        ws.append([title])
    ws.append(list(headers or columns))
    for i, row in enumerate(rows, start=1):
        ws.append(row.cells(columns))
        if blank_rows_every and i % blank_rows_every == 0:
            ws.append([])
    wb.save(str(path))
    return path


def siasn_csv_value(column: str, value: Any) -> str:
    """How SIASN's CSV writes a value: ``'`` before NIP/NIK/NPWP/BPJS, ``dd-mm-yyyy``, ``null``."""
    if value is None or value == "":
        return "null"
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if column in APOSTROPHE_COLUMNS:
        return f"'{value}"
    return str(value)


def write_siasn_csv(path: Path, rows: Sequence[SiasnRow], *, columns: Sequence[str] = SIASN_COLUMNS,
                    delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([siasn_csv_value(c, row.values.get(c)) for c in columns])
    return path
