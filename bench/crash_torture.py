"""Crash torture: kill a writing process with SIGKILL at random moments and check nothing is half-written.

A child process writes "batches" in a loop, each in ONE transaction through the services' path
(ORM session with the audit hook): N pegawai, one riwayat_jabatan per pegawai, and an IMPOR audit
event naming the batch. The parent kills the child with SIGKILL after a random delay, then checks:

* ``PRAGMA integrity_check`` is "ok";
* every batch is wholly present (N pegawai, N riwayat, its audit event) or wholly absent;
* the audit hash chain still verifies.

Run: ``python bench/crash_torture.py --kills 300`` (prints the counts). The test
``tests/db/test_crash_torture.py`` runs 100 kills.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mutasi_desktop.db.engine import Database  # noqa: E402
from mutasi_desktop.db.migrate import open_database  # noqa: E402
from mutasi_desktop.db.models import Pegawai, RiwayatJabatan  # noqa: E402
from mutasi_desktop.domain.roles import SYSTEM  # noqa: E402
from mutasi_desktop.services import audit_service  # noqa: E402

TAG_PREFIX = "torture:"


@dataclass
class TortureStats:
    kills: int = 0
    batches_committed: int = 0
    integrity_checks_passed: int = 0
    partial_batches: int = 0
    orphan_audit_events: int = 0
    chain_ok: bool = False
    audit_entries: int = 0
    killed_with_writes_in_flight: int = 0  # the child had begun at least one batch it never finished
    seconds: float = 0.0


def _write_batches(db_path: str, batch_size: int, seed: int, progress_file: str,
                   max_batches: int | None = None) -> None:
    """Child process: write batches until killed (or ``max_batches`` for the warm-up)."""
    rng = random.Random(seed)
    db = Database(f"sqlite:///{db_path}")
    written = 0
    while max_batches is None or written < max_batches:
        written += 1
        tag = f"{TAG_PREFIX}{rng.getrandbits(48):012x}"
        with open(progress_file, "a") as fh:  # "begun" marker (not synced: for statistics only)
            fh.write(f"B {tag}\n")
        with db.session(actor="torture", write=True) as session:
            people = []
            for _ in range(batch_size):
                p = Pegawai(nip=f"{rng.randrange(10**17, 10**18)}", nama="Pegawai Uji", tanggal_lahir=date(1980, 1, 1),
                            jenis_kelamin="P", status_kepegawaian="PNS", catatan=tag)
                session.add(p)
                people.append(p)
            session.flush()
            for p in people:
                session.add(RiwayatJabatan(pegawai_id=p.id, tmt_jabatan=date(2020, 1, 1), jabatan_nama="Analis",
                                           keterangan=tag))
            audit_service.record(session, "torture", "IMPOR", "pegawai", None, tag, {"jumlah": batch_size})
        with open(progress_file, "a") as fh:
            fh.write(f"C {tag}\n")
    db.dispose()


def check_database(db_path: Path, batch_size: int) -> tuple[bool, int, int, int]:
    """(integrity ok, complete batches, partial batches, audit events without their batch)."""
    con = sqlite3.connect(db_path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        people = dict(con.execute("SELECT catatan, COUNT(*) FROM pegawai WHERE catatan LIKE 'torture:%' GROUP BY catatan"))
        history = dict(con.execute(
            "SELECT keterangan, COUNT(*) FROM riwayat_jabatan WHERE keterangan LIKE 'torture:%' GROUP BY keterangan"))
        events = {r[0] for r in con.execute("SELECT ringkasan FROM audit_log WHERE aksi = 'IMPOR'")}
    finally:
        con.close()
    tags = set(people) | set(history) | events
    complete = partial = 0
    for tag in tags:
        if people.get(tag) == batch_size and history.get(tag) == batch_size and tag in events:
            complete += 1
        else:
            partial += 1
    orphans = len(events - set(people))
    return ok, complete, partial, orphans


def _warm_up(folder: Path) -> None:
    """Run two batches in the parent on a scratch database: mappers configured and SQLAlchemy's
    statement caches filled, so every forked child starts writing within milliseconds."""
    scratch = folder / "warm-up.db"
    open_database(f"sqlite:///{scratch}").database.dispose()
    _write_batches(str(scratch), 5, 0, str(folder / "warm-up.progress"), max_batches=2)
    for suffix in ("", "-wal", "-shm"):
        Path(str(scratch) + suffix).unlink(missing_ok=True)
    (folder / "warm-up.progress").unlink(missing_ok=True)


def run_torture(db_path: Path, *, kills: int = 100, batch_size: int = 20, seed: int = 1,
                min_delay: float = 0.01, max_delay: float = 0.25, verbose: bool = False) -> TortureStats:
    started = time.perf_counter()
    if not db_path.exists():
        open_database(f"sqlite:///{db_path}").database.dispose()
    _warm_up(db_path.parent)
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(seed)
    stats = TortureStats()
    progress_file = str(db_path) + ".progress"
    for i in range(kills):
        Path(progress_file).unlink(missing_ok=True)
        child = ctx.Process(target=_write_batches, args=(str(db_path), batch_size, rng.getrandbits(32), progress_file))
        child.start()
        time.sleep(rng.uniform(min_delay, max_delay))
        child.kill()  # SIGKILL: no cleanup, no rollback, no atexit
        child.join()
        stats.kills += 1
        try:
            lines = Path(progress_file).read_text().split()
        except FileNotFoundError:
            lines = []
        if lines.count("B") > lines.count("C"):
            stats.killed_with_writes_in_flight += 1
        ok, complete, partial, orphans = check_database(db_path, batch_size)
        stats.integrity_checks_passed += int(ok)
        stats.batches_committed = complete
        stats.partial_batches = max(stats.partial_batches, partial)
        stats.orphan_audit_events = max(stats.orphan_audit_events, orphans)
        if verbose and (i + 1) % 25 == 0:
            print(f"  {i + 1} kills, {complete} batches committed, partial={partial}", flush=True)
        if not ok or partial:
            break
    Path(progress_file).unlink(missing_ok=True)
    db = Database(f"sqlite:///{db_path}")
    try:
        report = audit_service.verify_chain(db, SYSTEM)
    finally:
        db.dispose()
    stats.chain_ok = report.ok
    stats.audit_entries = report.jumlah
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--batch", type=int, default=20, help="pegawai per transaction")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MUTASI_HOME", tempfile.mkdtemp(prefix="mutasi-torture-home-"))
    path = args.db or Path(tempfile.mkdtemp(prefix="mutasi-torture-")) / "torture.db"
    stats = run_torture(path, kills=args.kills, batch_size=args.batch, seed=args.seed, verbose=True)
    print(f"kills (SIGKILL):                 {stats.kills}")
    print(f"  killed with a batch in flight: {stats.killed_with_writes_in_flight}")
    print(f"integrity_check passed:          {stats.integrity_checks_passed}/{stats.kills}")
    print(f"batches committed (complete):    {stats.batches_committed} x {args.batch} pegawai + riwayat + audit")
    print(f"partial batches found:           {stats.partial_batches}")
    print(f"audit events without batch:      {stats.orphan_audit_events}")
    print(f"audit chain:                     {'utuh' if stats.chain_ok else 'RUSAK'} ({stats.audit_entries} entri)")
    print(f"time:                            {stats.seconds:.1f} s")
    good = stats.integrity_checks_passed == stats.kills and stats.partial_batches == 0 and stats.chain_ok
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
