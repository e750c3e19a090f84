"""The audit trail: row changes recorded by the hook, events, the hash chain and its tampering."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text, update

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Instansi, Pegawai
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.audit_service import Aksi, AuditFilter

OPERATOR = Actor(username="operator1", nama="Operator Satu", peran=frozenset({Peran.OPERATOR}), user_id=2)
ADMIN = Actor(username="admin", nama="Admin", peran=frozenset({Peran.ADMINISTRATOR}), user_id=1)


def add_pegawai(db: Database, actor: Actor, nip: str, nama: str) -> int:
    with db.session(actor=actor) as s:
        p = Pegawai(nip=nip, nama=nama, tanggal_lahir=date(1985, 3, 12), jenis_kelamin="L",
                    status_kepegawaian="PNS", nik="3201011203850002", telepon="081234567890")
        s.add(p)
        s.flush()
        return p.id


def fill(db: Database) -> int:
    pid = add_pegawai(db, OPERATOR, "198503122010011002", "Budi Santoso")
    with db.session(actor=OPERATOR) as s:
        p = s.get(Pegawai, pid)
        assert p is not None
        p.nama = "Budi Santoso Wibowo"
        p.telepon = "081200000000"
    with db.session(actor=OPERATOR) as s:
        audit_service.record(s, OPERATOR, Aksi.TRANSISI, "usul_mutasi", 7, "Draf → Diajukan",
                             {"status": {"lama": "DRAF", "baru": "DIAJUKAN"}})
    with db.session(actor=ADMIN) as s:
        s.delete(s.get(Pegawai, pid))
    return pid


def entries(db: Database) -> list[AuditLog]:
    with db.session() as s:
        return list(s.scalars(select(AuditLog).order_by(AuditLog.id)))


def test_row_changes_and_events_are_recorded_with_user_and_values(any_db: Database) -> None:
    pid = fill(any_db)
    rows = entries(any_db)
    assert [(r.pengguna, r.aksi, r.entitas) for r in rows] == [
        ("operator1", "CREATE", "pegawai"),
        ("operator1", "UPDATE", "pegawai"),
        ("operator1", "TRANSISI", "usul_mutasi"),
        ("admin", "DELETE", "pegawai"),
    ]
    created, updated, transition, deleted = rows
    assert created.entitas_id == str(pid)
    assert created.perubahan is not None and created.perubahan["kolom"]["nama"] == {"baru": "Budi Santoso"}
    assert created.perubahan["kolom"]["tanggal_lahir"] == {"baru": "1985-03-12"}
    assert updated.perubahan is not None
    assert updated.perubahan["kolom"] == {
        "nama": {"lama": "Budi Santoso", "baru": "Budi Santoso Wibowo"},
        "telepon": {"lama": "081234567890", "baru": "081200000000"},
    }
    assert transition.entitas_id == "7" and transition.ringkasan == "Draf → Diajukan"
    assert deleted.perubahan is not None and deleted.perubahan["kolom"]["nama"] == {"lama": "Budi Santoso Wibowo"}
    assert created.prev_hash == "0" * 64
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    report = audit_service.verify_chain(any_db, ADMIN)
    assert report.ok and report.jumlah == 4 and report.hash_terakhir == rows[-1].hash


def test_updated_by_is_stamped_and_unchanged_rows_leave_no_entry(db: Database) -> None:
    pid = add_pegawai(db, OPERATOR, "198503122010011002", "Budi")
    with db.session(actor=ADMIN) as s:
        p = s.get(Pegawai, pid)
        assert p is not None and p.updated_by == "operator1"
        p.nama = "Budi"  # same value: no change, no entry
    assert len(entries(db)) == 1


def test_rolled_back_work_leaves_no_entry(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session(actor=OPERATOR) as s:
        s.add(Instansi(nama_daerah="Kabupaten X", jenis="KABUPATEN"))
        s.flush()
        raise RuntimeError("batal")
    assert entries(db) == []
    assert audit_service.verify_chain(db, ADMIN).ok


def test_session_without_actor_is_system(db: Database) -> None:
    with db.session() as s:
        s.add(Instansi(nama_daerah="Kabupaten X", jenis="KABUPATEN"))
    assert entries(db)[0].pengguna == "sistem"


def _tamper(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_altered_entry_is_detected(any_db: Database) -> None:
    fill(any_db)
    _tamper(any_db, "UPDATE audit_log SET pengguna = 'orang_lain' WHERE id = 2")
    report = audit_service.verify_chain(any_db, ADMIN)
    assert not report.ok and report.rusak_id == 2 and "#2" in report.pesan and "diubah" in report.pesan


def test_altered_entry_with_recomputed_hash_is_detected_at_the_next(db: Database) -> None:
    fill(db)
    from mutasi_desktop.db.audit_hook import canonical_entry, chain_hash

    row = entries(db)[1]
    forged = canonical_entry(id=row.id, waktu=row.waktu, pengguna="orang_lain", aksi=row.aksi,
                             entitas=row.entitas, entitas_id=row.entitas_id, ringkasan=row.ringkasan,
                             perubahan=row.perubahan)
    with db.engine.begin() as conn:
        conn.execute(update(AuditLog).where(AuditLog.id == 2).values(
            pengguna="orang_lain", hash=chain_hash(row.prev_hash, forged)))
    report = audit_service.verify_chain(db, ADMIN)
    assert not report.ok and report.rusak_id == 3 and "tidak tersambung" in report.pesan


def test_changed_values_in_json_are_detected(db: Database) -> None:
    fill(db)
    with db.engine.begin() as conn:
        conn.execute(update(AuditLog).where(AuditLog.id == 2).values(perubahan={"kolom": {}}))
    assert audit_service.verify_chain(db, ADMIN).rusak_id == 2


def test_deleted_entry_is_detected(any_db: Database) -> None:
    fill(any_db)
    _tamper(any_db, "DELETE FROM audit_log WHERE id = 2")
    report = audit_service.verify_chain(any_db, ADMIN)
    assert not report.ok and report.rusak_id == 3 and "#2 hilang" in report.pesan


def test_deleted_first_entry_is_detected(db: Database) -> None:
    fill(db)
    _tamper(db, "DELETE FROM audit_log WHERE id = 1")
    assert audit_service.verify_chain(db, ADMIN).rusak_id == 2


def test_reordered_entries_are_detected(any_db: Database) -> None:
    fill(any_db)
    # Swap the ids of entries 2 and 3 (through a free id, the column is the primary key).
    _tamper(any_db, "UPDATE audit_log SET id = 1000 WHERE id = 2")
    _tamper(any_db, "UPDATE audit_log SET id = 2 WHERE id = 3")
    _tamper(any_db, "UPDATE audit_log SET id = 3 WHERE id = 1000")
    report = audit_service.verify_chain(any_db, ADMIN)
    assert not report.ok and report.rusak_id == 2


def test_concurrent_writers_keep_one_chain(any_db: Database) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                audit_service.record_event(any_db, f"juru{n}", Aksi.EKSPOR, "laporan", i, f"ekspor {n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = audit_service.verify_chain(any_db, ADMIN)
    assert report.ok and report.jumlah == 60


def test_list_filters_and_permissions(db: Database) -> None:
    fill(db)
    assert [e.aksi for e in audit_service.list_entries(db, ADMIN)] == ["DELETE", "TRANSISI", "UPDATE", "CREATE"]
    assert [e.aksi for e in audit_service.list_entries(db, ADMIN, AuditFilter(pengguna="admin"))] == ["DELETE"]
    assert len(audit_service.list_entries(db, ADMIN, AuditFilter(entitas="pegawai", aksi="UPDATE"))) == 1
    assert len(audit_service.list_entries(db, ADMIN, AuditFilter(teks="diajukan"))) == 1
    assert audit_service.list_entries(db, ADMIN, AuditFilter(teks="100%")) == []
    today = date.today()
    assert audit_service.count_entries(db, ADMIN, AuditFilter(dari=today, sampai=today)) == 4
    assert audit_service.count_entries(db, ADMIN, AuditFilter(sampai=date(2000, 1, 1))) == 0
    choices = audit_service.filter_choices(db, ADMIN)
    assert choices.pengguna == ["admin", "operator1"] and "TRANSISI" in choices.aksi
    with pytest.raises(AksesDitolak):
        audit_service.list_entries(db, OPERATOR)
    with pytest.raises(AksesDitolak):
        audit_service.verify_chain(db, OPERATOR)


def test_export_xlsx(db: Database, tmp_path: Path) -> None:
    fill(db)
    audit_service.record_event(db, OPERATOR, Aksi.IMPOR, "pegawai", None, "=HYPERLINK(\"x\")")
    out = tmp_path / "audit.xlsx"
    written = audit_service.export_xlsx(db, SYSTEM, AuditFilter(), out)
    assert written == 5
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Waktu", "Pengguna", "Aksi")
    assert rows[1][2] == "operator1" and rows[1][3] == "Tambah"
    assert rows[5][6] == "'=HYPERLINK(\"x\")"  # never a formula
    # The export is itself recorded, and the chain still holds.
    assert entries(db)[-1].aksi == "EKSPOR"
    assert audit_service.verify_chain(db, ADMIN).ok


def test_personal_data_never_reaches_log_files(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fill(db)
    audit_service.verify_chain(db, ADMIN)
    assert "3201011203850002" not in caplog.text and "Budi" not in caplog.text


def test_cutting_off_the_newest_entries_is_caught_by_the_remembered_end(db: Database) -> None:
    fill(db)
    assert audit_service.verify_chain(db, ADMIN).ok  # remembers entry #4
    _tamper(db, "DELETE FROM audit_log WHERE id >= 3")
    report = audit_service.verify_chain(db, ADMIN)
    assert not report.ok and "#3 sampai #4" in report.pesan and "dihapus" in report.pesan
    # Without the remembered end the shorter chain is consistent in itself.
    from mutasi_desktop.services.audit_service import forget_anchor

    assert db.path is not None
    forget_anchor(db.path)
    assert audit_service.verify_chain(db, ADMIN).ok


def test_replaced_chain_is_caught_by_the_remembered_end(db: Database) -> None:
    fill(db)
    assert audit_service.verify_chain(db, ADMIN).ok
    # Rebuild a whole new, self-consistent chain of the same length.
    _tamper(db, "DELETE FROM audit_log")
    for i in range(4):
        audit_service.record_event(db, "pemalsu", Aksi.EKSPOR, "laporan", i, "palsu")
    report = audit_service.verify_chain(db, ADMIN)
    assert not report.ok and "diganti" in report.pesan


def test_updated_by_set_by_a_service_is_kept(db: Database) -> None:
    with db.session() as s:  # no actor: nothing stamped, the trail says "sistem"
        s.add(Instansi(nama_daerah="Kabupaten X", jenis="KABUPATEN"))
    with db.session() as s:
        row = s.scalars(select(Instansi)).one()
        assert row.updated_by is None
    with db.session(actor=ADMIN) as s:
        row = s.scalars(select(Instansi)).one()
        row.alamat = "Jl. Y"
        row.updated_by = "impor-siasn"
    with db.session() as s:
        assert s.scalars(select(Instansi)).one().updated_by == "impor-siasn"
