"""The bulk writer of the imports: same stored values as Core inserts, staging keeps the full-text
index, background jobs run in order and errors reach the caller."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, datetime
from pathlib import Path
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


def _history(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[str]]:
    """Riwayat jabatan and pangkat rows by NIP (ids, uuids and the import timestamp left out)."""
    with db.session() as s:
        jabatan = s.execute(text(
            "SELECT p.nip, r.jabatan_id IS NOT NULL, r.unit_id IS NOT NULL, r.jabatan_nama, r.unit_nama,"
            " r.instansi_nama, r.jenis_jabatan, r.eselon, r.tmt_jabatan, r.nomor_sk, r.tanggal_sk, r.jenis_mutasi,"
            " r.usul_id, r.dibatalkan, r.keterangan, r.version, r.updated_by, r.created_at = r.updated_at"
            " FROM riwayat_jabatan r JOIN pegawai p ON p.id = r.pegawai_id ORDER BY r.id")).all()
        pangkat = s.execute(text(
            "SELECT p.nip, r.golongan_id, r.tmt_golongan, r.nomor_sk, r.tanggal_sk, r.jenis_kp, r.mk_tahun,"
            " r.mk_bulan, r.version, r.updated_by, r.created_at = r.updated_at"
            " FROM riwayat_pangkat r JOIN pegawai p ON p.id = r.pegawai_id ORDER BY r.id")).all()
        uuids = list(s.scalars(text("SELECT uuid FROM riwayat_jabatan UNION ALL SELECT uuid FROM riwayat_pangkat")))
    return [tuple(r) for r in jabatan], [tuple(r) for r in pangkat], uuids


def test_history_rows_made_in_sql_equal_those_made_in_python(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staged import derives the starting riwayat rows with INSERT ... SELECT; the Python
    path (PostgreSQL, and the reference here) must give the very same rows."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the staged path is SQLite's")
    from mutasi_desktop.db.migrate import open_database
    from mutasi_desktop.domain.roles import SYSTEM
    from mutasi_desktop.services import import_pegawai
    from mutasi_desktop.services.import_common import BUAT
    from tests.fixtures_excel.siasn import siasn_rows, write_siasn_xlsx

    source = tmp_path / "siasn.xlsx"
    write_siasn_xlsx(source, list(siasn_rows(240, seed=11)))
    monkeypatch.setattr(import_pegawai, "_WRITE_CHUNK", 100)  # several chunks through the pipeline

    def run(target: Database) -> None:
        plan = import_pegawai.plan_pegawai_import(target, SYSTEM, source)
        import_pegawai.commit_pegawai_import(target, SYSTEM, plan,
                                             unit_decisions={u.nama: BUAT for u in plan.unknown_units},
                                             jabatan_decisions={j.nama: BUAT for j in plan.unknown_jabatan})

    run(db)
    reference = open_database(f"sqlite:///{tmp_path / 'python.db'}").database
    monkeypatch.setattr(import_pegawai, "_history_from_staging", lambda *args: [])
    run(reference)
    sql_jabatan, sql_pangkat, sql_uuids = _history(db)
    py_jabatan, py_pangkat, _ = _history(reference)
    reference.dispose()
    assert len(sql_jabatan) > 200 and len(sql_pangkat) > 200
    assert sql_jabatan == py_jabatan
    assert sql_pangkat == py_pangkat
    assert len(set(sql_uuids)) == len(sql_uuids)
    for value in sql_uuids:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == value


def test_gc_paused_resumes_the_collector_after_errors_and_nested_calls() -> None:
    import gc

    from mutasi_desktop.services.import_bulk import gc_paused

    seen: list[bool] = []

    @gc_paused
    def inner() -> None:
        seen.append(gc.isenabled())

    @gc_paused
    def outer(fail: bool) -> None:
        inner()
        seen.append(gc.isenabled())  # still paused after the nested call ended
        if fail:
            raise ValueError("rusak")

    assert gc.isenabled()
    outer(False)
    with pytest.raises(ValueError, match="rusak"):
        outer(True)
    assert seen == [False, False, False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        outer(False)
        assert not gc.isenabled()  # a collector the caller had turned off stays off
    finally:
        gc.enable()
