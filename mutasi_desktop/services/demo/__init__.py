"""``mutasi demo``: a realistic synthetic kabupaten, deterministic per seed.

Rows are written with bulk Core inserts in batches inside ONE transaction, so an interrupted run
leaves the database as it was, and 100,000 pegawai with full history take well under a minute.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, text

from mutasi_desktop.db.base import Base
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Instansi, Pegawai, Penandatangan, UnitKerja
from mutasi_desktop.services.demo import catalogue as cat
from mutasi_desktop.services.demo.org_builder import build_organisation, organisation_rows
from mutasi_desktop.services.demo.people_builder import PeopleBuilder, allocate
from mutasi_desktop.services.demo.rows import RowFactory
from mutasi_desktop.services.demo.usul_demo import build_usul_demo

ProgressFn = Callable[[str, int, int], None]
BATCH_SIZE = 5000


class DemoAlreadyFilled(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "Basis data ini sudah berisi data. Data contoh hanya dapat dibuat pada basis data kosong "
            "(gunakan --db dengan nama berkas baru)."
        )


@dataclass(frozen=True)
class DemoSummary:
    opd: int
    unit: int
    jabatan: int
    formasi: int
    pegawai: int
    reference_date: date


def _reset_sequences(conn: object, tables: list[str]) -> None:
    for table in tables:
        conn.execute(text(  # type: ignore[attr-defined]
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
        ))


def build_demo(db: Database, *, pegawai: int = 3000, seed: int = 2025, today: date | None = None,
               progress: ProgressFn | None = None) -> DemoSummary:
    """Fill an empty database with the demo kabupaten. Refuses a database that holds data."""
    reference = today or date.today()
    rng = random.Random(seed)
    rows = RowFactory(rng)
    report = progress or (lambda _s, _d, _t: None)
    tables = Base.metadata.tables

    with db.session(write=True) as session:
        existing = session.scalar(select(func.count()).select_from(Pegawai))
        units_existing = session.scalar(select(func.count()).select_from(UnitKerja))
        if existing or units_existing:
            raise DemoAlreadyFilled()

        report("Organisasi", 0, 1)
        if session.scalar(select(func.count()).select_from(Instansi)) == 0:
            session.execute(insert(Instansi), [rows.tracked(
                kode="3299", nama_daerah=cat.NAMA_DAERAH, jenis="KABUPATEN", provinsi=cat.PROVINSI,
                ibu_kota=cat.IBU_KOTA, alamat="Jl. Pahlawan No. 1, Sukamaju 45111", telepon="(0261) 123456",
                email="bkpsdm@contoh.sukamaju.go.id", laman="bkpsdm.contoh.sukamaju.go.id", kode_pos="45111",
                nama_bkpsdm="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                kepala_daerah_jabatan="BUPATI", kepala_daerah_nama="H. ARIF BUDIMAN, S.H., M.Si.",
                kepala_daerah_status="DEFINITIF", kepala_daerah_tmt_pelantikan=date(reference.year - 1, 2, 20),
                kode_kanreg="III", nama_kanreg="Kantor Regional III BKN")])
        session.execute(insert(Penandatangan), [
            rows.tracked(nama="H. ARIF BUDIMAN, S.H., M.Si.", nip=None, pangkat="", jabatan=f"BUPATI {cat.NAMA_KABUPATEN}",
                         cara_tanda_tangan="KEPALA_DAERAH", atas_nama="", aktif=True),
            rows.tracked(nama="Dr. RINA MARLINA, S.Sos., M.Si.", nip="197203151998032004", pangkat="Pembina Utama Muda",
                         jabatan="KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
                         cara_tanda_tangan="AN", atas_nama=f"BUPATI {cat.NAMA_KABUPATEN}", aktif=True),
            rows.tracked(nama="Drs. BAMBANG HERMAWAN, M.M.", nip="196805121994031007", pangkat="Pembina Utama Madya",
                         jabatan="SEKRETARIS DAERAH", cara_tanda_tangan="AN",
                         atas_nama=f"BUPATI {cat.NAMA_KABUPATEN}", aktif=True),
        ])

        org = build_organisation(rng)
        slots = allocate(org, pegawai, rng)
        units, jabatan, formasi = organisation_rows(org, rows)
        session.execute(insert(tables["unit_kerja"]), units)
        session.execute(insert(tables["jabatan"]), jabatan)
        session.execute(insert(tables["formasi"]), formasi)
        report("Organisasi", 1, 1)

        people = PeopleBuilder(org, rng, rows, reference, seed)
        done = 0
        for batch in people.batches(slots, BATCH_SIZE):
            for name, data in batch.tables():
                if data:
                    session.execute(insert(tables[name]), data)
            done += len(batch.pegawai)
            report("Pegawai", done, len(slots))

        if db.dialect == "postgresql":
            _reset_sequences(session, ["instansi", "penandatangan", "unit_kerja", "jabatan", "formasi", "pegawai",
                                       "riwayat_jabatan", "riwayat_pangkat", "riwayat_pendidikan", "skp",
                                       "hukuman_disiplin", "diklat", "aspirasi"])
    build_usul_demo(db, seed=seed, today=reference)  # usul in every state, batches, SKs, applied mutasi
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
    return DemoSummary(opd=len(org.opd), unit=len(org.units), jabatan=len(org.jabatan), formasi=len(org.formasi),
                       pegawai=len(slots), reference_date=reference)
