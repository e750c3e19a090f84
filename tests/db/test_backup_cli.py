"""The security commands end to end: audit verify/list/export, backup, restore, pengguna."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mutasi_desktop.cli.main import main
from tests.db.security_helpers import use_fast_hasher


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_security_commands(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(db_path)
    monkeypatch.setenv("MUTASI_PASSWORD", "Sementara-12345")
    code, out, _ = run(capsys, "pengguna", "tambah", "budi", "--nama", "Budi Santoso", "--peran", "operator,pejabat",
                       "--db", db)
    assert code == 0 and "Operator, Pejabat" in out
    code, out, _ = run(capsys, "pengguna", "list", "--json", "--db", db)
    assert code == 0 and json.loads(out)[0]["username"] == "budi"
    code, out, err = run(capsys, "pengguna", "tambah", "x", "--nama", "X", "--peran", "raja", "--db", db)
    assert code != 0 and "tidak dikenal" in err

    code, out, _ = run(capsys, "audit", "verify", "--db", db)
    assert code == 0 and "utuh" in out
    code, out, _ = run(capsys, "audit", "list", "--json", "--aksi", "pengguna", "--db", db)
    assert code == 0 and [e["aksi"] for e in json.loads(out)] == ["PENGGUNA"]
    code, out, _ = run(capsys, "audit", "export", "-o", str(tmp_path / "a.xlsx"), "--db", db)
    assert code == 0 and (tmp_path / "a.xlsx").exists()

    monkeypatch.setenv("MUTASI_BACKUP_PASSWORD", "kunci-flashdisk-1")
    code, out, _ = run(capsys, "backup", "-o", str(tmp_path / "c.mbak"), "--password", "--db", db)
    assert code == 0 and "terenkripsi dibuat" in out
    monkeypatch.setenv("MUTASI_BACKUP_PASSWORD", "bukan-itu-123")
    code, _, err = run(capsys, "restore", str(tmp_path / "c.mbak"), "--ya", "--db", db)
    assert code != 0 and "Kata sandi cadangan salah" in err
    monkeypatch.setenv("MUTASI_BACKUP_PASSWORD", "kunci-flashdisk-1")
    code, out, _ = run(capsys, "restore", str(tmp_path / "c.mbak"), "--ya", "--db", db)
    assert code == 0 and "dipulihkan" in out

    con = sqlite3.connect(db_path)
    con.execute("UPDATE audit_log SET ringkasan = 'dipalsukan' WHERE id = 1")
    con.commit()
    con.close()
    code, _, err = run(capsys, "audit", "verify", "--db", db)
    assert code == 1 and "#1" in err
