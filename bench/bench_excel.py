"""Benchmark of the Excel import and export (issue 7).

* generates once a 50,000-row, 65-column SIASN-style xlsx in /tmp (openpyxl write-only);
* times merely reading it with openpyxl read-only (the baseline);
* times the import (parse, validate, write) into a fresh database: must be <= 15 s and at least
  5x faster than the baseline; peak memory (ru_maxrss) <= 600 MB;
* times the export of 100,000 pegawai (reuses /tmp/bench100k.db or builds it with the demo).

Run: .venv/bin/python bench/bench_excel.py
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.domain.roles import SYSTEM
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

ROWS = 50_000
SOURCE = Path("/tmp/bench_siasn_50k_65col.xlsx")
DEMO = Path("/tmp/bench100k.db")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if not SOURCE.exists():
        t = time.perf_counter()
        write_siasn_xlsx(SOURCE, siasn_rows(ROWS, seed=50), columns=SIASN_COLUMNS_65,
                         title_rows=["DATA ASN KABUPATEN SUKAMAJU (SINTETIS)"])
        print(f"generated {SOURCE} in {time.perf_counter() - t:.1f} s")
    print(f"file: {SOURCE} ({SOURCE.stat().st_size / 1e6:.1f} MB, {ROWS} rows x {len(SIASN_COLUMNS_65)} columns)")

    from mutasi_desktop.services.import_common import BUAT
    from mutasi_desktop.services.import_pegawai import commit_pegawai_import, plan_pegawai_import

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db").database
        t0 = time.perf_counter()
        plan = plan_pegawai_import(db, SYSTEM, SOURCE)
        t1 = time.perf_counter()
        result = commit_pegawai_import(db, SYSTEM, plan, unit_decisions={u.nama: BUAT for u in plan.unknown_units},
                                       jabatan_decisions={j.nama: BUAT for j in plan.unknown_jabatan})
        t2 = time.perf_counter()
        import_s = t2 - t0
        print(f"import: parse+validate {t1 - t0:.1f} s, write {t2 - t1:.1f} s, total {import_s:.1f} s "
              f"({result.created} created, {plan.counts.invalid} invalid)")
        rss_import = rss_mb()
        print(f"peak RSS after import: {rss_import:.0f} MB")
        t3 = time.perf_counter()
        again = plan_pegawai_import(db, SYSTEM, SOURCE)
        result2 = commit_pegawai_import(db, SYSTEM, again)
        print(f"re-import of the same file: {time.perf_counter() - t3:.1f} s, {result2.unchanged} unchanged, "
              f"{result2.updated} updated")
        del plan, again
        db.dispose()

    from openpyxl import load_workbook

    t = time.perf_counter()
    wb = load_workbook(SOURCE, read_only=True)
    cells = 0
    for row in wb.active.iter_rows(values_only=True):
        cells += len(row)
    wb.close()
    openpyxl_s = time.perf_counter() - t
    print(f"openpyxl read-only, read only: {openpyxl_s:.1f} s ({cells / openpyxl_s:,.0f} cells/s)")
    print(f"import is {openpyxl_s / import_s:.1f}x faster than merely reading with openpyxl "
          f"(target >= 5x, <= 15 s): {'OK' if import_s <= 15 and openpyxl_s / import_s >= 5 else 'MISSED'}")
    print(f"peak memory (ru_maxrss) {rss_mb():.0f} MB (import phase {rss_import:.0f} MB; target <= 600 MB)")

    if not DEMO.exists():
        os.system(f"{sys.executable} -m mutasi_desktop demo --db {DEMO} --pegawai 100000 --quiet")
    from mutasi_desktop.db.engine import Database
    from mutasi_desktop.services.export_service import export_pegawai

    db = Database(f"sqlite:///{DEMO}")
    out = Path(tempfile.gettempdir()) / "bench_export_100k.xlsx"
    t = time.perf_counter()
    exported = export_pegawai(db, SYSTEM, out, title="DAFTAR PEGAWAI (BENCHMARK)")
    export_s = time.perf_counter() - t
    db.dispose()
    print(f"export of {exported.rows} pegawai to xlsx: {export_s:.1f} s ({out.stat().st_size / 1e6:.1f} MB; "
          f"target <= 30 s): {'OK' if export_s <= 30 else 'MISSED'}")


if __name__ == "__main__":
    main()
