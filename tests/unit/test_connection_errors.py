"""A PostgreSQL server that refuses or does not answer is explained in Indonesian, not in the driver's English."""

from __future__ import annotations

import pytest

from mutasi_desktop.db.errors import DatabaseOpenError, explain_connection_error
from mutasi_desktop.db.migrate import open_database
from mutasi_desktop.services.server_connection import test_connection as uji_koneksi

AT = 'connection failed: connection to server at "10.0.0.5", port 5432 failed: '


@pytest.mark.parametrize(("driver", "expected"), [
    (AT + 'FATAL:  database "mutasi_kab" does not exist', "Basis data 'mutasi_kab' tidak ada di server 10.0.0.5:5432"),
    (AT + 'FATAL:  password authentication failed for user "bkpsdm"', "menolak nama pengguna atau kata sandi (pengguna 'bkpsdm')"),
    (AT + 'FATAL:  role "bkpsdm" does not exist', "menolak nama pengguna atau kata sandi"),
    (AT + "fe_sendauth: no password supplied", "Server meminta kata sandi"),
    (AT + 'FATAL:  no pg_hba.conf entry for host "10.0.0.9"', "menolak koneksi dari komputer ini"),
    ("connection failed: could not translate host name \"srv\" to address", "Alamat server '10.0.0.5' tidak dikenal"),
    (AT + "Connection refused", "tidak menjawab di 10.0.0.5:5432"),
    ("connection timeout expired", "tidak menjawab dalam 5 detik"),
])
def test_driver_messages_become_indonesian(driver: str, expected: str) -> None:
    text = explain_connection_error(RuntimeError(driver), host="10.0.0.5", port=5432, timeout_s=5)
    assert expected in text
    for english in ("FATAL", "does not exist", "connection", "failed"):
        assert english not in text


def test_a_server_that_is_not_running() -> None:
    url = "postgresql+psycopg://mutasi@127.0.0.1:1/mutasi"  # nothing listens on port 1
    result = uji_koneksi(url)
    assert not result.berhasil and "tidak menjawab di 127.0.0.1:1" in result.pesan
    assert "Connection refused" not in result.pesan
    with pytest.raises(DatabaseOpenError) as opened:
        open_database(url)
    assert "tidak menjawab di 127.0.0.1:1" in opened.value.message and "sqlalche.me" not in opened.value.message
