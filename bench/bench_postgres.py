"""PostgreSQL server mode figures beside SQLite's, on the 100,000-pegawai demo.

1. ``migrate-db`` of the demo from its SQLite file into a new PostgreSQL database (time, rows).
2. The pegawai list and search queries of the UI (``services.pegawai_query``) on both engines:
   median of several runs after one warm-up, in milliseconds.

Usage: python bench/bench_postgres.py [--sqlite /tmp/bench100k.db] [--pg-url URL] [--runs 5] [--keep]
The server URL defaults to MUTASI_TEST_PG_URL (``source .ci/pg.sh; pg_start`` sets it); a fresh
database is created on that server for the run and dropped afterwards unless ``--keep``.
Build the SQLite demo once with: mutasi demo --db /tmp/bench100k.db --pegawai 100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.migrate_db_service import migrate_database
from mutasi_desktop.services.pegawai_query import PegawaiFilter, Urutan, count_pegawai, fetch_pegawai


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm-up (caches, prepared plans)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _queries(db: Database) -> list[tuple[str, Callable[[], Any]]]:
    with db.session() as s:
        sample = s.scalars(select(Pegawai).where(Pegawai.id == 12_345)).one()
        opd = s.execute(
            select(UnitKerja.id, func.count(Pegawai.id)).join(Pegawai, Pegawai.unit_id == UnitKerja.id)
            .where(UnitKerja.level == 0).group_by(UnitKerja.id).order_by(func.count(Pegawai.id).desc()).limit(1)
        ).first()
    surname = sample.nama.split()[-1]
    opd_id = opd[0] if opd else None
    return [
        ("daftar: halaman 1 + jumlah (urut nama)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(), with_total=True)),
        ("daftar: halaman 250 (urut nama)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(), offset=50_000)),
        ("daftar: urut unit kerja", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(), sort=Urutan.UNIT)),
        ("daftar: urut tanggal pensiun", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(), sort=Urutan.TANGGAL_PENSIUN)),
        ("saring: OPD terbesar + sub-unit", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(unit_id=opd_id),
                                                                   with_total=True)),
        ("saring: pensiun 12 bulan", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(pensiun_dalam_bulan=12),
                                                            with_total=True)),
        ("cari 1 huruf 's' (urut nama)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="s"), with_total=True)),
        ("cari 1 huruf 's' (urut unit)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="s"), sort=Urutan.UNIT,
                                                              with_total=True)),
        ("cari 2 huruf 'si' (urut nama)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="si"), with_total=True)),
        ("cari NIP '19' (urut nama)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="19"), with_total=True)),
        ("cari 's' halaman 50 (urut unit)", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks="s"), sort=Urutan.UNIT,
                                                                  offset=10_000)),
        (f"cari nama '{surname.lower()}'", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks=surname),
                                                                 with_total=True)),
        (f"cari 2 kata '{sample.nama.lower()[:20]}'", lambda: fetch_pegawai(
            db, SYSTEM, PegawaiFilter(teks=" ".join(sample.nama.split()[:2])), with_total=True)),
        (f"cari NIP '{sample.nip[:8]}'", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks=sample.nip[:8]),
                                                               with_total=True)),
        ("cari NIP lengkap", lambda: fetch_pegawai(db, SYSTEM, PegawaiFilter(teks=sample.nip), with_total=True)),
        ("hitung: aktif PNS", lambda: count_pegawai(db, SYSTEM, PegawaiFilter(hanya_aktif=True,
                                                                               status_kepegawaian="PNS"))),
    ]


UI_CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
import bench_ui
print("FIGURES" + json.dumps(bench_ui.in_process({url!r})))
"""


def _ui_figures(sqlite_url: str, pg_url: str) -> None:
    """The pegawai screen of bench_ui.py (open the list, search keystrokes) on both engines."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               MUTASI_HOME=tempfile.mkdtemp(prefix="bench-pg-ui-"))
    figures = {}
    for name, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
        code = UI_CHILD.format(bench=str(Path(__file__).parent), url=url)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        figures[name] = json.loads(out.split("FIGURES", 1)[1])
    print()
    print("layar pegawai (bench_ui.in_process)      SQLite  PostgreSQL")
    for key, label in (("open_list_ms", "buka daftar pegawai (ms)"), ("keystroke_median_ms", "ketikan cari, median (ms)"),
                       ("keystroke_p90_ms", "ketikan cari, p90 (ms)"), ("keystroke_max_ms", "ketikan cari, maks (ms)"),
                       ("sort_unit_ms", "urut ulang per unit (ms)"), ("rss_mb", "memori RSS (MB)")):
        print(f"{label:<38}  {figures['SQLite'][key]:8.1f}  {figures['PostgreSQL'][key]:8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", default="/tmp/bench100k.db")
    parser.add_argument("--pg-url", default=os.environ.get("MUTASI_TEST_PG_URL"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--no-ui", action="store_true", help="skip the pegawai screen figures (bench_ui)")
    args = parser.parse_args()
    if not args.pg_url:
        print("No server: pass --pg-url or run `source .ci/pg.sh; pg_start` first.", file=sys.stderr)
        return 2
    source = Path(args.sqlite)
    if not source.exists():
        print(f"{source} missing; build it with: mutasi demo --db {source} --pegawai 100000", file=sys.stderr)
        return 2
    # Work on a copy: opening may upgrade the schema, and the original is shared with other benchmarks.
    work = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    copy = work / "sumber.db"
    shutil.copyfile(source, copy)

    name = f"mutasi_bench_{os.getpid()}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    target_url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        result = migrate_database(source_url=f"sqlite:///{copy}", target_url=target_url, batch_size=5_000)
        print(f"migrate-db: {result.total_baris:,} rows in {len(result.tabel)} tables in {result.detik:.1f} s "
              f"({result.total_baris / result.detik:,.0f} rows/s); every count verified")
        engine = create_engine(target_url, isolation_level="AUTOCOMMIT")
        t0 = time.perf_counter()
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
        print(f"VACUUM ANALYZE: {time.perf_counter() - t0:.1f} s")

        lite, pg = Database(f"sqlite:///{copy}"), Database(target_url)
        rows = []
        for (label, lite_fn), (_, pg_fn) in zip(_queries(lite), _queries(pg), strict=True):
            rows.append((label, _median_ms(lite_fn, args.runs), _median_ms(pg_fn, args.runs)))
        lite.dispose()
        pg.dispose()
        width = max(len(r[0]) for r in rows)
        print()
        print(f"{'kueri (median ' + str(args.runs) + ' kali)':<{width}}  {'SQLite':>10}  {'PostgreSQL':>10}")
        for label, a, b in rows:
            print(f"{label:<{width}}  {a:8.1f} ms  {b:8.1f} ms")
        if not args.no_ui:
            _ui_figures(f"sqlite:///{copy}", target_url)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
