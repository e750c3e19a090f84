"""``migrate-db``: an office's SQLite data moved to PostgreSQL (and SQLite → SQLite) with verified counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _pertukaran_data import add_pegawai, add_unit
from sqlalchemy import func, inspect, select, text

from mutasi_desktop.cli.main import main
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Pegawai, UnitKerja
from mutasi_desktop.services import migrate_db_service
from mutasi_desktop.services.migrate_db_service import MigrasiGagal, migrate_database


def _snapshot(db: Database) -> dict[str, object]:
    with db.session() as s:
        pegawai = s.scalars(select(Pegawai).order_by(Pegawai.id).limit(50)).all()
        units = s.execute(select(UnitKerja.id, UnitKerja.parent_id, UnitKerja.path).order_by(UnitKerja.id)).all()
        return {
            "pegawai": [
                (p.id, p.uuid, p.nip, p.nama, p.tanggal_lahir, p.tmt_jabatan, p.unit_id, p.version, p.search_text)
                for p in pegawai
            ],
            "units": [tuple(u) for u in units],
            "audit": s.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id)).all(),
        }


@pytest.mark.postgres
def test_demo_kabupaten_moves_to_postgresql_with_every_count_verified(
    demo_db: Database, demo_db_path: Path, pg_empty_url: str
) -> None:
    demo_db.dispose()
    result = migrate_database(source_url=f"sqlite:///{demo_db_path}", target_url=pg_empty_url)

    assert all(t.cocok for t in result.tabel)
    counts = {t.tabel: t.tujuan for t in result.tabel}
    assert counts["pegawai"] == 400 and counts["riwayat_jabatan"] > 400 and counts["unit_kerja"] > 35
    target = Database(pg_empty_url)
    try:
        assert _snapshot(target) == _snapshot(demo_db)
        # Sequences were reset: a new row gets a fresh id instead of colliding with copied ones.
        with target.session() as s:
            unit = add_unit(s, "Unit Baru Setelah Pindah")
            assert unit.id > max(u[0] for u in _snapshot(demo_db)["units"])  # type: ignore[index]
        # The trigram index serves search on the copied rows.
        with target.session() as s:
            sample = s.scalar(select(Pegawai.nama).order_by(Pegawai.id).limit(1))
            assert sample is not None
            word = sample.split()[0].lower()
            hits = s.scalar(select(func.count()).where(Pegawai.search_text.ilike(f"%{word}%")))
            assert hits and hits >= 1
    finally:
        target.dispose()


@pytest.mark.postgres
def test_a_target_that_holds_data_is_refused_and_left_alone(db: Database, db_path: Path, pg_db: Database) -> None:
    with db.session() as s:
        add_pegawai(s, 1)
    with pg_db.session() as s:
        add_pegawai(s, 2, nama="Sudah Ada Di Server")
    pg_db.dispose()
    with pytest.raises(MigrasiGagal, match=r"Basis data tujuan tidak kosong: .*pegawai \(1 baris\)"):
        migrate_database(source_url=f"sqlite:///{db_path}", target_url=pg_db.url)
    with pg_db.session() as s:
        assert s.scalars(select(Pegawai.nama)).all() == ["Sudah Ada Di Server"]


def test_sqlite_to_sqlite_copy_keeps_tree_links_and_search_index(db: Database, db_path: Path, tmp_path: Path) -> None:
    with db.session() as s:
        root = add_unit(s, "Dinas Kesehatan")
        child = UnitKerja(nama="Puskesmas Sukamaju", jenis="PUSKESMAS", parent_id=root.id)
        s.add(child)
        s.flush()
        # A parent created after its child: only a second pass can copy this link.
        late_parent = add_unit(s, "Sekretariat Daerah")
        child2 = s.get_one(UnitKerja, root.id)
        child2.parent_id = late_parent.id
        add_pegawai(s, 7, nama="Siti Nurhaliza", unit=root)
    db.dispose()
    target_path = tmp_path / "salinan.db"
    result = migrate_database(source_url=f"sqlite:///{db_path}", target_url=f"sqlite:///{target_path}",
                              batch_size=1)
    assert {t.tabel: t.tujuan for t in result.tabel}["unit_kerja"] == 3
    target = Database(f"sqlite:///{target_path}")
    try:
        assert _snapshot(target)["units"] == _snapshot(db)["units"]
        with target.engine.connect() as conn:
            hit = conn.execute(text("SELECT rowid FROM pegawai_fts WHERE pegawai_fts MATCH 'nurhaliza'")).all()
        assert len(hit) == 1
    finally:
        target.dispose()


def test_a_failure_halfway_leaves_the_target_without_rows(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as s:
        add_pegawai(s, 1)
    db.dispose()

    def broken(*_args: object) -> None:
        raise RuntimeError("putus")

    monkeypatch.setattr(migrate_db_service, "_reset_sequences", broken)
    target_path = tmp_path / "tujuan.db"
    with pytest.raises(RuntimeError):
        migrate_database(source_url=f"sqlite:///{db_path}", target_url=f"sqlite:///{target_path}")
    target = Database(f"sqlite:///{target_path}")
    with target.session() as s:
        assert s.scalar(select(func.count()).select_from(Pegawai)) == 0
    target.dispose()


def test_same_source_and_target_is_refused(db_path: Path) -> None:
    with pytest.raises(MigrasiGagal, match="sama"):
        migrate_database(source_url=f"sqlite:///{db_path}", target_url=f"sqlite:///{db_path}")


def test_cli_prints_counts_as_json(db: Database, db_path: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with db.session() as s:
        add_pegawai(s, 1)
        add_pegawai(s, 2)
    db.dispose()
    target = tmp_path / "cli.db"
    code = main(["migrate-db", "--from", str(db_path), "--to", f"sqlite:///{target}", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert {"tabel": "pegawai", "sumber": 2, "tujuan": 2} in report["tabel"]
    # Second run: the target is no longer empty.
    code = main(["migrate-db", "--from", str(db_path), "--to", f"sqlite:///{target}"])
    assert code == 2
    assert "tidak kosong" in capsys.readouterr().err
    assert "pegawai" in inspect(Database(f"sqlite:///{target}").engine).get_table_names()
