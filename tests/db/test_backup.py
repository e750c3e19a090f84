"""Backups and restore: round trip, encryption, refusals that leave the database untouched."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Instansi, Pegawai
from mutasi_desktop.domain.roles import SYSTEM, Actor, AksesDitolak, Peran
from mutasi_desktop.services import audit_service, backup_container, backup_service
from mutasi_desktop.services.backup_service import (
    BackupError,
    BackupSettings,
    InstansiBerbeda,
    KataSandiSalah,
    PasswordDiperlukan,
)

ADMIN = Actor(username="admin", nama="Admin", peran=frozenset({Peran.ADMINISTRATOR}), user_id=1)
PASSWORD = "kunci-flashdisk-2025"


def seed(db: Database, nama_daerah: str = "Kabupaten Sukamaju", kode: str = "3299", n: int = 25) -> None:
    with db.session(actor=ADMIN) as s:
        s.add(Instansi(nama_daerah=nama_daerah, jenis="KABUPATEN", kode=kode))
        for i in range(n):
            s.add(Pegawai(nip=f"1985031220100110{i:02d}", nama=f"Pegawai {i}", tanggal_lahir=date(1985, 3, 12),
                          jenis_kelamin="L", status_kepegawaian="PNS", nik=f"32010112038500{i:02d}"))


def table_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        con.close()


def pegawai_count(db: Database) -> int:
    with db.session() as s:
        return len(s.scalars(select(Pegawai.id)).all())


def test_plain_backup_round_trip_equals_source(db: Database, db_path: Path, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "cadangan.db"
    info = backup_service.create_backup(db, ADMIN, out)
    assert not info.terenkripsi and info.instansi_nama == "Kabupaten Sukamaju" and info.revisi
    snapshot = table_contents(out)
    assert len(snapshot["pegawai"]) == 25
    # Change the live database, then restore: the content is exactly the backup's again.
    with db.session(actor=ADMIN) as s:
        s.execute(text("DELETE FROM pegawai WHERE id > 5"))
    result = backup_service.restore_backup(db, ADMIN, out)
    restored = table_contents(db_path)
    # The restore appends its own audit entry; everything else is identical.
    assert {k: v for k, v in restored.items() if k != "audit_log"} == {
        k: v for k, v in snapshot.items() if k != "audit_log"}
    assert restored["audit_log"][: len(snapshot["audit_log"])] == snapshot["audit_log"]
    assert result.cadangan_sebelumnya is not None and result.cadangan_sebelumnya.exists()
    assert len(table_contents(result.cadangan_sebelumnya)["pegawai"]) == 5  # the pre-restore state is kept
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert audit_service.verify_chain(db, ADMIN).ok
    assert pegawai_count(db) == 25


def test_encrypted_round_trip(db: Database, db_path: Path, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "usb.mbak"
    info = backup_service.create_backup(db, ADMIN, out, password=PASSWORD)
    assert info.terenkripsi and info.instansi_kode == "3299" and info.revisi
    raw = out.read_bytes()
    assert raw.startswith(b"MUTASIBK") and b"Pegawai 1" not in raw and b"SQLite format 3" not in raw
    with db.session(actor=ADMIN) as s:
        s.execute(text("DELETE FROM pegawai"))
    with pytest.raises(PasswordDiperlukan):
        backup_service.restore_backup(db, ADMIN, out)
    backup_service.restore_backup(db, ADMIN, out, password=PASSWORD)
    assert pegawai_count(db) == 25


def test_wrong_password_refused_cleanly(db: Database, db_path: Path, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "usb.mbak"
    backup_service.create_backup(db, ADMIN, out, password=PASSWORD)
    before = table_contents(db_path)
    with pytest.raises(KataSandiSalah, match="Kata sandi cadangan salah"):
        backup_service.restore_backup(db, ADMIN, out, password="bukan-kata-sandinya")
    assert table_contents(db_path) == before


@pytest.mark.parametrize("encrypted", [False, True])
def test_truncated_backup_refused(db: Database, db_path: Path, tmp_path: Path, encrypted: bool) -> None:
    seed(db, n=400)
    out = tmp_path / ("c.mbak" if encrypted else "c.db")
    backup_service.create_backup(db, ADMIN, out, password=PASSWORD if encrypted else None)
    data = out.read_bytes()
    out.write_bytes(data[: len(data) * 2 // 3])
    before = table_contents(db_path)
    with pytest.raises(BackupError, match=r"terpotong|rusak"):
        backup_service.restore_backup(db, ADMIN, out, password=PASSWORD if encrypted else None)
    assert table_contents(db_path) == before


def test_encrypted_backup_cut_at_chunk_boundary_is_refused(db: Database, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_container, "CHUNK_SIZE", 4096)
    seed(db, n=200)
    out = tmp_path / "c.mbak"
    backup_service.create_backup(db, ADMIN, out, password=PASSWORD)
    data = out.read_bytes()
    # Drop the final chunk exactly: every remaining chunk is intact, but none is marked last.
    header_len = int.from_bytes(data[9:13], "big")
    pos = 13 + header_len
    ends = []
    while pos < len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        pos += 4 + size
        ends.append(pos)
    out.write_bytes(data[: ends[-2]])
    with pytest.raises(BackupError, match=r"terpotong|rusak"):
        backup_service.check_backup(out, password=PASSWORD)


def test_newer_schema_refused(db: Database, db_path: Path, tmp_path: Path) -> None:
    seed(db)
    out = tmp_path / "baru.db"
    backup_service.create_backup(db, ADMIN, out)
    con = sqlite3.connect(out)
    con.execute("UPDATE alembic_version SET version_num = '9999_dari_masa_depan'")
    con.commit()
    con.close()
    before = table_contents(db_path)
    with pytest.raises(BackupError, match="lebih baru"):
        backup_service.restore_backup(db, ADMIN, out)
    assert table_contents(db_path) == before


def test_other_instansi_refused_unless_forced(db: Database, tmp_path: Path, empty_template: Path) -> None:
    seed(db)
    other_path = tmp_path / "lain.db"
    other_path.write_bytes(empty_template.read_bytes())
    other = Database(f"sqlite:///{other_path}")
    seed(other, nama_daerah="Kota Lain", kode="7171", n=3)
    out = tmp_path / "lain-cadangan.db"
    backup_service.create_backup(other, SYSTEM, out)
    other.dispose()
    with pytest.raises(InstansiBerbeda, match=r"instansi lain.*Kota Lain"):
        backup_service.restore_backup(db, ADMIN, out)
    assert pegawai_count(db) == 25
    backup_service.restore_backup(db, ADMIN, out, paksa=True)
    assert pegawai_count(db) == 3


def test_not_a_backup(db: Database, tmp_path: Path) -> None:
    junk = tmp_path / "catatan.db"
    junk.write_text("bukan basis data")
    with pytest.raises(BackupError, match="bukan cadangan"):
        backup_service.restore_backup(db, ADMIN, junk)
    with pytest.raises(BackupError, match="tidak ditemukan"):
        backup_service.restore_backup(db, ADMIN, tmp_path / "tidak-ada.db")


def test_permissions(db: Database, tmp_path: Path) -> None:
    operator = Actor(username="op", nama="Op", peran=frozenset({Peran.OPERATOR}))
    with pytest.raises(AksesDitolak):
        backup_service.create_backup(db, operator, tmp_path / "x.db")
    with pytest.raises(AksesDitolak):
        backup_service.restore_backup(db, operator, tmp_path / "x.db")
    with pytest.raises(BackupError, match="minimal 8"):
        backup_service.create_backup(db, ADMIN, tmp_path / "x.mbak", password="pendek")


def test_auto_backup_daily_with_rotation(db: Database, tmp_path: Path) -> None:
    seed(db, n=2)
    folder = tmp_path / "otomatis"
    start = datetime(2025, 1, 1, 8, 0)
    made = []
    for day in range(6):
        now = start + timedelta(days=day)
        first = backup_service.auto_backup_if_due(db, folder, keep=3, now=now)
        again = backup_service.auto_backup_if_due(db, folder, keep=3, now=now + timedelta(hours=2))
        assert first is not None and again is None  # once a day
        made.append(first.name)
    remaining = sorted(p.name for p in folder.glob("*.db"))
    assert remaining == made[-3:]
    # Files that are not automatic backups are never rotated away.
    (folder / "manual.db").write_bytes(b"")
    backup_service.auto_backup_if_due(db, folder, keep=3, now=start + timedelta(days=10))
    assert (folder / "manual.db").exists()


def test_auto_backup_follows_settings(db: Database, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pilihan"
    backup_service.set_backup_settings(db, ADMIN, BackupSettings(otomatis=True, folder=str(folder), simpan=2))
    assert backup_service.auto_backup_if_due(db) is not None
    assert len(list(folder.glob("mutasi-otomatis-*.db"))) == 1
    backup_service.set_backup_settings(db, ADMIN, BackupSettings(otomatis=False, folder="", simpan=2))
    assert backup_service.auto_backup_if_due(db, now=datetime.now() + timedelta(days=1)) is None
    with pytest.raises(Exception, match="absolut"):
        backup_service.set_backup_settings(db, ADMIN, BackupSettings(True, "relatif/folder", 2))


def test_startup_check_offers_latest_good_backup_and_recovers(db: Database, db_path: Path) -> None:
    seed(db)
    good = backup_service.auto_backup_if_due(db, db_path.parent / "backups", keep=5)
    assert good is not None
    db.dispose()
    assert backup_service.startup_check(db_path).ok
    # Damage the database file in the middle.
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    data = bytearray(db_path.read_bytes())
    for i in range(4096 * 2, min(len(data), 4096 * 6)):
        data[i] = 0xA5
    db_path.write_bytes(bytes(data))
    check = backup_service.startup_check(db_path)
    assert not check.ok and check.cadangan_terbaik == good
    aside = backup_service.recover_from_backup(db_path, good)
    assert aside.exists() and backup_service.startup_check(db_path).ok
    fresh = Database(f"sqlite:///{db_path}")
    assert pegawai_count(fresh) == 25
    fresh.dispose()


def test_newer_schema_in_encrypted_header_refused_before_the_password(db: Database, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db)
    monkeypatch.setattr(backup_service, "schema_revision", lambda _p: "9999_dari_masa_depan")
    out = tmp_path / "baru.mbak"
    backup_service.create_backup(db, ADMIN, out, password=PASSWORD)
    monkeypatch.undo()
    with pytest.raises(BackupError, match="lebih baru"):
        backup_service.restore_backup(db, ADMIN, out)  # no password asked: refused on the header
    assert pegawai_count(db) == 25
