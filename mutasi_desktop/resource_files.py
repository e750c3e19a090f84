"""Where the read-only files shipped with the application (``resources/``) live.

Reference tables (golongan, tingkat pendidikan, BUP) are JSON files under
``resources/reference/`` so that an administrator can correct them without a new release.
This module finds the folder and gives small checked accessors for the JSON rows, so that a
hand-edited file that is broken produces a clear Indonesian message instead of a KeyError.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ENV_RESOURCES = "MUTASI_RESOURCES"


class ResourceError(RuntimeError):
    """A shipped resource file is missing or malformed (an installation problem, not user input)."""


def resources_dir() -> Path:
    """The top-level ``resources/`` folder.

    Order: the ``MUTASI_RESOURCES`` environment variable; ``sys._MEIPASS/resources`` in a
    PyInstaller bundle; otherwise ``resources/`` at the repository root (the parent of the
    ``mutasi_desktop`` package folder).
    """
    override = os.environ.get(ENV_RESOURCES)
    if override:
        return Path(override).expanduser()
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def reference_file(name: str) -> Path:
    """Path of a reference table, e.g. ``reference_file("golongan.json")``."""
    return resources_dir() / "reference" / name


def load_reference_json(name: str) -> Any:
    """Parse ``resources/reference/<name>``; raise ResourceError when missing or not JSON."""
    path = reference_file(name)
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise ResourceError(f"Berkas referensi tidak ditemukan: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ResourceError(f"Berkas referensi {path} tidak dapat dibaca: {exc}") from exc


def json_rows(data: object, source: str, key: str | None = None) -> list[dict[str, object]]:
    """The list of objects in ``data`` (or in ``data[key]``), checked."""
    if key is not None:
        data = json_object(data, source).get(key)
        source = f"{source}: '{key}'"
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ResourceError(f"Berkas referensi {source} harus berisi daftar objek")
    return [dict(row) for row in data]


def json_object(data: object, source: str) -> dict[str, object]:
    if not isinstance(data, dict):
        raise ResourceError(f"Berkas referensi {source} harus berisi objek JSON")
    return dict(data)


def _bad(source: str, row: dict[str, object], key: str, wanted: str) -> ResourceError:
    return ResourceError(f"Berkas referensi {source}: kolom '{key}' pada baris {row!r} harus berupa {wanted}")


def json_str(row: dict[str, object], key: str, source: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(source, row, key, "teks")
    return value


def json_opt_str(row: dict[str, object], key: str, source: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(source, row, key, "teks atau null")
    return value


def json_int(row: dict[str, object], key: str, source: str) -> int:
    value = row.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad(source, row, key, "bilangan bulat")
    return value


def json_bool(row: dict[str, object], key: str, source: str, default: bool = False) -> bool:
    value = row.get(key, default)
    if not isinstance(value, bool):
        raise _bad(source, row, key, "true/false")
    return value


def json_str_list(row: dict[str, object], key: str, source: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _bad(source, row, key, "daftar teks")
    return tuple(str(item) for item in value)
