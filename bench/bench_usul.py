"""Figures for the usul workflow on a big demo kabupaten.

    .venv/bin/python bench/bench_usul.py [--db /tmp/bench100k.db] [--pegawai 100000]

Builds the demo (with its usul) when the file does not exist, then prints how long the rule facts
of every pegawai take to load, how long checking all of them against one formasi takes, and how
long the usul list and one usul's check take.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.domain.eligibility import RuleCache, check_candidate, is_eligible
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.candidate_facts import (
    load_candidate_facts,
    load_mutasi_context,
    load_rule_settings,
    load_target_facts,
)
from mutasi_desktop.services.usul_query import list_usul


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/bench_usul_100k.db")
    parser.add_argument("--pegawai", type=int, default=100_000)
    args = parser.parse_args()
    path = Path(args.db)
    fresh = not path.exists()
    db = open_database(f"sqlite:///{path}").database
    if fresh:
        from mutasi_desktop.services.demo import build_demo

        t = time.perf_counter()
        build_demo(db, pegawai=args.pegawai, seed=2025)
        print(f"demo {args.pegawai} pegawai (with usul demo): {time.perf_counter() - t:.1f} s")

    with db.session() as s:
        t = time.perf_counter()
        facts = load_candidate_facts(s)
        t_facts = time.perf_counter() - t
        t = time.perf_counter()
        from sqlalchemy import select

        from mutasi_desktop.db.models import Formasi

        formasi_ids = list(s.scalars(select(Formasi.id)))
        targets = load_target_facts(s, formasi_ids)
        t_targets = time.perf_counter() - t
        settings = load_rule_settings(s)
        context = load_mutasi_context(s, jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN", tmt=date.today())
    target = next(iter(targets.values()))
    t = time.perf_counter()
    eligible = sum(is_eligible(check_candidate(c, target, context, settings)) for c in facts.values())
    t_check = time.perf_counter() - t
    t = time.perf_counter()
    cache = RuleCache(target, context, settings)
    shared = sum(is_eligible(cache.check(c)) for c in facts.values())
    t_cache = time.perf_counter() - t
    assert shared == eligible
    print(f"load_candidate_facts: {len(facts)} pegawai in {t_facts:.2f} s")
    print(f"load_target_facts: {len(targets)} formasi in {t_targets:.2f} s")
    print(f"check_candidate for every pegawai vs one formasi: {t_check:.2f} s ({eligible} eligible)")
    print(f"  same with RuleCache (each rule once per distinct value): {t_cache:.2f} s")
    t = time.perf_counter()
    rows = list_usul(db, by=SYSTEM)
    print(f"list_usul: {len(rows)} rows in {time.perf_counter() - t:.3f} s")
    if rows:
        t = time.perf_counter()
        usul_service.check_usul(db, rows[0].id, by=SYSTEM, store=False)
        print(f"check_usul (one usul, from the database): {time.perf_counter() - t:.3f} s")
    db.dispose()


if __name__ == "__main__":
    main()
