"""Optimistic locking on both engines: a stale edit is refused with who changed the row and when."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from _pertukaran_data import add_pegawai
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, Pengguna
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.concurrency import (
    DataTelahDiubah,
    changed_by_other,
    check_version,
    tracked_session,
)

ANI = replace(SYSTEM, username="ani", nama="Ani")
BUDI = replace(SYSTEM, username="budi", nama="Budi Santoso")


def _make_pegawai(db: Database) -> tuple[int, int]:
    with tracked_session(db, actor=ANI) as s:
        s.add(Pengguna(username="budi", nama="Budi Santoso", password_hash="x"))
        pegawai = add_pegawai(s, 1)
        s.flush()
        return pegawai.id, pegawai.version


def test_saving_a_form_loaded_before_someone_elses_save_is_refused(any_db: Database) -> None:
    pegawai_id, loaded_version = _make_pegawai(any_db)

    with tracked_session(any_db, actor=BUDI) as s:
        s.get_one(Pegawai, pegawai_id).telepon = "0811"

    with pytest.raises(DataTelahDiubah) as caught, tracked_session(any_db, actor=ANI) as s:
        pegawai = s.get_one(Pegawai, pegawai_id)
        check_version(any_db, pegawai, loaded_version)
        pegawai.telepon = "0822"

    message = caught.value.message
    assert message.startswith("Data ini telah diubah oleh Budi Santoso (budi) pada ")
    assert "pukul" in message and message.endswith("Muat ulang lalu ulangi perubahan Anda.")
    with any_db.session() as s:
        row = s.get_one(Pegawai, pegawai_id)
        assert (row.telepon, row.updated_by, row.version) == ("0811", "budi", loaded_version + 1)


@pytest.mark.postgres
def test_two_open_sessions_editing_one_pegawai_on_postgresql(pg_db: Database) -> None:
    """Both clerks hold the row at once; the second UPDATE matches no row and is reported."""
    pegawai_id, _ = _make_pegawai(pg_db)
    with pytest.raises(DataTelahDiubah) as caught, tracked_session(pg_db, actor=ANI) as first:
        mine = first.get_one(Pegawai, pegawai_id)
        with tracked_session(pg_db, actor=BUDI) as second:
            second.get_one(Pegawai, pegawai_id).alamat = "Jl. Budi"
        mine.alamat = "Jl. Ani"
        first.flush()
    assert "telah diubah oleh Budi Santoso (budi)" in caught.value.message
    assert caught.value.oleh == "budi"
    with pg_db.session() as s:
        assert s.get_one(Pegawai, pegawai_id).alamat == "Jl. Budi"


def test_deleted_row_is_reported_as_deleted(any_db: Database) -> None:
    pegawai_id, _ = _make_pegawai(any_db)
    with any_db.session() as s:
        s.delete(s.get_one(Pegawai, pegawai_id))
    error = changed_by_other(any_db, Pegawai, pegawai_id)
    assert error.message == "Data ini telah dihapus oleh pengguna lain. Muat ulang lalu ulangi perubahan Anda."


def test_two_writers_at_once_lose_no_update(any_db: Database) -> None:
    """Two threads append to one field by read-modify-write; a stale write retries, none is lost."""
    pegawai_id, _ = _make_pegawai(any_db)
    rounds = 15
    conflicts: list[str] = []
    failures: list[BaseException] = []

    def writer(actor_name: str) -> None:
        actor = replace(SYSTEM, username=actor_name)
        try:
            for i in range(rounds):
                while True:
                    try:
                        with tracked_session(any_db, actor=actor, write=True) as s:
                            pegawai = s.get_one(Pegawai, pegawai_id)
                            pegawai.catatan = f"{pegawai.catatan}{actor_name}{i};"
                        break
                    except DataTelahDiubah as exc:
                        conflicts.append(exc.message)
        except BaseException as exc:  # reported in the main thread
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("ani", "budi")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    with any_db.session() as s:
        pegawai = s.get_one(Pegawai, pegawai_id)
        tokens = [t for t in pegawai.catatan.split(";") if t]
        assert sorted(tokens) == sorted(f"{n}{i}" for n in ("ani", "budi") for i in range(rounds))
        assert pegawai.version == 1 + 2 * rounds
    assert all("telah diubah oleh" in message for message in conflicts)
    print(f"{any_db.dialect}: {len(conflicts)} stale writes retried")


def test_updated_by_is_stamped_on_insert_and_update(any_db: Database) -> None:
    pegawai_id, _ = _make_pegawai(any_db)
    with any_db.session() as s:
        assert s.scalar(select(Pegawai.updated_by).where(Pegawai.id == pegawai_id)) == "ani"
    with tracked_session(any_db, actor=BUDI) as s:
        s.get_one(Pegawai, pegawai_id).email = "x@contoh.go.id"
    with any_db.session() as s:
        assert s.scalar(select(Pegawai.updated_by).where(Pegawai.id == pegawai_id)) == "budi"
