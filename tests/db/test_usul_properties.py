"""Property tests of the usul workflow (Hypothesis) and the batch chain scenario.

Each example runs on its own copy of the empty template database, so examples never share state.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import UsulMutasi
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.domain.usul_states import StatusUsul, is_allowed_path
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.candidate_facts import filled_counts
from mutasi_desktop.services.usul_apply import mark_sk_ditetapkan, record_pelaksanaan, reverse_pelaksanaan
from mutasi_desktop.services.usul_batch import batch_formasi, create_batch, set_batch
from mutasi_desktop.services.usul_persyaratan import update_persyaratan
from mutasi_desktop.services.usul_service import UsulInput
from tests.db._usul_world import (
    OPERATOR,
    PEJABAT,
    PEMBACA,
    TODAY,
    VERIFIKATOR,
    World,
    add_pegawai,
    build_world,
    post_of,
    snapshot,
)

ACTORS = (OPERATOR, VERIFIKATOR, PEJABAT, PEMBACA)
SK_DATE = TODAY + timedelta(days=3)
SPMT = TODAY + timedelta(days=10)


@contextmanager
def fresh_db(template: Path, tmp: Path, name: str) -> Iterator[Database]:
    path = tmp / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.dispose()


def _lengkapi(db: Database, usul_id: int, by: Actor) -> None:
    for item in svc.get_usul(db, usul_id, by=PEMBACA).persyaratan:
        update_persyaratan(db, item.id, status="ADA", by=by)


CALLS: dict[str, Callable[[Database, int, Actor], Any]] = {
    "ajukan": lambda db, u, a: svc.ajukan(db, u, by=a, today=TODAY),
    "lengkapi": _lengkapi,
    "verifikasi": lambda db, u, a: svc.verifikasi(db, u, by=a),
    "btl": lambda db, u, a: svc.berkas_tidak_lengkap(db, u, by=a, catatan="Berkas kurang"),
    "tms": lambda db, u, a: svc.tidak_memenuhi_syarat(db, u, by=a, catatan="Tidak memenuhi"),
    "setujui": lambda db, u, a: svc.setujui(db, u, by=a, today=TODAY),
    "tolak": lambda db, u, a: svc.tolak(db, u, by=a, catatan="Ditolak"),
    "batalkan": lambda db, u, a: svc.batalkan(db, u, by=a, catatan="Dibatalkan"),
    "batalkan_tanpa_alasan": lambda db, u, a: svc.batalkan(db, u, by=a, catatan=""),
    "sk": lambda db, u, a: mark_sk_ditetapkan(db, [u], nomor_sk="SK/1", tanggal_sk=SK_DATE, by=a),
    "spmt": lambda db, u, a: record_pelaksanaan(db, u, SPMT, by=a, today=SPMT),
    "spmt_terlalu_awal": lambda db, u, a: record_pelaksanaan(db, u, SK_DATE - timedelta(days=1), by=a, today=SPMT),
    "koreksi": lambda db, u, a: reverse_pelaksanaan(
        db, u, nomor_sk="SK/K/1", tanggal_sk=SPMT + timedelta(days=1), alasan="Keliru", by=a
    ),
}


def _status(db: Database, usul_id: int) -> StatusUsul:
    return StatusUsul(svc.get_usul(db, usul_id, by=PEMBACA).status)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(CALLS)), st.sampled_from(range(len(ACTORS)))), max_size=14))
def test_no_sequence_of_calls_reaches_a_forbidden_state(
    empty_template: Path, tmp_path: Path, steps: list[tuple[str, int]]
) -> None:
    with fresh_db(empty_template, tmp_path, "prop.db") as db:
        w = build_world(db)
        add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001")
        before_post = post_of(db, w.pegawai["a"])
        usul_id = svc.create_usul(
            db, UsulInput(pegawai_id=w.pegawai["a"], jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN",
                          tmt_rencana=TODAY + timedelta(days=40), tujuan_formasi_id=w.formasi["B1.analis"]),
            by=OPERATOR, today=TODAY,
        ).id  # fmt: skip
        path = [StatusUsul.DRAF]
        for name, actor_index in steps:
            before = snapshot(db)
            try:
                CALLS[name](db, usul_id, ACTORS[actor_index])
            except DomainError:
                assert snapshot(db) == before, f"{name} was refused but changed the database"
            status = _status(db, usul_id)
            if status != path[-1]:
                path.append(status)
        assert is_allowed_path(path), path
        # The timeline tells the same story as the observed path.
        timeline = [t.ke_status for t in svc.get_usul(db, usul_id, by=PEMBACA).transisi if t.dari_status != t.ke_status]
        assert timeline == [s.value for s in path]
        post = post_of(db, w.pegawai["a"])
        if path[-1] is StatusUsul.DILAKSANAKAN:
            assert post[:2] == (w.units["B1"], w.jabatan["analis"])
        else:
            assert post == before_post


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(["B1.analis", "A.analis", "B1.pengelola"]),
    pegawai_post=st.sampled_from(["A1.analis", "A1.pengelola"]),
    spmt_days=st.integers(min_value=0, max_value=25),
    unknown_tmt=st.booleans(),
)
def test_apply_then_reverse_restores_post_and_counts(
    empty_template: Path, tmp_path: Path, target: str, pegawai_post: str, spmt_days: int, unknown_tmt: bool
) -> None:
    with fresh_db(empty_template, tmp_path, "apply.db") as db:
        w = build_world(db, kebutuhan={"B1.pengelola": 3})
        pid = add_pegawai(db, w, "a", post=pegawai_post, nip="198506152010011001", golongan_id=32)
        add_pegawai(db, w, "b", post="B1.pengelola", nip="198506152010011002", golongan_id=31)
        if unknown_tmt:  # a pegawai whose history was never entered: the apply records a baseline
            from sqlalchemy import delete

            from mutasi_desktop.db.models import RiwayatJabatan

            with db.session(write=True) as s:
                s.execute(delete(RiwayatJabatan).where(RiwayatJabatan.pegawai_id == pid))
        with db.session() as s:
            counts_before = filled_counts(s)
        post_before = post_of(db, pid)
        usul_id = svc.create_usul(
            db, UsulInput(pegawai_id=pid, jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI",
                          tmt_rencana=TODAY + timedelta(days=40), tujuan_formasi_id=w.formasi[target]),
            by=OPERATOR, today=TODAY,
        ).id  # fmt: skip
        svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)
        _lengkapi(db, usul_id, VERIFIKATOR)
        svc.verifikasi(db, usul_id, by=VERIFIKATOR)
        svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)
        mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/1", tanggal_sk=SK_DATE, by=PEJABAT)
        tmt = SK_DATE + timedelta(days=spmt_days)
        record_pelaksanaan(db, usul_id, tmt, by=PEJABAT, today=tmt)
        with db.session() as s:
            counts_applied = filled_counts(s)
        unit_key, jab_key = target.split(".")
        key = (w.units[unit_key], w.jabatan[jab_key])
        assert counts_applied.get(key, 0) == counts_before.get(key, 0) + 1
        reverse_pelaksanaan(db, usul_id, nomor_sk="SK/K", tanggal_sk=tmt + timedelta(days=1), alasan="Keliru",
                            by=PEJABAT)
        assert post_of(db, pid) == post_before
        with db.session() as s:
            assert filled_counts(s) == counts_before


def _usul(db: Database, w: World, pegawai: str, target: str, batch_id: int | None) -> int:
    return svc.create_usul(
        db, UsulInput(pegawai_id=w.pegawai[pegawai], jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI",
                      tmt_rencana=TODAY + timedelta(days=40), tujuan_formasi_id=w.formasi[target],
                      batch_id=batch_id),
        by=OPERATOR, today=TODAY,
    ).id  # fmt: skip


def _to_verified(db: Database, usul_id: int) -> None:
    svc.ajukan(db, usul_id, by=OPERATOR, today=TODAY)
    _lengkapi(db, usul_id, VERIFIKATOR)
    svc.verifikasi(db, usul_id, by=VERIFIKATOR)


def test_batch_chain_a_to_x_b_to_y_c_to_a_old_post(db: Database) -> None:
    w = build_world(db)  # A1.analis 1 seat, B1.analis 1 seat, A.analis 1 seat
    add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001")
    add_pegawai(db, w, "b", post="B1.analis", nip="198506152010011002")
    add_pegawai(db, w, "c", post="A1.pengelola", nip="198506152010011003", golongan_id=32)

    # Outside a batch, A and C find their targets full.
    alone = _usul(db, w, "a", "B1.analis", None)
    _to_verified(db, alone)
    with pytest.raises(DomainError, match="tidak memiliki lowongan"):
        svc.setujui(db, alone, by=PEJABAT, today=TODAY)
    svc.batalkan(db, alone, by=OPERATOR, catatan="Diganti usul dalam kelompok")

    batch = create_batch(db, judul="Rotasi analis", tanggal=TODAY, by=OPERATOR)
    ua = _usul(db, w, "a", "B1.analis", batch.id)  # A -> X (B's post)
    ub = _usul(db, w, "b", "A.analis", batch.id)  # B -> Y (empty seat)
    uc = _usul(db, w, "c", "A1.analis", batch.id)  # C -> A's old post
    for u in (ua, ub, uc):
        _to_verified(db, u)
    for u in (ua, ub, uc):
        detail = svc.setujui(db, u, by=PEJABAT, today=TODAY)
        assert detail.hasil_cek is not None and detail.hasil_cek.ringkasan != "TIDAK_LULUS"
    assert all(f.sisa >= 0 for f in batch_formasi(db, batch.id, by=PEMBACA))

    mark_sk_ditetapkan(db, [ua, ub, uc], nomor_sk="800/1/2026", tanggal_sk=SK_DATE, by=PEJABAT)
    for u in (ua, ub, uc):
        record_pelaksanaan(db, u, SPMT, by=PEJABAT, today=SPMT)
    assert post_of(db, w.pegawai["a"])[:2] == (w.units["B1"], w.jabatan["analis"])
    assert post_of(db, w.pegawai["b"])[:2] == (w.units["A"], w.jabatan["analis"])
    assert post_of(db, w.pegawai["c"])[:2] == (w.units["A1"], w.jabatan["analis"])
    with db.session() as s:
        counts = filled_counts(s)
    for key in ("A1.analis", "B1.analis", "A.analis"):
        unit_key, jab_key = key.split(".")
        assert counts[(w.units[unit_key], w.jabatan[jab_key])] == 1


def test_batch_with_two_usul_for_one_seat_fails_both(db: Database) -> None:
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.pengelola", nip="198506152010011001", golongan_id=32)
    add_pegawai(db, w, "b", post="A1.pengelola", nip="198506152010011002", golongan_id=32)
    batch = create_batch(db, judul="Dobel", tanggal=TODAY, by=OPERATOR)
    ua = _usul(db, w, "a", "A.analis", batch.id)
    ub = _usul(db, w, "b", "A.analis", batch.id)
    for u in (ua, ub):
        _to_verified(db, u)
        with pytest.raises(DomainError, match="usul masuk 1"):
            svc.setujui(db, u, by=PEJABAT, today=TODAY)
    assert [f.sisa for f in batch_formasi(db, batch.id, by=PEMBACA) if f.jabatan_nama == "Analis Kepegawaian"] == [-1]
    set_batch(db, [ub], None, by=OPERATOR)  # taking B out lets A through
    assert svc.setujui(db, ua, by=PEJABAT, today=TODAY).status == "DISETUJUI"


def test_antar_instansi_needs_letters_before_the_sk(db: Database) -> None:
    w = build_world(db)
    pid = add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001", tmt_cpns=date(2009, 1, 1))
    usul_id = svc.create_usul(
        db, UsulInput(pegawai_id=pid, jenis_mutasi="KELUAR_KABKOTA_PROVINSI", alasan="IKUT_PASANGAN",
                      tmt_rencana=TODAY + timedelta(days=60), tujuan_instansi_nama="Pemerintah Kabupaten Tetangga",
                      tujuan_jabatan_nama="Analis SDM Aparatur"),
        by=OPERATOR, today=TODAY,
    ).id  # fmt: skip
    _to_verified(db, usul_id)
    svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)
    with pytest.raises(DomainError, match="belum mencatat persetujuan PPK instansi asal"):
        mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/GUB/1", tanggal_sk=SK_DATE, by=PEJABAT)
    for langkah in ("PERSETUJUAN_ASAL", "PERSETUJUAN_TUJUAN", "PERTEK"):
        svc.record_langkah(db, usul_id, langkah, nomor=f"{langkah}/1", tanggal=TODAY, by=VERIFIKATOR)
    mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/GUB/1", tanggal_sk=SK_DATE, by=PEJABAT)
    record_pelaksanaan(db, usul_id, SPMT, by=PEJABAT, today=SPMT)
    from mutasi_desktop.db.models import Pegawai

    with db.session() as s:
        p = s.get(Pegawai, pid)
        assert p is not None and p.kedudukan == "PINDAH_KELUAR" and p.unit_id is None
    detail = svc.get_usul(db, usul_id, by=PEMBACA)
    assert [t.nomor_surat for t in detail.transisi if t.dari_status == t.ke_status] == [
        "PERSETUJUAN_ASAL/1", "PERSETUJUAN_TUJUAN/1", "PERTEK/1"]
    reverse_pelaksanaan(db, usul_id, nomor_sk="SK/GUB/K", tanggal_sk=SPMT, alasan="Batal pindah", by=PEJABAT)
    with db.session() as s:
        p = s.get(Pegawai, pid)
        assert p is not None and p.kedudukan == "AKTIF" and p.unit_id == w.units["A1"]


SEATS = ["A1.analis", "B1.analis", "A.analis", "A1.pengelola", "B1.pengelola"]
HOLDERS = {"a": "A1.analis", "b": "B1.analis", "c": "A1.pengelola", "d": "B1.pengelola"}  # A.analis is empty


def _carry_out(db: Database, usul_id: int) -> None:
    status = _status(db, usul_id)
    if status is StatusUsul.DISETUJUI:
        mark_sk_ditetapkan(db, [usul_id], nomor_sk="SK/P", tanggal_sk=SK_DATE, by=PEJABAT)
    record_pelaksanaan(db, usul_id, SPMT, by=PEJABAT, today=SPMT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    targets=st.lists(st.sampled_from(SEATS), min_size=4, max_size=4),
    in_batch=st.lists(st.booleans(), min_size=4, max_size=4),
    steps=st.lists(st.tuples(st.sampled_from(["setujui", "batalkan", "carry"]), st.integers(0, 3)), max_size=12),
)
def test_no_formasi_ends_with_more_holders_than_it_needs(
    empty_template: Path, tmp_path: Path, targets: list[str], in_batch: list[bool], steps: list[tuple[str, int]]
) -> None:
    with fresh_db(empty_template, tmp_path, "seats.db") as db:
        w = build_world(db, kebutuhan={seat: 1 for seat in SEATS})
        for i, (key, post) in enumerate(HOLDERS.items()):
            add_pegawai(db, w, key, post=post, nip=f"19850615201001100{i}", golongan_id=32)
        batch = create_batch(db, judul="Acak", tanggal=TODAY, by=OPERATOR)
        usul: list[int] = []
        for (key, post), target, batched in zip(HOLDERS.items(), targets, in_batch, strict=True):
            if target == post:
                continue
            usul_id = _usul(db, w, key, target, batch.id if batched else None)
            _to_verified(db, usul_id)
            usul.append(usul_id)
        for name, index in steps:
            if not usul:
                break
            usul_id = usul[index % len(usul)]
            try:
                if name == "setujui":
                    svc.setujui(db, usul_id, by=PEJABAT, today=TODAY)
                elif name == "batalkan":
                    svc.batalkan(db, usul_id, by=OPERATOR, catatan="Acak")
                else:
                    _carry_out(db, usul_id)
            except DomainError:
                pass
        # Carry out whatever is approved, in passes, until nothing moves.
        moved = True
        while moved:
            moved = False
            for usul_id in usul:
                if _status(db, usul_id) in (StatusUsul.DISETUJUI, StatusUsul.SK_DITETAPKAN):
                    try:
                        _carry_out(db, usul_id)
                        moved = True
                    except DomainError:
                        pass
        with db.session() as s:
            counts = filled_counts(s)
        for seat in SEATS:
            unit_key, jab_key = seat.split(".")
            assert counts.get((w.units[unit_key], w.jabatan[jab_key]), 0) <= 1, (seat, counts)
        # An approved usul left over waits only for a batch mate whose move frees its seat and
        # that is not approved yet (the batch is judged as a whole, carried out only for real).
        with db.session() as s:
            batch_of = {u.id: u.batch_id for u in s.scalars(select(UsulMutasi))}
        done = (StatusUsul.DISETUJUI, StatusUsul.SK_DITETAPKAN, StatusUsul.DILAKSANAKAN)
        for u in usul:
            if _status(db, u) in (StatusUsul.DISETUJUI, StatusUsul.SK_DITETAPKAN):
                mates = [m for m in usul if m != u and batch_of[m] is not None and batch_of[m] == batch_of[u]]
                assert any(_status(db, m) not in done for m in mates), (u, [(m, _status(db, m)) for m in usul])


def test_cancelling_a_move_whose_seat_was_promised_is_refused(db: Database) -> None:
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.pengelola", nip="198506152010011001", golongan_id=32)
    add_pegawai(db, w, "b", post="B1.analis", nip="198506152010011002")
    leave = _usul(db, w, "b", "A.analis", None)  # B frees B1.analis
    take = _usul(db, w, "a", "B1.analis", None)  # A takes it
    for u in (leave, take):
        _to_verified(db, u)
    svc.setujui(db, leave, by=PEJABAT, today=TODAY)
    svc.setujui(db, take, by=PEJABAT, today=TODAY)
    before = snapshot(db)
    with pytest.raises(DomainError, match="sudah dijanjikan kepada usul lain"):
        svc.batalkan(db, leave, by=OPERATOR, catatan="Tidak jadi")
    assert snapshot(db) == before
    svc.batalkan(db, take, by=OPERATOR, catatan="Tidak jadi")
    assert svc.batalkan(db, leave, by=OPERATOR, catatan="Tidak jadi").status == "DIBATALKAN"
