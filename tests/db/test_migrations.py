"""Schema migrations: every earlier revision upgrades to the head with its data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.errors import DatabaseOpenError
from mutasi_desktop.db.migrate import all_revisions, current_revision, head_revision, open_database, upgrade

EARLIER = all_revisions()[:-1]


def _seed_at_revision(path: Path, revision: str) -> None:
    """Insert a unit, a jabatan and a pegawai with raw SQL valid since revision 0001."""
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine, revision)
    with db.engine.begin() as conn:
        common = "uuid, version, created_at, updated_at"
        now = "'2024-01-01 00:00:00'"
        conn.execute(text(
            f"INSERT INTO unit_kerja (id, kode, nama, singkatan, jenis, parent_id, path, level, lokasi, alamat, aktif, "
            f"urutan, {common}) VALUES (1, 'U1', 'Dinas Contoh', '', 'OPD', NULL, '/1/', 0, '', '', 1, 0, "
            f"'u-1', 1, {now}, {now})"))
        conn.execute(text(
            f"INSERT INTO jabatan (id, kode, nama, jenis, bidang_pendidikan, rumpun, kompetensi, aktif, {common}) "
            f"VALUES (1, 'J1', 'Pengadministrasi Perkantoran', 'PELAKSANA', '', '', '', 1, 'j-1', 1, {now}, {now})"))
        conn.execute(text(
            f"INSERT INTO pegawai (id, nip, nama, gelar_depan, gelar_belakang, tempat_lahir, tanggal_lahir, "
            f"jenis_kelamin, status_kawin, status_kepegawaian, kedudukan, jabatan_id, unit_id, pendidikan_jurusan, "
            f"mk_tambahan_tahun, mk_tambahan_bulan, telepon, email, alamat, catatan, search_text, nama_sort, {common}) "
            f"VALUES (1, '198501012010011001', 'Siti Rahmawati', '', 'S.E.', 'Sukamaju', '1985-01-01', 'P', '', 'PNS', "
            f"'AKTIF', 1, 1, '', 0, 0, '', '', '', '', '198501012010011001 siti rahmawati s e', 'siti rahmawati', "
            f"'p-1', 1, {now}, {now})"))
    db.dispose()


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_every_earlier_revision_keeps_data(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "old.db"
    _seed_at_revision(path, revision)

    result = open_database(f"sqlite:///{path}")
    db = result.database
    try:
        assert result.upgraded_from == revision
        assert current_revision(db.engine) == head_revision()
        with db.session() as s:
            assert s.execute(text("SELECT nama FROM pegawai WHERE nip = '198501012010011001'")).scalar() == (
                "Siti Rahmawati"
            )
            # The search index introduced later covers rows that existed before the upgrade.
            hits = s.execute(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH 'rahma*'")).all()
            assert [h[0] for h in hits] == [1]
    finally:
        db.dispose()
    # A backup of the old schema was taken with the backup API before upgrading.
    assert result.backup_path is not None and result.backup_path.exists()
    con = sqlite3.connect(result.backup_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
        assert con.execute("SELECT count(*) FROM pegawai").fetchone() == (1,)
    finally:
        con.close()


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    result = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    assert result.created and result.backup_path is None
    assert current_revision(result.database.engine) == head_revision()
    with result.database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    result.database.dispose()


def test_database_from_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="versi Mutasi Desktop yang lebih baru"):
        open_database(f"sqlite:///{db_path}")
    assert db_path.read_bytes() == before


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "data.db"
    bogus.write_text("NIP;NAMA\n198501012010011001;Siti\n")
    with pytest.raises(DatabaseOpenError, match="bukan berkas SQLite"):
        open_database(f"sqlite:///{bogus}")
    assert bogus.read_text().startswith("NIP;NAMA")


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE karyawan (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseOpenError, match="bukan milik Mutasi Desktop"):
        open_database(f"sqlite:///{other}")


def test_corrupted_database_is_refused(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    # Keep the header, scribble over the schema page.
    for i in range(100, min(len(data), 4000)):
        data[i] = 0xFF
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseOpenError, match="rusak"):
        open_database(f"sqlite:///{db_path}")
