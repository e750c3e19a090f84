"""Shared fixtures. Every test gets a fresh database copied from a template migrated once per run.

``MUTASI_HOME`` points at a temporary folder so no test touches the user's real data; Qt runs
offscreen.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests explore at random while developing (HYPOTHESIS_PROFILE=dev); the default run
# (and CI) is derandomized so a green build stays green, and has no deadline because the 2-core
# CI machine is shared.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
_HOME = tempfile.mkdtemp(prefix="mutasi-test-home-")
os.environ["MUTASI_HOME"] = _HOME
os.environ.pop("MUTASI_DB", None)

from mutasi_desktop.db.engine import Database  # noqa: E402
from mutasi_desktop.db.migrate import open_database  # noqa: E402
from mutasi_desktop.domain.roles import SYSTEM, Actor  # noqa: E402

DEMO_PEGAWAI = 400
DEMO_SEED = 7


def _copy_db(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)  # the template is closed and checkpointed: a plain copy is safe
    return target


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    result = open_database(f"sqlite:///{path}")
    result.database.dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mutasi_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    result = open_database(f"sqlite:///{path}")
    build_demo(result.database, pegawai=DEMO_PEGAWAI, seed=DEMO_SEED)
    with result.database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    result.database.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, empty_template: Path) -> Path:
    return _copy_db(empty_template, tmp_path / "mutasi.db")


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty SQLite database."""
    database = Database(f"sqlite:///{db_path}")
    yield database
    database.dispose()


@pytest.fixture
def demo_db_path(tmp_path: Path, demo_template: Path) -> Path:
    return _copy_db(demo_template, tmp_path / "demo.db")


@pytest.fixture
def demo_db(demo_db_path: Path) -> Iterator[Database]:
    """A fresh copy of a small demo kabupaten (400 pegawai, seed 7)."""
    database = Database(f"sqlite:///{demo_db_path}")
    yield database
    database.dispose()


@pytest.fixture
def system_actor() -> Actor:
    return SYSTEM
