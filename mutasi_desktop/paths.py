"""Where Mutasi Desktop keeps its files.

Every path the application writes goes through this module. ``MUTASI_HOME`` moves everything
(database, backups, attachments, logs, settings) under one folder: used by tests and by portable
installs on a USB stick. ``MUTASI_DB`` overrides only the database location (a path or an
SQLAlchemy URL).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from mutasi_desktop import APP_ID

ENV_HOME = "MUTASI_HOME"
ENV_DB = "MUTASI_DB"


def _dirs() -> PlatformDirs:
    return PlatformDirs(appname=APP_ID, appauthor=False, roaming=False)


def data_dir() -> Path:
    """Folder for the database and everything that belongs to it."""
    home = os.environ.get(ENV_HOME)
    path = Path(home) / "data" if home else Path(_dirs().user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Folder for per-machine UI state (window geometry, recent files)."""
    home = os.environ.get(ENV_HOME)
    path = Path(home) / "config" if home else Path(_dirs().user_config_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    path = Path(home) / "logs" if home else Path(_dirs().user_log_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Folder for data the app can rebuild (kept between runs to start faster)."""
    home = os.environ.get(ENV_HOME)
    path = Path(home) / "cache" if home else Path(_dirs().user_cache_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "mutasi.db"


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database they protect, in ``backups/``."""
    path = db_path.parent / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def attachments_dir_for(db_path: Path | None) -> Path:
    """Attachments (scans of persyaratan) sit beside the database, stored by content hash."""
    base = db_path.parent if db_path is not None else data_dir()
    path = base / "lampiran"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (a path or an SQLAlchemy URL), ``MUTASI_DB`` or the default into a URL."""
    raw = str(value) if value is not None else os.environ.get(ENV_DB)
    if not raw:
        return f"sqlite:///{default_database_path()}"
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"
