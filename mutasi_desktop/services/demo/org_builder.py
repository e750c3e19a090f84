"""Builds the demo instansi, signers, unit kerja tree, jabatan catalogue and formasi skeleton."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from mutasi_desktop.services.demo import catalogue as cat
from mutasi_desktop.services.demo.rows import RowFactory


@dataclass
class UnitRow:
    id: int
    nama: str
    jenis: str
    parent_id: int | None
    path: str
    level: int
    opd_id: int
    kode: str
    lokasi: str


@dataclass
class JabatanRow:
    id: int
    nama: str
    jenis: str
    jenjang: str | None
    eselon: str | None
    kelas: int
    gol_min: int
    gol_max: int
    pendidikan_min: str
    bidang_pendidikan: str
    rumpun: str
    kompetensi: str
    pppk_share: float = 0.0


@dataclass
class FormasiRow:
    id: int
    unit_id: int
    jabatan_id: int
    structural: bool
    weight: float
    kebutuhan: int = 0


@dataclass
class Organisation:
    units: list[UnitRow] = field(default_factory=list)
    jabatan: list[JabatanRow] = field(default_factory=list)
    formasi: list[FormasiRow] = field(default_factory=list)

    @property
    def opd(self) -> list[UnitRow]:
        return [u for u in self.units if u.parent_id is None]


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.org = Organisation()
        self._jabatan_by_key: dict[tuple[str, str], JabatanRow] = {}

    def unit(self, nama: str, jenis: str, parent: UnitRow | None, kode: str = "", lokasi: str = "") -> UnitRow:
        uid = len(self.org.units) + 1
        path = f"{parent.path}{uid}/" if parent else f"/{uid}/"
        row = UnitRow(uid, nama, jenis, parent.id if parent else None, path,
                      (parent.level + 1) if parent else 0, parent.opd_id if parent else uid,
                      kode or f"U{uid:04d}", lokasi or (parent.lokasi if parent else cat.IBU_KOTA))
        self.org.units.append(row)
        return row

    def structural(self, unit: UnitRow, nama: str, jenis: str, eselon: str, kelas: int,
                   gol: tuple[int, int], jenjang: str | None = None) -> None:
        jid = len(self.org.jabatan) + 1
        row = JabatanRow(jid, nama, jenis, jenjang, eselon, kelas, gol[0], gol[1], "40",
                         "Administrasi Negara;Manajemen;Hukum;Ekonomi", "Manajerial",
                         "kepemimpinan;manajemen", 0.0)
        self.org.jabatan.append(row)
        self.org.formasi.append(FormasiRow(len(self.org.formasi) + 1, unit.id, jid, True, 1.0, 1))

    def catalogue_jabatan(self, d: cat.JabatanDef) -> JabatanRow:
        key = (d.nama, d.jenis)
        if key not in self._jabatan_by_key:
            row = JabatanRow(len(self.org.jabatan) + 1, d.nama, d.jenis, d.jenjang, None, d.kelas, d.gol_min,
                             d.gol_max, d.pendidikan_min, d.bidang_pendidikan, d.rumpun, d.kompetensi,
                             d.pppk_share)
            self.org.jabatan.append(row)
            self._jabatan_by_key[key] = row
        return self._jabatan_by_key[key]

    def place(self, d: cat.JabatanDef, units: list[UnitRow]) -> None:
        jab = self.catalogue_jabatan(d)
        for u in units:
            w = d.weight / len(units) * self.rng.uniform(0.6, 1.4)
            self.org.formasi.append(FormasiRow(len(self.org.formasi) + 1, u.id, jab.id, False, w))


JPT, ADM, PENG = "JPT", "ADMINISTRATOR", "PENGAWAS"


def build_organisation(rng: random.Random) -> Organisation:
    """The whole fictional kabupaten: ~40 OPD, ~300 units, ~580 jabatan, ~1,700 formasi."""
    b = _Builder(rng)
    opd_roots: dict[str, UnitRow] = {}
    sub_units: list[UnitRow] = []

    setda = b.unit("Sekretariat Daerah", "OPD", None, "SETDA")
    opd_roots["SETDA"] = setda
    b.structural(setda, "Sekretaris Daerah", JPT, "21", 15, (42, 44), "Pratama")
    for i, nama in enumerate(["Pemerintahan dan Kesejahteraan Rakyat", "Perekonomian dan Pembangunan",
                              "Administrasi Umum"], start=1):
        b.structural(setda, f"Asisten {nama}", JPT, "22", 14, (41, 43), "Pratama")
        del i
    for nama in cat.SETDA_BAGIAN:
        bag = b.unit(f"Bagian {nama}", "BAGIAN", setda)
        sub_units.append(bag)
        b.structural(bag, f"Kepala Bagian {nama} Sekretariat Daerah", ADM, "31", 12, (34, 42))
        for sub in ("Perencanaan dan Evaluasi", "Pelaksanaan"):
            sb = b.unit(f"Subbagian {sub} Bagian {nama}", "SUBBAGIAN", bag)
            sub_units.append(sb)
            b.structural(sb, f"Kepala Subbagian {sub} Bagian {nama}", PENG, "41", 9, (33, 34))

    def organisation_with_bidang(nama: str, singkat: str, bidang: list[str], head: str) -> UnitRow:
        root = b.unit(nama, "OPD", None, singkat)
        opd_roots[singkat] = root
        b.structural(root, f"{head} {nama}", JPT, "22", 14, (41, 43), "Pratama")
        sek = b.unit(f"Sekretariat {nama}", "SEKRETARIAT", root)
        sub_units.append(sek)
        b.structural(sek, f"Sekretaris {nama}", ADM, "31", 12, (34, 42))
        for sub in ("Umum dan Kepegawaian", "Keuangan", "Perencanaan"):
            sb = b.unit(f"Subbagian {sub} {nama}", "SUBBAGIAN", sek)
            sub_units.append(sb)
            b.structural(sb, f"Kepala Subbagian {sub} {nama}", PENG, "42", 9, (33, 34))
        for bid in bidang:
            bu = b.unit(f"Bidang {bid}", "BIDANG", root)
            sub_units.append(bu)
            b.structural(bu, f"Kepala Bidang {bid} {nama}", ADM, "32", 11, (34, 41))
            for seksi in ("Pengembangan", "Pengendalian"):
                su = b.unit(f"Seksi {seksi} {bid}", "SEKSI", bu)
                sub_units.append(su)
                b.structural(su, f"Kepala Seksi {seksi} {bid} {nama}", PENG, "42", 9, (33, 34))
        return root

    dprd = b.unit("Sekretariat DPRD", "OPD", None, "SETWAN")
    opd_roots["SETWAN"] = dprd
    b.structural(dprd, "Sekretaris DPRD", JPT, "22", 14, (41, 43), "Pratama")
    for bag_nama in ("Umum dan Keuangan", "Persidangan dan Perundang-undangan", "Fasilitasi Penganggaran"):
        bagian = b.unit(f"Bagian {bag_nama}", "BAGIAN", dprd)
        sub_units.append(bagian)
        b.structural(bagian, f"Kepala Bagian {bag_nama} Sekretariat DPRD", ADM, "32", 11, (34, 41))

    insp = b.unit("Inspektorat Daerah", "OPD", None, "INSPEKTORAT")
    opd_roots["INSPEKTORAT"] = insp
    b.structural(insp, "Inspektur Daerah", JPT, "22", 14, (41, 43), "Pratama")
    b.structural(insp, "Sekretaris Inspektorat Daerah", ADM, "31", 12, (34, 42))
    for wilayah in ("I", "II", "III", "IV"):
        b.structural(insp, f"Inspektur Pembantu Wilayah {wilayah}", ADM, "32", 11, (34, 41))

    for nama, singkat, bidang in cat.BADAN:
        organisation_with_bidang(nama, singkat, bidang, "Kepala")
    for nama, singkat, bidang in cat.DINAS:
        organisation_with_bidang(nama, singkat, bidang, "Kepala")

    rsud = organisation_with_bidang(f"Rumah Sakit Umum Daerah {cat.IBU_KOTA}", "RSUD",
                                    ["Pelayanan Medik", "Keperawatan", "Penunjang"], "Direktur")

    kecamatan: list[UnitRow] = []
    for kec in cat.KECAMATAN:
        ku = b.unit(f"Kecamatan {kec}", "KECAMATAN", None, f"KEC-{kec.upper()[:6]}", kec)
        kecamatan.append(ku)
        opd_roots[ku.kode] = ku
        b.structural(ku, f"Camat {kec}", ADM, "31", 12, (34, 42))
        b.structural(ku, f"Sekretaris Kecamatan {kec}", ADM, "32", 11, (33, 41))
        for seksi in ("Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Kesejahteraan Sosial"):
            su = b.unit(f"Seksi {seksi} Kecamatan {kec}", "SEKSI", ku)
            sub_units.append(su)
            b.structural(su, f"Kepala Seksi {seksi} Kecamatan {kec}", PENG, "41", 9, (33, 34))

    disdik, dinkes = opd_roots["DISDIK"], opd_roots["DINKES"]
    schools: list[UnitRow] = []
    for i in range(1, 41):
        kec = cat.KECAMATAN[(i - 1) % len(cat.KECAMATAN)]
        schools.append(b.unit(f"SD Negeri {i} {kec}", "SEKOLAH", disdik, f"SDN{i:02d}", kec))
    for i in range(1, 13):
        kec = cat.KECAMATAN[(i - 1) % len(cat.KECAMATAN)]
        schools.append(b.unit(f"SMP Negeri {i} {kec}", "SEKOLAH", disdik, f"SMPN{i:02d}", kec))
    health: list[UnitRow] = [rsud]
    for i, kec in enumerate([*cat.KECAMATAN, "Sukamaju Kota", "Cibening Hilir"], start=1):
        pk = b.unit(f"UPT Puskesmas {kec}", "PUSKESMAS", dinkes, f"PKM{i:02d}", kec)
        health.append(pk)
        b.structural(pk, f"Kepala UPT Puskesmas {kec}", PENG, "41", 9, (33, 34))
    for opd_code, upt_names in {"DLH": ["UPT Pengelolaan Sampah"], "DISHUB": ["UPT Terminal Penumpang"],
                                "DISTAN": ["UPT Balai Penyuluhan Pertanian Wilayah I",
                                           "UPT Balai Penyuluhan Pertanian Wilayah II"],
                                "DISDUKCAPIL": ["UPT Pelayanan Kependudukan Wilayah Selatan"]}.items():
        for nm in upt_names:
            upt = b.unit(nm, "UPT", opd_roots[opd_code])
            sub_units.append(upt)
            b.structural(upt, f"Kepala {nm}", PENG, "41", 9, (33, 34))

    roots = list(opd_roots.values())
    for d in cat.FUNGSIONAL:
        if d.placement == "SEKOLAH":
            b.place(d, schools)
        elif d.placement == "KESEHATAN":
            b.place(d, health)
        elif d.placement == "OPD_ALL":
            b.place(d, roots)
        else:
            b.place(d, [opd_roots[d.placement]])
    for d in cat.PELAKSANA:
        targets = roots + sub_units if d.placement == "ALL" else roots
        b.place(d, targets)
    return b.org


def organisation_rows(org: Organisation, rows: RowFactory) -> tuple[list[dict[str, object]], ...]:
    """Dicts for bulk insert: unit_kerja, jabatan, formasi."""
    units = [rows.tracked(id=u.id, kode=u.kode, nama=u.nama, singkatan="", jenis=u.jenis, parent_id=u.parent_id,
                          path=u.path, level=u.level, lokasi=u.lokasi, alamat=f"Jl. Pemuda No. {u.id}, {u.lokasi}",
                          siasn_unor_id=None, aktif=True, tanggal_ditutup=None, urutan=u.id)
             for u in org.units]
    jabatan = [rows.tracked(id=j.id, kode=f"J{j.id:04d}", nama=j.nama, jenis=j.jenis, jenjang=j.jenjang,
                            eselon=j.eselon, kelas_jabatan=j.kelas, golongan_min_id=j.gol_min,
                            golongan_max_id=j.gol_max, pendidikan_min=j.pendidikan_min,
                            pendidikan_pref="45" if j.jenis == "JPT" else j.pendidikan_min,
                            bidang_pendidikan=j.bidang_pendidikan, rumpun=j.rumpun, kompetensi=j.kompetensi,
                            bup=None, siasn_jabatan_id=None, aktif=True)
               for j in org.jabatan]
    formasi = [rows.tracked(id=f.id, unit_id=f.unit_id, jabatan_id=f.jabatan_id, kebutuhan=f.kebutuhan,
                            catatan="") for f in org.formasi]
    return units, jabatan, formasi
