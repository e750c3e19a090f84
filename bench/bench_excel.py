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

    rss_start = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db").database
        t0, c0 = time.perf_counter(), time.process_time()
        plan = plan_pegawai_import(db, SYSTEM, SOURCE)
        t1, c1 = time.perf_counter(), time.process_time()
        result = commit_pegawai_import(db, SYSTEM, plan, unit_decisions={u.nama: BUAT for u in plan.unknown_units},
                                       jabatan_decisions={j.nama: BUAT for j in plan.unknown_jabatan})
        t2, c2 = time.perf_counter(), time.process_time()
        import_s = t2 - t0
        rss_import = rss_mb()
        print(f"import parse+validate: {t1 - t0:5.1f} s (cpu {c1 - c0:.1f} s)")
        print(f"import write:          {t2 - t1:5.1f} s (cpu {c2 - c1:.1f} s)")
        print(f"import total:          {import_s:5.1f} s (cpu {c2 - c0:.1f} s; target <= 15 s) "
              f"{result.created} created, {plan.counts.invalid} invalid")
        print(f"peak RSS after import: {rss_import:.0f} MB (at start {rss_start:.0f} MB; target <= 600 MB): "
              f"{'OK' if rss_import <= 600 else 'MISSED'}")
        del plan
        t3 = time.perf_counter()
        again = plan_pegawai_import(db, SYSTEM, SOURCE)
        result2 = commit_pegawai_import(db, SYSTEM, again)
        print(f"re-import of the same file: {time.perf_counter() - t3:.1f} s, {result2.unchanged} unchanged, "
              f"{result2.updated} updated, {result2.created} created")
        del again
        db.dispose()

    from openpyxl import load_workbook

    t, c = time.perf_counter(), time.process_time()
    wb = load_workbook(SOURCE, read_only=True)
    cells = 0
    for row in wb.active.iter_rows(values_only=True):
        cells += len(row)
    wb.close()
    openpyxl_s = time.perf_counter() - t
    print(f"openpyxl read-only, merely reading: {openpyxl_s:.1f} s (cpu {time.process_time() - c:.1f} s; "
          f"{cells / openpyxl_s:,.0f} cells/s)")
    ratio = openpyxl_s / import_s
    print(f"ratio: import is {ratio:.1f}x faster than merely reading with openpyxl "
          f"(target >= 5x and <= 15 s): {'OK' if import_s <= 15 and ratio >= 5 else 'MISSED'}")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times include waiting for a core)")

    if not DEMO.exists():
        os.system(f"{sys.executable} -m mutasi_desktop demo --db {DEMO} --pegawai 100000 --quiet")
    from mutasi_desktop.db.engine import Database
    from mutasi_desktop.services.export_service import export_pegawai

    db = Database(f"sqlite:///{DEMO}")
    out = Path(tempfile.gettempdir()) / "bench_export_100k.xlsx"
    t, c = time.perf_counter(), time.process_time()
    exported = export_pegawai(db, SYSTEM, out, title="DAFTAR PEGAWAI (BENCHMARK)")
    export_s = time.perf_counter() - t
    db.dispose()
    print(f"export of {exported.rows} pegawai to xlsx: {export_s:.1f} s (cpu {time.process_time() - c:.1f} s; "
          f"{out.stat().st_size / 1e6:.1f} MB; target <= 30 s): {'OK' if export_s <= 30 else 'MISSED'}")
    print(f"peak RSS of the whole run: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
