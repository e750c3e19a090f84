"""Decree numbers under concurrency: never duplicated, never skipped (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import re
import threading
from datetime import date
from pathlib import Path

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import NomorCounter, NomorTemplate
from mutasi_desktop.services.sk_numbering import ambil_nomor

PER_WORKER = 20


def _template(db: Database, pola: str = "{kode}/Kep.{urut}/{unit}/{tahun}") -> int:
    with db.session(write=True) as s:
        t = NomorTemplate(nama=f"uji {pola}", pola=pola, kode_klasifikasi="800.1.3.3", kode_unit="BKPSDM")
        s.add(t)
        s.flush()
        return t.id


def _urut(nomor: str) -> int:
    m = re.search(r"Kep\.(\d+)/", nomor)
    assert m, nomor
    return int(m.group(1))


def test_two_threads_get_distinct_consecutive_numbers(any_db: Database) -> None:
    template_id = _template(any_db)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            for _ in range(PER_WORKER):
                nomor = ambil_nomor(any_db, template_id, date(2025, 3, 1))
                with lock:
                    results.append(nomor)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == len(set(results)) == 2 * PER_WORKER
    assert sorted(_urut(n) for n in results) == list(range(1, 2 * PER_WORKER + 1))


def test_counter_is_per_template_and_per_year(any_db: Database) -> None:
    a = _template(any_db)
    b = _template(any_db, "{kode}/Kep.{urut}/{unit}/{bulan_romawi}/{tahun}")
    assert ambil_nomor(any_db, a, date(2025, 12, 31)) == "800.1.3.3/Kep.1/BKPSDM/2025"
    assert ambil_nomor(any_db, a, date(2025, 12, 31)) == "800.1.3.3/Kep.2/BKPSDM/2025"
    assert ambil_nomor(any_db, b, date(2025, 12, 31)) == "800.1.3.3/Kep.1/BKPSDM/XII/2025"
    assert ambil_nomor(any_db, a, date(2026, 1, 2)) == "800.1.3.3/Kep.1/BKPSDM/2026"
    with any_db.session() as s:
        rows = {(c.template_id, c.tahun): c.terakhir for c in s.scalars(select(NomorCounter))}
    assert rows == {(a, 2025): 2, (b, 2025): 1, (a, 2026): 1}


def _process_worker(url: str, template_id: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    db = Database(url)
    try:
        queue.put([ambil_nomor(db, template_id, date(2025, 6, 1)) for _ in range(PER_WORKER)])
    finally:
        db.dispose()


def test_two_processes_on_one_sqlite_file(db: Database, db_path: Path) -> None:
    template_id = _template(db)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(db.url, template_id, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = queue.get(timeout=120) + queue.get(timeout=120)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert len(set(results)) == 2 * PER_WORKER
    assert sorted(_urut(n) for n in results) == list(range(1, 2 * PER_WORKER + 1))
