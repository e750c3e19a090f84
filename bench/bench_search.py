"""Pegawai search at the service level: count + first page for typical keystrokes and sorts.

Usage: python bench/bench_search.py [--db /tmp/bench100k.db | --db postgresql+psycopg://...] [--repeat 10]
Prints, per query and sort, the matches and the median time of: the count alone, the first page
alone, and both together (what the list waits for after the debounce). A ``--db`` that contains
``://`` is taken as an SQLAlchemy URL, so the same figures come from SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.pegawai_query import PegawaiFilter, Urutan, count_pegawai, fetch_pegawai

# 1, 2 and 3 letters, whole words, two words, NIP prefixes (plain and in printed groups), no match.
QUERIES = ["d", "dw", "dwi", "b", "bu", "bud", "s", "si", "sit", "siti", "budi santoso", "sitompul", "wahyu",
           "1", "19", "198", "1985", "198503", "xqz", "s.pd"]


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/bench100k.db")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if "://" in args.db:
        url = args.db
    else:
        if not Path(args.db).exists():
            sys.exit(f"{args.db} tidak ada; buat dulu: mutasi demo --db {args.db} --pegawai 100000")
        url = f"sqlite:///{Path(args.db).resolve()}"
    db = Database(url)
    print(f"engine: {db.dialect}, median of {args.repeat}")
    fetch_pegawai(db, SYSTEM, PegawaiFilter(), limit=1)  # warm up mappers and the page cache
    with db.session() as s:
        nip = s.scalar(select(Pegawai.nip).where(Pegawai.id == 12_345)) or "198501012010011001"
    queries = [*QUERIES, f"{nip[:8]} {nip[8:12]}", nip]
    all_times: list[float] = []
    print(f"{'query':<22}{'sort':<8}{'matches':>9}{'count ms':>10}{'page ms':>10}{'both ms':>10}")

    def run(label: str, flt: PegawaiFilter, sort: Urutan) -> None:
        total = fetch_pegawai(db, SYSTEM, flt, sort=sort, limit=200, with_total=True).total  # warm-up
        c = median_ms(lambda: count_pegawai(db, SYSTEM, flt), args.repeat)
        p = median_ms(lambda: fetch_pegawai(db, SYSTEM, flt, sort=sort, limit=200), args.repeat)
        b = median_ms(lambda: fetch_pegawai(db, SYSTEM, flt, sort=sort, limit=200, with_total=True), args.repeat)
        all_times.append(b)
        shown = f"{total:,}" if total >= 0 else "?"
        print(f"{label:<22}{sort.value:<8}{shown:>9}{c:>10.1f}{p:>10.1f}{b:>10.1f}")

    for q in queries:
        for sort in (Urutan.NAMA, Urutan.UNIT):
            run(q, PegawaiFilter(teks=q), sort)
    for label, flt in (("unit+sub-unit", PegawaiFilter(unit_id=1)), ("BUP 12 bulan", PegawaiFilter(pensiun_dalam_bulan=12)),
                       ("PPPK", PegawaiFilter(status_kepegawaian="PPPK")),
                       ("fungsional", PegawaiFilter(jenis_jabatan="FUNGSIONAL_KEAHLIAN")),
                       ("'s' + aktif", PegawaiFilter(teks="s", hanya_aktif=True))):
        run(label, flt, Urutan.NAMA)
    print(f"median over all (count + page): {statistics.median(all_times):.1f} ms, max {max(all_times):.1f} ms")
    db.dispose()


if __name__ == "__main__":
    main()
