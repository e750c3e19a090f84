"""``mutasi server``: test a server URL, remember it for ``mutasi gui``, forget it again."""

from __future__ import annotations

import json

import pytest

from mutasi_desktop.cli.main import main
from mutasi_desktop.services import server_connection


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.postgres
def test_uji_reports_server_version_and_schema_state(
    pg_empty_url: str, pg_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "server", "uji", pg_empty_url)
    assert code == 0 and out.startswith("Koneksi berhasil: PostgreSQL") and "masih kosong" in out
    code, out, _ = _run(capsys, "server", "uji", pg_db.url, "--json")  # type: ignore[attr-defined]
    report = json.loads(out)
    assert report["berhasil"] and report["revisi_skema"] and "skema terbaru" in report["pesan"]


def test_uji_refuses_what_is_not_a_postgresql_server(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "server", "uji", "sqlite:///x.db")
    assert code == 2 and "harus PostgreSQL" in err
    code, _, err = _run(capsys, "server", "uji", "postgresql+psycopg://juru@127.0.0.1:1/mutasi")
    assert code == 2 and "Koneksi gagal" in err
    code, _, err = _run(capsys, "server", "uji", "postgresql+psycopg://juru@127.0.0.1:5432")
    assert code == 2 and "nama basis data" in err


def test_atur_lihat_lepas(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "server", "atur", "postgresql://juru:rahasia@10.0.0.5/mutasi")
    assert code == 0 and "rahasia" not in out and "***" in out
    assert server_connection.load_server_url() == "postgresql+psycopg://juru:rahasia@10.0.0.5/mutasi"
    assert server_connection.resolve_database_url(None) == "postgresql+psycopg://juru:rahasia@10.0.0.5/mutasi"
    code, out, _ = _run(capsys, "server", "lihat")
    assert "postgresql+psycopg://juru:***@10.0.0.5/mutasi" in out
    assert _run(capsys, "server", "lepas")[0] == 0
    assert server_connection.load_server_url() is None
    assert server_connection.resolve_database_url(None).startswith("sqlite:///")
