"""Server mode: which PostgreSQL server this machine uses, and checking that it answers.

The URL lives in ``server.json`` in the per-machine config folder (readable by this user only,
since it may hold a password). ``resolve_database_url`` decides what ``mutasi gui`` opens:
``--db`` first, then ``MUTASI_DB``, then the saved server, then the local SQLite file.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from mutasi_desktop.db.errors import explain_connection_error
from mutasi_desktop.db.migrate import current_revision, head_revision
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.paths import ENV_DB, config_dir, database_url

CONFIG_NAME = "server.json"
CONNECT_TIMEOUT_S = 5


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


def validate_server_url(url: str) -> str:
    """Check that ``url`` is a PostgreSQL SQLAlchemy URL; return it stripped."""
    url = url.strip()
    if not url:
        raise DomainError("URL server kosong.", field="url")
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DomainError(
            f"URL server tidak dikenali: '{url}'. Contoh: postgresql+psycopg://pengguna:sandi@server:5432/mutasi",
            field="url",
        ) from exc
    if parsed.get_backend_name() != "postgresql":
        raise DomainError(
            f"URL server harus PostgreSQL (postgresql+psycopg://...), bukan '{parsed.get_backend_name()}'.",
            field="url",
        )
    if not parsed.database:
        raise DomainError("URL server belum menyebut nama basis data (…/mutasi).", field="url")
    if parsed.drivername == "postgresql":  # psycopg 3 is the driver we ship
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def load_server_url() -> str | None:
    path = config_path()
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def save_server_url(url: str | None) -> None:
    """Remember ``url`` (validated) as this machine's server; ``None`` goes back to the local file."""
    path = config_path()
    if url is None:
        path.unlink(missing_ok=True)
        return
    url = validate_server_url(url)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"url": url}, fh)
    os.replace(tmp, path)


def resolve_database_url(cli_value: str | None) -> str:
    """``--db``, else ``MUTASI_DB``, else the saved server, else the local SQLite file."""
    if cli_value or os.environ.get(ENV_DB):
        return database_url(cli_value)
    return load_server_url() or database_url(None)


@dataclass(frozen=True)
class HasilUjiKoneksi:
    berhasil: bool
    pesan: str
    versi_server: str = ""
    revisi_skema: str | None = None
    milidetik: float = 0.0


def test_connection(url: str) -> HasilUjiKoneksi:
    """Connect once and report what the clerk needs to know (server version, schema state)."""
    try:
        url = validate_server_url(url)
    except DomainError as exc:
        return HasilUjiKoneksi(False, exc.message)
    started = time.perf_counter()
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}, pool_pre_ping=False)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
            has_tables = bool(inspect(conn).get_table_names())
        revision = current_revision(engine)
    except Exception as exc:
        parts = make_url(url)
        reason = explain_connection_error(exc, host=parts.host or "", port=parts.port or 5432,
                                          timeout_s=CONNECT_TIMEOUT_S)
        return HasilUjiKoneksi(False, f"Koneksi gagal: {reason}")
    finally:
        engine.dispose()
    elapsed = (time.perf_counter() - started) * 1000
    head = head_revision()
    if revision is None:
        state = "basis data masih kosong; skema akan dibuat saat dibuka" if not has_tables else (
            "basis data berisi tabel lain (bukan milik Mutasi Desktop)")
        ok = not has_tables
    elif revision == head:
        state, ok = "skema terbaru", True
    else:
        state, ok = f"skema '{revision}' (akan diperbarui ke '{head}' saat dibuka)", True
    return HasilUjiKoneksi(ok, f"Koneksi berhasil: PostgreSQL {version}, {state}.", version, revision, elapsed)
