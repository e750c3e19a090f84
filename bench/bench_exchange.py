"""Exchange package figures (issue 9 targets): a package of 5,000 changed pegawai.

* export of the package: target <= 10 s;
* import with preview (verification, three-way comparison, then the import itself): target <= 20 s.

Scenario: office A (a demo kabupaten of N pegawai) and office B start from the same data and
exchange a first full package, so both share a base. Then A edits 5,000 pegawai (their telephone
number and address) and sends what changed; B previews and imports it. The first full package is
timed too, for reference.

Usage: python bench/bench_exchange.py [--pegawai 6000] [--changed 5000] [--encrypt]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, update

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.demo import build_demo
from mutasi_desktop.services.exchange import (
    AksiRekam,
    Pilihan,
    buat_identitas,
    ekspor_paket,
    impor_paket,
    lihat_identitas,
    pratinjau_paket,
    tambah_mitra,
)

PEGAWAI_TABLES = ("usul_persyaratan", "usul_transisi", "sk_petikan", "usul_mutasi", "surat_keputusan", "usul_batch",
                  "aspirasi", "diklat", "hukuman_disiplin", "skp", "riwayat_pendidikan", "riwayat_pangkat",
                  "riwayat_jabatan", "pegawai")


def _new_office_figures(a: Database, work: Path, keys_a: Path, encrypt: bool) -> str:
    """A third office with the same organisation but no pegawai receives everything."""
    assert a.path is not None
    c_path = work / "c.db"
    with a.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(a.path, c_path)
    c = Database(f"sqlite:///{c_path}")
    with c.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")  # checked at commit, when all are gone
        for table in PEGAWAI_TABLES:
            conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql("DELETE FROM setting WHERE key LIKE 'pertukaran.%'")
        conn.exec_driver_sql("DELETE FROM kantor_mitra")
        conn.exec_driver_sql("DELETE FROM pertukaran_rekam")
    keys_c = work / "keys-c"
    id_c = buat_identitas(c, SYSTEM, kode="UPT2", nama="UPT 2", keys_dir=keys_c)
    id_a = lihat_identitas(a, SYSTEM, keys_dir=keys_a)
    assert id_a is not None
    tambah_mitra(a, SYSTEM, kode="UPT2", nama="UPT 2", kunci_publik=id_c.kunci_publik)
    tambah_mitra(c, SYSTEM, kode="BKPSDM", nama="BKPSDM", kunci_publik=id_a.kunci_publik)
    sent = ekspor_paket(a, SYSTEM, ke="UPT2", path=work / "baru.mpk", keys_dir=keys_a, enkripsi_kunci=encrypt)
    t0 = time.perf_counter()
    preview = pratinjau_paket(c, SYSTEM, sent.path, keys_dir=keys_c)
    t_preview = time.perf_counter() - t0
    result = impor_paket(c, SYSTEM, sent.path, keys_dir=keys_c)
    c.dispose()
    return (f"{sent.total} records ({preview.ringkasan.get('pegawai')} pegawai), "
            f"{sent.path.stat().st_size / 1e6:.1f} MB: export {sent.detik:.2f} s, preview {t_preview:.2f} s, "
            f"import {result.detik:.2f} s ({result.dibuat} created)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pegawai", type=int, default=6000)
    parser.add_argument("--changed", type=int, default=5000)
    parser.add_argument("--encrypt", action="store_true", help="encrypt for the receiver's key")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    a_path, b_path = work / "a.db", work / "b.db"

    started = time.perf_counter()
    result = open_database(f"sqlite:///{a_path}")
    build_demo(result.database, pegawai=args.pegawai, seed=9)
    with result.database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    result.database.dispose()
    shutil.copyfile(a_path, b_path)
    print(f"demo of {args.pegawai} pegawai built and copied in {time.perf_counter() - started:.1f} s")

    a, b = Database(f"sqlite:///{a_path}"), Database(f"sqlite:///{b_path}")
    keys_a, keys_b = work / "keys-a", work / "keys-b"
    id_a = buat_identitas(a, SYSTEM, kode="BKPSDM", nama="BKPSDM", keys_dir=keys_a)
    id_b = buat_identitas(b, SYSTEM, kode="UPT1", nama="UPT 1", keys_dir=keys_b)
    tambah_mitra(a, SYSTEM, kode="UPT1", nama="UPT 1", kunci_publik=id_b.kunci_publik)
    tambah_mitra(b, SYSTEM, kode="BKPSDM", nama="BKPSDM", kunci_publik=id_a.kunci_publik)

    full = ekspor_paket(a, SYSTEM, ke="UPT1", path=work / "lengkap.mpk", keys_dir=keys_a,
                        enkripsi_kunci=args.encrypt)
    t0 = time.perf_counter()
    full_preview = pratinjau_paket(b, SYSTEM, full.path, keys_dir=keys_b)
    t_full_preview = time.perf_counter() - t0
    full_import = impor_paket(b, SYSTEM, full.path, keys_dir=keys_b, konflik_bawaan=Pilihan.MEREKA)
    print(f"first full package: {full.total} records, {full.path.stat().st_size / 1e6:.1f} MB, "
          f"export {full.detik:.2f} s, preview {t_full_preview:.2f} s, import {full_import.detik:.2f} s "
          f"({full_preview.jumlah(AksiRekam.SAMA)} already identical)")

    with a.session() as s:
        ids = s.scalars(select(Pegawai.id).order_by(Pegawai.id).limit(args.changed)).all()
        s.execute(update(Pegawai).where(Pegawai.id.in_(ids)).values(
            telepon="0811" + Pegawai.id.cast(type_=Pegawai.telepon.type), alamat="Jl. Baru No. 1",
            version=Pegawai.version + 1, updated_at=utcnow(), updated_by="bench"))
    print(f"{len(ids)} pegawai changed in office A")

    t0 = time.perf_counter()
    package = ekspor_paket(a, SYSTEM, ke="UPT1", path=work / "perubahan.mpk", keys_dir=keys_a,
                           enkripsi_kunci=args.encrypt)
    t_export = time.perf_counter() - t0
    t0 = time.perf_counter()
    preview = pratinjau_paket(b, SYSTEM, package.path, keys_dir=keys_b)
    t_preview = time.perf_counter() - t0
    t0 = time.perf_counter()
    imported = impor_paket(b, SYSTEM, package.path, keys_dir=keys_b)
    t_import = time.perf_counter() - t0
    again = impor_paket(b, SYSTEM, package.path, keys_dir=keys_b)
    new_figures = _new_office_figures(a, work, keys_a, args.encrypt)

    print()
    print(f"package of changed pegawai: {package.jumlah}, {package.path.stat().st_size / 1e6:.2f} MB"
          f"{' (encrypted)' if args.encrypt else ''}")
    print(f"  export                     {t_export:6.2f} s   (target <= 10 s)  {'OK' if t_export <= 10 else 'SLOW'}")
    print(f"  preview                    {t_preview:6.2f} s   {preview.ringkasan}")
    print(f"  import (verifies again)    {t_import:6.2f} s   {imported.pesan}")
    total = t_preview + t_import
    print(f"  import with preview        {total:6.2f} s   (target <= 20 s)  {'OK' if total <= 20 else 'SLOW'}")
    print(f"  second import (idempotent) {again.detik:6.2f} s   {again.pesan}")
    print()
    print("package of every pegawai to an office that has none of them (all new, with their history):")
    print("  " + new_figures)
    a.dispose()
    b.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return 0 if t_export <= 10 and total <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
