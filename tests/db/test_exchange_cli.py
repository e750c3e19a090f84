"""``mutasi paket``: key, partners, export, preview and import from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _pertukaran_data import add_pegawai
from sqlalchemy import select

from mutasi_desktop.cli.main import main
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_two_offices_exchange_through_the_cli(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_path = db_path
    b_path = tmp_path / "upt.db"
    shutil.copyfile(a_path, b_path)
    a, b = str(a_path), str(b_path)

    code, _, err = _run(capsys, "paket", "kunci", "--db", a)
    assert code == 2 and "belum punya identitas" in err
    code, out, _ = _run(capsys, "paket", "kunci", "--db", a, "--kode", "bkpsdm", "--nama", "BKPSDM Sukamaju", "--json")
    key_a = json.loads(out)["kunci_publik"]
    code, out, _ = _run(capsys, "paket", "kunci", "--db", b, "--kode", "UPT1", "--nama", "UPT Satu", "--json")
    key_b = json.loads(out)["kunci_publik"]
    # B started as a copy of A: both record the shared base.
    code, out, _ = _run(capsys, "paket", "mitra", "tambah", "UPT1", "UPT Satu", key_b, "--db", a, "--salinan")
    assert code == 0 and "0 rekaman dicatat sebagai dasar bersama" in out
    assert _run(capsys, "paket", "mitra", "tambah", "BKPSDM", "BKPSDM", key_a, "--db", b, "--salinan")[0] == 0
    code, _, err = _run(capsys, "paket", "mitra", "tambah", "X1", "Salah", "bukan-kunci", "--db", b)
    assert code == 2 and "Kunci publik kantor tidak dikenali" in err

    database = Database(f"sqlite:///{b_path}")
    with database.session() as s:
        add_pegawai(s, 5, nama="Rina Kusuma")
    database.dispose()

    package = tmp_path / "p1.mpk"
    code, out, _ = _run(capsys, "paket", "ekspor", "--db", b, "--ke", "BKPSDM", "-o", str(package), "--sandi", "s3kr3t-kantor")
    assert code == 0 and "Paket #1 untuk BKPSDM dibuat" in out and "terenkripsi" in out

    code, out, _ = _run(capsys, "paket", "impor", str(package), "--db", a, "--pratinjau", "--sandi", "s3kr3t-kantor",
                        "--json")
    preview = json.loads(out)["pratinjau"]
    assert code == 0 and preview["ringkasan"] == {"pegawai": {"BARU": 1}}
    code, _, err = _run(capsys, "paket", "impor", str(package), "--db", a, "--sandi", "salah")
    assert code == 2 and "Kata sandi paket salah" in err
    code, out, _ = _run(capsys, "paket", "impor", str(package), "--db", a, "--sandi", "s3kr3t-kantor")
    assert code == 0 and "1 dibuat" in out
    database = Database(f"sqlite:///{a_path}")
    with database.session() as s:
        assert s.scalar(select(Pegawai.nama).where(Pegawai.nama == "Rina Kusuma")) == "Rina Kusuma"
    database.dispose()

    code, out, _ = _run(capsys, "paket", "mitra", "daftar", "--db", a)
    assert "UPT1" in out and "terima #1" in out
