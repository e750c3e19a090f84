"""Per-machine UI state (window geometry, splitter positions, visible columns) in one INI file.

The file lives in ``paths.config_dir()`` so ``MUTASI_HOME`` moves it too (tests, portable use).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter

from mutasi_desktop.paths import config_dir

FILE_NAME = "tampilan.ini"


def ui_settings() -> QSettings:
    return QSettings(str(config_dir() / FILE_NAME), QSettings.Format.IniFormat)


def save_splitter(key: str, splitter: QSplitter) -> None:
    ui_settings().setValue(f"splitter/{key}", splitter.saveState())


def restore_splitter(key: str, splitter: QSplitter) -> bool:
    value = ui_settings().value(f"splitter/{key}")
    if isinstance(value, QByteArray) and not value.isEmpty():
        return bool(splitter.restoreState(value))
    return False


def save_header(key: str, header: QHeaderView) -> None:
    ui_settings().setValue(f"header/{key}", header.saveState())


def restore_header(key: str, header: QHeaderView) -> bool:
    value = ui_settings().value(f"header/{key}")
    if isinstance(value, QByteArray) and not value.isEmpty():
        return bool(header.restoreState(value))
    return False
