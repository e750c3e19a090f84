"""The bulk writer of the imports: same stored values as Core inserts, staging keeps the full-text
index, background jobs run in order and errors reach the caller."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select, text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.services.import_bulk import BulkInserter, SerialWorker, fast_uuid, large_write_cache

_PEGAWAI = cast(Table, Pegawai.__table__)


def _row(nip: str, nama: str) -> dict[str, Any]:
    now = datetime(2025, 3, 4, 5, 6, 7, 89)
    return {"nip": nip, "nama": nama, "tanggal_lahir": date(1990, 1, 2), "jenis_kelamin": "L",
            "status_kepegawaian": "PNS", "tmt_cpns": date(2015, 3, 1), "search_text": f"{nip} {nama.lower()}",
            "nama_sort": nama.lower(), "created_at": now, "updated_at": now, "updated_by": "uji", "version": 1}


@pytest.mark.parametrize("staged", [False, True])
def test_bulk_insert_stores_what_core_insert_stores(db: Database, staged: bool) -> None:
    with db.session(write=True) as s:
        conn = s.connection()
        s.execute(insert(_PEGAWAI), [{**_row("199001022015031001", "Budi Core"), "uuid": "u-core"}])
        BulkInserter(conn, _PEGAWAI, staged=staged).insert([{**_row("199001022015031002", "Budi Bulk"),
                                                              "uuid": "u-bulk"}])
    with db.session() as s:
        core, bulk = (dict(r) for r in s.execute(select(_PEGAWAI).order_by(_PEGAWAI.c.id)).mappings())
        raw = s.execute(text("SELECT tanggal_lahir, created_at, kedudukan, gelar_depan FROM pegawai ORDER BY id")).all()
    differing = {k for k in core if core[k] != bulk[k]}
    assert differing == {"id", "nip", "nama", "search_text", "nama_sort", "uuid"}
    assert raw[0] == raw[1]  # the same text in the database file (dates, timestamps, defaults)
    if db.engine.dialect.name == "sqlite":
        with db.session() as s:
            hits = s.scalars(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH 'bulk'")).all()
        assert hits == [bulk["id"]]  # the full-text trigger saw the staged row


def test_fast_uuids_are_version_4_and_unique() -> None:
    values = [fast_uuid() for _ in range(5000)]
    assert len(set(values)) == 5000
    for value in values[:500]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == value


def test_serial_worker_runs_in_order_and_reports_the_first_error() -> None:
    seen: list[int] = []
    worker = SerialWorker()
    for i in range(5):
        worker.submit(lambda i=i: seen.append(i))
    worker.join()
    assert seen == [0, 1, 2, 3, 4]

    failing = SerialWorker()

    def boom() -> None:
        raise ValueError("rusak")

    failing.submit(boom)
    failing.submit(lambda: seen.append(99))  # skipped after the error
    with pytest.raises(ValueError, match="rusak"):
        failing.join()
    assert 99 not in seen


def test_abandon_waits_for_the_running_job_and_skips_the_rest() -> None:
    started, release = threading.Event(), threading.Event()
    done: list[str] = []
    worker = SerialWorker(depth=4)

    def slow() -> None:
        started.set()
        release.wait(5)
        time.sleep(0.05)
        done.append("slow")

    worker.submit(slow)
    worker.submit(lambda: done.append("later"))
    assert started.wait(5)
    threading.Timer(0.1, release.set).start()
    worker.abandon()  # returns only once the running job finished
    assert done == ["slow"]


def test_large_write_cache_restores_the_setting(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.session() as s:
        conn = s.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with large_write_cache(conn, megabytes=32):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -32 * 1024
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def test_import_into_an_in_memory_database_writes_on_the_callers_thread(tmp_path: Any) -> None:
    from mutasi_desktop.db.migrate import open_database
    from mutasi_desktop.domain.roles import SYSTEM
    from mutasi_desktop.services.import_pegawai import import_pegawai
    from tests.fixtures_excel.siasn import siasn_rows, write_siasn_csv

    memory = open_database("sqlite://").database
    path = write_siasn_csv(tmp_path / "a.csv", list(siasn_rows(6, seed=2)))
    _plan, result = import_pegawai(memory, SYSTEM, path, create_missing=True)
    assert result.created == 6
    with memory.session() as s:
        assert s.scalar(select(text("count(*)")).select_from(_PEGAWAI)) == 6
