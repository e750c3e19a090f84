"""``mutasi usul check|list|show`` on a small database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mutasi_desktop.cli.main import main
from mutasi_desktop.db.engine import Database
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.usul_service import UsulInput
from tests.db._usul_world import OPERATOR, TODAY, add_pegawai, build_world


@pytest.fixture
def usul_ids(db: Database) -> tuple[int, int]:
    w = build_world(db)
    add_pegawai(db, w, "a", post="A1.analis", nip="198506152010011001")
    add_pegawai(db, w, "cpns", post="A1.pengelola", nip="199506152024011002", status="CPNS", golongan_id=31)
    ok = svc.create_usul(db, UsulInput(pegawai_id=w.pegawai["a"], jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN",
                                       tmt_rencana=date(2027, 1, 4), tujuan_formasi_id=w.formasi["B1.analis"]),
                         by=OPERATOR, today=TODAY).id
    bad = svc.create_usul(db, UsulInput(pegawai_id=w.pegawai["cpns"], jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN",
                                        tmt_rencana=date(2027, 1, 4), tujuan_formasi_id=w.formasi["B1.pengelola"]),
                          by=OPERATOR, today=TODAY).id
    return ok, bad


def test_check_prints_every_rule_with_reason(db_path: Path, usul_ids: tuple[int, int],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ok, bad = usul_ids
    assert main(["usul", "check", str(bad), "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "[TIDAK LULUS] Status kepegawaian" in out and "CPNS tidak dapat dimutasi" in out
    assert "Dasar: PP 11/2017" in out and "Kesimpulan: Tidak lulus" in out

    assert main(["usul", "check", str(ok), "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["memenuhi_syarat"] is True
    assert {r["kode"] for r in data["hasil"]} >= {"STATUS", "SKP", "FORMASI", "PERSETUJUAN_MENDAGRI"}


def test_list_filters_by_status(db_path: Path, usul_ids: tuple[int, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["usul", "list", "--status", "DRAF", "--json", "--db", str(db_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["id"] for r in rows) == sorted(usul_ids)
    assert main(["usul", "list", "--status", "Diajukan", "--db", str(db_path)]) == 0
    assert "Tidak ada usul mutasi yang cocok" in capsys.readouterr().out
    assert main(["usul", "list", "--status", "NGAWUR", "--db", str(db_path)]) == 2
    assert "Status usul 'NGAWUR' tidak dikenal" in capsys.readouterr().err


def test_show_and_missing_usul(db_path: Path, usul_ids: tuple[int, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["usul", "show", str(usul_ids[0]), "--db", str(db_path)]) == 0
    assert "Riwayat:" in capsys.readouterr().out
    assert main(["usul", "check", "999", "--db", str(db_path)]) == 2
    assert "Usul mutasi dengan id 999 tidak ditemukan" in capsys.readouterr().err
