"""Two offices (a BKPSDM and a UPT) that exchange packages, for the exchange tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, UnitKerja
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.exchange import (
    HasilImpor,
    Pratinjau,
    buat_identitas,
    ekspor_paket,
    impor_paket,
    pratinjau_paket,
    tambah_mitra,
)

UNIT_UUID = "00000000-0000-4000-8000-000000000001"
JABATAN_UUID = "00000000-0000-4000-8000-000000000002"


@dataclass
class Office:
    db: Database
    kode: str
    keys: Path
    kunci_publik: str = ""

    def export(self, to: Office, path: Path, **kw: Any) -> Path:
        ekspor_paket(self.db, SYSTEM, ke=to.kode, path=path, keys_dir=self.keys, **kw)
        return path

    def preview(self, path: Path, **kw: Any) -> Pratinjau:
        return pratinjau_paket(self.db, SYSTEM, path, keys_dir=self.keys, **kw)

    def import_(self, path: Path, **kw: Any) -> HasilImpor:
        return impor_paket(self.db, SYSTEM, path, keys_dir=self.keys, **kw)


def seed_catalogue(db: Database) -> None:
    """The same unit and jabatan (same uuids) in both offices, as when a UPT starts from a copy."""
    with db.session() as s:
        unit = UnitKerja(uuid=UNIT_UUID, nama="Dinas Pendidikan", jenis="OPD", kode="DISDIK")
        s.add(unit)
        s.add(Jabatan(uuid=JABATAN_UUID, nama="Pengelola Data", jenis="PELAKSANA"))
        s.flush()
        unit.path = f"/{unit.id}/"


def new_office(db: Database, kode: str, nama: str, keys: Path) -> Office:
    """An office with the shared catalogue and its own key pair."""
    office = Office(db, kode, keys)
    seed_catalogue(db)
    office.kunci_publik = buat_identitas(db, SYSTEM, kode=kode, nama=nama, keys_dir=keys).kunci_publik
    return office


def trust(office: Office, partner: Office, nama: str = "Kantor Mitra") -> None:
    tambah_mitra(office.db, SYSTEM, kode=partner.kode, nama=nama, kunci_publik=partner.kunci_publik)


def make_offices(db_a: Database, db_b: Database, tmp_path: Path) -> tuple[Office, Office]:
    a = new_office(db_a, "BKPSDM", "BKPSDM Kabupaten Sukamaju", tmp_path / "kunci-a")
    b = new_office(db_b, "UPT-SMP1", "UPT SMP Negeri 1", tmp_path / "kunci-b")
    trust(a, b, "UPT SMP Negeri 1")
    trust(b, a, "BKPSDM Kabupaten Sukamaju")
    return a, b


def copy_empty_db(empty_template: Path, path: Path) -> Database:
    shutil.copyfile(empty_template, path)
    return Database(f"sqlite:///{path}")
