"""Database fixtures for both engines.

``pg_db`` is a fresh PostgreSQL database per test, created with ``CREATE DATABASE ... TEMPLATE``
from a database migrated once per run (so each test starts from the same empty schema). It needs
a server: ``MUTASI_TEST_PG_URL`` (``source .ci/pg.sh; pg_start`` sets it); without it the test
is skipped.

``any_db`` runs a test once on SQLite and once on PostgreSQL: a database-facing test that takes
``any_db`` instead of ``db`` covers both engines. ``any_demo_db`` does the same for the demo
kabupaten (copied to PostgreSQL with ``migrate-db``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import open_database

PG_ENV = "MUTASI_TEST_PG_URL"


def pg_url_for(base_url: str, database: str) -> str:
    """``base_url`` pointing at another database on the same server."""
    return make_url(base_url).set(database=database).render_as_string(hide_password=False)


def _admin_engine(base_url: str) -> Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_engine(base_url, isolation_level="AUTOCOMMIT", pool_size=1)


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main") + f"_{os.getpid()}"


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} tidak diisi: uji PostgreSQL dilewati (jalankan .ci/pg.sh)")
    return url


@pytest.fixture(scope="session")
def pg_admin(pg_server_url: str) -> Iterator[Engine]:
    engine = _admin_engine(pg_server_url)
    yield engine
    engine.dispose()


class PgDatabases:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, admin: Engine, base_url: str) -> None:
        self.admin = admin
        self.base_url = base_url

    def create(self, *, template: str | None = None, prefix: str = "t") -> str:
        name = f"mutasi_{prefix}_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def url(self, name: str) -> str:
        return pg_url_for(self.base_url, name)


@pytest.fixture(scope="session")
def pg_databases(pg_admin: Engine, pg_server_url: str) -> PgDatabases:
    return PgDatabases(pg_admin, pg_server_url)


@pytest.fixture(scope="session")
def pg_template(pg_databases: PgDatabases) -> Iterator[str]:
    """An empty database at the head schema, used as the template of every ``pg_db``."""
    name = pg_databases.create(prefix=f"tmpl_{_worker_suffix()}")
    result = open_database(pg_databases.url(name))
    result.database.dispose()
    yield name
    pg_databases.drop(name)


@pytest.fixture
def pg_empty_url(pg_databases: PgDatabases) -> Iterator[str]:
    """URL of a brand-new PostgreSQL database with no tables at all."""
    name = pg_databases.create()
    yield pg_databases.url(name)
    pg_databases.drop(name)


@pytest.fixture
def pg_db(pg_databases: PgDatabases, pg_template: str) -> Iterator[Database]:
    """A fresh, migrated, empty PostgreSQL database."""
    name = pg_databases.create(template=pg_template)
    database = Database(pg_databases.url(name))
    yield database
    database.dispose()
    pg_databases.drop(name)


@pytest.fixture(scope="session")
def pg_demo_template(pg_databases: PgDatabases, demo_template: Path) -> Iterator[str]:
    """The demo kabupaten copied to PostgreSQL once per run (with the migrate-db service)."""
    from mutasi_desktop.services.migrate_db_service import migrate_database

    name = pg_databases.create(prefix=f"demo_{_worker_suffix()}")
    migrate_database(source_url=f"sqlite:///{demo_template}", target_url=pg_databases.url(name))
    yield name
    pg_databases.drop(name)


@pytest.fixture
def pg_demo_db(pg_databases: PgDatabases, pg_demo_template: str) -> Iterator[Database]:
    """A fresh copy of the demo kabupaten on PostgreSQL."""
    name = pg_databases.create(template=pg_demo_template)
    database = Database(pg_databases.url(name))
    yield database
    database.dispose()
    pg_databases.drop(name)


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def sqlite_db(tmp_path: Path, empty_template: Path) -> Iterator[Database]:
    """A fresh empty SQLite database, whatever MUTASI_TEST_ENGINE says."""
    shutil.copyfile(empty_template, tmp_path / "sqlite.db")
    database = Database(f"sqlite:///{tmp_path / 'sqlite.db'}")
    yield database
    database.dispose()


@pytest.fixture
def sqlite_demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    shutil.copyfile(demo_template, tmp_path / "sqlite-demo.db")
    database = Database(f"sqlite:///{tmp_path / 'sqlite-demo.db'}")
    yield database
    database.dispose()


@pytest.fixture(params=ENGINES)
def any_db(request: pytest.FixtureRequest) -> Database:
    """A fresh empty database, once per engine (PostgreSQL skipped without a server)."""
    return request.getfixturevalue(  # type: ignore[no-any-return]
        "sqlite_db" if request.param == "sqlite" else "pg_db"
    )


@pytest.fixture(params=ENGINES)
def any_demo_db(request: pytest.FixtureRequest) -> Database:
    """A fresh demo kabupaten, once per engine."""
    return request.getfixturevalue(  # type: ignore[no-any-return]
        "sqlite_demo_db" if request.param == "sqlite" else "pg_demo_db"
    )


# MUTASI_TEST_ENGINE=postgresql runs every test of tests/db that uses ``db``/``demo_db`` on
# PostgreSQL instead (CI runs the folder once per engine). Tests that need the SQLite file itself
# (``db_path``: backups, file checks) are skipped in that run; they ran in the SQLite run.
if os.environ.get("MUTASI_TEST_ENGINE", "sqlite") == "postgresql":

    @pytest.fixture
    def db(pg_db: Database) -> Database:
        return pg_db

    @pytest.fixture
    def demo_db(pg_demo_db: Database) -> Database:
        return pg_demo_db

    @pytest.fixture
    def db_path() -> Path:
        pytest.skip("uji khusus berkas SQLite (dijalankan pada putaran SQLite)")

    @pytest.fixture
    def demo_db_path() -> Path:
        pytest.skip("uji khusus berkas SQLite (dijalankan pada putaran SQLite)")


@pytest.fixture
def second_db(tmp_path: Path, empty_template: Path) -> Iterator[Database]:
    """Another fresh SQLite database (a second office)."""
    from _exchange_offices import copy_empty_db

    database = copy_empty_db(empty_template, tmp_path / "kantor-b.db")
    yield database
    database.dispose()


@pytest.fixture
def offices(any_db: Database, second_db: Database, tmp_path: Path) -> tuple[Any, Any]:
    """Two offices that trust each other: A = a BKPSDM (on each engine), B = a UPT on SQLite."""
    from _exchange_offices import make_offices

    return make_offices(any_db, second_db, tmp_path)


@pytest.fixture
def sqlite_offices(sqlite_db: Database, second_db: Database, tmp_path: Path) -> tuple[Any, Any]:
    """The same two offices, both on SQLite (tests of the package file itself)."""
    from _exchange_offices import make_offices

    return make_offices(sqlite_db, second_db, tmp_path)


# Tests of SQLite-only features, skipped in the PostgreSQL run (they pass in the SQLite run):
# the in-app backup is for SQLite files (a server is backed up with pg_dump), FTS5 is SQLite's index.
SQLITE_ONLY = {
    "test_backup.py": "cadangan dalam aplikasi hanya untuk berkas SQLite",
    "test_demo.py::test_demo_search_index_is_filled": "indeks FTS5 khusus SQLite",
    "test_audit.py::test_cutting_off_the_newest_entries_is_caught_by_the_remembered_end":
        "melupakan penanda akhir rantai memakai jalur berkas SQLite",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("MUTASI_TEST_ENGINE", "sqlite") != "postgresql":
        return
    for item in items:
        if item.path.parent != Path(__file__).parent:
            continue
        node = f"{item.path.name}::{item.name.split('[')[0]}"
        reason = SQLITE_ONLY.get(item.path.name) or SQLITE_ONLY.get(node)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
