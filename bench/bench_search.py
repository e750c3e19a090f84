"""Pegawai search at the service level: count + first page for typical keystrokes and sorts.

Usage: python bench/bench_search.py [--db /tmp/bench100k.db] [--repeat 5]
Prints the median time per query (what the list waits for after the debounce).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.pegawai_query import PegawaiFilter, Urutan, fetch_pegawai

QUERIES = ["s", "si", "siti", "budi santoso", "19", "1985", "198503", "sitompul", "wahyu", "xqz", "s.pd"]


def timed(db: Database, flt: PegawaiFilter, sort: Urutan, repeat: int) -> tuple[float, int]:
    times = []
    total = 0
    for _ in range(repeat):
        started = time.perf_counter()
        page = fetch_pegawai(db, SYSTEM, flt, sort=sort, limit=200, with_total=True)
        times.append((time.perf_counter() - started) * 1000)
        total = page.total
    return statistics.median(times), total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/bench100k.db")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db} tidak ada; buat dulu: mutasi demo --db {args.db} --pegawai 100000")
    db = Database(f"sqlite:///{Path(args.db).resolve()}")
    fetch_pegawai(db, SYSTEM, PegawaiFilter(), limit=1)  # warm up mappers and the page cache
    all_times: list[float] = []
    print(f"{'query':<16}{'sort':<16}{'matches':>9}{'ms':>9}")
    for q in QUERIES:
        for sort in (Urutan.NAMA, Urutan.UNIT):
            ms, total = timed(db, PegawaiFilter(teks=q), sort, args.repeat)
            all_times.append(ms)
            print(f"{q:<16}{sort.value:<16}{total:>9,}{ms:>9.1f}")
    for label, flt in (("unit+sub-unit", PegawaiFilter(unit_id=1)), ("BUP 12 bulan", PegawaiFilter(pensiun_dalam_bulan=12)),
                       ("PPPK", PegawaiFilter(status_kepegawaian="PPPK")),
                       ("fungsional", PegawaiFilter(jenis_jabatan="FUNGSIONAL_KEAHLIAN"))):
        ms, total = timed(db, flt, Urutan.NAMA, args.repeat)
        all_times.append(ms)
        print(f"{label:<16}{'nama':<16}{total:>9,}{ms:>9.1f}")
    print(f"median over all: {statistics.median(all_times):.1f} ms, max {max(all_times):.1f} ms")


if __name__ == "__main__":
    main()
