"""The foundation commands: nip, init, demo, and their errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mutasi_desktop import __version__
from mutasi_desktop.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_nip_valid_explains_parts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nip", "'19660801 198803 1 001"]) == 0
    out = capsys.readouterr().out
    assert "19660801 198803 1 001" in out
    assert "1 Agustus 1966" in out
    assert "Laki-laki" in out


def test_nip_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nip", "199002142015032001", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert data["format"] == "19900214 201503 2 001"


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("1966080119880310", "18 digit"),
        ("196613011988031001", "tanggal lahir"),
        ("196608011988033001", "jenis kelamin"),
    ],
)
def test_nip_invalid_exits_1_with_indonesian_reason(
    nip: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["nip", nip]) == 1
    err = capsys.readouterr().err
    assert "NIP tidak valid" in err
    assert fragment in err.lower() or fragment in err


def test_init_then_demo_with_db_after_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kantor.db"
    assert main(["init", "--db", str(path)]) == 0
    assert main(["demo", "--db", str(path), "--pegawai", "60", "--seed", "3", "--quiet"]) == 0
    assert "60 pegawai" in capsys.readouterr().out
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM pegawai").fetchone() == (60,)
    con.close()
    # A second demo into the same database is refused, nothing added.
    assert main(["--db", str(path), "demo", "--pegawai", "10", "--quiet"]) == 2
    assert "sudah berisi data" in capsys.readouterr().err
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM pegawai").fetchone() == (60,)
    con.close()


def test_demo_on_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "catatan.db"
    path.write_text("bukan basis data")
    assert main(["demo", "--db", str(path), "--quiet"]) == 2
    assert "bukan berkas SQLite" in capsys.readouterr().err
    assert path.read_text() == "bukan basis data"


def test_demo_creates_one_account_per_role_that_can_sign_in(tmp_path: Path) -> None:
    from mutasi_desktop.db.engine import Database
    from mutasi_desktop.domain.roles import Peran
    from mutasi_desktop.services import accounts_service

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--pegawai", "30", "--quiet"]) == 0
    db = Database(f"sqlite:///{path}")
    try:
        sesi = accounts_service.login(db, "verifikator", "mutasi-demo")
        assert sesi.actor.peran == frozenset({Peran.VERIFIKATOR})
    finally:
        db.dispose()


def test_demo_without_accounts_leaves_setup_to_the_wizard(tmp_path: Path) -> None:
    from mutasi_desktop.db.engine import Database
    from mutasi_desktop.services import accounts_service

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--pegawai", "30", "--quiet", "--tanpa-akun"]) == 0
    db = Database(f"sqlite:///{path}")
    try:
        assert accounts_service.needs_setup(db)
    finally:
        db.dispose()
